/* settimeofday: sets the wall clock; the time zone is ignored (UTC). */
#include <errno.h>
#include <sys/time.h>

#include "clock.h"
#include "clock_impl.h"

int settimeofday(const struct timeval *tv, const struct timezone *tz)
{
	(void)tz;
	if (!tv)
		return 0;
	if (tv->tv_usec < 0 || tv->tv_usec >= 1000000 || tv->tv_sec < 0) {
		errno = EINVAL;
		return -1;
	}
	clock_set_realtime((uint64_t)tv->tv_sec * NS_PER_SEC +
			   (uint64_t)tv->tv_usec * 1000);
	return 0;
}
