/* clock_nanosleep() returns its error; it never fails with EINTR here. */
#include <errno.h>

#include "clock_impl.h"

int clock_nanosleep(clockid_t clock_id, int flags, const struct timespec *req,
		    struct timespec *rem)
{
	(void)rem;
	uint64_t now;
	if (!osv_time_valid(req) || osv_time_now(clock_id, &now))
		return EINVAL;
	if (clock_id == CLOCK_THREAD_CPUTIME_ID)
		return EINVAL;
	uint64_t ns = osv_time_to_ns(req), deadline = ns;
	if (!(flags & TIMER_ABSTIME))
		deadline = ns > UINT64_MAX - now ? UINT64_MAX : now + ns;
	return osv_time_sleep_until(clock_id, deadline);
}
