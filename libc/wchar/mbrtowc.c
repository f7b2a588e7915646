#include <errno.h>
#include <wchar.h>

#include "mb_impl.h"

/* Length of the sequence a lead byte starts, or 0 if it starts none. */
static int sequence_length(unsigned char c)
{
	if (c < 0xc2)
		return 0; /* continuation bytes, and C0 and C1 (overlong) */
	if (c < 0xe0)
		return 2;
	if (c < 0xf0)
		return 3;
	if (c < 0xf8)
		return 4;
	if (c < 0xfc)
		return 5;
	return c < 0xfe ? 6 : 0;
}

static size_t invalid(mbstate_t *ps)
{
	ps->__count = 0;
	errno = EILSEQ;
	return MB_INVALID;
}

/* The smallest value each length may encode (shorter forms are overlong). */
static const unsigned min_value[7] = {0,       0,	 0x80,	   0x800,
				      0x10000, 0x200000, 0x4000000};

size_t mbrtowc(wchar_t *restrict pwc, const char *restrict s, size_t n,
	       mbstate_t *restrict ps)
{
	static mbstate_t internal;
	if (!ps)
		ps = &internal;
	if (!s) {
		s = "";
		n = 1;
		pwc = NULL;
	}
	if (!n)
		return MB_INCOMPLETE;
	const unsigned char *p = (const unsigned char *)s;
	int left = ps->__count & 0xff, len = ps->__count >> 8;
	unsigned v = ps->__value.__wch;
	size_t used = 0;
	if (!left) {
		unsigned char c = p[used++];
		if (c < 0x80) {
			if (pwc)
				*pwc = c;
			return c ? 1 : 0;
		}
		len = locale_utf8() ? sequence_length(c) : 0;
		if (!len)
			return invalid(ps);
		left = len - 1;
		v = c & (0x7f >> len);
	}
	for (; left && used < n; left--, used++) {
		if ((p[used] & 0xc0) != 0x80)
			return invalid(ps);
		v = v << 6 | (p[used] & 0x3f);
	}
	if (left) {
		ps->__count = len << 8 | left;
		ps->__value.__wch = v;
		return MB_INCOMPLETE;
	}
	ps->__count = 0;
	if (v < min_value[len] || (v >= 0xd800 && v <= 0xdfff))
		return invalid(ps);
	if (pwc)
		*pwc = (wchar_t)v;
	return used;
}
