#include <limits.h>

#include "time_impl.h"

bool osv_fill_tm(long long t, long offset, struct tm *tm)
{
	long long local;
	if (__builtin_add_overflow(t, offset, &local))
		return false;
	long long days = floor_div(local, SECS_PER_DAY);
	long secs = (long)(local - days * SECS_PER_DAY);
	long long year;
	int month, day;
	osv_civil_from_days(days, &year, &month, &day);
	if (year - 1900 > INT_MAX || year - 1900 < INT_MIN)
		return false;
	tm->tm_year = (int)(year - 1900);
	tm->tm_mon = month - 1;
	tm->tm_mday = day;
	tm->tm_hour = (int)(secs / 3600);
	tm->tm_min = (int)(secs / 60 % 60);
	tm->tm_sec = (int)(secs % 60);
	tm->tm_wday = (int)(((days + 4) % 7 + 7) % 7); /* 1970-01-01: Thu */
	tm->tm_yday = (int)(days - osv_days_from_civil(year, 1, 1));
	tm->tm_gmtoff = offset;
	return true;
}
