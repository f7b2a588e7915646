#include <ctype.h>

#include "libc.h"

/* Defined for EOF and every unsigned char, like glibc also for -128..-2. */
int(tolower)(int c)
{
	return c >= -128 && c < 256 ? (*__ctype_tolower_loc())[c] : c;
}

LIBC_ALIAS(tolower, _tolower);
