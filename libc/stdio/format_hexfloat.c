/*
 * %a and %A.  Like glibc, a double shows its leading bit as the digit
 * before the point (0x1.8p+0, and 0x0.8p-1022 when subnormal) while an
 * x87 long double shows its top four mantissa bits (0xcp-3), since its
 * integer bit is explicit.  Digits dropped by a precision round half to
 * even; a carry out of a long double's leading digit f gives 0x1p+(e+4).
 */
#include "format_float.h"

#define HALF (UINT64_C(1) << 63)

void osv_fmt_hexfloat(struct fmt_out *o, const struct fmt_spec *s,
		      const struct fmt_fp *f)
{
	const char *hex =
	    s->conv == 'A' ? "0123456789ABCDEF" : "0123456789abcdef";
	/* Mantissa bits after the leading digit. */
	unsigned top = f->ld ? 60 : 52;
	int nibbles = (int)top / 4;
	unsigned lead = 0;
	uint64_t frac = 0; /* fraction digits, left-aligned */
	long pexp = 0;
	int digits;
	char prefix[3];
	size_t prefix_len;
	char tail[8];
	char *t = tail + sizeof(tail);
	unsigned long e;
	bool point;
	size_t len;

	if (f->mant != 0) {
		lead = (unsigned)(f->mant >> top);
		frac = f->mant << (64 - top);
		pexp = f->exp2 + (long)top;
	}

	if (s->prec < 0) {
		/* Just enough digits to be exact. */
		digits = 0;
		for (uint64_t r = frac; r; r <<= 4)
			digits++;
	} else if (s->prec < nibbles) {
		int p = s->prec;
		uint64_t v =
		    p ? (uint64_t)lead << (4 * p) | frac >> (64 - 4 * p) : lead;
		uint64_t rest = p ? frac << (4 * p) : frac;

		if (rest > HALF || (rest == HALF && (v & 1)))
			v++;
		lead = (unsigned)(v >> (4 * p));
		frac = p ? v << (64 - 4 * p) : 0;
		if (lead > 15) {
			lead = 1;
			pexp += 4;
		}
		digits = p;
	} else {
		digits = s->prec;
	}

	prefix_len = osv_fmt_sign(s, f->neg, prefix);
	prefix[prefix_len++] = '0';
	prefix[prefix_len++] = s->conv == 'A' ? 'X' : 'x';

	e = (unsigned long)(pexp < 0 ? -pexp : pexp);
	do {
		*--t = (char)('0' + e % 10);
		e /= 10;
	} while (e);
	*--t = pexp < 0 ? '-' : '+';
	*--t = s->conv == 'A' ? 'P' : 'p';

	point = digits > 0 || (s->flags & FMT_ALT);
	len = prefix_len + 1 + point + (size_t)digits +
	      (size_t)(tail + sizeof(tail) - t);
	if (!osv_fmt_pad_before(o, s, len, prefix, prefix_len, true))
		return;
	osv_fmt_putc(o, hex[lead]);
	if (point)
		osv_fmt_putc(o, '.');
	for (int i = 0; i < digits && i < nibbles; i++)
		osv_fmt_putc(o, hex[(frac >> (60 - 4 * i)) & 15]);
	if (digits > nibbles)
		osv_fmt_repeat(o, '0', (size_t)(digits - nibbles));
	osv_fmt_write(o, t, (size_t)(tail + sizeof(tail) - t));
	osv_fmt_pad_after(o, s, len);
}
