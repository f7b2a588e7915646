/* fread(): whole elements read; a short count at the end or an error. */
#include "stdio_impl.h"

size_t fread_unlocked(void *restrict p, size_t size, size_t n, FILE *restrict f)
{
	size_t total;

	if (__builtin_mul_overflow(size, n, &total) || total == 0 ||
	    !stream_orient(to_stream(f), -1))
		return 0;
	size_t done = osv_stdio_read(to_stream(f), p, total);
	return done == total ? n : done / size;
}

size_t fread(void *restrict p, size_t size, size_t n, FILE *restrict f)
{
	struct stream *s = to_stream(f);

	stream_lock(s);
	size_t r = fread_unlocked(p, size, n, f);
	stream_unlock(s);
	return r;
}
