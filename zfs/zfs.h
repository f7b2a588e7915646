/*
 * libzfscore: the ZFS on-disk layers, one file each, over a small
 * block-I/O interface.  The same sources build the host tools and,
 * later, the kernel module, so nothing here uses more of the C library
 * than malloc/calloc/realloc/free, mem*, str*, qsort and snprintf.
 * Errors are returned as negative errno values (ZFS_E*); nothing here
 * exits.
 *
 * The on-disk structures are in zfs_phys.h; this header lists what each
 * file exports, under the file's name.
 */
#ifndef ZFS_H
#define ZFS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "zfs_phys.h"

/* Error codes, the Linux errno values, negated by callers. */
#define ZFS_EIO 5
#define ZFS_ENOMEM 12
#define ZFS_EEXIST 17
#define ZFS_EINVAL 22
#define ZFS_EFBIG 27
#define ZFS_ENOSPC 28
#define ZFS_ENAMETOOLONG 36
#define ZFS_ENOENT 2
#define ZFS_E2BIG 7
#define ZFS_ECKSUM 74 /* EBADMSG: a checksum did not match */
#define ZFS_ENOTDIR 20
#define ZFS_EISDIR 21
#define ZFS_EMLINK 31
#define ZFS_ENOTEMPTY 39
#define ZFS_ENOTSUP 95

/* The block device: whole-byte reads and writes at any offset. */
struct zfs_bio {
	void *ctx;
	int (*read)(void *ctx, uint64_t off, void *buf, size_t len);
	int (*write)(void *ctx, uint64_t off, const void *buf, size_t len);
	uint64_t size;
	/* Everything written before is on stable storage when it returns
	 * 0; NULL when writes are stable at once. */
	int (*flush)(void *ctx);
};

/* ==== nvlist.c: name-value lists, XDR-encoded as ZFS stores them ==== */

enum nv_type {
	NV_BOOLEAN = 1,
	NV_UINT64 = 8,
	NV_STRING = 9,
	NV_NVLIST = 19,
	NV_NVLIST_ARRAY = 20,
};

typedef struct nvlist nvlist_t;

nvlist_t *nv_alloc(void);
void nv_free(nvlist_t *nvl);
/* Adders replace a pair of the same name.  nv_add_nvlist and
 * nv_add_nvlist_array take ownership of the lists, even on failure. */
int nv_add_uint64(nvlist_t *nvl, const char *name, uint64_t v);
int nv_add_string(nvlist_t *nvl, const char *name, const char *s);
int nv_add_boolean(nvlist_t *nvl, const char *name);
int nv_add_nvlist(nvlist_t *nvl, const char *name, nvlist_t *child);
int nv_add_nvlist_array(nvlist_t *nvl, const char *name, nvlist_t **child,
			unsigned n);
int nv_lookup_uint64(const nvlist_t *nvl, const char *name, uint64_t *v);
const char *nv_lookup_string(const nvlist_t *nvl, const char *name);
const nvlist_t *nv_lookup_nvlist(const nvlist_t *nvl, const char *name);
int nv_lookup_nvlist_array(const nvlist_t *nvl, const char *name,
			   const nvlist_t *const **child, unsigned *n);
bool nv_exists(const nvlist_t *nvl, const char *name);
unsigned nv_count(const nvlist_t *nvl);
/* The i-th pair, in insertion (or stream) order. */
const char *nv_pair_name(const nvlist_t *nvl, unsigned i);
enum nv_type nv_pair_type(const nvlist_t *nvl, unsigned i);
/* Packed form: a 4-byte header (encoding XDR, little endian) and the
 * XDR stream.  nv_pack returns the length, or a negative error when
 * the buffer is too small; nv_packed_size is the length needed. */
size_t nv_packed_size(const nvlist_t *nvl);
long nv_pack(const nvlist_t *nvl, void *buf, size_t len);
/* Decodes with bounds checks on every field, at most 32 levels deep. */
int nv_unpack(const void *buf, size_t len, nvlist_t **out);

/* ==== checksum.c: Fletcher-4 and the checksum dispatch ==== */

void zfs_fletcher4(const void *buf, size_t size, zio_cksum_t *zc);
void zfs_fletcher2(const void *buf, size_t size, zio_cksum_t *zc);
/* The checksum a big-endian writer would have stored for the same data. */
void zfs_fletcher4_byteswap(const void *buf, size_t size, zio_cksum_t *zc);
/* Checksum of a block by block-pointer checksum type; -ZFS_EINVAL for
 * algorithms not implemented. */
int zfs_checksum(int type, const void *buf, size_t size, zio_cksum_t *zc);
bool zfs_cksum_equal(const zio_cksum_t *a, const zio_cksum_t *b);
/* Embedded checksums (labels, uberblocks): fill in, and verify. */
void zfs_eck_set(void *block, size_t size, uint64_t offset);
int zfs_eck_verify(const void *block, size_t size, uint64_t offset);

/* ==== sha256.c: SHA-256 (FIPS 180-4) ==== */

struct zfs_sha256_ctx {
	uint32_t h[8];
	uint64_t len;
	uint8_t buf[64];
	size_t nbuf;
};
void zfs_sha256_init(struct zfs_sha256_ctx *c);
void zfs_sha256_update(struct zfs_sha256_ctx *c, const void *data, size_t n);
void zfs_sha256_final(struct zfs_sha256_ctx *c, uint8_t digest[32]);
void zfs_sha256(const void *buf, size_t size, uint8_t digest[32]);
void zfs_sha256_digest_cksum(const uint8_t digest[32], zio_cksum_t *zc);
/* As ZFS stores it: the digest as four big-endian 64-bit words. */
void zfs_sha256_cksum(const void *buf, size_t size, zio_cksum_t *zc);

/* ==== lz4.c: LZ4 blocks with ZFS's 4-byte big-endian length prefix ==== */

/* Returns the compressed length, or 0 when it would not fit in dlen. */
size_t zfs_lz4_compress(const void *src, size_t slen, void *dst, size_t dlen);
/* 0, or -ZFS_EIO for malformed input; the output is exactly dlen bytes
 * (a shorter stream leaves the rest zeroed). */
int zfs_lz4_decompress(const void *src, size_t slen, void *dst, size_t dlen);

/* ==== lzjb.c: LZJB (decompression only) ==== */

int zfs_lzjb_decompress(const void *src, size_t slen, void *dst, size_t dlen);
/* By block-pointer compression type; OFF copies. */
int zfs_decompress(int comp, const void *src, size_t slen, void *dst,
		   size_t dlen);

/* ==== blkptr.c: block pointers, holes and embedded data ==== */

struct bp_info {
	uint64_t offset; /* DVA 0: byte offset in the allocatable space */
	uint64_t asize;
	uint32_t lsize, psize;
	uint8_t comp, cksum, type, level;
	uint64_t birth, fill;
	zio_cksum_t zc;
};

void bp_encode(blkptr_t *bp, const struct bp_info *bi);
/* A hole: all zeros (pools without the hole_birth feature). */
void bp_hole(blkptr_t *bp);
bool bp_is_hole(const blkptr_t *bp);
bool bp_is_embedded(const blkptr_t *bp);
bool bp_is_gang(const blkptr_t *bp);
/* Decodes a normal block pointer; -ZFS_EINVAL for embedded ones and for
 * sizes out of range. */
int bp_decode(const blkptr_t *bp, struct bp_info *bi);
uint32_t bp_lsize(const blkptr_t *bp);
uint8_t bp_type(const blkptr_t *bp);
uint8_t bp_level(const blkptr_t *bp);
uint64_t bp_fill(const blkptr_t *bp);
uint64_t bp_birth(const blkptr_t *bp);
/* Embedded data: payload up to 112 bytes, stored compressed or not. */
int bp_embed(blkptr_t *bp, const void *payload, size_t psize, size_t lsize,
	     int comp, int type, int level, uint64_t birth);
/* Copies the payload out; returns its (compressed) size, or an error. */
int bp_embedded_payload(const blkptr_t *bp, void *buf, size_t len,
			uint32_t *lsize, int *comp);

/* ==== label.c: vdev labels and the uberblock ring ==== */

/* Uberblock slots are 2^shift bytes: 1 KiB up to 8 KiB with ashift. */
int label_ub_shift(int ashift);
/* The byte offset of label l (0-3) on a device of devsize bytes. */
uint64_t label_offset(uint64_t devsize, int l);
/* Writes all four labels: nvlist (packed) and one uberblock at its
 * slot (txg modulo the ring), other slots zero. */
int label_write_all(const struct zfs_bio *bio, const void *nv, size_t nvlen,
		    const uberblock_t *ub, int ashift);
/* Reads label l: its config, and the valid uberblock with the highest
 * txg (ub_magic 0 when none). */
int label_read(const struct zfs_bio *bio, int l, nvlist_t **config,
	       uberblock_t *ub);

/* ==== spacemap.c: the allocator and space maps ==== */

struct zfs_alloc {
	uint64_t asize; /* bytes of allocatable space */
	int ashift, ms_shift;
	uint64_t ms_count;
	uint64_t *ms_used; /* bytes allocated from each metaslab's start */
	uint64_t cur;	   /* the metaslab allocations come from */
};

int alloc_init(struct zfs_alloc *a, uint64_t asize, int ashift);
void alloc_fini(struct zfs_alloc *a);
/* Bump allocation that never crosses a metaslab; -ZFS_ENOSPC. */
int alloc_block(struct zfs_alloc *a, uint64_t size, uint64_t *offset);
uint64_t alloc_total(const struct zfs_alloc *a);
/* One-word space-map entries for an allocated run (units of ashift,
 * offset from the metaslab's start); returns the number of words
 * written, or needed when words is NULL. */
size_t spacemap_encode_alloc(uint64_t start, uint64_t run, uint64_t *words);
/* Sums a space map's allocated units (allocs minus frees). */
int spacemap_decode(const uint64_t *words, size_t n, int64_t *alloc_units);

/* ==== alloc.c: the allocator of a pool opened for writing ==== */

/* Frees reach the allocatable space this many txgs after theirs. */
#define ZFS_TXG_DEFER 2

struct space_range {
	uint64_t unit, n;
};
struct space_defer {
	struct space_range *r;
	size_t n, cap;
};
/* A metaslab's space-map entries of the open txg; written: how many
 * are in its space map object already. */
struct space_log {
	uint64_t *w;
	size_t n, cap, written;
	int64_t delta;
};
struct zfs_space {
	int ashift, ms_shift;
	uint64_t ms_count, nunits, free_units, cursor, changes;
	uint64_t *bits; /* one per allocation unit: set when in use */
	struct space_log *log;
	struct space_defer defer[ZFS_TXG_DEFER + 1];
};

int space_init(struct zfs_space *s, uint64_t asize, int ashift, int ms_shift);
void space_fini(struct zfs_space *s);
/* Replays metaslab ms's space map; -ZFS_EIO when it contradicts itself. */
int space_load_map(struct zfs_space *s, uint64_t ms, const uint64_t *w,
		   size_t n);
/* size bytes (a multiple of the allocation unit, at most a block) in
 * one metaslab; logged as an ALLOC entry. */
int space_alloc(struct zfs_space *s, uint64_t size, uint64_t *offset);
/* Logged as a FREE entry; allocatable again ZFS_TXG_DEFER txgs on. */
int space_free(struct zfs_space *s, uint64_t offset, uint64_t size);
/* The txg is on disk: empties the logs, ages the deferred frees. */
void space_txg_done(struct zfs_space *s);
/* Free bytes, those of deferred frees included. */
uint64_t space_free_bytes(const struct zfs_space *s);

/* ==== objset.c: writing objects, indirect blocks and object sets ==== */

struct zfs_writer {
	const struct zfs_bio *bio;
	struct zfs_alloc alloc;
	uint64_t txg;
	bool dry_run;  /* allocate only: no checksums, no writes */
	uint8_t *cbuf; /* a block's compressed form (ZFS_MAXBLOCKSIZE) */
	char err[256];
};

struct zfs_objset {
	struct zfs_writer *w;
	int type;
	/* ZIO_COMPRESS_LZ4: blocks are stored compressed where that saves
	 * space (at least 1/8 and one allocation unit); OFF: never. */
	int compress;
	/* Level-0 file data that LZ4 shrinks to 112 bytes or less goes in
	 * the block pointer itself (the embedded_data feature). */
	bool embed;
	dnode_phys_t *dn; /* indexed by object number; 0 is the meta-dnode */
	uint64_t ndn, cap;
	/* space of every block written for this object set */
	uint64_t used, comp, uncomp;
};

/* A new object set writes uncompressed blocks (compress OFF). */
int os_init(struct zfs_objset *os, struct zfs_writer *w, int type);
void os_fini(struct zfs_objset *os);
/* A new object: returns its number, 0 when out of memory.  blksz is
 * the data block size (a multiple of 512, at most 128 KiB). */
uint64_t os_new_object(struct zfs_objset *os, int type, int bonustype,
		       int bonuslen, uint32_t blksz);
dnode_phys_t *os_dnode(struct zfs_objset *os, uint64_t obj);
/* Writes one whole block: compresses (as os->compress says),
 * allocates, checksums, writes, fills bp. */
int os_write_block(struct zfs_objset *os, const void *data, uint32_t size,
		   int type, int level, uint64_t fill, blkptr_t *bp);
/* Writes an object's contents: len bytes in blocks of the dnode's size
 * (all-zero blocks become holes), then its indirect blocks. */
int os_write_object(struct zfs_objset *os, uint64_t obj, const void *data,
		    uint64_t len);

/* Streaming an object block by block, in increasing block order. */
struct os_stream;
int os_stream_begin(struct zfs_objset *os, uint64_t obj, struct os_stream **sp);
/* data is one block (shorter at the end: zero-padded); all-zero data
 * becomes a hole. */
int os_stream_block(struct os_stream *s, uint64_t blkid, const void *data,
		    uint32_t len);
int os_stream_end(struct os_stream *s); /* frees s */
void os_stream_abort(struct os_stream *s);

/* Writes the dnode blocks, their indirect blocks and the objset_phys;
 * bp points at the object set. */
int os_finish(struct zfs_objset *os, blkptr_t *bp);

/* ==== zap.c: micro and fat ZAP objects ==== */

struct zap_ent {
	const char *name;
	const void *value; /* native-endian integers */
	uint8_t intlen;	   /* 1, 2, 4 or 8 */
	uint32_t nints;
};

uint64_t zap_hash(uint64_t salt, const char *name);
/* Micro ZAP: single uint64 values, names shorter than 50 bytes, at
 * most 2047 entries. */
bool zap_fits_micro(const struct zap_ent *e, size_t n);
int zap_build_micro(const struct zap_ent *e, size_t n, uint64_t salt,
		    void **buf, size_t *len);
int zap_build_fat(const struct zap_ent *e, size_t n, uint64_t salt, void **buf,
		  size_t *len);
/* Writes the contents of an existing object as a ZAP: micro when it
 * fits, fat otherwise; sets the object's block size. */
int zap_write(struct zfs_objset *os, uint64_t obj, const struct zap_ent *e,
	      size_t n);
/* A new ZAP object; its number, or 0 on failure. */
uint64_t zap_create(struct zfs_objset *os, int type, int bonustype,
		    int bonuslen, const struct zap_ent *e, size_t n);
/* As above for a list of uint64 values (a common case). */
struct zap_u64 {
	const char *name;
	uint64_t value;
};
uint64_t zap_create_u64(struct zfs_objset *os, int type, int bonustype,
			int bonuslen, const struct zap_u64 *e, size_t n);

/* Reading a whole ZAP object held in memory (blocks of blksz bytes, the
 * buffer 8-byte aligned).
 * Corrupt objects give -ZFS_EIO; chains are bounded, so a loop ends. */
typedef int (*zap_iter_fn)(void *arg, const char *name, uint8_t intlen,
			   uint32_t nints, const void *value);
int zap_iterate(const void *obj, size_t len, uint32_t blksz, zap_iter_fn fn,
		void *arg);
/* The first integer of a name's value, widened to 64 bits. */
int zap_lookup(const void *obj, size_t len, uint32_t blksz, const char *name,
	       uint64_t *value);
/* The same, reading only the blocks it needs through read (block blkid
 * of the object, blksz bytes, into buf): the header, the pointer
 * table's block, and the one leaf the name hashes to.  -ZFS_EINVAL for
 * ZAPs whose keys do not hash as plain strings (normalization). */
typedef int (*zap_block_fn)(void *arg, uint64_t blkid, void *buf);
int zap_find(zap_block_fn read, void *arg, uint32_t blksz, uint64_t nblocks,
	     const char *name, uint64_t *value);
/* zap_iterate, reading a block at a time (the header, the pointer
 * table's blocks, each leaf once): memory stays at three blocks
 * whatever the ZAP's size. */
int zap_walk(zap_block_fn read, void *rarg, uint32_t blksz, uint64_t nblocks,
	     zap_iter_fn fn, void *arg);

/* ==== dsl.c: the MOS, DSL directories and datasets, the pool ==== */

struct zfs_pool_params {
	const char *name;   /* pool name */
	const char *path;   /* the vdev's path, for the config */
	int ashift;	    /* 9..16 */
	uint64_t timestamp; /* every time stored in the pool */
	uint64_t guid_seed; /* guids are derived from it and the name */
	/* ZIO_COMPRESS_LZ4 (enables the lz4_compress and embedded_data
	 * features and sets the root dataset's compression property) or
	 * ZIO_COMPRESS_OFF (0 too). */
	int compress;
};

struct zfs_pool;
/* Sets up the writer over bio (whose size is the vdev's size). */
int pool_create(const struct zfs_pool_params *p, const struct zfs_bio *bio,
		struct zfs_pool **pp);
/* The root dataset's object set, to be filled (by zpl.c) before
 * pool_finish. */
struct zfs_objset *pool_root_objset(struct zfs_pool *p);
struct zfs_writer *pool_writer(struct zfs_pool *p);
/* Builds the MOS with space maps, writes the uberblock and labels. */
int pool_finish(struct zfs_pool *p);
void pool_free(struct zfs_pool *p);
const char *pool_error(struct zfs_pool *p);

/* ==== zpl.c: the ZFS POSIX layer, version 5 (system attributes) ==== */

struct zpl_builder;
struct zpl_node;
/* Reads len bytes of a file's contents at off: 0, or 1 when the range
 * is a hole (all zeros, nothing read), or a negative error. */
typedef int (*zpl_read_fn)(void *arg, uint64_t off, void *buf, size_t len);

struct zpl_attr {
	uint32_t mode; /* type and permission bits, as st_mode */
	uint32_t uid, gid;
	uint64_t size; /* regular files */
	uint64_t rdev; /* devices: major << 32 | minor */
};

struct zpl_builder *zpl_new(uint64_t timestamp);
void zpl_free(struct zpl_builder *zb);
const char *zpl_error(const struct zpl_builder *zb);
/* The root directory exists from the start; its attributes can be set. */
struct zpl_node *zpl_root(struct zpl_builder *zb, const struct zpl_attr *a);
struct zpl_node *zpl_mkdir(struct zpl_builder *zb, struct zpl_node *dir,
			   const char *name, const struct zpl_attr *a);
struct zpl_node *zpl_file(struct zpl_builder *zb, struct zpl_node *dir,
			  const char *name, const struct zpl_attr *a,
			  zpl_read_fn read, void *arg);
/* Targets of up to 4095 bytes; past 144 they go to a spill block. */
struct zpl_node *zpl_symlink(struct zpl_builder *zb, struct zpl_node *dir,
			     const char *name, const struct zpl_attr *a,
			     const char *target);
/* A FIFO, a socket, or a character or block device (a->rdev), as the
 * type bits of a->mode say. */
struct zpl_node *zpl_special(struct zpl_builder *zb, struct zpl_node *dir,
			     const char *name, const struct zpl_attr *a);
/* Another name for an existing file. */
int zpl_link(struct zpl_builder *zb, struct zpl_node *dir, const char *name,
	     struct zpl_node *file);
/* The trivial ACL (owner@, group@, everyone@) equivalent to mode. */
void zpl_mode_aces(uint32_t mode, bool dir, zfs_ace_hdr_t ace[3]);
/* Writes the file system into os (an empty DMU_OST_ZFS object set). */
int zpl_write(struct zpl_builder *zb, struct zfs_objset *os);

/* ==== dmu_read.c: reading pools: blocks, objects, the root dataset ====
 *
 * Single-vdev pools, little endian, gang blocks too; checksums verified
 * (Fletcher-2, Fletcher-4, SHA-256), LZ4 and LZJB decompressed. */

struct zfs_reader;
struct zr_objset {
	objset_phys_t phys;
};

/* Opens the pool on bio from its best label and uberblock; err gets a
 * message on failure. */
int zr_open(const struct zfs_bio *bio, struct zfs_reader **rp, char *err,
	    size_t errlen);
void zr_close(struct zfs_reader *r);
/* Reads the block bp points at, verified and decompressed, into buf
 * (len at least its logical size; holes read as zeros). */
int zr_read_bp(struct zfs_reader *r, const blkptr_t *bp, void *buf, size_t len);
int zr_objset(struct zfs_reader *r, const blkptr_t *bp, struct zr_objset *os);
int zr_dnode(struct zfs_reader *r, const struct zr_objset *os, uint64_t obj,
	     dnode_phys_t *dn);
/* Reads len bytes of an object's data at off (past the end: zeros). */
int zr_read(struct zfs_reader *r, const dnode_phys_t *dn, uint64_t off,
	    void *buf, size_t len);
/* The whole object (at most 256 MiB), for ZAPs; free *buf. */
int zr_read_all(struct zfs_reader *r, const dnode_phys_t *dn, void **buf,
		size_t *len);
int zr_zap_lookup(struct zfs_reader *r, const struct zr_objset *os,
		  uint64_t obj, const char *name, uint64_t *value);
int zr_zap_iterate(struct zfs_reader *r, const struct zr_objset *os,
		   uint64_t obj, zap_iter_fn fn, void *arg);
/* The pool's root dataset's object set (the MOS's root DSL directory's
 * head dataset). */
int zr_root_dataset(struct zfs_reader *r, struct zr_objset *os);
const char *zr_error(const struct zfs_reader *r);
/* The pool's name, from the label of the uberblock in use ("" when
 * the label has none).  The root dataset has the same name. */
#define ZFS_POOL_NAME_MAX 255
const char *zr_pool_name(const struct zfs_reader *r);

/* ==== zpl_sa.c: the ZPL's system-attribute registry and layouts ==== */

#define ZPL_SA_MAX_ATTRS 256
#define ZPL_SA_MAX_LAYOUTS 1024

struct zpl_sa {
	int num[ZPL_NATTRS];		 /* SA number of each ZPL attribute */
	int zpl[ZPL_SA_MAX_ATTRS];	 /* and back (-1: not the ZPL's) */
	uint16_t len[ZPL_SA_MAX_ATTRS]; /* registered lengths, 0: variable */
	uint16_t *layout[ZPL_SA_MAX_LAYOUTS];
	uint16_t nlayout[ZPL_SA_MAX_LAYOUTS];
};
/* How the loader reaches the object set's ZAPs. */
struct zpl_sa_source {
	void *ctx;
	int (*lookup)(void *ctx, uint64_t obj, const char *name, uint64_t *v);
	int (*iterate)(void *ctx, uint64_t obj, zap_iter_fn fn, void *arg);
};
/* Loads the registry and layouts the master node (object 1) names. */
int zpl_sa_load(struct zpl_sa *sa, const struct zpl_sa_source *src);
void zpl_sa_free(struct zpl_sa *sa);

/* ==== zpl_read.c: the ZPL, versions 3 to 5, read-only ==== */

struct zplr_stat {
	uint64_t obj, mode, size, links, uid, gid, parent;
	uint64_t atime[2], mtime[2], ctime[2];
	uint64_t rdev; /* devices: major << 32 | minor */
};

struct zplr_fs;
int zplr_mount(struct zfs_reader *r, struct zplr_fs **fsp);
void zplr_unmount(struct zplr_fs *fs);
uint64_t zplr_version(const struct zplr_fs *fs);
/* Absolute path to object; symlinks are not followed. */
int zplr_lookup(struct zplr_fs *fs, const char *path, uint64_t *obj);
int zplr_stat(struct zplr_fs *fs, uint64_t obj, struct zplr_stat *st);
/* Calls fn(arg, name, object) for each entry; stops when fn returns
 * nonzero. */
int zplr_readdir(struct zplr_fs *fs, uint64_t obj,
		 int (*fn)(void *arg, const char *name, uint64_t obj),
		 void *arg);
int zplr_read(struct zplr_fs *fs, uint64_t obj, uint64_t off, void *buf,
	      size_t len, size_t *got);
/* The target, NUL-terminated; -ZFS_E2BIG when len is too small. */
int zplr_readlink(struct zplr_fs *fs, uint64_t obj, char *buf, size_t len);

/* ==== txg.c: changing a pool with copy-on-write transaction groups ====
 *
 * wpool_open opens the pool on bio for writing (single-vdev pools as
 * osv-mkzfs writes them, and as this code leaves them); changes collect
 * in memory, in the open txg, until wpool_commit writes them and a new
 * uberblock.  Object-level calls on an object set (wos_*); the ZPL is
 * built on them in zpl_write.c. */

struct zfs_wpool;
struct zfs_wos;

int wpool_open(const struct zfs_bio *bio, struct zfs_wpool **pp, char *err,
	       size_t errlen);
/* Changes not committed are dropped. */
void wpool_close(struct zfs_wpool *p);
const char *wpool_error(const struct zfs_wpool *p);
/* Writes the open txg: 0 when the new uberblock is on disk.  After a
 * failure the pool on disk is the last committed one; when the commit
 * had begun writing (wpool_broken) this handle refuses further
 * commits, else (no memory to start) the open txg is intact and a
 * later commit may succeed. */
int wpool_commit(struct zfs_wpool *p, uint64_t timestamp);
bool wpool_broken(const struct zfs_wpool *p);
uint64_t wpool_txg(const struct zfs_wpool *p);
/* Bytes of blocks changed in the open txg (held in memory). */
uint64_t wpool_dirty_bytes(const struct zfs_wpool *p);
/* The allocatable size, and its free bytes (for statvfs). */
void wpool_space(const struct zfs_wpool *p, uint64_t *size, uint64_t *avail);
/* Bytes that can be allocated right now (deferred frees excluded). */
uint64_t wpool_allocatable(const struct zfs_wpool *p);
struct zfs_wos *wpool_root(struct zfs_wpool *p);
struct zfs_reader *wpool_reader(struct zfs_wpool *p);

/* The dnode of obj as it will be written, for the caller to change
 * (bonus, block size of an empty object). */
dnode_phys_t *wos_dnode(struct zfs_wos *os, uint64_t obj, int *err);
/* A copy of the dnode as it is now (block pointers as committed). */
int wos_stat(struct zfs_wos *os, uint64_t obj, dnode_phys_t *dn);
int wos_read(struct zfs_wos *os, uint64_t obj, uint64_t off, void *buf,
	     size_t len);
int wos_write(struct zfs_wos *os, uint64_t obj, uint64_t off, const void *buf,
	      size_t len);
/* Blocks past size go, the last one's tail is zeroed. */
int wos_truncate(struct zfs_wos *os, uint64_t obj, uint64_t size);
/* A new block size for an object of at most one block (kept). */
int wos_set_blksz(struct zfs_wos *os, uint64_t obj, uint32_t blksz);
/* New contents replacing all the old, in blocks of blksz. */
int wos_replace(struct zfs_wos *os, uint64_t obj, const void *data,
		size_t len, uint32_t blksz);
uint64_t wos_create(struct zfs_wos *os, int type, int bonustype, int bonuslen,
		    uint32_t blksz, int *err);
/* The object's spill block (len: a multiple of 512) is to be buf; the
 * bonus buffer must leave the dnode's last 128 bytes to its pointer. */
int wos_set_spill(struct zfs_wos *os, uint64_t obj, const void *buf,
		  uint32_t len);
/* A copy of the object's spill block as it is now (the txg's new one,
 * or the committed one), malloc'ed; -ZFS_ENOENT when it has none. */
int wos_get_spill(struct zfs_wos *os, uint64_t obj, void **buf,
		  uint32_t *len);
int wos_free(struct zfs_wos *os, uint64_t obj);

/* ==== zpl_write.c: the ZPL (version 5) of a pool opened for writing ====
 *
 * Objects are named by number, directories by object and entry name,
 * as a VFS calls them; zplw_walk resolves an absolute path (symlinks
 * not followed).  Changes go into the pool's open txg; zplw_commit
 * writes the directories changed and commits it.  Times are what
 * zplw_set_time last set. */

struct zplw_fs;
int zplw_mount(struct zfs_wpool *p, struct zplw_fs **fs);
void zplw_unmount(struct zplw_fs *fs);
const char *zplw_error(const struct zplw_fs *fs);
void zplw_set_time(struct zplw_fs *fs, uint64_t sec, uint64_t nsec);
int zplw_commit(struct zplw_fs *fs);
uint64_t zplw_root(const struct zplw_fs *fs);
int zplw_lookup(struct zplw_fs *fs, uint64_t dir, const char *name,
		uint64_t *obj);
int zplw_walk(struct zplw_fs *fs, const char *path, uint64_t *obj);
int zplw_getattr(struct zplw_fs *fs, uint64_t obj, struct zplr_stat *st);
int zplw_create(struct zplw_fs *fs, uint64_t dir, const char *name,
		uint32_t mode, uint32_t uid, uint32_t gid, uint64_t *obj);
int zplw_mkdir(struct zplw_fs *fs, uint64_t dir, const char *name,
	       uint32_t mode, uint32_t uid, uint32_t gid, uint64_t *obj);
/* Targets of up to 4095 bytes; past about 150 they go to a spill block
 * (when the pool registers the layout osv-mkzfs does for it). */
int zplw_symlink(struct zplw_fs *fs, uint64_t dir, const char *name,
		 const char *target, uint32_t uid, uint32_t gid, uint64_t *obj);
int zplw_link(struct zplw_fs *fs, uint64_t dir, const char *name,
	      uint64_t obj);
int zplw_unlink(struct zplw_fs *fs, uint64_t dir, const char *name);
int zplw_rmdir(struct zplw_fs *fs, uint64_t dir, const char *name);
/* Replaces an existing target of the same kind (a directory: empty). */
int zplw_rename(struct zplw_fs *fs, uint64_t sdir, const char *sname,
		uint64_t ddir, const char *dname);
int zplw_read(struct zplw_fs *fs, uint64_t obj, uint64_t off, void *buf,
	      size_t len, size_t *got);
/* Writes past the end leave a hole between (sparse). */
int zplw_write(struct zplw_fs *fs, uint64_t obj, uint64_t off,
	       const void *buf, size_t len);
int zplw_truncate(struct zplw_fs *fs, uint64_t obj, uint64_t size);
int zplw_chmod(struct zplw_fs *fs, uint64_t obj, uint32_t mode);
int zplw_utimens(struct zplw_fs *fs, uint64_t obj, const uint64_t atime[2],
		 const uint64_t mtime[2]);
void zplw_statfs(struct zplw_fs *fs, uint64_t *size, uint64_t *avail);
/* Calls fn(arg, name, dirent) for each entry of dir as it is now
 * (dirent: the ZAP value, ZFS_DIRENT_OBJ and ZFS_DIRENT_TYPE); stops
 * when fn returns nonzero. */
int zplw_readdir(struct zplw_fs *fs, uint64_t dir,
		 int (*fn)(void *arg, const char *name, uint64_t dirent),
		 void *arg);
/* A symlink's target, NUL-terminated; -ZFS_E2BIG when len is too small,
 * -ZFS_EINVAL for another kind of object. */
int zplw_readlink(struct zplw_fs *fs, uint64_t obj, char *buf, size_t len);
/* Open files: when the last name of a regular file goes while
 * busy(arg, obj) says it is in use, the object is kept with no links
 * (its data readable and writable by number) until zplw_release. */
void zplw_set_busy(struct zplw_fs *fs, bool (*busy)(void *arg, uint64_t obj),
		   void *arg);
/* The caller stopped using obj: freed if no name links it any more. */
int zplw_release(struct zplw_fs *fs, uint64_t obj);

/* ==== spacemap_condense.c: space maps rewritten as what they say ==== */

/* The one-word ALLOC entries of metaslab ms's allocated runs as they
 * are on disk once the open txg's log is written (deferred frees are
 * free there): *n of them in *words (free it), *alloc bytes. */
int space_condense(const struct zfs_space *s, uint64_t ms, uint64_t **words,
		   size_t *n, int64_t *alloc);
/* Whether a map of len bytes in blocks of blksz is worth rewriting as
 * its words condensed entries (words 0: whether it may be, before
 * counting them). */
bool space_should_condense(uint64_t len, size_t words, uint32_t blksz);
/* Space maps the pool's commits condensed since it was opened. */
uint64_t wpool_condensed(const struct zfs_wpool *p);

/* zfs_apply.c: osv-zfs apply IMAGE SCRIPT (host only) */
int zfs_apply(const char *image, const char *script);

#endif
