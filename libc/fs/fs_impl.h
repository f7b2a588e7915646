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

/*
 * A fortified call's buffer is too small: glibc's report and abort
 * (libc/fortify/chk_fail.c).
 */
_Noreturn void __chk_fail(void);

#endif
