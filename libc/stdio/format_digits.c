/*
 * Exact binary to decimal conversion, as a stream of digits.  Only
 * integer arithmetic is used, so that the digits are those of the exact
 * binary value whatever the FPU's state.
 */
#include "format_float.h"

#define BASE 1000000000u
#define POW5_9 1953125u

static unsigned count_digits(uint32_t v)
{
	unsigned n = 1;

	while (v >= 10) {
		v /= 10;
		n++;
	}
	return n;
}

static uint32_t pow10_u32(unsigned n)
{
	uint32_t p = 1;

	while (n--)
		p *= 10;
	return p;
}

/* Stores v in base 10^9; returns the number of limbs, at least one. */
static int set_base1e9(uint32_t *limb, uint64_t v)
{
	int n = 0;

	do {
		limb[n++] = (uint32_t)(v % BASE);
		v /= BASE;
	} while (v);
	return n;
}

/*
 * Multiplies the base 10^9 number by 2^shift, shift <= 32: a limb times
 * 2^32 plus the carry stays below 2^64.
 */
static int mul_pow2(uint32_t *limb, int n, unsigned shift)
{
	uint64_t carry = 0;

	for (int i = 0; i < n; i++) {
		uint64_t t = ((uint64_t)limb[i] << shift) + carry;
		limb[i] = (uint32_t)(t % BASE);
		carry = t / BASE;
	}
	while (carry) {
		limb[n++] = (uint32_t)(carry % BASE);
		carry /= BASE;
	}
	return n;
}

void osv_fmt_dec_init(struct dec_cursor *c, uint64_t mant, int exp2)
{
	uint64_t ipart = mant, fpart = 0;
	uint32_t *f;
	unsigned top;

	c->k = 0;
	if (exp2 < 0) {
		c->k = -exp2;
		ipart = c->k < 64 ? mant >> c->k : 0;
		fpart = c->k < 64 ? mant & ((UINT64_C(1) << c->k) - 1) : mant;
	}
	c->nint = set_base1e9(c->limb, ipart);
	for (int e = exp2; e > 0; e -= 32)
		c->nint = mul_pow2(c->limb, c->nint, e < 32 ? (unsigned)e : 32);
	c->int_low = -1;
	for (int i = c->nint - 1; i >= 0; i--)
		if (c->limb[i])
			c->int_low = i;

	f = c->limb + c->nint;
	f[0] = (uint32_t)fpart;
	f[1] = (uint32_t)(fpart >> 32);
	c->nfrac = f[1] ? 2 : f[0] ? 1 : 0;

	c->int_next = c->nint - 2;
	c->chunk = c->limb[c->nint - 1];
	top = count_digits(c->chunk);
	c->div = pow10_u32(top - 1);
	c->pos = 9L * (c->nint - 1) + top - 1;
}

/*
 * Multiplies the fraction by 10^9 and returns, as nine digits, the
 * integer part that this pushes out.
 */
static uint32_t frac_step(struct dec_cursor *c)
{
	uint32_t *f = c->limb + c->nint;
	int n = c->nfrac;
	uint64_t carry = 0;
	uint64_t hi = 0;
	int w, b;

	for (int i = 0; i < n; i++) {
		uint64_t t = (uint64_t)f[i] * POW5_9 + carry;
		f[i] = (uint32_t)t;
		carry = t >> 32;
	}
	if (carry)
		f[n++] = (uint32_t)carry;
	if (c->k < 9) {
		/* F was below 2^8: the rest fits in this step. */
		c->nfrac = 0;
		return f[0] << (9 - c->k);
	}
	c->k -= 9;
	w = c->k / 32;
	b = c->k % 32;
	/* The integer part is below 10^9 < 2^30, so two limbs hold it. */
	if (w < n) {
		hi = f[w] >> b;
		if (w + 1 < n)
			hi |= (uint64_t)f[w + 1] << (32 - b);
		f[w] &= b ? (UINT32_C(1) << b) - 1 : 0;
		n = w + 1;
	}
	while (n > 0 && f[n - 1] == 0)
		n--;
	c->nfrac = n;
	return (uint32_t)hi;
}

unsigned osv_fmt_dec_next(struct dec_cursor *c)
{
	unsigned d;

	if (c->div == 0) {
		c->div = BASE / 10;
		if (c->int_next >= 0)
			c->chunk = c->limb[c->int_next--];
		else if (c->nfrac)
			c->chunk = frac_step(c);
		else
			c->chunk = 0;
	}
	d = c->chunk / c->div;
	c->chunk %= c->div;
	c->div /= 10;
	c->pos--;
	return d;
}

/* True when every digit from c->pos down is zero. */
bool osv_fmt_dec_done(const struct dec_cursor *c)
{
	bool int_left = c->int_low >= 0 && c->int_next >= c->int_low;

	return c->chunk == 0 && !int_left && c->nfrac == 0;
}
