/* mkdir, rmdir, unlink, rename, link, symlink, readlink and their *at. */
#include <fcntl.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fs_impl.h"

int mkdirat(int dirfd, const char *path, mode_t mode)
{
	return (int)fs_ret(fs_mkdirat(dirfd, path, mode));
}

int mkdir(const char *path, mode_t mode)
{
	return mkdirat(AT_FDCWD, path, mode);
}

int unlinkat(int dirfd, const char *path, int flags)
{
	return (int)fs_ret(fs_unlinkat(dirfd, path, flags));
}

int unlink(const char *path)
{
	return unlinkat(AT_FDCWD, path, 0);
}

int rmdir(const char *path)
{
	return unlinkat(AT_FDCWD, path, AT_REMOVEDIR);
}

int renameat2(int olddirfd, const char *old, int newdirfd, const char *new_,
	      unsigned flags);

int renameat2(int olddirfd, const char *old, int newdirfd, const char *new_,
	      unsigned flags)
{
	return (int)fs_ret(fs_renameat2(olddirfd, old, newdirfd, new_, flags));
}

int renameat(int olddirfd, const char *old, int newdirfd, const char *new_);

int renameat(int olddirfd, const char *old, int newdirfd, const char *new_)
{
	return renameat2(olddirfd, old, newdirfd, new_, 0);
}

int rename(const char *old, const char *new_)
{
	return renameat2(AT_FDCWD, old, AT_FDCWD, new_, 0);
}

int linkat(int olddirfd, const char *old, int newdirfd, const char *new_,
	   int flags)
{
	return (int)fs_ret(fs_linkat(olddirfd, old, newdirfd, new_, flags));
}

int link(const char *old, const char *new_)
{
	return linkat(AT_FDCWD, old, AT_FDCWD, new_, 0);
}

int symlinkat(const char *target, int dirfd, const char *path)
{
	return (int)fs_ret(fs_symlinkat(target, dirfd, path));
}

int symlink(const char *target, const char *path)
{
	return symlinkat(target, AT_FDCWD, path);
}

ssize_t readlinkat(int dirfd, const char *restrict path, char *restrict buf,
		   size_t len)
{
	return fs_ret(fs_readlinkat(dirfd, path, buf, len));
}

ssize_t readlink(const char *restrict path, char *restrict buf, size_t len)
{
	return readlinkat(AT_FDCWD, path, buf, len);
}

ssize_t __readlink_chk(const char *path, char *buf, size_t len, size_t buflen);
ssize_t __readlinkat_chk(int dirfd, const char *path, char *buf, size_t len,
			 size_t buflen);

ssize_t __readlink_chk(const char *path, char *buf, size_t len, size_t buflen)
{
	if (len > buflen)
		__chk_fail();
	return readlink(path, buf, len);
}

ssize_t __readlinkat_chk(int dirfd, const char *path, char *buf, size_t len,
			 size_t buflen)
{
	if (len > buflen)
		__chk_fail();
	return readlinkat(dirfd, path, buf, len);
}

/* dev only names a device, which mknod cannot make here (EPERM) */
int mknodat(int dirfd, const char *path, mode_t mode, dev_t dev)
{
	(void)dev;
	return (int)fs_ret(fs_mknodat(dirfd, path, mode));
}

int mknod(const char *path, mode_t mode, dev_t dev)
{
	return mknodat(AT_FDCWD, path, mode, dev);
}

int mkfifoat(int dirfd, const char *path, mode_t mode)
{
	return mknodat(dirfd, path, S_IFIFO | (mode & 07777), 0);
}

int mkfifo(const char *path, mode_t mode)
{
	return mknodat(AT_FDCWD, path, S_IFIFO | (mode & 07777), 0);
}

/* glibc before 2.33 called these from its mknod and mknodat; ver is 0 */
int __xmknod(int ver, const char *path, mode_t mode, dev_t *dev);
int __xmknodat(int ver, int dirfd, const char *path, mode_t mode, dev_t *dev);

int __xmknod(int ver, const char *path, mode_t mode, dev_t *dev)
{
	return __xmknodat(ver, AT_FDCWD, path, mode, dev);
}

int __xmknodat(int ver, int dirfd, const char *path, mode_t mode, dev_t *dev)
{
	if (ver != 0)
		return (int)fs_ret(-EINVAL);
	return mknodat(dirfd, path, mode, *dev);
}
