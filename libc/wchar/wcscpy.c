#include <wchar.h>

wchar_t *wcscpy(wchar_t *restrict dst, const wchar_t *restrict src)
{
	return wmemcpy(dst, src, wcslen(src) + 1);
}
