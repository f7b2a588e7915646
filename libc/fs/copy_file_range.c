/*
 * copy_file_range: Linux's copy between two regular files, here through
 * a buffer with the descriptors' reads and writes (no file system
 * shares extents).  Linux's checks come first, in its order.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <sys/stat.h>
#include <unistd.h>

#define CHUNK 4096

static int fail(int err)
{
	errno = err;
	return -1;
}

static bool overlap(off_t a, off_t b, size_t len)
{
	return a < b ? b - a < (off_t)len : a - b < (off_t)len;
}

static int check_files(int fd_in, const off_t *off_in, int fd_out,
		       const off_t *off_out, size_t len)
{
	int in_fl = fcntl(fd_in, F_GETFL), out_fl = fcntl(fd_out, F_GETFL);
	if (in_fl < 0 || (in_fl & O_ACCMODE) == O_WRONLY || out_fl < 0 ||
	    (out_fl & O_ACCMODE) == O_RDONLY || (out_fl & O_APPEND))
		return EBADF;
	struct stat in, out;
	if (fstat(fd_in, &in) < 0 || fstat(fd_out, &out) < 0)
		return errno;
	if (S_ISDIR(in.st_mode) || S_ISDIR(out.st_mode))
		return EISDIR;
	if (!S_ISREG(in.st_mode) || !S_ISREG(out.st_mode))
		return EINVAL;
	off_t from = off_in ? *off_in : lseek(fd_in, 0, SEEK_CUR);
	off_t to = off_out ? *off_out : lseek(fd_out, 0, SEEK_CUR);
	if (from < 0 || to < 0)
		return EINVAL;
	if (in.st_dev == out.st_dev && in.st_ino == out.st_ino &&
	    overlap(from, to, len))
		return EINVAL;
	return 0;
}

/* One piece at the caller's offset or the descriptor's. */
static ssize_t copy_piece(int fd_in, off_t *off_in, int fd_out, off_t *off_out,
			  size_t len)
{
	char buf[CHUNK];
	ssize_t got =
	    off_in ? pread(fd_in, buf, len, *off_in) : read(fd_in, buf, len);
	if (got <= 0)
		return got;
	ssize_t put = off_out ? pwrite(fd_out, buf, (size_t)got, *off_out)
			      : write(fd_out, buf, (size_t)got);
	if (put < 0)
		return put;
	if (put < got && !off_in)
		lseek(fd_in, put - got, SEEK_CUR);
	if (off_in)
		*off_in += put;
	if (off_out)
		*off_out += put;
	return put;
}

ssize_t copy_file_range(int fd_in, off_t *off_in, int fd_out, off_t *off_out,
			size_t len, unsigned int flags)
{
	if (flags)
		return fail(EINVAL);
	int err = check_files(fd_in, off_in, fd_out, off_out, len);
	if (err)
		return fail(err);
	size_t done = 0;
	while (done < len) {
		size_t want = len - done < CHUNK ? len - done : CHUNK;
		ssize_t n = copy_piece(fd_in, off_in, fd_out, off_out, want);
		if (n < 0)
			return done ? (ssize_t)done : -1;
		if (n == 0)
			break;
		done += (size_t)n;
		if ((size_t)n < want)
			break;
	}
	return (ssize_t)done;
}
