/*
 * Character and string conversions: %c %s, and their wide forms %lc %ls
 * (also spelled %C %S).  Without a locale to convert with, wide characters
 * are limited to the ASCII range; anything else fails the call, as it does
 * with glibc in the "C" locale.
 */
#include "format_impl.h"

_Static_assert(sizeof(__WINT_TYPE__) == sizeof(int), "%lc is fetched as int");

/* Text is padded with spaces only: glibc ignores the 0 flag here. */
void osv_fmt_text(struct fmt_out *o, const struct fmt_spec *s, const char *p,
		  size_t n)
{
	if (!osv_fmt_pad_before(o, s, n, "", 0, false))
		return;
	osv_fmt_write(o, p, n);
	osv_fmt_pad_after(o, s, n);
}

/* The cast also rejects negative values where wchar_t is signed. */
static bool is_ascii(wchar_t c)
{
	return (unsigned long)c < 0x80;
}

bool osv_fmt_char(struct fmt_out *o, const struct fmt_spec *s,
		  const union fmt_arg *a)
{
	char c;

	if (s->len == LEN_L || s->conv == 'C') {
		unsigned w = (unsigned)a->i;
		if (w >= 0x80)
			return false;
		c = (char)w;
	} else {
		c = (char)(unsigned char)a->i;
	}
	osv_fmt_text(o, s, &c, 1);
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
 * The precision limits the bytes written, and since every character we
 * accept is one byte, the number of wide characters read too.
 */
static bool wide_string(struct fmt_out *o, const struct fmt_spec *s,
			const wchar_t *w)
{
	size_t n = 0;

	while ((s->prec < 0 || n < (size_t)s->prec) && w[n] != 0) {
		if (!is_ascii(w[n]))
			return false;
		n++;
	}
	if (!osv_fmt_pad_before(o, s, n, "", 0, false))
		return true;
	for (size_t i = 0; i < n; i++)
		osv_fmt_putc(o, (char)w[i]);
	osv_fmt_pad_after(o, s, n);
	return true;
}

bool osv_fmt_string(struct fmt_out *o, const struct fmt_spec *s, const void *p)
{
	if (p == NULL) {
		/* glibc prints all of "(null)" or nothing. */
		if (s->prec < 0 || s->prec >= 6)
			osv_fmt_text(o, s, "(null)", 6);
		else
			osv_fmt_text(o, s, "", 0);
		return true;
	}
	if (s->len == LEN_L || s->conv == 'S')
		return wide_string(o, s, p);
	osv_fmt_text(o, s, p, fmt_strnlen(p, s->prec));
	return true;
}
