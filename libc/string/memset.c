/* memset: overlapping 16-byte stores, then 64 bytes a step, then rep stosq. */
#include <string.h>

#include "mem_impl.h"

static void set_small(unsigned char *d, int c, size_t n)
{
	uint64_t v = (unsigned char)c * 0x0101010101010101ULL;
	if (n >= 8) {
		*(u64u *)d = v;
		*(u64u *)(d + n - 8) = v;
	} else if (n >= 4) {
		*(u32u *)d = (uint32_t)v;
		*(u32u *)(d + n - 4) = (uint32_t)v;
	} else if (n) {
		d[0] = d[n / 2] = d[n - 1] = (unsigned char)c;
	}
}

void *memset(void *dst, int c, size_t n)
{
	unsigned char *d = dst;

	if (n <= 16) {
		set_small(d, c, n);
		return dst;
	}
	if (n <= 32) {
		v16u v = (v16u)splat16(c);
		store16(d, v);
		store16(d + n - 16, v);
		return dst;
	}
	if (n >= MEM_REP_THRESHOLD) {
		/* Eight bytes a step, as memcpy does (see there). */
		size_t q = n / 8, r = n % 8;
		uint64_t v = 0x0101010101010101ull * (unsigned char)c;
		__asm__ volatile("rep stosq"
				 : "+D"(d), "+c"(q)
				 : "a"(v)
				 : "memory");
		__asm__ volatile("rep stosb"
				 : "+D"(d), "+c"(r)
				 : "a"(v)
				 : "memory");
		return dst;
	}
	v16u v = (v16u)splat16(c);
	if (n <= 64) {
		store16(d, v);
		store16(d + 16, v);
		store16(d + n - 32, v);
		store16(d + n - 16, v);
		return dst;
	}
	struct v64 block;
	block.a = block.b = block.c = block.d = v;
	for (size_t i = 0; i < n - 64; i += 64)
		store64(d + i, block);
	store64(d + n - 64, block);
	return dst;
}
