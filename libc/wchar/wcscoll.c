#include <wchar.h>

/* Code point order in both locales. */
int wcscoll(const wchar_t *a, const wchar_t *b)
{
	return wcscmp(a, b);
}
