/*
 * errno: each thread's own, kept in its kernel thread structure behind
 * glibc's entry point.  Valid from sched_early_init() on, which the boot
 * runs before anything that can fail with an errno.
 */
#include <errno.h>

#include "thread.h"

int *__errno_location(void)
{
	return thread_errno_location();
}
