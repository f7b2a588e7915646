/*
 * Wide characters on streams: fwide, fputwc, fgetwc, ungetwc, fputws,
 * fgetws and their other names.  A wide stream keeps the byte buffer:
 * characters are converted to the multibyte form of the calling thread's
 * locale on the way out and back on the way in (UTF-8 in C.UTF-8; in
 * the C locale ASCII, other characters written as '?' as glibc's
 * conversion to ANSI_X3.4-1968 does).
 */
#include <errno.h>
#include <string.h>
#include <wchar.h>

#include "format_wide.h"
#include "locale_impl.h"
#include "stdio_impl.h"

/*
 * As glibc's converters for streams: in UTF-8, a surrogate becomes '?'
 * and values past Unicode take the old 4- to 6-byte forms; in ASCII,
 * every other character becomes '?', and so do negative values
 * everywhere (glibc also transliterates some,
 * e.g. the euro sign to "EUR": not done here).
 */
int osv_stdio_wide_bytes(char *buf, wchar_t c)
{
	bool utf8 = locale_utf8();

	if (c >= 0 && (c < 0x80 || (utf8 && (c < 0xd800 || c > 0xdfff))))
		return wenc_put(buf, c);
	buf[0] = '?';
	return 1;
}

/* Fails the stream with EILSEQ. */
static wint_t bad_char(struct stream *s)
{
	s->f._flags |= F_ERR;
	errno = EILSEQ;
	return WEOF;
}

wint_t osv_stdio_put_wide(struct stream *s, wchar_t c)
{
	char buf[8];
	int n = osv_stdio_wide_bytes(buf, c);

	if (osv_stdio_write(s, buf, (size_t)n) != (size_t)n)
		return WEOF;
	return (wint_t)c;
}

/*
 * An invalid sequence stays unread, as in glibc: reading again fails
 * again, with the error indicator set.
 */
wint_t osv_stdio_get_wide(struct stream *s)
{
	char taken[8];
	int n = 0;
	mbstate_t st;
	wchar_t wc;

	memset(&st, 0, sizeof(st));
	for (;;) {
		int b = osv_stdio_peek(s);
		if (b == EOF) {
			if (n == 0 || (s->f._flags & F_ERR))
				return WEOF;
			break; /* the input ends inside a character */
		}
		char ch = (char)b;
		size_t r = mbrtowc(&wc, &ch, 1, &st);
		if (r == (size_t)-1)
			break;
		s->f._IO_read_ptr++;
		taken[n++] = ch;
		if (r != (size_t)-2)
			return (wint_t)wc;
	}
	while (n)
		osv_stdio_unget(s, (unsigned char)taken[--n]);
	return bad_char(s);
}

int fwide(FILE *f, int mode)
{
	struct stream *s = to_stream(f);

	stream_lock(s);
	if (mode)
		stream_orient(s, mode);
	int r = s->f._mode;
	stream_unlock(s);
	return r;
}

wint_t fputwc_unlocked(wchar_t wc, FILE *f)
{
	struct stream *s = to_stream(f);

	return stream_orient(s, 1) ? osv_stdio_put_wide(s, wc) : WEOF;
}

wint_t fputwc(wchar_t wc, FILE *f)
{
	struct stream *s = to_stream(f);

	stream_lock(s);
	wint_t r = fputwc_unlocked(wc, f);
	stream_unlock(s);
	return r;
}

wint_t putwchar(wchar_t wc)
{
	return fputwc(wc, STDOUT);
}

wint_t putwchar_unlocked(wchar_t wc)
{
	return fputwc_unlocked(wc, STDOUT);
}

wint_t fgetwc_unlocked(FILE *f)
{
	struct stream *s = to_stream(f);

	return stream_orient(s, 1) ? osv_stdio_get_wide(s) : WEOF;
}

wint_t fgetwc(FILE *f)
{
	struct stream *s = to_stream(f);

	stream_lock(s);
	wint_t r = fgetwc_unlocked(f);
	stream_unlock(s);
	return r;
}

wint_t getwchar(void)
{
	return fgetwc(STDIN);
}

wint_t getwchar_unlocked(void)
{
	return fgetwc_unlocked(STDIN);
}

/*
 * The character goes back as its multibyte form, so one the locale
 * cannot represent (above 0x7f in the C locale) cannot go back.
 */
wint_t ungetwc(wint_t wc, FILE *f)
{
	struct stream *s = to_stream(f);
	char buf[8];
	mbstate_t st;
	wint_t r = WEOF;

	stream_lock(s);
	memset(&st, 0, sizeof(st));
	size_t n = wc == WEOF ? (size_t)-1 : wcrtomb(buf, (wchar_t)wc, &st);
	if (stream_orient(s, 1) && n != (size_t)-1 && n <= UNGET_MAX) {
		r = wc;
		while (n)
			if (osv_stdio_unget(s, (unsigned char)buf[--n]) == EOF)
				r = WEOF;
	}
	stream_unlock(s);
	return r;
}

/* glibc's success value is 1. */
int fputws_unlocked(const wchar_t *restrict ws, FILE *restrict f)
{
	struct stream *s = to_stream(f);
	char buf[256];
	size_t used = 0;

	if (!stream_orient(s, 1))
		return -1;
	for (; *ws; ws++) {
		if (used > sizeof(buf) - 8) {
			if (osv_stdio_write(s, buf, used) != used)
				return -1;
			used = 0;
		}
		used += (size_t)osv_stdio_wide_bytes(buf + used, *ws);
	}
	return osv_stdio_write(s, buf, used) == used ? 1 : -1;
}

int fputws(const wchar_t *restrict ws, FILE *restrict f)
{
	struct stream *s = to_stream(f);

	stream_lock(s);
	int r = fputws_unlocked(ws, f);
	stream_unlock(s);
	return r;
}

/* As fgets: NULL when nothing was read, or on an error in this call. */
wchar_t *fgetws_unlocked(wchar_t *restrict ws, int n, FILE *restrict f)
{
	struct stream *s = to_stream(f);

	if (n <= 0 || !stream_orient(s, 1))
		return NULL;
	int old_error = s->f._flags & F_ERR;
	s->f._flags &= ~F_ERR;
	int got = 0;
	while (got < n - 1) {
		wint_t c = osv_stdio_get_wide(s);
		if (c == WEOF)
			break;
		ws[got++] = (wchar_t)c;
		if (c == L'\n')
			break;
	}
	wchar_t *r = ws;
	if ((got == 0 && n > 1) || (s->f._flags & F_ERR))
		r = NULL;
	else
		ws[got] = 0;
	s->f._flags |= old_error;
	return r;
}

wchar_t *fgetws(wchar_t *restrict ws, int n, FILE *restrict f)
{
	struct stream *s = to_stream(f);

	stream_lock(s);
	wchar_t *r = fgetws_unlocked(ws, n, f);
	stream_unlock(s);
	return r;
}

LIBC_ALIAS(fputwc, putwc);
LIBC_ALIAS(fputwc_unlocked, putwc_unlocked);
LIBC_ALIAS(fgetwc, getwc);
LIBC_ALIAS(fgetwc_unlocked, getwc_unlocked);
