/* inotify over the kernel's watches (kernel/fs/inotify.c). */
#include <sys/inotify.h>

#include "fs_impl.h"

int inotify_init(void)
{
	return (int)fs_ret(fs_inotify_init1(0));
}

int inotify_init1(int flags)
{
	return (int)fs_ret(fs_inotify_init1(flags));
}

int inotify_add_watch(int fd, const char *path, uint32_t mask)
{
	return (int)fs_ret(fs_inotify_add_watch(fd, path, mask));
}

int inotify_rm_watch(int fd, int wd)
{
	return (int)fs_ret(fs_inotify_rm_watch(fd, wd));
}
