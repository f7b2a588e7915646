/*
 * stat and friends: the kernel's struct vfs_attr in glibc's struct stat,
 * under every name glibc has had for them (__xstat and the *64 forms
 * that binaries built against glibc before 2.33 call).
 */
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>

#include "fs_impl.h"
#include "uaccess.h"

#define STAT_VER 1 /* _STAT_VER_LINUX on x86_64; 0 is the kernel's too */

_Static_assert(sizeof(struct stat) == 144, "glibc's struct stat");

/*
 * Out of line: -O2 copied it into each of stat, lstat, fstat, fstatat.
 * The program's st is written by a checked copy (uaccess.h): a bad
 * pointer is EFAULT, as Linux's system call answers.
 */
__attribute__((noinline)) static int to_stat(const struct vfs_attr *a,
					     struct stat *st)
{
	struct stat s;
	memset(&s, 0, sizeof(s));
	s.st_dev = a->dev;
	s.st_ino = a->ino;
	s.st_nlink = a->nlink;
	s.st_mode = a->mode;
	s.st_uid = a->uid;
	s.st_gid = a->gid;
	s.st_rdev = a->rdev;
	s.st_size = (off_t)a->size;
	s.st_blksize = a->blksize;
	s.st_blocks = (blkcnt_t)a->blocks;
	s.st_atim = a->atime;
	s.st_mtim = a->mtime;
	s.st_ctim = a->ctime;
	return put_program(st, &s, sizeof(s));
}

int fstatat(int dirfd, const char *restrict path, struct stat *restrict st,
	    int flags)
{
	struct vfs_attr a;
	int r = fs_fstatat(dirfd, path, &a, flags);
	if (r == 0)
		r = to_stat(&a, st);
	return (int)fs_ret(r);
}

int stat(const char *restrict path, struct stat *restrict st)
{
	return fstatat(AT_FDCWD, path, st, 0);
}

int lstat(const char *restrict path, struct stat *restrict st)
{
	return fstatat(AT_FDCWD, path, st, AT_SYMLINK_NOFOLLOW);
}

int fstat(int fd, struct stat *st)
{
	struct vfs_attr a;
	int r = fs_fstat(fd, &a);
	if (r == 0)
		r = to_stat(&a, st);
	return (int)fs_ret(r);
}

static bool bad_version(int ver)
{
	if (ver == STAT_VER || ver == 0)
		return false;
	errno = EINVAL;
	return true;
}

int __xstat(int ver, const char *path, struct stat *st);
int __lxstat(int ver, const char *path, struct stat *st);
int __fxstat(int ver, int fd, struct stat *st);
int __fxstatat(int ver, int dirfd, const char *path, struct stat *st,
	       int flags);

int __xstat(int ver, const char *path, struct stat *st)
{
	return bad_version(ver) ? -1 : stat(path, st);
}

int __lxstat(int ver, const char *path, struct stat *st)
{
	return bad_version(ver) ? -1 : lstat(path, st);
}

int __fxstat(int ver, int fd, struct stat *st)
{
	return bad_version(ver) ? -1 : fstat(fd, st);
}

int __fxstatat(int ver, int dirfd, const char *path, struct stat *st, int flags)
{
	return bad_version(ver) ? -1 : fstatat(dirfd, path, st, flags);
}

LIBC_ALIAS(stat, stat64);
LIBC_ALIAS(lstat, lstat64);
LIBC_ALIAS(fstat, fstat64);
LIBC_ALIAS(fstatat, fstatat64);
LIBC_ALIAS(__xstat, __xstat64);
LIBC_ALIAS(__lxstat, __lxstat64);
LIBC_ALIAS(__fxstat, __fxstat64);
LIBC_ALIAS(__fxstatat, __fxstatat64);
