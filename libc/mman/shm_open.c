/*
 * shm_open, shm_unlink: POSIX shared memory objects are files of
 * /dev/shm, opened as glibc opens them.  The boot's /dev is devfs, which
 * has no directories: its shm is a link to /tmp/.shm, a directory of
 * /tmp's ramfs that devfs makes when the link is first followed.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "mman_impl.h"

int osv_mman_shm_path(const char *name, const char *prefix, char *path,
		      size_t size)
{
	while (*name == '/')
		name++;
	size_t len = strlen(name);
	if (len == 0 || strchr(name, '/') || strcmp(name, ".") == 0 ||
	    strcmp(name, "..") == 0) {
		errno = EINVAL;
		return -1;
	}
	if (len + strlen(prefix) > NAME_MAX) {
		errno = ENAMETOOLONG;
		return -1;
	}
	snprintf(path, size, OSV_SHM_DIR "/%s%s", prefix, name);
	return 0;
}

int shm_open(const char *name, int oflag, mode_t mode)
{
	char path[PATH_MAX];
	if (osv_mman_shm_path(name, "", path, sizeof(path)) != 0)
		return -1;
	return open(path, oflag | O_NOFOLLOW | O_CLOEXEC, mode);
}

int osv_mman_shm_unlink(const char *name, const char *prefix)
{
	char path[PATH_MAX];
	if (osv_mman_shm_path(name, prefix, path, sizeof(path)) != 0)
		return -1;
	int ret = unlink(path);
	if (ret != 0 && errno == EPERM)
		errno = EACCES;
	return ret;
}

int shm_unlink(const char *name)
{
	return osv_mman_shm_unlink(name, "");
}
