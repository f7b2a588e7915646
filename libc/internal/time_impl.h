/*
 * Calendar arithmetic and the time zone (libc/time).  Dates are
 * proleptic Gregorian; days count from 1970-01-01.  The zone is a POSIX
 * TZ string: a standard name and offset, optionally a daylight-saving
 * name, offset and rule ("XST3XDT,M3.2.0,M11.1.0"), or a TZif file
 * (RFC 8536) that TZ names (":Europe/Paris", "Europe/Paris" under TZDIR
 * or /usr/share/zoneinfo, an absolute path), /etc/localtime when TZ is
 * unset; no file and no rule means UTC.
 */
#ifndef OSV_LIBC_INTERNAL_TIME_IMPL_H
#define OSV_LIBC_INTERNAL_TIME_IMPL_H

#include <stdbool.h>
#include <time.h>

#include "libc.h"

#define SECS_PER_DAY 86400L

/* Days from 1970-01-01 to year-month-day (month 1..12, any year). */
long long osv_days_from_civil(long long year, int month, int day) LIBC_HIDDEN;

/* The date of a day number. */
void osv_civil_from_days(long long days, long long *year, int *month,
			 int *day) LIBC_HIDDEN;

static inline long long floor_div(long long a, long long b)
{
	return a / b - (a % b != 0 && (a < 0) != (b < 0));
}

static inline bool is_leap(long long y)
{
	return y % 4 == 0 && (y % 100 != 0 || y % 400 == 0);
}

/*
 * Fills tm from seconds since the epoch plus an offset east of UTC.
 * Returns false (and leaves tm alone) if the year does not fit tm_year.
 */
bool osv_fill_tm(long long t, long offset, struct tm *tm) LIBC_HIDDEN;

/*
 * Seconds since the epoch of the broken-down fields, taken as UTC, with
 * any field out of its range; false if the result does not fit time_t.
 */
bool osv_tm_to_seconds(const struct tm *tm, long long *t) LIBC_HIDDEN;

/* A transition rule of a TZ string. */
struct tz_rule {
	char kind; /* 'J' (1..365, no leap day), 'D' (0..365), 'M' */
	int day, week, month;
	long time; /* seconds after local midnight */
};

struct tz_state {
	char std_name[16], dst_name[16];
	long std_offset, dst_offset; /* seconds west of UTC, as POSIX */
	bool has_dst;
	struct tz_rule start, end;
};

/* TZ's rule, or the footer of the file TZ names (see tzfile.c). */
extern struct tz_state osv_tz LIBC_HIDDEN;

/* Reads TZ again if it changed since the last time (tzset's work). */
void osv_tz_update(void) LIBC_HIDDEN;

/*
 * Held around an update and the readings that follow it: an update may
 * free the zone file a reading walks (tzfile.c), so two threads' first
 * localtime, or a TZ change beside a reading, must not overlap (glibc
 * holds its tzset lock so too).  Not recursive.
 */
void osv_tz_lock(void) LIBC_HIDDEN;
void osv_tz_unlock(void) LIBC_HIDDEN;

/* Parses a POSIX TZ string into z (UTC and the names read if it fails). */
void osv_tz_parse(const char *tz, struct tz_state *z) LIBC_HIDDEN;

/* Whether z has daylight-saving time in effect at t (UTC seconds). */
bool osv_tz_is_dst(const struct tz_state *z, long long t) LIBC_HIDDEN;

/* What the zone says at an instant. */
struct tz_reading {
	long east;    /* seconds east of UTC (tm_gmtoff) */
	long leap;    /* leap seconds elapsed, taken off the fields */
	int leap_hit; /* inserted leap seconds ending at t: tm_sec reads 60 */
	bool isdst;
	const char *name;
};

/* The zone in effect (the file or the TZ rule) at t. */
void osv_tz_read(long long t, struct tz_reading *r) LIBC_HIDDEN;

/* What the rule in osv_tz (TZ's, or a file's footer) says at t. */
void osv_tz_rule_read(long long t, struct tz_reading *r) LIBC_HIDDEN;

/* Makes the TZif file at path the zone; false if unreadable or bad. */
bool osv_tzfile_load(const char *path) LIBC_HIDDEN;
bool osv_tzfile_loaded(void) LIBC_HIDDEN;
void osv_tzfile_read(long long t, struct tz_reading *r) LIBC_HIDDEN;

/*
 * tzname as glibc's localtime leaves it for t in a file's zone: the name
 * of the period t is in for its kind (standard or daylight), the other
 * kind's that of the next period of that kind (before the first
 * transition: the first standard and daylight types'), the one name for
 * both when there is none.  false when the footer's rule applies at t
 * (its names then).
 */
bool osv_tzfile_names_at(long long t, const char *names[2]) LIBC_HIDDEN;

/*
 * tzname, timezone and daylight as glibc's localtime (also localtime_r
 * and mktime) leaves them for t: a file's names and, past its last
 * transition, the footer's rule's variables.  Caller holds tz_lock.
 */
void osv_tz_note_reading(long long t) LIBC_HIDDEN;

/* tzname and the standard and daylight offsets glibc takes from a file. */
void osv_tzfile_summary(const char *names[2], long *std_east,
			long *dst_east) LIBC_HIDDEN;

/*
 * localtime_r without the time-zone update, tzname noted as glibc's
 * localtime_r does; NULL on EOVERFLOW.
 */
struct tm *osv_localtime_at(long long t, struct tm *tm) LIBC_HIDDEN;

/* asctime's line into size bytes; NULL (EOVERFLOW) if it does not fit. */
char *osv_asctime_fmt(const struct tm *tm, char *buf,
		      unsigned long size) LIBC_HIDDEN;

/* The names of the days and months of the C locale (libc/locale). */
extern const char *const osv_c_days[7] LIBC_HIDDEN;
extern const char *const osv_c_abdays[7] LIBC_HIDDEN;
extern const char *const osv_c_months[12] LIBC_HIDDEN;
extern const char *const osv_c_abmonths[12] LIBC_HIDDEN;

#endif
