/*
 * time.h against glibc: gmtime_r, timegm, localtime_r, mktime, tzset's
 * variables, asctime and ctime, difftime and strftime, with TZ set to
 * UTC, fixed offsets and POSIX daylight-saving rules (strings glibc
 * cannot find as zone files, so it parses them as POSIX does).  Random
 * times over the whole range of the fields, random strftime formats with
 * every flag, width and modifier.  Output is TAP.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <time.h>

#include "difftest.h"
#include "tm_diff.h"

static time_t random_time(void)
{
	switch (dt_below(5)) {
	case 0:
		return (time_t)dt_rand(); /* anything: EOVERFLOW too */
	case 1:
		return (time_t)(dt_rand() % 67768036191676800LL) *
		       (dt_below(2) ? 1 : -1);
	case 2:
		return (time_t)(dt_rand() % 20000000000LL) - 10000000000LL;
	default:
		return (time_t)(dt_rand() % 4000000000LL) - 1000000000LL;
	}
}

static void test_gmtime(void)
{
	struct tm a, b;
	for (int t = 0; t < 300000; t++) {
		time_t v = random_time();
		memset(&a, 0x5a, sizeof(a));
		memset(&b, 0x5a, sizeof(b));
		errno = 0;
		struct tm *r1 = osv_gmtime_r(&v, &a);
		int e1 = errno;
		errno = 0;
		struct tm *r2 = gmtime_r(&v, &b);
		CHECK(!r1 == !r2 && e1 == errno && (!r1 || same_tm(&a, &b)),
		      "gmtime_r(%ld): %s, glibc %s", v,
		      r1 ? tm_str(&a) : "NULL", r2 ? tm_str(&b) : "NULL");
	}
	time_t edges[] = {0,
			  -1,
			  67768036191676799LL,
			  67768036191676800LL,
			  -67768040609740800LL,
			  -67768040609740801LL,
			  LONG_MAX,
			  LONG_MIN};
	for (int i = 0; i < 8; i++) {
		errno = 0;
		struct tm *r1 = osv_gmtime_r(&edges[i], &a);
		int e1 = errno;
		errno = 0;
		struct tm *r2 = gmtime_r(&edges[i], &b);
		CHECK(!r1 == !r2 && e1 == errno && (!r1 || same_tm(&a, &b)),
		      "gmtime_r(%ld)", edges[i]);
	}
	CHECK(same_tm(osv_gmtime(&edges[0]), gmtime(&edges[0])), "gmtime");
	dt_group_end("gmtime_r, gmtime: every field, the year range limits");
}

/* Broken-down times with fields in and out of their ranges. */
static void random_tm(struct tm *tm)
{
	int wild = dt_below(4) == 0;
	memset(tm, 0, sizeof(*tm));
	tm->tm_year = wild ? (int)dt_rand() % 4000000 - 2000000
			   : (int)dt_below(400) - 100;
	tm->tm_mon = wild ? (int)dt_below(200) - 100 : (int)dt_below(12);
	tm->tm_mday = wild ? (int)dt_below(2000) - 1000 : 1 + (int)dt_below(31);
	tm->tm_hour = wild ? (int)dt_below(200) - 100 : (int)dt_below(24);
	tm->tm_min = wild ? (int)dt_below(2000) - 1000 : (int)dt_below(60);
	tm->tm_sec = wild ? (int)dt_rand() % 10000000 : (int)dt_below(61);
	/*
	 * The extremes of tm_year only with fields in range: there glibc's
	 * search for the time gives up (EOVERFLOW, or tm not normalized)
	 * for some results that fit, which ours returns.
	 */
	if (dt_below(50) == 0 && !wild)
		tm->tm_year = dt_below(2) ? INT_MAX - (int)dt_below(3)
					  : INT_MIN + (int)dt_below(3);
	tm->tm_wday = (int)dt_below(7);
	tm->tm_yday = (int)dt_below(366);
	tm->tm_isdst = (int)dt_below(3) - 1;
	/* ... nor with tm_isdst > 0 in a zone without daylight saving. */
	if (tm->tm_year > INT_MAX - 10 || tm->tm_year < INT_MIN + 10)
		tm->tm_isdst = -1;
}

static void test_timegm(void)
{
	struct tm a, b;
	for (int t = 0; t < 200000; t++) {
		random_tm(&a);
		b = a;
		errno = 0;
		time_t r1 = osv_timegm(&a);
		int e1 = errno;
		errno = 0;
		time_t r2 = timegm(&b);
		CHECK(r1 == r2 && e1 == errno && same_tm(&a, &b),
		      "timegm: %ld errno %d %s, glibc %ld errno %d %s", r1, e1,
		      tm_str(&a), r2, errno, tm_str(&b));
	}
	dt_group_end("timegm: normalization, overflow");
}

/* TZ for both libraries. */
static void set_tz(const char *tz)
{
	if (tz) {
		setenv("TZ", tz, 1);
		osv_setenv("TZ", tz, 1);
	}
	tzset();
	osv_tzset();
}

static const char *const zones[] = {
    "",
    "UTC+3",
    "<+0530>-5:30",
    "XST-3:30",
    "XST+12:45:30",
    "XST3XDT,M3.2.0,M11.1.0",
    "XST3XDT4,J60/2,300/-1",
    "XST-10XDT,M10.1.0,M4.1.0/3",
    "XST+5XDT,M3.5.0/-2,M10.5.0/26",
    "<-03>3<-02>,M3.5.0/-2,M10.5.0/-1",
    "XST8XDT,J1/0,J365/25",
    "XST8XDT7:30,60/2:30,250",
};
#define NZONES (sizeof(zones) / sizeof(zones[0]))

static void test_zones(void)
{
	struct tm a, b;
	for (size_t z = 0; z < NZONES; z++) {
		set_tz(zones[z]);
		CHECK(
		    !strcmp(osv_tzname[0], tzname[0]) &&
			!strcmp(osv_tzname[1], tzname[1]) &&
			osv_timezone == timezone && osv_daylight == daylight &&
			osv___tzname[0] == osv_tzname[0] &&
			osv___timezone == osv_timezone &&
			osv___daylight == osv_daylight,
		    "TZ=%s: tzname %s %s timezone %ld daylight %d, glibc %s %s "
		    "%ld %d",
		    zones[z], osv_tzname[0], osv_tzname[1], osv_timezone,
		    osv_daylight, tzname[0], tzname[1], timezone, daylight);
		for (int t = 0; t < 30000; t++) {
			time_t v = t % 2 ? random_time()
					 : (time_t)(dt_rand() % 2000000000) +
					       (time_t)dt_below(3) * 1000000000;
			errno = 0;
			struct tm *r1 = osv_localtime_r(&v, &a);
			int e1 = errno;
			errno = 0;
			struct tm *r2 = localtime_r(&v, &b);
			CHECK(!r1 == !r2 && e1 == errno &&
				  (!r1 || same_tm(&a, &b)),
			      "TZ=%s localtime_r(%ld): %s, glibc %s", zones[z],
			      v, r1 ? tm_str(&a) : "NULL",
			      r2 ? tm_str(&b) : "NULL");
			if (!r1 || !r2)
				continue;
			/* mktime goes back, and normalizes what it is given. */
			struct tm c = a, d = b;
			if (t % 3 == 0) {
				random_tm(&c);
				if (dt_below(4))
					c.tm_year = (int)dt_below(150) + 30;
				d = c;
			} else if (t % 3 == 1) {
				c.tm_isdst = d.tm_isdst = -1;
			}
			struct tm c0 = c;
			errno = 0;
			time_t m1 = osv_mktime(&c);
			int me1 = errno;
			errno = 0;
			time_t m2 = mktime(&d);
			CHECK(m1 == m2 && me1 == errno && same_tm(&c, &d),
			      "TZ=%s mktime(%s): %ld %s, glibc %ld %s",
			      zones[z], tm_str(&c0), m1, tm_str(&c), m2,
			      tm_str(&d));
		}
		time_t v = 1700000000;
		CHECK(same_tm(osv_localtime(&v), localtime(&v)), "localtime");
		struct tm e = *localtime(&v), f = e;
		CHECK(osv_timelocal(&e) == timelocal(&f), "timelocal");
	}
	set_tz("UTC+3");
	dt_group_end("tzset's variables, localtime_r, localtime, mktime, "
		     "timelocal under fixed offsets and POSIX rules");
}

/* Local times around the changes of daylight saving: gaps and overlaps. */
static void test_transitions(void)
{
	struct tm a, b;
	for (size_t z = 5; z < NZONES; z++) {
		set_tz(zones[z]);
		for (int y = 1960; y < 2110; y += 7) {
			for (time_t v = (time_t)(y - 1970) * 31556952;
			     v < (time_t)(y - 1969) * 31556952; v += 3600 * 6) {
				time_t w = v;
				localtime_r(&w, &a);
				w += 3600 * 6;
				localtime_r(&w, &b);
				if (a.tm_isdst == b.tm_isdst)
					continue;
				/* A change in these six hours: walk it. */
				for (int m = 0; m < 6 * 60; m += 15) {
					struct tm c = a, d;
					c.tm_min += m;
					c.tm_isdst = (int)dt_below(3) - 1;
					d = c;
					time_t m1 = osv_mktime(&c),
					       m2 = mktime(&d);
					CHECK(m1 == m2 && same_tm(&c, &d),
					      "TZ=%s mktime near a change: %ld "
					      "%s, "
					      "glibc %ld %s",
					      zones[z], m1, tm_str(&c), m2,
					      tm_str(&d));
				}
			}
		}
	}
	set_tz("UTC+3");
	dt_group_end("mktime around daylight-saving changes: the hour that "
		     "repeats, the hour that is skipped");
}

static void test_asctime(void)
{
	char b1[64], b2[64];
	struct tm tm;
	for (int t = 0; t < 50000; t++) {
		random_tm(&tm);
		tm.tm_wday = (int)dt_below(10) - 1;
		if (dt_below(3))
			tm.tm_year = (int)dt_below(9000) - 2000;
		memset(b1, '#', sizeof(b1));
		memset(b2, '#', sizeof(b2));
		errno = 0;
		char *r1 = osv_asctime_r(&tm, b1);
		int e1 = errno;
		errno = 0;
		char *r2 = asctime_r(&tm, b2);
		CHECK(!r1 == !r2 && e1 == errno && !memcmp(b1, b2, sizeof(b1)),
		      "asctime_r(%s): %s, glibc %s", tm_str(&tm),
		      r1 ? dt_str(r1) : "NULL", r2 ? dt_str(r2) : "NULL");
	}
	set_tz("XST3XDT,M3.2.0,M11.1.0");
	for (int t = 0; t < 20000; t++) {
		time_t v = random_time();
		char *r1 = osv_ctime_r(&v, b1), *r2 = ctime_r(&v, b2);
		CHECK(r1 ? r2 && !strcmp(r1, r2) : !r2, "ctime_r(%ld)", v);
		r1 = osv_ctime(&v);
		r2 = ctime(&v);
		CHECK(r1 ? r2 && !strcmp(r1, r2) : !r2, "ctime(%ld)", v);
	}
	tm.tm_year = 100;
	CHECK(!strcmp(osv_asctime(&tm), asctime(&tm)), "asctime");
	dt_group_end("asctime_r, asctime, ctime_r, ctime");

	for (int t = 0; t < 100000; t++) {
		time_t a = random_time(),
		       b = t % 3 ? random_time() : a + (time_t)dt_below(100);
		double d1 = osv_difftime(a, b), d2 = difftime(a, b);
		CHECK(!memcmp(&d1, &d2, sizeof(d1)),
		      "difftime(%ld, %ld): %.17g, glibc %.17g", a, b, d1, d2);
	}
	dt_group_end("difftime: rounded once, the whole range");
}

static const char *const convs =
    "aAbBcCdDeFgGhHIjklmMnprRsStTuUVwWxXyYzZ%P+QEO";

static void random_format(char *f)
{
	char *p = f;
	int n = 1 + (int)dt_below(4);
	for (int i = 0; i < n; i++) {
		if (dt_below(3) == 0)
			*p++ = "x :-"[dt_below(4)];
		*p++ = '%';
		int flags = dt_below(3) == 0 ? 1 + (int)dt_below(2) : 0;
		for (int k = 0; k < flags; k++)
			*p++ = "_-0^#"[dt_below(5)];
		if (dt_below(4) == 0)
			p += sprintf(p, "%d", (int)dt_below(25));
		if (dt_below(6) == 0)
			*p++ = "EO"[dt_below(2)];
		*p++ = convs[dt_below((unsigned)strlen(convs))];
	}
	if (dt_below(20) == 0)
		*p++ = '%'; /* a lone % at the end */
	*p = '\0';
}

static void test_strftime(void)
{
	char fmt[64], b1[512], b2[512];
	struct tm tm;
	set_tz("XST3XDT,M3.2.0,M11.1.0");
	for (int t = 0; t < 300000; t++) {
		random_format(fmt);
		if (t % 2) {
			time_t v = random_time();
			if (!localtime_r(&v, &tm))
				continue;
		} else {
			random_tm(&tm);
			if (dt_below(2))
				tm.tm_year = (int)dt_below(3000) - 2000;
			tm.tm_gmtoff = (long)dt_below(200000) - 100000;
			tm.tm_zone = dt_below(4) ? "QQT" : NULL;
			tm.tm_wday = (int)dt_below(9) - 1;
			tm.tm_yday = (int)dt_below(370) - 2;
		}
		size_t max = dt_below(8) ? sizeof(b1) : dt_below(20);
		memset(b1, '#', sizeof(b1));
		memset(b2, '#', sizeof(b2));
		size_t r1 = osv_strftime(b1, max, fmt, &tm);
		size_t r2 = strftime(b2, max, fmt, &tm);
		CHECK(r1 == r2 && (!r1 || !memcmp(b1, b2, r1 + 1)),
		      "strftime(\"%s\", %s, max %zu): %zu \"%s\", glibc %zu "
		      "\"%s\"",
		      fmt, tm_str(&tm), max, r1, r1 ? dt_str(b1) : "", r2,
		      r2 ? dt_str(b2) : "");
	}
	dt_group_end("strftime: random formats, flags, widths, modifiers, "
		     "fields in and out of range");
}

int main(void)
{
	set_tz("UTC+3");
	test_gmtime();
	test_timegm();
	test_zones();
	test_transitions();
	test_asctime();
	test_strftime();
	return dt_done();
}
