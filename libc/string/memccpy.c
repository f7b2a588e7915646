#include <string.h>

void *memccpy(void *restrict dst, const void *restrict src, int c, size_t n)
{
	const unsigned char *hit = memchr(src, c, n);
	if (!hit) {
		memcpy(dst, src, n);
		return NULL;
	}
	size_t len = (size_t)(hit - (const unsigned char *)src) + 1;
	memcpy(dst, src, len);
	return (unsigned char *)dst + len;
}
