/* Positions of a stream, and closing its cookie. */
#include <errno.h>

#include "stdio_impl.h"

/*
 * The cookie's position, less what was read ahead or plus what waits to
 * be written.  Appending output lands at the end, whatever the position.
 */
off64_t osv_stdio_tell(struct stream *s)
{
	off64_t pos = 0;
	bool writing = s->f._flags & F_WRITING;
	int whence = writing && (s->f._flags & F_APPEND) ? SEEK_END : SEEK_CUR;

	if (!s->io.seek) {
		errno = ESPIPE;
		return -1;
	}
	if (s->io.seek(s->cookie, &pos, whence) < 0)
		return -1;
	if (writing)
		pos += s->f._IO_write_ptr - s->f._IO_write_base;
	else
		pos -= (off64_t)osv_stdio_unread(s);
	if (pos < 0) {
		errno = EIO;
		return -1;
	}
	return pos;
}

/* Input read ahead and pushed back is dropped; output is written first. */
int osv_stdio_seek(struct stream *s, off64_t off, int whence)
{
	if (whence != SEEK_SET && whence != SEEK_CUR && whence != SEEK_END) {
		errno = EINVAL;
		return -1;
	}
	if (!s->io.seek) {
		errno = ESPIPE;
		return -1;
	}
	if (s->f._flags & F_WRITING) {
		if (osv_stdio_write_out(s))
			return -1;
	} else if (whence == SEEK_CUR) {
		off -= (off64_t)osv_stdio_unread(s);
	}
	if (s->io.seek(s->cookie, &off, whence) < 0)
		return -1;
	osv_stdio_set_idle(s);
	s->f._flags &= ~F_EOF;
	return 0;
}

int osv_stdio_close_cookie(struct stream *s)
{
	int r = 0;

	if (s->f._IO_buf_base && osv_stdio_sync(s))
		r = EOF;
	if (s->io.close && s->io.close(s->cookie) < 0)
		r = EOF;
	return r;
}
