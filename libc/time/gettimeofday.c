/* The time zone is always UTC; tz, when given, gets zeros. */
#include <string.h>
#include <sys/time.h>

#include "clock.h"
#include "clock_impl.h"

int gettimeofday(struct timeval *restrict tv, void *restrict tz)
{
	if (tv) {
		uint64_t ns = clock_realtime();
		tv->tv_sec = (time_t)(ns / NS_PER_SEC);
		tv->tv_usec = (suseconds_t)(ns % NS_PER_SEC / 1000);
	}
	if (tz)
		memset(tz, 0, sizeof(struct timezone));
	return 0;
}
