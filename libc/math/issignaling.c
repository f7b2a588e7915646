/*
 * __issignaling: is x a signaling NaN (what glibc's issignaling macro
 * calls)?  A NaN is quiet when the top bit of its fraction is set; the
 * bits are read without arithmetic, which would quiet the NaN.  For the
 * x87 long double a NaN is an all-ones exponent with a fraction other
 * than the explicit integer bit alone; like glibc, an encoding whose
 * integer bit is clear (a pseudo-NaN, invalid since the 387) counts as
 * signaling.
 */
#include <stdint.h>

#include "libc.h"

int __issignaling(double x)
{
	uint64_t u;
	__builtin_memcpy(&u, &x, sizeof(u));
	/* Exponent all ones, fraction nonzero, quiet bit clear. */
	return (u & 0x7fffffffffffffffULL) > 0x7ff0000000000000ULL &&
	       !(u & 0x0008000000000000ULL);
}

int __issignalingf(float x)
{
	uint32_t u;
	__builtin_memcpy(&u, &x, sizeof(u));
	return (u & 0x7fffffffU) > 0x7f800000U && !(u & 0x00400000U);
}

int __issignalingl(long double x)
{
	struct {
		uint64_t mant;
		uint16_t sign_exp;
	} b;
	__builtin_memcpy(&b, &x, 10);
	if ((b.sign_exp & 0x7fff) != 0x7fff)
		return 0;
	if (!(b.mant & 0x8000000000000000ULL))
		return 1; /* pseudo-infinity or pseudo-NaN */
	/* Quiet bit clear and some fraction bit below it set. */
	return !(b.mant & 0x4000000000000000ULL) &&
	       (b.mant & 0x3fffffffffffffffULL) != 0;
}

/* binary128: the high word holds sign, exponent and the quiet bit. */
int __issignalingf128(_Float128 x)
{
	uint64_t w[2]; /* low, high */
	__builtin_memcpy(w, &x, sizeof(w));
	uint64_t fraction_hi = w[1] & 0x0000ffffffffffffULL;
	return (w[1] & 0x7fff000000000000ULL) == 0x7fff000000000000ULL &&
	       !(fraction_hi & 0x0000800000000000ULL) && (fraction_hi | w[0]);
}
