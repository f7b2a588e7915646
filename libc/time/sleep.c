/* sleep: whole seconds on CLOCK_MONOTONIC; a signal's handler ends it
 * early, with the seconds left (rounded up) returned. */
#include <unistd.h>

#include "clock_impl.h"

unsigned int sleep(unsigned int seconds)
{
	struct timespec ts = {(time_t)seconds, 0}, left;
	if (clock_nanosleep(CLOCK_MONOTONIC, 0, &ts, &left) == 0)
		return 0;
	return (unsigned)left.tv_sec + (left.tv_nsec > 0);
}
