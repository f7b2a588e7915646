/*
 * freopen(): the stream object is kept (stdout stays stdout) and its
 * descriptor number too, when the new file gets another one: freopen of
 * stdout makes descriptor 1 the new file, as in glibc.  Without a path
 * the descriptor is kept and only the mode changes.  When the new file
 * cannot be opened the stream stays closed.
 */
#include <errno.h>
#include <stdint.h>

#include "fd_io.h"
#include "stdio_impl.h"

static const cookie_io_functions_t closed_io;

static int reopen_fd(const char *path, const struct open_mode *m, int old)
{
	if (!path)
		return old;
	int fd = open(path, m->oflags, 0666);
	if (fd < 0 || old < 0 || fd == old)
		return fd;
	if (dup2(fd, old) < 0) {
		close(fd);
		return -1;
	}
	close(fd);
	return old;
}

FILE *freopen(const char *restrict path, const char *restrict mode,
	      FILE *restrict f)
{
	struct stream *s = to_stream(f);
	struct open_mode m;
	FILE *r = NULL;

	stream_lock(s);
	int old = s->io.read == osv_fd_read ? s->f._fileno : -1;
	if (!path && old < 0) {
		errno = EBADF;
		goto out;
	}
	osv_stdio_sync(s);
	if (path && s->io.close)
		s->io.close(s->cookie);
	osv_stdio_drop_buffer(s);
	osv_stdio_init(s, NULL, closed_io, F_NORD | F_NOWR, -1);
	if (!osv_stdio_parse_mode(mode, &m))
		goto out;
	int fd = reopen_fd(path, &m, old);
	if (fd < 0)
		goto out;
	osv_stdio_init(s, (void *)(intptr_t)fd, osv_fd_io, m.fflags, fd);
	if ((m.fflags & (F_APPEND | F_NORD)) == (F_APPEND | F_NORD))
		lseek(fd, 0, SEEK_END);
	r = f;
out:
	stream_unlock(s);
	return r;
}

LIBC_ALIAS(freopen, freopen64);
