/* fopencookie(): a stream over the caller's four functions. */
#include "stdio_impl.h"

FILE *fopencookie(void *restrict cookie, const char *restrict mode,
		  cookie_io_functions_t io)
{
	struct open_mode m;
	if (!osv_stdio_parse_mode(mode, &m))
		return NULL;
	struct stream *s = osv_stdio_new(cookie, io, m.fflags, -1);
	return s ? &s->f : NULL;
}
