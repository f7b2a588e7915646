/*
 * Whether a POSIX TZ rule has daylight-saving time in effect at an
 * instant, computed the way glibc computes it (its results are the
 * reference, and they have two artefacts worth keeping for agreement):
 * the transitions are those of the UTC year, placed from January 1st of
 * that year counted in 32-bit days, except that years before 1970 use
 * January 1st 1970.  So before 1970 a northern rule is never in effect
 * and a southern one always is, and after the year 5881580 the count
 * wraps, with the same outcome.
 */
#include <stdint.h>

#include "time_impl.h"

/* Day of the year (0-based) on which rule r falls in year y. */
static int rule_day(const struct tz_rule *r, long long y)
{
	static const int month_days[12] = {31, 28, 31, 30, 31, 30,
					   31, 31, 30, 31, 30, 31};
	if (r->kind == 'J')
		return r->day - 1 + (is_leap(y) && r->day >= 60);
	if (r->kind == 'D')
		return r->day;
	int month = r->month < 1 ? 1 : r->month > 12 ? 12 : r->month;
	long long first = osv_days_from_civil(y, month, 1);
	int first_wday = (int)(((first + 4) % 7 + 7) % 7);
	int day = (r->day - first_wday + 7) % 7 + (r->week - 1) * 7;
	int len = month_days[month - 1] + (month == 2 && is_leap(y));
	while (day >= len)
		day -= 7;
	return (int)(first - osv_days_from_civil(y, 1, 1)) + day;
}

/* January 1st of year y, in days since 1970, as glibc counts it. */
static long long year_start(int y)
{
	if (y <= 1970)
		return 0;
	long long days =
	    (long long)(y - 1970) * 365 + ((y - 1) / 4 - 1970 / 4) -
	    ((y - 1) / 100 - 1970 / 100) + ((y - 1) / 400 - 1970 / 400);
	return (int32_t)(uint32_t)days;
}

static long long transition(const struct tz_rule *r, int y, long west)
{
	return (year_start(y) + rule_day(r, y)) * SECS_PER_DAY + r->time + west;
}

bool osv_tz_is_dst(const struct tz_state *z, long long t)
{
	if (!z->has_dst)
		return false;
	long long year;
	int m, d;
	osv_civil_from_days(floor_div(t, SECS_PER_DAY), &year, &m, &d);
	int y = (int)(uint32_t)(unsigned long long)year; /* int, as glibc */
	long long start = transition(&z->start, y, z->std_offset);
	long long end = transition(&z->end, y, z->dst_offset);
	if (start < end)
		return t >= start && t < end;
	return t < end || t >= start;
}
