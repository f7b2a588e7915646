/*
 * How the formatting core carries wide characters when its output is
 * wide (the wprintf family): each character is written as a sequence of
 * bytes in the UTF-8 pattern, extended to the 31-bit values wchar_t may
 * hold, whatever the locale.  The core counts a character per lead byte;
 * the wide sink decodes the sequences back.  Nothing here is visible
 * outside libc/stdio.
 */
#ifndef OSV_LIBC_STDIO_FORMAT_WIDE_H
#define OSV_LIBC_STDIO_FORMAT_WIDE_H

#include <stdbool.h>
#include <stddef.h>

#define WENC_MAX 6

/* Encodes c at buf: the length, or 0 when c is negative. */
static inline int wenc_put(char *buf, __WCHAR_TYPE__ c)
{
	unsigned u = (unsigned)c;
	int len;

	if (c < 0)
		return 0;
	if (u < 0x80) {
		buf[0] = (char)u;
		return 1;
	}
	len = u < 0x800	      ? 2
	      : u < 0x10000   ? 3
	      : u < 0x200000  ? 4
	      : u < 0x4000000 ? 5
			      : 6;
	for (int i = len - 1; i > 0; i--, u >>= 6)
		buf[i] = (char)(0x80 | (u & 0x3f));
	buf[0] = (char)((0xff00 >> len) | u);
	return len;
}

/* Whether byte b continues a sequence (the count skips it). */
static inline bool wenc_is_cont(char b)
{
	return ((unsigned char)b & 0xc0) == 0x80;
}

/* A decoder that is fed the encoding in pieces of any size. */
struct wenc_dec {
	unsigned value;
	int left;
};

/*
 * Takes byte b: true when it completes a character, then in *c.  The
 * encoder's output is always well formed, so no byte is checked.
 */
static inline bool wenc_take(struct wenc_dec *d, char b, __WCHAR_TYPE__ *c)
{
	unsigned char u = (unsigned char)b;

	if (d->left) {
		d->value = d->value << 6 | (u & 0x3f);
		if (--d->left)
			return false;
	} else if (u < 0x80) {
		d->value = u;
	} else {
		int len = u >= 0xfc   ? 6
			  : u >= 0xf8 ? 5
			  : u >= 0xf0 ? 4
			  : u >= 0xe0 ? 3
				      : 2;
		d->value = u & (0x7f >> len);
		d->left = len - 1;
		return false;
	}
	*c = (__WCHAR_TYPE__)d->value;
	return true;
}

/*
 * A wide format in this encoding, NUL-terminated: in small (cap bytes)
 * when it fits, else allocated (the caller frees what is not small);
 * NULL with errno set on a failure (libc/stdio/wprintf.c).
 */
char *osv_wenc_format(const __WCHAR_TYPE__ *fmt, char *small, size_t cap)
    __attribute__((visibility("hidden")));

#endif
