/* time: the wall clock in whole seconds. */
#include "clock.h"
#include "clock_impl.h"

time_t time(time_t *t)
{
	time_t now = (time_t)(clock_realtime() / NS_PER_SEC);
	if (t)
		*t = now;
	return now;
}
