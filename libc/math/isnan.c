/* isnan as glibc exports it, a function besides the macro (the
 * parentheses keep the macro of <math.h> from expanding). */
#include <math.h>

#include "libc.h"

int(isnan)(double x)
{
	return __builtin_isnan(x);
}

int(isnanf)(float x)
{
	return __builtin_isnan(x);
}

int(isnanl)(long double x)
{
	return __builtin_isnan(x);
}

LIBC_ALIAS(isnan, __isnan);
LIBC_ALIAS(isnanf, __isnanf);
LIBC_ALIAS(isnanl, __isnanl);
