/*
 * What the libc's file calls share: turning the kernel's negative errno
 * results (kernel/include/fs_calls.h) into errno and -1.
 */
#ifndef OSV_LIBC_FS_IMPL_H
#define OSV_LIBC_FS_IMPL_H

#include <errno.h>

#include "fs_calls.h"
#include "libc.h"

static inline long fs_ret(long r)
{
	if (r < 0) {
		errno = (int)-r;
		return -1;
	}
	return r;
}

/* A fortified call's buffer is too small: report and abort, as glibc. */
_Noreturn void osv_fs_chk_fail(void) LIBC_HIDDEN;

#endif
