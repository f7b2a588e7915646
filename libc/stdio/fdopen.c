/* fdopen(): a stream over a descriptor already open. */
#include <errno.h>
#include <stdint.h>

#include "fd_io.h"
#include "stdio_impl.h"

FILE *fdopen(int fd, const char *mode)
{
	struct open_mode m;
	if (!osv_stdio_parse_mode(mode, &m))
		return NULL;
	if (fd < 0) {
		errno = EBADF;
		return NULL;
	}
	struct stream *s =
	    osv_stdio_new((void *)(intptr_t)fd, osv_fd_io, m.fflags, fd);
	return s ? &s->f : NULL;
}
