#include "time_impl.h"

/*
 * Months carry into years first; days, hours, minutes and seconds then
 * simply add up (each field is an int, so no step can overflow until
 * the final sum, which is checked).
 */
bool osv_tm_to_seconds(const struct tm *tm, long long *t)
{
	long long months = (long long)tm->tm_year * 12 + tm->tm_mon;
	long long year = floor_div(months, 12) + 1900;
	int month = (int)(months - floor_div(months, 12) * 12) + 1;
	long long days = osv_days_from_civil(year, month, 1) + tm->tm_mday - 1;
	long long secs = (long long)tm->tm_hour * 3600 +
			 (long long)tm->tm_min * 60 + tm->tm_sec;
	long long d;
	return !__builtin_mul_overflow(days, SECS_PER_DAY, &d) &&
	       !__builtin_add_overflow(d, secs, t);
}
