/*
 * Multibyte conversion (libc/wchar): UTF-8 when LC_CTYPE is C.UTF-8,
 * else ASCII, where every byte above 0x7f is invalid (as in glibc's C
 * locale).  UTF-8 is glibc's: sequences of up to six bytes, values up to
 * 0x7fffffff, overlong forms and surrogates rejected once complete.
 * The state keeps the bytes still expected and the sequence's length in
 * __count, the bits so far in __value.__wch; __count is 0 between
 * characters.
 */
#ifndef OSV_LIBC_INTERNAL_MB_IMPL_H
#define OSV_LIBC_INTERNAL_MB_IMPL_H

#include <wchar.h>

#include "libc.h"
#include "locale_impl.h"

#define MB_INVALID ((size_t)-1)
#define MB_INCOMPLETE ((size_t)-2)

/* Bytes wc needs in the current locale, or 0 if it has no encoding. */
static inline int mb_encoded_length(wchar_t wc)
{
	unsigned u = (unsigned)wc;
	if (u < 0x80)
		return 1;
	if (!locale_utf8() || (u >= 0xd800 && u <= 0xdfff) || u > 0x7fffffff)
		return 0;
	return u < 0x800       ? 2
	       : u < 0x10000   ? 3
	       : u < 0x200000  ? 4
	       : u < 0x4000000 ? 5
			       : 6;
}

#endif
