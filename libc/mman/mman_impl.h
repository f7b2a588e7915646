/*
 * Inside libc/mman/: the memory-mapping calls are thin wrappers over
 * kernel/include/vm.h, which returns Linux's negative errno values.
 */
#ifndef OSV_LIBC_MMAN_IMPL_H
#define OSV_LIBC_MMAN_IMPL_H

#include <errno.h>
#include <stdint.h>
#include <sys/mman.h>

#include "libc.h"
#include "vm.h"

/* 0 for 0; -1 with errno set for a negative errno.  An inline
 * definition: a caller compiled for size calls the one external
 * definition (mmap.c) instead of a copy of its own. */
inline int mman_result(int err) LIBC_HIDDEN;
inline int mman_result(int err)
{
	if (err >= 0)
		return 0;
	errno = -err;
	return -1;
}

/*
 * The directory of shm_open's objects, sem_open's files and the System V
 * segments' files: /dev/shm, as glibc's (devfs's link to a ramfs
 * directory).
 */
#define OSV_SHM_DIR "/dev/shm"

/*
 * The file of the shm_open or sem_open name in that directory, prefix
 * before it, as glibc's: leading slashes dropped; another slash, "", "."
 * or ".." EINVAL; prefix and name longer than NAME_MAX ENAMETOOLONG.
 * 0, or -1 with errno set.
 */
__attribute__((visibility("hidden"))) int osv_mman_shm_path(const char *name,
							    const char *prefix,
							    char *path,
							    size_t size);

/* Unlinks the file of that name and prefix: shm_unlink, sem_unlink. */
__attribute__((visibility("hidden"))) int
osv_mman_shm_unlink(const char *name, const char *prefix);

#endif
