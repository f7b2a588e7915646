/*
 * Extended attributes: osv's file systems keep none.  After the file is
 * found (ENOENT, EBADF... as for stat), a file has no attribute to read
 * or remove (ENODATA, Linux's answer on a file system with attribute
 * support and none set) and an empty list, and none can be stored
 * (ENOTSUP, Linux's answer where the file system cannot store the
 * name's kind: user.* on Debian 12's tmpfs).  A name that is empty or
 * longer than 255 bytes is ERANGE, as on Linux.
 */
#include <errno.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

ssize_t getxattr(const char *path, const char *name, void *value, size_t size);
ssize_t lgetxattr(const char *path, const char *name, void *value, size_t size);
ssize_t fgetxattr(int fd, const char *name, void *value, size_t size);
int setxattr(const char *path, const char *name, const void *value, size_t size,
	     int flags);
int lsetxattr(const char *path, const char *name, const void *value,
	      size_t size, int flags);
int fsetxattr(int fd, const char *name, const void *value, size_t size,
	      int flags);
ssize_t listxattr(const char *path, char *list, size_t size);
ssize_t llistxattr(const char *path, char *list, size_t size);
ssize_t flistxattr(int fd, char *list, size_t size);
int removexattr(const char *path, const char *name);
int lremovexattr(const char *path, const char *name);
int fremovexattr(int fd, const char *name);

#define XATTR_NAME_MAX 255

/* The file is there (stat's error otherwise) and name is well formed. */
static int check(int found, const char *name)
{
	if (found)
		return -1;
	size_t n = name ? strlen(name) : 1;
	if (n == 0 || n > XATTR_NAME_MAX) {
		errno = ERANGE;
		return -1;
	}
	return 0;
}

static int fail(int err)
{
	errno = err;
	return -1;
}

static int path_found(const char *path, int follow)
{
	struct stat st;
	return follow ? stat(path, &st) : lstat(path, &st);
}

static int fd_found(int fd)
{
	struct stat st;
	return fstat(fd, &st);
}

ssize_t getxattr(const char *path, const char *name, void *value, size_t size)
{
	(void)value, (void)size;
	return check(path_found(path, 1), name) ? -1 : fail(ENODATA);
}

ssize_t lgetxattr(const char *path, const char *name, void *value, size_t size)
{
	(void)value, (void)size;
	return check(path_found(path, 0), name) ? -1 : fail(ENODATA);
}

ssize_t fgetxattr(int fd, const char *name, void *value, size_t size)
{
	(void)value, (void)size;
	return check(fd_found(fd), name) ? -1 : fail(ENODATA);
}

int setxattr(const char *path, const char *name, const void *value, size_t size,
	     int flags)
{
	(void)value, (void)size, (void)flags;
	return check(path_found(path, 1), name) ? -1 : fail(ENOTSUP);
}

int lsetxattr(const char *path, const char *name, const void *value,
	      size_t size, int flags)
{
	(void)value, (void)size, (void)flags;
	return check(path_found(path, 0), name) ? -1 : fail(ENOTSUP);
}

int fsetxattr(int fd, const char *name, const void *value, size_t size,
	      int flags)
{
	(void)value, (void)size, (void)flags;
	return check(fd_found(fd), name) ? -1 : fail(ENOTSUP);
}

ssize_t listxattr(const char *path, char *list, size_t size)
{
	(void)list, (void)size;
	return path_found(path, 1) ? -1 : 0;
}

ssize_t llistxattr(const char *path, char *list, size_t size)
{
	(void)list, (void)size;
	return path_found(path, 0) ? -1 : 0;
}

ssize_t flistxattr(int fd, char *list, size_t size)
{
	(void)list, (void)size;
	return fd_found(fd) ? -1 : 0;
}

int removexattr(const char *path, const char *name)
{
	return check(path_found(path, 1), name) ? -1 : fail(ENODATA);
}

int lremovexattr(const char *path, const char *name)
{
	return check(path_found(path, 0), name) ? -1 : fail(ENODATA);
}

int fremovexattr(int fd, const char *name)
{
	return check(fd_found(fd), name) ? -1 : fail(ENODATA);
}
