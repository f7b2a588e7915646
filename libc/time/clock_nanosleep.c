/*
 * clock_nanosleep() returns its error: EINTR when a signal's handler
 * ran, with the time left in *rem for a relative sleep.  A relative
 * sleep is on the monotonic clock whatever the clock named: POSIX has
 * setting CLOCK_REALTIME leave relative sleeps alone.
 */
#include <errno.h>

#include "clock_impl.h"

int clock_nanosleep(clockid_t clock_id, int flags, const struct timespec *req,
		    struct timespec *rem)
{
	uint64_t now;
	if (!osv_time_valid(req) || osv_time_now(clock_id, &now))
		return EINVAL;
	if (clock_id == CLOCK_THREAD_CPUTIME_ID)
		return EINVAL;
	uint64_t ns = osv_time_to_ns(req);
	if (flags & TIMER_ABSTIME)
		return osv_time_sleep_until(clock_id, ns);
	if (clock_id == CLOCK_PROCESS_CPUTIME_ID)
		return ENOTSUP;
	osv_time_now(CLOCK_MONOTONIC, &now);
	uint64_t deadline = ns > UINT64_MAX - now ? UINT64_MAX : now + ns;
	int err = osv_time_sleep_until(CLOCK_MONOTONIC, deadline);
	if (err == EINTR && rem) {
		osv_time_now(CLOCK_MONOTONIC, &now);
		*rem = osv_time_from_ns(deadline > now ? deadline - now : 0);
	}
	return err;
}
