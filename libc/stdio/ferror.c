/* The end-of-file and error indicators, and the descriptor. */
#include <errno.h>

#include "stdio_impl.h"

int feof_unlocked(FILE *f)
{
	return (f->_flags & F_EOF) != 0;
}

int ferror_unlocked(FILE *f)
{
	return (f->_flags & F_ERR) != 0;
}

void clearerr_unlocked(FILE *f)
{
	f->_flags &= ~(F_EOF | F_ERR);
}

int fileno_unlocked(FILE *f)
{
	if (f->_fileno < 0) {
		errno = EBADF;
		return -1;
	}
	return f->_fileno;
}

#define LOCKED(type, name)                                                     \
	type name(FILE *f)                                                     \
	{                                                                      \
		stream_lock(to_stream(f));                                     \
		type r = name##_unlocked(f);                                   \
		stream_unlock(to_stream(f));                                   \
		return r;                                                      \
	}

LOCKED(int, feof)
LOCKED(int, ferror)
LOCKED(int, fileno)

void clearerr(FILE *f)
{
	stream_lock(to_stream(f));
	clearerr_unlocked(f);
	stream_unlock(to_stream(f));
}
