#include <string.h>

int strncmp(const char *a, const char *b, size_t n)
{
	for (; n; n--, a++, b++)
		if (*a != *b || !*a)
			return *(const unsigned char *)a -
			       *(const unsigned char *)b;
	return 0;
}
