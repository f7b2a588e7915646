#include <string.h>

#include "libc.h"

/*
 * *save is where the next search starts: past the delimiter that ended
 * the token, or at the terminating NUL (where glibc leaves it too).
 */
char *strtok_r(char *restrict s, const char *restrict delim,
	       char **restrict save)
{
	if (!s)
		s = *save;
	if (!s)
		return NULL;
	s += strspn(s, delim);
	if (!*s) {
		*save = s;
		return NULL;
	}
	char *end = s + strcspn(s, delim);
	if (*end)
		*end++ = '\0';
	*save = end;
	return s;
}

LIBC_ALIAS(strtok_r, __strtok_r);
