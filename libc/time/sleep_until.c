/*
 * Sleeping until a clock reads a deadline.  The monotonic clocks map
 * onto the kernel's sleep directly, the wall clocks onto its sleep on a
 * wall-clock deadline, which clock_settime() moves (timer.h).  A wake-up by
 * pthread_cancel() is a cancellation point; one for a signal runs its
 * handler and ends the sleep with EINTR, whatever SA_RESTART says, as
 * on Linux; with nothing to act on, the sleep goes on.
 */
#include <errno.h>

#include "../signal/signal_impl.h"
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

uint64_t osv_time_deadline(clockid_t id, uint64_t deadline)
{
	if (deadline > TIMER_NS_MAX)
		return THREAD_NO_DEADLINE;
	if (sleeps_on_monotonic(id))
		return deadline;
	clock_realtime(); /* the wall clock's first use, unlocked */
	uint64_t ahead =
	    id == CLOCK_TAI ? TAI_OFFSET * (uint64_t)NS_PER_SEC : 0;
	return timer_realtime_deadline(deadline > ahead ? deadline - ahead : 0);
}

int osv_time_sleep_until(clockid_t id, uint64_t deadline)
{
	if (!sleeps_on_monotonic(id) && !sleeps_on_wall(id))
		return id == CLOCK_PROCESS_CPUTIME_ID ? ENOTSUP : EINVAL;
	osv_testcancel();
	uint64_t until = osv_time_deadline(id, deadline);
	while (thread_sleep_until(until, true) == -EINTR) {
		osv_testcancel();
		if (osv_signal_interrupted() != OSV_SIGNAL_NONE)
			return EINTR;
	}
	return 0;
}

bool osv_time_relative_deadline(const struct timespec *timeout,
				uint64_t *deadline)
{
	*deadline = THREAD_NO_DEADLINE;
	if (!timeout)
		return true;
	if (!osv_time_valid(timeout))
		return false;
	uint64_t ns = osv_time_to_ns(timeout), now = clock_monotonic();
	if (ns <= TIMER_NS_MAX - now)
		*deadline = now + ns;
	return true;
}
