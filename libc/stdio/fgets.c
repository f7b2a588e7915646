/*
 * fgets(): a line, or n - 1 bytes of it.  As in glibc, it fails (NULL)
 * when nothing was read before the end, or when a read error happened
 * during this call, and an error indicator set before is kept.
 */
#include <string.h>

#include "stdio_impl.h"

size_t osv_stdio_get_line(struct stream *s, char *buf, size_t max)
{
	size_t got = 0;

	while (got < max && osv_stdio_peek(s) != EOF) {
		char *p = s->f._IO_read_ptr;
		size_t avail = (size_t)(s->f._IO_read_end - p);
		size_t k = avail < max - got ? avail : max - got;
		char *nl = memchr(p, '\n', k);
		if (nl)
			k = (size_t)(nl - p) + 1;
		memcpy(buf + got, p, k);
		s->f._IO_read_ptr += k;
		got += k;
		if (nl)
			break;
	}
	return got;
}

char *fgets_unlocked(char *restrict buf, int n, FILE *restrict f)
{
	struct stream *s = to_stream(f);

	if (n <= 0 || !stream_orient(s, -1))
		return NULL;
	if (n == 1) {
		buf[0] = '\0';
		return buf;
	}
	int old_error = s->f._flags & F_ERR;
	s->f._flags &= ~F_ERR;
	size_t got = osv_stdio_get_line(s, buf, (size_t)n - 1);
	char *r = buf;
	if (got == 0 || (s->f._flags & F_ERR))
		r = NULL;
	else
		buf[got] = '\0';
	s->f._flags |= old_error;
	return r;
}

char *fgets(char *restrict buf, int n, FILE *restrict f)
{
	struct stream *s = to_stream(f);

	stream_lock(s);
	char *r = fgets_unlocked(buf, n, f);
	stream_unlock(s);
	return r;
}
