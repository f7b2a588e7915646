#include <wchar.h>

size_t wcsxfrm(wchar_t *restrict dst, const wchar_t *restrict src, size_t n)
{
	size_t len = wcslen(src);
	wmemcpy(dst, src, len < n ? len + 1 : n);
	return len;
}
