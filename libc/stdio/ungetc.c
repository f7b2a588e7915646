/* ungetc(): see osv_stdio_unget (stream_read.c). */
#include "stdio_impl.h"

int ungetc(int c, FILE *f)
{
	struct stream *s = to_stream(f);

	stream_lock(s);
	int r = stream_orient(s, -1) ? osv_stdio_unget(s, c) : EOF;
	stream_unlock(s);
	return r;
}
