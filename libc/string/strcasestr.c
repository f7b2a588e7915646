#include <ctype.h>
#include <string.h>

#include "libc.h"

static int prefix_casecmp(const char *s, const char *prefix)
{
	for (; *prefix; s++, prefix++)
		if (tolower((unsigned char)*s) !=
		    tolower((unsigned char)*prefix))
			return 1;
	return 0;
}

char *strcasestr(const char *h, const char *n)
{
	size_t hl = strlen(h), nl = strlen(n);
	for (size_t i = 0; i + nl <= hl; i++)
		if (!prefix_casecmp(h + i, n))
			return (char *)(h + i);
	return NULL;
}

LIBC_ALIAS(strcasestr, __strcasestr);
