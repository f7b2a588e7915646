/*
 * The allocator and space maps.
 *
 * The vdev's allocatable space is cut into 2^ms_shift-byte metaslabs;
 * each has a space map object recording which of its space is
 * allocated.  An image is written once, so allocation is a bump pointer
 * that moves through the metaslabs in order and never lets a block
 * straddle two of them (OpenZFS claims each block inside one metaslab).
 * A metaslab's allocated space is therefore one run from its start, and
 * its space map is that run as one-word ALLOC entries.
 */
#include <stdlib.h>
#include <string.h>

#include "zfs.h"

static int highbit64(uint64_t v)
{
	int h = 0;
	while (v) {
		h++;
		v >>= 1;
	}
	return h;
}

int alloc_init(struct zfs_alloc *a, uint64_t asize, int ashift)
{
	memset(a, 0, sizeof(*a));
	a->asize = asize;
	a->ashift = ashift;
	/* 8 to 15 metaslabs for small vdevs, at most 512 MiB each beyond;
	 * never smaller than the largest block. */
	int shift = highbit64(asize / 16);
	if (shift > 29)
		shift = 29;
	if (shift < ZFS_MAXBLOCKSHIFT)
		shift = ZFS_MAXBLOCKSHIFT;
	a->ms_shift = shift;
	a->ms_count = asize >> shift;
	if (a->ms_count == 0)
		return -ZFS_ENOSPC;
	a->ms_used = calloc(a->ms_count, sizeof(uint64_t));
	return a->ms_used ? 0 : -ZFS_ENOMEM;
}

void alloc_fini(struct zfs_alloc *a)
{
	free(a->ms_used);
	a->ms_used = NULL;
}

int alloc_block(struct zfs_alloc *a, uint64_t size, uint64_t *offset)
{
	uint64_t ms_size = 1ull << a->ms_shift;
	if (size == 0 || size > ms_size || (size & ((1ull << a->ashift) - 1)))
		return -ZFS_EINVAL;
	while (a->cur < a->ms_count && a->ms_used[a->cur] + size > ms_size)
		a->cur++;
	if (a->cur == a->ms_count)
		return -ZFS_ENOSPC;
	*offset = (a->cur << a->ms_shift) + a->ms_used[a->cur];
	a->ms_used[a->cur] += size;
	return 0;
}

uint64_t alloc_total(const struct zfs_alloc *a)
{
	uint64_t t = 0;
	for (uint64_t i = 0; i < a->ms_count; i++)
		t += a->ms_used[i];
	return t;
}

size_t spacemap_encode_alloc(uint64_t start, uint64_t run, uint64_t *words)
{
	size_t n = 0;
	while (run) {
		uint64_t r = run < SM_RUN_MAX ? run : SM_RUN_MAX;
		if (words)
			words[n] =
			    start << 16 | (uint64_t)SM_ALLOC << 15 | (r - 1);
		n++;
		start += r;
		run -= r;
	}
	return n;
}

int spacemap_decode(const uint64_t *words, size_t n, int64_t *alloc_units)
{
	int64_t sum = 0;
	for (size_t i = 0; i < n; i++) {
		uint64_t w = words[i];
		unsigned prefix = w >> 62;
		if (prefix == 2)
			continue; /* debug entry */
		if (prefix == 3) {
			/* two-word entry: run in bits 24-59, type in the
			 * second word's top bit */
			if (++i == n)
				return -ZFS_EIO;
			uint64_t run = ((w >> 24) & ((1ull << 36) - 1)) + 1;
			sum += (words[i] >> 63) ? -(int64_t)run : (int64_t)run;
			continue;
		}
		uint64_t run = (w & (SM_RUN_MAX - 1)) + 1;
		sum += ((w >> 15) & 1) ? -(int64_t)run : (int64_t)run;
	}
	*alloc_units = sum;
	return 0;
}
