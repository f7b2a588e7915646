#include <wchar.h>

/* Like stpncpy: pads with NULs, returns the first of them or dst + n. */
wchar_t *wcpncpy(wchar_t *restrict dst, const wchar_t *restrict src, size_t n)
{
	size_t len = wcsnlen(src, n);
	wmemcpy(dst, src, len);
	wmemset(dst + len, 0, n - len);
	return dst + len;
}
