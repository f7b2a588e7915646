#include <ctype.h>
#include <strings.h>

#include "libc.h"

int strcasecmp(const char *a, const char *b)
{
	const unsigned char *x = (const unsigned char *)a;
	const unsigned char *y = (const unsigned char *)b;
	for (;; x++, y++) {
		int d = tolower(*x) - tolower(*y);
		if (d || !*x)
			return d;
	}
}

LIBC_ALIAS(strcasecmp, __strcasecmp);
