/* memchr: aligned 16-byte blocks (see strlen.c), bounded by n. */
#include <stdint.h>
#include <string.h>

#include "mem_impl.h"

void *memchr(const void *s, int c, size_t n)
{
	if (!n)
		return NULL;
	uintptr_t start = (uintptr_t)s;
	uintptr_t p = start & ~(uintptr_t)15;
	/* Bytes left from p; an n that runs off the address space is cut. */
	size_t left = n > UINTPTR_MAX - start ? UINTPTR_MAX - p : start + n - p;
	v16 v = splat16(c);
	unsigned m =
	    mask16(load16a((const void *)p) == v) & (0xffffu << (start & 15));
	for (;;) {
		if (m) {
			size_t i = (size_t)__builtin_ctz(m);
			return i < left ? (void *)(p + i) : NULL;
		}
		if (left <= 16)
			return NULL;
		p += 16;
		left -= 16;
		m = mask16(load16a((const void *)p) == v);
	}
}
