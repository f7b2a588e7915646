/*
 * The fortified wide-character copies and conversions (see fortify.h).
 * Lengths count wchar_t for wide destinations, bytes for narrow ones.
 */
#include <stdlib.h>
#include <wchar.h>

#include "fortify.h"

wchar_t *__wmemcpy_chk(wchar_t *d, const wchar_t *s, size_t n, size_t dlen)
{
	if (dlen < n)
		__chk_fail();
	return wmemcpy(d, s, n);
}

wchar_t *__wmemmove_chk(wchar_t *d, const wchar_t *s, size_t n, size_t dlen)
{
	if (dlen < n)
		__chk_fail();
	return wmemmove(d, s, n);
}

wchar_t *__wmempcpy_chk(wchar_t *d, const wchar_t *s, size_t n, size_t dlen)
{
	if (dlen < n)
		__chk_fail();
	return wmempcpy(d, s, n);
}

wchar_t *__wmemset_chk(wchar_t *d, wchar_t c, size_t n, size_t dlen)
{
	if (dlen < n)
		__chk_fail();
	return wmemset(d, c, n);
}

wchar_t *__wcscpy_chk(wchar_t *d, const wchar_t *s, size_t dlen)
{
	size_t n = wcslen(s);
	if (n >= dlen)
		__chk_fail();
	return wmemcpy(d, s, n + 1);
}

wchar_t *__wcpcpy_chk(wchar_t *d, const wchar_t *s, size_t dlen)
{
	size_t n = wcslen(s);
	if (n >= dlen)
		__chk_fail();
	wmemcpy(d, s, n + 1);
	return d + n;
}

wchar_t *__wcsncpy_chk(wchar_t *d, const wchar_t *s, size_t n, size_t dlen)
{
	if (dlen < n)
		__chk_fail();
	return wcsncpy(d, s, n);
}

wchar_t *__wcpncpy_chk(wchar_t *d, const wchar_t *s, size_t n, size_t dlen)
{
	if (dlen < n)
		__chk_fail();
	return wcpncpy(d, s, n);
}

static size_t dest_len(const wchar_t *d, size_t dlen)
{
	size_t n = wcsnlen(d, dlen);
	if (n == dlen)
		__chk_fail();
	return n;
}

wchar_t *__wcscat_chk(wchar_t *d, const wchar_t *s, size_t dlen)
{
	size_t dn = dest_len(d, dlen);
	size_t sn = wcslen(s);
	if (sn >= dlen - dn)
		__chk_fail();
	wmemcpy(d + dn, s, sn + 1);
	return d;
}

wchar_t *__wcsncat_chk(wchar_t *d, const wchar_t *s, size_t n, size_t dlen)
{
	size_t dn = dest_len(d, dlen);
	size_t sn = wcsnlen(s, n);
	if (sn >= dlen - dn)
		__chk_fail();
	wmemcpy(d + dn, s, sn);
	d[dn + sn] = L'\0';
	return d;
}

size_t __mbstowcs_chk(wchar_t *d, const char *s, size_t n, size_t dlen)
{
	if (d && dlen < n)
		__chk_fail();
	return mbstowcs(d, s, n);
}

size_t __wcstombs_chk(char *d, const wchar_t *s, size_t n, size_t dlen)
{
	if (d && dlen < n)
		__chk_fail();
	return wcstombs(d, s, n);
}

size_t __mbsrtowcs_chk(wchar_t *d, const char **s, size_t n, mbstate_t *ps,
		       size_t dlen)
{
	if (d && dlen < n)
		__chk_fail();
	return mbsrtowcs(d, s, n, ps);
}

size_t __mbsnrtowcs_chk(wchar_t *d, const char **s, size_t nms, size_t n,
			mbstate_t *ps, size_t dlen)
{
	if (d && dlen < n)
		__chk_fail();
	return mbsnrtowcs(d, s, nms, n, ps);
}

size_t __wcsrtombs_chk(char *d, const wchar_t **s, size_t n, mbstate_t *ps,
		       size_t dlen)
{
	if (d && dlen < n)
		__chk_fail();
	return wcsrtombs(d, s, n, ps);
}

size_t __wcsnrtombs_chk(char *d, const wchar_t **s, size_t nwc, size_t n,
			mbstate_t *ps, size_t dlen)
{
	if (d && dlen < n)
		__chk_fail();
	return wcsnrtombs(d, s, nwc, n, ps);
}

/* One character needs MB_CUR_MAX bytes of room, whatever it is. */
size_t __wcrtomb_chk(char *s, wchar_t wc, mbstate_t *ps, size_t buflen)
{
	if (buflen < MB_CUR_MAX)
		__chk_fail();
	return wcrtomb(s, wc, ps);
}

int __wctomb_chk(char *s, wchar_t wc, size_t buflen)
{
	if (buflen < MB_CUR_MAX)
		__chk_fail();
	return wctomb(s, wc);
}
