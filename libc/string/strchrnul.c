/* strchrnul: aligned 16-byte blocks (see strlen.c). */
#include <stdint.h>
#include <string.h>

#include "mem_impl.h"

static unsigned match(uintptr_t p, v16 c, v16 zero)
{
	v16 b = load16a((const void *)p);
	return mask16((b == c) | (b == zero));
}

char *strchrnul(const char *s, int c)
{
	uintptr_t p = (uintptr_t)s & ~(uintptr_t)15;
	v16 vc = splat16(c), zero = splat16(0);
	unsigned m = match(p, vc, zero) & (0xffffu << ((uintptr_t)s & 15));
	while (!m) {
		p += 16;
		m = match(p, vc, zero);
	}
	return (char *)(p + (size_t)__builtin_ctz(m));
}
