#include <string.h>

#include "libc.h"

char *strchr(const char *s, int c)
{
	char *p = strchrnul(s, c);
	return *p == (char)c ? p : NULL;
}

LIBC_ALIAS(strchr, index);
