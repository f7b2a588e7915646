/*
 * Floating-point conversions: takes the argument apart and handles
 * infinities and NaNs, leaving finite values to the %a and %e/%f/%g code.
 */
#include <float.h>

#include "format_float.h"

_Static_assert(DBL_MANT_DIG == 53 && DBL_MAX_EXP == 1024, "binary64 double");
_Static_assert(LDBL_MANT_DIG == 64 && LDBL_MAX_EXP == 16384,
	       "x87 extended long double");

enum fp_kind { FP_FINITE, FP_INF, FP_NAN };

/* The sign shown for a number: '-', or '+' or ' ' if the flags ask. */
size_t osv_fmt_sign(const struct fmt_spec *s, bool neg, char *prefix)
{
	if (neg)
		*prefix = '-';
	else if (s->flags & FMT_PLUS)
		*prefix = '+';
	else if (s->flags & FMT_SPACE)
		*prefix = ' ';
	else
		return 0;
	return 1;
}

static enum fp_kind decode_double(double d, struct fmt_fp *f)
{
	union {
		double d;
		uint64_t u;
	} v = {.d = d};
	unsigned e = (unsigned)(v.u >> 52) & 0x7ff;
	uint64_t m = v.u & ((UINT64_C(1) << 52) - 1);

	f->neg = v.u >> 63;
	f->ld = false;
	f->pseudo_denormal = false;
	if (e == 0x7ff)
		return m ? FP_NAN : FP_INF;
	f->mant = e ? m | UINT64_C(1) << 52 : m;
	f->exp2 = (e ? (int)e : 1) - 1075;
	return FP_FINITE;
}

/*
 * The x87 format has an explicit integer bit.  Encodings the FPU rejects
 * (unnormals, pseudo-infinities, pseudo-NaNs) print as NaN, as in glibc.
 * Pseudo-denormals (exponent 0, integer bit set) are kept as they are;
 * see osv_fmt_float() for how glibc prints them.
 */
static enum fp_kind decode_long_double(long double ld, struct fmt_fp *f)
{
	union {
		long double ld;
		struct {
			uint64_t m;
			uint16_t se;
		} b;
	} v = {.ld = ld};
	unsigned e = v.b.se & 0x7fff;
	uint64_t m = v.b.m;
	bool integer_bit = m >> 63;

	f->neg = v.b.se >> 15;
	f->ld = true;
	f->pseudo_denormal = e == 0 && integer_bit;
	if (e == 0x7fff)
		return m == UINT64_C(1) << 63 ? FP_INF : FP_NAN;
	if (e != 0 && !integer_bit)
		return FP_NAN;
	f->mant = m;
	f->exp2 = (e ? (int)e : 1) - 16383 - 63;
	return FP_FINITE;
}

/* The 0 flag does not apply to "inf" and "nan". */
static void nonfinite(struct fmt_out *o, const struct fmt_spec *s, bool neg,
		      enum fp_kind kind)
{
	bool upper = s->conv >= 'A' && s->conv <= 'Z';
	const char *text =
	    kind == FP_INF ? (upper ? "INF" : "inf") : (upper ? "NAN" : "nan");
	char prefix[1];
	size_t prefix_len = osv_fmt_sign(s, neg, prefix);
	size_t len = prefix_len + 3;

	if (!osv_fmt_pad_before(o, s, len, prefix, prefix_len, false))
		return;
	osv_fmt_write(o, text, 3);
	osv_fmt_pad_after(o, s, len);
}

void osv_fmt_float(struct fmt_out *o, const struct fmt_spec *s,
		   const union fmt_arg *a)
{
	struct fmt_fp f;
	enum fp_kind kind = s->len == LEN_LL ? decode_long_double(a->ld, &f)
					     : decode_double(a->d, &f);

	if (kind != FP_FINITE) {
		nonfinite(o, s, f.neg, kind);
		return;
	}
	if (s->conv == 'a' || s->conv == 'A') {
		osv_fmt_hexfloat(o, s, &f);
		return;
	}
	/*
	 * glibc's decimal conversions read a pseudo-denormal without its
	 * integer bit, except for the one whose other bits are all zero,
	 * while %La shows all the bits.  Copied for identical output.
	 */
	if (f.pseudo_denormal && f.mant != UINT64_C(1) << 63)
		f.mant &= ~(UINT64_C(1) << 63);
	osv_fmt_decfloat(o, s, &f);
}
