/*
 * fflush(): a stream's output is written; on an input stream, what was
 * read ahead is given back to a seekable file.  fflush(NULL) writes the
 * output of every stream.
 */
#include "stdio_impl.h"

extern inline bool stream_needs_lock(const struct stream *s);
extern inline void stream_lock(struct stream *s);
extern inline void stream_unlock(struct stream *s);

static int flush_output(struct stream *s)
{
	int r = 0;

	stream_lock(s);
	if (s->f._flags & F_WRITING)
		r = osv_stdio_write_out(s);
	stream_unlock(s);
	return r;
}

int fflush(FILE *f)
{
	if (!f)
		return osv_stdio_each(flush_output);
	struct stream *s = to_stream(f);
	stream_lock(s);
	int r = osv_stdio_flush(s);
	stream_unlock(s);
	return r;
}

int fflush_unlocked(FILE *f)
{
	if (!f)
		return fflush(NULL);
	return osv_stdio_flush(to_stream(f));
}
