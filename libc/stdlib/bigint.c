/*
 * Big-integer arithmetic for strtod (see bigint.h).  Division is Knuth's
 * algorithm D (TAOCP vol. 2, 4.3.1) on 32-bit limbs with 64-bit steps.
 */
#include "bigint.h"

static void trim(struct bigint *b)
{
	while (b->n && !b->w[b->n - 1])
		b->n--;
}

void osv_big_mul_add(struct bigint *b, uint32_t m, uint32_t add)
{
	uint64_t carry = add;
	for (int i = 0; i < b->n; i++) {
		uint64_t t = (uint64_t)b->w[i] * m + carry;
		b->w[i] = (uint32_t)t;
		carry = t >> 32;
	}
	if (carry)
		b->w[b->n++] = (uint32_t)carry;
}

void osv_big_mul_pow5(struct bigint *b, unsigned long e)
{
	static const uint32_t pow5[14] = {
	    1,	   5,	   25,	    125,     625,      3125,	  15625,
	    78125, 390625, 1953125, 9765625, 48828125, 244140625, 1220703125};
	for (; e >= 13; e -= 13)
		osv_big_mul_add(b, pow5[13], 0);
	if (e)
		osv_big_mul_add(b, pow5[e], 0);
}

void osv_big_shl(struct bigint *b, unsigned long s)
{
	if (!b->n)
		return;
	int limbs = (int)(s / 32), bits = (int)(s % 32);
	b->w[b->n + limbs] = 0;
	for (int i = b->n - 1; i >= 0; i--) {
		uint32_t v = b->w[i];
		if (bits) {
			b->w[i + limbs + 1] |= v >> (32 - bits);
			v <<= bits;
		}
		b->w[i + limbs] = v;
	}
	for (int i = 0; i < limbs; i++)
		b->w[i] = 0;
	b->n += limbs + 1;
	trim(b);
}

long osv_big_bitlen(const struct bigint *b)
{
	if (!b->n)
		return 0;
	return 32L * (b->n - 1) + 32 - __builtin_clz(b->w[b->n - 1]);
}

static uint32_t limb(const struct bigint *b, long i)
{
	return i >= 0 && i < b->n ? b->w[i] : 0;
}

uint64_t osv_big_bits(const struct bigint *b, long lo, int count)
{
	if (count <= 0)
		return 0;
	long i = lo / 32;
	int sh = (int)(lo % 32);
	/* Three limbs cover 64 bits at any offset. */
	unsigned __int128 v = (unsigned __int128)limb(b, i + 2) << 64 |
			      (unsigned __int128)limb(b, i + 1) << 32 |
			      limb(b, i);
	v >>= sh;
	return count == 64 ? (uint64_t)v : (uint64_t)v & ((1ULL << count) - 1);
}

bool osv_big_any_below(const struct bigint *b, long i)
{
	if (i <= 0)
		return false;
	long full = i / 32;
	for (long k = 0; k < full && k < b->n; k++)
		if (b->w[k])
			return true;
	int rest = (int)(i % 32);
	return rest && (limb(b, full) & ((1u << rest) - 1));
}

/* One-limb divisor: plain short division. */
static void divmod_small(struct bigint *a, uint32_t d, struct bigint *q)
{
	uint64_t r = 0;
	for (int i = a->n - 1; i >= 0; i--) {
		uint64_t t = r << 32 | a->w[i];
		q->w[i] = (uint32_t)(t / d);
		r = t % d;
	}
	q->n = a->n;
	trim(q);
	a->w[0] = (uint32_t)r;
	a->n = 1;
	trim(a);
}

/* u[j..j+n] -= qhat * v; returns true when that went negative. */
static bool mul_sub(uint32_t *u, const uint32_t *v, int n, uint64_t qhat)
{
	uint64_t k = 0, borrow = 0;
	for (int i = 0; i < n; i++) {
		uint64_t p = qhat * v[i] + k;
		k = p >> 32;
		uint64_t t = (uint64_t)u[i] - (uint32_t)p - borrow;
		u[i] = (uint32_t)t;
		borrow = t >> 63;
	}
	uint64_t t = (uint64_t)u[n] - k - borrow;
	u[n] = (uint32_t)t;
	return t >> 63;
}

static void add_back(uint32_t *u, const uint32_t *v, int n)
{
	uint64_t c = 0;
	for (int i = 0; i < n; i++) {
		uint64_t s = (uint64_t)u[i] + v[i] + c;
		u[i] = (uint32_t)s;
		c = s >> 32;
	}
	u[n] += (uint32_t)c;
}

void osv_big_divmod(struct bigint *a, const struct bigint *d, struct bigint *q,
		    uint32_t *tmp)
{
	int n = d->n, m = a->n - n;
	if (m < 0) {
		q->n = 0;
		return;
	}
	if (n == 1) {
		divmod_small(a, d->w[0], q);
		return;
	}
	/* Normalize: the divisor's top bit set, the dividend shifted alike. */
	int s = __builtin_clz(d->w[n - 1]);
	uint32_t *v = tmp, *u = a->w;
	for (int i = n - 1; i > 0; i--)
		v[i] = d->w[i] << s | (s ? d->w[i - 1] >> (32 - s) : 0);
	v[0] = d->w[0] << s;
	u[m + n] = s ? u[m + n - 1] >> (32 - s) : 0;
	for (int i = m + n - 1; i > 0; i--)
		u[i] = u[i] << s | (s ? u[i - 1] >> (32 - s) : 0);
	u[0] <<= s;

	for (int j = m; j >= 0; j--) {
		uint64_t num = (uint64_t)u[j + n] << 32 | u[j + n - 1];
		uint64_t qhat = num / v[n - 1], rhat = num % v[n - 1];
		while (qhat > 0xffffffffu ||
		       qhat * v[n - 2] > (rhat << 32 | u[j + n - 2])) {
			qhat--;
			rhat += v[n - 1];
			if (rhat > 0xffffffffu)
				break;
		}
		if (mul_sub(u + j, v, n, qhat)) {
			qhat--;
			add_back(u + j, v, n);
		}
		q->w[j] = (uint32_t)qhat;
	}
	q->n = m + 1;
	trim(q);
	/* Unnormalize the remainder. */
	for (int i = 0; i < n; i++)
		u[i] =
		    u[i] >> s | (s && i + 1 < n + 1 ? u[i + 1] << (32 - s) : 0);
	a->n = n;
	trim(a);
}
