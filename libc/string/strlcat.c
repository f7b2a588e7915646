#include <string.h>

/*
 * Appends what fits; returns the length it tried to make.  A dst with no
 * NUL in its first n bytes is left alone (and counts as n long).
 */
size_t strlcat(char *restrict dst, const char *restrict src, size_t n)
{
	size_t dl = strnlen(dst, n);
	if (dl == n)
		return n + strlen(src);
	return dl + strlcpy(dst + dl, src, n - dl);
}
