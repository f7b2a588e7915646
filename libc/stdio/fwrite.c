/* fwrite(): whole elements written; a short count on an error. */
#include <errno.h>

#include "stdio_impl.h"

size_t fwrite_unlocked(const void *restrict p, size_t size, size_t n,
		       FILE *restrict f)
{
	size_t total;

	if (__builtin_mul_overflow(size, n, &total)) {
		errno = EOVERFLOW;
		to_stream(f)->f._flags |= F_ERR;
		return 0;
	}
	if (total == 0 || !stream_orient(to_stream(f), -1))
		return 0;
	size_t done = osv_stdio_write(to_stream(f), p, total);
	return done == total ? n : done / size;
}

size_t fwrite(const void *restrict p, size_t size, size_t n, FILE *restrict f)
{
	struct stream *s = to_stream(f);

	stream_lock(s);
	size_t r = fwrite_unlocked(p, size, n, f);
	stream_unlock(s);
	return r;
}
