/*
 * The wscanf family, on the scanf core (vscan.h, SCAN_WIDE): the format
 * and the input reach it as wide characters in the encoding of
 * format_wide.h.  glibc's headers send C99 programs to the __isoc99_
 * names; the plain ones read "%as" as GNU allocation, as for scanf.
 */
#include <stdlib.h>
#include <wchar.h>

#include "format_wide.h"
#include "stdio_impl.h"
#include "vscan.h"

/* A character at a time from next(), served byte by byte. */
struct wide_source {
	struct scan_source src;
	char enc[WENC_MAX];
	int len, pos;
	wint_t last;
	wint_t (*next)(struct wide_source *w);
	const wchar_t *str; /* swscanf */
	struct stream *s;   /* fwscanf */
};

static int wide_get(struct scan_source *src)
{
	struct wide_source *w = (struct wide_source *)src;

	if (w->pos == w->len) {
		wint_t c = w->next(w);
		w->pos = w->len = 0;
		if (c == WEOF)
			return EOF;
		w->len = wenc_put(w->enc, (wchar_t)c);
		if (!w->len)
			return EOF;
		w->last = c;
	}
	return (unsigned char)w->enc[w->pos++];
}

static void wide_unget(struct scan_source *src, int c)
{
	(void)c;
	((struct wide_source *)src)->pos--;
}

static wint_t string_next(struct wide_source *w)
{
	return *w->str ? (wint_t)*w->str++ : WEOF;
}

static wint_t stream_next(struct wide_source *w)
{
	return osv_stdio_get_wide(w->s);
}

static int scan(struct wide_source *w, const wchar_t *fmt, va_list ap,
		int flags)
{
	char small[256];
	char *enc = osv_wenc_format(fmt, small, sizeof(small));

	if (!enc)
		return EOF;
	w->src.get = wide_get;
	w->src.unget = wide_unget;
	w->len = w->pos = 0;
	int r = osv_scan_core(&w->src, enc, ap, flags | SCAN_WIDE);
	if (enc != small)
		free(enc);
	return r;
}

static int scan_string(const wchar_t *str, const wchar_t *fmt, va_list ap,
		       int flags)
{
	struct wide_source w = {.next = string_next, .str = str};

	return scan(&w, fmt, ap, flags);
}

/* A character read but not taken goes back to the stream. */
static int scan_stream(FILE *f, const wchar_t *fmt, va_list ap, int flags)
{
	struct wide_source w = {.next = stream_next, .s = to_stream(f)};
	int r = EOF;

	stream_lock(w.s);
	if (stream_orient(w.s, 1)) {
		r = scan(&w, fmt, ap, flags);
		if (w.len && w.pos == 0) {
			char buf[8];
			int n = osv_stdio_wide_bytes(buf, (wchar_t)w.last);
			while (n > 0)
				osv_stdio_unget(w.s, (unsigned char)buf[--n]);
		}
	}
	stream_unlock(w.s);
	return r;
}

int __isoc99_vswscanf(const wchar_t *restrict s, const wchar_t *restrict fmt,
		      va_list ap)
{
	return scan_string(s, fmt, ap, 0);
}

int vswscanf(const wchar_t *restrict s, const wchar_t *restrict fmt, va_list ap)
{
	return scan_string(s, fmt, ap, SCAN_GNU_ALLOC_A);
}

int __isoc99_vfwscanf(FILE *restrict f, const wchar_t *restrict fmt, va_list ap)
{
	return scan_stream(f, fmt, ap, 0);
}

int vfwscanf(FILE *restrict f, const wchar_t *restrict fmt, va_list ap)
{
	return scan_stream(f, fmt, ap, SCAN_GNU_ALLOC_A);
}

int __isoc99_vwscanf(const wchar_t *restrict fmt, va_list ap)
{
	return scan_stream(STDIN, fmt, ap, 0);
}

int vwscanf(const wchar_t *restrict fmt, va_list ap)
{
	return scan_stream(STDIN, fmt, ap, SCAN_GNU_ALLOC_A);
}

#define VARIADIC(name, vname, first_type, first)                               \
	int name(first_type first, const wchar_t *restrict fmt, ...)           \
	{                                                                      \
		va_list ap;                                                    \
		va_start(ap, fmt);                                             \
		int r = vname(first, fmt, ap);                                 \
		va_end(ap);                                                    \
		return r;                                                      \
	}

VARIADIC(__isoc99_swscanf, __isoc99_vswscanf, const wchar_t *restrict, s)
VARIADIC(swscanf, vswscanf, const wchar_t *restrict, s)
VARIADIC(__isoc99_fwscanf, __isoc99_vfwscanf, FILE *restrict, f)
VARIADIC(fwscanf, vfwscanf, FILE *restrict, f)

int __isoc99_wscanf(const wchar_t *restrict fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int r = __isoc99_vwscanf(fmt, ap);
	va_end(ap);
	return r;
}

int wscanf(const wchar_t *restrict fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int r = vwscanf(fmt, ap);
	va_end(ap);
	return r;
}
