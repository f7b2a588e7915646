/*
 * Condensing space maps.  Each txg appends its ALLOC and FREE entries
 * to the space maps of the metaslabs it touched, so a map whose space
 * is allocated and freed over and over grows without end while what it
 * says (which units are allocated) stays small.  As OpenZFS does, a map
 * much longer than its contents is rewritten as one ALLOC entry per
 * allocated run.
 *
 * What the rewritten map must say is the state the txg leaves on disk:
 * the units in use, less every deferred free (on disk a block is free
 * from the txg that freed it; only this allocator keeps it for
 * ZFS_TXG_DEFER more txgs).  The rewrite is copy-on-write like any
 * object of the MOS: the previous uberblocks keep reaching the old map
 * until the new one's uberblock is written.
 */
#include <stdlib.h>
#include <string.h>

#include "zfs.h"

#define WORD_BITS 64

/* Condense when the map is this many times its condensed length
 * (OpenZFS's zfs_condense_pct, 200)... */
#define CONDENSE_RATIO 2
/* ...and at least this many of its blocks long (OpenZFS's
 * zfs_metaslab_condense_block_threshold): small maps cost little. */
#define CONDENSE_MIN_BLOCKS 4

static bool bit(const uint64_t *b, uint64_t i)
{
	return (b[i / WORD_BITS] >> (i % WORD_BITS)) & 1;
}

static void clear_bits(uint64_t *b, uint64_t i, uint64_t n)
{
	for (; n; i++, n--)
		b[i / WORD_BITS] &= ~(1ull << (i % WORD_BITS));
}

/* Metaslab ms's units as on disk at the end of the txg: a bitmap
 * indexed from the metaslab's first unit. */
static uint64_t *disk_state(const struct zfs_space *s, uint64_t ms,
			    uint64_t units)
{
	uint64_t base = (ms << s->ms_shift) >> s->ashift;
	uint64_t *b = calloc((units + WORD_BITS - 1) / WORD_BITS, 8);
	if (!b)
		return NULL;
	for (uint64_t u = 0; u < units; u++)
		if (bit(s->bits, base + u))
			b[u / WORD_BITS] |= 1ull << (u % WORD_BITS);
	for (int d = 0; d < ZFS_TXG_DEFER + 1; d++)
		for (size_t i = 0; i < s->defer[d].n; i++) {
			const struct space_range *r = &s->defer[d].r[i];
			uint64_t lo = r->unit > base ? r->unit : base;
			uint64_t hi = r->unit + r->n < base + units
					  ? r->unit + r->n
					  : base + units;
			if (lo < hi)
				clear_bits(b, lo - base, hi - lo);
		}
	return b;
}

int space_condense(const struct zfs_space *s, uint64_t ms, uint64_t **words,
		   size_t *n, int64_t *alloc)
{
	uint64_t units = 1ull << (s->ms_shift - s->ashift);
	uint64_t *b, *w = NULL;
	size_t cap = 0;
	*n = 0;
	*alloc = 0;
	if (ms >= s->ms_count)
		return -ZFS_EINVAL;
	b = disk_state(s, ms, units);
	if (!b)
		return -ZFS_ENOMEM;
	for (uint64_t u = 0; u < units;) {
		if (!bit(b, u)) {
			u++;
			continue;
		}
		uint64_t run = 1;
		while (u + run < units && run < SM_RUN_MAX && bit(b, u + run))
			run++;
		if (*n == cap) {
			cap = cap ? 2 * cap : 64;
			uint64_t *nw = realloc(w, cap * 8);
			if (!nw) {
				free(w);
				free(b);
				return -ZFS_ENOMEM;
			}
			w = nw;
		}
		w[(*n)++] = u << 16 | (uint64_t)SM_ALLOC << 15 | (run - 1);
		*alloc += (int64_t)(run << s->ashift);
		u += run;
	}
	free(b);
	*words = w;
	return 0;
}

bool space_should_condense(uint64_t len, size_t words, uint32_t blksz)
{
	return len >= (uint64_t)CONDENSE_MIN_BLOCKS * blksz &&
	       len > CONDENSE_RATIO * (uint64_t)words * 8;
}
