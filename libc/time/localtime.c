#include <time.h>

#include "time_impl.h"

struct tm *localtime(const time_t *t)
{
	static struct tm tm;
	osv_tz_lock();
	osv_tz_update();
	struct tm *r = osv_localtime_at(*t, &tm);
	osv_tz_unlock();
	return r;
}
