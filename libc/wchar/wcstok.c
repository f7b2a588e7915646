#include <wchar.h>

/* As strtok_r, but *save becomes NULL at the end (glibc's wcstok). */
wchar_t *wcstok(wchar_t *restrict s, const wchar_t *restrict delim,
		wchar_t **restrict save)
{
	if (!s)
		s = *save;
	if (!s)
		return NULL;
	s += wcsspn(s, delim);
	if (!*s) {
		*save = NULL;
		return NULL;
	}
	wchar_t *end = s + wcscspn(s, delim);
	if (*end)
		*end++ = 0;
	else
		end = NULL;
	*save = end;
	return s;
}
