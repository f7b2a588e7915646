/*
 * ZFS on-disk structures, one definition each, shared by the reader and
 * the writer.  Layouts follow Sun's "ZFS On-Disk Specification" (2006)
 * and, for structures newer than it (system attributes, embedded block
 * pointers, the vdev label's embedded checksum, DSL fields added since),
 * the layouts documented in OpenZFS's header comments.
 *
 * Everything is written in the host's byte order, which is little
 * endian here (the block pointer's B bit says so); readers of
 * big-endian pools are not supported yet.
 */
#ifndef ZFS_PHYS_H
#define ZFS_PHYS_H

#include <stdint.h>

#define ZFS_SPA_VERSION 5000 /* "feature flags" pools */
#define ZFS_ZPL_VERSION 5    /* system attributes */
#define ZFS_TXG_INITIAL 4    /* the first txg of a new pool */

/* Sizes: blocks are multiples of 512-byte sectors, at most 128 KiB. */
#define ZFS_SECTOR_SHIFT 9
#define ZFS_SECTOR 512u
#define ZFS_MAXBLOCKSHIFT 17
#define ZFS_MAXBLOCKSIZE (1u << ZFS_MAXBLOCKSHIFT)
#define ZFS_MINDEVSIZE (64ull << 20)

/* ---- checksums (zio_cksum_t) and the embedded checksum ---- */

typedef struct zio_cksum {
	uint64_t word[4];
} zio_cksum_t;

/*
 * Blocks that cannot have a block pointer pointing at them (label
 * nvlists, uberblocks) end with this: the checksum is computed with
 * zec_cksum set to a verifier (the block's byte offset on the device).
 */
#define ZEC_MAGIC 0x210da7ab10c7a11ull
typedef struct zio_eck {
	uint64_t zec_magic;
	zio_cksum_t zec_cksum;
} zio_eck_t;

enum zio_checksum {
	ZIO_CHECKSUM_INHERIT = 0,
	ZIO_CHECKSUM_ON,
	ZIO_CHECKSUM_OFF,
	ZIO_CHECKSUM_LABEL,
	ZIO_CHECKSUM_GANG_HEADER,
	ZIO_CHECKSUM_ZILOG,
	ZIO_CHECKSUM_FLETCHER_2,
	ZIO_CHECKSUM_FLETCHER_4,
	ZIO_CHECKSUM_SHA256,
	ZIO_CHECKSUM_ZILOG2,
	ZIO_CHECKSUM_NOPARITY,
	ZIO_CHECKSUM_SHA512,
};

enum zio_compress {
	ZIO_COMPRESS_INHERIT = 0,
	ZIO_COMPRESS_ON,
	ZIO_COMPRESS_OFF,
	ZIO_COMPRESS_LZJB,
	ZIO_COMPRESS_EMPTY,
	ZIO_COMPRESS_GZIP_1,
	ZIO_COMPRESS_GZIP_9 = ZIO_COMPRESS_GZIP_1 + 8,
	ZIO_COMPRESS_ZLE,
	ZIO_COMPRESS_LZ4,
	ZIO_COMPRESS_ZSTD,
};

/* ---- block pointers (blkptr.c) ---- */

typedef struct dva {
	uint64_t word[2];
} dva_t;

/*
 * 128 bytes.  Word 6 (blk_prop) packs, from bit 0: LSIZE (16 bits,
 * sectors - 1), PSIZE (16), comp (7), E (embedded), cksum (8), type (8),
 * level (5), X (encryption), D (dedup), B (byte order).  An embedded
 * block pointer keeps its payload in words 0-5, 7-9 and 11-15 and its
 * sizes in bytes - 1: LSIZE 25 bits, PSIZE 7 bits; etype replaces cksum.
 */
typedef struct blkptr {
	dva_t blk_dva[3];
	uint64_t blk_prop;
	uint64_t blk_pad[2];
	uint64_t blk_phys_birth;
	uint64_t blk_birth;
	uint64_t blk_fill;
	zio_cksum_t blk_cksum;
} blkptr_t;

#define BPE_PAYLOAD_SIZE 112
#define BP_EMBEDDED_TYPE_DATA 0

/* ---- object types (the DMU's dmu_object_type_t) ---- */

enum dmu_object_type {
	DMU_OT_NONE = 0,
	DMU_OT_OBJECT_DIRECTORY = 1,
	DMU_OT_OBJECT_ARRAY = 2,
	DMU_OT_PACKED_NVLIST = 3,
	DMU_OT_PACKED_NVLIST_SIZE = 4,
	DMU_OT_BPOBJ = 5,
	DMU_OT_BPOBJ_HDR = 6,
	DMU_OT_SPACE_MAP_HEADER = 7,
	DMU_OT_SPACE_MAP = 8,
	DMU_OT_DNODE = 10,
	DMU_OT_OBJSET = 11,
	DMU_OT_DSL_DIR = 12,
	DMU_OT_DSL_DIR_CHILD_MAP = 13,
	DMU_OT_DSL_DS_SNAP_MAP = 14,
	DMU_OT_DSL_PROPS = 15,
	DMU_OT_DSL_DATASET = 16,
	DMU_OT_ZNODE = 17,
	DMU_OT_PLAIN_FILE_CONTENTS = 19,
	DMU_OT_DIRECTORY_CONTENTS = 20,
	DMU_OT_MASTER_NODE = 21,
	DMU_OT_UNLINKED_SET = 22,
	DMU_OT_ZAP_OTHER = 27,
	DMU_OT_NEXT_CLONES = 37,
	DMU_OT_SA = 44,
	DMU_OT_SA_MASTER_NODE = 45,
	DMU_OT_SA_ATTR_REGISTRATION = 46,
	DMU_OT_SA_ATTR_LAYOUTS = 47,
	DMU_OT_DEADLIST = 50,
	DMU_OT_DEADLIST_HDR = 51,
	DMU_OT_DSL_CLONES = 52,
};

enum dmu_objset_type {
	DMU_OST_NONE = 0,
	DMU_OST_META = 1,
	DMU_OST_ZFS = 2,
	DMU_OST_ZVOL = 3,
};

/* ---- dnodes (512 bytes; larger dnodes are not written) ---- */

#define DNODE_SHIFT 9
#define DNODE_SIZE 512
#define DN_MAX_NBLKPTR 3
#define DN_MAX_BONUSLEN 320 /* with one block pointer */
#define DN_MIN_INDBLKSHIFT 12
#define DN_MAX_INDBLKSHIFT 17
#define DNODE_FLAG_USED_BYTES 0x1
#define DNODE_FLAG_SPILL_BLKPTR 0x4

typedef struct dnode_phys {
	uint8_t dn_type;
	uint8_t dn_indblkshift;
	uint8_t dn_nlevels;
	uint8_t dn_nblkptr;
	uint8_t dn_bonustype;
	uint8_t dn_checksum;
	uint8_t dn_compress;
	uint8_t dn_flags;
	uint16_t dn_datablkszsec;
	uint16_t dn_bonuslen;
	uint8_t dn_extra_slots;
	uint8_t dn_pad2[3];
	uint64_t dn_maxblkid;
	uint64_t dn_used;
	uint64_t dn_pad3[4];
	/* dn_blkptr[dn_nblkptr], then the bonus buffer */
	union {
		blkptr_t dn_blkptr[DN_MAX_NBLKPTR];
		struct {
			blkptr_t dn_ignore1;
			uint8_t dn_bonus[DN_MAX_BONUSLEN];
		};
	};
} dnode_phys_t;

/* The bonus buffer follows the dnode's dn_nblkptr block pointers. */
static inline void *dnode_bonus(dnode_phys_t *dn)
{
	return (uint8_t *)dn->dn_blkptr + dn->dn_nblkptr * sizeof(blkptr_t);
}

/* ---- object sets ---- */

typedef struct zil_header {
	uint64_t zh_claim_txg;
	uint64_t zh_replay_seq;
	blkptr_t zh_log;
	uint64_t zh_claim_blk_seq;
	uint64_t zh_flags;
	uint64_t zh_claim_lr_seq;
	uint64_t zh_pad[3];
} zil_header_t;

#define OBJSET_PHYS_SIZE 4096
typedef struct objset_phys {
	dnode_phys_t os_meta_dnode;
	zil_header_t os_zil_header;
	uint64_t os_type;
	uint64_t os_flags;
	uint8_t os_portable_mac[32];
	uint8_t os_local_mac[32];
	uint8_t os_pad0[2048 - 3 * 512 - sizeof(zil_header_t) - 16 - 64];
	dnode_phys_t os_userused_dnode;
	dnode_phys_t os_groupused_dnode;
	dnode_phys_t os_projectused_dnode;
	uint8_t os_pad1[4096 - 2048 - 512];
} objset_phys_t;

/* The meta-dnode's data blocks: 16 KiB, 32 dnodes each. */
#define DNODE_BLOCK_SHIFT 14
#define DNODES_PER_BLOCK (1u << (DNODE_BLOCK_SHIFT - DNODE_SHIFT))

/* ---- vdev labels and uberblocks (label.c) ---- */

#define VDEV_PAD_SIZE (8u << 10)
#define VDEV_PHYS_SIZE (112u << 10)
#define VDEV_UBERBLOCK_RING (128u << 10)
#define VDEV_LABEL_SIZE (256u << 10)
#define VDEV_LABEL_NVLIST_OFFSET (2 * VDEV_PAD_SIZE)
#define VDEV_LABEL_UBERBLOCK_OFFSET (2 * VDEV_PAD_SIZE + VDEV_PHYS_SIZE)
#define VDEV_BOOT_SIZE (7ull << 19)
/* Allocatable space starts after two labels and the boot block. */
#define VDEV_LABEL_START_SIZE (2ull * VDEV_LABEL_SIZE + VDEV_BOOT_SIZE)
#define VDEV_LABEL_END_SIZE (2ull * VDEV_LABEL_SIZE)
#define UBERBLOCK_SHIFT 10
#define MAX_UBERBLOCK_SHIFT 13

#define UBERBLOCK_MAGIC 0x00bab10cull
#define MMP_MAGIC 0xa11cea11ull
typedef struct uberblock {
	uint64_t ub_magic;
	uint64_t ub_version;
	uint64_t ub_txg;
	uint64_t ub_guid_sum;
	uint64_t ub_timestamp;
	blkptr_t ub_rootbp;
	uint64_t ub_software_version;
	uint64_t ub_mmp_magic;
	uint64_t ub_mmp_delay;
	uint64_t ub_mmp_config;
	uint64_t ub_checkpoint_txg;
} uberblock_t;

#define POOL_STATE_ACTIVE 0
#define POOL_STATE_EXPORTED 1

/* ---- ZAP (zap.c) ---- */

#define ZBT_LEAF ((1ull << 63) + 0)
#define ZBT_HEADER ((1ull << 63) + 1)
#define ZBT_MICRO ((1ull << 63) + 3)
#define ZAP_MAGIC 0x2F52AB2ABull
#define ZAP_LEAF_MAGIC 0x2AB1EAF
#define ZAP_HASHBITS 28
#define ZAP_CHAIN_END 0xffff

#define MZAP_ENT_LEN 64
#define MZAP_NAME_LEN (MZAP_ENT_LEN - 8 - 4 - 2)
#define MZAP_MAX_BLKSZ ZFS_MAXBLOCKSIZE

typedef struct mzap_ent_phys {
	uint64_t mze_value;
	uint32_t mze_cd;
	uint16_t mze_pad;
	char mze_name[MZAP_NAME_LEN];
} mzap_ent_phys_t;

typedef struct mzap_phys {
	uint64_t mz_block_type;
	uint64_t mz_salt;
	uint64_t mz_normflags;
	uint64_t mz_pad[5];
	mzap_ent_phys_t mz_chunk[];
} mzap_phys_t;

/* The fat ZAP's blocks are 16 KiB; the second half of its header block
 * holds the pointer table while it has at most 2^10 entries. */
#define FZAP_BLOCK_SHIFT 14
#define ZAP_EMBEDDED_PTRTBL_SHIFT (FZAP_BLOCK_SHIFT - 3 - 1)

typedef struct zap_phys {
	uint64_t zap_block_type;
	uint64_t zap_magic;
	struct zap_table_phys {
		uint64_t zt_blk;
		uint64_t zt_numblks;
		uint64_t zt_shift;
		uint64_t zt_nextblk;
		uint64_t zt_blks_copied;
	} zap_ptrtbl;
	uint64_t zap_freeblk;
	uint64_t zap_num_leafs;
	uint64_t zap_num_entries;
	uint64_t zap_salt;
	uint64_t zap_normflags;
	uint64_t zap_flags;
} zap_phys_t;

#define ZAP_LEAF_CHUNKSIZE 24
#define ZAP_LEAF_ARRAY_BYTES (ZAP_LEAF_CHUNKSIZE - 3)
#define ZAP_LEAF_HASH_SHIFT(bs) ((bs)-5)
#define ZAP_LEAF_HASH_NUMENTRIES(bs) (1u << ZAP_LEAF_HASH_SHIFT(bs))
#define ZAP_LEAF_NUMCHUNKS(bs)                                                 \
	(((1u << (bs)) - 2 * ZAP_LEAF_HASH_NUMENTRIES(bs)) /                   \
	     ZAP_LEAF_CHUNKSIZE -                                              \
	 2)
#define ZAP_CHUNK_FREE 253
#define ZAP_CHUNK_ENTRY 252
#define ZAP_CHUNK_ARRAY 251
#define ZLF_ENTRIES_CDSORTED 1

typedef struct zap_leaf_header {
	uint64_t lh_block_type;
	uint64_t lh_pad1;
	uint64_t lh_prefix;
	uint32_t lh_magic;
	uint16_t lh_nfree;
	uint16_t lh_nentries;
	uint16_t lh_prefix_len;
	uint16_t lh_freelist;
	uint8_t lh_flags;
	uint8_t lh_pad2[11];
} zap_leaf_header_t; /* two chunks; then the hash table, then chunks */

typedef union zap_leaf_chunk {
	struct zap_leaf_entry {
		uint8_t le_type;
		uint8_t le_value_intlen;
		uint16_t le_next;
		uint16_t le_name_chunk;
		uint16_t le_name_numints;
		uint16_t le_value_chunk;
		uint16_t le_value_numints;
		uint32_t le_cd;
		uint64_t le_hash;
	} l_entry;
	struct zap_leaf_array {
		uint8_t la_type;
		uint8_t la_array[ZAP_LEAF_ARRAY_BYTES];
		uint16_t la_next;
	} l_array;
	struct zap_leaf_free {
		uint8_t lf_type;
		uint8_t lf_pad[ZAP_LEAF_ARRAY_BYTES];
		uint16_t lf_next;
	} l_free;
} zap_leaf_chunk_t;

/* ---- space maps (spacemap.c) ---- */

/* Without the spacemap_histogram feature the bonus is these 3 words. */
typedef struct space_map_phys {
	uint64_t smp_object;
	uint64_t smp_length;
	int64_t smp_alloc;
} space_map_phys_t;

/*
 * One-word entries: bit 63 clear, offset in bits 16-62 (units of the
 * vdev's ashift, from the metaslab's start), bit 15 the type (0 alloc,
 * 1 free), bits 0-14 the run length - 1.
 */
#define SM_RUN_BITS 15
#define SM_RUN_MAX (1ull << SM_RUN_BITS)
#define SM_OFFSET_BITS 47
#define SM_ALLOC 0
#define SM_FREE 1

/* ---- DSL (dsl.c) ---- */

typedef struct dsl_dir_phys {
	uint64_t dd_creation_time;
	uint64_t dd_head_dataset_obj;
	uint64_t dd_parent_obj;
	uint64_t dd_origin_obj;
	uint64_t dd_child_dir_zapobj;
	uint64_t dd_used_bytes;
	uint64_t dd_compressed_bytes;
	uint64_t dd_uncompressed_bytes;
	uint64_t dd_quota;
	uint64_t dd_reserved;
	uint64_t dd_props_zapobj;
	uint64_t dd_deleg_zapobj;
	uint64_t dd_flags;
	uint64_t
	    dd_used_breakdown[5]; /* head, snap, child, child rsrv, refrsrv */
	uint64_t dd_clones;
	uint64_t dd_pad[13];
} dsl_dir_phys_t;
#define DD_FLAG_USED_BREAKDOWN 1
#define DD_USED_HEAD 0
#define DD_USED_CHILD 2

typedef struct dsl_dataset_phys {
	uint64_t ds_dir_obj;
	uint64_t ds_prev_snap_obj;
	uint64_t ds_prev_snap_txg;
	uint64_t ds_next_snap_obj;
	uint64_t ds_snapnames_zapobj;
	uint64_t ds_num_children;
	uint64_t ds_creation_time;
	uint64_t ds_creation_txg;
	uint64_t ds_deadlist_obj;
	uint64_t ds_referenced_bytes;
	uint64_t ds_compressed_bytes;
	uint64_t ds_uncompressed_bytes;
	uint64_t ds_unique_bytes;
	uint64_t ds_fsid_guid;
	uint64_t ds_guid;
	uint64_t ds_flags;
	blkptr_t ds_bp;
	uint64_t ds_next_clones_obj;
	uint64_t ds_props_obj;
	uint64_t ds_userrefs_obj;
	uint64_t ds_pad[5];
} dsl_dataset_phys_t;
#define DS_FLAG_UNIQUE_ACCURATE (1ull << 2)

/* Bonus of a bpobj, as written by pools without the livelist feature. */
typedef struct bpobj_phys {
	uint64_t bpo_num_blkptrs;
	uint64_t bpo_bytes;
	uint64_t bpo_comp;
	uint64_t bpo_uncomp;
	uint64_t bpo_subobjs;
	uint64_t bpo_num_subobjs;
} bpobj_phys_t;

typedef struct dsl_deadlist_phys {
	uint64_t dl_used;
	uint64_t dl_comp;
	uint64_t dl_uncomp;
	uint64_t dl_pad[37];
} dsl_deadlist_phys_t;

/* ---- ZPL (zpl.c) ---- */

/* The znode of ZPL versions before 5, kept in the dnode's bonus. */
typedef struct znode_phys {
	uint64_t zp_atime[2];
	uint64_t zp_mtime[2];
	uint64_t zp_ctime[2];
	uint64_t zp_crtime[2];
	uint64_t zp_gen;
	uint64_t zp_mode;
	uint64_t zp_size;
	uint64_t zp_parent;
	uint64_t zp_links;
	uint64_t zp_xattr;
	uint64_t zp_rdev;
	uint64_t zp_flags;
	uint64_t zp_uid;
	uint64_t zp_gid;
	uint64_t zp_zap;
	uint64_t zp_pad[3];
	/* zfs_znode_acl_t (88 bytes) follows; inline symlinks after it */
} znode_phys_t;
#define ZNODE_PHYS_SIZE 264 /* with the ACL */

/* System attributes: the header at the start of an SA bonus buffer. */
#define SA_MAGIC 0x2F505A
typedef struct sa_hdr_phys {
	uint32_t sa_magic;
	uint16_t sa_layout_info; /* layout number: 10 bits; header size/8 */
	uint16_t sa_lengths[];	 /* lengths of variable-sized attributes */
} sa_hdr_phys_t;

/* The ZPL's attributes, in the numbering this writer registers. */
enum zpl_attr_id {
	ZPL_ATIME,
	ZPL_MTIME,
	ZPL_CTIME,
	ZPL_CRTIME,
	ZPL_GEN,
	ZPL_MODE,
	ZPL_SIZE,
	ZPL_PARENT,
	ZPL_LINKS,
	ZPL_XATTR,
	ZPL_RDEV,
	ZPL_FLAGS,
	ZPL_UID,
	ZPL_GID,
	ZPL_PAD,
	ZPL_ZNODE_ACL,
	ZPL_DACL_COUNT,
	ZPL_SYMLINK,
	ZPL_SCANSTAMP,
	ZPL_DACL_ACES,
	ZPL_DXATTR,
	ZPL_PROJID,
	ZPL_NATTRS
};
/* Byte-swap classes of SA attributes. */
#define SA_UINT64_ARRAY 0
#define SA_UINT8_ARRAY 3
#define SA_ACL 4

#define ZFS_ACL_TRIVIAL 0x4ull
#define ZFS_ARCHIVE 0x0000000800000000ull
#define ZFS_AV_MODIFIED 0x0000040000000000ull

/* A directory entry's value: file type (mode >> 12) in bits 60-63. */
#define ZFS_DIRENT_MAKE(type, obj) (((uint64_t)(type) << 60) | (obj))
#define ZFS_DIRENT_OBJ(de) ((de) & ((1ull << 48) - 1))
#define ZFS_DIRENT_TYPE(de) ((de) >> 60)

/* ACE entries of the "FUID" ACL format, for owner@, group@, everyone@. */
typedef struct zfs_ace_hdr {
	uint16_t z_type;
	uint16_t z_flags;
	uint32_t z_access_mask;
} zfs_ace_hdr_t;

_Static_assert(sizeof(blkptr_t) == 128, "blkptr_t");
_Static_assert(sizeof(dnode_phys_t) == 512, "dnode_phys_t");
_Static_assert(sizeof(zil_header_t) == 192, "zil_header_t");
_Static_assert(sizeof(objset_phys_t) == 4096, "objset_phys_t");
_Static_assert(sizeof(uberblock_t) <= 1024 - sizeof(zio_eck_t), "uberblock");
_Static_assert(sizeof(mzap_phys_t) == 64, "mzap_phys_t");
_Static_assert(sizeof(mzap_ent_phys_t) == 64, "mzap_ent_phys_t");
_Static_assert(sizeof(zap_leaf_header_t) == 48, "zap_leaf_header_t");
_Static_assert(sizeof(zap_leaf_chunk_t) == 24, "zap_leaf_chunk_t");
_Static_assert(sizeof(dsl_dir_phys_t) == 256, "dsl_dir_phys_t");
_Static_assert(sizeof(dsl_dataset_phys_t) == 320, "dsl_dataset_phys_t");
_Static_assert(sizeof(dsl_deadlist_phys_t) == 320, "dsl_deadlist_phys_t");
_Static_assert(sizeof(bpobj_phys_t) == 48, "bpobj_phys_t");
_Static_assert(sizeof(znode_phys_t) == 176, "znode_phys_t");

#endif
