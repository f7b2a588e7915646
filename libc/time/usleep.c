/* usleep: microseconds on CLOCK_MONOTONIC; any count is accepted. */
#include <unistd.h>

#include "clock_impl.h"

int usleep(useconds_t usec)
{
	struct timespec ts = {(time_t)(usec / 1000000),
			      (long)(usec % 1000000) * 1000};
	clock_nanosleep(CLOCK_MONOTONIC, 0, &ts, NULL);
	return 0;
}
