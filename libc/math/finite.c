/*
 * glibc's names for "is finite" that musl's libm lacks (musl has finite
 * and finitef): the long double one and the __ forms glibc's own
 * headers of old used.
 */
#include <math.h>

#include "libc.h"

int finitel(long double x)
{
	return __builtin_isfinite(x);
}

int __finite(double x)
{
	return __builtin_isfinite(x);
}

int __finitef(float x)
{
	return __builtin_isfinite(x);
}

LIBC_ALIAS(finitel, __finitel);
