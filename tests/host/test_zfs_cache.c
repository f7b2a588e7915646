/* zfs/module/zfs_cache.c: hits and misses, LRU eviction within the
 * capacity, write-through invalidation of overlapping blocks, errors
 * not cached, sizes parsed; checked against a device in memory that
 * counts its reads. */
#include <stdlib.h>
#include <string.h>

#include "tap.h"
#include "zfs_cache.h"

#define DEV_SIZE (4u << 20)

struct memdev {
	uint8_t *bytes;
	unsigned reads, writes;
	uint64_t fail_at; /* reads at this offset fail; ~0: none */
};

static int mem_read(void *ctx, uint64_t off, void *buf, size_t len)
{
	struct memdev *m = ctx;
	m->reads++;
	if (off == m->fail_at)
		return -ZFS_EIO;
	memcpy(buf, m->bytes + off, len);
	return 0;
}

static int mem_write(void *ctx, uint64_t off, const void *buf, size_t len)
{
	struct memdev *m = ctx;
	m->writes++;
	memcpy(m->bytes + off, buf, len);
	return 0;
}

static int read_is(const struct zfs_bio *b, struct memdev *m, uint64_t off,
		   size_t len)
{
	uint8_t *buf = malloc(len);
	int ok = b->read(b->ctx, off, buf, len) == 0 &&
		 memcmp(buf, m->bytes + off, len) == 0;
	free(buf);
	return ok;
}

int main(void)
{
	struct memdev m = {malloc(DEV_SIZE), 0, 0, ~0ull};
	struct zfs_bio dev = {&m, mem_read, mem_write, DEV_SIZE, NULL};
	for (unsigned i = 0; i < DEV_SIZE; i++)
		m.bytes[i] = (uint8_t)(i * 7 + (i >> 9));
	struct zfs_cache *c;
	const struct zfs_bio *b;
	struct zfs_cache_stats st;

	TAP_OK(zfs_cache_new(&dev, 64 * 1024, &c, &b) == 0, "a 64 KiB cache");
	TAP_OK(b->size == DEV_SIZE, "it has the device's size");
	TAP_OK(read_is(b, &m, 4096, 16384) && m.reads == 1, "a miss reads");
	TAP_OK(read_is(b, &m, 4096, 16384) && m.reads == 1,
	       "the same block again is a hit");
	TAP_OK(read_is(b, &m, 4096, 8192) && m.reads == 2,
	       "another length at the same offset is another block");

	/* fill past the capacity: the least recently used goes first */
	read_is(b, &m, 0x10000, 16384);
	read_is(b, &m, 4096, 16384); /* touch: now the newest */
	read_is(b, &m, 0x20000, 16384);
	read_is(b, &m, 0x30000, 16384); /* 72 KiB asked for: evicts */
	zfs_cache_stats(c, &st);
	TAP_OK(st.bytes <= 64 * 1024 && st.evictions >= 1,
	       "held bytes stay within the capacity (%lu held, %lu evicted)",
	       (unsigned long)st.bytes, (unsigned long)st.evictions);
	unsigned before = m.reads;
	read_is(b, &m, 4096, 16384);
	TAP_OK(m.reads == before, "the recently used block stayed");
	read_is(b, &m, 4096, 8192);
	TAP_OK(m.reads == before + 1, "the least recently used one went");

	/* a write over part of a cached block drops it */
	before = m.reads;
	uint8_t patch[600];
	memset(patch, 0xab, sizeof(patch));
	TAP_OK(b->write(b->ctx, 4096 + 16000, patch, sizeof(patch)) == 0 &&
		   m.writes == 1,
	       "writes go through");
	TAP_OK(read_is(b, &m, 4096, 16384) && m.reads == before + 1,
	       "an overlapped block is read again, with the new bytes");
	before = m.reads;
	read_is(b, &m, 0x30000, 16384);
	TAP_OK(m.reads == before, "blocks the write missed stay cached");
	/* the write overlaps the start of a block it begins before */
	TAP_OK(b->write(b->ctx, 0x30000 - 100, patch, 200) == 0 &&
		   read_is(b, &m, 0x30000, 16384) && m.reads == before + 1,
	       "a write ending inside a block drops it too");

	/* errors are not cached */
	m.fail_at = 0x40000;
	uint8_t buf[512];
	TAP_OK(b->read(b->ctx, 0x40000, buf, 512) == -ZFS_EIO,
	       "a failed read fails");
	m.fail_at = ~0ull;
	TAP_OK(read_is(b, &m, 0x40000, 512), "and is retried, not cached");

	/* larger than the cache: straight through */
	before = m.reads;
	read_is(b, &m, 0, 128 * 1024);
	read_is(b, &m, 0, 128 * 1024);
	TAP_OK(m.reads == before + 2, "blocks larger than the cache bypass it");
	zfs_cache_stats(c, &st);
	TAP_OK(st.hits >= 4 && st.misses >= 6 && st.invalidations == 2,
	       "statistics: %lu hits, %lu misses, %lu invalidations",
	       (unsigned long)st.hits, (unsigned long)st.misses,
	       (unsigned long)st.invalidations);
	zfs_cache_free(c);

	/* a read-only device gives a read-only cache */
	struct zfs_bio ro = dev;
	ro.write = NULL;
	TAP_OK(zfs_cache_new(&ro, 1 << 20, &c, &b) == 0 && b->write == NULL,
	       "no write function over a read-only device");
	zfs_cache_free(c);

	uint64_t v;
	TAP_OK(zfs_cache_parse_size("64M", 3, &v) == 0 && v == 64ull << 20,
	       "64M");
	TAP_OK(zfs_cache_parse_size("300k", 4, &v) == 0 && v == 300ull << 10,
	       "300k");
	TAP_OK(zfs_cache_parse_size("2G,x", 2, &v) == 0 && v == 2ull << 30,
	       "2G, length-bounded");
	TAP_OK(zfs_cache_parse_size("12345", 5, &v) == 0 && v == 12345,
	       "plain bytes");
	TAP_OK(zfs_cache_parse_size("M", 1, &v) && zfs_cache_parse_size("", 0, &v) &&
		   zfs_cache_parse_size("5X", 2, &v) &&
		   zfs_cache_parse_size("5MB", 3, &v) &&
		   zfs_cache_parse_size("99999999999999999999", 20, &v) &&
		   zfs_cache_parse_size("17179869184G", 12, &v),
	       "bad sizes and overflows are refused");
	free(m.bytes);
	return tap_done();
}
