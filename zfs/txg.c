/*
 * Changing an existing pool with copy-on-write transaction groups.
 *
 * Objects being changed are held in memory (struct wnode): the dnode
 * as it will be written, the level-0 blocks written in this txg, and
 * what of the old tree goes away (a truncation point, or all of it).
 * Nothing reaches the disk before wpool_commit, which writes the new
 * blocks bottom-up, each object's tree rebuilt only along its changed
 * paths; the dnodes go into the meta-dnode's blocks, then the object
 * set; the dataset points at it; then the MOS, whose space maps record
 * every block allocated and freed in the txg, the MOS's own included.
 * Recording them changes the MOS again, so the MOS is written in passes:
 * a block already written in this txg is rewritten where it is (no
 * allocation), so each pass allocates less, until one allocates nothing
 * and changes no space accounting.  Then a flush, the uberblock into
 * the ring of all four labels, and another flush.
 *
 * Blocks replaced or freed are freed at once: there are no snapshots
 * after the root dataset's origin (a block born before the dataset's
 * previous snapshot would go to a deadlist; such pools are refused).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "zfs.h"

#define NBUCKETS 1024
#define MAX_LEVELS 12

struct dirty_blk {
	uint64_t blkid;
	uint8_t *buf; /* one block of the dnode's data block size */
};

struct wnode {
	struct wnode *next; /* hash chain */
	uint64_t obj;
	dnode_phys_t dn; /* block pointers, levels, maxblkid: as committed */
	bool dirty, freed, rewrite;
	uint64_t trunc; /* level-0 blocks from here on go; UINT64_MAX: none */
	struct dirty_blk *blk;
	size_t nblk, cap;
	int64_t used;	/* change of dn_used */
	uint8_t *spill; /* a new spill block, spill_len bytes */
	uint32_t spill_len;
};

struct zfs_wos {
	struct zfs_wpool *p;
	struct zr_objset zos; /* the committed object set (meta-dnode) */
	blkptr_t bp;	      /* where it is */
	struct wnode *hash[NBUCKETS];
	size_t nheld;
	int compress; /* ZIO_COMPRESS_LZ4 or OFF */
	bool embed;
	uint64_t min_birth;	    /* freed blocks must be born after this */
	int64_t used, comp, uncomp; /* the txg's change of its space */
	uint64_t obj_hint;
};

/* The DSL objects a txg updates, with their values at its start. */
struct dsl_state {
	uint64_t root_ds, root_dir, mos_dir;
	dsl_dataset_phys_t ds;
	dsl_dir_phys_t rd, md;
};

struct zfs_wpool {
	const struct zfs_bio *bio;
	struct zfs_reader *r;
	uberblock_t ub;
	struct zfs_space space;
	struct zfs_wos mos, root;
	struct dsl_state dsl;
	uint64_t txg; /* the open txg */
	uint64_t ms_array, *sm_obj;
	uint64_t dirty_bytes;
	bool writing;	    /* the commit under way changed the allocator or an
			     * objset's accounting: no way back */
	bool broken;	    /* a commit failed half-way: reopen the pool */
	uint64_t condensed; /* space maps rewritten (condensed), in all */
	char err[256];
};

static int fail(struct zfs_wpool *p, int err, const char *msg)
{
	if (!p->err[0])
		snprintf(p->err, sizeof(p->err), "%s", msg);
	return err;
}

const char *wpool_error(const struct zfs_wpool *p)
{
	return p->err[0] ? p->err : "error";
}

/* ---- held objects ---- */

static struct wnode **bucket(struct zfs_wos *os, uint64_t obj)
{
	return &os->hash[(obj * 0x9e3779b97f4a7c15ull) >> 54 & (NBUCKETS - 1)];
}

static struct wnode *find_held(struct zfs_wos *os, uint64_t obj)
{
	for (struct wnode *w = *bucket(os, obj); w; w = w->next)
		if (w->obj == obj)
			return w;
	return NULL;
}

static struct wnode *add_held(struct zfs_wos *os, uint64_t obj,
			      const dnode_phys_t *dn)
{
	struct wnode *w = calloc(1, sizeof(*w));
	if (!w)
		return NULL;
	w->obj = obj;
	w->dn = *dn;
	w->trunc = UINT64_MAX;
	w->next = *bucket(os, obj);
	*bucket(os, obj) = w;
	os->nheld++;
	return w;
}

static void drop_spill(struct wnode *w)
{
	free(w->spill);
	w->spill = NULL;
}

static void drop_blocks(struct wnode *w)
{
	for (size_t i = 0; i < w->nblk; i++)
		free(w->blk[i].buf);
	free(w->blk);
	w->blk = NULL;
	w->nblk = w->cap = 0;
}

static void drop_all(struct zfs_wos *os)
{
	for (int b = 0; b < NBUCKETS; b++) {
		for (struct wnode *w = os->hash[b], *n; w; w = n) {
			n = w->next;
			drop_blocks(w);
			drop_spill(w);
			free(w);
		}
		os->hash[b] = NULL;
	}
	os->nheld = 0;
}

/* Object obj, held; the meta-dnode (0) lives in the object set. */
static int hold(struct zfs_wos *os, uint64_t obj, struct wnode **wp)
{
	struct wnode *w = find_held(os, obj);
	dnode_phys_t dn;
	if (!w) {
		int err = obj ? zr_dnode(os->p->r, &os->zos, obj, &dn) : 0;
		if (err)
			return err;
		if (!obj)
			dn = os->zos.phys.os_meta_dnode;
		w = add_held(os, obj, &dn);
		if (!w)
			return -ZFS_ENOMEM;
	}
	if (w->freed)
		return -ZFS_ENOENT;
	*wp = w;
	return 0;
}

dnode_phys_t *wos_dnode(struct zfs_wos *os, uint64_t obj, int *err)
{
	struct wnode *w;
	*err = hold(os, obj, &w);
	if (*err)
		return NULL;
	w->dirty = true;
	return &w->dn;
}

int wos_stat(struct zfs_wos *os, uint64_t obj, dnode_phys_t *dn)
{
	struct wnode *w = find_held(os, obj);
	if (w && w->freed)
		return -ZFS_ENOENT;
	if (w) {
		*dn = w->dn;
		return 0;
	}
	return zr_dnode(os->p->r, &os->zos, obj, dn);
}

static uint32_t blksz_of(const dnode_phys_t *dn)
{
	return (uint32_t)dn->dn_datablkszsec << ZFS_SECTOR_SHIFT;
}

/* Index of the first dirty block with blkid >= id. */
static size_t dirty_lower(const struct wnode *w, uint64_t id)
{
	size_t lo = 0, hi = w->nblk;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (w->blk[mid].blkid < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

static struct dirty_blk *dirty_find(struct wnode *w, uint64_t id)
{
	size_t i = dirty_lower(w, id);
	return i < w->nblk && w->blk[i].blkid == id ? &w->blk[i] : NULL;
}

/* Block id of the committed tree, read into buf (zeros past the end or
 * where the block is gone). */
static int read_old_block(struct zfs_wos *os, struct wnode *w, uint64_t id,
			  uint8_t *buf)
{
	uint32_t bs = blksz_of(&w->dn);
	if (w->rewrite || id >= w->trunc || id > w->dn.dn_maxblkid) {
		memset(buf, 0, bs);
		return 0;
	}
	return zr_read(os->p->r, &w->dn, id * bs, buf, bs);
}

/* The dirty copy of block id, made from the committed one if new. */
static int dirty_block(struct zfs_wos *os, struct wnode *w, uint64_t id,
		       uint8_t **out)
{
	size_t i = dirty_lower(w, id);
	uint32_t bs = blksz_of(&w->dn);
	if (i < w->nblk && w->blk[i].blkid == id) {
		*out = w->blk[i].buf;
		return 0;
	}
	if (w->nblk == w->cap) {
		size_t cap = w->cap ? 2 * w->cap : 8;
		struct dirty_blk *nb = realloc(w->blk, cap * sizeof(*nb));
		if (!nb)
			return -ZFS_ENOMEM;
		w->blk = nb;
		w->cap = cap;
	}
	uint8_t *buf = malloc(bs);
	if (!buf)
		return -ZFS_ENOMEM;
	int err = read_old_block(os, w, id, buf);
	if (err) {
		free(buf);
		return err;
	}
	memmove(&w->blk[i + 1], &w->blk[i], (w->nblk - i) * sizeof(*w->blk));
	w->blk[i] = (struct dirty_blk){id, buf};
	w->nblk++;
	os->p->dirty_bytes += bs;
	*out = buf;
	return 0;
}

int wos_read(struct zfs_wos *os, uint64_t obj, uint64_t off, void *buf,
	     size_t len)
{
	struct wnode *w = find_held(os, obj);
	if (!w) {
		dnode_phys_t dn;
		int err = zr_dnode(os->p->r, &os->zos, obj, &dn);
		return err ? err : zr_read(os->p->r, &dn, off, buf, len);
	}
	if (w->freed)
		return -ZFS_ENOENT;
	uint32_t bs = blksz_of(&w->dn);
	uint8_t *out = buf, *tmp = NULL;
	int err = 0;
	while (len && !err) {
		uint64_t id = off / bs;
		size_t in = off % bs, n = bs - in < len ? bs - in : len;
		struct dirty_blk *d = dirty_find(w, id);
		if (d) {
			memcpy(out, d->buf + in, n);
		} else if (in == 0 && n == bs) {
			err = read_old_block(os, w, id, out);
		} else {
			if (!tmp && !(tmp = malloc(bs)))
				err = -ZFS_ENOMEM;
			if (!err)
				err = read_old_block(os, w, id, tmp);
			if (!err)
				memcpy(out, tmp + in, n);
		}
		out += n, off += n, len -= n;
	}
	free(tmp);
	return err;
}

int wos_write(struct zfs_wos *os, uint64_t obj, uint64_t off, const void *buf,
	      size_t len)
{
	struct wnode *w;
	int err = hold(os, obj, &w);
	uint32_t bs;
	const uint8_t *in = buf;
	if (err)
		return err;
	bs = blksz_of(&w->dn);
	if (len && (off + len - 1) / bs > 0 && (bs & (bs - 1)))
		return -ZFS_EINVAL; /* only one block of a size not 2^n */
	w->dirty = true;
	while (len && !err) {
		uint64_t id = off / bs;
		size_t o = off % bs, n = bs - o < len ? bs - o : len;
		uint8_t *b;
		err = dirty_block(os, w, id, &b);
		if (!err)
			memcpy(b + o, in, n);
		in += n, off += n, len -= n;
	}
	return err;
}

int wos_truncate(struct zfs_wos *os, uint64_t obj, uint64_t size)
{
	struct wnode *w;
	int err = hold(os, obj, &w);
	if (err)
		return err;
	uint32_t bs = blksz_of(&w->dn);
	uint64_t keep = (size + bs - 1) / bs; /* blocks that stay */
	w->dirty = true;
	if (size % bs) {
		/* the last block's tail reads as zeros from now on */
		uint8_t *b;
		err = dirty_block(os, w, size / bs, &b);
		if (err)
			return err;
		memset(b + size % bs, 0, bs - size % bs);
	}
	size_t i = dirty_lower(w, keep);
	for (size_t j = i; j < w->nblk; j++) {
		free(w->blk[j].buf);
		os->p->dirty_bytes -= bs;
	}
	w->nblk = i;
	if (keep < w->trunc)
		w->trunc = keep;
	return 0;
}

int wos_set_blksz(struct zfs_wos *os, uint64_t obj, uint32_t blksz)
{
	struct wnode *w;
	uint8_t *old = NULL;
	int err = hold(os, obj, &w);
	if (err)
		return err;
	uint32_t bs = blksz_of(&w->dn);
	if (blksz == bs)
		return 0;
	if (!blksz || blksz % ZFS_SECTOR || blksz > ZFS_MAXBLOCKSIZE)
		return -ZFS_EINVAL;
	/* Only while the object has at most its block 0. */
	bool more = w->nblk > 1 || (w->nblk == 1 && w->blk[0].blkid != 0);
	if (more || (!w->rewrite && w->trunc > 1 && w->dn.dn_maxblkid > 0))
		return -ZFS_EINVAL;
	old = calloc(1, blksz > bs ? blksz : bs);
	if (!old)
		return -ZFS_ENOMEM;
	err = wos_read(os, obj, 0, old, bs);
	if (!err) {
		drop_blocks(w);
		w->rewrite = true;
		w->dirty = true;
		w->dn.dn_datablkszsec = blksz >> ZFS_SECTOR_SHIFT;
		err = wos_write(os, obj, 0, old, blksz < bs ? blksz : bs);
	}
	free(old);
	return err;
}

int wos_replace(struct zfs_wos *os, uint64_t obj, const void *data, size_t len,
		uint32_t blksz)
{
	struct wnode *w;
	int err = hold(os, obj, &w);
	if (err)
		return err;
	drop_blocks(w);
	w->rewrite = true;
	w->dirty = true;
	w->trunc = UINT64_MAX;
	w->dn.dn_datablkszsec = blksz >> ZFS_SECTOR_SHIFT;
	return wos_write(os, obj, 0, data, len);
}

uint64_t wos_create(struct zfs_wos *os, int type, int bonustype, int bonuslen,
		    uint32_t blksz, int *errp)
{
	const dnode_phys_t *meta = &os->zos.phys.os_meta_dnode;
	uint64_t per = blksz_of(meta) / DNODE_SIZE;
	uint64_t end = (meta->dn_maxblkid + 1) * per;
	dnode_phys_t dn;
	*errp = -ZFS_EINVAL;
	if (bonuslen < 0 || bonuslen > DN_MAX_BONUSLEN || !blksz ||
	    blksz % ZFS_SECTOR || blksz > ZFS_MAXBLOCKSIZE)
		return 0;
	/* A slot free in the committed object set and not taken since
	 * (freed objects are not reused in the txg that frees them). */
	uint64_t obj = os->obj_hint ? os->obj_hint : 1;
	for (;; obj++) {
		if (obj >= (1ull << 48)) {
			*errp = -ZFS_ENOSPC;
			return 0;
		}
		if (find_held(os, obj))
			continue;
		if (obj >= end)
			break;
		int err = zr_dnode(os->p->r, &os->zos, obj, &dn);
		if (err == -ZFS_ENOENT)
			break;
		if (err) {
			*errp = err;
			return 0;
		}
	}
	memset(&dn, 0, sizeof(dn));
	dn.dn_type = type;
	dn.dn_indblkshift = 14;
	dn.dn_nlevels = 1;
	int nbp = 1 + (DN_MAX_BONUSLEN - bonuslen) / (int)sizeof(blkptr_t);
	dn.dn_nblkptr = nbp > DN_MAX_NBLKPTR ? DN_MAX_NBLKPTR : nbp;
	dn.dn_bonustype = bonustype;
	dn.dn_bonuslen = bonuslen;
	dn.dn_checksum = ZIO_CHECKSUM_INHERIT;
	dn.dn_compress = ZIO_COMPRESS_INHERIT;
	dn.dn_flags = DNODE_FLAG_USED_BYTES;
	dn.dn_datablkszsec = blksz >> ZFS_SECTOR_SHIFT;
	struct wnode *w = add_held(os, obj, &dn);
	if (!w) {
		*errp = -ZFS_ENOMEM;
		return 0;
	}
	w->dirty = true;
	os->obj_hint = obj + 1;
	*errp = 0;
	return obj;
}

int wos_set_spill(struct zfs_wos *os, uint64_t obj, const void *buf,
		  uint32_t len)
{
	struct wnode *w;
	int err = hold(os, obj, &w);
	if (err)
		return err;
	if (!len || len % ZFS_SECTOR || len > ZFS_MAXBLOCKSIZE ||
	    w->dn.dn_bonuslen > DN_MAX_BONUSLEN - sizeof(blkptr_t))
		return -ZFS_EINVAL;
	uint8_t *b = malloc(len);
	if (!b)
		return -ZFS_ENOMEM;
	memcpy(b, buf, len);
	free(w->spill);
	w->spill = b;
	w->spill_len = len;
	w->dirty = true;
	return 0;
}

int wos_get_spill(struct zfs_wos *os, uint64_t obj, void **buf, uint32_t *len)
{
	struct wnode *w = find_held(os, obj);
	dnode_phys_t dn;
	*buf = NULL;
	if (w && w->spill) {
		if (!(*buf = malloc(w->spill_len)))
			return -ZFS_ENOMEM;
		memcpy(*buf, w->spill, w->spill_len);
		*len = w->spill_len;
		return 0;
	}
	int err = wos_stat(os, obj, &dn);
	if (err)
		return err;
	if (!(dn.dn_flags & DNODE_FLAG_SPILL_BLKPTR))
		return -ZFS_ENOENT;
	const blkptr_t *bp = (const blkptr_t *)((const uint8_t *)&dn +
						DNODE_SIZE - sizeof(blkptr_t));
	*len = bp_lsize(bp);
	if (!(*buf = malloc(*len)))
		return -ZFS_ENOMEM;
	err = zr_read_bp(os->p->r, bp, *buf, *len);
	if (err) {
		free(*buf);
		*buf = NULL;
	}
	return err;
}

int wos_free(struct zfs_wos *os, uint64_t obj)
{
	struct wnode *w;
	int err = hold(os, obj, &w);
	if (err)
		return err;
	if (!obj)
		return -ZFS_EINVAL;
	drop_blocks(w);
	drop_spill(w);
	w->freed = w->dirty = true;
	return 0;
}

/* ---- writing and freeing blocks ---- */

static void account(struct zfs_wos *os, struct wnode *w, int64_t sign,
		    uint64_t asize, uint64_t psize, uint64_t lsize)
{
	os->p->writing = true;
	os->used += sign * (int64_t)asize;
	os->comp += sign * (int64_t)psize;
	os->uncomp += sign * (int64_t)lsize;
	if (w)
		w->used += sign * (int64_t)asize;
}

static int free_bp(struct zfs_wos *os, struct wnode *w, const blkptr_t *bp)
{
	struct zfs_wpool *p = os->p;
	struct bp_info bi;
	if (bp_is_hole(bp))
		return 0;
	if (bp_is_embedded(bp)) {
		account(os, NULL, -1, 0, 0, bp_lsize(bp));
		return 0;
	}
	if (bp_decode(bp, &bi) || bp_is_gang(bp))
		return fail(p, -ZFS_EIO, "cannot free a gang or bad block");
	if (bi.birth <= os->min_birth)
		return fail(p, -ZFS_EIO,
			    "a block to free is in a snapshot (not supported)");
	int err = space_free(&p->space, bi.offset, bi.asize);
	if (err == -ZFS_ENOMEM)
		return err;
	if (err)
		return fail(p, err, "freeing a block that is not allocated");
	account(os, w, -1, bi.asize, bi.psize, bi.lsize);
	return 0;
}

static bool all_zero(const void *b, size_t n)
{
	const uint64_t *q = b;
	for (size_t i = 0; i < n / 8; i++)
		if (q[i])
			return false;
	return true;
}

/*
 * Writes one block in place of old (a hole when new): into the same
 * space when old was born in this txg and has the same allocated size
 * (nothing on disk points at it yet), else into new space, old freed.
 */
static int write_block(struct zfs_wos *os, struct wnode *w, const void *data,
		       uint32_t lsize, int type, int level, uint64_t fill,
		       const blkptr_t *old, blkptr_t *bp, uint8_t *cbuf)
{
	struct zfs_wpool *p = os->p;
	uint64_t amask = (1ull << p->space.ashift) - 1;
	struct bp_info bi = {0}, ob;
	int err;

	if (level == 0 && os->embed && type == DMU_OT_PLAIN_FILE_CONTENTS) {
		uint8_t small[BPE_PAYLOAD_SIZE];
		size_t n = zfs_lz4_compress(data, lsize, small, sizeof(small));
		if (n) {
			err = free_bp(os, w, old);
			if (!err)
				err =
				    bp_embed(bp, small, n, lsize,
					     ZIO_COMPRESS_LZ4, type, 0, p->txg);
			if (!err)
				account(os, NULL, 1, 0, 0, lsize);
			return err;
		}
	}
	uint32_t psize = lsize;
	bi.comp = ZIO_COMPRESS_OFF;
	if (os->compress == ZIO_COMPRESS_LZ4) {
		size_t n =
		    zfs_lz4_compress(data, lsize, cbuf, lsize - lsize / 8);
		uint32_t ps = (n + ZFS_SECTOR - 1) & ~(ZFS_SECTOR - 1);
		if (n && ((ps + amask) & ~amask) < ((lsize + amask) & ~amask)) {
			memset(cbuf + n, 0, ps - n);
			data = cbuf;
			psize = ps;
			bi.comp = ZIO_COMPRESS_LZ4;
		}
	}
	uint64_t asize = (psize + amask) & ~amask;
	if (!bp_is_hole(old) && !bp_is_embedded(old) && !bp_is_gang(old) &&
	    bp_decode(old, &ob) == 0 && ob.birth == p->txg &&
	    ob.asize == asize) {
		bi.offset = ob.offset;
		account(os, w, -1, ob.asize, ob.psize, ob.lsize);
	} else {
		err = space_alloc(&p->space, asize, &bi.offset);
		if (err)
			return fail(p, err,
				    err == -ZFS_ENOSPC
					? "the pool is full"
					: "no memory for the space map log");
		p->writing = true;
		err = free_bp(os, w, old);
		if (err)
			return err;
	}
	zfs_fletcher4(data, psize, &bi.zc);
	err = p->bio->write(p->bio->ctx, VDEV_LABEL_START_SIZE + bi.offset,
			    data, psize);
	if (err)
		return fail(p, err, "write error");
	bi.asize = asize;
	bi.lsize = lsize;
	bi.psize = psize;
	bi.cksum = ZIO_CHECKSUM_FLETCHER_4;
	bi.type = type;
	bi.level = level;
	bi.birth = p->txg;
	bi.fill = fill;
	bp_encode(bp, &bi);
	account(os, w, 1, asize, psize, lsize);
	return 0;
}

/* Frees bp and, for an indirect block, everything below it. */
static int free_tree(struct zfs_wos *os, struct wnode *w, const blkptr_t *bp,
		     int level)
{
	if (bp_is_hole(bp))
		return 0;
	if (level > 0 && !bp_is_embedded(bp)) {
		uint32_t isz = bp_lsize(bp);
		blkptr_t *ind = malloc(isz);
		int err =
		    ind ? zr_read_bp(os->p->r, bp, ind, isz) : -ZFS_ENOMEM;
		for (uint32_t i = 0; !err && i < isz / sizeof(blkptr_t); i++)
			err = free_tree(os, w, &ind[i], level - 1);
		free(ind);
		if (err)
			return err;
	}
	return free_bp(os, w, bp);
}

/* ---- one object's tree ---- */

struct tree {
	struct zfs_wos *os;
	struct wnode *w;
	int epbs, old_nlevels;
	uint32_t bs, isz;
	uint8_t *cbuf;
};

/* Whether any level-0 block in [first, last] is dirty or goes away. */
static bool has_work(const struct tree *t, uint64_t first, uint64_t last)
{
	size_t i = dirty_lower(t->w, first);
	if (i < t->w->nblk && t->w->blk[i].blkid <= last)
		return true;
	return t->w->trunc <= last;
}

static uint64_t fill_of(const blkptr_t *bps, size_t n)
{
	uint64_t f = 0;
	for (size_t i = 0; i < n; i++)
		if (!bp_is_hole(&bps[i]))
			f += bp_is_embedded(&bps[i]) ? 1 : bp_fill(&bps[i]);
	return f;
}

static uint64_t dnode_fill(const uint8_t *blk, uint32_t bs)
{
	uint64_t f = 0;
	for (uint32_t i = 0; i < bs; i += DNODE_SIZE)
		f += blk[i] != DMU_OT_NONE;
	return f;
}

/*
 * The new pointer to the block (level, id) of the object, in place of
 * old; synth: a block above the committed tree's top (it grew), whose
 * entries are the committed top pointers (id 0) or holes.
 */
static int sync_tree(struct tree *t, int level, uint64_t id,
		     const blkptr_t *old, bool synth, blkptr_t *out)
{
	struct wnode *w = t->w;
	int shift = t->epbs * level, err = 0;
	uint64_t first = shift >= 64 ? (id ? UINT64_MAX : 0) : id << shift;
	uint64_t last = shift >= 64 || (id + 1) > (UINT64_MAX >> shift)
			    ? UINT64_MAX
			    : ((id + 1) << shift) - 1;

	if (level == 0) {
		struct dirty_blk *d = dirty_find(w, id);
		int type = w->dn.dn_type;
		if (!d) {
			if (id >= w->trunc) {
				bp_hole(out);
				return free_bp(t->os, w, old);
			}
			*out = *old;
			return 0;
		}
		if (all_zero(d->buf, t->bs)) {
			bp_hole(out);
			return free_bp(t->os, w, old);
		}
		uint64_t fill =
		    type == DMU_OT_DNODE ? dnode_fill(d->buf, t->bs) : 1;
		return write_block(t->os, w, d->buf, t->bs, type, 0, fill, old,
				   out, t->cbuf);
	}
	if (!synth && !has_work(t, first, last)) {
		*out = *old;
		return 0;
	}
	if (!synth && first >= w->trunc) {
		/* wholly past the end: gone, unless written again */
		size_t i = dirty_lower(w, first);
		if (i == w->nblk || w->blk[i].blkid > last) {
			bp_hole(out);
			return free_tree(t->os, w, old, level);
		}
	}
	size_t n = t->isz / sizeof(blkptr_t);
	blkptr_t *ind = calloc(n, sizeof(blkptr_t));
	if (!ind)
		return -ZFS_ENOMEM;
	bool child_synth = false;
	if (synth) {
		if (id == 0 && level - 1 >= t->old_nlevels)
			child_synth = true;
		else if (id == 0)
			memcpy(ind, w->dn.dn_blkptr,
			       w->dn.dn_nblkptr * sizeof(blkptr_t));
	} else if (!bp_is_hole(old)) {
		if (bp_lsize(old) != t->isz)
			err = fail(t->os->p, -ZFS_EIO, "bad indirect block");
		else
			err = zr_read_bp(t->os->p->r, old, ind, t->isz);
	}
	for (size_t i = 0; i < n && !err; i++) {
		uint64_t cid = id << t->epbs | i;
		int cs = t->epbs * (level - 1);
		uint64_t cf = cs >= 64 ? (cid ? UINT64_MAX : 0) : cid << cs;
		if (cs < 64 && cid > (UINT64_MAX >> cs))
			break;
		bool cy = child_synth && i == 0;
		uint64_t cl = cs >= 64 ? UINT64_MAX
			      : cid + 1 > (UINT64_MAX >> cs)
				  ? UINT64_MAX
				  : ((cid + 1) << cs) - 1;
		if (!cy && !has_work(t, cf, cl))
			continue;
		blkptr_t nb;
		err = sync_tree(t, level - 1, cid, &ind[i], cy, &nb);
		ind[i] = nb;
	}
	if (!err) {
		uint64_t fill = fill_of(ind, n);
		blkptr_t hole;
		bp_hole(&hole);
		if (fill == 0) {
			bp_hole(out);
			err = synth ? 0 : free_bp(t->os, w, old);
		} else {
			err = write_block(t->os, w, ind, t->isz, w->dn.dn_type,
					  level, fill, synth ? &hole : old, out,
					  t->cbuf);
		}
	}
	free(ind);
	return err;
}

static blkptr_t *spill_bp(struct wnode *w)
{
	return (blkptr_t *)((uint8_t *)&w->dn + DNODE_SIZE - sizeof(blkptr_t));
}

static int spill_free(struct zfs_wos *os, struct wnode *w)
{
	if (!(w->dn.dn_flags & DNODE_FLAG_SPILL_BLKPTR))
		return 0;
	return free_bp(os, w, spill_bp(w));
}

/* A new spill block in place of the old one. */
static int spill_write(struct zfs_wos *os, struct wnode *w, uint8_t *cbuf)
{
	blkptr_t old, bp;
	bp_hole(&old);
	if (w->dn.dn_flags & DNODE_FLAG_SPILL_BLKPTR)
		old = *spill_bp(w);
	int err = write_block(os, w, w->spill, w->spill_len, DMU_OT_SA, 0, 1,
			      &old, &bp, cbuf);
	if (!err) {
		*spill_bp(w) = bp;
		w->dn.dn_flags |= DNODE_FLAG_SPILL_BLKPTR;
	}
	return err;
}

static int sync_object(struct zfs_wos *os, struct wnode *w, uint8_t *cbuf)
{
	dnode_phys_t *dn = &w->dn;
	struct tree t = {os,
			 w,
			 dn->dn_indblkshift - 7,
			 dn->dn_nlevels,
			 blksz_of(dn),
			 1u << dn->dn_indblkshift,
			 cbuf};
	int err = 0;

	if (dn->dn_indblkshift < 10 || dn->dn_indblkshift > 17 ||
	    dn->dn_nlevels < 1 || dn->dn_nlevels > MAX_LEVELS ||
	    dn->dn_nblkptr < 1 || dn->dn_nblkptr > DN_MAX_NBLKPTR)
		return fail(os->p, -ZFS_EIO, "bad dnode");
	if (w->freed || w->rewrite) {
		for (int i = 0; i < dn->dn_nblkptr && !err; i++)
			err = free_tree(os, w, &dn->dn_blkptr[i],
					dn->dn_nlevels - 1);
		if (err)
			return err;
		memset(dn->dn_blkptr, 0, dn->dn_nblkptr * sizeof(blkptr_t));
		if (w->freed) {
			err = spill_free(os, w);
			memset(dn, 0, sizeof(*dn));
			return err;
		}
		dn->dn_nlevels = 1;
		dn->dn_maxblkid = 0;
		t.old_nlevels = 1;
	}
	/* The new highest block: the committed one, cut by a truncation,
	 * or a dirty one further out. */
	uint64_t max = 0;
	bool any = false;
	if (!w->rewrite && w->trunc > 0) {
		for (int i = 0; i < dn->dn_nblkptr; i++)
			any = any || !bp_is_hole(&dn->dn_blkptr[i]);
		max = dn->dn_maxblkid;
		if (w->trunc != UINT64_MAX && max >= w->trunc)
			max = w->trunc - 1;
	}
	if (w->nblk && (!any || w->blk[w->nblk - 1].blkid > max))
		max = w->blk[w->nblk - 1].blkid;
	int nl = 1;
	while (nl < MAX_LEVELS &&
	       (t.epbs * (nl - 1) >= 64 ? 0 : max >> (t.epbs * (nl - 1))) >=
		   dn->dn_nblkptr)
		nl++;
	if (nl < dn->dn_nlevels)
		nl = dn->dn_nlevels; /* levels never go */
	bool grown = nl > dn->dn_nlevels;
	blkptr_t top[DN_MAX_NBLKPTR];
	for (int i = 0; i < dn->dn_nblkptr && !err; i++) {
		blkptr_t hole;
		bp_hole(&hole);
		bool synth = grown && i == 0;
		const blkptr_t *old = grown ? &hole : &dn->dn_blkptr[i];
		err = sync_tree(&t, nl - 1, i, old, synth, &top[i]);
	}
	if (!err && w->spill)
		err = spill_write(os, w, cbuf);
	if (err)
		return err;
	memcpy(dn->dn_blkptr, top, dn->dn_nblkptr * sizeof(blkptr_t));
	dn->dn_nlevels = nl;
	dn->dn_maxblkid = max;
	dn->dn_used += w->used;
	w->used = 0;
	drop_blocks(w);
	drop_spill(w);
	w->trunc = UINT64_MAX;
	w->rewrite = false;
	return 0;
}

static int cmp_wnode(const void *a, const void *b)
{
	uint64_t x = (*(struct wnode *const *)a)->obj;
	uint64_t y = (*(struct wnode *const *)b)->obj;
	return x < y ? -1 : x > y;
}

/*
 * Writes the object set's dirty objects, their dnodes into the
 * meta-dnode, the meta-dnode's tree and the objset_phys; os->bp then
 * points at it.  Objects stay held (clean) until the txg ends.
 */
static int sync_objset(struct zfs_wos *os, uint8_t *cbuf)
{
	struct wnode **list = malloc((os->nheld + 1) * sizeof(*list));
	size_t n = 0;
	int err = list ? 0 : -ZFS_ENOMEM;
	for (int b = 0; b < NBUCKETS && list; b++)
		for (struct wnode *w = os->hash[b]; w; w = w->next)
			if (w->dirty && w->obj)
				list[n++] = w;
	if (list)
		qsort(list, n, sizeof(*list), cmp_wnode);
	for (size_t i = 0; i < n && !err; i++) {
		struct wnode *w = list[i];
		err = sync_object(os, w, cbuf);
		if (!err)
			err = wos_write(os, 0, w->obj * DNODE_SIZE, &w->dn,
					DNODE_SIZE);
		if (!err)
			w->dirty = false;
		/* a freed object's slot can be taken in a later txg */
	}
	free(list);
	struct wnode *meta = find_held(os, 0);
	if (!err && meta && meta->dirty) {
		err = sync_object(os, meta, cbuf);
		if (!err) {
			meta->dirty = false;
			os->zos.phys.os_meta_dnode = meta->dn;
		}
		uint32_t ossize = bp_lsize(&os->bp);
		const dnode_phys_t *m = &meta->dn;
		if (!err)
			err = write_block(os, NULL, &os->zos.phys, ossize,
					  DMU_OT_OBJSET, 0,
					  fill_of(m->dn_blkptr, m->dn_nblkptr),
					  &os->bp, &os->bp, cbuf);
	}
	return err;
}

/* ---- the pool ---- */

static int read_config(struct zfs_wpool *p, uint64_t *asize, uint64_t *ashift,
		       uint64_t *ms_shift)
{
	uint64_t best = 0;
	int found = 0;
	for (int l = 0; l < 4; l++) {
		nvlist_t *cfg;
		uberblock_t ub;
		if (label_read(p->bio, l, &cfg, &ub) != 0)
			continue;
		const nvlist_t *t = nv_lookup_nvlist(cfg, "vdev_tree");
		if (t && ub.ub_magic == UBERBLOCK_MAGIC &&
		    (!found || ub.ub_txg > best) &&
		    !nv_lookup_uint64(t, "asize", asize) &&
		    !nv_lookup_uint64(t, "ashift", ashift) &&
		    !nv_lookup_uint64(t, "metaslab_shift", ms_shift) &&
		    !nv_lookup_uint64(t, "metaslab_array", &p->ms_array)) {
			found = 1;
			best = ub.ub_txg;
			p->ub = ub;
		}
		nv_free(cfg);
	}
	return found ? 0 : fail(p, -ZFS_EIO, "no usable label");
}

static int read_bonus(struct zfs_wpool *p, uint64_t obj, int type, void *out,
		      size_t len)
{
	dnode_phys_t dn;
	int err = zr_dnode(p->r, &p->mos.zos, obj, &dn);
	if (!err && (dn.dn_bonustype != type || dn.dn_bonuslen < len))
		err = -ZFS_EIO;
	if (!err)
		memcpy(out, dnode_bonus(&dn), len);
	return err;
}

static int load_spacemaps(struct zfs_wpool *p)
{
	struct zfs_space *s = &p->space;
	dnode_phys_t dn;
	int err = zr_dnode(p->r, &p->mos.zos, p->ms_array, &dn);
	p->sm_obj = calloc(s->ms_count, 8);
	if (!p->sm_obj)
		return -ZFS_ENOMEM;
	if (!err)
		err = zr_read(p->r, &dn, 0, p->sm_obj, s->ms_count * 8);
	for (uint64_t i = 0; i < s->ms_count && !err; i++) {
		space_map_phys_t sm;
		if (!p->sm_obj[i])
			continue;
		err = read_bonus(p, p->sm_obj[i], DMU_OT_SPACE_MAP_HEADER, &sm,
				 sizeof(sm));
		if (err || sm.smp_length % 8 || sm.smp_length > (256u << 20))
			return fail(p, err ? err : -ZFS_EIO, "bad space map");
		uint64_t *w = malloc(sm.smp_length + 8);
		err = w ? zr_dnode(p->r, &p->mos.zos, p->sm_obj[i], &dn)
			: -ZFS_ENOMEM;
		if (!err)
			err = zr_read(p->r, &dn, 0, w, sm.smp_length);
		if (!err)
			err = space_load_map(s, i, w, sm.smp_length / 8);
		free(w);
		if (err)
			return fail(p, err, "damaged space map");
	}
	return err;
}

static int features_active(struct zfs_wpool *p, const char *name)
{
	uint64_t feat, refs = 0;
	if (zr_zap_lookup(p->r, &p->mos.zos, 1, "features_for_read", &feat))
		return 0;
	if (zr_zap_lookup(p->r, &p->mos.zos, feat, name, &refs))
		return 0;
	return refs > 0;
}

/* Features this writer keeps right: the others, once active, change
 * what must be written (space map headers, holes, logs...). */
static const char *const known_features[] = {
    "org.illumos:lz4_compress",
    "com.delphix:embedded_data",
};

static int feature_cb(void *arg, const char *name, uint8_t intlen,
		      uint32_t nints, const void *value)
{
	struct zfs_wpool *p = arg;
	uint64_t refs = 0;
	if (intlen == 8 && nints == 1)
		memcpy(&refs, value, 8);
	if (!refs)
		return 0;
	for (size_t i = 0;
	     i < sizeof(known_features) / sizeof(known_features[0]); i++)
		if (!strcmp(name, known_features[i]))
			return 0;
	snprintf(p->err, sizeof(p->err),
		 "feature %s is active: cannot write this pool", name);
	return -ZFS_ENOTSUP;
}

static int check_features(struct zfs_wpool *p)
{
	static const char *const zaps[] = {"features_for_read",
					   "features_for_write"};
	for (int i = 0; i < 2; i++) {
		uint64_t obj;
		if (zr_zap_lookup(p->r, &p->mos.zos, 1, zaps[i], &obj))
			return fail(p, -ZFS_ENOTSUP,
				    "a pool before feature flags (version "
				    "5000): not written");
		int err = zr_zap_iterate(p->r, &p->mos.zos, obj, feature_cb, p);
		if (err)
			return fail(p, err, "cannot read the pool's features");
	}
	return 0;
}

static int load_dsl(struct zfs_wpool *p)
{
	struct dsl_state *d = &p->dsl;
	uint64_t child, comp = ZIO_COMPRESS_OFF;
	int err =
	    zr_zap_lookup(p->r, &p->mos.zos, 1, "root_dataset", &d->root_dir);
	if (!err)
		err = read_bonus(p, d->root_dir, DMU_OT_DSL_DIR, &d->rd,
				 sizeof(d->rd));
	if (!err)
		d->root_ds = d->rd.dd_head_dataset_obj;
	if (!err)
		err = read_bonus(p, d->root_ds, DMU_OT_DSL_DATASET, &d->ds,
				 sizeof(d->ds));
	if (!err)
		err =
		    zr_zap_lookup(p->r, &p->mos.zos, d->rd.dd_child_dir_zapobj,
				  "$MOS", &d->mos_dir);
	if (!err)
		err = read_bonus(p, d->mos_dir, DMU_OT_DSL_DIR, &d->md,
				 sizeof(d->md));
	if (err)
		return fail(p, err, "cannot read the DSL");
	child = d->rd.dd_props_zapobj;
	zr_zap_lookup(p->r, &p->mos.zos, child, "compression", &comp);
	if (features_active(p, "org.illumos:lz4_compress") &&
	    (comp == ZIO_COMPRESS_LZ4 || comp == ZIO_COMPRESS_ON))
		p->root.compress = ZIO_COMPRESS_LZ4;
	else
		p->root.compress = ZIO_COMPRESS_OFF;
	p->root.embed = features_active(p, "com.delphix:embedded_data");
	p->root.min_birth = d->ds.ds_prev_snap_txg;
	p->root.bp = d->ds.ds_bp;
	if (d->ds.ds_next_snap_obj ||
	    (d->ds.ds_prev_snap_obj &&
	     d->ds.ds_prev_snap_txg > ZFS_TXG_INITIAL))
		return fail(p, -ZFS_EINVAL,
			    "the root dataset has snapshots (not supported)");
	return zr_objset(p->r, &d->ds.ds_bp, &p->root.zos);
}

int wpool_open(const struct zfs_bio *bio, struct zfs_wpool **pp, char *err,
	       size_t errlen)
{
	struct zfs_wpool *p = calloc(1, sizeof(*p));
	uint64_t asize, ashift, ms_shift;
	int rc;
	*pp = p;
	if (!p)
		return -ZFS_ENOMEM;
	p->bio = bio;
	p->mos.p = p->root.p = p;
	p->mos.compress = ZIO_COMPRESS_OFF;
	rc = zr_open(bio, &p->r, p->err, sizeof(p->err));
	if (!rc)
		rc = read_config(p, &asize, &ashift, &ms_shift);
	if (!rc) {
		p->mos.bp = p->ub.ub_rootbp;
		rc = zr_objset(p->r, &p->mos.bp, &p->mos.zos);
	}
	if (!rc && (rc = space_init(&p->space, asize, ashift, ms_shift)))
		fail(p, rc, "bad vdev geometry");
	if (!rc)
		rc = check_features(p);
	if (!rc)
		rc = load_spacemaps(p);
	if (!rc)
		rc = load_dsl(p);
	p->txg = p->ub.ub_txg + 1;
	if (rc && !p->err[0])
		fail(p, rc, zr_error(p->r));
	if (rc && err)
		snprintf(err, errlen, "%s", p->err);
	return rc;
}

void wpool_close(struct zfs_wpool *p)
{
	if (!p)
		return;
	drop_all(&p->mos);
	drop_all(&p->root);
	space_fini(&p->space);
	free(p->sm_obj);
	zr_close(p->r);
	free(p);
}

struct zfs_wos *wpool_root(struct zfs_wpool *p)
{
	return &p->root;
}

struct zfs_reader *wpool_reader(struct zfs_wpool *p)
{
	return p->r;
}

uint64_t wpool_txg(const struct zfs_wpool *p)
{
	return p->txg;
}

uint64_t wpool_dirty_bytes(const struct zfs_wpool *p)
{
	return p->dirty_bytes;
}

void wpool_space(const struct zfs_wpool *p, uint64_t *size, uint64_t *avail)
{
	*size = p->space.nunits << p->space.ashift;
	*avail = space_free_bytes(&p->space);
}

uint64_t wpool_allocatable(const struct zfs_wpool *p)
{
	return p->space.free_units << p->space.ashift;
}

/* BEGIN space map condensing */
/* Rewrites metaslab ms's map (dn, held) as what it says, when it is
 * much longer than that (zfs/spacemap_condense.c): 1 when it did, and
 * the entries logged so far are in the new map. */
static int condense_spacemap(struct zfs_wpool *p, uint64_t ms, dnode_phys_t *dn)
{
	space_map_phys_t *sm = dnode_bonus(dn);
	uint32_t bs = blksz_of(dn);
	uint64_t *w = NULL;
	size_t n = 0;
	int64_t alloc = 0;
	if (!space_should_condense(sm->smp_length, 0, bs))
		return 0;
	int err = space_condense(&p->space, ms, &w, &n, &alloc);
	if (!err && !space_should_condense(sm->smp_length, n, bs)) {
		free(w);
		return 0;
	}
	if (!err)
		err = wos_replace(&p->mos, p->sm_obj[ms], w, n * 8, bs);
	free(w);
	if (err)
		return err;
	/* dn is the held dnode still: wos_replace held the same one */
	sm->smp_length = n * 8;
	sm->smp_alloc = alloc;
	p->space.log[ms].written = p->space.log[ms].n;
	p->condensed++;
	return 1;
}

uint64_t wpool_condensed(const struct zfs_wpool *p)
{
	return p->condensed;
}
/* END space map condensing */

/* Appends the txg's new space-map entries to the space map objects. */
static int append_spacemaps(struct zfs_wpool *p)
{
	struct zfs_space *s = &p->space;
	int err = 0;
	for (uint64_t i = 0; i < s->ms_count && !err; i++) {
		struct space_log *l = &s->log[i];
		if (l->written == l->n)
			continue;
		if (!p->sm_obj[i])
			return fail(p, -ZFS_EIO,
				    "a metaslab without a space map");
		int e;
		dnode_phys_t *dn = wos_dnode(&p->mos, p->sm_obj[i], &e);
		if (!dn)
			return e;
		space_map_phys_t *sm = dnode_bonus(dn);
		/* BEGIN space map condensing */
		if (l->written == 0) {
			err = condense_spacemap(p, i, dn);
			if (err < 0)
				return err;
			if (err) {
				err = 0;
				continue;
			}
		}
		/* END space map condensing */
		int64_t delta = 0;
		for (size_t j = l->written; j < l->n; j++) {
			uint64_t run = ((l->w[j] & (SM_RUN_MAX - 1)) + 1)
				       << s->ashift;
			delta +=
			    (l->w[j] >> 15) & 1 ? -(int64_t)run : (int64_t)run;
		}
		err = wos_write(&p->mos, p->sm_obj[i], sm->smp_length,
				l->w + l->written, (l->n - l->written) * 8);
		/* sm points into the held dnode, which wos_write keeps */
		sm->smp_length += (l->n - l->written) * 8;
		sm->smp_alloc += delta;
		l->written = l->n;
	}
	return err;
}

/* Sets a MOS object's bonus to val; dirties it only when it changes. */
static int set_bonus(struct zfs_wpool *p, uint64_t obj, const void *val,
		     size_t len)
{
	struct wnode *w;
	int err = hold(&p->mos, obj, &w);
	if (err)
		return err;
	if (memcmp(dnode_bonus(&w->dn), val, len) != 0) {
		memcpy(dnode_bonus(&w->dn), val, len);
		w->dirty = true;
	}
	return 0;
}

static int update_dsl(struct zfs_wpool *p)
{
	struct dsl_state *d = &p->dsl;
	struct zfs_wos *r = &p->root, *m = &p->mos;
	dsl_dataset_phys_t ds = d->ds;
	dsl_dir_phys_t rd = d->rd, md = d->md;
	ds.ds_bp = r->bp;
	ds.ds_referenced_bytes += r->used;
	ds.ds_compressed_bytes += r->comp;
	ds.ds_uncompressed_bytes += r->uncomp;
	ds.ds_unique_bytes += r->used;
	md.dd_used_bytes += m->used;
	md.dd_compressed_bytes += m->comp;
	md.dd_uncompressed_bytes += m->uncomp;
	md.dd_used_breakdown[DD_USED_HEAD] += m->used;
	rd.dd_used_bytes += r->used + m->used;
	rd.dd_compressed_bytes += r->comp + m->comp;
	rd.dd_uncompressed_bytes += r->uncomp + m->uncomp;
	rd.dd_used_breakdown[DD_USED_HEAD] += r->used;
	rd.dd_used_breakdown[DD_USED_CHILD] += m->used;
	int err = set_bonus(p, d->root_ds, &ds, sizeof(ds));
	if (!err)
		err = set_bonus(p, d->root_dir, &rd, sizeof(rd));
	if (!err)
		err = set_bonus(p, d->mos_dir, &md, sizeof(md));
	return err;
}

static bool mos_dirty(struct zfs_wpool *p)
{
	for (int b = 0; b < NBUCKETS; b++)
		for (struct wnode *w = p->mos.hash[b]; w; w = w->next)
			if (w->dirty)
				return true;
	return false;
}

static int write_uberblock(struct zfs_wpool *p, uint64_t ts)
{
	uberblock_t ub = p->ub;
	int shift = label_ub_shift(p->space.ashift), err = 0;
	uint32_t ubsize = 1u << shift, slots = VDEV_UBERBLOCK_RING >> shift;
	uint8_t *buf = calloc(1, ubsize);
	if (!buf)
		return -ZFS_ENOMEM;
	ub.ub_txg = p->txg;
	ub.ub_timestamp = ts;
	ub.ub_rootbp = p->mos.bp;
	memcpy(buf, &ub, sizeof(ub));
	for (int l = 0; l < 4 && !err; l++) {
		uint64_t off = label_offset(p->bio->size, l) +
			       VDEV_LABEL_UBERBLOCK_OFFSET +
			       (uint64_t)(p->txg % slots) * ubsize;
		zfs_eck_set(buf, ubsize, off);
		err = p->bio->write(p->bio->ctx, off, buf, ubsize);
	}
	free(buf);
	if (!err)
		p->ub = ub;
	return err;
}

static int flush(struct zfs_wpool *p)
{
	return p->bio->flush ? p->bio->flush(p->bio->ctx) : 0;
}

static void end_txg(struct zfs_wpool *p)
{
	drop_all(&p->root);
	drop_all(&p->mos);
	p->root.used = p->root.comp = p->root.uncomp = 0;
	p->mos.used = p->mos.comp = p->mos.uncomp = 0;
	p->root.obj_hint = p->mos.obj_hint = 0;
	p->dirty_bytes = 0;
}

bool wpool_broken(const struct zfs_wpool *p)
{
	return p->broken;
}

int wpool_commit(struct zfs_wpool *p, uint64_t timestamp)
{
	if (p->broken)
		return fail(p, -ZFS_EIO, "an earlier commit failed");
	p->err[0] = '\0'; /* what an earlier, harmless failure said */
	uint8_t *cbuf = malloc(ZFS_MAXBLOCKSIZE);
	if (!cbuf)
		return fail(p, -ZFS_ENOMEM, "no memory to start the commit");
	p->writing = false;
	if (!p->root.nheld) {
		/* Nothing changed: no txg to write, but the deferred frees
		 * age as if one had been, or an idle pool would never get
		 * them back. */
		free(cbuf);
		space_txg_done(&p->space);
		return 0;
	}
	int err = sync_objset(&p->root, cbuf);
	for (int pass = 0; !err; pass++) {
		err = append_spacemaps(p);
		if (!err)
			err = update_dsl(p);
		if (err || !mos_dirty(p))
			break;
		if (pass > 100) {
			err = fail(p, -ZFS_EIO, "the MOS does not converge");
			break;
		}
		err = sync_objset(&p->mos, cbuf);
	}
	free(cbuf);
	if (!err)
		err = flush(p);
	if (!err)
		err = write_uberblock(p, timestamp);
	if (!err)
		err = flush(p);
	if (err) {
		/* Once blocks were allocated or freed, the allocator and the
		 * held trees are half-way into the txg: no way back.  Before
		 * that (no memory for the first indirect block, say), the
		 * open txg is as it was and can be committed again. */
		p->broken = p->writing;
		return fail(p, err, "commit failed");
	}
	/* the next txg starts from what this one wrote */
	memcpy(&p->dsl.ds, dnode_bonus(&find_held(&p->mos, p->dsl.root_ds)->dn),
	       sizeof(p->dsl.ds));
	memcpy(&p->dsl.rd,
	       dnode_bonus(&find_held(&p->mos, p->dsl.root_dir)->dn),
	       sizeof(p->dsl.rd));
	memcpy(&p->dsl.md, dnode_bonus(&find_held(&p->mos, p->dsl.mos_dir)->dn),
	       sizeof(p->dsl.md));
	end_txg(p);
	space_txg_done(&p->space);
	p->txg++;
	return 0;
}
