/*
 * memcpy: up to 16 bytes with two overlapping moves of the largest width
 * that fits, up to 64 with four overlapping 16-byte moves, then a loop
 * that loads 64 bytes before storing them (a store right before a load
 * of the same page offset would stall it), up to the size where rep
 * movs, fast on every CPU with fast strings but slow to start, wins.
 */
#include <stdint.h>
#include <string.h>

#include "mem_impl.h"

void *memcpy(void *restrict dst, const void *restrict src, size_t n)
{
	unsigned char *d = dst;
	const unsigned char *s = src;

	if (n <= 16) {
		mem_copy_small(d, s, n);
		return dst;
	}
	if (n <= 32) {
		v16u a = load16(s), b = load16(s + n - 16);
		store16(d, a);
		store16(d + n - 16, b);
		return dst;
	}
	if (n <= 64) {
		v16u a = load16(s), b = load16(s + 16);
		v16u c = load16(s + n - 32), e = load16(s + n - 16);
		store16(d, a);
		store16(d + 16, b);
		store16(d + n - 32, c);
		store16(d + n - 16, e);
		return dst;
	}
	if (n >= MEM_REP_THRESHOLD) {
		/*
		 * Eight bytes a step: as fast as rep movsb where the CPU has
		 * fast strings, and eight times fewer steps where rep is
		 * emulated one element at a time (QEMU's TCG).
		 */
		size_t q = n / 8, r = n % 8;
		__asm__ volatile("rep movsq"
				 : "+D"(d), "+S"(s), "+c"(q)
				 :
				 : "memory");
		__asm__ volatile("rep movsb"
				 : "+D"(d), "+S"(s), "+c"(r)
				 :
				 : "memory");
		return dst;
	}
	/* The last 64 bytes go last: the loop may stop short of them. */
	struct v64 tail = load64(s + n - 64);
	for (size_t i = 0; i < n - 64; i += 64)
		store64(d + i, load64(s + i));
	store64(d + n - 64, tail);
	return dst;
}
