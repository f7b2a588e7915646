#include <ctype.h>
#include <strings.h>

int strncasecmp(const char *a, const char *b, size_t n)
{
	const unsigned char *x = (const unsigned char *)a;
	const unsigned char *y = (const unsigned char *)b;
	for (; n; n--, x++, y++) {
		int d = tolower(*x) - tolower(*y);
		if (d || !*x)
			return d;
	}
	return 0;
}
