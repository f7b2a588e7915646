#include <errno.h>
#include <time.h>

#include "time_impl.h"

/* Reads TZ only the first time, as glibc's localtime_r (not localtime). */
static bool tz_ready;

struct tm *osv_localtime_at(long long t, struct tm *tm)
{
	struct tz_reading r;
	osv_tz_read(t, &r);
	osv_tz_note_reading(t);
	if (!osv_fill_tm(t, r.east - r.leap, tm)) {
		errno = EOVERFLOW;
		return NULL;
	}
	/* An inserted leap second reads :60, the second before the next. */
	tm->tm_sec += r.leap_hit;
	tm->tm_gmtoff = r.east;
	tm->tm_isdst = r.isdst;
	tm->tm_zone = r.name;
	return tm;
}

struct tm *localtime_r(const time_t *restrict t, struct tm *restrict tm)
{
	osv_tz_lock();
	if (!tz_ready) {
		osv_tz_update();
		tz_ready = true;
	}
	struct tm *r = osv_localtime_at(*t, tm);
	osv_tz_unlock();
	return r;
}
