/*
 * The allocator of a pool opened for writing: which allocation units
 * are in use, loaded from the metaslabs' space maps, and the space-map
 * entries each transaction group adds.
 *
 * One bit per allocation unit (2^ashift bytes).  A freed block stays
 * marked in use for ZFS_TXG_DEFER transaction groups after the one that
 * freed it (as OpenZFS defers frees), so that the last few uberblocks
 * keep pointing at intact trees; on disk it is free from the txg that
 * freed it on.  Blocks never straddle two metaslabs.
 */
#include <stdlib.h>
#include <string.h>

#include "zfs.h"

#define WORD_BITS 64

static bool bit_get(const uint64_t *b, uint64_t i)
{
	return (b[i / WORD_BITS] >> (i % WORD_BITS)) & 1;
}

static void bits_set(uint64_t *b, uint64_t i, uint64_t n, bool on)
{
	for (; n; i++, n--) {
		uint64_t m = 1ull << (i % WORD_BITS);
		if (on)
			b[i / WORD_BITS] |= m;
		else
			b[i / WORD_BITS] &= ~m;
	}
}

/* Whether units [i, i + n) are all clear; else *next is one past the
 * last set unit seen, where a search can resume. */
static bool bits_clear(const uint64_t *b, uint64_t i, uint64_t n,
		       uint64_t *next)
{
	for (uint64_t j = i + n; j > i; j--)
		if (bit_get(b, j - 1)) {
			*next = j;
			return false;
		}
	return true;
}

int space_init(struct zfs_space *s, uint64_t asize, int ashift, int ms_shift)
{
	memset(s, 0, sizeof(*s));
	if (ashift < 9 || ashift > 16 || ms_shift < ZFS_MAXBLOCKSHIFT ||
	    ms_shift > 40)
		return -ZFS_EINVAL;
	s->ashift = ashift;
	s->ms_shift = ms_shift;
	s->ms_count = asize >> ms_shift;
	s->nunits = (s->ms_count << ms_shift) >> ashift;
	s->free_units = s->nunits;
	s->bits = calloc((s->nunits + WORD_BITS - 1) / WORD_BITS, 8);
	s->log = calloc(s->ms_count ? s->ms_count : 1, sizeof(*s->log));
	if (!s->bits || !s->log)
		return -ZFS_ENOMEM;
	return 0;
}

void space_fini(struct zfs_space *s)
{
	free(s->bits);
	for (uint64_t i = 0; s->log && i < s->ms_count; i++)
		free(s->log[i].w);
	free(s->log);
	for (int i = 0; i < ZFS_TXG_DEFER + 1; i++)
		free(s->defer[i].r);
	memset(s, 0, sizeof(*s));
}

/*
 * Replays metaslab ms's space map (words, in order) into the bitmap.
 * An entry that allocates space in use, or frees free space, means the
 * map is damaged: -ZFS_EIO.
 */
int space_load_map(struct zfs_space *s, uint64_t ms, const uint64_t *w,
		   size_t n)
{
	uint64_t base = (ms << s->ms_shift) >> s->ashift;
	uint64_t units = 1ull << (s->ms_shift - s->ashift);
	for (size_t i = 0; i < n; i++) {
		uint64_t off, run;
		bool is_free;
		unsigned prefix = w[i] >> 62;
		if (prefix == 2)
			continue; /* debug entry */
		if (prefix == 3) {
			if (++i == n)
				return -ZFS_EIO;
			run = ((w[i - 1] >> 24) & ((1ull << 36) - 1)) + 1;
			if (((w[i - 1] >> 60) & 3) != 0 ||
			    ((w[i - 1] >> 36) & 0xffffff) != 0)
				return -ZFS_EIO; /* another vdev */
			off = w[i] & ((1ull << 63) - 1);
			is_free = w[i] >> 63;
		} else {
			off = (w[i] >> 16) & ((1ull << SM_OFFSET_BITS) - 1);
			run = (w[i] & (SM_RUN_MAX - 1)) + 1;
			is_free = (w[i] >> 15) & 1;
		}
		if (off >= units || run > units - off)
			return -ZFS_EIO;
		for (uint64_t u = base + off; u < base + off + run; u++)
			if (bit_get(s->bits, u) != is_free)
				return -ZFS_EIO;
		bits_set(s->bits, base + off, run, !is_free);
		if (is_free)
			s->free_units += run;
		else
			s->free_units -= run;
	}
	return 0;
}

static int log_add(struct zfs_space *s, uint64_t unit, uint64_t run, int type)
{
	uint64_t ms = (unit << s->ashift) >> s->ms_shift;
	uint64_t off = unit - ((ms << s->ms_shift) >> s->ashift);
	struct space_log *l = &s->log[ms];
	while (run) {
		uint64_t r = run < SM_RUN_MAX ? run : SM_RUN_MAX;
		if (l->n == l->cap) {
			size_t cap = l->cap ? 2 * l->cap : 16;
			uint64_t *nw = realloc(l->w, cap * 8);
			if (!nw)
				return -ZFS_ENOMEM;
			l->w = nw;
			l->cap = cap;
		}
		l->w[l->n++] = off << 16 | (uint64_t)type << 15 | (r - 1);
		l->delta +=
		    (type == SM_ALLOC ? 1 : -1) * (int64_t)(r << s->ashift);
		s->changes++;
		off += r;
		run -= r;
	}
	return 0;
}

int space_alloc(struct zfs_space *s, uint64_t size, uint64_t *offset)
{
	uint64_t n = size >> s->ashift;
	uint64_t per_ms = 1ull << (s->ms_shift - s->ashift);
	if (size == 0 || (size & ((1ull << s->ashift) - 1)) ||
	    size > ZFS_MAXBLOCKSIZE)
		return -ZFS_EINVAL;
	if (n > s->free_units)
		return -ZFS_ENOSPC;
	/* First fit from the cursor, wrapping around once. */
	for (uint64_t tried = 0, u = s->cursor; tried <= s->nunits;) {
		if (u >= s->nunits)
			u = 0;
		uint64_t ms_end = (u / per_ms + 1) * per_ms, next;
		if (u + n > ms_end) {
			tried += ms_end - u;
			u = ms_end;
			continue;
		}
		if (bit_get(s->bits, u)) {
			u++, tried++;
			continue;
		}
		if (!bits_clear(s->bits, u, n, &next)) {
			tried += next - u;
			u = next;
			continue;
		}
		int err = log_add(s, u, n, SM_ALLOC);
		if (err)
			return err;
		bits_set(s->bits, u, n, true);
		s->free_units -= n;
		s->cursor = u + n;
		*offset = u << s->ashift;
		return 0;
	}
	return -ZFS_ENOSPC;
}

int space_free(struct zfs_space *s, uint64_t offset, uint64_t size)
{
	uint64_t u = offset >> s->ashift, n = size >> s->ashift;
	struct space_defer *d = &s->defer[0];
	if ((offset | size) & ((1ull << s->ashift) - 1) || u + n > s->nunits ||
	    n == 0)
		return -ZFS_EIO;
	for (uint64_t i = u; i < u + n; i++)
		if (!bit_get(s->bits, i))
			return -ZFS_EIO; /* freeing free space */
	if (d->n == d->cap) {
		size_t cap = d->cap ? 2 * d->cap : 64;
		struct space_range *r = realloc(d->r, cap * sizeof(*r));
		if (!r)
			return -ZFS_ENOMEM;
		d->r = r;
		d->cap = cap;
	}
	/* logged first: a block's run fits one entry, so a failure there
	 * leaves everything as it was (a failed commit can be retried) */
	int err = log_add(s, u, n, SM_FREE);
	if (!err)
		d->r[d->n++] = (struct space_range){u, n};
	return err;
}

void space_txg_done(struct zfs_space *s)
{
	/* The oldest deferred frees become allocatable. */
	struct space_defer old = s->defer[ZFS_TXG_DEFER];
	for (size_t i = 0; i < old.n; i++) {
		bits_set(s->bits, old.r[i].unit, old.r[i].n, false);
		s->free_units += old.r[i].n;
	}
	memmove(&s->defer[1], &s->defer[0], ZFS_TXG_DEFER * sizeof(old));
	old.n = 0;
	s->defer[0] = old;
	for (uint64_t i = 0; i < s->ms_count; i++)
		s->log[i].n = s->log[i].written = 0, s->log[i].delta = 0;
	s->changes = 0;
}

uint64_t space_free_bytes(const struct zfs_space *s)
{
	uint64_t deferred = 0;
	for (int i = 0; i < ZFS_TXG_DEFER + 1; i++)
		for (size_t j = 0; j < s->defer[i].n; j++)
			deferred += s->defer[i].r[j].n;
	return (s->free_units + deferred) << s->ashift;
}
