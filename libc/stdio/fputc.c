/*
 * Writing a byte: the locked functions and the unlocked ones glibc's
 * headers also expand inline (putc_unlocked writes at _IO_write_ptr).
 * _IO_putc is the name binaries built before glibc 2.28 call.
 */
#include "stdio_impl.h"

int putc_unlocked(int c, FILE *f)
{
	if (f->_IO_write_ptr < f->_IO_write_end)
		return (unsigned char)(*f->_IO_write_ptr++ = (char)c);
	return __overflow(f, (unsigned char)c);
}

int fputc(int c, FILE *f)
{
	struct stream *s = to_stream(f);

	stream_lock(s);
	int r = putc_unlocked(c, f);
	stream_unlock(s);
	return r;
}

int putchar(int c)
{
	return fputc(c, STDOUT);
}

int putchar_unlocked(int c)
{
	return putc_unlocked(c, STDOUT);
}

LIBC_ALIAS(fputc, putc);
LIBC_ALIAS(fputc, _IO_putc);
LIBC_ALIAS(putc_unlocked, fputc_unlocked);
