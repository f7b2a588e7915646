#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "strtofp.h"

/*
 * The x87 format: a 64-bit significand with its integer bit, then the
 * sign and a 15-bit biased exponent (0 for subnormals).
 */
static long double pack(const struct fp_value *v)
{
	uint64_t mant = 0;
	unsigned se = 0;
	switch (v->kind) {
	case FP_NATIVE:
		return v->neg ? -v->native : v->native;
	case FP_FINITE:
		mant = v->mant;
		se = mant >> 63 ? (unsigned)(v->exp + 63 + 16383) : 0;
		break;
	case FP_INF:
		mant = 1ULL << 63;
		se = 0x7fff;
		break;
	case FP_NAN:
		mant = 3ULL << 62 | (v->payload ? v->mant : 0);
		se = 0x7fff;
		break;
	default:
		break;
	}
	se |= (unsigned)v->neg << 15;
	long double x = 0;
	unsigned char *b = (unsigned char *)&x;
	memcpy(b, &mant, 8);
	b[8] = (unsigned char)se;
	b[9] = (unsigned char)(se >> 8);
	return x;
}

long double strtold(const char *restrict s, char **restrict end)
{
	struct fp_value v;
	osv_strtofp(s, end, &osv_fp_ldouble, &v);
	if (v.err)
		errno = v.err;
	return pack(&v);
}
