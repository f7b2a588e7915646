/*
 * What the libc's socket calls share: the kernel's negative errno
 * results (kernel/include/socket_calls.h) into errno and -1.
 */
#ifndef OSV_LIBC_NET_IMPL_H
#define OSV_LIBC_NET_IMPL_H

#include <errno.h>

#include "libc.h"
#include "socket_calls.h"

static inline long net_ret(long r)
{
	if (r < 0) {
		errno = (int)-r;
		return -1;
	}
	return r;
}

/*
 * A send's result: writing to a socket whose other end is gone raises
 * SIGPIPE as Linux's does, unless the caller said MSG_NOSIGNAL.
 */
long net_send_ret(long r, int flags);

#endif
