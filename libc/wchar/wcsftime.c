/*
 * wcsftime: strftime for wide strings.  Characters of the format other
 * than conversion specifications are copied as they are; each
 * specification (%, flags, width, E or O, the conversion) is formatted
 * by strftime on its own and its output widened, which is exact in
 * both locales (C and C.UTF-8 format dates in ASCII).  A result that
 * does not fit in max wide characters (with the terminator) gives 0.
 */
#include <locale.h>
#include <string.h>
#include <time.h>
#include <wchar.h>

#include "libc.h"

/* The length of the specification at p (p[0] == '%'), at most 31. */
static size_t spec_length(const wchar_t *p)
{
	size_t i = 1;
	while (p[i] && wcschr(L"_-0^#", p[i]))
		i++;
	while (p[i] >= L'0' && p[i] <= L'9')
		i++;
	if (p[i] == L'E' || p[i] == L'O')
		i++;
	return p[i] ? i + 1 : i;
}

size_t wcsftime(wchar_t *restrict s, size_t max, const wchar_t *restrict fmt,
		const struct tm *restrict tm)
{
	size_t n = 0;
	for (const wchar_t *p = fmt; *p;) {
		if (*p != L'%') {
			if (n + 1 >= max)
				goto too_long;
			s[n++] = *p++;
			continue;
		}
		size_t len = spec_length(p);
		char spec[32], out[1024];
		if (len >= sizeof(spec))
			len = sizeof(spec) - 1;
		for (size_t i = 0; i < len; i++)
			spec[i] = p[i] < 0x80 ? (char)p[i] : '?';
		spec[len] = '\0';
		p += len;
		size_t k = strftime(out, sizeof(out), spec, tm);
		if (n + k >= max)
			goto too_long;
		for (size_t i = 0; i < k; i++)
			s[n++] = (unsigned char)out[i];
	}
	if (n >= max)
		goto too_long;
	s[n] = L'\0';
	return n;
too_long:
	if (max)
		s[0] = L'\0';
	return 0;
}

size_t wcsftime_l(wchar_t *restrict s, size_t max, const wchar_t *restrict fmt,
		  const struct tm *restrict tm, locale_t l)
{
	(void)l;
	return wcsftime(s, max, fmt, tm);
}

LIBC_ALIAS(wcsftime_l, __wcsftime_l);
