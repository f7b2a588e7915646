#include <wchar.h>

wchar_t *wcsncpy(wchar_t *restrict dst, const wchar_t *restrict src, size_t n)
{
	wcpncpy(dst, src, n);
	return dst;
}
