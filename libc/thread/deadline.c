/* Absolute timeouts of the thread calls, as kernel deadline words. */
#include "../time/clock_impl.h"
#include "pthread_impl.h"

int osv_deadline(clockid_t clock, const struct timespec *abs,
		 uint64_t *deadline)
{
	if (!abs) {
		*deadline = THREAD_NO_DEADLINE;
		return 0;
	}
	if (clock != CLOCK_REALTIME && clock != CLOCK_MONOTONIC)
		return EINVAL;
	if (abs->tv_nsec < 0 || abs->tv_nsec >= NS_PER_SEC)
		return EINVAL;
	if (abs->tv_sec < 0) {
		*deadline = 0; /* long past */
		return 0;
	}
	*deadline = osv_time_deadline(clock, osv_time_to_ns(abs));
	return 0;
}
