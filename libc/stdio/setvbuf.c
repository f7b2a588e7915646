/*
 * Choosing the buffering of a stream (before its first transfer, as the
 * standard asks; later it still works: pending output is written
 * first).  A NULL buffer with full or line buffering allocates one of
 * BUFSIZ bytes at the first transfer.
 */
#include <errno.h>

#include "stdio_impl.h"

int setvbuf(FILE *restrict f, char *restrict buf, int mode, size_t size)
{
	struct stream *s = to_stream(f);
	int r = 0;

	if (mode != _IOFBF && mode != _IOLBF && mode != _IONBF) {
		errno = EINVAL;
		return EOF;
	}
	stream_lock(s);
	if (s->f._IO_buf_base && osv_stdio_sync(s)) {
		r = EOF;
		goto out;
	}
	osv_stdio_drop_buffer(s);
	s->f._flags &= ~(F_UNBUF | F_LINEBUF);
	s->mode_chosen = true;
	if (mode == _IONBF)
		s->f._flags |= F_UNBUF;
	else if (mode == _IOLBF)
		s->f._flags |= F_LINEBUF;
	if (mode != _IONBF && buf && size) {
		s->f._IO_buf_base = buf;
		s->f._IO_buf_end = buf + size;
		osv_stdio_set_idle(s);
	}
out:
	stream_unlock(s);
	return r;
}

void setbuf(FILE *restrict f, char *restrict buf)
{
	setvbuf(f, buf, buf ? _IOFBF : _IONBF, BUFSIZ);
}

void setbuffer(FILE *restrict f, char *restrict buf, size_t size)
{
	setvbuf(f, buf, buf ? _IOFBF : _IONBF, size);
}

void setlinebuf(FILE *f)
{
	setvbuf(f, NULL, _IOLBF, 0);
}
