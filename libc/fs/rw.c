/*
 * read, write, their positioned and vectored forms, lseek, close.  A
 * wait of read, write, readv or writev that signals interrupt (pipes,
 * eventfd) goes on when their handlers have SA_RESTART, as on Linux,
 * and when none ran (a signal another thread took first); a
 * pthread_cancel() that interrupts it is acted on.
 */
#include <stdbool.h>
#include <sys/uio.h>
#include <unistd.h>

#include "fs_impl.h"

extern inline long fs_ret(long r);
extern inline long fs_write_ret(long r, bool sigpipe);
extern inline bool fs_restart(long r);

ssize_t read(int fd, void *buf, size_t len)
{
	long r;
	do
		r = fs_read(fd, buf, len);
	while (fs_restart(r));
	return fs_ret(r);
}

ssize_t write(int fd, const void *buf, size_t len)
{
	long r;
	do
		r = fs_write(fd, buf, len);
	while (fs_restart(r));
	return fs_write_ret(r, true);
}

ssize_t pread(int fd, void *buf, size_t len, off_t off)
{
	if (off < 0)
		return fs_ret(-EINVAL);
	return fs_ret(fs_pread(fd, buf, len, off));
}

ssize_t pwrite(int fd, const void *buf, size_t len, off_t off)
{
	if (off < 0)
		return fs_write_ret(-EINVAL, true);
	return fs_write_ret(fs_pwrite(fd, buf, len, off), true);
}

/* struct iovec and struct fs_iovec have the same layout */
_Static_assert(sizeof(struct iovec) == sizeof(struct fs_iovec), "iovec");

ssize_t readv(int fd, const struct iovec *iov, int count)
{
	long r;
	do
		r = fs_readv(fd, (const struct fs_iovec *)iov, count, -1);
	while (fs_restart(r));
	return fs_ret(r);
}

ssize_t writev(int fd, const struct iovec *iov, int count)
{
	long r;
	do
		r = fs_writev(fd, (const struct fs_iovec *)iov, count, -1);
	while (fs_restart(r));
	return fs_write_ret(r, true);
}

ssize_t preadv(int fd, const struct iovec *iov, int count, off_t off)
{
	if (off < 0)
		return fs_ret(-EINVAL);
	return fs_ret(fs_readv(fd, (const struct fs_iovec *)iov, count, off));
}

ssize_t pwritev(int fd, const struct iovec *iov, int count, off_t off)
{
	if (off < 0)
		return fs_write_ret(-EINVAL, true);
	return fs_write_ret(
	    fs_writev(fd, (const struct fs_iovec *)iov, count, off), true);
}

/*
 * The flags osv honours: a high-priority hint, and a write made
 * durable before it returns.  RWF_NOWAIT and RWF_APPEND give
 * EOPNOTSUPP, as Linux's for a file that cannot do them.
 */
#define RWF_HONOURED (RWF_HIPRI | RWF_DSYNC | RWF_SYNC)

/* An offset of -1 is the descriptor's own position, as in Linux. */
ssize_t preadv2(int fd, const struct iovec *iov, int count, off_t off,
		int flags)
{
	if (flags & ~RWF_HONOURED)
		return fs_ret(-EOPNOTSUPP);
	return off == -1 ? readv(fd, iov, count) : preadv(fd, iov, count, off);
}

ssize_t pwritev2(int fd, const struct iovec *iov, int count, off_t off,
		 int flags)
{
	if (flags & ~RWF_HONOURED)
		return fs_write_ret(-EOPNOTSUPP, true);
	ssize_t n =
	    off == -1 ? writev(fd, iov, count) : pwritev(fd, iov, count, off);
	if (n >= 0 && (flags & (RWF_DSYNC | RWF_SYNC)) && fsync(fd) < 0)
		return -1;
	return n;
}

off_t lseek(int fd, off_t off, int whence)
{
	return fs_ret(fs_lseek(fd, off, whence));
}

int close(int fd)
{
	return (int)fs_ret(fs_close(fd));
}

/* _FORTIFY_SOURCE entry points: the buffer must hold len bytes */
ssize_t __read_chk(int fd, void *buf, size_t len, size_t buflen);
ssize_t __pread_chk(int fd, void *buf, size_t len, off_t off, size_t buflen);

ssize_t __read_chk(int fd, void *buf, size_t len, size_t buflen)
{
	if (len > buflen)
		__chk_fail();
	return read(fd, buf, len);
}

ssize_t __pread_chk(int fd, void *buf, size_t len, off_t off, size_t buflen)
{
	if (len > buflen)
		__chk_fail();
	return pread(fd, buf, len, off);
}

LIBC_ALIAS(read, __read);
LIBC_ALIAS(write, __write);
LIBC_ALIAS(close, __close);
LIBC_ALIAS(pread, pread64);
LIBC_ALIAS(pread, __pread64);
LIBC_ALIAS(pwrite, pwrite64);
LIBC_ALIAS(pwrite, __pwrite64);
LIBC_ALIAS(preadv, preadv64);
LIBC_ALIAS(pwritev, pwritev64);
LIBC_ALIAS(preadv2, preadv64v2);
LIBC_ALIAS(pwritev2, pwritev64v2);
LIBC_ALIAS(lseek, lseek64);
LIBC_ALIAS(lseek, __lseek);
LIBC_ALIAS(__pread_chk, __pread64_chk);
