/*
 * For the time tests against glibc (test_time, test_tzfile): the
 * libc's time.h by its host-test names (osv_<name>, libc_rename.h), and
 * struct tm compared and shown field by field, tm_gmtoff and tm_zone
 * included.
 */
#ifndef TESTS_HOST_TM_DIFF_H
#define TESTS_HOST_TM_DIFF_H

#include <stdio.h>
#include <string.h>
#include <time.h>

struct tm *osv_gmtime(const time_t *t);
struct tm *osv_gmtime_r(const time_t *restrict t, struct tm *restrict tm);
struct tm *osv_localtime(const time_t *t);
struct tm *osv_localtime_r(const time_t *restrict t, struct tm *restrict tm);
time_t osv_mktime(struct tm *tm);
time_t osv_timelocal(struct tm *tm);
time_t osv_timegm(struct tm *tm);
char *osv_asctime(const struct tm *tm);
char *osv_asctime_r(const struct tm *restrict tm, char *restrict buf);
char *osv_ctime(const time_t *t);
char *osv_ctime_r(const time_t *restrict t, char *restrict buf);
double osv_difftime(time_t t1, time_t t0);
size_t osv_strftime(char *restrict s, size_t max, const char *restrict fmt,
		    const struct tm *restrict tm);
void osv_tzset(void);
extern char *osv_tzname[2], *osv___tzname[2];
extern long osv_timezone, osv___timezone;
extern int osv_daylight, osv___daylight;
int osv_setenv(const char *name, const char *value, int overwrite);
int osv_unsetenv(const char *name);

/* Four at a time, for one message that shows several. */
static const char *tm_str(const struct tm *tm)
{
	static char buf[4][200];
	static int which;
	char *b = buf[which++ & 3];
	snprintf(b, sizeof(buf[0]),
		 "%d-%d-%d %d:%d:%d wday %d yday %d isdst %d off %ld %s",
		 tm->tm_year, tm->tm_mon, tm->tm_mday, tm->tm_hour, tm->tm_min,
		 tm->tm_sec, tm->tm_wday, tm->tm_yday, tm->tm_isdst,
		 tm->tm_gmtoff, tm->tm_zone ? tm->tm_zone : "(null)");
	return b;
}

static int same_tm(const struct tm *a, const struct tm *b)
{
	return a->tm_sec == b->tm_sec && a->tm_min == b->tm_min &&
	       a->tm_hour == b->tm_hour && a->tm_mday == b->tm_mday &&
	       a->tm_mon == b->tm_mon && a->tm_year == b->tm_year &&
	       a->tm_wday == b->tm_wday && a->tm_yday == b->tm_yday &&
	       a->tm_isdst == b->tm_isdst && a->tm_gmtoff == b->tm_gmtoff &&
	       (a->tm_zone && b->tm_zone ? !strcmp(a->tm_zone, b->tm_zone)
					 : a->tm_zone == b->tm_zone);
}

#endif
