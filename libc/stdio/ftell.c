/* Where a stream is: ftell and friends, fgetpos. */
#include <string.h>

#include "stdio_impl.h"

off64_t ftello64(FILE *f)
{
	struct stream *s = to_stream(f);

	stream_lock(s);
	off64_t r = osv_stdio_tell(s);
	stream_unlock(s);
	return r;
}

LIBC_ALIAS(ftello64, ftello);
LIBC_ALIAS(ftello64, ftell);

int fgetpos(FILE *restrict f, fpos_t *restrict pos)
{
	off64_t r = ftello64(f);
	if (r < 0)
		return -1;
	memset(pos, 0, sizeof(*pos));
	pos->__pos = r;
	return 0;
}

LIBC_ALIAS(fgetpos, fgetpos64);
