/* Every clock counts in nanoseconds (the TSC or kvmclock underneath). */
#include <errno.h>

#include "clock_impl.h"

int clock_getres(clockid_t clock_id, struct timespec *res)
{
	uint64_t ns;
	if (osv_time_now(clock_id, &ns)) {
		errno = EINVAL;
		return -1;
	}
	if (res)
		*res = osv_time_from_ns(1);
	return 0;
}
