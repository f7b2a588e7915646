/* sleep: whole seconds on CLOCK_MONOTONIC; never interrupted early. */
#include <unistd.h>

#include "clock_impl.h"

unsigned int sleep(unsigned int seconds)
{
	struct timespec ts = {(time_t)seconds, 0};
	clock_nanosleep(CLOCK_MONOTONIC, 0, &ts, NULL);
	return 0;
}
