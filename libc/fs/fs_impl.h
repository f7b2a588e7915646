/*
 * What the libc's file calls share: turning the kernel's negative errno
 * results (kernel/include/fs_calls.h) into errno and -1, and running
 * the signal handlers of a wait the kernel ended with -EINTR.
 */
#ifndef OSV_LIBC_FS_IMPL_H
#define OSV_LIBC_FS_IMPL_H

#include <errno.h>

#include <signal.h>
#include <stdbool.h>

#include "../signal/signal_impl.h"
#include "../thread/pthread_impl.h"
#include "fs_calls.h"
#include "libc.h"

/*
 * The result of a kernel call as the libc returns it: r, or -1 with
 * errno for a negative errno, after the signal handlers an -EINTR
 * leaves due.  An inline definition: a caller compiled for size calls
 * the one external definition (libc/fs/rw.c) instead of a copy of its
 * own.
 */
inline long fs_ret(long r) LIBC_HIDDEN;
inline long fs_ret(long r)
{
	if (r == -EINTR)
		osv_signal_interrupted(); /* the handlers due, if any */
	if (r < 0) {
		errno = (int)-r;
		return -1;
	}
	return r;
}

/*
 * A fortified call's buffer is too small: glibc's report and abort
 * (libc/fortify/chk_fail.c).
 */
_Noreturn void __chk_fail(void);

/*
 * A write's result: EPIPE (a pipe or socket with no reader) raises
 * SIGPIPE in the writing thread, as Linux's, unless sigpipe is false
 * (send's MSG_NOSIGNAL).  Inline, as fs_ret.
 */
inline long fs_write_ret(long r, bool sigpipe) LIBC_HIDDEN;
inline long fs_write_ret(long r, bool sigpipe)
{
	if (r == -EPIPE && sigpipe)
		raise(SIGPIPE);
	return fs_ret(r);
}

/*
 * Whether a wait the kernel ended with r is to be made again: it was
 * interrupted, and no handler without SA_RESTART ran (a signal another
 * thread took first, or handlers that restart, as on Linux).  A
 * pthread_cancel() that interrupted it is acted on.  Inline, as fs_ret.
 */
inline bool fs_restart(long r) LIBC_HIDDEN;
inline bool fs_restart(long r)
{
	if (r != -EINTR)
		return false;
	osv_testcancel();
	return osv_signal_interrupted() != OSV_SIGNAL_EINTR;
}

#endif
