/*
 * sendfile: Linux's copy between descriptors, here through a buffer with
 * read, pread and write (there is no page cache to splice from).  Built
 * for the host tests too, where those calls are glibc's.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdbool.h>
#include <sys/sendfile.h>
#include <unistd.h>

#include "libc.h"

/* Linux moves at most this much in one call, whatever count asks. */
#define SENDFILE_MAX 0x7ffff000u
#define CHUNK 4096

/*
 * Reads the next piece: at *pos when the caller gave an offset (the
 * descriptor's own offset untouched), else at the descriptor's offset.
 */
static ssize_t read_piece(int fd, char *buf, size_t len, const off_t *pos)
{
	return pos ? pread(fd, buf, len, *pos) : read(fd, buf, len);
}

/*
 * Bytes read but not written go back to the input: Linux's in_fd offset
 * (or *offset) ends after the last byte written.
 */
static void unread(int fd, off_t *pos, size_t len)
{
	if (pos)
		*pos -= (off_t)len;
	else
		lseek(fd, -(off_t)len, SEEK_CUR);
}

/* Whether fd is open, with an access mode other than wrong_mode. */
static bool open_for(int fd, int wrong_mode)
{
	int fl = fcntl(fd, F_GETFL);
	return fl >= 0 && (fl & O_ACCMODE) != wrong_mode;
}

/*
 * Linux's checks come before anything moves, in its order: the input
 * readable, the offset and count not negative, the output writable.
 */
static int check_arguments(int out_fd, int in_fd, const off_t *offset,
			   size_t count)
{
	if (!open_for(in_fd, O_WRONLY))
		return EBADF;
	if ((offset && *offset < 0) || count > SSIZE_MAX)
		return EINVAL;
	if (!open_for(out_fd, O_RDONLY))
		return EBADF;
	return 0;
}

ssize_t sendfile(int out_fd, int in_fd, off_t *offset, size_t count)
{
	int err = check_arguments(out_fd, in_fd, offset, count);
	if (err) {
		errno = err;
		return -1;
	}
	if (count > SENDFILE_MAX)
		count = SENDFILE_MAX;
	char buf[CHUNK];
	size_t done = 0;
	while (done < count) {
		size_t want = count - done < CHUNK ? count - done : CHUNK;
		ssize_t got = read_piece(in_fd, buf, want, offset);
		if (got <= 0)
			return got < 0 && done == 0 ? -1 : (ssize_t)done;
		if (offset)
			*offset += got;
		ssize_t put = 0;
		while (put < got) {
			ssize_t w =
			    write(out_fd, buf + put, (size_t)(got - put));
			if (w <= 0)
				break;
			put += w;
		}
		done += (size_t)put;
		if (put < got) {
			int saved = errno;
			unread(in_fd, offset, (size_t)(got - put));
			errno = saved;
			return done ? (ssize_t)done : -1;
		}
		if ((size_t)got < want)
			break;
	}
	return (ssize_t)done;
}

LIBC_ALIAS(sendfile, sendfile64);
