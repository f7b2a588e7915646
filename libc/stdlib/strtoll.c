#include <stdlib.h>

#include "libc.h"

/* long long and long are one type on x86_64. */
long long strtoll(const char *restrict s, char **restrict end, int base)
{
	return strtol(s, end, base);
}

LIBC_ALIAS(strtoll, strtoq);
