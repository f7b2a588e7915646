#include <string.h>

#include "libc.h"

/* Returns the first padding NUL, or dst + n when src filled all of it. */
char *stpncpy(char *restrict dst, const char *restrict src, size_t n)
{
	size_t len = strnlen(src, n);
	memcpy(dst, src, len);
	memset(dst + len, 0, n - len);
	return dst + len;
}

LIBC_ALIAS(stpncpy, __stpncpy);
