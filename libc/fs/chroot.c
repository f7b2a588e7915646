/*
 * chroot: the directory becomes the root of every later lookup (the
 * machine's one namespace: kernel/fs/fs_cwd.c).  As Linux, only root
 * (CAP_SYS_CHROOT) may, and the working directory stays.
 */
#include <unistd.h>

#include "fs_impl.h"

int chroot(const char *path);

int chroot(const char *path)
{
	if (geteuid() != 0) {
		errno = EPERM;
		return -1;
	}
	return (int)fs_ret(fs_chroot(path));
}
