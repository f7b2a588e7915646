/*
 * j0l, j1l, jnl, y0l, y1l, ynl: glibc's long double Bessel functions,
 * which musl (the libm's source) has only in double and float.  They
 * are evaluated through musl's double functions, so the results carry
 * double's precision (about 2^-52 relative, less near the functions'
 * zeros, where glibc's own long double versions also lose digits), not
 * long double's.  Arguments outside double's range are handled here:
 * beyond DBL_MAX the J and Y functions have decayed to 0 (j0 of a huge
 * double is already 0), and below DBL_MIN, where double would flush x to
 * 0, Y0 and Y1 follow their leading terms instead of going infinite.
 */
#include <float.h>
#include <math.h>

/* Euler's constant, and 2/pi. */
#define EULER_GAMMA 0.57721566490153286060651209008240243L
#define TWO_OVER_PI 0.63661977236758134307553505349005745L

static double narrow(long double x)
{
	if (fabsl(x) > DBL_MAX && isfinite(x))
		return x > 0 ? INFINITY : -INFINITY;
	return (double)x;
}

static int tiny(long double x)
{
	return x > 0 && x < DBL_MIN;
}

long double j0l(long double x)
{
	return j0(narrow(x));
}

long double j1l(long double x)
{
	if (tiny(fabsl(x)))
		return x / 2; /* J1(x) = x/2 + O(x^3) */
	return j1(narrow(x));
}

long double jnl(int n, long double x)
{
	return jn(n, narrow(x));
}

/* Y of a negative argument: NaN, with the invalid exception. */
static long double negative(long double x)
{
	return (x - x) / (x - x);
}

long double y0l(long double x)
{
	if (x < 0)
		return negative(x);
	if (tiny(x)) /* Y0(x) = 2/pi (ln(x/2) + gamma) + O(x^2 ln x) */
		return TWO_OVER_PI * (logl(x / 2) + EULER_GAMMA);
	return y0(narrow(x));
}

long double y1l(long double x)
{
	if (x < 0)
		return negative(x);
	if (tiny(x)) /* Y1(x) = -2/(pi x) + O(x ln x) */
		return -TWO_OVER_PI / x;
	return y1(narrow(x));
}

/* Y_-n = (-1)^n Y_n; for tiny x, Yn(x) = -(n-1)!/pi (2/x)^n (n >= 1). */
long double ynl(int n, long double x)
{
	long double sign = n < 0 && (n & 1) ? -1 : 1;
	unsigned m = n < 0 ? -(unsigned)n : (unsigned)n;

	if (x < 0)
		return negative(x);
	if (m == 0)
		return y0l(x);
	if (!tiny(x))
		return yn(n, narrow(x));
	return sign * -TWO_OVER_PI / 2 * tgammal(m) * powl(2 / x, m);
}
