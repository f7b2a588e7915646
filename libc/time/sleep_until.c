/*
 * Sleeping until a clock reads a deadline.  The monotonic clocks map
 * onto the kernel's sleep directly.  The wall clock is the monotonic one
 * plus an offset that clock_settime() may change, so a sleep on it is
 * converted at the start and checked again on waking.  A wake-up by
 * pthread_cancel() is a cancellation point; with nothing to act on, the
 * sleep goes on (there are no signals to report EINTR for).
 */
#include <errno.h>

#include "clock.h"
#include "thread.h"
#include "clock_impl.h"

static bool sleeps_on_monotonic(clockid_t id)
{
	return id == CLOCK_MONOTONIC || id == CLOCK_MONOTONIC_RAW ||
	       id == CLOCK_MONOTONIC_COARSE || id == CLOCK_BOOTTIME ||
	       id == CLOCK_BOOTTIME_ALARM;
}

static bool sleeps_on_wall(clockid_t id)
{
	return id == CLOCK_REALTIME || id == CLOCK_REALTIME_COARSE ||
	       id == CLOCK_REALTIME_ALARM || id == CLOCK_TAI;
}

uint64_t osv_time_monotonic_deadline(clockid_t id, uint64_t deadline)
{
	if (sleeps_on_monotonic(id))
		return deadline;
	uint64_t now;
	osv_time_now(id, &now);
	uint64_t mono = clock_monotonic();
	if (deadline <= now)
		return mono;
	return deadline - now > UINT64_MAX - mono ? THREAD_NO_DEADLINE
						  : mono + (deadline - now);
}

int osv_time_sleep_until(clockid_t id, uint64_t deadline)
{
	if (!sleeps_on_monotonic(id) && !sleeps_on_wall(id))
		return id == CLOCK_PROCESS_CPUTIME_ID ? ENOTSUP : EINVAL;
	osv_testcancel();
	for (;;) {
		uint64_t now;
		osv_time_now(id, &now);
		if (now >= deadline)
			return 0;
		uint64_t until = sleeps_on_wall(id)
				     ? osv_time_monotonic_deadline(id, deadline)
				     : deadline;
		if (thread_sleep_until(until, true) == -EINTR)
			osv_testcancel();
	}
}
