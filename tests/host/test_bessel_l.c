/*
 * j0l, j1l, jnl, y0l, y1l, ynl (libc/math/bessel_l.c, on musl's double
 * functions) against glibc's long double ones: special values exactly;
 * elsewhere within 1e-13, relative or absolute (near the zeros the
 * absolute error of double arithmetic remains); tiny and
 * huge arguments beyond double's range.  Output is TAP.
 */
#define _GNU_SOURCE
#include <float.h>
#include <math.h>
#include <stdbool.h>

#include "difftest.h"

long double osv_j0l(long double), osv_j1l(long double), osv_y0l(long double),
    osv_y1l(long double), osv_jnl(int, long double), osv_ynl(int, long double);

static bool close_enough(long double a, long double b)
{
	if (isnan(a) || isnan(b))
		return isnan(a) && isnan(b);
	if (isinf(a) || isinf(b) || a == 0 || b == 0)
		return a == b || fabsl(a - b) < 1e-300L;
	return fabsl(a - b) <= 1e-13L * fabsl(a) || fabsl(a - b) <= 1e-13L;
}

static const char *const names[] = {"j0l", "j1l", "y0l", "y1l", "jnl", "ynl"};

static long double call(int lib, int f, int n, long double x)
{
	switch (f) {
	case 0:
		return lib ? osv_j0l(x) : j0l(x);
	case 1:
		return lib ? osv_j1l(x) : j1l(x);
	case 2:
		return lib ? osv_y0l(x) : y0l(x);
	case 3:
		return lib ? osv_y1l(x) : y1l(x);
	case 4:
		return lib ? osv_jnl(n, x) : jnl(n, x);
	default:
		return lib ? osv_ynl(n, x) : ynl(n, x);
	}
}

static void check(int f, int n, long double x)
{
	long double a = call(0, f, n, x), b = call(1, f, n, x);
	CHECK(close_enough(a, b), "%s(%d, %La): glibc %La, osv %La", names[f],
	      n, x, a, b);
}

int main(void)
{
	static const long double special[] = {
	    0.0L,      -0.0L,
	    INFINITY,  -INFINITY,
	    NAN,       1e-4000L,
	    -1e-4000L, 1e-310L,
	    1e4000L,   -1e4000L,
	    LDBL_MAX,  1.0L,
	    -1.0L,     2.404825557695773L,
	};
	for (int f = 0; f < 6; f++) {
		for (size_t i = 0; i < sizeof(special) / sizeof(*special); i++)
			for (int n = -3; n <= 3; n++)
				check(f, n, special[i]);
		for (int k = 0; k < 4000; k++) {
			long double x =
			    (long double)(dt_rand() % 2000000) / 1e4L;
			int n = (int)(dt_rand() % 9) - 2;
			if (f >= 2 && x == 0)
				continue;
			check(f, n, k % 2 ? x : -x);
		}
		dt_group_end(names[f]);
	}
	return dt_done();
}
