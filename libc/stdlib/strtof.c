#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "strtofp.h"

static float pack(const struct fp_value *v)
{
	uint32_t bits;
	switch (v->kind) {
	case FP_NATIVE:
		return v->neg ? -(float)v->native : (float)v->native;
	case FP_FINITE:
		bits = v->mant >> 23 ? (uint32_t)(v->exp + 23 + 127) << 23 |
					   (uint32_t)(v->mant & 0x7fffff)
				     : (uint32_t)v->mant;
		break;
	case FP_INF:
		bits = 0x7f800000;
		break;
	case FP_NAN:
		bits = 0x7fc00000 |
		       (v->payload ? (uint32_t)(v->mant & 0x7fffff) : 0);
		break;
	default:
		bits = 0;
		break;
	}
	bits |= (uint32_t)v->neg << 31;
	float f;
	memcpy(&f, &bits, sizeof(f));
	return f;
}

float strtof(const char *restrict s, char **restrict end)
{
	struct fp_value v;
	osv_strtofp(s, end, &osv_fp_float, &v);
	if (v.err)
		errno = v.err;
	return pack(&v);
}
