#include <wchar.h>

wchar_t *wmempcpy(wchar_t *restrict dst, const wchar_t *restrict src, size_t n)
{
	return wmemcpy(dst, src, n) + n;
}
