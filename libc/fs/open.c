/*
 * open, openat, creat and their *64 and fortified (__open_2) names.  An
 * open that waits (a FIFO's, for its other side) is made again after a
 * signal whose handlers restart, as on Linux.
 */
#include <fcntl.h>
#include <stdarg.h>

#include "fs_impl.h"

static bool wants_mode(int flags)
{
	return (flags & O_CREAT) || (flags & O_TMPFILE) == O_TMPFILE;
}

int openat(int dirfd, const char *path, int flags, ...)
{
	mode_t mode = 0;
	if (wants_mode(flags)) {
		va_list ap;
		va_start(ap, flags);
		mode = va_arg(ap, mode_t);
		va_end(ap);
	}
	long r;
	do
		r = fs_openat(dirfd, path, flags, mode);
	while (fs_restart(r));
	return (int)fs_ret(r);
}

int open(const char *path, int flags, ...)
{
	mode_t mode = 0;
	if (wants_mode(flags)) {
		va_list ap;
		va_start(ap, flags);
		mode = va_arg(ap, mode_t);
		va_end(ap);
	}
	return openat(AT_FDCWD, path, flags, mode);
}

int creat(const char *path, mode_t mode)
{
	return open(path, O_CREAT | O_WRONLY | O_TRUNC, mode);
}

/* _FORTIFY_SOURCE: open without a mode, where O_CREAT needs one */
int __open_2(const char *path, int flags);
int __openat_2(int dirfd, const char *path, int flags);

int __open_2(const char *path, int flags)
{
	if (wants_mode(flags))
		return (int)fs_ret(-EINVAL);
	return open(path, flags);
}

int __openat_2(int dirfd, const char *path, int flags)
{
	if (wants_mode(flags))
		return (int)fs_ret(-EINVAL);
	return openat(dirfd, path, flags);
}

LIBC_ALIAS(open, open64);
LIBC_ALIAS(openat, openat64);
LIBC_ALIAS(creat, creat64);
LIBC_ALIAS(__open_2, __open64_2);
LIBC_ALIAS(__openat_2, __openat64_2);
