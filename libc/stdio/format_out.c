/*
 * Buffered output and field padding for the formatted-output core.
 */
#include "format_impl.h"
#include "format_wide.h"

/* What n bytes count for: bytes, or characters in wide output. */
static size_t units(const struct fmt_out *o, const char *p, size_t n)
{
	size_t k = n;

	if (o->sink->wide)
		for (size_t i = 0; i < n; i++)
			k -= wenc_is_cont(p[i]);
	return k;
}

void osv_fmt_init(struct fmt_out *o, struct format_sink *sink)
{
	o->sink = sink;
	o->count = 0;
	o->overflow = false;
	o->used = 0;
}

void osv_fmt_flush(struct fmt_out *o)
{
	if (o->used) {
		o->sink->put(o->sink, o->buf, o->used);
		o->used = 0;
	}
}

/*
 * printf cannot report more than INT_MAX bytes, so once a conversion would
 * go past that the call fails; refusing up front also spares us producing
 * gigabytes of padding that nobody can account for.
 */
bool osv_fmt_reserve(struct fmt_out *o, size_t n)
{
	if (o->overflow || n > (size_t)FMT_INT_MAX - o->count) {
		o->overflow = true;
		return false;
	}
	return true;
}

void osv_fmt_putc(struct fmt_out *o, char c)
{
	if (o->used == FMT_OUT_BUF)
		osv_fmt_flush(o);
	o->buf[o->used++] = c;
	o->count += units(o, &c, 1);
}

/* Makes room in the buffer and returns how many of `n` bytes fit in it. */
static size_t out_room(struct fmt_out *o, size_t n)
{
	if (o->used == FMT_OUT_BUF)
		osv_fmt_flush(o);
	size_t room = FMT_OUT_BUF - o->used;
	return n < room ? n : room;
}

void osv_fmt_write(struct fmt_out *o, const char *p, size_t n)
{
	if (n >= FMT_OUT_BUF) {
		osv_fmt_flush(o);
		o->sink->put(o->sink, p, n);
		o->count += units(o, p, n);
		return;
	}
	while (n) {
		size_t k = out_room(o, n);
		for (size_t i = 0; i < k; i++)
			o->buf[o->used + i] = p[i];
		o->used += k;
		o->count += units(o, p, k);
		p += k;
		n -= k;
	}
}

void osv_fmt_repeat(struct fmt_out *o, char c, size_t n)
{
	while (n) {
		size_t k = out_room(o, n);
		for (size_t i = 0; i < k; i++)
			o->buf[o->used + i] = c;
		o->used += k;
		o->count += k;
		n -= k;
	}
}

/*
 * Emits what precedes the body of a field of `len` bytes whose first
 * `prefix_len` bytes (sign, 0x) come from `prefix`: spaces for right
 * alignment, the prefix, then zeros for the 0 flag.  Returns false if the
 * field would not fit in the count, in which case nothing is written.
 */
bool osv_fmt_pad_before(struct fmt_out *o, const struct fmt_spec *s, size_t len,
			const char *prefix, size_t prefix_len, bool zero_ok)
{
	size_t width = (size_t)s->width;
	size_t pad = width > len ? width - len : 0;

	if (!osv_fmt_reserve(o, len + pad))
		return false;
	if (s->flags & FMT_MINUS)
		pad = 0;
	bool zeros = zero_ok && (s->flags & FMT_ZERO);
	if (!zeros)
		osv_fmt_repeat(o, ' ', pad);
	osv_fmt_write(o, prefix, prefix_len);
	if (zeros)
		osv_fmt_repeat(o, '0', pad);
	return true;
}

void osv_fmt_pad_after(struct fmt_out *o, const struct fmt_spec *s, size_t len)
{
	size_t width = (size_t)s->width;

	if ((s->flags & FMT_MINUS) && width > len)
		osv_fmt_repeat(o, ' ', width - len);
}
