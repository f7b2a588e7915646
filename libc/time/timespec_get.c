/* C11 timespec_get and C23 timespec_getres: TIME_UTC only. */
#include "clock_impl.h"

int timespec_get(struct timespec *ts, int base)
{
	uint64_t ns;
	if (base != TIME_UTC || osv_time_now(CLOCK_REALTIME, &ns))
		return 0;
	*ts = osv_time_from_ns(ns);
	return base;
}

int timespec_getres(struct timespec *ts, int base)
{
	if (base != TIME_UTC)
		return 0;
	if (ts)
		*ts = osv_time_from_ns(1);
	return base;
}
