/*
 * memcmp: 64 bytes a step with SSE2 (one mask test for four compares),
 * then the block holding the difference 16 bytes at a time; 8 bytes at a
 * time below 16.  Returns the difference of the first differing bytes,
 * as glibc does.
 */
#include <string.h>

#include "libc.h"
#include "mem_impl.h"

/* Index of the first differing byte of two 16-byte blocks, or -1. */
static int diff16(const unsigned char *x, const unsigned char *y)
{
	unsigned m = mask16((v16)(load16(x) == load16(y))) ^ 0xffffu;
	return m ? __builtin_ctz(m) : -1;
}

/* Whether two 64-byte blocks are equal. */
static int same64(const unsigned char *x, const unsigned char *y)
{
	v16 eq = (v16)(load16(x) == load16(y)) &
		 (v16)(load16(x + 16) == load16(y + 16)) &
		 (v16)(load16(x + 32) == load16(y + 32)) &
		 (v16)(load16(x + 48) == load16(y + 48));
	return mask16(eq) == 0xffffu;
}

static int cmp_small(const unsigned char *x, const unsigned char *y, size_t n)
{
	size_t i = 0;
	for (; i + 8 <= n; i += 8) {
		uint64_t a = *(const u64u *)(x + i), b = *(const u64u *)(y + i);
		if (a != b) {
			i += (size_t)__builtin_ctzll(a ^ b) / 8;
			return x[i] - y[i];
		}
	}
	for (; i < n; i++)
		if (x[i] != y[i])
			return x[i] - y[i];
	return 0;
}

/* n >= 16: 16-byte blocks, the last one overlapping the one before. */
static int cmp16(const unsigned char *x, const unsigned char *y, size_t n)
{
	for (size_t i = 0;; i += 16) {
		if (i + 16 > n)
			i = n - 16;
		int k = diff16(x + i, y + i);
		if (k >= 0)
			return x[i + k] - y[i + k];
		if (i + 16 == n)
			return 0;
	}
}

int memcmp(const void *a, const void *b, size_t n)
{
	const unsigned char *x = a, *y = b;

	if (n < 16)
		return cmp_small(x, y, n);
	size_t i = 0;
	for (; i + 64 <= n; i += 64)
		if (!same64(x + i, y + i))
			return cmp16(x + i, y + i, 64);
	return n - i >= 16 ? cmp16(x + i, y + i, n - i)
			   : cmp16(x + n - 16, y + n - 16, 16);
}

/* gcc calls __memcmpeq for memcmp() == 0; only zero or not matters. */
LIBC_ALIAS(memcmp, __memcmpeq);
LIBC_ALIAS(memcmp, bcmp);
