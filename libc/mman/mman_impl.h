/*
 * Inside libc/mman/: the memory-mapping calls are thin wrappers over
 * kernel/include/vm.h, which returns Linux's negative errno values.
 */
#ifndef OSV_LIBC_MMAN_IMPL_H
#define OSV_LIBC_MMAN_IMPL_H

#include <errno.h>
#include <stdint.h>
#include <sys/mman.h>

#include "vm.h"

/* 0 for 0; -1 with errno set for a negative errno. */
static inline int mman_result(int err)
{
	if (err >= 0)
		return 0;
	errno = -err;
	return -1;
}

#endif
