#include <stdint.h>
#include <string.h>

/* Copies backwards when the destination overlaps the end of the source. */
void *memmove(void *dst, const void *src, size_t n)
{
	if ((uintptr_t)dst - (uintptr_t)src >= n)
		return memcpy(dst, src, n);
	unsigned char *d = (unsigned char *)dst + n;
	const unsigned char *s = (const unsigned char *)src + n;
	while (n--)
		*--d = *--s;
	return dst;
}
