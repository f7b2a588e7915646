#include <string.h>

#include "libc.h"

void *mempcpy(void *restrict dst, const void *restrict src, size_t n)
{
	return (unsigned char *)memcpy(dst, src, n) + n;
}

LIBC_ALIAS(mempcpy, __mempcpy);
