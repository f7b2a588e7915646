/*
 * ZAP objects: name-value attribute stores, micro and fat.
 *
 * Names hash with a salted CRC-64 (ECMA polynomial, reflected), of which
 * the top 28 bits are kept.  Entries whose hashes collide are told
 * apart by a "collision differentiator" (cd), 0, 1, ... by name order.
 *
 * A micro ZAP is one block: a 64-byte header, then 64-byte entries of a
 * uint64 value, the cd and a name shorter than 50 bytes.
 *
 * A fat ZAP (built here when a micro ZAP cannot hold the entries) has
 * 16 KiB blocks: block 0 is the header, then the leaves, leaf i holding
 * the names whose top p hash bits are i; the writer picks the smallest
 * p for which every leaf fits.  A pointer table, indexed by the top
 * hash bits, gives each prefix its leaf: up to 2^10 leaves it is the
 * header block's second half (2^10 entries), beyond it takes 2^p
 * entries in blocks of its own between the header and the leaves.
 * Lookups read the header, the table's block and one leaf.  A leaf is a
 * header, a 512-bucket hash table of chunk numbers and 638 chunks of 24
 * bytes: an entry chunk per name, chained per bucket, pointing at array
 * chunks (21 bytes each) holding the name and the value, whose integers
 * are stored big-endian.
 */
#include <stdlib.h>
#include <string.h>

#include "zfs.h"

#define CRC64_POLY 0xC96C5795D7870F42ull
#define FZAP_BS (1u << FZAP_BLOCK_SHIFT)
#define PTRTBL_SHIFT ZAP_EMBEDDED_PTRTBL_SHIFT
/* 2^20 leaves of 16 KiB: directories of 100 million entries */
#define MAX_PREFIX 20

static uint64_t crc64_table[256];

static void crc64_init(void)
{
	if (crc64_table[128])
		return;
	for (int i = 0; i < 256; i++) {
		uint64_t c = i;
		for (int j = 0; j < 8; j++)
			c = (c >> 1) ^ (-(c & 1) & CRC64_POLY);
		crc64_table[i] = c;
	}
}

uint64_t zap_hash(uint64_t salt, const char *name)
{
	uint64_t h = salt;
	crc64_init();
	for (const uint8_t *c = (const uint8_t *)name; *c; c++)
		h = (h >> 8) ^ crc64_table[(h ^ *c) & 0xff];
	return h & ~((1ull << (64 - ZAP_HASHBITS)) - 1);
}

bool zap_fits_micro(const struct zap_ent *e, size_t n)
{
	if (n > MZAP_MAX_BLKSZ / MZAP_ENT_LEN - 1)
		return false;
	for (size_t i = 0; i < n; i++)
		if (e[i].intlen != 8 || e[i].nints != 1 ||
		    strlen(e[i].name) >= MZAP_NAME_LEN)
			return false;
	return true;
}

struct hash_ord {
	uint64_t h;
	size_t i;
};

static int by_hash(const void *a, const void *b)
{
	const struct hash_ord *x = a, *y = b;
	if (x->h != y->h)
		return x->h < y->h ? -1 : 1;
	return x->i < y->i ? -1 : x->i > y->i;
}

/*
 * Hashes and collision differentiators: cds count earlier equal hashes,
 * so they follow the entries' order.  With ordp, also the entries'
 * order by (hash, cd), which is the order of leaves, buckets, chains.
 */
static int hash_all(const struct zap_ent *e, size_t n, uint64_t salt,
		    uint64_t **hp, uint32_t **cdp, size_t **ordp)
{
	uint64_t *h = malloc((n ? n : 1) * sizeof(*h));
	uint32_t *cd = calloc(n ? n : 1, sizeof(*cd));
	struct hash_ord *o = malloc((n ? n : 1) * sizeof(*o));
	size_t *ord = ordp ? malloc((n ? n : 1) * sizeof(*ord)) : NULL;
	if (!h || !cd || !o || (ordp && !ord)) {
		free(h), free(cd), free(o), free(ord);
		return -ZFS_ENOMEM;
	}
	for (size_t i = 0; i < n; i++) {
		h[i] = zap_hash(salt, e[i].name);
		o[i] = (struct hash_ord){h[i], i};
	}
	qsort(o, n, sizeof(*o), by_hash);
	for (size_t i = 1; i < n; i++)
		if (o[i].h == o[i - 1].h)
			cd[o[i].i] = cd[o[i - 1].i] + 1;
	for (size_t i = 0; ord && i < n; i++)
		ord[i] = o[i].i;
	free(o);
	*hp = h;
	*cdp = cd;
	if (ordp)
		*ordp = ord;
	return 0;
}

int zap_build_micro(const struct zap_ent *e, size_t n, uint64_t salt,
		    void **buf, size_t *len)
{
	uint64_t *h;
	uint32_t *cd;
	if (!zap_fits_micro(e, n))
		return -ZFS_E2BIG;
	size_t size = ((n + 1) * MZAP_ENT_LEN + ZFS_SECTOR - 1) & ~(size_t)511;
	mzap_phys_t *mz = calloc(1, size);
	if (!mz || hash_all(e, n, salt, &h, &cd, NULL)) {
		free(mz);
		return -ZFS_ENOMEM;
	}
	mz->mz_block_type = ZBT_MICRO;
	mz->mz_salt = salt;
	for (size_t i = 0; i < n; i++) {
		memcpy(&mz->mz_chunk[i].mze_value, e[i].value, 8);
		mz->mz_chunk[i].mze_cd = cd[i];
		memcpy(mz->mz_chunk[i].mze_name, e[i].name,
		       strlen(e[i].name) + 1);
	}
	free(h);
	free(cd);
	*buf = mz;
	*len = size;
	return 0;
}

static size_t array_chunks(size_t bytes)
{
	return (bytes + ZAP_LEAF_ARRAY_BYTES - 1) / ZAP_LEAF_ARRAY_BYTES;
}

static size_t entry_chunks(const struct zap_ent *e)
{
	return 1 + array_chunks(strlen(e->name) + 1) +
	       array_chunks((size_t)e->intlen * e->nints);
}

/* Leaf layout: header (2 chunks), hash table, chunks. */
#define LEAF_HASH_BITS ZAP_LEAF_HASH_SHIFT(FZAP_BLOCK_SHIFT)
#define LEAF_NCHUNKS ZAP_LEAF_NUMCHUNKS(FZAP_BLOCK_SHIFT)

static zap_leaf_chunk_t *leaf_chunk(uint8_t *leaf, unsigned i)
{
	return (zap_leaf_chunk_t *)(leaf + sizeof(zap_leaf_header_t) +
				    2 * ZAP_LEAF_HASH_NUMENTRIES(
					    FZAP_BLOCK_SHIFT)) +
	       i;
}

static uint16_t *leaf_hash(uint8_t *leaf)
{
	return (uint16_t *)(leaf + sizeof(zap_leaf_header_t));
}

/* Writes bytes into a new chain of array chunks; returns the first. */
static uint16_t put_array(uint8_t *leaf, unsigned *next, const uint8_t *b,
			  size_t n)
{
	uint16_t first = n ? *next : ZAP_CHAIN_END;
	for (size_t off = 0; off < n; off += ZAP_LEAF_ARRAY_BYTES) {
		zap_leaf_chunk_t *c = leaf_chunk(leaf, (*next)++);
		size_t k = n - off < ZAP_LEAF_ARRAY_BYTES
			       ? n - off
			       : ZAP_LEAF_ARRAY_BYTES;
		c->l_array.la_type = ZAP_CHUNK_ARRAY;
		memcpy(c->l_array.la_array, b + off, k);
		c->l_array.la_next =
		    off + ZAP_LEAF_ARRAY_BYTES < n ? *next : ZAP_CHAIN_END;
	}
	return first;
}

static void put_entry(uint8_t *leaf, unsigned *next, const struct zap_ent *e,
		      uint64_t hash, uint32_t cd, int prefix_len)
{
	size_t nlen = strlen(e->name) + 1, vlen = (size_t)e->intlen * e->nints;
	uint8_t *val = malloc(vlen ? vlen : 1);
	unsigned idx = (*next)++;
	zap_leaf_chunk_t *c = leaf_chunk(leaf, idx);

	/* Integers are stored big-endian. */
	const uint8_t *src = e->value;
	for (size_t i = 0; val && i < e->nints; i++)
		for (int b = 0; b < e->intlen; b++)
			val[i * e->intlen + b] =
			    src[i * e->intlen + (e->intlen - 1 - b)];
	c->l_entry.le_type = ZAP_CHUNK_ENTRY;
	c->l_entry.le_value_intlen = e->intlen;
	c->l_entry.le_next = ZAP_CHAIN_END;
	c->l_entry.le_name_numints = nlen;
	c->l_entry.le_value_numints = e->nints;
	c->l_entry.le_cd = cd;
	c->l_entry.le_hash = hash;
	c->l_entry.le_name_chunk =
	    put_array(leaf, next, (const uint8_t *)e->name, nlen);
	c->l_entry.le_value_chunk = put_array(leaf, next, val, vlen);
	free(val);

	/* Append to its bucket's chain, keeping cds in order. */
	unsigned bucket = (hash >> (64 - LEAF_HASH_BITS - prefix_len)) &
			  ((1u << LEAF_HASH_BITS) - 1);
	uint16_t *slot = &leaf_hash(leaf)[bucket];
	while (*slot != ZAP_CHAIN_END)
		slot = &leaf_chunk(leaf, *slot)->l_entry.le_next;
	*slot = idx;
}

/* Whether every leaf fits when leaves take prefixes of p hash bits
 * (entries in hash order). */
static bool leaves_fit(const struct zap_ent *e, const uint64_t *h,
		       const size_t *ord, size_t n, unsigned p)
{
	size_t used = 0;
	for (size_t k = 0; k < n; k++) {
		if (k && p &&
		    h[ord[k]] >> (64 - p) != h[ord[k - 1]] >> (64 - p))
			used = 0;
		used += entry_chunks(&e[ord[k]]);
		if (used > LEAF_NCHUNKS)
			return false;
	}
	return true;
}

int zap_build_fat(const struct zap_ent *e, size_t n, uint64_t salt, void **buf,
		  size_t *len)
{
	uint64_t *h;
	uint32_t *cd;
	size_t *ord;
	unsigned p;
	int err = hash_all(e, n, salt, &h, &cd, &ord);
	if (err)
		return err;
	for (size_t i = 0; i < n; i++)
		if (entry_chunks(&e[i]) > LEAF_NCHUNKS) {
			err = -ZFS_E2BIG;
			goto out;
		}
	for (p = 0; p <= MAX_PREFIX && !leaves_fit(e, h, ord, n, p); p++)
		;
	if (p > MAX_PREFIX) {
		err = -ZFS_E2BIG;
		goto out;
	}
	/* Up to 2^10 leaves the pointer table is the header block's second
	 * half; beyond, it has blocks of its own, right after the header. */
	size_t nleaves = (size_t)1 << p;
	size_t tblocks = p > PTRTBL_SHIFT ? ((size_t)8 << p) / FZAP_BS : 0;
	size_t first = 1 + tblocks;
	uint8_t *b = calloc(first + nleaves, FZAP_BS);
	if (!b) {
		err = -ZFS_ENOMEM;
		goto out;
	}
	zap_phys_t *zp = (zap_phys_t *)b;
	zp->zap_block_type = ZBT_HEADER;
	zp->zap_magic = ZAP_MAGIC;
	zp->zap_freeblk = first + nleaves;
	zp->zap_num_leafs = nleaves;
	zp->zap_num_entries = n;
	zp->zap_salt = salt;
	if (tblocks) {
		zp->zap_ptrtbl.zt_blk = 1;
		zp->zap_ptrtbl.zt_numblks = tblocks;
		zp->zap_ptrtbl.zt_shift = p;
		uint64_t *tbl = (uint64_t *)(b + FZAP_BS);
		for (size_t j = 0; j < nleaves; j++)
			tbl[j] = first + j;
	} else {
		zp->zap_ptrtbl.zt_shift = PTRTBL_SHIFT;
		uint64_t *tbl = (uint64_t *)b + (1u << PTRTBL_SHIFT);
		for (unsigned j = 0; j < 1u << PTRTBL_SHIFT; j++)
			tbl[j] = first + (j >> (PTRTBL_SHIFT - p));
	}

	size_t k = 0;
	for (size_t leaf = 0; leaf < nleaves; leaf++) {
		uint8_t *lb = b + (first + leaf) * FZAP_BS;
		zap_leaf_header_t *lh = (zap_leaf_header_t *)lb;
		unsigned next = 0, nent = 0;
		lh->lh_block_type = ZBT_LEAF;
		lh->lh_prefix = leaf;
		lh->lh_magic = ZAP_LEAF_MAGIC;
		lh->lh_prefix_len = p;
		lh->lh_flags = ZLF_ENTRIES_CDSORTED;
		memset(leaf_hash(lb), 0xff,
		       2 * ZAP_LEAF_HASH_NUMENTRIES(FZAP_BLOCK_SHIFT));
		for (; k < n && (p ? h[ord[k]] >> (64 - p) : 0) == leaf; k++) {
			put_entry(lb, &next, &e[ord[k]], h[ord[k]], cd[ord[k]],
				  p);
			nent++;
		}
		for (unsigned c = next; c < LEAF_NCHUNKS; c++) {
			zap_leaf_chunk_t *ch = leaf_chunk(lb, c);
			ch->l_free.lf_type = ZAP_CHUNK_FREE;
			ch->l_free.lf_next =
			    c + 1 < LEAF_NCHUNKS ? c + 1 : ZAP_CHAIN_END;
		}
		lh->lh_nentries = nent;
		lh->lh_nfree = LEAF_NCHUNKS - next;
		lh->lh_freelist = next < LEAF_NCHUNKS ? next : ZAP_CHAIN_END;
	}
	*buf = b;
	*len = (first + nleaves) * FZAP_BS;
out:
	free(ord);
	free(h);
	free(cd);
	return err;
}

/* A salt that is never 0 and differs per object. */
static uint64_t salt_for(uint64_t obj)
{
	uint64_t z = obj + 0x9e3779b97f4a7c15ull;
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return (z ^ (z >> 31)) | 1;
}

int zap_write(struct zfs_objset *os, uint64_t obj, const struct zap_ent *e,
	      size_t n)
{
	dnode_phys_t *dn = os_dnode(os, obj);
	void *buf = NULL;
	size_t len = 0;
	bool micro = zap_fits_micro(e, n);
	int err;

	if (!dn)
		return -ZFS_EINVAL;
	err = micro ? zap_build_micro(e, n, salt_for(obj), &buf, &len)
		    : zap_build_fat(e, n, salt_for(obj), &buf, &len);
	if (err)
		return err;
	/* A micro ZAP is one block of its own size. */
	dn->dn_datablkszsec = (micro ? len : FZAP_BS) >> ZFS_SECTOR_SHIFT;
	err = os_write_object(os, obj, buf, len);
	free(buf);
	return err;
}

uint64_t zap_create(struct zfs_objset *os, int type, int bonustype,
		    int bonuslen, const struct zap_ent *e, size_t n)
{
	uint64_t obj = os_new_object(os, type, bonustype, bonuslen, ZFS_SECTOR);
	if (obj && zap_write(os, obj, e, n))
		return 0;
	return obj;
}

uint64_t zap_create_u64(struct zfs_objset *os, int type, int bonustype,
			int bonuslen, const struct zap_u64 *e, size_t n)
{
	struct zap_ent *z = calloc(n ? n : 1, sizeof(*z));
	if (!z)
		return 0;
	for (size_t i = 0; i < n; i++)
		z[i] = (struct zap_ent){e[i].name, &e[i].value, 8, 1};
	uint64_t obj = zap_create(os, type, bonustype, bonuslen, z, n);
	free(z);
	return obj;
}

/* ---- reading ---- */

struct leaf_view {
	const uint8_t *b;
	unsigned bs, nchunks;
};

static const zap_leaf_chunk_t *lv_chunk(const struct leaf_view *lv, unsigned i)
{
	return (const zap_leaf_chunk_t *)(lv->b + sizeof(zap_leaf_header_t) +
					  2 * ZAP_LEAF_HASH_NUMENTRIES(
						  lv->bs)) +
	       i;
}

/* Reads a chain of array chunks; at most nchunks steps, so a loop in
 * the chain is an error rather than a hang. */
static int read_array(const struct leaf_view *lv, unsigned first, uint8_t *out,
		      size_t n)
{
	unsigned idx = first, steps = 0;
	for (size_t off = 0; off < n; off += ZAP_LEAF_ARRAY_BYTES) {
		if (idx >= lv->nchunks || ++steps > lv->nchunks)
			return -ZFS_EIO;
		const zap_leaf_chunk_t *c = lv_chunk(lv, idx);
		if (c->l_array.la_type != ZAP_CHUNK_ARRAY)
			return -ZFS_EIO;
		size_t k = n - off < ZAP_LEAF_ARRAY_BYTES
			       ? n - off
			       : ZAP_LEAF_ARRAY_BYTES;
		memcpy(out + off, c->l_array.la_array, k);
		idx = c->l_array.la_next;
	}
	return 0;
}

static int iterate_leaf(const struct leaf_view *lv, zap_iter_fn fn, void *arg)
{
	const zap_leaf_header_t *lh = (const zap_leaf_header_t *)lv->b;
	if (lh->lh_block_type != ZBT_LEAF || lh->lh_magic != ZAP_LEAF_MAGIC)
		return -ZFS_EIO;
	for (unsigned i = 0; i < lv->nchunks; i++) {
		const struct zap_leaf_entry *le = &lv_chunk(lv, i)->l_entry;
		if (le->le_type != ZAP_CHUNK_ENTRY)
			continue;
		unsigned il = le->le_value_intlen;
		size_t nlen = le->le_name_numints,
		       vlen = (size_t)il * le->le_value_numints;
		if ((il != 1 && il != 2 && il != 4 && il != 8) || nlen < 1 ||
		    nlen > 1024 || vlen > (size_t)lv->nchunks * 21)
			return -ZFS_EIO;
		char name[1025];
		uint8_t *raw = malloc(vlen ? vlen : 1);
		uint8_t *val = malloc(vlen ? vlen : 1);
		int err = raw && val ? 0 : -ZFS_ENOMEM;
		if (!err)
			err = read_array(lv, le->le_name_chunk, (uint8_t *)name,
					 nlen);
		/* the name's NUL is its last byte, and its only one */
		if (!err && strlen(name) != nlen - 1)
			err = -ZFS_EIO;
		if (!err)
			err = read_array(lv, le->le_value_chunk, raw, vlen);
		for (size_t k = 0; !err && k < le->le_value_numints; k++)
			for (unsigned b = 0; b < il; b++)
				val[k * il + b] = raw[k * il + (il - 1 - b)];
		if (!err)
			err = fn(arg, name, il, le->le_value_numints, val);
		free(raw);
		free(val);
		if (err)
			return err;
	}
	return 0;
}

struct mem_obj {
	const uint8_t *b;
	uint32_t blksz;
};

static int mem_block(void *arg, uint64_t blkid, void *buf)
{
	struct mem_obj *m = arg;
	memcpy(buf, m->b + blkid * m->blksz, m->blksz);
	return 0;
}

static int iterate_micro(const uint8_t *b, uint32_t blksz, zap_iter_fn fn,
			 void *arg)
{
	const mzap_phys_t *mz = (const mzap_phys_t *)b;
	for (size_t i = 0; i < blksz / MZAP_ENT_LEN - 1; i++) {
		const mzap_ent_phys_t *me = &mz->mz_chunk[i];
		if (me->mze_name[0] == 0)
			continue;
		if (!memchr(me->mze_name, 0, MZAP_NAME_LEN))
			return -ZFS_EIO;
		int err = fn(arg, me->mze_name, 8, 1, &me->mze_value);
		if (err)
			return err;
	}
	return 0;
}

/*
 * A fat ZAP, one block at a time: the pointer table (in the header
 * block hdr, or block by block) names the leaves; each leaf is read
 * and walked once, however many pointers it has.
 */
static int walk_fat(zap_block_fn read, void *rarg, const uint8_t *hdr,
		    uint32_t blksz, uint64_t nblocks, zap_iter_fn fn, void *arg)
{
	const zap_phys_t *zp = (const zap_phys_t *)hdr;
	unsigned bs = 0;
	while (bs < 32 && (1u << bs) < blksz)
		bs++;
	if (zp->zap_magic != ZAP_MAGIC || (1u << bs) != blksz || bs < 10 ||
	    bs > ZFS_MAXBLOCKSHIFT)
		return -ZFS_EIO;
	struct zap_table_phys zt = zp->zap_ptrtbl;
	uint64_t per = blksz / 8, ntbl;
	bool embedded = zt.zt_numblks == 0;
	if (embedded) {
		if (zt.zt_shift != bs - 3 - 1)
			return -ZFS_EIO;
	} else if (zt.zt_shift > 32 || zt.zt_blk >= nblocks ||
		   zt.zt_numblks > nblocks - zt.zt_blk ||
		   (1ull << zt.zt_shift) > zt.zt_numblks * per) {
		return -ZFS_EIO;
	}
	ntbl = 1ull << zt.zt_shift;
	uint64_t *tbl = malloc(blksz);
	uint8_t *leaf = malloc(blksz);
	uint8_t *seen = calloc(nblocks / 8 + 1, 1);
	int err = tbl && leaf && seen ? 0 : -ZFS_ENOMEM;
	if (!err && embedded)
		memcpy(tbl, hdr + blksz / 2, blksz / 2);
	for (uint64_t j = 0; j < ntbl && !err; j++) {
		if (!embedded && j % per == 0)
			err = read(rarg, zt.zt_blk + j / per, tbl);
		uint64_t blk = err ? 0 : tbl[embedded ? j : j % per];
		if (!err && (blk == 0 || blk >= nblocks))
			err = -ZFS_EIO;
		if (err || (seen[blk / 8] & (1u << blk % 8)))
			continue;
		seen[blk / 8] |= 1u << blk % 8;
		err = read(rarg, blk, leaf);
		struct leaf_view lv = {leaf, bs, ZAP_LEAF_NUMCHUNKS(bs)};
		if (!err)
			err = iterate_leaf(&lv, fn, arg);
	}
	free(tbl);
	free(leaf);
	free(seen);
	return err;
}

int zap_walk(zap_block_fn read, void *rarg, uint32_t blksz, uint64_t nblocks,
	     zap_iter_fn fn, void *arg)
{
	uint64_t type;
	if (blksz < ZFS_SECTOR || blksz % ZFS_SECTOR ||
	    blksz > ZFS_MAXBLOCKSIZE || nblocks == 0)
		return -ZFS_EIO;
	uint8_t *b = malloc(blksz);
	int err = b ? read(rarg, 0, b) : -ZFS_ENOMEM;
	if (!err) {
		memcpy(&type, b, 8);
		err = type == ZBT_MICRO ? iterate_micro(b, blksz, fn, arg)
		      : type == ZBT_HEADER
			  ? walk_fat(read, rarg, b, blksz, nblocks, fn, arg)
			  : -ZFS_EIO;
	}
	free(b);
	return err;
}

int zap_iterate(const void *obj, size_t len, uint32_t blksz, zap_iter_fn fn,
		void *arg)
{
	struct mem_obj m = {obj, blksz};
	if (len < 64 || blksz < 512 || len < blksz)
		return -ZFS_EIO;
	return zap_walk(mem_block, &m, blksz, len / blksz, fn, arg);
}

/* The first integer of a value, widened to 64 bits. */
static uint64_t first_int(const void *value, uint8_t intlen)
{
	switch (intlen) {
	case 1:
		return *(const uint8_t *)value;
	case 2: {
		uint16_t v;
		memcpy(&v, value, 2);
		return v;
	}
	case 4: {
		uint32_t v;
		memcpy(&v, value, 4);
		return v;
	}
	default: {
		uint64_t v;
		memcpy(&v, value, 8);
		return v;
	}
	}
}

struct lookup {
	const char *name;
	uint64_t value;
	bool found;
};

static int lookup_cb(void *arg, const char *name, uint8_t intlen,
		     uint32_t nints, const void *value)
{
	struct lookup *l = arg;
	if (strcmp(name, l->name) != 0 || nints == 0)
		return 0;
	l->value = first_int(value, intlen);
	l->found = true;
	return 1; /* stop */
}

/* Looks name up in one leaf by its hash: the hash table bucket, then
 * its chain (at most nchunks steps). */
static int leaf_find(const struct leaf_view *lv, uint64_t hash,
		     const char *name, uint64_t *value)
{
	const zap_leaf_header_t *lh = (const zap_leaf_header_t *)lv->b;
	size_t nlen = strlen(name) + 1;
	if (lh->lh_block_type != ZBT_LEAF || lh->lh_magic != ZAP_LEAF_MAGIC ||
	    lh->lh_prefix_len > 64)
		return -ZFS_EIO;
	unsigned hbits = ZAP_LEAF_HASH_SHIFT(lv->bs);
	if (lh->lh_prefix_len &&
	    hash >> (64 - lh->lh_prefix_len) != lh->lh_prefix)
		return -ZFS_EIO; /* the pointer table sent us astray */
	unsigned bucket = lh->lh_prefix_len + hbits >= 64
			      ? 0
			      : (hash >> (64 - hbits - lh->lh_prefix_len)) &
				    ((1u << hbits) - 1);
	uint16_t idx;
	memcpy(&idx, lv->b + sizeof(*lh) + 2 * bucket, 2);
	for (unsigned steps = 0; idx != ZAP_CHAIN_END; steps++) {
		if (idx >= lv->nchunks || steps > lv->nchunks)
			return -ZFS_EIO;
		const struct zap_leaf_entry *le = &lv_chunk(lv, idx)->l_entry;
		if (le->le_type != ZAP_CHUNK_ENTRY)
			return -ZFS_EIO;
		if (le->le_hash == hash && le->le_name_numints == nlen &&
		    nlen <= 1024) {
			char buf[1025];
			int err = read_array(lv, le->le_name_chunk,
					     (uint8_t *)buf, nlen);
			if (err)
				return err;
			if (memcmp(buf, name, nlen) == 0) {
				unsigned il = le->le_value_intlen;
				uint8_t raw[8], val[8];
				if ((il != 1 && il != 2 && il != 4 &&
				     il != 8) ||
				    le->le_value_numints == 0)
					return -ZFS_EIO;
				err =
				    read_array(lv, le->le_value_chunk, raw, il);
				for (unsigned b = 0; !err && b < il; b++)
					val[b] = raw[il - 1 - b];
				if (!err)
					*value = first_int(val, il);
				return err;
			}
		}
		idx = le->le_next;
	}
	return -ZFS_ENOENT;
}

int zap_find(zap_block_fn read, void *arg, uint32_t blksz, uint64_t nblocks,
	     const char *name, uint64_t *value)
{
	unsigned bs = 0;
	while (bs < 32 && (1u << bs) < blksz)
		bs++;
	/* micro ZAPs are one block of any size; fat ones' are powers of 2 */
	if (blksz == 0 || blksz % ZFS_SECTOR || blksz > ZFS_MAXBLOCKSIZE ||
	    nblocks == 0)
		return -ZFS_EIO;
	uint8_t *b = malloc(blksz);
	if (!b)
		return -ZFS_ENOMEM;
	int err = read(arg, 0, b);
	uint64_t type = 0;
	if (!err)
		memcpy(&type, b, 8);
	if (!err && type == ZBT_MICRO) {
		struct lookup l = {name, 0, false};
		err = zap_iterate(b, blksz, blksz, lookup_cb, &l);
		if (err >= 0)
			err = l.found ? 0 : -ZFS_ENOENT;
		if (!err)
			*value = l.value;
		free(b);
		return err;
	}
	zap_phys_t zp = {0};
	if (!err)
		memcpy(&zp, b, sizeof(zp));
	if (!err && (type != ZBT_HEADER || zp.zap_magic != ZAP_MAGIC ||
		     (1u << bs) != blksz || bs < 10))
		err = -ZFS_EIO;
	if (!err && (zp.zap_normflags || zp.zap_flags)) {
		/* normalized or non-string keys hash otherwise: scan */
		free(b);
		return -ZFS_EINVAL;
	}
	const struct zap_table_phys *zt = &zp.zap_ptrtbl;
	uint64_t hash = zap_hash(zp.zap_salt, name), leaf = 0;
	if (!err && zt->zt_shift > 32)
		err = -ZFS_EIO;
	uint64_t idx =
	    err || zt->zt_shift == 0 ? 0 : hash >> (64 - zt->zt_shift);
	if (!err && zt->zt_numblks == 0) {
		/* the table is the header block's second half */
		if (zt->zt_shift != bs - 3 - 1)
			err = -ZFS_EIO;
		else
			memcpy(&leaf, b + blksz / 2 + idx * 8, 8);
	} else if (!err) {
		uint64_t per = blksz / 8, blk = zt->zt_blk + idx / per;
		if ((1ull << zt->zt_shift) > zt->zt_numblks * per ||
		    zt->zt_blk >= nblocks || blk >= nblocks)
			err = -ZFS_EIO;
		if (!err)
			err = read(arg, blk, b);
		if (!err)
			memcpy(&leaf, b + (idx % per) * 8, 8);
	}
	if (!err && (leaf == 0 || leaf >= nblocks))
		err = -ZFS_EIO;
	if (!err)
		err = read(arg, leaf, b);
	if (!err) {
		struct leaf_view lv = {b, bs, ZAP_LEAF_NUMCHUNKS(bs)};
		err = leaf_find(&lv, hash, name, value);
	}
	free(b);
	return err;
}

int zap_lookup(const void *obj, size_t len, uint32_t blksz, const char *name,
	       uint64_t *value)
{
	struct mem_obj m = {obj, blksz};
	if (blksz == 0 || len < blksz)
		return -ZFS_EIO;
	int err = zap_find(mem_block, &m, blksz, len / blksz, name, value);
	if (err != -ZFS_EINVAL)
		return err;
	struct lookup l = {name, 0, false};
	err = zap_iterate(obj, len, blksz, lookup_cb, &l);
	if (err < 0)
		return err;
	if (!l.found)
		return -ZFS_ENOENT;
	*value = l.value;
	return 0;
}
