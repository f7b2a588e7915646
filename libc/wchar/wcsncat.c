#include <wchar.h>

wchar_t *wcsncat(wchar_t *restrict dst, const wchar_t *restrict src, size_t n)
{
	wchar_t *d = dst + wcslen(dst);
	size_t len = wcsnlen(src, n);
	wmemcpy(d, src, len);
	d[len] = 0;
	return dst;
}
