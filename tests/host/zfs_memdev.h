/*
 * A disk in memory for the host ZFS tests: a zfs_bio over a buffer,
 * reads and writes bounds-checked (-ZFS_EIO past the end), with what
 * the tests watch: the writes and flushes counted, and, when undo is
 * set, a log of each write with the bytes it replaced, so that a test
 * can put back what a power cut after any of them would have left.
 */
#ifndef TESTS_HOST_ZFS_MEMDEV_H
#define TESTS_HOST_ZFS_MEMDEV_H

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "zfs.h"

struct memdev_write {
	uint64_t off;
	size_t len;
	uint8_t *old; /* the bytes it replaced */
};

struct memdev {
	uint8_t *b;
	uint64_t size;
	unsigned writes, flushes;
	unsigned last_flush_at; /* writes before the last flush */
	bool undo;		/* log the writes */
	struct memdev_write *log;
	size_t nlog, cap;
};

/* A zeroed disk of size bytes; false when out of memory. */
static inline bool memdev_open(struct memdev *m, uint64_t size)
{
	*m = (struct memdev){.b = calloc(1, size), .size = size};
	return m->b != NULL;
}

static inline int memdev_read(void *ctx, uint64_t off, void *buf, size_t len)
{
	struct memdev *m = ctx;
	if (off > m->size || len > m->size - off)
		return -ZFS_EIO;
	memcpy(buf, m->b + off, len);
	return 0;
}

static inline int memdev_write(void *ctx, uint64_t off, const void *buf,
			       size_t len)
{
	struct memdev *m = ctx;
	if (off > m->size || len > m->size - off)
		return -ZFS_EIO;
	if (m->undo) {
		if (m->nlog == m->cap) {
			size_t cap = m->cap ? 2 * m->cap : 256;
			struct memdev_write *l =
			    realloc(m->log, cap * sizeof(*l));
			if (!l)
				return -ZFS_ENOMEM;
			m->log = l;
			m->cap = cap;
		}
		uint8_t *old = malloc(len);
		if (!old)
			return -ZFS_ENOMEM;
		memcpy(old, m->b + off, len);
		m->log[m->nlog++] = (struct memdev_write){off, len, old};
	}
	memcpy(m->b + off, buf, len);
	m->writes++;
	return 0;
}

static inline int memdev_flush(void *ctx)
{
	struct memdev *m = ctx;
	m->flushes++;
	m->last_flush_at = m->writes;
	return 0;
}

/* The disk as a zfs_bio; with flush false, writes are stable at once. */
static inline struct zfs_bio memdev_bio(struct memdev *m, bool flush)
{
	return (struct zfs_bio){m, memdev_read, memdev_write, m->size,
				flush ? memdev_flush : NULL};
}

/* Puts back the bytes logged write i replaced (undo from the last). */
static inline void memdev_undo_write(struct memdev *m, size_t i)
{
	memcpy(m->b + m->log[i].off, m->log[i].old, m->log[i].len);
}

/* Empties the log. */
static inline void memdev_forget_writes(struct memdev *m)
{
	for (size_t i = 0; i < m->nlog; i++)
		free(m->log[i].old);
	m->nlog = 0;
}

/*
 * A 64 MiB pool called name on m (lz4, ashift 9) whose root holds one
 * empty directory, dir: what the txg tests start from.
 */
static inline int memdev_pool(struct memdev *m, struct zfs_bio *bio,
			      const char *name, const char *dir)
{
	struct zfs_pool_params prm = {.name = name,
				      .path = "/dev/mem0",
				      .ashift = 9,
				      .timestamp = 1000,
				      .compress = ZIO_COMPRESS_LZ4};
	struct zfs_pool *p;
	struct zpl_attr attr = {040755, 0, 0, 0, 0};
	if (!memdev_open(m, 64ull << 20))
		return -ZFS_ENOMEM;
	*bio = memdev_bio(m, true);
	int rc = pool_create(&prm, bio, &p);
	struct zpl_builder *zb = zpl_new(1000);
	zpl_mkdir(zb, zpl_root(zb, NULL), dir, &attr);
	if (!rc)
		rc = zpl_write(zb, pool_root_objset(p));
	if (!rc)
		rc = pool_finish(p);
	zpl_free(zb);
	pool_free(p);
	return rc;
}

static inline void memdev_close(struct memdev *m)
{
	memdev_forget_writes(m);
	free(m->log);
	free(m->b);
	*m = (struct memdev){0};
}

#endif
