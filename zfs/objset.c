/*
 * Objects and object sets, written once.
 *
 * An object's data blocks go out as they come; the block pointers to
 * them collect in one pending indirect block per level, which is
 * written when the next block pointer belongs to another indirect block
 * (or at the end), so memory stays at one indirect block per level
 * whatever the object's size.  When the last block is in, the number of
 * levels is the smallest that lets the dnode's own block pointers reach
 * the highest block id.
 *
 * Dnodes stay in memory (bonus buffers can change until the end) and
 * are written last, as the data of the object set's meta-dnode, whose
 * blocks hold 32 dnodes each; then the 4 KiB objset_phys.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "zfs.h"

#define INDBLKSHIFT 14 /* 16 KiB indirect blocks: 128 pointers */
#define EPBS (INDBLKSHIFT - 7)
#define MAX_LEVELS 12

int os_init(struct zfs_objset *os, struct zfs_writer *w, int type)
{
	memset(os, 0, sizeof(*os));
	os->w = w;
	os->type = type;
	os->compress = ZIO_COMPRESS_OFF;
	os->cap = 64;
	os->dn = calloc(os->cap, sizeof(dnode_phys_t));
	os->ndn = 1; /* object 0 is the meta-dnode itself */
	return os->dn ? 0 : -ZFS_ENOMEM;
}

void os_fini(struct zfs_objset *os)
{
	free(os->dn);
	os->dn = NULL;
}

dnode_phys_t *os_dnode(struct zfs_objset *os, uint64_t obj)
{
	return obj && obj < os->ndn ? &os->dn[obj] : NULL;
}

static void dnode_init(dnode_phys_t *dn, int type, int bonustype, int bonuslen,
		       uint32_t blksz)
{
	memset(dn, 0, sizeof(*dn));
	dn->dn_type = type;
	dn->dn_indblkshift = INDBLKSHIFT;
	dn->dn_nlevels = 1;
	/* As many block pointers as the bonus buffer leaves room for. */
	int nbp = 1 + (DN_MAX_BONUSLEN - bonuslen) / (int)sizeof(blkptr_t);
	dn->dn_nblkptr = nbp > DN_MAX_NBLKPTR ? DN_MAX_NBLKPTR : nbp;
	dn->dn_bonustype = bonustype;
	dn->dn_bonuslen = bonuslen;
	dn->dn_flags = DNODE_FLAG_USED_BYTES;
	dn->dn_datablkszsec = blksz >> ZFS_SECTOR_SHIFT;
}

uint64_t os_new_object(struct zfs_objset *os, int type, int bonustype,
		       int bonuslen, uint32_t blksz)
{
	if (bonuslen < 0 || bonuslen > DN_MAX_BONUSLEN || blksz == 0 ||
	    blksz % ZFS_SECTOR || blksz > ZFS_MAXBLOCKSIZE)
		return 0;
	if (os->ndn == os->cap) {
		dnode_phys_t *n = realloc(os->dn, 2 * os->cap * sizeof(*n));
		if (!n)
			return 0;
		os->dn = n;
		os->cap *= 2;
	}
	dnode_init(&os->dn[os->ndn], type, bonustype, bonuslen, blksz);
	return os->ndn++;
}

/*
 * The block's compressed form in w->cbuf, when storing it so is worth
 * it: the compressed stream takes at most 7/8 of the block and fewer
 * allocation units than the block itself (else reading it would cost a
 * decompression for nothing).  Returns the physical size (the stream
 * zero-padded to whole sectors), or 0 to store the block as it is.
 */
static uint32_t compress_block(struct zfs_objset *os, const void *data,
			       uint32_t size)
{
	struct zfs_writer *w = os->w;
	uint64_t amask = (1ull << w->alloc.ashift) - 1;

	if (os->compress != ZIO_COMPRESS_LZ4)
		return 0;
	if (!w->cbuf && !(w->cbuf = malloc(ZFS_MAXBLOCKSIZE)))
		return 0; /* uncompressed is still correct */
	size_t n = zfs_lz4_compress(data, size, w->cbuf, size - size / 8);
	uint32_t psize = (n + ZFS_SECTOR - 1) & ~(ZFS_SECTOR - 1);
	if (n == 0 || ((psize + amask) & ~amask) >= ((size + amask) & ~amask))
		return 0;
	memset(w->cbuf + n, 0, psize - n);
	return psize;
}

int os_write_block(struct zfs_objset *os, const void *data, uint32_t size,
		   int type, int level, uint64_t fill, blkptr_t *bp)
{
	struct zfs_writer *w = os->w;
	uint64_t amask = (1ull << w->alloc.ashift) - 1, off;
	struct bp_info bi = {0};
	int err;

	if (size == 0 || size % ZFS_SECTOR || size > ZFS_MAXBLOCKSIZE)
		return -ZFS_EINVAL;
	uint32_t psize = compress_block(os, data, size);
	if (psize)
		data = w->cbuf;
	else
		psize = size;
	uint64_t asize = (psize + amask) & ~amask;
	err = alloc_block(&w->alloc, asize, &off);
	if (err) {
		snprintf(w->err, sizeof(w->err),
			 "the image is full (no %llu bytes left)",
			 (unsigned long long)asize);
		return err;
	}
	if (!w->dry_run) {
		zfs_fletcher4(data, psize, &bi.zc);
		err = w->bio->write(w->bio->ctx, VDEV_LABEL_START_SIZE + off,
				    data, psize);
		if (err) {
			snprintf(w->err, sizeof(w->err), "write error");
			return err;
		}
	}
	bi.offset = off;
	bi.asize = asize;
	bi.lsize = size;
	bi.psize = psize;
	bi.comp = psize < size ? ZIO_COMPRESS_LZ4 : ZIO_COMPRESS_OFF;
	bi.cksum = ZIO_CHECKSUM_FLETCHER_4;
	bi.type = type;
	bi.level = level;
	bi.birth = w->txg;
	bi.fill = fill;
	bp_encode(bp, &bi);
	os->used += asize;
	os->comp += psize;
	os->uncomp += size;
	return 0;
}

static bool all_zero(const void *p, size_t n)
{
	const uint8_t *b = p;
	for (size_t i = 0; i < n; i++)
		if (b[i])
			return false;
	return true;
}

/* ---- streaming ---- */

struct pending {
	uint64_t first; /* block id of its first entry; UINT64_MAX: empty */
	blkptr_t *bps;	/* 2^EPBS entries, by (id & mask) */
};

struct os_stream {
	struct zfs_objset *os;
	uint64_t obj;
	dnode_phys_t tmpl; /* type, sizes; the dnode is filled at the end */
	uint64_t used, maxblkid, next;
	bool any;
	struct pending lvl[MAX_LEVELS];
};

static int put(struct os_stream *s, int level, uint64_t id, const blkptr_t *bp);

/* Writes level's pending indirect block; its pointer goes one up. */
static int flush(struct os_stream *s, int level)
{
	struct pending *p = &s->lvl[level];
	uint32_t size = 1u << INDBLKSHIFT;
	uint64_t fill = 0;
	blkptr_t bp;
	int err;

	if (p->first == UINT64_MAX)
		return 0;
	if (level + 1 >= MAX_LEVELS)
		return -ZFS_EFBIG;
	for (unsigned i = 0; i < 1u << EPBS; i++)
		fill += bp_fill(&p->bps[i]);
	uint64_t before = s->os->used;
	err = os_write_block(s->os, p->bps, size, s->tmpl.dn_type, level + 1,
			     fill, &bp);
	if (err)
		return err;
	s->used += s->os->used - before;
	uint64_t parent = p->first >> EPBS;
	memset(p->bps, 0, size);
	p->first = UINT64_MAX;
	return put(s, level + 1, parent, &bp);
}

static int put(struct os_stream *s, int level, uint64_t id, const blkptr_t *bp)
{
	struct pending *p = &s->lvl[level];
	int err;

	if (level >= MAX_LEVELS)
		return -ZFS_EFBIG;
	if (p->first != UINT64_MAX && (p->first >> EPBS) != (id >> EPBS)) {
		err = flush(s, level);
		if (err)
			return err;
	}
	if (!p->bps) {
		p->bps = calloc(1u << EPBS, sizeof(blkptr_t));
		if (!p->bps)
			return -ZFS_ENOMEM;
	}
	if (p->first == UINT64_MAX)
		p->first = id;
	p->bps[id & ((1u << EPBS) - 1)] = *bp;
	return 0;
}

static int stream_new(struct zfs_objset *os, uint64_t obj,
		      const dnode_phys_t *tmpl, struct os_stream **sp)
{
	struct os_stream *s = calloc(1, sizeof(*s));
	if (!s)
		return -ZFS_ENOMEM;
	s->os = os;
	s->obj = obj;
	s->tmpl = *tmpl;
	for (int i = 0; i < MAX_LEVELS; i++)
		s->lvl[i].first = UINT64_MAX;
	*sp = s;
	return 0;
}

int os_stream_begin(struct zfs_objset *os, uint64_t obj, struct os_stream **sp)
{
	dnode_phys_t *dn = os_dnode(os, obj);
	if (!dn)
		return -ZFS_EINVAL;
	/* Objects are written once: a second write would leak the first. */
	for (int i = 0; i < dn->dn_nblkptr; i++)
		if (!bp_is_hole(&dn->dn_blkptr[i]))
			return -ZFS_EEXIST;
	return stream_new(os, obj, dn, sp);
}

static int stream_put(struct os_stream *s, uint64_t blkid, const void *data,
		      uint32_t len, uint64_t fill, int type)
{
	uint32_t blksz = (uint32_t)s->tmpl.dn_datablkszsec << ZFS_SECTOR_SHIFT;
	const void *buf = data;
	uint8_t *pad = NULL;
	blkptr_t bp;
	int err;

	if (len > blksz || (s->any && blkid < s->next))
		return -ZFS_EINVAL;
	if (all_zero(data, len))
		return 0;
	if (len < blksz) {
		pad = calloc(1, blksz);
		if (!pad)
			return -ZFS_ENOMEM;
		memcpy(pad, data, len);
		buf = pad;
	}
	uint64_t before = s->os->used;
	uint8_t small[BPE_PAYLOAD_SIZE];
	size_t n = s->os->embed && type == DMU_OT_PLAIN_FILE_CONTENTS
		       ? zfs_lz4_compress(buf, blksz, small, sizeof(small))
		       : 0;
	if (n) {
		/* no space and no physical size of its own (the payload is
		 * part of the pointer), but its logical size counts in the
		 * dataset's uncompressed total, as any block's does */
		err = bp_embed(&bp, small, n, blksz, ZIO_COMPRESS_LZ4, type, 0,
			       s->os->w->txg);
		s->os->uncomp += blksz;
	} else
		err = os_write_block(s->os, buf, blksz, type, 0, fill, &bp);
	free(pad);
	if (err)
		return err;
	s->used += s->os->used - before;
	s->maxblkid = blkid;
	s->next = blkid + 1;
	s->any = true;
	return put(s, 0, blkid, &bp);
}

int os_stream_block(struct os_stream *s, uint64_t blkid, const void *data,
		    uint32_t len)
{
	return stream_put(s, blkid, data, len, 1, s->tmpl.dn_type);
}

void os_stream_abort(struct os_stream *s)
{
	if (!s)
		return;
	for (int i = 0; i < MAX_LEVELS; i++)
		free(s->lvl[i].bps);
	free(s);
}

/* Completes the tree; the top pointers and sizes go into dn. */
static int stream_close(struct os_stream *s, dnode_phys_t *dn)
{
	int nlevels = 1, err = 0;
	while (nlevels < MAX_LEVELS &&
	       (s->maxblkid >> (EPBS * (nlevels - 1))) >= dn->dn_nblkptr)
		nlevels++;
	for (int l = 0; l < nlevels - 1 && !err; l++)
		err = flush(s, l);
	if (!err) {
		struct pending *top = &s->lvl[nlevels - 1];
		memset(dn->dn_blkptr, 0, dn->dn_nblkptr * sizeof(blkptr_t));
		if (top->first != UINT64_MAX)
			memcpy(dn->dn_blkptr, top->bps,
			       dn->dn_nblkptr * sizeof(blkptr_t));
		dn->dn_nlevels = nlevels;
		dn->dn_maxblkid = s->maxblkid;
		dn->dn_used = s->used;
	}
	os_stream_abort(s);
	return err;
}

int os_stream_end(struct os_stream *s)
{
	dnode_phys_t *dn = os_dnode(s->os, s->obj);
	if (!dn) {
		os_stream_abort(s);
		return -ZFS_EINVAL;
	}
	return stream_close(s, dn);
}

int os_write_object(struct zfs_objset *os, uint64_t obj, const void *data,
		    uint64_t len)
{
	dnode_phys_t *dn = os_dnode(os, obj);
	struct os_stream *s;
	int err;

	if (!dn)
		return -ZFS_EINVAL;
	uint32_t blksz = (uint32_t)dn->dn_datablkszsec << ZFS_SECTOR_SHIFT;
	/* Only single-block objects may have a size not a power of 2. */
	if (len > blksz && (blksz & (blksz - 1)))
		return -ZFS_EINVAL;
	err = os_stream_begin(os, obj, &s);
	for (uint64_t off = 0, id = 0; !err && off < len; off += blksz, id++) {
		uint64_t n = len - off < blksz ? len - off : blksz;
		err = os_stream_block(s, id, (const uint8_t *)data + off, n);
	}
	if (err) {
		os_stream_abort(s);
		return err;
	}
	return os_stream_end(s);
}

int os_finish(struct zfs_objset *os, blkptr_t *bp)
{
	uint32_t bsize = 1u << DNODE_BLOCK_SHIFT;
	uint64_t nblocks = (os->ndn + DNODES_PER_BLOCK - 1) / DNODES_PER_BLOCK;
	objset_phys_t *osp = calloc(1, sizeof(*osp));
	uint8_t *blk = calloc(1, bsize);
	struct os_stream *s = NULL;
	uint64_t total = 0;
	int err = osp && blk ? 0 : -ZFS_ENOMEM;

	dnode_phys_t *mdn = osp ? &osp->os_meta_dnode : NULL;
	if (!err) {
		dnode_init(mdn, DMU_OT_DNODE, 0, 0, bsize);
		err = stream_new(os, 0, mdn, &s);
	}
	for (uint64_t b = 0; !err && b < nblocks; b++) {
		uint64_t first = b * DNODES_PER_BLOCK, fill = 0;
		memset(blk, 0, bsize);
		for (uint64_t i = first;
		     i < os->ndn && i < first + DNODES_PER_BLOCK; i++) {
			if (i == 0 || os->dn[i].dn_type == DMU_OT_NONE)
				continue;
			memcpy(blk + (i - first) * DNODE_SIZE, &os->dn[i],
			       DNODE_SIZE);
			fill++;
		}
		total += fill;
		err = stream_put(s, b, blk, bsize, fill, DMU_OT_DNODE);
	}
	if (!err) {
		err = stream_close(s, mdn);
		s = NULL;
	}
	if (!err) {
		osp->os_type = os->type;
		err = os_write_block(os, osp, sizeof(*osp), DMU_OT_OBJSET, 0,
				     total, bp);
	}
	os_stream_abort(s);
	free(blk);
	free(osp);
	return err;
}
