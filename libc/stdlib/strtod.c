#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "strtofp.h"

static double pack(const struct fp_value *v)
{
	uint64_t bits;
	switch (v->kind) {
	case FP_NATIVE:
		return v->neg ? -(double)v->native : (double)v->native;
	case FP_FINITE:
		bits = v->mant >> 52 ? (uint64_t)(v->exp + 52 + 1023) << 52 |
					   (v->mant & ((1ULL << 52) - 1))
				     : v->mant;
		break;
	case FP_INF:
		bits = 0x7ffULL << 52;
		break;
	case FP_NAN:
		bits = 0x7ff8ULL << 48 |
		       (v->payload ? v->mant & ((1ULL << 52) - 1) : 0);
		break;
	default:
		bits = 0;
		break;
	}
	bits |= (uint64_t)v->neg << 63;
	double d;
	memcpy(&d, &bits, sizeof(d));
	return d;
}

double strtod(const char *restrict s, char **restrict end)
{
	struct fp_value v;
	osv_strtofp(s, end, &osv_fp_double, &v);
	if (v.err)
		errno = v.err;
	return pack(&v);
}
