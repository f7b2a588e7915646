/*
 * <stdio_ext.h>: what gnulib and other portable code ask of a stream's
 * buffer and mode (as Solaris and glibc offer it).  "True" is the flag
 * bits themselves, as glibc returns them.
 */
#include "stdio_impl.h"

#define FSETLOCKING_QUERY 0
#define FSETLOCKING_INTERNAL 1
#define FSETLOCKING_BYCALLER 2

size_t __fbufsize(FILE *f);
int __freading(FILE *f);
int __fwriting(FILE *f);
int __freadable(FILE *f);
int __fwritable(FILE *f);
int __flbf(FILE *f);
void __fpurge(FILE *f);
size_t __fpending(FILE *f);
void _flushlbf(void);
int __fsetlocking(FILE *f, int type);

size_t __fbufsize(FILE *f)
{
	return (size_t)(f->_IO_buf_end - f->_IO_buf_base);
}

/* Read-only, or last used for input (or idle since, with a buffer). */
int __freading(FILE *f)
{
	return (f->_flags & F_NOWR) ||
	       (!(f->_flags & (F_WRITING | F_NORD)) && f->_IO_read_base);
}

/* Write-only, or last used for output. */
int __fwriting(FILE *f)
{
	return f->_flags & (F_NORD | F_WRITING);
}

int __freadable(FILE *f)
{
	return !(f->_flags & F_NORD);
}

int __fwritable(FILE *f)
{
	return !(f->_flags & F_NOWR);
}

int __flbf(FILE *f)
{
	return f->_flags & F_LINEBUF;
}

/* Drops buffered input (pushed-back bytes too) and unwritten output. */
void __fpurge(FILE *f)
{
	struct stream *s = to_stream(f);
	int writing = s->f._flags & F_WRITING;

	osv_stdio_set_idle(s);
	if (writing) {
		s->f._flags |= F_WRITING;
		if (!(s->f._flags & (F_LINEBUF | F_UNBUF)))
			s->f._IO_write_end = s->f._IO_buf_end;
	}
}

size_t __fpending(FILE *f)
{
	if (!(f->_flags & F_WRITING))
		return 0;
	return (size_t)(f->_IO_write_ptr - f->_IO_write_base);
}

static int flush_line_buffered(struct stream *s)
{
	int r = 0;

	stream_lock(s);
	if ((s->f._flags & (F_LINEBUF | F_WRITING)) == (F_LINEBUF | F_WRITING))
		r = osv_stdio_write_out(s);
	stream_unlock(s);
	return r;
}

void _flushlbf(void)
{
	osv_stdio_each(flush_line_buffered);
}

/* FSETLOCKING_BYCALLER: the stdio functions stop taking the lock. */
int __fsetlocking(FILE *f, int type)
{
	int was = f->_flags & _IO_USER_LOCK ? FSETLOCKING_BYCALLER
					    : FSETLOCKING_INTERNAL;
	if (type == FSETLOCKING_BYCALLER)
		f->_flags |= _IO_USER_LOCK;
	else if (type == FSETLOCKING_INTERNAL)
		f->_flags &= ~_IO_USER_LOCK;
	return was;
}
