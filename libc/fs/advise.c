/*
 * posix_fadvise, posix_fallocate, ttyname.  Like glibc's, the posix_*
 * calls return an error number instead of setting errno.
 */
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include "fs_impl.h"

#define POSIX_FADV_NOREUSE 5

int posix_fadvise(int fd, off_t offset, off_t len, int advice)
{
	(void)offset;
	struct vfs_attr a;
	int r = fs_fstat(fd, &a);
	if (r)
		return -r;
	if ((a.mode & VFS_IFMT) == VFS_IFIFO)
		return ESPIPE;
	if (advice < 0 || advice > POSIX_FADV_NOREUSE || len < 0)
		return EINVAL;
	return 0; /* the data is in memory or read on demand: nothing to do */
}

/* Makes sure [offset, offset + len) is part of the file. */
int posix_fallocate(int fd, off_t offset, off_t len)
{
	if (offset < 0 || len <= 0)
		return EINVAL;
	struct vfs_attr a;
	int r = fs_fstat(fd, &a);
	if (r)
		return -r;
	if ((a.mode & VFS_IFMT) == VFS_IFIFO)
		return ESPIPE;
	if ((a.mode & VFS_IFMT) == VFS_IFDIR)
		return EBADF;
	if ((a.mode & VFS_IFMT) != VFS_IFREG)
		return ENODEV;
	if (offset > INT64_MAX - len)
		return EFBIG;
	if ((uint64_t)(offset + len) <= a.size)
		return 0;
	r = fs_ftruncate(fd, offset + len);
	return r == -EINVAL ? EBADF : -r; /* a read-only fd: EBADF */
}

int ttyname_r(int fd, char *buf, size_t len);
char *ttyname(int fd);

int ttyname_r(int fd, char *buf, size_t len)
{
	if (!isatty(fd))
		return errno;
	static const char name[] = "/dev/console";
	if (len < sizeof(name))
		return ERANGE;
	memcpy(buf, name, sizeof(name));
	return 0;
}

char *ttyname(int fd)
{
	static char buf[32];
	int r = ttyname_r(fd, buf, sizeof(buf));
	if (r) {
		errno = r;
		return NULL;
	}
	return buf;
}

LIBC_ALIAS(posix_fadvise, posix_fadvise64);
LIBC_ALIAS(posix_fallocate, posix_fallocate64);
