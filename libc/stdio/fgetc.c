/*
 * Reading a byte: the locked functions and the unlocked ones glibc's
 * headers also expand inline (getc_unlocked reads _IO_read_ptr itself).
 * _IO_getc is the name binaries built before glibc 2.28 call.
 */
#include "stdio_impl.h"

int getc_unlocked(FILE *f)
{
	if (f->_IO_read_ptr < f->_IO_read_end)
		return (unsigned char)*f->_IO_read_ptr++;
	return __uflow(f);
}

int fgetc(FILE *f)
{
	struct stream *s = to_stream(f);

	stream_lock(s);
	int c = getc_unlocked(f);
	stream_unlock(s);
	return c;
}

int getchar(void)
{
	return fgetc(STDIN);
}

int getchar_unlocked(void)
{
	return getc_unlocked(STDIN);
}

LIBC_ALIAS(fgetc, getc);
LIBC_ALIAS(fgetc, _IO_getc);
LIBC_ALIAS(getc_unlocked, fgetc_unlocked);
