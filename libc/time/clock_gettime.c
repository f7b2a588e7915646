/* clock_gettime: any clock of clock_now.c, as a timespec. */
#include <errno.h>

#include "clock_impl.h"

int clock_gettime(clockid_t clock_id, struct timespec *tp)
{
	uint64_t ns;
	int err = osv_time_now(clock_id, &ns);
	if (err) {
		errno = err;
		return -1;
	}
	*tp = osv_time_from_ns(ns);
	return 0;
}
