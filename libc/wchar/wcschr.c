#include <wchar.h>

wchar_t *wcschr(const wchar_t *s, wchar_t c)
{
	wchar_t *p = wcschrnul(s, c);
	return *p == c ? p : NULL;
}
