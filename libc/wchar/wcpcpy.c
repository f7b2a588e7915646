#include <wchar.h>

wchar_t *wcpcpy(wchar_t *restrict dst, const wchar_t *restrict src)
{
	size_t n = wcslen(src);
	wmemcpy(dst, src, n + 1);
	return dst + n;
}
