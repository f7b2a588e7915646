/*
 * The formatting core's wide and multibyte conversions for the libc's
 * printf family: those of the calling thread's locale (UTF-8 or ASCII),
 * through wcrtomb and mbrtowc.
 */
#include <string.h>
#include <wchar.h>

#include "vformat.h"

static int from_wide(char *buf, wchar_t wc)
{
	mbstate_t st;

	memset(&st, 0, sizeof(st));
	size_t n = wcrtomb(buf, wc, &st);
	return n == (size_t)-1 ? -1 : (int)n;
}

static int to_wide(wchar_t *wc, const char *s, size_t n)
{
	mbstate_t st;

	memset(&st, 0, sizeof(st));
	size_t r = mbrtowc(wc, s, n, &st);
	if (r == (size_t)-1 || r == (size_t)-2)
		return -1;
	return (int)r;
}

const struct format_mb osv_format_mb = {from_wide, to_wide};
