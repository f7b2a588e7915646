#include <string.h>

#include "libc.h"

char *strrchr(const char *s, int c)
{
	const char *last = NULL;
	for (;; s++) {
		if (*s == (char)c)
			last = s;
		if (!*s)
			return (char *)last;
	}
}

LIBC_ALIAS(strrchr, rindex);
