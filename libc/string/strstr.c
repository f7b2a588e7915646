#include <string.h>

char *strstr(const char *h, const char *n)
{
	if (!n[0])
		return (char *)h;
	h = strchr(h, n[0]);
	if (!h)
		return NULL;
	return memmem(h, strlen(h), n, strlen(n));
}
