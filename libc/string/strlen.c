/*
 * strlen: aligned 16-byte blocks, which never cross a page, so reading the
 * bytes around the string cannot fault; those before it are masked off.
 * Past the first 64 bytes, four blocks a step: the minimum of their bytes
 * is zero when any of them holds the NUL.
 */
#include <stdint.h>
#include <string.h>

#include "mem_impl.h"

static unsigned zeros(uintptr_t p)
{
	return mask16(load16a((const void *)p) == splat16(0));
}

size_t strlen(const char *s)
{
	uintptr_t p = (uintptr_t)s & ~(uintptr_t)15;
	unsigned m = zeros(p) >> ((uintptr_t)s & 15);
	if (m)
		return (size_t)__builtin_ctz(m);
	for (int i = 0; i < 3; i++) {
		p += 16;
		if ((m = zeros(p)))
			return p + (size_t)__builtin_ctz(m) - (uintptr_t)s;
	}
	/* Align to 64 bytes, rereading some of what was checked. */
	p = (p + 16) & ~(uintptr_t)63;
	for (;; p += 64) {
		v16 a = load16a((const void *)p),
		    b = load16a((const void *)(p + 16));
		v16 c = load16a((const void *)(p + 32)),
		    d = load16a((const void *)(p + 48));
		v16 min = (v16)__builtin_ia32_pminub128(
		    (v16)__builtin_ia32_pminub128(a, b),
		    (v16)__builtin_ia32_pminub128(c, d));
		if (mask16(min == splat16(0)))
			break;
	}
	for (;; p += 16)
		if ((m = zeros(p)))
			return p + (size_t)__builtin_ctz(m) - (uintptr_t)s;
}
