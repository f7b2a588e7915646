/*
 * Character and string conversions: %c %s, and their wide forms %lc %ls
 * (also spelled %C %S).  Wide characters become multibyte ones through
 * the sink's conversions (the locale's); a sink without them (the
 * kernel's messages) takes only ASCII, as glibc does in the "C" locale.
 * In wide output (the wprintf family) it is the other way round: %c and
 * %s are converted to wide characters, and widths and precisions count
 * characters.
 */
#include "format_impl.h"
#include "format_wide.h"

typedef __WCHAR_TYPE__ wchar;

_Static_assert(sizeof(__WINT_TYPE__) == sizeof(int), "%lc is fetched as int");

/*
 * Writes a field whose body is the n bytes at p, `units` characters
 * long.  Text is padded with spaces only: glibc ignores the 0 flag here.
 */
static void field(struct fmt_out *o, const struct fmt_spec *s, const char *p,
		  size_t n, size_t units)
{
	if (!osv_fmt_pad_before(o, s, units, "", 0, false))
		return;
	osv_fmt_write(o, p, n);
	osv_fmt_pad_after(o, s, units);
}

void osv_fmt_text(struct fmt_out *o, const struct fmt_spec *s, const char *p,
		  size_t n)
{
	field(o, s, p, n, n);
}

/* The multibyte form of wc in buf: its length, or -1. */
static int to_multibyte(const struct fmt_out *o, char *buf, wchar c)
{
	const struct format_mb *mb = o->sink->mb;

	if (mb)
		return mb->from_wide(buf, c);
	/* The cast also rejects negative values where wchar_t is signed. */
	if ((unsigned long)c >= 0x80)
		return -1;
	buf[0] = (char)c;
	return 1;
}

/* The character the multibyte sequence at p begins: length, 0, or -1. */
static int to_wide(const struct fmt_out *o, wchar *c, const char *p, size_t n)
{
	const struct format_mb *mb = o->sink->mb;

	if (mb)
		return mb->to_wide(c, p, n);
	if ((unsigned char)*p >= 0x80)
		return -1;
	*c = (unsigned char)*p;
	return *p ? 1 : 0;
}

/* One character in wide output. */
static bool wide_field(struct fmt_out *o, const struct fmt_spec *s, wchar c)
{
	char buf[WENC_MAX];
	int n = wenc_put(buf, c);

	if (!n)
		return false;
	field(o, s, buf, (size_t)n, 1);
	return true;
}

bool osv_fmt_char(struct fmt_out *o, const struct fmt_spec *s,
		  const union fmt_arg *a)
{
	char buf[8];
	int n;

	if (s->len == LEN_L || s->conv == 'C') {
		if (o->sink->wide)
			return wide_field(o, s, (wchar)a->i);
		n = to_multibyte(o, buf, (wchar)a->i);
		if (n < 0)
			return false;
		field(o, s, buf, (size_t)n, (size_t)n);
		return true;
	}
	buf[0] = (char)(unsigned char)a->i;
	if (o->sink->wide) {
		wchar c;
		if (to_wide(o, &c, buf, 1) < 0)
			return false;
		return wide_field(o, s, c);
	}
	osv_fmt_text(o, s, buf, 1);
	return true;
}

/* The length of p, reading no more than max bytes (max < 0: no limit). */
static size_t fmt_strnlen(const char *p, int max)
{
	size_t n = 0;

	while ((max < 0 || n < (size_t)max) && p[n] != '\0')
		n++;
	return n;
}

/*
 * %ls in multibyte output: the precision limits the bytes written, and a
 * character that would go past it is left out whole.  Measured first,
 * for the padding, then written.
 */
static bool wide_string(struct fmt_out *o, const struct fmt_spec *s,
			const wchar *w)
{
	char buf[8];
	size_t bytes = 0, n = 0;

	for (; w[n] != 0 && (s->prec < 0 || bytes < (size_t)s->prec); n++) {
		int k = to_multibyte(o, buf, w[n]);
		if (k < 0)
			return false;
		if (s->prec >= 0 && bytes + (size_t)k > (size_t)s->prec)
			break;
		bytes += (size_t)k;
	}
	if (!osv_fmt_pad_before(o, s, bytes, "", 0, false))
		return true;
	for (size_t i = 0; i < n; i++)
		osv_fmt_write(o, buf, (size_t)to_multibyte(o, buf, w[i]));
	osv_fmt_pad_after(o, s, bytes);
	return true;
}

/* Writes the wide character c in wide output. */
static void put_wide(struct fmt_out *o, wchar c)
{
	char buf[WENC_MAX];

	osv_fmt_write(o, buf, (size_t)wenc_put(buf, c));
}

/* %s in wide output: the precision counts characters. */
static bool string_to_wide(struct fmt_out *o, const struct fmt_spec *s,
			   const char *p)
{
	size_t n = 0, len = 0;
	wchar c;
	int k;

	while ((s->prec < 0 || n < (size_t)s->prec) &&
	       (k = to_wide(o, &c, p + len, 8)) != 0) {
		if (k < 0 || c < 0)
			return false;
		len += (size_t)k;
		n++;
	}
	if (!osv_fmt_pad_before(o, s, n, "", 0, false))
		return true;
	for (size_t i = 0; i < len; i += (size_t)to_wide(o, &c, p + i, 8)) {
		to_wide(o, &c, p + i, 8);
		put_wide(o, c);
	}
	osv_fmt_pad_after(o, s, n);
	return true;
}

/* %ls in wide output: copied, the precision counts characters. */
static bool wide_to_wide(struct fmt_out *o, const struct fmt_spec *s,
			 const wchar *w)
{
	size_t n = 0;

	while ((s->prec < 0 || n < (size_t)s->prec) && w[n] != 0) {
		if (w[n] < 0)
			return false;
		n++;
	}
	if (!osv_fmt_pad_before(o, s, n, "", 0, false))
		return true;
	for (size_t i = 0; i < n; i++)
		put_wide(o, w[i]);
	osv_fmt_pad_after(o, s, n);
	return true;
}

bool osv_fmt_string(struct fmt_out *o, const struct fmt_spec *s, const void *p)
{
	bool wide_arg = s->len == LEN_L || s->conv == 'S';

	if (p == NULL) {
		/* glibc prints all of "(null)" or nothing. */
		if (s->prec < 0 || s->prec >= 6)
			osv_fmt_text(o, s, "(null)", 6);
		else
			osv_fmt_text(o, s, "", 0);
		return true;
	}
	if (o->sink->wide)
		return wide_arg ? wide_to_wide(o, s, p)
				: string_to_wide(o, s, p);
	if (wide_arg)
		return wide_string(o, s, p);
	osv_fmt_text(o, s, p, fmt_strnlen(p, s->prec));
	return true;
}
