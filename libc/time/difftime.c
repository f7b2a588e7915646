#include <time.h>

/*
 * Rounded once: the difference is exact as an integer, or failing that
 * in long double (64-bit significand), before it becomes a double.
 */
double difftime(time_t t1, time_t t0)
{
	long d;
	if (!__builtin_sub_overflow(t1, t0, &d))
		return (double)d;
	return (double)((long double)t1 - (long double)t0);
}
