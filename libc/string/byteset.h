/* A set of bytes as a 256-bit map, for strspn and its relatives. */
#ifndef OSV_LIBC_STRING_BYTESET_H
#define OSV_LIBC_STRING_BYTESET_H

#include <stdint.h>

struct byteset {
	uint64_t bits[4];
};

/* The bytes of s, and its terminating NUL when with_nul is set. */
static inline void byteset_init(struct byteset *set, const char *s,
				int with_nul)
{
	set->bits[0] = set->bits[1] = set->bits[2] = set->bits[3] = 0;
	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		set->bits[*p >> 6] |= 1ULL << (*p & 63);
	if (with_nul)
		set->bits[0] |= 1;
}

static inline int byteset_has(const struct byteset *set, unsigned char c)
{
	return (set->bits[c >> 6] >> (c & 63)) & 1;
}

#endif
