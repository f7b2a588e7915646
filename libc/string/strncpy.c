#include <string.h>

/* Pads with NULs to n, and leaves dst unterminated when src is too long. */
char *strncpy(char *restrict dst, const char *restrict src, size_t n)
{
	stpncpy(dst, src, n);
	return dst;
}
