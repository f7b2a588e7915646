/*
 * <math.h> for code built against the libc's own headers (the kernel,
 * test kernels, the libc).  Applications use glibc's header; the values
 * here are glibc's on x86_64, except math_errhandling: the libm (musl's
 * math members, see docs/libc.md) reports errors through floating-point
 * exceptions only, never errno.
 */
#ifndef OSV_MATH_H
#define OSV_MATH_H

typedef float float_t;
typedef double double_t;

#define HUGE_VAL (__builtin_huge_val())
#define HUGE_VALF (__builtin_huge_valf())
#define HUGE_VALL (__builtin_huge_vall())
#define INFINITY (__builtin_inff())
#define NAN (__builtin_nanf(""))

#define FP_NAN 0
#define FP_INFINITE 1
#define FP_ZERO 2
#define FP_SUBNORMAL 3
#define FP_NORMAL 4

#define FP_ILOGB0 (-2147483647 - 1)
#define FP_ILOGBNAN (-2147483647 - 1)
#define FP_FAST_FMA 1
#define FP_FAST_FMAF 1

#define MATH_ERRNO 1
#define MATH_ERREXCEPT 2
#define math_errhandling MATH_ERREXCEPT

#define fpclassify(x)                                                          \
	__builtin_fpclassify(FP_NAN, FP_INFINITE, FP_NORMAL, FP_SUBNORMAL,     \
			     FP_ZERO, x)
#define isfinite(x) __builtin_isfinite(x)
/* (The host tests' renaming defines isinf and isnan as names.) */
#ifndef isinf
#define isinf(x) __builtin_isinf_sign(x)
#endif
#ifndef isnan
#define isnan(x) __builtin_isnan(x)
#endif
#define isnormal(x) __builtin_isnormal(x)
#define signbit(x) __builtin_signbit(x)
#define isgreater(x, y) __builtin_isgreater(x, y)
#define isgreaterequal(x, y) __builtin_isgreaterequal(x, y)
#define isless(x, y) __builtin_isless(x, y)
#define islessequal(x, y) __builtin_islessequal(x, y)
#define islessgreater(x, y) __builtin_islessgreater(x, y)
#define isunordered(x, y) __builtin_isunordered(x, y)

#define M_E 2.7182818284590452354
#define M_LOG2E 1.4426950408889634074
#define M_LOG10E 0.43429448190325182765
#define M_LN2 0.69314718055994530942
#define M_LN10 2.30258509299404568402
#define M_PI 3.14159265358979323846
#define M_PI_2 1.57079632679489661923
#define M_PI_4 0.78539816339744830962
#define M_1_PI 0.31830988618379067154
#define M_2_PI 0.63661977236758134308
#define M_2_SQRTPI 1.12837916709551257390
#define M_SQRT2 1.41421356237309504880
#define M_SQRT1_2 0.70710678118654752440

/* name, namef and namel of one function: T is the type, S the suffix. */
#define OSV_MATH_1(name) /* T name(T) */                                       \
	double name(double);                                                   \
	float name##f(float);                                                  \
	long double name##l(long double)
#define OSV_MATH_2(name) /* T name(T, T) */                                    \
	double name(double, double);                                           \
	float name##f(float, float);                                           \
	long double name##l(long double, long double)

OSV_MATH_1(acos);
OSV_MATH_1(acosh);
OSV_MATH_1(asin);
OSV_MATH_1(asinh);
OSV_MATH_1(atan);
OSV_MATH_2(atan2);
OSV_MATH_1(atanh);
OSV_MATH_1(cbrt);
OSV_MATH_1(ceil);
OSV_MATH_2(copysign);
OSV_MATH_1(cos);
OSV_MATH_1(cosh);
OSV_MATH_1(erf);
OSV_MATH_1(erfc);
OSV_MATH_1(exp);
OSV_MATH_1(exp10);
OSV_MATH_1(exp2);
OSV_MATH_1(expm1);
OSV_MATH_1(fabs);
OSV_MATH_2(fdim);
OSV_MATH_1(floor);
OSV_MATH_2(fmax);
OSV_MATH_2(fmin);
OSV_MATH_2(fmod);
OSV_MATH_1(gamma);
OSV_MATH_2(hypot);
OSV_MATH_1(lgamma);
OSV_MATH_1(log);
OSV_MATH_1(log10);
OSV_MATH_1(log1p);
OSV_MATH_1(log2);
OSV_MATH_1(logb);
OSV_MATH_1(nearbyint);
OSV_MATH_2(nextafter);
OSV_MATH_2(pow);
OSV_MATH_2(remainder);
OSV_MATH_1(rint);
OSV_MATH_1(round);
OSV_MATH_1(significand);
OSV_MATH_1(sin);
OSV_MATH_1(sinh);
OSV_MATH_1(sqrt);
OSV_MATH_1(tan);
OSV_MATH_1(tanh);
OSV_MATH_1(tgamma);
OSV_MATH_1(trunc);

double fma(double, double, double);
float fmaf(float, float, float);
long double fmal(long double, long double, long double);
double frexp(double, int *);
float frexpf(float, int *);
long double frexpl(long double, int *);
double ldexp(double, int);
float ldexpf(float, int);
long double ldexpl(long double, int);
double scalbn(double, int);
float scalbnf(float, int);
long double scalbnl(long double, int);
double scalbln(double, long);
float scalblnf(float, long);
long double scalblnl(long double, long);
double scalb(double, double);
float scalbf(float, float);
int ilogb(double);
int ilogbf(float);
int ilogbl(long double);
long lrint(double);
long lrintf(float);
long lrintl(long double);
long long llrint(double);
long long llrintf(float);
long long llrintl(long double);
long lround(double);
long lroundf(float);
long lroundl(long double);
long long llround(double);
long long llroundf(float);
long long llroundl(long double);
double modf(double, double *);
float modff(float, float *);
long double modfl(long double, long double *);
double nan(const char *);
float nanf(const char *);
long double nanl(const char *);
double nexttoward(double, long double);
float nexttowardf(float, long double);
long double nexttowardl(long double, long double);
double remquo(double, double, int *);
float remquof(float, float, int *);
long double remquol(long double, long double, int *);
void sincos(double, double *, double *);
void sincosf(float, float *, float *);
void sincosl(long double, long double *, long double *);
double lgamma_r(double, int *);
float lgammaf_r(float, int *);
long double lgammal_r(long double, int *);
double drem(double, double);
float dremf(float, float);
double pow10(double);
float pow10f(float);
long double pow10l(long double);
double j0(double);
double j1(double);
double jn(int, double);
double y0(double);
double y1(double);
double yn(int, double);
float j0f(float);
float j1f(float);
float jnf(int, float);
float y0f(float);
float y1f(float);
float ynf(int, float);
long double j0l(long double);
long double j1l(long double);
long double jnl(int, long double);
long double y0l(long double);
long double y1l(long double);
long double ynl(int, long double);

int __fpclassify(double);
int __fpclassifyf(float);
int __fpclassifyl(long double);
int __signbit(double);
int __signbitf(float);
int __signbitl(long double);
int __finite(double);
int __finitef(float);
int __finitel(long double);
int finite(double);
int finitef(float);
int finitel(long double);
int __isinf(double);
int __isinff(float);
int __isinfl(long double);
int __isnan(double);
int __isnanf(float);
int __isnanl(long double);
int __issignaling(double);
int __issignalingf(float);
int __issignalingl(long double);

extern int signgam;

#undef OSV_MATH_1
#undef OSV_MATH_2

#endif
