/*
 * close_range and closefrom: every open descriptor in the range closed,
 * or with CLOSE_RANGE_CLOEXEC marked close-on-exec.  CLOSE_RANGE_UNSHARE
 * asks for a private descriptor table first, which the one process
 * already has.
 */
#include <errno.h>

#include "fs_calls.h"

#define CLOSE_RANGE_UNSHARE (1U << 1)
#define CLOSE_RANGE_CLOEXEC (1U << 2)

int close_range(unsigned int first, unsigned int last, int flags);
void closefrom(int lowfd);

int close_range(unsigned int first, unsigned int last, int flags)
{
	if (first > last ||
	    (flags & ~(CLOSE_RANGE_UNSHARE | CLOSE_RANGE_CLOEXEC))) {
		errno = EINVAL;
		return -1;
	}
	fs_close_range(first, last, flags & CLOSE_RANGE_CLOEXEC);
	return 0;
}

/* glibc: a negative lowfd is taken as 0. */
void closefrom(int lowfd)
{
	close_range(lowfd < 0 ? 0 : lowfd, ~0U, 0);
}
