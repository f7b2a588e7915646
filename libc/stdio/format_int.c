/*
 * Integer conversions: d i u o x X b B, and %p, which glibc prints as
 * %#lx but keeping the + and space flags.
 */
#include "format_impl.h"

_Static_assert(sizeof(size_t) == sizeof(ptrdiff_t),
	       "%zd reads size_t as ptrdiff_t");

static intmax_t signed_value(enum fmt_length len, const union fmt_arg *a)
{
	switch (len) {
	case LEN_HH:
		return (signed char)a->i;
	case LEN_H:
		return (short)a->i;
	case LEN_L:
		return a->l;
	case LEN_LL:
		return a->ll;
	case LEN_J:
		return a->j;
	case LEN_Z:
		return (ptrdiff_t)a->z;
	case LEN_T:
		return a->t;
	default:
		return a->i;
	}
}

static uintmax_t unsigned_value(enum fmt_length len, const union fmt_arg *a)
{
	switch (len) {
	case LEN_HH:
		return (unsigned char)a->i;
	case LEN_H:
		return (unsigned short)a->i;
	case LEN_L:
		return (unsigned long)a->l;
	case LEN_LL:
		return (unsigned long long)a->ll;
	case LEN_J:
		return (uintmax_t)a->j;
	case LEN_Z:
		return a->z;
	case LEN_T:
		return (size_t)a->t;
	default:
		return (unsigned)a->i;
	}
}

/* Writes the digits of v backwards, ending just before `end`. */
static char *to_digits(uintmax_t v, unsigned base, bool upper, char *end)
{
	const char *digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";

	do {
		*--end = digits[v % base];
		v /= base;
	} while (v);
	return end;
}

static void emit_number(struct fmt_out *o, const struct fmt_spec *s,
			uintmax_t v, unsigned base, const char *prefix,
			size_t prefix_len)
{
	char buf[sizeof(uintmax_t) * FMT_CHAR_BIT];
	char *end = buf + sizeof(buf);
	char *p = end;
	size_t ndig, zeros = 0, len;

	/* A zero precision makes the value zero print no digit at all. */
	if (v != 0 || s->prec != 0)
		p = to_digits(v, base, s->conv == 'X', end);
	ndig = (size_t)(end - p);
	if (s->prec > 0 && (size_t)s->prec > ndig)
		zeros = (size_t)s->prec - ndig;
	/* %#o raises the precision to show a leading zero. */
	if (base == 8 && (s->flags & FMT_ALT) && zeros == 0 &&
	    (ndig == 0 || *p != '0'))
		zeros = 1;
	len = prefix_len + zeros + ndig;
	/* With a precision, the 0 flag is ignored for integers. */
	if (!osv_fmt_pad_before(o, s, len, prefix, prefix_len, s->prec < 0))
		return;
	osv_fmt_repeat(o, '0', zeros);
	osv_fmt_write(o, p, ndig);
	osv_fmt_pad_after(o, s, len);
}

/* The sign a signed conversion or %p shows for a non-negative value. */
static size_t plus_sign(const struct fmt_spec *s, char *prefix)
{
	if (s->flags & FMT_PLUS) {
		*prefix = '+';
		return 1;
	}
	if (s->flags & FMT_SPACE) {
		*prefix = ' ';
		return 1;
	}
	return 0;
}

void osv_fmt_integer(struct fmt_out *o, const struct fmt_spec *s,
		     const union fmt_arg *a)
{
	char prefix[2];
	size_t prefix_len = 0;
	unsigned base = 10;
	uintmax_t v;

	switch (s->conv) {
	case 'd':
	case 'i': {
		intmax_t sv = signed_value(s->len, a);
		if (sv < 0) {
			v = -(uintmax_t)sv;
			prefix[prefix_len++] = '-';
		} else {
			v = (uintmax_t)sv;
			prefix_len = plus_sign(s, prefix);
		}
		break;
	}
	case 'o':
		base = 8;
		v = unsigned_value(s->len, a);
		break;
	case 'x':
	case 'X':
	case 'b':
	case 'B':
		base = (s->conv == 'x' || s->conv == 'X') ? 16 : 2;
		v = unsigned_value(s->len, a);
		/* The # flag's 0x / 0b is only for nonzero values. */
		if ((s->flags & FMT_ALT) && v != 0) {
			prefix[0] = '0';
			prefix[1] = s->conv;
			prefix_len = 2;
		}
		break;
	default:
		v = unsigned_value(s->len, a);
		break;
	}
	emit_number(o, s, v, base, prefix, prefix_len);
}

void osv_fmt_pointer(struct fmt_out *o, const struct fmt_spec *s, const void *p)
{
	struct fmt_spec hex = *s;
	char prefix[3];
	size_t prefix_len;

	if (p == NULL) {
		osv_fmt_text(o, s, "(nil)", 5);
		return;
	}
	prefix_len = plus_sign(s, prefix);
	prefix[prefix_len++] = '0';
	prefix[prefix_len++] = 'x';
	hex.conv = 'x';
	emit_number(o, &hex, (uintptr_t)p, 16, prefix, prefix_len);
}
