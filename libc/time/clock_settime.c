/* Only the wall clock can be set. */
#include <errno.h>

#include "clock.h"
#include "clock_impl.h"

int clock_settime(clockid_t clock_id, const struct timespec *tp)
{
	if (clock_id != CLOCK_REALTIME) {
		errno = clock_id == CLOCK_MONOTONIC ? EPERM : EINVAL;
		return -1;
	}
	if (!osv_time_valid(tp)) {
		errno = EINVAL;
		return -1;
	}
	clock_set_realtime(osv_time_to_ns(tp));
	return 0;
}
