/*
 * shm_open, shm_unlink: POSIX shared memory objects are files of a ramfs
 * directory (osv_mman_shm_dir()), opened as glibc opens them under
 * /dev/shm.  The default boot's /dev is devfs, which has no directories:
 * its shm is a link to /tmp/.shm, a directory of /tmp's ramfs that devfs
 * makes when the link is first followed.  A root without devfs's link
 * or a /dev/shm of its own gets /tmp/.shm, made here.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "mman_impl.h"

#define SHM_FALLBACK_DIR "/tmp/.shm"

const char *osv_mman_shm_dir(void)
{
	struct stat st;
	if (stat("/dev/shm", &st) == 0 && S_ISDIR(st.st_mode))
		return "/dev/shm";
	if (mkdir(SHM_FALLBACK_DIR, 01777) != 0 && errno != EEXIST)
		return NULL;
	return SHM_FALLBACK_DIR;
}

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
	const char *dir = osv_mman_shm_dir();
	if (!dir)
		return -1;
	snprintf(path, size, "%s/%s%s", dir, prefix, name);
	return 0;
}

int shm_open(const char *name, int oflag, mode_t mode)
{
	char path[PATH_MAX];
	if (osv_mman_shm_path(name, "", path, sizeof(path)) != 0)
		return -1;
	return open(path, oflag | O_NOFOLLOW | O_CLOEXEC, mode);
}

int shm_unlink(const char *name)
{
	char path[PATH_MAX];
	if (osv_mman_shm_path(name, "", path, sizeof(path)) != 0)
		return -1;
	int ret = unlink(path);
	if (ret != 0 && errno == EPERM)
		errno = EACCES;
	return ret;
}
