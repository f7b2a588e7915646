#include <wchar.h>

#include "mb_impl.h"

/*
 * Converts characters from at most nms bytes of *src into at most len
 * wide characters (any number when dst is NULL).  *src moves past what
 * was converted (C's "just past the last character converted"), to
 * NULL after the terminating NUL; nothing moves when dst is NULL.  On an
 * invalid sequence glibc's position depends on its internal buffering;
 * ours is the start of the sequence.
 */
size_t mbsnrtowcs(wchar_t *restrict dst, const char **restrict src, size_t nms,
		  size_t len, mbstate_t *restrict ps)
{
	static mbstate_t internal;
	if (!ps)
		ps = &internal;
	const char *s = *src;
	size_t count = 0;
	while (!dst || count < len) {
		wchar_t wc;
		size_t r = mbrtowc(&wc, s, nms, ps);
		if (r == MB_INVALID) {
			if (dst)
				*src = s;
			return MB_INVALID;
		}
		if (r == MB_INCOMPLETE) {
			s += nms; /* the whole rest is in the state now */
			break;
		}
		if (dst)
			dst[count] = wc;
		if (!r) {
			s = NULL;
			break;
		}
		s += r;
		nms -= r;
		count++;
	}
	if (dst)
		*src = s;
	return count;
}
