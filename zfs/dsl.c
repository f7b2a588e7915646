/*
 * The pool: the meta object set (MOS) with the DSL, the configuration,
 * the space maps; then the uberblock and the labels.
 *
 * Everything is born in one transaction group (ZFS_TXG_INITIAL); the
 * "$ORIGIN" dataset and its snapshot are from txg 1, as in a pool that
 * zpool create made, and the root dataset is a clone of that snapshot.
 * The only features ever enabled are lz4_compress and embedded_data,
 * when blocks are compressed (both are active from the moment they are
 * enabled); otherwise the three feature ZAPs exist and are empty.
 * GUIDs come from the pool name and a seed, so the same input gives the
 * same image.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "zfs.h"

#define SM_BLKSZ 4096
#define ORIGIN_TXG 1

/* The features a compressed pool has (zpool-features(7)). */
static const struct {
	const char *guid, *desc;
} features[] = {
    {"org.illumos:lz4_compress", "LZ4 block compression."},
    {"com.delphix:embedded_data",
     "Small blocks kept inside their block pointers."},
};
#define NFEATURES (sizeof(features) / sizeof(features[0]))

struct zfs_pool {
	struct zfs_writer w;
	struct zfs_objset mos, root;
	char *name, *path;
	int ashift, compress;
	uint64_t ts, devsize, asize;
	uint64_t pool_guid, vdev_guid, root_guid, origin_guid, snap_guid;
};

static uint64_t mix(uint64_t z)
{
	z += 0x9e3779b97f4a7c15ull;
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}

static uint64_t guid(uint64_t seed, int i)
{
	uint64_t g = mix(seed ^ mix((uint64_t)i));
	return g ? g : 1;
}

static char *dupstr(const char *s)
{
	size_t n = strlen(s) + 1;
	char *d = malloc(n);
	if (d)
		memcpy(d, s, n);
	return d;
}

int pool_create(const struct zfs_pool_params *prm, const struct zfs_bio *bio,
		struct zfs_pool **pp)
{
	struct zfs_pool *p = calloc(1, sizeof(*p));
	uint64_t seed;
	int err;

	*pp = p;
	if (!p)
		return -ZFS_ENOMEM;
	p->w.bio = bio;
	p->w.txg = ZFS_TXG_INITIAL;
	p->devsize = bio->size & ~(uint64_t)(VDEV_LABEL_SIZE - 1);
	if (prm->ashift < 9 || prm->ashift > 16) {
		snprintf(p->w.err, sizeof(p->w.err),
			 "ashift %d is not between 9 and 16", prm->ashift);
		return -ZFS_EINVAL;
	}
	if (p->devsize < ZFS_MINDEVSIZE) {
		snprintf(p->w.err, sizeof(p->w.err),
			 "the image must be at least 64 MiB");
		return -ZFS_EINVAL;
	}
	p->name = dupstr(prm->name);
	p->path = dupstr(prm->path);
	if (!p->name || !p->path)
		return -ZFS_ENOMEM;
	p->ashift = prm->ashift;
	p->compress = prm->compress ? prm->compress : ZIO_COMPRESS_OFF;
	if (p->compress != ZIO_COMPRESS_OFF &&
	    p->compress != ZIO_COMPRESS_LZ4) {
		snprintf(p->w.err, sizeof(p->w.err),
			 "compression %d is not supported", p->compress);
		return -ZFS_EINVAL;
	}
	p->ts = prm->timestamp;
	p->asize = p->devsize - VDEV_LABEL_START_SIZE - VDEV_LABEL_END_SIZE;
	seed = prm->guid_seed;
	for (const char *c = prm->name; *c; c++)
		seed = mix(seed ^ (uint8_t)*c);
	p->pool_guid = guid(seed, 1);
	p->vdev_guid = guid(seed, 2);
	p->root_guid = guid(seed, 3);
	p->origin_guid = guid(seed, 4);
	p->snap_guid = guid(seed, 5);
	err = alloc_init(&p->w.alloc, p->asize, p->ashift);
	if (!err)
		err = os_init(&p->mos, &p->w, DMU_OST_META);
	if (!err)
		err = os_init(&p->root, &p->w, DMU_OST_ZFS);
	/* With lz4_compress, OpenZFS compresses metadata too. */
	p->mos.compress = p->root.compress = p->compress;
	p->root.embed = p->compress == ZIO_COMPRESS_LZ4;
	if (err && !p->w.err[0])
		snprintf(p->w.err, sizeof(p->w.err), "out of memory");
	return err;
}

struct zfs_objset *pool_root_objset(struct zfs_pool *p)
{
	return &p->root;
}

struct zfs_writer *pool_writer(struct zfs_pool *p)
{
	return &p->w;
}

const char *pool_error(struct zfs_pool *p)
{
	return p && p->w.err[0] ? p->w.err : "out of memory";
}

void pool_free(struct zfs_pool *p)
{
	if (!p)
		return;
	os_fini(&p->mos);
	os_fini(&p->root);
	alloc_fini(&p->w.alloc);
	free(p->w.cbuf);
	free(p->name);
	free(p->path);
	free(p);
}

/* The vdev: one file, the only top-level vdev. */
static nvlist_t *vdev_config(struct zfs_pool *p, uint64_t ms_array)
{
	nvlist_t *v = nv_alloc();
	int err = v ? 0 : -ZFS_ENOMEM;
	if (!err)
		err = nv_add_string(v, "type", "file");
	if (!err)
		err = nv_add_uint64(v, "id", 0);
	if (!err)
		err = nv_add_uint64(v, "guid", p->vdev_guid);
	if (!err)
		err = nv_add_string(v, "path", p->path);
	if (!err)
		err = nv_add_uint64(v, "metaslab_array", ms_array);
	if (!err)
		err = nv_add_uint64(v, "metaslab_shift", p->w.alloc.ms_shift);
	if (!err)
		err = nv_add_uint64(v, "ashift", p->ashift);
	if (!err)
		err = nv_add_uint64(v, "asize", p->asize);
	if (!err)
		err = nv_add_uint64(v, "is_log", 0);
	if (!err)
		err = nv_add_uint64(v, "create_txg", ZFS_TXG_INITIAL);
	if (err) {
		nv_free(v);
		return NULL;
	}
	return v;
}

/* The pool's config: for the MOS (vdev_tree is the root vdev) or for
 * the label (vdev_tree is this vdev, with top_guid and guid). */
static nvlist_t *pool_config(struct zfs_pool *p, uint64_t ms_array, bool label)
{
	nvlist_t *c = nv_alloc(), *tree = NULL;
	int err = c ? 0 : -ZFS_ENOMEM;
	if (!err)
		err = nv_add_uint64(c, "version", ZFS_SPA_VERSION);
	if (!err)
		err = nv_add_string(c, "name", p->name);
	if (!err)
		err = nv_add_uint64(c, "state", POOL_STATE_EXPORTED);
	if (!err)
		err = nv_add_uint64(c, "txg", p->w.txg);
	if (!err)
		err = nv_add_uint64(c, "pool_guid", p->pool_guid);
	if (!err)
		err = nv_add_uint64(c, "errata", 0);
	if (!err && label)
		err = nv_add_uint64(c, "top_guid", p->vdev_guid);
	if (!err && label)
		err = nv_add_uint64(c, "guid", p->vdev_guid);
	if (!err)
		err = nv_add_uint64(c, "vdev_children", 1);
	if (!err) {
		nvlist_t *v = vdev_config(p, ms_array);
		if (label || !v) {
			tree = v;
		} else {
			tree = nv_alloc();
			err = tree ? 0 : -ZFS_ENOMEM;
			if (!err)
				err = nv_add_string(tree, "type", "root");
			if (!err)
				err = nv_add_uint64(tree, "id", 0);
			if (!err)
				err = nv_add_uint64(tree, "guid", p->pool_guid);
			if (!err)
				err = nv_add_uint64(tree, "create_txg",
						    ZFS_TXG_INITIAL);
			if (!err)
				err = nv_add_nvlist_array(tree, "children", &v,
							  1);
			else
				nv_free(v);
		}
		if (!err)
			err = nv_add_nvlist(c, "vdev_tree", tree);
		else
			nv_free(tree);
	}
	if (!err) {
		/* the active features a reader must know */
		nvlist_t *feat = nv_alloc();
		err = feat ? 0 : -ZFS_ENOMEM;
		for (size_t i = 0;
		     !err && p->compress == ZIO_COMPRESS_LZ4 && i < NFEATURES;
		     i++)
			err = nv_add_boolean(feat, features[i].guid);
		if (!err)
			err = nv_add_nvlist(c, "features_for_read", feat);
		else
			nv_free(feat);
	}
	if (err) {
		nv_free(c);
		return NULL;
	}
	return c;
}

static void *pack(const nvlist_t *nvl, size_t *len)
{
	*len = nv_packed_size(nvl);
	void *buf = malloc(*len);
	if (buf && nv_pack(nvl, buf, *len) < 0) {
		free(buf);
		return NULL;
	}
	return buf;
}

/* DSL object numbers, as created below. */
struct mos_objs {
	uint64_t dir, config, sync_bpobj, free_bpobj, feat[3];
	uint64_t root_dir, root_child, root_props;
	uint64_t mos_dir, free_dir, origin_dir, origin_clones;
	uint64_t origin_ds, origin_snap, root_ds;
	uint64_t ms_array, *sm;
};

static uint64_t new_zap(struct zfs_objset *os, int type, int bonustype,
			int bonuslen)
{
	return zap_create(os, type, bonustype, bonuslen, NULL, 0);
}

/* A DSL directory with its (empty) child map and properties. */
static uint64_t new_dsl_dir(struct zfs_objset *mos, uint64_t parent,
			    uint64_t *child)
{
	uint64_t dd = os_new_object(mos, DMU_OT_DSL_DIR, DMU_OT_DSL_DIR,
				    sizeof(dsl_dir_phys_t), ZFS_SECTOR);
	uint64_t c = new_zap(mos, DMU_OT_DSL_DIR_CHILD_MAP, 0, 0);
	uint64_t props = new_zap(mos, DMU_OT_DSL_PROPS, 0, 0);
	if (!dd || !c || !props)
		return 0;
	dsl_dir_phys_t *d = (dsl_dir_phys_t *)dnode_bonus(os_dnode(mos, dd));
	d->dd_parent_obj = parent;
	d->dd_child_dir_zapobj = c;
	d->dd_props_zapobj = props;
	d->dd_flags = DD_FLAG_USED_BREAKDOWN;
	if (child)
		*child = c;
	return dd;
}

/* A dataset's deadlist: a ZAP of (min txg -> bpobj); heads have one
 * empty bpobj from txg 0, snapshots none. */
static uint64_t new_deadlist(struct zfs_objset *mos, bool head)
{
	uint64_t bpobj = 0;
	if (head) {
		bpobj = os_new_object(mos, DMU_OT_BPOBJ, DMU_OT_BPOBJ_HDR,
				      sizeof(bpobj_phys_t), ZFS_MAXBLOCKSIZE);
		if (!bpobj)
			return 0;
	}
	struct zap_u64 e = {"0", bpobj};
	return zap_create_u64(mos, DMU_OT_DEADLIST, DMU_OT_DEADLIST_HDR,
			      sizeof(dsl_deadlist_phys_t), &e, head ? 1 : 0);
}

static uint64_t new_dataset(struct zfs_objset *mos, uint64_t dir, uint64_t guid,
			    uint64_t ts, bool head)
{
	uint64_t ds = os_new_object(mos, DMU_OT_DSL_DATASET, DMU_OT_DSL_DATASET,
				    sizeof(dsl_dataset_phys_t), ZFS_SECTOR);
	/* written by the caller, who knows the snapshots */
	uint64_t snapnames =
	    head ? os_new_object(mos, DMU_OT_DSL_DS_SNAP_MAP, 0, 0, ZFS_SECTOR)
		 : 0;
	uint64_t dl = new_deadlist(mos, head);
	if (!ds || (head && !snapnames) || !dl)
		return 0;
	dsl_dataset_phys_t *d =
	    (dsl_dataset_phys_t *)dnode_bonus(os_dnode(mos, ds));
	d->ds_dir_obj = dir;
	d->ds_snapnames_zapobj = snapnames;
	d->ds_creation_time = ts;
	d->ds_creation_txg = ORIGIN_TXG;
	d->ds_deadlist_obj = dl;
	d->ds_fsid_guid = guid & ((1ull << 56) - 1);
	d->ds_guid = guid;
	d->ds_flags = DS_FLAG_UNIQUE_ACCURATE;
	return ds;
}

#define BONUS(os, obj, type) ((type *)dnode_bonus(os_dnode(os, obj)))

/*
 * The MOS, before its space maps:
 *
 *   1 object directory --root_dataset--> root DSL dir
 *     |                  --config------> packed nvlist
 *     |                  --sync_bplist, free_bpobj--> empty bpobjs
 *     |                  --features_for_read/_write, feature_descriptions
 *     |                                  --> empty ZAPs
 *   root DSL dir --child map--> $MOS, $FREE, $ORIGIN (DSL dirs)
 *     |  head dataset: root dataset --bp--> the ZPL object set
 *     |                 prev snap: $ORIGIN@$ORIGIN (it is a clone of it)
 *   $ORIGIN dir --head--> $ORIGIN dataset --prev snap--> $ORIGIN@$ORIGIN
 *     |  clones: root dataset        snapshot's next clones: root dataset
 *   metaslab array --> one space map object per metaslab
 */
static int build_mos(struct zfs_pool *p, struct mos_objs *o)
{
	struct zfs_objset *mos = &p->mos;
	o->dir = os_new_object(mos, DMU_OT_OBJECT_DIRECTORY, 0, 0, ZFS_SECTOR);
	o->config = os_new_object(mos, DMU_OT_PACKED_NVLIST,
				  DMU_OT_PACKED_NVLIST_SIZE, 8, 1u << 14);
	o->sync_bpobj = os_new_object(mos, DMU_OT_BPOBJ, DMU_OT_BPOBJ_HDR,
				      sizeof(bpobj_phys_t), 1u << 14);
	o->free_bpobj = os_new_object(mos, DMU_OT_BPOBJ, DMU_OT_BPOBJ_HDR,
				      sizeof(bpobj_phys_t), ZFS_MAXBLOCKSIZE);
	/* Both features are active from the moment they are enabled
	 * (refcount 1), and neither is read-only compatible. */
	size_t nfeat = p->compress == ZIO_COMPRESS_LZ4 ? NFEATURES : 0;
	uint64_t one = 1;
	struct zap_ent refcount[NFEATURES], desc[NFEATURES];
	for (size_t i = 0; i < NFEATURES; i++) {
		refcount[i] = (struct zap_ent){features[i].guid, &one, 8, 1};
		desc[i] = (struct zap_ent){features[i].guid, features[i].desc,
					   1, strlen(features[i].desc) + 1};
	}
	/* for read, for write, and the descriptions */
	o->feat[0] = zap_create(mos, DMU_OT_ZAP_OTHER, 0, 0, refcount, nfeat);
	o->feat[1] = new_zap(mos, DMU_OT_ZAP_OTHER, 0, 0);
	o->feat[2] = zap_create(mos, DMU_OT_ZAP_OTHER, 0, 0, desc, nfeat);
	o->root_dir = os_new_object(mos, DMU_OT_DSL_DIR, DMU_OT_DSL_DIR,
				    sizeof(dsl_dir_phys_t), ZFS_SECTOR);
	o->root_child =
	    os_new_object(mos, DMU_OT_DSL_DIR_CHILD_MAP, 0, 0, ZFS_SECTOR);
	/* compression is set, not inherited from a default that differs
	 * between OpenZFS releases */
	uint64_t comp_prop = p->compress;
	struct zap_ent prop = {"compression", &comp_prop, 8, 1};
	o->root_props = zap_create(mos, DMU_OT_DSL_PROPS, 0, 0, &prop, 1);
	o->mos_dir = new_dsl_dir(mos, o->root_dir, NULL);
	o->free_dir = new_dsl_dir(mos, o->root_dir, NULL);
	o->origin_dir = new_dsl_dir(mos, o->root_dir, NULL);
	o->origin_ds =
	    new_dataset(mos, o->origin_dir, p->origin_guid, p->ts, true);
	o->origin_snap =
	    new_dataset(mos, o->origin_dir, p->snap_guid, p->ts, false);
	o->root_ds = new_dataset(mos, o->root_dir, p->root_guid, p->ts, true);
	if (!o->dir || !o->config || !o->sync_bpobj || !o->free_bpobj ||
	    !o->feat[2] || !o->root_dir || !o->root_child || !o->root_props ||
	    !o->mos_dir || !o->free_dir || !o->origin_dir || !o->origin_ds ||
	    !o->origin_snap || !o->root_ds)
		return -ZFS_ENOMEM;

	/* Clone bookkeeping: ZAPs keyed by the clone's number in hex. */
	char key[24];
	snprintf(key, sizeof(key), "%llx", (unsigned long long)o->root_ds);
	struct zap_u64 clone = {key, o->root_ds};
	uint64_t next_clones =
	    zap_create_u64(mos, DMU_OT_NEXT_CLONES, 0, 0, &clone, 1);
	o->origin_clones =
	    zap_create_u64(mos, DMU_OT_DSL_CLONES, 0, 0, &clone, 1);
	struct zap_u64 snap = {"$ORIGIN", o->origin_snap};
	int err = zap_write(
	    mos,
	    BONUS(mos, o->origin_ds, dsl_dataset_phys_t)->ds_snapnames_zapobj,
	    &(struct zap_ent){snap.name, &snap.value, 8, 1}, 1);
	if (!err)
		err = zap_write(mos,
				BONUS(mos, o->root_ds, dsl_dataset_phys_t)
				    ->ds_snapnames_zapobj,
				NULL, 0);
	if (!next_clones || !o->origin_clones || err)
		return err ? err : -ZFS_ENOMEM;

	struct zap_u64 children[] = {
	    {"$MOS", o->mos_dir},
	    {"$FREE", o->free_dir},
	    {"$ORIGIN", o->origin_dir},
	};
	struct zap_ent ce[3];
	for (int i = 0; i < 3; i++)
		ce[i] = (struct zap_ent){children[i].name, &children[i].value,
					 8, 1};
	err = zap_write(mos, o->root_child, ce, 3);
	if (err)
		return err;

	/* The metaslab array and a space map object per metaslab. */
	uint64_t n = p->w.alloc.ms_count;
	uint32_t asz = (n * 8 + ZFS_SECTOR - 1) & ~(ZFS_SECTOR - 1);
	o->sm = calloc(n, sizeof(uint64_t));
	o->ms_array =
	    os_new_object(mos, DMU_OT_OBJECT_ARRAY, 0, 0,
			  asz > ZFS_MAXBLOCKSIZE ? ZFS_MAXBLOCKSIZE : asz);
	if (!o->sm || !o->ms_array)
		return -ZFS_ENOMEM;
	for (uint64_t i = 0; i < n; i++) {
		o->sm[i] = os_new_object(mos, DMU_OT_SPACE_MAP,
					 DMU_OT_SPACE_MAP_HEADER,
					 sizeof(space_map_phys_t), SM_BLKSZ);
		if (!o->sm[i])
			return -ZFS_ENOMEM;
		BONUS(mos, o->sm[i], space_map_phys_t)->smp_object = o->sm[i];
	}
	if (asz > ZFS_MAXBLOCKSIZE)
		return -ZFS_EFBIG;
	err = os_write_object(mos, o->ms_array, o->sm, n * 8);
	if (err)
		return err;

	/* The configuration. */
	nvlist_t *cfg = pool_config(p, o->ms_array, false);
	size_t len;
	void *packed = cfg ? pack(cfg, &len) : NULL;
	nv_free(cfg);
	if (!packed)
		return -ZFS_ENOMEM;
	*BONUS(mos, o->config, uint64_t) = len;
	err = os_write_object(mos, o->config, packed, len);
	free(packed);
	if (err)
		return err;

	struct zap_u64 dir[] = {
	    {"root_dataset", o->root_dir},
	    {"config", o->config},
	    {"sync_bplist", o->sync_bpobj},
	    {"free_bpobj", o->free_bpobj},
	    {"features_for_read", o->feat[0]},
	    {"features_for_write", o->feat[1]},
	    {"feature_descriptions", o->feat[2]},
	    {"deflate", 1},
	    {"creation_version", ZFS_SPA_VERSION},
	};
	struct zap_ent de[9];
	for (int i = 0; i < 9; i++)
		de[i] = (struct zap_ent){dir[i].name, &dir[i].value, 8, 1};
	err = zap_write(mos, o->dir, de, 9);
	if (err)
		return err;

	/* Links between the DSL objects. */
	dsl_dir_phys_t *rd = BONUS(mos, o->root_dir, dsl_dir_phys_t);
	rd->dd_creation_time = p->ts;
	rd->dd_head_dataset_obj = o->root_ds;
	rd->dd_origin_obj = o->origin_snap;
	rd->dd_child_dir_zapobj = o->root_child;
	rd->dd_props_zapobj = o->root_props;
	rd->dd_flags = DD_FLAG_USED_BREAKDOWN;
	BONUS(mos, o->mos_dir, dsl_dir_phys_t)->dd_creation_time = p->ts;
	BONUS(mos, o->free_dir, dsl_dir_phys_t)->dd_creation_time = p->ts;
	dsl_dir_phys_t *od = BONUS(mos, o->origin_dir, dsl_dir_phys_t);
	od->dd_creation_time = p->ts;
	od->dd_head_dataset_obj = o->origin_ds;
	od->dd_clones = o->origin_clones;
	dsl_dataset_phys_t *ods = BONUS(mos, o->origin_ds, dsl_dataset_phys_t);
	ods->ds_prev_snap_obj = o->origin_snap;
	ods->ds_prev_snap_txg = ORIGIN_TXG;
	dsl_dataset_phys_t *snap_ds =
	    BONUS(mos, o->origin_snap, dsl_dataset_phys_t);
	snap_ds->ds_next_snap_obj = o->origin_ds;
	snap_ds->ds_num_children = 2; /* the head, and the root's clone */
	snap_ds->ds_next_clones_obj = next_clones;
	dsl_dataset_phys_t *rds = BONUS(mos, o->root_ds, dsl_dataset_phys_t);
	rds->ds_prev_snap_obj = o->origin_snap;
	rds->ds_prev_snap_txg = ORIGIN_TXG;
	return 0;
}

/* Space accounting: the root dataset's blocks, the MOS's own. */
static void account(struct zfs_pool *p, struct mos_objs *o,
		    const blkptr_t *root_bp, uint64_t mos_used,
		    uint64_t mos_comp, uint64_t mos_uncomp)
{
	struct zfs_objset *mos = &p->mos, *r = &p->root;
	dsl_dataset_phys_t *rds = BONUS(mos, o->root_ds, dsl_dataset_phys_t);
	rds->ds_bp = *root_bp;
	rds->ds_referenced_bytes = r->used;
	rds->ds_compressed_bytes = r->comp;
	rds->ds_uncompressed_bytes = r->uncomp;
	rds->ds_unique_bytes = r->used;
	dsl_dir_phys_t *md = BONUS(mos, o->mos_dir, dsl_dir_phys_t);
	md->dd_used_bytes = mos_used;
	md->dd_compressed_bytes = mos_comp;
	md->dd_uncompressed_bytes = mos_uncomp;
	md->dd_used_breakdown[DD_USED_HEAD] = mos_used;
	dsl_dir_phys_t *rd = BONUS(mos, o->root_dir, dsl_dir_phys_t);
	rd->dd_used_bytes = r->used + mos_used;
	rd->dd_compressed_bytes = r->comp + mos_comp;
	rd->dd_uncompressed_bytes = r->uncomp + mos_uncomp;
	rd->dd_used_breakdown[DD_USED_HEAD] = r->used;
	rd->dd_used_breakdown[DD_USED_CHILD] = mos_used;
}

/* Empties the space map objects (between runs of the MOS's tail). */
static void reset_spacemaps(struct zfs_pool *p, struct mos_objs *o)
{
	for (uint64_t i = 0; i < p->w.alloc.ms_count; i++) {
		dnode_phys_t *dn = os_dnode(&p->mos, o->sm[i]);
		space_map_phys_t *sm = dnode_bonus(dn);
		memset(dn->dn_blkptr, 0, dn->dn_nblkptr * sizeof(blkptr_t));
		dn->dn_nlevels = 1;
		dn->dn_maxblkid = dn->dn_used = 0;
		sm->smp_length = sm->smp_alloc = 0;
	}
}

/* Writes the space map of metaslab i from the final allocation. */
static int write_spacemap(struct zfs_pool *p, uint64_t obj, uint64_t used)
{
	struct zfs_alloc *a = &p->w.alloc;
	uint64_t units = used >> a->ashift;
	size_t n = spacemap_encode_alloc(0, units, NULL);
	uint64_t *words;
	int err;

	if (n * 8 > SM_BLKSZ)
		return -ZFS_EFBIG;
	words = calloc(1, SM_BLKSZ);
	if (!words)
		return -ZFS_ENOMEM;
	spacemap_encode_alloc(0, units, words);
	if (p->w.dry_run) /* only the allocation matters: never a hole */
		memset(words, 0xff, SM_BLKSZ);
	err = os_write_object(&p->mos, obj, words, SM_BLKSZ);
	free(words);
	space_map_phys_t *sm = BONUS(&p->mos, obj, space_map_phys_t);
	sm->smp_length = n * 8;
	sm->smp_alloc = used;
	return err;
}

/*
 * The space maps must account every block, their own and the MOS's
 * dnode blocks included, which are allocated after them.  So the tail
 * of the MOS is laid out twice: a dry run (allocation only) finds the
 * final allocation, assuming space maps for the metaslabs in use;
 * when the dry run ends with more metaslabs in use, it runs again with
 * those.  Then the real run allocates exactly the same blocks.
 */
static int finish_mos(struct zfs_pool *p, struct mos_objs *o,
		      const blkptr_t *root_bp, blkptr_t *mos_bp)
{
	struct zfs_alloc *a = &p->w.alloc;
	uint64_t n = a->ms_count, cur = a->cur;
	uint64_t *mark = malloc(n * 8), *final = malloc(n * 8);
	uint64_t used = p->mos.used, comp = p->mos.comp, uncomp = p->mos.uncomp;
	bool *in = calloc(n, sizeof(bool));
	int err = mark && final && in ? 0 : -ZFS_ENOMEM;

	/* The dry run must allocate what the real run will, but the blocks
	 * it writes differ from the real ones (space maps, block pointers),
	 * so the MOS's tail is stored uncompressed. */
	p->mos.compress = ZIO_COMPRESS_OFF;
	if (!err) {
		memcpy(mark, a->ms_used, n * 8);
		for (uint64_t i = 0; i < n; i++)
			in[i] = a->ms_used[i] > 0;
		in[cur] = true;
	}
	for (int round = 0; !err; round++) {
		bool same = true;
		memcpy(a->ms_used, mark, n * 8);
		a->cur = cur;
		p->mos.used = used, p->mos.comp = comp, p->mos.uncomp = uncomp;
		p->w.dry_run = true;
		reset_spacemaps(p, o);
		for (uint64_t i = 0; i < n && !err; i++)
			if (in[i])
				err = write_spacemap(p, o->sm[i], 1);
		if (!err)
			err = os_finish(&p->mos, mos_bp);
		for (uint64_t i = 0; i < n && !err; i++) {
			same = same && in[i] == (a->ms_used[i] > 0);
			in[i] = a->ms_used[i] > 0;
		}
		if (!err && same)
			break;
		if (!err && round == 8)
			err = -ZFS_EIO; /* cannot happen: usage only grows */
	}
	if (!err) {
		uint64_t mos_used = p->mos.used;
		uint64_t mos_comp = p->mos.comp, mos_uncomp = p->mos.uncomp;
		memcpy(final, a->ms_used, n * 8);
		memcpy(a->ms_used, mark, n * 8);
		a->cur = cur;
		p->mos.used = used, p->mos.comp = comp, p->mos.uncomp = uncomp;
		p->w.dry_run = false;
		account(p, o, root_bp, mos_used, mos_comp, mos_uncomp);
		reset_spacemaps(p, o);
		for (uint64_t i = 0; i < n && !err; i++)
			if (in[i])
				err = write_spacemap(p, o->sm[i], final[i]);
		if (!err)
			err = os_finish(&p->mos, mos_bp);
		if (!err && memcmp(final, a->ms_used, n * 8) != 0)
			err = -ZFS_EIO; /* the dry run must predict it */
	}
	p->w.dry_run = false;
	free(mark);
	free(final);
	free(in);
	return err;
}

int pool_finish(struct zfs_pool *p)
{
	struct mos_objs o = {0};
	blkptr_t root_bp, mos_bp;
	nvlist_t *label = NULL;
	void *packed = NULL;
	size_t len;
	int err;

	err = os_finish(&p->root, &root_bp);
	if (!err)
		err = build_mos(p, &o);
	if (!err)
		err = finish_mos(p, &o, &root_bp, &mos_bp);
	if (!err) {
		label = pool_config(p, o.ms_array, true);
		packed = label ? pack(label, &len) : NULL;
		err = packed ? 0 : -ZFS_ENOMEM;
	}
	if (!err) {
		uberblock_t ub = {
		    .ub_magic = UBERBLOCK_MAGIC,
		    .ub_version = ZFS_SPA_VERSION,
		    .ub_txg = p->w.txg,
		    .ub_guid_sum = p->pool_guid + p->vdev_guid,
		    .ub_timestamp = p->ts,
		    .ub_rootbp = mos_bp,
		    .ub_software_version = ZFS_SPA_VERSION,
		    .ub_mmp_magic = MMP_MAGIC,
		};
		err = label_write_all(p->w.bio, packed, len, &ub, p->ashift);
		if (err && !p->w.err[0])
			snprintf(p->w.err, sizeof(p->w.err), "write error");
	}
	if (err && !p->w.err[0])
		snprintf(p->w.err, sizeof(p->w.err), "%s",
			 err == -ZFS_ENOMEM ? "out of memory"
					    : "cannot lay out the pool");
	nv_free(label);
	free(packed);
	free(o.sm);
	return err;
}
