/*
 * The printf family on streams.  The output of one call is gathered in
 * pieces of up to 512 bytes before it reaches the stream, so that a
 * message on an unbuffered stream (stderr) is written in one piece.
 */
#include <errno.h>

#include "printf_hooks.h"
#include "stdio_impl.h"
#include "vformat.h"

struct stream_sink {
	struct format_sink sink;
	int err; /* errno as the call began, for %m */
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

static void stream_put(struct format_sink *sink, const char *p, size_t n)
{
	struct stream_sink *k = (struct stream_sink *)sink;

	if (k->used + n > sizeof(k->buf))
		drain(k);
	if (n > sizeof(k->buf)) {
		if (osv_stdio_write(k->s, p, n) != n)
			k->failed = true;
		return;
	}
	for (size_t i = 0; i < n; i++)
		k->buf[k->used + i] = p[i];
	k->used += n;
}

static int stream_errno(struct format_sink *sink)
{
	return ((struct stream_sink *)sink)->err;
}

bool osv_stdio_begin_format(struct stream *s, int wide)
{
	stream_lock(s);
	if (!stream_orient(s, wide)) {
		stream_unlock(s);
		return false;
	}
	if (s->f._flags & F_NOWR) {
		s->f._flags |= F_ERR;
		stream_unlock(s);
		errno = EBADF;
		return false;
	}
	return true;
}

int vfprintf(FILE *restrict f, const char *restrict fmt, va_list ap)
{
	struct stream_sink k = {.sink = {.put = stream_put,
					 .errno_value = stream_errno,
					 .mb = &osv_format_mb,
					 .drain = stream_drain},
				.err = errno,
				.s = to_stream(f)};

	if (!osv_stdio_begin_format(k.s, -1))
		return -1;
	/*
	 * A plain format (text, %s, %d, ...: most of them) formats in one
	 * short pass into the buffer, with the same output; under TCG an
	 * application's first printf then translates that loop, which the
	 * kernel's messages already ran, not the general engine.  A
	 * registered conversion may be any of those.
	 */
	int n = osv_fmt_hooks ? -1
			      : osv_format_plain(k.buf, sizeof(k.buf), fmt, ap);
	if (n >= 0)
		k.used = (size_t)n;
	else
		n = osv_vformat(&k.sink, fmt, ap);
	drain(&k);
	stream_unlock(k.s);
	return k.failed ? -1 : n;
}

int fprintf(FILE *restrict f, const char *restrict fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = vfprintf(f, fmt, ap);
	va_end(ap);
	return n;
}

int vprintf(const char *restrict fmt, va_list ap)
{
	return vfprintf(STDOUT, fmt, ap);
}

int printf(const char *restrict fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = vfprintf(STDOUT, fmt, ap);
	va_end(ap);
	return n;
}
