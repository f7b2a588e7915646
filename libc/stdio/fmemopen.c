/*
 * fmemopen(): a stream over a caller's buffer of fixed size (or one it
 * allocates when buf is NULL), with POSIX 2008's rules as glibc 2.22 and
 * later follow them:
 *  - the data ends at `end`: size for "r" and "r+", the first NUL for
 *    "a" and "a+", 0 for "w" and "w+" ("w+" stores a NUL at buf[0],
 *    "w" leaves the buffer alone until written);
 *  - writes stop at size (ENOSPC when nothing fits); writing past the end
 *    moves it, and a NUL follows the data when there is room for it (for
 *    update modes, at the buffer's last byte when there is not);
 *  - reads stop at the end; seeks may go anywhere up to size.
 * Like any stream it is fully buffered: the buffer changes on fflush().
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "stdio_impl.h"

struct mem_cookie {
	char *buf;
	size_t size, pos, end;
	bool append, own;
};

static ssize_t mem_read(void *cookie, char *p, size_t n)
{
	struct mem_cookie *c = cookie;
	size_t left = c->end > c->pos ? c->end - c->pos : 0;

	if (n > left)
		n = left;
	memcpy(p, c->buf + c->pos, n);
	c->pos += n;
	return (ssize_t)n;
}

static ssize_t mem_write(void *cookie, const char *p, size_t n)
{
	struct mem_cookie *c = cookie;
	size_t pos = c->append ? c->end : c->pos;
	bool add_nul = n == 0 || p[n - 1] != '\0';

	if (n > c->size - pos) {
		if (c->pos + add_nul >= c->size) {
			errno = ENOSPC;
			return 0;
		}
		n = c->size - pos;
	}
	memcpy(c->buf + pos, p, n);
	c->pos = pos + n;
	if (c->pos > c->end) {
		c->end = c->pos;
		if (c->end < c->size && add_nul)
			c->buf[c->end] = '\0';
		else if (!c->append && add_nul)
			c->buf[c->size - 1] = '\0';
	}
	return (ssize_t)n;
}

static int mem_seek(void *cookie, off64_t *off, int whence)
{
	struct mem_cookie *c = cookie;
	off64_t base = whence == SEEK_SET   ? 0
		       : whence == SEEK_CUR ? (off64_t)c->pos
					    : (off64_t)c->end;

	if (*off < -base || *off > (off64_t)c->size - base) {
		errno = EINVAL;
		return -1;
	}
	c->pos = (size_t)(base + *off);
	*off = (off64_t)c->pos;
	return 0;
}

static int mem_close(void *cookie)
{
	struct mem_cookie *c = cookie;

	if (c->own)
		free(c->buf);
	free(c);
	return 0;
}

static const cookie_io_functions_t mem_io = {mem_read, mem_write, mem_seek,
					     mem_close};

FILE *fmemopen(void *buf, size_t size, const char *mode)
{
	struct open_mode m;
	struct mem_cookie *c;

	if (!osv_stdio_parse_mode(mode, &m))
		return NULL;
	c = calloc(1, sizeof(*c));
	if (!c)
		return NULL;
	c->own = !buf;
	c->buf = buf ? buf : malloc(size ? size : 1);
	if (!c->buf) {
		free(c);
		return NULL;
	}
	c->size = size;
	if (mode[0] == 'r')
		c->end = size;
	else if (mode[0] == 'a' && buf)
		c->end = strnlen(c->buf, size);
	if (size && (!buf || (mode[0] == 'w' && !(m.fflags & F_NORD))))
		c->buf[0] = '\0';
	c->append = mode[0] == 'a';
	c->pos = c->append ? c->end : 0;

	struct stream *s = osv_stdio_new(c, mem_io, m.fflags & ~F_APPEND, -1);
	if (!s) {
		mem_close(c);
		return NULL;
	}
	return &s->f;
}
