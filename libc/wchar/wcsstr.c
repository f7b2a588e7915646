#include <wchar.h>

#include "libc.h"

/* Naive search: wide strings are short where the kernel meets them. */
wchar_t *wcsstr(const wchar_t *h, const wchar_t *n)
{
	size_t nl = wcslen(n);
	if (!nl)
		return (wchar_t *)h;
	for (; *h; h++)
		if (*h == *n && !wcsncmp(h, n, nl))
			return (wchar_t *)h;
	return NULL;
}

LIBC_ALIAS(wcsstr, wcswcs);
