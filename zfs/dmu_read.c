/*
 * Reading pools: the best label and uberblock, blocks (verified and
 * decompressed), object sets, dnodes, objects through their indirect
 * blocks, and the DSL down to the root dataset.
 *
 * Everything read is checked before use: block pointers' sizes and
 * offsets against the device, checksums, dnode fields against their
 * ranges, so that a damaged image gives an error and never a crash or
 * an endless loop (every walk is bounded by levels or by sizes).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "zfs.h"

#define MAX_LEVELS 12
#define MAX_OBJECT_READ (256u << 20)

struct zfs_reader {
	const struct zfs_bio *bio;
	uberblock_t ub;
	uint64_t asize;			  /* end of the allocatable space */
	char name[ZFS_POOL_NAME_MAX + 1]; /* the chosen label's, or "" */
	struct zr_objset mos;
	char err[256];
	/* one cached indirect block per level */
	struct {
		blkptr_t bp;
		uint8_t *buf;
	} ind[MAX_LEVELS];
	/* the last block of dnodes read, and scratch space for a block as
	 * stored and for one being read (ZFS_MAXBLOCKSIZE each) */
	blkptr_t dnbp;
	uint8_t *dnblk, *raw, *blk;
};

const char *zr_pool_name(const struct zfs_reader *r)
{
	return r->name;
}

const char *zr_error(const struct zfs_reader *r)
{
	return r->err[0] ? r->err : "damaged pool";
}

static int fail(struct zfs_reader *r, int err, const char *msg)
{
	if (!r->err[0])
		snprintf(r->err, sizeof(r->err), "%s", msg);
	return err;
}

#define GANG_HEADER_SIZE 512
#define GANG_NBLKPTR 3
#define MAX_GANG_DEPTH 8

static int read_phys(struct zfs_reader *r, const blkptr_t *bp,
		     const struct bp_info *bi, uint8_t *dst, int depth);

/*
 * A gang block: its DVA points at a 512-byte header of up to three block
 * pointers (then filler and an embedded-checksum tail), whose blocks,
 * in order, hold the gang block's physical contents.  Each member is
 * verified by its own checksum and the whole by the parent's, which is
 * always of the data; the header itself is checked for its tail magic
 * and for members that add up to the gang block's size.
 */
static int read_gang(struct zfs_reader *r, const struct bp_info *bi,
		     uint8_t *dst, int depth)
{
	uint8_t hdr[GANG_HEADER_SIZE];
	zio_eck_t tail;
	size_t off = 0;

	if (depth >= MAX_GANG_DEPTH)
		return fail(r, -ZFS_EIO, "gang blocks nested too deep");
	if (bi->offset > r->asize - GANG_HEADER_SIZE)
		return fail(r, -ZFS_EIO, "block pointer outside the device");
	int err = r->bio->read(r->bio->ctx, VDEV_LABEL_START_SIZE + bi->offset,
			       hdr, sizeof(hdr));
	if (err)
		return err;
	memcpy(&tail, hdr + sizeof(hdr) - sizeof(tail), sizeof(tail));
	if (tail.zec_magic != ZEC_MAGIC)
		return fail(r, -ZFS_EIO, "bad gang block header");
	for (int i = 0; i < GANG_NBLKPTR && !err; i++) {
		blkptr_t m;
		struct bp_info mi;
		zio_cksum_t zc;
		memcpy(&m, hdr + i * sizeof(m), sizeof(m));
		if (bp_is_hole(&m))
			continue;
		if (bp_is_embedded(&m) || bp_decode(&m, &mi) ||
		    mi.comp != ZIO_COMPRESS_OFF || mi.psize != mi.lsize ||
		    mi.psize > bi->psize - off)
			return fail(r, -ZFS_EIO, "bad gang block member");
		err = read_phys(r, &m, &mi, dst + off, depth + 1);
		if (!err && mi.cksum != ZIO_CHECKSUM_OFF) {
			err = zfs_checksum(mi.cksum, dst + off, mi.psize, &zc);
			if (err)
				err = fail(r, err, "unsupported checksum");
			else if (!zfs_cksum_equal(&zc, &mi.zc))
				err = fail(r, -ZFS_ECKSUM, "checksum error");
		}
		off += mi.psize;
	}
	if (!err && off != bi->psize)
		err = fail(r, -ZFS_EIO, "gang block members too short");
	return err;
}

/* The block's physical contents (bi->psize bytes) into dst. */
static int read_phys(struct zfs_reader *r, const blkptr_t *bp,
		     const struct bp_info *bi, uint8_t *dst, int depth)
{
	if ((bp->blk_dva[0].word[0] >> 32) != 0 || bi->offset >= r->asize)
		return fail(r, -ZFS_EIO, "block pointer outside the device");
	if (bp_is_gang(bp))
		return read_gang(r, bi, dst, depth);
	if (bi->psize > r->asize - bi->offset)
		return fail(r, -ZFS_EIO, "block pointer outside the device");
	return r->bio->read(r->bio->ctx, VDEV_LABEL_START_SIZE + bi->offset,
			    dst, bi->psize);
}

int zr_read_bp(struct zfs_reader *r, const blkptr_t *bp, void *buf, size_t len)
{
	struct bp_info bi;
	uint8_t *raw = r->raw;
	zio_cksum_t zc;
	int err;

	if (bp_is_hole(bp)) {
		memset(buf, 0, len);
		return 0;
	}
	if (bp_is_embedded(bp)) {
		uint8_t payload[BPE_PAYLOAD_SIZE];
		uint32_t lsize;
		int comp, n = bp_embedded_payload(bp, payload, sizeof(payload),
						  &lsize, &comp);
		if (n < 0 || lsize > len)
			return fail(r, -ZFS_EIO, "bad embedded block pointer");
		memset(buf, 0, len);
		return zfs_decompress(comp, payload, n, buf, lsize);
	}
	if (bp_decode(bp, &bi) || bi.lsize > len || (bp->blk_prop >> 63) == 0)
		return fail(r, -ZFS_EIO,
			    "bad block pointer (or a big-endian pool)");
	err = read_phys(r, bp, &bi, raw, 0);
	if (!err && bi.cksum != ZIO_CHECKSUM_OFF) {
		err = zfs_checksum(bi.cksum, raw, bi.psize, &zc);
		if (err)
			err = fail(r, err, "unsupported checksum");
		else if (!zfs_cksum_equal(&zc, &bi.zc))
			err = fail(r, -ZFS_ECKSUM, "checksum error");
	}
	if (!err) {
		memset(buf, 0, len);
		err = zfs_decompress(bi.comp, raw, bi.psize, buf, bi.lsize);
		if (err)
			fail(r, err, "cannot decompress a block");
	}
	return err;
}

int zr_objset(struct zfs_reader *r, const blkptr_t *bp, struct zr_objset *os)
{
	memset(os, 0, sizeof(*os));
	if (bp_is_hole(bp))
		return fail(r, -ZFS_EIO, "no object set");
	if (bp_lsize(bp) > sizeof(os->phys)) {
		/* never larger than 4 KiB; read what is there */
		return fail(r, -ZFS_EIO, "bad object set size");
	}
	return zr_read_bp(r, bp, &os->phys, sizeof(os->phys));
}

static int check_dnode(struct zfs_reader *r, const dnode_phys_t *dn)
{
	if (dn->dn_nlevels < 1 || dn->dn_nlevels > MAX_LEVELS ||
	    dn->dn_nblkptr < 1 || dn->dn_nblkptr > DN_MAX_NBLKPTR ||
	    dn->dn_indblkshift < 9 || dn->dn_indblkshift > 17 ||
	    dn->dn_datablkszsec == 0 ||
	    dn->dn_datablkszsec > (ZFS_MAXBLOCKSIZE >> ZFS_SECTOR_SHIFT))
		return fail(r, -ZFS_EIO, "bad dnode");
	return 0;
}

/* The block pointer of level-0 block blkid, through the indirect blocks
 * (each level's last one cached). */
static int find_bp(struct zfs_reader *r, const dnode_phys_t *dn, uint64_t blkid,
		   blkptr_t *out)
{
	int epbs = dn->dn_indblkshift - 7, lvl = dn->dn_nlevels - 1;
	uint64_t top = epbs * lvl >= 64 ? 0 : blkid >> (epbs * lvl);
	blkptr_t bp;
	int err;

	if (top >= dn->dn_nblkptr) {
		bp_hole(out);
		return 0;
	}
	bp = dn->dn_blkptr[top];
	for (; lvl > 0; lvl--) {
		size_t isz = (size_t)1 << dn->dn_indblkshift;
		if (bp_is_hole(&bp))
			break;
		if (!r->ind[lvl].buf) {
			r->ind[lvl].buf = malloc(ZFS_MAXBLOCKSIZE);
			if (!r->ind[lvl].buf)
				return -ZFS_ENOMEM;
			bp_hole(&r->ind[lvl].bp);
		}
		if (bp_is_hole(&r->ind[lvl].bp) ||
		    memcmp(&r->ind[lvl].bp, &bp, sizeof(bp)) != 0) {
			if (bp_lsize(&bp) != isz)
				return fail(r, -ZFS_EIO, "bad indirect block");
			err = zr_read_bp(r, &bp, r->ind[lvl].buf, isz);
			if (err) {
				bp_hole(&r->ind[lvl].bp);
				return err;
			}
			r->ind[lvl].bp = bp;
		}
		uint64_t idx =
		    (blkid >> (epbs * (lvl - 1))) & ((1ull << epbs) - 1);
		memcpy(&bp, r->ind[lvl].buf + idx * sizeof(blkptr_t),
		       sizeof(bp));
	}
	*out = bp;
	return 0;
}

int zr_read(struct zfs_reader *r, const dnode_phys_t *dn, uint64_t off,
	    void *buf, size_t len)
{
	uint32_t bs = (uint32_t)dn->dn_datablkszsec << ZFS_SECTOR_SHIFT;
	uint8_t *out = buf, *blk = r->blk;
	int err = check_dnode(r, dn);
	if (err)
		return err;
	while (len && !err) {
		uint64_t blkid = off / bs;
		size_t in = off % bs, n = bs - in < len ? bs - in : len;
		blkptr_t bp;
		if (blkid > dn->dn_maxblkid) {
			memset(out, 0, n);
		} else {
			err = find_bp(r, dn, blkid, &bp);
			if (!err && !bp_is_hole(&bp) && bp_lsize(&bp) != bs &&
			    !bp_is_embedded(&bp))
				err = fail(r, -ZFS_EIO, "bad block size");
			/* whole blocks go straight to the caller */
			if (!err && n == bs)
				err = zr_read_bp(r, &bp, out, bs);
			else if (!err)
				err = zr_read_bp(r, &bp, blk, bs);
			if (!err && n != bs)
				memcpy(out, blk + in, n);
		}
		out += n, off += n, len -= n;
	}
	return err;
}

int zr_read_all(struct zfs_reader *r, const dnode_phys_t *dn, void **buf,
		size_t *len)
{
	uint64_t bs = (uint64_t)dn->dn_datablkszsec << ZFS_SECTOR_SHIFT;
	int err = check_dnode(r, dn);
	if (err)
		return err;
	if (dn->dn_maxblkid >= MAX_OBJECT_READ / bs)
		return fail(r, -ZFS_EFBIG, "object too large");
	*len = (dn->dn_maxblkid + 1) * bs;
	*buf = malloc(*len);
	if (!*buf)
		return -ZFS_ENOMEM;
	err = zr_read(r, dn, 0, *buf, *len);
	if (err) {
		free(*buf);
		*buf = NULL;
	}
	return err;
}

int zr_dnode(struct zfs_reader *r, const struct zr_objset *os, uint64_t obj,
	     dnode_phys_t *dn)
{
	const dnode_phys_t *meta = &os->phys.os_meta_dnode;
	uint64_t bs = (uint64_t)meta->dn_datablkszsec << ZFS_SECTOR_SHIFT;
	int err = check_dnode(r, meta);
	if (err)
		return err;
	if (meta->dn_type != DMU_OT_DNODE)
		return fail(r, -ZFS_EIO, "bad meta-dnode");
	if (obj == 0 || obj >= (meta->dn_maxblkid + 1) * (bs / DNODE_SIZE))
		return fail(r, -ZFS_ENOENT, "no such object");
	/* Dnodes are read one by one, often from the same block: keep the
	 * last block. */
	blkptr_t bp;
	uint64_t blkid = obj * DNODE_SIZE / bs;
	err = find_bp(r, meta, blkid, &bp);
	if (!err && !bp_is_hole(&bp) && bp_lsize(&bp) != bs)
		err = fail(r, -ZFS_EIO, "bad block size");
	if (!err &&
	    (bp_is_hole(&r->dnbp) || memcmp(&bp, &r->dnbp, sizeof(bp)) != 0)) {
		bp_hole(&r->dnbp);
		err = zr_read_bp(r, &bp, r->dnblk, bs);
		if (!err)
			r->dnbp = bp;
	}
	if (!err)
		memcpy(dn, r->dnblk + obj * DNODE_SIZE % bs, DNODE_SIZE);
	if (!err && dn->dn_type == DMU_OT_NONE)
		return fail(r, -ZFS_ENOENT, "no such object");
	if (!err)
		err = check_dnode(r, dn);
	return err;
}

struct zap_obj {
	struct zfs_reader *r;
	dnode_phys_t dn;
	uint32_t bs;
};

static int zap_block(void *arg, uint64_t blkid, void *buf)
{
	struct zap_obj *z = arg;
	return zr_read(z->r, &z->dn, blkid * z->bs, buf, z->bs);
}

/* By the name's hash: reads only the blocks on the way to its leaf. */
int zr_zap_lookup(struct zfs_reader *r, const struct zr_objset *os,
		  uint64_t obj, const char *name, uint64_t *value)
{
	struct zap_obj z = {.r = r};
	int err = zr_dnode(r, os, obj, &z.dn);
	if (err)
		return err;
	z.bs = (uint32_t)z.dn.dn_datablkszsec << ZFS_SECTOR_SHIFT;
	err = zap_find(zap_block, &z, z.bs, z.dn.dn_maxblkid + 1, name, value);
	if (err == -ZFS_EINVAL) {
		/* keys that do not hash as they are: read it all */
		void *buf;
		size_t len;
		err = zr_read_all(r, &z.dn, &buf, &len);
		if (err)
			return err;
		err = zap_lookup(buf, len, z.bs, name, value);
		free(buf);
	}
	if (err == -ZFS_EIO)
		fail(r, err, "damaged ZAP object");
	return err;
}

/* Block by block: a directory of any size in three blocks of memory. */
int zr_zap_iterate(struct zfs_reader *r, const struct zr_objset *os,
		   uint64_t obj, zap_iter_fn fn, void *arg)
{
	struct zap_obj z = {.r = r};
	int err = zr_dnode(r, os, obj, &z.dn);
	if (err)
		return err;
	z.bs = (uint32_t)z.dn.dn_datablkszsec << ZFS_SECTOR_SHIFT;
	err = zap_walk(zap_block, &z, z.bs, z.dn.dn_maxblkid + 1, fn, arg);
	if (err == -ZFS_EIO)
		fail(r, err, "damaged ZAP object");
	return err;
}

int zr_root_dataset(struct zfs_reader *r, struct zr_objset *os)
{
	uint64_t dir_obj;
	dnode_phys_t dn;
	int err = zr_zap_lookup(r, &r->mos, 1, "root_dataset", &dir_obj);
	if (!err)
		err = zr_dnode(r, &r->mos, dir_obj, &dn);
	if (err)
		return fail(r, err, "no root dataset");
	if (dn.dn_bonustype != DMU_OT_DSL_DIR ||
	    dn.dn_bonuslen < sizeof(dsl_dir_phys_t))
		return fail(r, -ZFS_EIO, "bad DSL directory");
	dsl_dir_phys_t dd;
	memcpy(&dd, dnode_bonus(&dn), sizeof(dd));
	err = zr_dnode(r, &r->mos, dd.dd_head_dataset_obj, &dn);
	if (err || dn.dn_bonustype != DMU_OT_DSL_DATASET ||
	    dn.dn_bonuslen < sizeof(dsl_dataset_phys_t))
		return fail(r, err ? err : -ZFS_EIO, "bad root dataset");
	dsl_dataset_phys_t ds;
	memcpy(&ds, dnode_bonus(&dn), sizeof(ds));
	return zr_objset(r, &ds.ds_bp, os);
}

int zr_open(const struct zfs_bio *bio, struct zfs_reader **rp, char *err,
	    size_t errlen)
{
	struct zfs_reader *r = calloc(1, sizeof(*r));
	int rc = -ZFS_EIO, any = 0;
	*rp = r;
	if (!r)
		return -ZFS_ENOMEM;
	r->bio = bio;
	r->raw = malloc(ZFS_MAXBLOCKSIZE);
	r->blk = malloc(ZFS_MAXBLOCKSIZE);
	r->dnblk = malloc(ZFS_MAXBLOCKSIZE);
	if (!r->raw || !r->blk || !r->dnblk)
		return -ZFS_ENOMEM;
	if (bio->size < VDEV_LABEL_START_SIZE + VDEV_LABEL_END_SIZE) {
		snprintf(r->err, sizeof(r->err), "the image is too small");
		if (err)
			snprintf(err, errlen, "%s", r->err);
		return rc;
	}
	for (int l = 0; l < 4; l++) {
		nvlist_t *cfg;
		uberblock_t ub;
		if (label_read(bio, l, &cfg, &ub) != 0)
			continue;
		const nvlist_t *tree = nv_lookup_nvlist(cfg, "vdev_tree");
		uint64_t asize = 0, children = 1;
		if (tree)
			nv_lookup_uint64(tree, "asize", &asize);
		nv_lookup_uint64(cfg, "vdev_children", &children);
		const char *type = tree ? nv_lookup_string(tree, "type") : NULL;
		if (children != 1 || !type ||
		    (strcmp(type, "file") != 0 && strcmp(type, "disk") != 0)) {
			snprintf(
			    r->err, sizeof(r->err),
			    "only pools of one disk or file are supported");
			nv_free(cfg);
			break;
		}
		any = 1;
		if (ub.ub_magic == UBERBLOCK_MAGIC &&
		    ub.ub_txg > r->ub.ub_txg) {
			r->ub = ub;
			r->asize = asize;
			const char *name = nv_lookup_string(cfg, "name");
			snprintf(r->name, sizeof(r->name), "%s",
				 name ? name : "");
		}
		nv_free(cfg);
	}
	if (!r->err[0] && !any)
		snprintf(r->err, sizeof(r->err), "no valid ZFS label");
	else if (!r->err[0] && r->ub.ub_magic != UBERBLOCK_MAGIC)
		snprintf(r->err, sizeof(r->err), "no valid uberblock");
	else if (!r->err[0] && (r->asize == 0 ||
				r->asize > bio->size - VDEV_LABEL_START_SIZE -
					       VDEV_LABEL_END_SIZE))
		snprintf(r->err, sizeof(r->err), "the image is truncated");
	else if (!r->err[0])
		rc = zr_objset(r, &r->ub.ub_rootbp, &r->mos);
	if (rc && err)
		snprintf(err, errlen, "%s", zr_error(r));
	return rc;
}

void zr_close(struct zfs_reader *r)
{
	if (!r)
		return;
	for (int i = 0; i < MAX_LEVELS; i++)
		free(r->ind[i].buf);
	free(r->raw);
	free(r->blk);
	free(r->dnblk);
	free(r);
}
