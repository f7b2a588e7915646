/*
 * The libm calls of tests/guest/libc.test, shared by the host program
 * that computes the expected values with glibc (libm_expect.c) and the
 * guest program that checks the kernel's libm against them (misc.c):
 * one X(id, call, type) line a function, where musl agrees with glibc
 * within 1 ulp (tests/host/test_libm.c), and the points each is called
 * at.  Type 'd' double, 'f' float, 'l' long double.
 */
#include <math.h>

#define LIBM_FUNCTIONS(X)                                                      \
	X(SIN, sin(x), 'd')                                                    \
	X(COS, cos(x), 'd')                                                    \
	X(TAN, tan(x), 'd')                                                    \
	X(EXP, exp(x), 'd')                                                    \
	X(LOG, log(x), 'd')                                                    \
	X(LOG2, log2(x), 'd')                                                  \
	X(LOG10, log10(x), 'd')                                                \
	X(POW, pow(x, y), 'd')                                                 \
	X(ATAN2, atan2(x, y), 'd')                                             \
	X(SQRT, sqrt(x), 'd')                                                  \
	X(HYPOT, hypot(x, y), 'd')                                             \
	X(EXPM1, expm1(x), 'd')                                                \
	X(LOG1P, log1p(x), 'd')                                                \
	X(ASIN, asin(x / 1e3), 'd')                                            \
	X(ATAN, atan(x), 'd')                                                  \
	X(COSH, cosh(x / 10), 'd')                                             \
	X(ERF, erf(x / 100), 'd')                                              \
	X(FMOD, fmod(x, y), 'd')                                               \
	X(CBRT, cbrtf(x), 'f')                                                 \
	X(SINF, sinf(x), 'f')                                                  \
	X(EXPF, expf(x), 'f')                                                  \
	X(LOGF, logf(x), 'f')                                                  \
	X(POWF, powf(x, y), 'f')                                               \
	X(SINL, sinl(x), 'l')                                                  \
	X(LOGL, logl(x), 'l')                                                  \
	X(SQRTL, sqrtl(x), 'l')                                                \
	X(ATAN2L, atan2l(x, y), 'l')

#define LIBM_ID(id, call, type) LIBM_##id,
enum { LIBM_FUNCTIONS(LIBM_ID) LIBM_N };
#undef LIBM_ID

/* The value of function fn at (x, y), in long double. */
static inline long double libm_call(int fn, long double lx, long double ly)
{
#define LIBM_CASE(id, call, type)                                              \
	case LIBM_##id:                                                        \
		if (type == 'f') {                                             \
			float x = (float)lx, y = (float)ly;                    \
			(void)y;                                               \
			return call;                                           \
		} else if (type == 'd') {                                      \
			double x = (double)lx, y = (double)ly;                 \
			(void)y;                                               \
			return call;                                           \
		} else {                                                       \
			long double x = lx, y = ly;                            \
			(void)y;                                               \
			return call;                                           \
		}
	switch (fn) {
		LIBM_FUNCTIONS(LIBM_CASE)
	}
#undef LIBM_CASE
	return 0;
}

static inline int libm_type(int fn)
{
#define LIBM_TYPE(id, call, type)                                              \
	case LIBM_##id:                                                        \
		return type;
	switch (fn) {
		LIBM_FUNCTIONS(LIBM_TYPE)
	}
#undef LIBM_TYPE
	return 0;
}

static inline const char *libm_name(int fn)
{
#define LIBM_NAME(id, call, type)                                              \
	case LIBM_##id:                                                        \
		return #call;
	switch (fn) {
		LIBM_FUNCTIONS(LIBM_NAME)
	}
#undef LIBM_NAME
	return "?";
}

/* The arguments: ordinary, tiny, huge (trigonometric reduction of 1e22). */
static const long double libm_points[][2] = {
    {0.5L, 2.0L},   {1.0L, 3.0L},    {2.5L, -1.5L},	{10.0L, 0.25L},
    {100.0L, 7.0L}, {1e-5L, 1e-3L},  {1e22L, 3.5L},	{123.456L, 1.5L},
    {0.1L, -0.7L},  {7.25L, 2.125L}, {1e300L, 1e-300L}, {3.0L, 0.1L},
};
#define LIBM_NPOINTS (sizeof(libm_points) / sizeof(libm_points[0]))
