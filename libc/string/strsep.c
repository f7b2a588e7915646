#include <string.h>

char *strsep(char **restrict sp, const char *restrict delim)
{
	char *s = *sp;
	if (!s)
		return NULL;
	char *end = s + strcspn(s, delim);
	if (*end)
		*end++ = '\0';
	else
		end = NULL;
	*sp = end;
	return s;
}
