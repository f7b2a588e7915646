/*
 * Unsigned big integers for the correctly rounded decimal conversions
 * (strtod and its relatives).  32-bit limbs, least significant first, in
 * storage the caller provides; no function allocates or checks capacity,
 * so the caller sizes the storage from the bounds it knows.
 */
#ifndef OSV_LIBC_INTERNAL_BIGINT_H
#define OSV_LIBC_INTERNAL_BIGINT_H

#include <stdbool.h>
#include <stdint.h>

#include "libc.h"

struct bigint {
	uint32_t *w;
	int n; /* limbs in use; the top one is nonzero (n == 0 for 0) */
};

/* b = b * m + add. */
void osv_big_mul_add(struct bigint *b, uint32_t m, uint32_t add) LIBC_HIDDEN;
/* b = b * 5^e. */
void osv_big_mul_pow5(struct bigint *b, unsigned long e) LIBC_HIDDEN;
/* b = b << s. */
void osv_big_shl(struct bigint *b, unsigned long s) LIBC_HIDDEN;
/* Number of significant bits (0 for 0). */
long osv_big_bitlen(const struct bigint *b) LIBC_HIDDEN;
/* count <= 64 bits of b from bit lo up; bits above the top read as 0. */
uint64_t osv_big_bits(const struct bigint *b, long lo, int count) LIBC_HIDDEN;
/* Whether any bit below bit i is set. */
bool osv_big_any_below(const struct bigint *b, long i) LIBC_HIDDEN;
/*
 * q = a / d and a = a % d, for d != 0.  a needs one limb of room above
 * its top, q room for a->n - d->n + 1 limbs, and tmp d->n limbs.
 */
void osv_big_divmod(struct bigint *a, const struct bigint *d, struct bigint *q,
		    uint32_t *tmp) LIBC_HIDDEN;

static inline void big_set_u64(struct bigint *b, uint64_t v)
{
	b->w[0] = (uint32_t)v;
	b->w[1] = (uint32_t)(v >> 32);
	b->n = b->w[1] ? 2 : b->w[0] ? 1 : 0;
}

#endif
