/*
 * fdopen(): a stream over a descriptor already open.  As in glibc, the
 * descriptor must be open (EBADF) with an access mode that allows the
 * stream's (EINVAL), and "a" turns O_APPEND on.
 */
#include <errno.h>
#include <stdint.h>

#include "fd_io.h"
#include "stdio_impl.h"

static bool allows(int fd_flags, int want)
{
	int have = fd_flags & O_ACCMODE;

	if (want == O_RDWR)
		return have == O_RDWR;
	return have == O_RDWR || have == want;
}

FILE *fdopen(int fd, const char *mode)
{
	struct open_mode m;
	if (!osv_stdio_parse_mode(mode, &m))
		return NULL;
	int fl = fcntl(fd, F_GETFL);
	if (fl < 0)
		return NULL;
	if (!allows(fl, m.oflags & O_ACCMODE)) {
		errno = EINVAL;
		return NULL;
	}
	if ((m.oflags & O_APPEND) && !(fl & O_APPEND) &&
	    fcntl(fd, F_SETFL, fl | O_APPEND) < 0)
		return NULL;
	struct stream *s =
	    osv_stdio_new((void *)(intptr_t)fd, osv_fd_io, m.fflags, fd);
	return s ? &s->f : NULL;
}
