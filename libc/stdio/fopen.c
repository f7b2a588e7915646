/* fopen(): a stream over a newly opened file. */
#include <stdint.h>

#include "fd_io.h"
#include "stdio_impl.h"

/* Appending without reading starts at the end, so that ftell() says so. */
FILE *fopen(const char *restrict path, const char *restrict mode)
{
	struct open_mode m;
	if (!osv_stdio_parse_mode(mode, &m))
		return NULL;
	int fd = open(path, m.oflags, 0666);
	if (fd < 0)
		return NULL;
	struct stream *s =
	    osv_stdio_new((void *)(intptr_t)fd, osv_fd_io, m.fflags, fd);
	if (!s) {
		close(fd);
		return NULL;
	}
	if ((m.fflags & (F_APPEND | F_NORD)) == (F_APPEND | F_NORD))
		lseek(fd, 0, SEEK_END);
	return &s->f;
}

LIBC_ALIAS(fopen, fopen64);
