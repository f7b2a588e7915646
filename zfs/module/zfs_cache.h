/*
 * A bounded cache of device blocks under a struct zfs_bio: reads are
 * served from memory when the same (offset, length) was read before,
 * least recently used blocks go first when the cache is full.  It sits
 * below checksum verification, so a block is verified on every use and
 * a corrupt block on the disk stays an error however often it is read.
 * Writes go through to the device and drop every cached block they
 * overlap, so a write path (copy-on-write reusing freed space, the
 * uberblock ring) never reads stale data.
 *
 * Plain C over malloc: the module uses it, and the host tests
 * (tests/host/test_zfs_cache.c).  Not thread-safe: one cache per mount,
 * whose operations the VFS serialises.
 */
#ifndef ZFS_CACHE_H
#define ZFS_CACHE_H

#include <stddef.h>
#include <stdint.h>

#include "zfs.h"

struct zfs_cache;

struct zfs_cache_stats {
	uint64_t hits, misses, evictions, invalidations;
	uint64_t bytes, blocks; /* held now */
	uint64_t capacity;
};

/* A cache of at most capacity bytes of blocks over dev (kept by
 * pointer); *out is the cached device to give the reader. */
int zfs_cache_new(const struct zfs_bio *dev, uint64_t capacity,
		  struct zfs_cache **cp, const struct zfs_bio **out);
void zfs_cache_free(struct zfs_cache *c);
void zfs_cache_stats(const struct zfs_cache *c, struct zfs_cache_stats *st);
/* Gives back the memory of every block held; returns its bytes. */
uint64_t zfs_cache_drop_all(struct zfs_cache *c);

/* Parses a size: digits with an optional K, M or G suffix (powers of
 * 1024).  0, or -ZFS_EINVAL for anything else or an overflow. */
int zfs_cache_parse_size(const char *s, size_t len, uint64_t *out);

#endif
