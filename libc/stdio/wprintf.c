/*
 * The wprintf family.  The formatting core works on bytes: the wide
 * format is handed to it in the encoding of format_wide.h, the core
 * writes wide output in that encoding too (counting characters), and the
 * sinks here decode it into a wide buffer or a stream.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "format_wide.h"
#include "stdio_impl.h"
#include "vformat.h"

struct wide_sink {
	struct format_sink sink;
	int err; /* errno as the call began, for %m */
	struct wenc_dec dec;
	void (*put)(struct wide_sink *w, wchar_t c);
};

static void wide_put(struct format_sink *sink, const char *p, size_t n)
{
	struct wide_sink *w = (struct wide_sink *)sink;
	wchar_t c;

	for (size_t i = 0; i < n; i++)
		if (wenc_take(&w->dec, p[i], &c))
			w->put(w, c);
}

static int wide_errno(struct format_sink *sink)
{
	return ((struct wide_sink *)sink)->err;
}

static void wide_sink_init(struct wide_sink *w,
			   void (*put)(struct wide_sink *w, wchar_t c))
{
	w->sink.put = wide_put;
	w->sink.errno_value = wide_errno;
	w->sink.mb = &osv_format_mb;
	w->sink.wide = 1;
	w->err = errno;
	w->dec.left = 0;
	w->put = put;
}

char *osv_wenc_format(const wchar_t *fmt, char *small, size_t cap)
{
	char *enc = small;
	size_t len = 0;

	for (const wchar_t *p = fmt;; p++) {
		if (cap - len < WENC_MAX + 1) {
			char *q = realloc(enc == small ? NULL : enc, cap * 2);
			if (!q)
				goto fail;
			if (enc == small)
				memcpy(q, small, len);
			enc = q;
			cap *= 2;
		}
		if (!*p)
			break;
		int k = wenc_put(enc + len, *p);
		if (!k) {
			errno = EILSEQ;
			goto fail;
		}
		len += (size_t)k;
	}
	enc[len] = '\0';
	return enc;
fail:
	if (enc != small)
		free(enc);
	return NULL;
}

/* Formats the wide format fmt through the sink: osv_vformat's result. */
static int vwformat(struct wide_sink *w, const wchar_t *fmt, va_list ap)
{
	char small[256];
	char *enc = osv_wenc_format(fmt, small, sizeof(small));

	if (!enc)
		return -1;
	int r = osv_vformat(&w->sink, enc, ap);
	if (enc != small)
		free(enc);
	return r;
}

/* Into a wide buffer of n characters, the last one for the L'\0'. */
struct buf_sink {
	struct wide_sink w;
	wchar_t *p;
	size_t room;
	bool truncated;
};

static void buf_put(struct wide_sink *w, wchar_t c)
{
	struct buf_sink *b = (struct buf_sink *)w;

	if (!b->room) {
		b->truncated = true;
		return;
	}
	*b->p++ = c;
	b->room--;
}

/*
 * Output that does not fit fails the call (-1), as glibc's: the buffer
 * then holds what fitted, terminated.
 */
int vswprintf(wchar_t *restrict s, size_t n, const wchar_t *restrict fmt,
	      va_list ap)
{
	struct buf_sink b = {.p = s, .room = n ? n - 1 : 0};

	wide_sink_init(&b.w, buf_put);
	if (!n) {
		errno = EOVERFLOW;
		return -1;
	}
	int r = vwformat(&b.w, fmt, ap);
	*b.p = 0;
	if (b.truncated) {
		errno = EOVERFLOW;
		return -1;
	}
	return r;
}

int swprintf(wchar_t *restrict s, size_t n, const wchar_t *restrict fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int r = vswprintf(s, n, fmt, ap);
	va_end(ap);
	return r;
}

/* Onto a stream, gathered in pieces as vfprintf does. */
struct stream_sink {
	struct wide_sink w;
	struct stream *s;
	bool failed;
	size_t used;
	char buf[512];
};

static void drain(struct stream_sink *k)
{
	if (k->used && osv_stdio_write(k->s, k->buf, k->used) != k->used)
		k->failed = true;
	k->used = 0;
}

static void stream_drain(struct format_sink *sink)
{
	drain((struct stream_sink *)sink);
}

static void stream_put(struct wide_sink *w, wchar_t c)
{
	struct stream_sink *k = (struct stream_sink *)w;

	if (k->failed)
		return;
	if (k->used > sizeof(k->buf) - 8)
		drain(k);
	k->used += (size_t)osv_stdio_wide_bytes(k->buf + k->used, c);
}

int vfwprintf(FILE *restrict f, const wchar_t *restrict fmt, va_list ap)
{
	struct stream_sink k = {.s = to_stream(f)};

	wide_sink_init(&k.w, stream_put);
	k.w.sink.drain = stream_drain;
	if (!osv_stdio_begin_format(k.s, 1))
		return -1;
	int n = vwformat(&k.w, fmt, ap);
	drain(&k);
	stream_unlock(k.s);
	return k.failed ? -1 : n;
}

int fwprintf(FILE *restrict f, const wchar_t *restrict fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int r = vfwprintf(f, fmt, ap);
	va_end(ap);
	return r;
}

int vwprintf(const wchar_t *restrict fmt, va_list ap)
{
	return vfwprintf(STDOUT, fmt, ap);
}

int wprintf(const wchar_t *restrict fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int r = vfwprintf(STDOUT, fmt, ap);
	va_end(ap);
	return r;
}
