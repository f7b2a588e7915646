/*
 * open_memstream(): a write-only stream into a buffer that grows, by
 * POSIX 2008's rules.  On every transfer to the cookie (fflush, fclose,
 * a full stream buffer) *bufp and *sizep are updated: the size is the
 * smaller of the length and the position; the data is followed by a
 * NUL; SEEK_END counts from the length; a write after a seek past the
 * end leaves zeros in the gap.  (glibc 2.36 departs from POSIX after
 * some seeks: its end moves back to the position.)
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "stdio_impl.h"

struct memstream {
	char **bufp;
	size_t *sizep;
	char *buf;
	size_t cap, len, pos;
};

static void publish(struct memstream *m)
{
	*m->bufp = m->buf;
	*m->sizep = m->pos < m->len ? m->pos : m->len;
}

/* Room for n bytes and a NUL; new space is zeroed (so are the gaps). */
static bool reserve(struct memstream *m, size_t n)
{
	if (n < m->cap)
		return true;
	size_t cap = m->cap * 2 > n + 1 ? m->cap * 2 : n + 1;
	char *p = realloc(m->buf, cap);
	if (!p)
		return false;
	memset(p + m->cap, 0, cap - m->cap);
	m->buf = p;
	m->cap = cap;
	return true;
}

static ssize_t ms_write(void *cookie, const char *p, size_t n)
{
	struct memstream *m = cookie;

	if (n > SIZE_MAX / 2 - m->pos || !reserve(m, m->pos + n)) {
		errno = ENOMEM;
		return -1;
	}
	memcpy(m->buf + m->pos, p, n);
	m->pos += n;
	if (m->pos > m->len)
		m->len = m->pos;
	publish(m);
	return (ssize_t)n;
}

static int ms_seek(void *cookie, off64_t *off, int whence)
{
	struct memstream *m = cookie;
	off64_t base = whence == SEEK_SET   ? 0
		       : whence == SEEK_CUR ? (off64_t)m->pos
					    : (off64_t)m->len;

	if (*off < -base || *off > (off64_t)(SIZE_MAX / 2) - base) {
		errno = EINVAL;
		return -1;
	}
	m->pos = (size_t)(base + *off);
	*off = (off64_t)m->pos;
	publish(m);
	return 0;
}

static int ms_close(void *cookie)
{
	struct memstream *m = cookie;

	publish(m);
	free(m);
	return 0;
}

static const cookie_io_functions_t memstream_io = {NULL, ms_write, ms_seek,
						   ms_close};

FILE *open_memstream(char **bufp, size_t *sizep)
{
	if (!bufp || !sizep) {
		errno = EINVAL;
		return NULL;
	}
	struct memstream *m = calloc(1, sizeof(*m));
	if (!m)
		return NULL;
	m->bufp = bufp;
	m->sizep = sizep;
	m->cap = 64;
	m->buf = calloc(1, m->cap);
	if (!m->buf) {
		free(m);
		return NULL;
	}
	publish(m);
	struct stream *s = osv_stdio_new(m, memstream_io, F_NORD, -1);
	if (!s) {
		free(m->buf);
		free(m);
		return NULL;
	}
	return &s->f;
}
