/*
 * The block cache (zfs_cache.h).  Entries are found by a hash of their
 * offset's 128 KiB region (ZFS's largest common block), so that a write
 * finds every entry it overlaps by looking at the regions it and the
 * longest entry could span; recency is a doubly linked list.
 */
#include <stdlib.h>
#include <string.h>

#include "zfs_cache.h"

#define REGION_SHIFT 17
#define MIN_BUCKETS 64
#define ZFS_EROFS 30
/*
 * Blocks are held in pieces of 64 KiB: the kernel's malloc gives
 * smaller blocks from its heap and larger ones (from 128 KiB) as memory
 * mappings, which would make every cached 128 KiB block a mapping of
 * its own in the application's address space.
 */
#define PIECE (64u * 1024)

struct entry {
	uint64_t off;
	uint32_t len;
	struct entry *hnext;	    /* the bucket's chain */
	struct entry *newer, *older; /* recency list */
	uint8_t *piece[]; /* PIECE bytes each, the last one shorter */
};

struct zfs_cache {
	const struct zfs_bio *dev;
	struct zfs_bio bio; /* what the reader uses */
	uint64_t capacity;
	struct entry **buckets;
	size_t nbuckets; /* a power of two */
	struct entry lru; /* sentinel: lru.older is the newest */
	uint32_t maxlen; /* the longest entry held since the cache was empty */
	struct zfs_cache_stats st;
};

static size_t pieces(size_t len)
{
	return (len + PIECE - 1) / PIECE;
}

static void free_entry(struct entry *e)
{
	for (size_t i = 0; i < pieces(e->len); i++)
		free(e->piece[i]);
	free(e);
}

static struct entry *new_entry(uint64_t off, size_t len)
{
	size_t n = pieces(len);
	struct entry *e = calloc(1, sizeof(*e) + n * sizeof(e->piece[0]));
	if (!e)
		return NULL;
	e->off = off;
	e->len = (uint32_t)len;
	for (size_t i = 0; i < n; i++) {
		size_t size = i + 1 < n ? PIECE : len - i * PIECE;
		e->piece[i] = malloc(size);
		if (!e->piece[i]) {
			free_entry(e);
			return NULL;
		}
	}
	return e;
}

/* Copies between a flat buffer and an entry's pieces. */
static void copy_out(const struct entry *e, void *buf)
{
	for (size_t i = 0, done = 0; done < e->len; i++) {
		size_t n = e->len - done < PIECE ? e->len - done : PIECE;
		memcpy((uint8_t *)buf + done, e->piece[i], n);
		done += n;
	}
}

static void copy_in(struct entry *e, const void *buf)
{
	for (size_t i = 0, done = 0; done < e->len; i++) {
		size_t n = e->len - done < PIECE ? e->len - done : PIECE;
		memcpy(e->piece[i], (const uint8_t *)buf + done, n);
		done += n;
	}
}

static size_t bucket_of(const struct zfs_cache *c, uint64_t off)
{
	uint64_t region = off >> REGION_SHIFT;
	return (size_t)((region * 0x9e3779b97f4a7c15ULL) >> 32) &
	       (c->nbuckets - 1);
}

static void lru_unlink(struct entry *e)
{
	e->newer->older = e->older;
	e->older->newer = e->newer;
}

/* Makes e the newest. */
static void lru_push(struct zfs_cache *c, struct entry *e)
{
	e->older = c->lru.older;
	e->newer = &c->lru;
	c->lru.older->newer = e;
	c->lru.older = e;
}

static struct entry *find(struct zfs_cache *c, uint64_t off, uint32_t len)
{
	for (struct entry *e = c->buckets[bucket_of(c, off)]; e; e = e->hnext)
		if (e->off == off && e->len == len)
			return e;
	return NULL;
}

static void drop(struct zfs_cache *c, struct entry *e)
{
	struct entry **p = &c->buckets[bucket_of(c, e->off)];
	while (*p != e)
		p = &(*p)->hnext;
	*p = e->hnext;
	lru_unlink(e);
	c->st.bytes -= e->len;
	c->st.blocks--;
	free_entry(e);
}

static void insert(struct zfs_cache *c, struct entry *e)
{
	size_t b = bucket_of(c, e->off);
	e->hnext = c->buckets[b];
	c->buckets[b] = e;
	lru_push(c, e);
	c->st.bytes += e->len;
	c->st.blocks++;
	if (e->len > c->maxlen)
		c->maxlen = e->len;
	while (c->st.bytes > c->capacity) {
		/* the oldest (the sentinel's newer side is the oldest) */
		drop(c, c->lru.newer);
		c->st.evictions++;
	}
}

static int cache_read(void *ctx, uint64_t off, void *buf, size_t len)
{
	struct zfs_cache *c = ctx;
	if (len == 0 || len > c->capacity || len > UINT32_MAX)
		return c->dev->read(c->dev->ctx, off, buf, len);
	struct entry *e = find(c, off, (uint32_t)len);
	if (e) {
		c->st.hits++;
		lru_unlink(e);
		lru_push(c, e);
		copy_out(e, buf);
		return 0;
	}
	c->st.misses++;
	int err = c->dev->read(c->dev->ctx, off, buf, len);
	if (err)
		return err;
	e = new_entry(off, len);
	if (e) { /* else no room to keep it: it was read anyway */
		copy_in(e, buf);
		insert(c, e);
	}
	return 0;
}

/* Drops every entry that overlaps [off, off + len). */
static void invalidate(struct zfs_cache *c, uint64_t off, size_t len)
{
	if (!c->st.blocks || len == 0)
		return;
	uint64_t first = off > c->maxlen ? off - c->maxlen + 1 : 0;
	uint64_t end = off + len;
	uint64_t r0 = first >> REGION_SHIFT, r1 = (end - 1) >> REGION_SHIFT;
	uint64_t regions = r1 - r0 + 1;
	size_t n = regions >= c->nbuckets ? c->nbuckets : (size_t)regions;
	for (size_t i = 0; i < n; i++) {
		size_t b = regions >= c->nbuckets
			       ? i
			       : bucket_of(c, (r0 + i) << REGION_SHIFT);
		struct entry *e = c->buckets[b];
		while (e) {
			struct entry *next = e->hnext;
			if (e->off < end && e->off + e->len > off) {
				drop(c, e);
				c->st.invalidations++;
			}
			e = next;
		}
	}
}

static int cache_write(void *ctx, uint64_t off, const void *buf, size_t len)
{
	struct zfs_cache *c = ctx;
	invalidate(c, off, len);
	if (!c->dev->write)
		return -ZFS_EROFS;
	return c->dev->write(c->dev->ctx, off, buf, len);
}

/* The cache writes through: a flush is the device's. */
static int cache_flush(void *ctx)
{
	struct zfs_cache *c = ctx;
	return c->dev->flush(c->dev->ctx);
}

int zfs_cache_new(const struct zfs_bio *dev, uint64_t capacity,
		  struct zfs_cache **cp, const struct zfs_bio **out)
{
	struct zfs_cache *c = calloc(1, sizeof(*c));
	if (!c)
		return -ZFS_ENOMEM;
	c->nbuckets = MIN_BUCKETS;
	while (c->nbuckets < (capacity >> 16) && c->nbuckets < (1u << 24))
		c->nbuckets <<= 1;
	c->buckets = calloc(c->nbuckets, sizeof(*c->buckets));
	if (!c->buckets) {
		free(c);
		return -ZFS_ENOMEM;
	}
	c->dev = dev;
	c->capacity = capacity;
	c->st.capacity = capacity;
	c->lru.newer = c->lru.older = &c->lru;
	c->bio.ctx = c;
	c->bio.read = cache_read;
	c->bio.write = dev->write ? cache_write : NULL;
	c->bio.size = dev->size;
	c->bio.flush = dev->flush ? cache_flush : NULL;
	*cp = c;
	*out = &c->bio;
	return 0;
}

uint64_t zfs_cache_drop_all(struct zfs_cache *c)
{
	uint64_t bytes = c->st.bytes;
	while (c->lru.newer != &c->lru)
		drop(c, c->lru.newer);
	c->maxlen = 0;
	return bytes;
}

void zfs_cache_free(struct zfs_cache *c)
{
	if (!c)
		return;
	zfs_cache_drop_all(c);
	free(c->buckets);
	free(c);
}

void zfs_cache_stats(const struct zfs_cache *c, struct zfs_cache_stats *st)
{
	*st = c->st;
}

int zfs_cache_parse_size(const char *s, size_t len, uint64_t *out)
{
	uint64_t v = 0;
	size_t i = 0;
	if (len == 0 || s[0] < '0' || s[0] > '9')
		return -ZFS_EINVAL;
	for (; i < len && s[i] >= '0' && s[i] <= '9'; i++) {
		if (v > (UINT64_MAX - 9) / 10)
			return -ZFS_EINVAL;
		v = v * 10 + (uint64_t)(s[i] - '0');
	}
	int shift = 0;
	if (i < len) {
		switch (s[i++]) {
		case 'K': case 'k': shift = 10; break;
		case 'M': case 'm': shift = 20; break;
		case 'G': case 'g': shift = 30; break;
		default: return -ZFS_EINVAL;
		}
	}
	if (i != len || (shift && v > (UINT64_MAX >> shift)))
		return -ZFS_EINVAL;
	*out = v << shift;
	return 0;
}
