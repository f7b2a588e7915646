/* clock(): the process's CPU time in CLOCKS_PER_SEC (microseconds). */
#include "thread.h"
#include "clock_impl.h"

clock_t clock(void)
{
	return (clock_t)(sched_cpu_time() / 1000);
}
