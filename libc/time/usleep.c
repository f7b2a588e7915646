/* usleep: microseconds on CLOCK_MONOTONIC; any count is accepted.  A
 * signal's handler ends it early: -1 with EINTR. */
#include <errno.h>
#include <unistd.h>

#include "clock_impl.h"

int usleep(useconds_t usec)
{
	struct timespec ts = {(time_t)(usec / 1000000),
			      (long)(usec % 1000000) * 1000};
	int err = clock_nanosleep(CLOCK_MONOTONIC, 0, &ts, NULL);
	if (err) {
		errno = err;
		return -1;
	}
	return 0;
}
