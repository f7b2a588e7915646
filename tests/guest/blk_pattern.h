/*
 * The pattern the block device tests write and check, shared by the
 * guest app (tests/guest/blk.c) and the host tool (tests/host/
 * blk_pattern.c): 64-bit little-endian words, each a hash of its index
 * on the disk and a seed, so a misplaced or stale sector shows.
 */
#ifndef TESTS_BLK_PATTERN_H
#define TESTS_BLK_PATTERN_H

#include <stdint.h>

static inline uint64_t blk_pattern_word(uint64_t index, uint64_t seed)
{
	uint64_t x = (index + 1) * 0x9e3779b97f4a7c15ULL;
	x ^= seed * 0xd1b54a32d192ed03ULL;
	x ^= x >> 29;
	x *= 0xbf58476d1ce4e5b9ULL;
	return x ^ (x >> 32);
}

/* Fills the bytes of sectors [sector, sector + count) of the pattern. */
static inline void blk_pattern_fill(void *buf, uint64_t sector, uint32_t count,
				    uint64_t seed)
{
	uint64_t *w = buf;
	uint64_t first = sector * 64; /* 64 words a sector */
	for (uint64_t i = 0; i < (uint64_t)count * 64; i++)
		w[i] = blk_pattern_word(first + i, seed);
}

/* The index of the first wrong word, or -1 when all match. */
static inline int64_t blk_pattern_check(const void *buf, uint64_t sector,
					uint32_t count, uint64_t seed)
{
	const uint64_t *w = buf;
	uint64_t first = sector * 64;
	for (uint64_t i = 0; i < (uint64_t)count * 64; i++)
		if (w[i] != blk_pattern_word(first + i, seed))
			return (int64_t)(first + i);
	return -1;
}

#endif
