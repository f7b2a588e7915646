/*
 * The cookie functions of streams over file descriptors (fopen, fdopen,
 * stdin, stdout, stderr): the cookie is the descriptor.
 */
#include <stdint.h>

#include "fd_io.h"
#include "stdio_impl.h"

static int cookie_fd(void *cookie)
{
	return (int)(intptr_t)cookie;
}

ssize_t osv_fd_read(void *cookie, char *buf, size_t n)
{
	return read(cookie_fd(cookie), buf, n);
}

/* A short write (a pipe, a signal) is retried: the stream wants it all. */
ssize_t osv_fd_write(void *cookie, const char *buf, size_t n)
{
	size_t done = 0;

	while (done < n) {
		ssize_t k = write(cookie_fd(cookie), buf + done, n - done);
		if (k <= 0)
			return done ? (ssize_t)done : -1;
		done += (size_t)k;
	}
	return (ssize_t)done;
}

int osv_fd_seek(void *cookie, off64_t *pos, int whence)
{
	off_t r = lseek(cookie_fd(cookie), *pos, whence);
	if (r < 0)
		return -1;
	*pos = r;
	return 0;
}

int osv_fd_close(void *cookie)
{
	return close(cookie_fd(cookie));
}

const cookie_io_functions_t osv_fd_io = {
    .read = osv_fd_read,
    .write = osv_fd_write,
    .seek = osv_fd_seek,
    .close = osv_fd_close,
};
