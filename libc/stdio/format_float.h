/*
 * Private interfaces of the floating-point conversions.
 */
#ifndef OSV_LIBC_STDIO_FORMAT_FLOAT_H
#define OSV_LIBC_STDIO_FORMAT_FLOAT_H

#include "format_impl.h"

/* A finite value, exactly: (-1)^neg * mant * 2^exp2. */
struct fmt_fp {
	bool neg;
	bool ld;	      /* came from a long double */
	bool pseudo_denormal; /* x87: exponent 0 but integer bit set */
	uint64_t mant;
	int exp2;
};

FMT_HIDDEN size_t osv_fmt_sign(const struct fmt_spec *s, bool neg,
			       char *prefix);
FMT_HIDDEN void osv_fmt_hexfloat(struct fmt_out *o, const struct fmt_spec *s,
				 const struct fmt_fp *f);
FMT_HIDDEN void osv_fmt_decfloat(struct fmt_out *o, const struct fmt_spec *s,
				 const struct fmt_fp *f);

/*
 * Streams the exact decimal expansion of mant * 2^exp2, most significant
 * digit first, starting at the units digit or above.  A digit's position
 * is the power of ten it stands for.
 *
 * The integer part is converted to base 10^9 limbs up front; at most
 * LDBL_MAX, below 2^16384, it has 4933 digits: 549 limbs.  The fraction
 * F / 2^k is kept in binary and yields nine digits per step by F *= 5^9,
 * k -= 9 (that is, times 10^9) and removing the bits at and above k.  F
 * never exceeds 2^(k + 21) and at most 64 bits plus 21 per step, and
 * k <= 16445 for a long double: at most 361 limbs.  The integer part and
 * the fraction are never both large, so they share the array.
 */
#define DEC_LIMBS 552

struct dec_cursor {
	uint32_t limb[DEC_LIMBS];
	int nint;	/* integer-part limbs, least significant first */
	int int_low;	/* lowest nonzero integer limb, -1 if none */
	int int_next;	/* next integer limb to read, -1 when all read */
	int nfrac;	/* fraction limbs, from limb[nint] on */
	int k;		/* binary point of the fraction */
	uint32_t chunk; /* digits of the current limb not read yet */
	uint32_t div;	/* power of ten of the next digit of chunk */
	long pos;	/* position of the next digit */
};

FMT_HIDDEN void osv_fmt_dec_init(struct dec_cursor *c, uint64_t mant, int exp2);
FMT_HIDDEN unsigned osv_fmt_dec_next(struct dec_cursor *c);
FMT_HIDDEN bool osv_fmt_dec_done(const struct dec_cursor *c);

#endif
