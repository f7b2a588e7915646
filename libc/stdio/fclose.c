/*
 * fclose(): output is written, input read ahead given back, the cookie
 * closed and the stream freed.  stdin, stdout and stderr are static:
 * they stay, closed, on the list of open streams, so that once freopen
 * reopens one, fflush(NULL) and exit write it out (glibc's freopen puts
 * it back on its list).
 */
#include <stdlib.h>

#include "stdio_impl.h"

static const cookie_io_functions_t closed_io;

int fclose(FILE *f)
{
	struct stream *s = to_stream(f);

	if (!s->is_static)
		osv_stdio_unlink(s);
	stream_lock(s);
	int r = osv_stdio_close_cookie(s);
	osv_stdio_drop_buffer(s);
	osv_stdio_init(s, NULL, closed_io, F_NORD | F_NOWR, -1);
	stream_unlock(s);
	if (!s->is_static) {
		pthread_mutex_destroy(&s->lock);
		free(s);
	}
	return r;
}
