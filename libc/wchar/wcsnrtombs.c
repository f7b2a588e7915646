#include <limits.h>
#include <wchar.h>

#include "mb_impl.h"

/*
 * Converts at most nwc wide characters of *src into at most len bytes
 * (any number when dst is NULL); a character that would not fit whole
 * stops the conversion, and so does a full dst before the next character
 * is even looked at.  *src as in mbsnrtowcs.
 */
size_t wcsnrtombs(char *restrict dst, const wchar_t **restrict src, size_t nwc,
		  size_t len, mbstate_t *restrict ps)
{
	const wchar_t *s = *src;
	size_t count = 0;
	char buf[8];
	(void)ps;
	for (; nwc && !(dst && count == len); nwc--, s++) {
		size_t r = wcrtomb(buf, *s, NULL);
		if (r == MB_INVALID) {
			if (dst)
				*src = s;
			return MB_INVALID;
		}
		if (dst) {
			if (count + r > len)
				break;
			for (size_t i = 0; i < r; i++)
				dst[count + i] = buf[i];
		}
		if (!*s) {
			s = NULL;
			break;
		}
		count += r;
	}
	if (dst)
		*src = s;
	return count;
}
