/*
 * splice, tee, vmsplice: Linux's moves between a pipe and another
 * descriptor, here copies through a buffer (there is no page cache to
 * lend pages from).  Bytes taken from a pipe are first looked at
 * (fs_pipe_peek()) and only read once the output took them, so a short
 * write loses nothing; a pipe output gets at most what fits in its ring,
 * so the write does not wait.  SPLICE_F_MOVE, SPLICE_F_MORE and
 * SPLICE_F_GIFT are hints, accepted.
 */
#include <fcntl.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <unistd.h>

#include "fs_impl.h"

#define SPLICE_FLAGS                                                           \
	(SPLICE_F_MOVE | SPLICE_F_NONBLOCK | SPLICE_F_MORE | SPLICE_F_GIFT)
#define CHUNK FS_PIPE_SIZE
#define IOV_MAX 1024
#ifndef FIONREAD
#define FIONREAD 0x541b /* Linux's */
#endif

static long fail(int err)
{
	errno = err;
	return -1;
}

/* What splice needs to know of a descriptor; EBADF when it is closed. */
struct end {
	int fd, flags;
	bool pipe;
	ino_t ino;
};

static int end_of(int fd, struct end *e)
{
	struct stat st;
	int flags = fcntl(fd, F_GETFL);
	if (flags < 0 || fstat(fd, &st) != 0)
		return EBADF;
	*e = (struct end){fd, flags, S_ISFIFO(st.st_mode), st.st_ino};
	return 0;
}

static bool readable(const struct end *e)
{
	return (e->flags & O_ACCMODE) != O_WRONLY;
}

static bool writable(const struct end *e)
{
	return (e->flags & O_ACCMODE) != O_RDONLY;
}

/*
 * Room in the pipe whose write end is fd, waiting for some unless
 * nonblock (-1, EAGAIN).  Without readers, 1: the write then fails with
 * EPIPE as Linux's splice does.
 */
static long pipe_room(int fd, bool nonblock)
{
	for (;;) {
		int used = 0;
		if (ioctl(fd, FIONREAD, &used) != 0)
			return -1;
		if (used < FS_PIPE_SIZE)
			return FS_PIPE_SIZE - used;
		if (nonblock)
			return fail(EAGAIN);
		struct pollfd p = {fd, POLLOUT, 0};
		if (poll(&p, 1, -1) < 0)
			return -1;
		if (p.revents & POLLERR)
			return 1;
	}
}

static bool nonblocking(const struct end *e, unsigned flags)
{
	return (flags & SPLICE_F_NONBLOCK) || (e->flags & O_NONBLOCK);
}

/* Writes what the pipe in holds (at most len) to out, then takes it. */
static ssize_t from_pipe(const struct end *in, const struct end *out,
			 loff_t *off_out, size_t len, unsigned flags)
{
	if (out->pipe) {
		long room = pipe_room(out->fd, nonblocking(out, flags));
		if (room < 0)
			return -1;
		if (len > (size_t)room)
			len = (size_t)room;
	}
	char *buf = malloc(len < CHUNK ? len : CHUNK);
	if (!buf)
		return fail(ENOMEM);
	long n = fs_pipe_peek(in->fd, buf, len < CHUNK ? len : CHUNK,
			      flags & SPLICE_F_NONBLOCK);
	ssize_t w = n;
	if (n > 0) {
		w = off_out ? pwrite(out->fd, buf, (size_t)n, *off_out)
			    : write(out->fd, buf, (size_t)n);
		if (w > 0) {
			read(in->fd, buf, (size_t)w);
			if (off_out)
				*off_out += w;
		}
	}
	free(buf);
	return n < 0 ? fs_ret(n) : w;
}

/* Reads up to len bytes of in (at *off_in) into the pipe out. */
static ssize_t to_pipe(const struct end *in, loff_t *off_in,
		       const struct end *out, size_t len, unsigned flags)
{
	long room = pipe_room(out->fd, nonblocking(out, flags));
	if (room < 0)
		return -1;
	if (len > (size_t)room)
		len = (size_t)room;
	char *buf = malloc(len);
	if (!buf)
		return fail(ENOMEM);
	ssize_t n =
	    off_in ? pread(in->fd, buf, len, *off_in) : read(in->fd, buf, len);
	ssize_t w = n;
	if (n > 0) {
		w = write(out->fd, buf, (size_t)n);
		/* What the pipe did not take goes back to the input. */
		size_t back = w > 0 ? (size_t)(n - w) : (size_t)n;
		if (off_in)
			*off_in += n - (ssize_t)back;
		else if (back)
			lseek(in->fd, -(off_t)back, SEEK_CUR);
	}
	free(buf);
	return w;
}

/* splice's and tee's two ends: EBADF unless in reads and out writes. */
static int ends_of(int fd_in, int fd_out, struct end *in, struct end *out)
{
	int err = end_of(fd_in, in);
	if (!err)
		err = end_of(fd_out, out);
	if (!err && (!readable(in) || !writable(out)))
		err = EBADF;
	return err;
}

/* Linux's checks of an offset given for the side that is not a pipe. */
static int offset_error(const struct end *e, const loff_t *off)
{
	if (!off)
		return 0;
	if (e->pipe)
		return ESPIPE;
	return *off < 0 ? EINVAL : 0;
}

ssize_t splice(int fd_in, loff_t *off_in, int fd_out, loff_t *off_out,
	       size_t len, unsigned int flags)
{
	if (len == 0)
		return 0;
	if (flags & ~SPLICE_FLAGS)
		return fail(EINVAL);
	struct end in, out;
	int err = ends_of(fd_in, fd_out, &in, &out);
	if (!err && !in.pipe && !out.pipe)
		err = EINVAL;
	if (!err && in.pipe && out.pipe && in.ino == out.ino)
		err = EINVAL;
	if (!err)
		err = offset_error(&in, off_in);
	if (!err)
		err = offset_error(&out, off_out);
	if (!err && !out.pipe && (out.flags & O_APPEND))
		err = EINVAL;
	if (err)
		return fail(err);
	if (len > 0x7ffff000)
		len = 0x7ffff000; /* Linux's MAX_RW_COUNT */
	return in.pipe ? from_pipe(&in, &out, off_out, len, flags)
		       : to_pipe(&in, off_in, &out, len, flags);
}

ssize_t tee(int fd_in, int fd_out, size_t len, unsigned int flags)
{
	if (len == 0)
		return 0;
	if (flags & ~SPLICE_FLAGS)
		return fail(EINVAL);
	struct end in, out;
	int err = ends_of(fd_in, fd_out, &in, &out);
	if (!err && (!in.pipe || !out.pipe || in.ino == out.ino))
		err = EINVAL;
	if (err)
		return fail(err);
	long room = pipe_room(fd_out, nonblocking(&out, flags));
	if (room < 0)
		return -1;
	if (len > (size_t)room)
		len = (size_t)room;
	char *buf = malloc(len);
	if (!buf)
		return fail(ENOMEM);
	long n = fs_pipe_peek(fd_in, buf, len, flags & SPLICE_F_NONBLOCK);
	ssize_t w = n > 0 ? write(fd_out, buf, (size_t)n) : 0;
	free(buf);
	return n < 0 ? fs_ret(n) : w;
}

/* The bytes of iov, at most max, gathered into buf. */
static size_t gather(char *buf, const struct iovec *iov, size_t count,
		     size_t max)
{
	size_t done = 0;
	for (size_t i = 0; i < count && done < max; i++) {
		size_t n =
		    iov[i].iov_len < max - done ? iov[i].iov_len : max - done;
		memcpy(buf + done, iov[i].iov_base, n);
		done += n;
	}
	return done;
}

ssize_t vmsplice(int fd, const struct iovec *iov, size_t count,
		 unsigned int flags)
{
	if (flags & ~SPLICE_FLAGS)
		return fail(EINVAL);
	struct end e;
	if (end_of(fd, &e) != 0 || !e.pipe)
		return fail(EBADF);
	if (count > IOV_MAX)
		return fail(EINVAL);
	if (count == 0)
		return 0;
	if (!writable(&e)) {
		/* The read end: the pipe's bytes into the memory. */
		struct pollfd p = {fd, POLLIN, 0};
		if ((flags & SPLICE_F_NONBLOCK) && poll(&p, 1, 0) == 0)
			return fail(EAGAIN);
		return readv(fd, iov, (int)count);
	}
	size_t total = 0;
	for (size_t i = 0; i < count; i++)
		total += iov[i].iov_len;
	if (total == 0)
		return 0;
	long room = pipe_room(fd, nonblocking(&e, flags));
	if (room < 0)
		return -1;
	size_t len = total < (size_t)room ? total : (size_t)room;
	char *buf = malloc(len);
	if (!buf)
		return fail(ENOMEM);
	ssize_t w = write(fd, buf, gather(buf, iov, count, len));
	free(buf);
	return w;
}
