/*
 * isinf as glibc exports it, a function besides the macro (the
 * parentheses keep the macro of <math.h> from expanding): -1 for
 * negative infinity, 1 for positive, else 0.
 */
#include <math.h>

#include "libc.h"

int(isinf)(double x)
{
	return __builtin_isinf_sign(x);
}

int(isinff)(float x)
{
	return __builtin_isinf_sign(x);
}

int(isinfl)(long double x)
{
	return __builtin_isinf_sign(x);
}

LIBC_ALIAS(isinf, __isinf);
LIBC_ALIAS(isinff, __isinff);
LIBC_ALIAS(isinfl, __isinfl);
