/* truncate, ftruncate, fsync, fdatasync, sync, syncfs. */
#include <unistd.h>

#include "fs_impl.h"

int truncate(const char *path, off_t len)
{
	return (int)fs_ret(fs_truncate(path, len));
}

int ftruncate(int fd, off_t len)
{
	return (int)fs_ret(fs_ftruncate(fd, len));
}

int fsync(int fd)
{
	return (int)fs_ret(fs_fsync(fd));
}

int fdatasync(int fd)
{
	return (int)fs_ret(fs_fsync(fd));
}

void sync(void)
{
	fs_sync();
}

int syncfs(int fd)
{
	return (int)fs_ret(fs_syncfs(fd));
}

LIBC_ALIAS(truncate, truncate64);
LIBC_ALIAS(ftruncate, ftruncate64);
