/*
 * errno.  One thread for now, so one variable; it moves into the thread
 * control block when threads arrive, behind the same glibc entry point.
 */
#include <errno.h>

static int errno_value;

int *__errno_location(void)
{
	return &errno_value;
}
