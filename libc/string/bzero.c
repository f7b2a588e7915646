#include <strings.h>
#include <string.h>

#include "libc.h"

void bzero(void *s, size_t n)
{
	memset(s, 0, n);
}

LIBC_ALIAS(bzero, __bzero);
