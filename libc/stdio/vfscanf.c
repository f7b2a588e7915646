/*
 * The scanf family on streams.  glibc's headers send C99 programs to the
 * __isoc99_ names; the plain names keep the GNU reading of "%as"
 * (allocation) for older binaries, as for sscanf.
 */
#include "stdio_impl.h"
#include "vscan.h"

struct stream_source {
	struct scan_source src;
	struct stream *s;
};

static int stream_get(struct scan_source *src)
{
	return getc_unlocked(&((struct stream_source *)src)->s->f);
}

static void stream_unget(struct scan_source *src, int c)
{
	osv_stdio_unget(((struct stream_source *)src)->s, c);
}

static int scan_stream(FILE *f, const char *fmt, va_list ap, int flags)
{
	struct stream_source ss = {{stream_get, stream_unget}, to_stream(f)};

	stream_lock(ss.s);
	int r = stream_orient(ss.s, -1) ? osv_scan_core(&ss.src, fmt, ap, flags)
					 : EOF;
	stream_unlock(ss.s);
	return r;
}

int __isoc99_vfscanf(FILE *restrict f, const char *restrict fmt, va_list ap)
{
	return scan_stream(f, fmt, ap, 0);
}

int vfscanf(FILE *restrict f, const char *restrict fmt, va_list ap)
{
	return scan_stream(f, fmt, ap, SCAN_GNU_ALLOC_A);
}

int __isoc99_vscanf(const char *restrict fmt, va_list ap)
{
	return scan_stream(STDIN, fmt, ap, 0);
}

int vscanf(const char *restrict fmt, va_list ap)
{
	return scan_stream(STDIN, fmt, ap, SCAN_GNU_ALLOC_A);
}

int __isoc99_fscanf(FILE *restrict f, const char *restrict fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int r = __isoc99_vfscanf(f, fmt, ap);
	va_end(ap);
	return r;
}

int fscanf(FILE *restrict f, const char *restrict fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int r = vfscanf(f, fmt, ap);
	va_end(ap);
	return r;
}

int __isoc99_scanf(const char *restrict fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int r = __isoc99_vscanf(fmt, ap);
	va_end(ap);
	return r;
}

int scanf(const char *restrict fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int r = vscanf(fmt, ap);
	va_end(ap);
	return r;
}
