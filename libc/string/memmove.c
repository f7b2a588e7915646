/*
 * memmove: up to 64 bytes everything is loaded before anything is
 * stored, so overlap does not matter; regions that do not overlap go to
 * memcpy.  Otherwise 64-byte blocks are moved in the direction that
 * reads each byte before it is overwritten, and the block at the far end
 * (which the loop could overwrite before reading) is loaded first and
 * stored last.
 */
#include <stdint.h>
#include <string.h>

#include "mem_impl.h"

static void move_forward(unsigned char *d, const unsigned char *s, size_t n)
{
	struct v64 tail = load64(s + n - 64);
	for (size_t i = 0; i < n - 64; i += 64)
		store64(d + i, load64(s + i));
	store64(d + n - 64, tail);
}

static void move_backward(unsigned char *d, const unsigned char *s, size_t n)
{
	struct v64 head = load64(s);
	for (size_t i = n; i > 64; i -= 64)
		store64(d + i - 64, load64(s + i - 64));
	store64(d, head);
}

void *memmove(void *dst, const void *src, size_t n)
{
	unsigned char *d = dst;
	const unsigned char *s = src;

	if (n <= 16) {
		mem_copy_small(d, s, n);
	} else if (n <= 32) {
		v16u a = load16(s), b = load16(s + n - 16);
		store16(d, a);
		store16(d + n - 16, b);
	} else if (n <= 64) {
		v16u a = load16(s), b = load16(s + 16);
		v16u c = load16(s + n - 32), e = load16(s + n - 16);
		store16(d, a);
		store16(d + 16, b);
		store16(d + n - 32, c);
		store16(d + n - 16, e);
	} else if ((uintptr_t)d - (uintptr_t)s >= n &&
		   (uintptr_t)s - (uintptr_t)d >= n) {
		memcpy(d, s, n);
	} else if (d < s) {
		move_forward(d, s, n);
	} else {
		move_backward(d, s, n);
	}
	return dst;
}
