/*
 * Decimal to binary, correctly rounded.  Short inputs take Clinger's fast
 * path: when D and 10^|e| are both exact in the format, one multiplication
 * or division rounds correctly.  Otherwise the value D * 10^e is computed
 * exactly with big integers: for e >= 0 as the integer D * 5^e * 2^e; for
 * e < 0 as the quotient (D * 2^s) / 5^-e, with s chosen so that the
 * quotient has at least prec + 2 bits, the remainder being the sticky
 * bit.  Inputs whose magnitude is far outside the format's range are
 * settled from their decimal exponent alone, which also bounds the size
 * of the big integers.
 */
#include <errno.h>
#include <stdlib.h>

#include "strtofp.h"

/* Limbs on the stack; larger conversions (long double only) use the heap. */
#define STACK_LIMBS 480

static const long double pow10_table[28] = {
    1e0L,  1e1L,  1e2L,	 1e3L,	1e4L,  1e5L,  1e6L,  1e7L,  1e8L,  1e9L,
    1e10L, 1e11L, 1e12L, 1e13L, 1e14L, 1e15L, 1e16L, 1e17L, 1e18L, 1e19L,
    1e20L, 1e21L, 1e22L, 1e23L, 1e24L, 1e25L, 1e26L, 1e27L};

/* The first nd digits from p as an integer (nd <= 19), skipping '.'. */
static uint64_t small_digits(const char *p, long nd)
{
	uint64_t v = 0;
	for (; nd; p++) {
		if (*p == '.')
			continue;
		v = v * 10 + (uint64_t)(*p - '0');
		nd--;
	}
	return v;
}

/*
 * Clinger's fast path, in the format's own precision: both operands are
 * exact, so the one rounding is the only one.
 */
static bool fast_path(const struct fp_decimal *d, const struct fp_format *f,
		      struct fp_value *out)
{
	if (d->sticky || d->nd > f->fast_digits || d->e10 > f->fast_pow10 ||
	    d->e10 < -f->fast_pow10)
		return false;
	uint64_t v = small_digits(d->first, d->nd);
	long double p = pow10_table[d->e10 < 0 ? -d->e10 : d->e10];
	out->kind = FP_NATIVE;
	if (f->prec == 24) {
		float x = (float)v;
		out->native = d->e10 < 0 ? x / (float)p : x * (float)p;
	} else if (f->prec == 53) {
		double x = (double)v;
		out->native = d->e10 < 0 ? x / (double)p : x * (double)p;
	} else {
		long double x = (long double)v;
		out->native = d->e10 < 0 ? x / p : x * p;
	}
	return true;
}

/* D from its digits: nine at a time, then the sticky digit. */
static void load_digits(struct bigint *b, const struct fp_decimal *d)
{
	const char *p = d->first;
	long left = d->nd;
	b->n = 0;
	while (left) {
		uint32_t chunk = 0, scale = 1;
		for (int i = 0; i < 9 && left; p++) {
			if (*p == '.')
				continue;
			chunk = chunk * 10 + (uint32_t)(*p - '0');
			scale *= 10;
			i++;
			left--;
		}
		osv_big_mul_add(b, scale, chunk);
	}
	if (d->sticky)
		osv_big_mul_add(b, 10, 1);
}

/*
 * Without memory for the exact path (long double inputs of thousands of
 * digits or exponents): a result within a few ulps, from 19 digits and
 * repeated scaling.
 */
static void approximate(const struct fp_decimal *d, struct fp_value *out)
{
	long nd = d->nd < 19 ? d->nd : 19, e = d->e10 + d->nd - nd;
	long double v = (long double)small_digits(d->first, nd);
	for (; e >= 27; e -= 27)
		v *= pow10_table[27];
	for (; e <= -27; e += 27)
		v /= pow10_table[27];
	out->kind = FP_NATIVE;
	out->native = e < 0 ? v / pow10_table[-e] : v * pow10_table[e];
}

/* value = D * 5^e * 2^e, an integer. */
static void convert_large(struct bigint *n, long e, const struct fp_format *f,
			  struct fp_value *out)
{
	osv_big_mul_pow5(n, (unsigned long)e);
	osv_fp_round(n, e, false, f, out);
}

/*
 * Storage, in limbs, for the quotient path: the shifted D (which becomes
 * the remainder, with a limb to spare), 5^k, the quotient and the
 * divisor's normalized copy.
 */
struct layout {
	long num, den, total;
};

/* At most 3.33 bits a decimal digit, 2.33 bits a power of 5. */
static struct layout plan(const struct fp_decimal *d, const struct fp_format *f)
{
	struct layout l;
	long dbits = (d->nd + 1) * 3322 / 1000 + 2;
	long e = d->e10 - (d->sticky ? 1 : 0);
	if (e >= 0) {
		l.num = (dbits + e * 3322 / 1000) / 32 + 3;
		l.den = 0;
		l.total = l.num;
		return l;
	}
	long pbits = -e * 2322 / 1000 + 2;
	long abits = dbits > pbits + f->prec + 3 ? dbits : pbits + f->prec + 3;
	l.num = abits / 32 + 3;
	l.den = pbits / 32 + 2;
	l.total = 2 * (l.num + l.den);
	return l;
}

/* value = D / (5^k * 2^k), k > 0, as the quotient (D * 2^s) / 5^k. */
static void convert_small(struct bigint *n, long k, const struct layout *l,
			  const struct fp_format *f, struct fp_value *out)
{
	struct bigint den = {n->w + l->num, 1}, q = {den.w + l->den, 0};
	den.w[0] = 1;
	osv_big_mul_pow5(&den, (unsigned long)k);
	long s = f->prec + 2 + osv_big_bitlen(&den) - osv_big_bitlen(n);
	if (s < 0)
		s = 0;
	osv_big_shl(n, (unsigned long)s);
	osv_big_divmod(n, &den, &q, q.w + l->num);
	osv_fp_round(&q, -k - s, n->n != 0, f, out);
}

void osv_fp_decimal(const struct fp_decimal *d, const struct fp_format *f,
		    struct fp_value *out)
{
	/* The value lies in [10^(e10 + nd - 1), 10^(e10 + nd)). */
	long mag = d->e10 + d->nd;
	if (mag - 1 > f->emax * 30103L / 100000 + 1) {
		out->kind = FP_INF;
		out->err = ERANGE;
		return;
	}
	if (mag < (f->emin - f->prec) * 30103L / 100000 - 1) {
		out->kind = FP_ZERO;
		out->err = ERANGE;
		return;
	}
	if (fast_path(d, f, out))
		return;

	uint32_t stack[STACK_LIMBS], *words = stack;
	struct layout l = plan(d, f);
	if (l.total > STACK_LIMBS) {
		words = malloc((size_t)l.total * sizeof(*words));
		if (!words) {
			approximate(d, out);
			return;
		}
	}
	struct bigint n = {words, 0};
	load_digits(&n, d);
	long e = d->e10 - (d->sticky ? 1 : 0);
	if (e >= 0)
		convert_large(&n, e, f, out);
	else
		convert_small(&n, -e, &l, f, out);
	if (words != stack)
		free(words);
}
