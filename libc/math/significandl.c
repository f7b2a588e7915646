/*
 * significandl: x scaled into [1, 2) by its binary exponent, as glibc
 * defines it (musl has only the double and float forms).  Zeros,
 * infinities and NaN come back unchanged, as from glibc.
 */
#include <math.h>

long double significandl(long double x)
{
	if (x == 0 || !__builtin_isfinite(x))
		return x;
	return scalbnl(x, -ilogbl(x));
}
