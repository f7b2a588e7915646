/* Moving a stream: fseek and friends, rewind, fsetpos. */
#include <errno.h>

#include "stdio_impl.h"

int fseeko64(FILE *f, off64_t off, int whence)
{
	struct stream *s = to_stream(f);

	stream_lock(s);
	int r = osv_stdio_seek(s, off, whence);
	stream_unlock(s);
	return r;
}

LIBC_ALIAS(fseeko64, fseeko);
LIBC_ALIAS(fseeko64, fseek);

int fsetpos(FILE *f, const fpos_t *pos)
{
	return fseeko64(f, pos->__pos, SEEK_SET);
}

LIBC_ALIAS(fsetpos, fsetpos64);

/* rewind() also clears the error indicator. */
void rewind(FILE *f)
{
	struct stream *s = to_stream(f);

	stream_lock(s);
	osv_stdio_seek(s, 0, SEEK_SET);
	s->f._flags &= ~F_ERR;
	stream_unlock(s);
}
