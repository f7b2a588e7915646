/*
 * The clocks by id.  There is no suspend, so BOOTTIME is MONOTONIC; the
 * monotonic clock is never slewed, so MONOTONIC_RAW is too; the coarse
 * variants read the same clocks (reading them is cheap).  The process's
 * CPU time is the time all its threads have run; one CPU-time clock per
 * thread as well.  TAI is UTC plus the 37 leap seconds of 2017 onwards.
 */
#include <errno.h>

#include "clock.h"
#include "thread.h"
#include "clock_impl.h"

int osv_time_now(clockid_t id, uint64_t *ns)
{
	switch (id) {
	case CLOCK_REALTIME:
	case CLOCK_REALTIME_COARSE:
	case CLOCK_REALTIME_ALARM:
		*ns = clock_realtime();
		return 0;
	case CLOCK_TAI:
		*ns = clock_realtime() + TAI_OFFSET * NS_PER_SEC;
		return 0;
	case CLOCK_MONOTONIC:
	case CLOCK_MONOTONIC_RAW:
	case CLOCK_MONOTONIC_COARSE:
	case CLOCK_BOOTTIME:
	case CLOCK_BOOTTIME_ALARM:
		*ns = clock_monotonic();
		return 0;
	case CLOCK_PROCESS_CPUTIME_ID:
		*ns = sched_cpu_time();
		return 0;
	case CLOCK_THREAD_CPUTIME_ID:
		*ns = thread_cpu_time(thread_current());
		return 0;
	default:
		return EINVAL;
	}
}
