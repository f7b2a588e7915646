#include <string.h>

#include "libc.h"

/* The caller promises c is there, so no bound is needed. */
void *rawmemchr(const void *s, int c)
{
	const unsigned char *p = s;
	while (*p != (unsigned char)c)
		p++;
	return (void *)p;
}

LIBC_ALIAS(rawmemchr, __rawmemchr);
