#include <errno.h>
#include <wchar.h>

#include "mb_impl.h"

size_t wcrtomb(char *restrict s, wchar_t wc, mbstate_t *restrict ps)
{
	if (ps)
		ps->__count = 0;
	if (!s)
		return 1; /* the length of L'\0' in the initial state */
	/*
	 * glibc's ASCII conversion drops the Unicode tag characters (they
	 * only annotate text) instead of failing on them.
	 */
	if (!locale_utf8() && (unsigned)wc >= 0xe0000 &&
	    (unsigned)wc <= 0xe007f)
		return 0;
	int len = mb_encoded_length(wc);
	if (!len) {
		errno = EILSEQ;
		return MB_INVALID;
	}
	unsigned u = (unsigned)wc;
	if (len == 1) {
		*s = (char)u;
		return 1;
	}
	for (int i = len - 1; i > 0; i--, u >>= 6)
		s[i] = (char)(0x80 | (u & 0x3f));
	s[0] = (char)((0xff00 >> len) | u);
	return (size_t)len;
}
