/*
 * fopen()'s mode strings, as glibc reads them: the first character says
 * read, write or append; then '+' opens for both, 'x' fails for an
 * existing file, 'e' sets close-on-exec; 'b', 'm', 'c' and anything
 * else are ignored, and ",ccs=" ends the mode.
 */
#include <errno.h>

#include "fd_io.h"
#include "stdio_impl.h"

bool osv_stdio_parse_mode(const char *mode, struct open_mode *m)
{
	switch (*mode) {
	case 'r':
		m->oflags = O_RDONLY;
		m->fflags = F_NOWR;
		break;
	case 'w':
		m->oflags = O_WRONLY | O_CREAT | O_TRUNC;
		m->fflags = F_NORD;
		break;
	case 'a':
		m->oflags = O_WRONLY | O_CREAT | O_APPEND;
		m->fflags = F_NORD | F_APPEND;
		break;
	default:
		errno = EINVAL;
		return false;
	}
	for (const char *p = mode + 1; *p && *p != ','; p++) {
		if (*p == '+') {
			m->oflags = (m->oflags & ~O_ACCMODE) | O_RDWR;
			m->fflags &= ~(F_NORD | F_NOWR);
		} else if (*p == 'x') {
			m->oflags |= O_EXCL;
		} else if (*p == 'e') {
			m->oflags |= O_CLOEXEC;
		}
	}
	return true;
}
