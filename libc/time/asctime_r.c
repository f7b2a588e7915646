#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <time.h>

#include "time_impl.h"

/*
 * The line C prescribes: "Sun Sep 16 01:03:52 1973\n", into size bytes
 * (26 for asctime_r, more for asctime, as in glibc).  A year or field
 * that makes the line longer is EOVERFLOW, with the line cut to fit
 * written anyway, as glibc does.
 */
char *osv_asctime_fmt(const struct tm *tm, char *buf, unsigned long size)
{
	const char *wday = tm->tm_wday >= 0 && tm->tm_wday < 7
			       ? osv_c_abdays[tm->tm_wday]
			       : "???";
	const char *mon = tm->tm_mon >= 0 && tm->tm_mon < 12
			      ? osv_c_abmonths[tm->tm_mon]
			      : "???";
	if (tm->tm_year > INT_MAX - 1900) { /* nothing written, as glibc */
		errno = EOVERFLOW;
		return NULL;
	}
	int n = snprintf(buf, size, "%.3s %.3s%3d %.2d:%.2d:%.2d %lld\n", wday,
			 mon, tm->tm_mday, tm->tm_hour, tm->tm_min, tm->tm_sec,
			 1900LL + tm->tm_year);
	if (n >= (int)size) {
		errno = EOVERFLOW;
		return NULL;
	}
	return buf;
}

char *asctime_r(const struct tm *restrict tm, char *restrict buf)
{
	return osv_asctime_fmt(tm, buf, 26);
}
