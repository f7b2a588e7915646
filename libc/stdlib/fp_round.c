/*
 * Rounding of an exact binary value to a floating-point format: to
 * nearest, ties to even, with subnormals.  Underflow is reported the x86
 * way, tininess after rounding: only an inexact result that is still
 * below 2^emin when rounded with an unbounded exponent sets ERANGE.
 */
#include <errno.h>

#include "strtofp.h"

/*
 * Whether a result rounded up to exactly 2^emin counts as tiny: with one
 * more bit of precision it would have stayed below 2^emin, which it does
 * unless the bit after the round bit is set.
 */
static bool tiny_at_emin(const struct bigint *n, long shift)
{
	return shift < 2 || !osv_big_bits(n, shift - 2, 1);
}

void osv_fp_round(const struct bigint *n, long e, bool sticky,
		  const struct fp_format *f, struct fp_value *out)
{
	long qmin = f->emin - (f->prec - 1);
	long len = osv_big_bitlen(n);
	long k = e + len - f->prec;
	if (k < qmin)
		k = qmin;
	long shift = k - e;
	uint64_t mant, one = 1ULL << (f->prec - 1);
	bool round = false, rest = sticky;

	if (shift <= 0) {
		mant = osv_big_bits(n, 0, (int)len) << -shift;
	} else {
		long keep = len - shift;
		mant = keep > 0 ? osv_big_bits(n, shift, (int)keep) : 0;
		round = osv_big_bits(n, shift - 1, 1);
		rest = rest || osv_big_any_below(n, shift - 1);
	}
	bool inexact = round || rest, up = round && (rest || (mant & 1));
	bool below_min = mant < one;
	if (up) {
		mant++;
		if (f->prec == 64 ? mant == 0 : mant >> f->prec) {
			mant = one;
			k++;
		}
	}
	bool tiny = mant < one || (below_min && tiny_at_emin(n, shift));
	out->kind = mant ? FP_FINITE : FP_ZERO;
	out->mant = mant;
	out->exp = k;
	out->err = inexact && tiny ? ERANGE : 0;
	if (k > f->emax - (f->prec - 1)) {
		out->kind = FP_INF;
		out->err = ERANGE;
	}
}
