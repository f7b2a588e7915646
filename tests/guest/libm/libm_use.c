/*
 * An application for tests/guest/libm.test.  Built with -lm it needs
 * libm.so.6 and prints a few libm results; "libc" mode calls only the
 * math names glibc's libc.so.6 has (built without -lm it runs with no
 * libm.so.6 at all); "dl" mode finds the libm with dlopen.
 */
#include <dlfcn.h>
#include <fenv.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#ifdef USE_LIBM
static int use_libm(void)
{
	/* volatile: the compiler would fold calls with constants. */
	volatile double x = 1.0, half = -0.5, big = 1e308, two = 2.0;
	volatile double ten = 10.0, cube = 27.0;
	double l = lgamma(half);
	feclearexcept(FE_ALL_EXCEPT);
	volatile double o = big * 10.0;
	int overflow = fetestexcept(FE_OVERFLOW) != 0;
	printf("libm sin=%.6f cos=%.6f pow=%g lgamma=%.5f signgam=%d "
	       "cbrt=%g overflow=%d inf=%d\n",
	       sin(x), cos(x), pow(two, ten), l, signgam, cbrt(cube),
	       overflow, isinf(o) != 0);
	return 0;
}
#endif

static int use_libc_math(void)
{
	volatile double x = 4.0, nan = __builtin_nan(""), five = 5.0;
	volatile double q = 3.25, three = 3.0, two = 2.0, minus = -1.0;
	int e;
	double m = frexp(x, &e), ip;
	double frac = modf(q, &ip);
	printf("libc frexp=%g,%d ldexp=%g modf=%g,%g isnan=%d scalbn=%g "
	       "copysign=%g\n",
	       m, e, ldexp(five, 3), frac, ip, isnan(nan) != 0,
	       scalbn(three, 5), copysign(two, minus));
	return 0;
}

static int use_dlopen(void)
{
	void *h = dlopen("libm.so.6", RTLD_NOW);
	if (!h) {
		printf("dlopen: %s\n", dlerror());
		return 1;
	}
	double (*c)(double) = (double (*)(double))dlsym(h, "cos");
	double (*s)(double) = (double (*)(double))dlsym(h, "sqrt");
	if (!c || !s) {
		printf("dlsym: %s\n", dlerror());
		return 1;
	}
	volatile double zero = 0.0, two = 2.0;
	printf("dl cos=%g sqrt=%.5f\n", c(zero), s(two));
	return dlclose(h);
}

int main(int argc, char **argv)
{
	if (argc > 1 && strcmp(argv[1], "libc") == 0)
		return use_libc_math();
	if (argc > 1 && strcmp(argv[1], "dl") == 0)
		return use_dlopen();
#ifdef USE_LIBM
	return use_libm();
#else
	printf("built without -lm\n");
	return 2;
#endif
}
