/*
 * zfs_space IMAGE: checks a pool's space accounting against its blocks.
 * Walks every block of the root dataset (the object set, dnodes, their
 * trees and spill blocks) and compares the sums of allocated, physical
 * and logical sizes with the dataset's referenced, compressed and
 * uncompressed bytes, and each dnode's dn_used with its own blocks.
 * Prints what differs; exits 0 when nothing does.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "hostbio.h"
#include "zfs.h"

struct sums {
	uint64_t used, comp, uncomp;
};

static struct zfs_reader *r;
static int bad;

static void walk(const blkptr_t *bp, struct sums *all, struct sums *own);

/* A dnode's blocks: into all, and checked against its dn_used. */
static void walk_dnode(uint64_t obj, const dnode_phys_t *dn, struct sums *all)
{
	struct sums own = {0};
	for (int i = 0; i < dn->dn_nblkptr; i++)
		walk(&dn->dn_blkptr[i], all, &own);
	if (dn->dn_flags & DNODE_FLAG_SPILL_BLKPTR)
		walk((const blkptr_t *)((const uint8_t *)dn + DNODE_SIZE -
					sizeof(blkptr_t)),
		     all, &own);
	if ((dn->dn_flags & DNODE_FLAG_USED_BYTES) && dn->dn_used != own.used) {
		printf("object %llu: dn_used %llu, its blocks %llu\n",
		       (unsigned long long)obj, (unsigned long long)dn->dn_used,
		       (unsigned long long)own.used);
		bad = 1;
	}
}

static void walk(const blkptr_t *bp, struct sums *all, struct sums *own)
{
	struct bp_info bi;
	if (bp_is_hole(bp))
		return;
	if (bp_is_embedded(bp)) {
		all->uncomp += bp_lsize(bp);
		return;
	}
	if (bp_decode(bp, &bi)) {
		printf("a bad block pointer\n");
		bad = 1;
		return;
	}
	all->used += bi.asize, all->comp += bi.psize, all->uncomp += bi.lsize;
	own->used += bi.asize;
	if (bi.level == 0 && bi.type != DMU_OT_DNODE &&
	    bi.type != DMU_OT_OBJSET)
		return;
	uint8_t *buf = malloc(bi.lsize);
	if (!buf || zr_read_bp(r, bp, buf, bi.lsize)) {
		printf("cannot read a block\n");
		bad = 1;
		free(buf);
		return;
	}
	if (bi.level > 0) {
		for (uint32_t i = 0; i < bi.lsize / sizeof(blkptr_t); i++)
			walk((blkptr_t *)buf + i, all, own);
	} else if (bi.type == DMU_OT_OBJSET) {
		walk_dnode(0, &((objset_phys_t *)buf)->os_meta_dnode, all);
	} else {
		/* object numbers are not known here: 0 stands for them */
		for (uint32_t i = 0; i < bi.lsize; i += DNODE_SIZE)
			if (buf[i] != DMU_OT_NONE)
				walk_dnode(0, (dnode_phys_t *)(buf + i), all);
	}
	free(buf);
}

static int bonus_of(const struct zr_objset *mos, uint64_t obj, void *out,
		    size_t len)
{
	dnode_phys_t dn;
	int err = zr_dnode(r, mos, obj, &dn);
	if (!err)
		memcpy(out, dnode_bonus(&dn), len);
	return err;
}

int main(int argc, char **argv)
{
	struct stat sb;
	char err[256];
	int fd = argc == 2 ? open(argv[1], O_RDONLY) : -1;
	if (fd < 0 || fstat(fd, &sb)) {
		fprintf(stderr, "usage: zfs_space IMAGE\n");
		return 2;
	}
	struct zfs_bio bio = {&fd, host_bio_read, NULL, (uint64_t)sb.st_size,
			      NULL};
	if (zr_open(&bio, &r, err, sizeof(err))) {
		fprintf(stderr, "zfs_space: %s\n", err);
		return 2;
	}
	/* the newest uberblock of the labels: the MOS */
	uberblock_t best = {0};
	for (int l = 0; l < 4; l++) {
		nvlist_t *cfg;
		uberblock_t ub;
		if (label_read(&bio, l, &cfg, &ub) == 0 &&
		    ub.ub_magic == UBERBLOCK_MAGIC && ub.ub_txg > best.ub_txg)
			best = ub;
		if (cfg)
			nv_free(cfg);
	}
	struct zr_objset mos;
	uint64_t dir;
	dsl_dir_phys_t dd;
	dsl_dataset_phys_t ds;
	if (zr_objset(r, &best.ub_rootbp, &mos) ||
	    zr_zap_lookup(r, &mos, 1, "root_dataset", &dir) ||
	    bonus_of(&mos, dir, &dd, sizeof(dd)) ||
	    bonus_of(&mos, dd.dd_head_dataset_obj, &ds, sizeof(ds))) {
		fprintf(stderr, "zfs_space: %s\n", zr_error(r));
		return 2;
	}
	struct sums all = {0}, own = {0};
	walk(&ds.ds_bp, &all, &own);
	if (all.used != ds.ds_referenced_bytes ||
	    all.comp != ds.ds_compressed_bytes ||
	    all.uncomp != ds.ds_uncompressed_bytes) {
		printf("dataset: referenced %llu/%llu/%llu, blocks "
		       "%llu/%llu/%llu\n",
		       (unsigned long long)ds.ds_referenced_bytes,
		       (unsigned long long)ds.ds_compressed_bytes,
		       (unsigned long long)ds.ds_uncompressed_bytes,
		       (unsigned long long)all.used,
		       (unsigned long long)all.comp,
		       (unsigned long long)all.uncomp);
		bad = 1;
	}
	if (dd.dd_used_breakdown[DD_USED_HEAD] != ds.ds_referenced_bytes) {
		printf("DSL directory: head usage %llu, dataset %llu\n",
		       (unsigned long long)dd.dd_used_breakdown[DD_USED_HEAD],
		       (unsigned long long)ds.ds_referenced_bytes);
		bad = 1;
	}
	zr_close(r);
	close(fd);
	return bad;
}
