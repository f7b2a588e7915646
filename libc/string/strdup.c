#include <stdlib.h>
#include <string.h>

#include "libc.h"

char *strdup(const char *s)
{
	size_t n = strlen(s) + 1;
	char *d = malloc(n);
	return d ? memcpy(d, s, n) : NULL;
}

LIBC_ALIAS(strdup, __strdup);
