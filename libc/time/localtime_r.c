#include <errno.h>
#include <time.h>

#include "time_impl.h"

/* Reads TZ only the first time, as glibc's localtime_r (not localtime). */
static bool tz_ready;

struct tm *osv_localtime_at(long long t, struct tm *tm)
{
	bool dst = osv_tz_is_dst(t);
	long west = dst ? osv_tz.dst_offset : osv_tz.std_offset;
	if (!osv_fill_tm(t, -west, tm)) {
		errno = EOVERFLOW;
		return NULL;
	}
	tm->tm_isdst = dst;
	tm->tm_zone = dst ? osv_tz.dst_name : osv_tz.std_name;
	return tm;
}

struct tm *localtime_r(const time_t *restrict t, struct tm *restrict tm)
{
	if (!tz_ready) {
		osv_tz_update();
		tz_ready = true;
	}
	return osv_localtime_at(*t, tm);
}
