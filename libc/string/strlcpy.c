#include <string.h>

/* Copies what fits, always terminated when n > 0; returns strlen(src). */
size_t strlcpy(char *restrict dst, const char *restrict src, size_t n)
{
	size_t len = strlen(src);
	if (n) {
		size_t k = len < n ? len : n - 1;
		memcpy(dst, src, k);
		dst[k] = '\0';
	}
	return len;
}
