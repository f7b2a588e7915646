/* nanosleep: a relative sleep on CLOCK_MONOTONIC (clock_nanosleep.c). */
#include <errno.h>

#include "clock_impl.h"

int nanosleep(const struct timespec *req, struct timespec *rem)
{
	int err = clock_nanosleep(CLOCK_MONOTONIC, 0, req, rem);
	if (err) {
		errno = err;
		return -1;
	}
	return 0;
}
