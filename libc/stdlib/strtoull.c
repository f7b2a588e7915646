#include <stdlib.h>

#include "libc.h"

unsigned long long strtoull(const char *restrict s, char **restrict end,
			    int base)
{
	return strtoul(s, end, base);
}

LIBC_ALIAS(strtoull, strtouq);
