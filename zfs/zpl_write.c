/*
 * The ZPL (version 5, system attributes), changed in place: files,
 * directories, symlinks and hard links created, written, truncated,
 * renamed and removed in the open txg of a pool opened with wpool_open.
 *
 * Attributes are changed where they are in the bonus buffer (the ones
 * changed here all have a fixed size); new objects get the layouts the
 * object set already registers for files and symlinks (osv-mkzfs
 * registers them; pools without them are refused for creation).
 * Directories being changed are held as lists of entries and written
 * whole at the commit, as a micro ZAP while they fit one, else as a fat
 * ZAP (so a micro ZAP that outgrows itself is upgraded then).  An
 * unlinked object is freed at once: nothing keeps files open here.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "zfs.h"

#define S_IFMT_ 0170000
#define S_IFDIR_ 0040000
#define S_IFREG_ 0100000
#define S_IFLNK_ 0120000
#define MAXNAMELEN_ 255
#define NACES 3
#define DIR_HASH 256

struct dent {
	char *name;
	uint64_t value;
};

/* A directory's entries, with a hash index: head[hash % nb] is the
 * first entry of a chain continued by chain[] (NO_ENT ends it). */
struct wdir {
	struct wdir *next;
	uint64_t obj, salt;
	struct dent *e;
	uint32_t *head, *chain;
	size_t n, cap, nb;
	bool dirty;
};
#define NO_ENT UINT32_MAX

struct zplw_fs {
	struct zfs_wpool *p;
	struct zfs_wos *os;
	uint64_t root, sec, nsec;
	struct zpl_sa sa;
	int lay_file, lay_symlink; /* for new objects; -1: none */
	int lay_spill;		   /* a spill block: the target alone */
	struct wdir *dirs[DIR_HASH];
	bool (*busy)(void *arg, uint64_t obj); /* see zplw_set_busy */
	void *busy_arg;
	char err[256];
};

/* What new files and symlinks are laid out as (osv-mkzfs's layouts). */
static const uint16_t new_file_attrs[] = {
    ZPL_MODE,	ZPL_SIZE,  ZPL_GEN,	   ZPL_UID,	  ZPL_GID,
    ZPL_PARENT, ZPL_FLAGS, ZPL_ATIME,	   ZPL_MTIME,	  ZPL_CTIME,
    ZPL_CRTIME, ZPL_LINKS, ZPL_DACL_COUNT, ZPL_DACL_ACES, ZPL_SYMLINK};
#define NEW_FILE_NATTRS 14

const char *zplw_error(const struct zplw_fs *fs)
{
	return fs->err[0] ? fs->err : wpool_error(fs->p);
}

/* ---- whole small objects ---- */

static int read_object(struct zplw_fs *fs, uint64_t obj, void **buf,
		       size_t *len, uint32_t *bs)
{
	dnode_phys_t dn;
	int err = wos_stat(fs->os, obj, &dn);
	if (err)
		return err;
	*bs = (uint32_t)dn.dn_datablkszsec << ZFS_SECTOR_SHIFT;
	if (dn.dn_maxblkid >= (256u << 20) / *bs)
		return -ZFS_EFBIG;
	*len = (dn.dn_maxblkid + 1) * *bs;
	*buf = malloc(*len);
	if (!*buf)
		return -ZFS_ENOMEM;
	err = wos_read(fs->os, obj, 0, *buf, *len);
	if (err) {
		free(*buf);
		*buf = NULL;
	}
	return err;
}

/* ---- system attributes ---- */

static int iterate(struct zplw_fs *fs, uint64_t obj, zap_iter_fn fn, void *arg)
{
	void *buf;
	size_t len;
	uint32_t bs;
	int err = read_object(fs, obj, &buf, &len, &bs);
	if (err)
		return err;
	err = zap_iterate(buf, len, bs, fn, arg);
	free(buf);
	return err;
}

struct zap_find {
	const char *name;
	uint64_t value;
	bool found;
};

static int find_cb(void *arg, const char *name, uint8_t intlen, uint32_t nints,
		   const void *value)
{
	struct zap_find *f = arg;
	if (strcmp(name, f->name) || intlen != 8 || nints != 1)
		return 0;
	memcpy(&f->value, value, 8);
	f->found = true;
	return 0;
}

/* A name's value in a small ZAP (the master node, the SA objects). */
static int zap_get(struct zplw_fs *fs, uint64_t obj, const char *name,
		   uint64_t *v)
{
	struct zap_find f = {name, 0, false};
	int err = iterate(fs, obj, find_cb, &f);
	if (!err && !f.found)
		err = -ZFS_ENOENT;
	*v = f.value;
	return err;
}

/* The registered layout whose attributes are these, or -1. */
static int find_layout(struct zplw_fs *fs, const uint16_t *attrs, size_t n)
{
	for (int l = 0; l < ZPL_SA_MAX_LAYOUTS; l++) {
		if (!fs->sa.layout[l] || fs->sa.nlayout[l] != n)
			continue;
		size_t i = 0;
		while (i < n && fs->sa.num[attrs[i]] == fs->sa.layout[l][i])
			i++;
		if (i == n)
			return l;
	}
	return -1;
}

static int sa_lookup(void *ctx, uint64_t obj, const char *name, uint64_t *v)
{
	return zap_get(ctx, obj, name, v);
}

static int sa_iterate(void *ctx, uint64_t obj, zap_iter_fn fn, void *arg)
{
	return iterate(ctx, obj, fn, arg);
}

static int load_sa(struct zplw_fs *fs)
{
	struct zpl_sa_source src = {fs, sa_lookup, sa_iterate};
	int err = zpl_sa_load(&fs->sa, &src);
	if (!err) {
		fs->lay_file = find_layout(fs, new_file_attrs, NEW_FILE_NATTRS);
		fs->lay_symlink =
		    find_layout(fs, new_file_attrs, NEW_FILE_NATTRS + 1);
		fs->lay_spill =
		    find_layout(fs, new_file_attrs + NEW_FILE_NATTRS, 1);
	}
	return err;
}

/* Where attribute a (a ZPL id) is in an SA buffer. */
static int sa_locate(const struct zplw_fs *fs, const uint8_t *buf, size_t size,
		     int a, size_t *off, size_t *len)
{
	sa_hdr_phys_t h;
	memcpy(&h, buf, sizeof(h));
	unsigned lnum = h.sa_layout_info & 0x3ff, nvar = 0;
	size_t o = (size_t)(h.sa_layout_info >> 10) * 8;
	if (h.sa_magic != SA_MAGIC || o < 8 || o > size || !fs->sa.layout[lnum])
		return -ZFS_EIO;
	for (unsigned i = 0; i < fs->sa.nlayout[lnum]; i++) {
		unsigned num = fs->sa.layout[lnum][i];
		size_t l = num < ZPL_SA_MAX_ATTRS ? fs->sa.len[num] : 0;
		bool var = l == 0;
		if (var) {
			uint16_t vl;
			if (6 + 2 * (nvar + 1) >
			    (size_t)(h.sa_layout_info >> 10) * 8)
				return -ZFS_EIO;
			memcpy(&vl, buf + 6 + 2 * nvar++, 2);
			l = vl;
		}
		if (l > size - o)
			return -ZFS_EIO;
		if (num < ZPL_SA_MAX_ATTRS && fs->sa.zpl[num] == a) {
			*off = o;
			*len = l;
			return 0;
		}
		o += var ? (l + 7) & ~(size_t)7 : l;
		if (o > size)
			return -ZFS_EIO;
	}
	return -ZFS_ENOENT;
}

static size_t bonus_size(const dnode_phys_t *dn)
{
	return dn->dn_bonuslen;
}

static int attr_get(struct zplw_fs *fs, uint64_t obj, int a, void *v,
		    size_t len)
{
	dnode_phys_t dn;
	size_t off, l;
	int err = wos_stat(fs->os, obj, &dn);
	if (!err && dn.dn_bonustype != DMU_OT_SA)
		err = -ZFS_ENOTSUP; /* a znode of ZPL 3 or 4 */
	if (!err)
		err = sa_locate(fs, dnode_bonus(&dn), bonus_size(&dn), a, &off,
				&l);
	if (!err && l != len)
		err = -ZFS_EIO;
	if (!err)
		memcpy(v, (uint8_t *)dnode_bonus(&dn) + off, len);
	return err;
}

static int attr_set(struct zplw_fs *fs, uint64_t obj, int a, const void *v,
		    size_t len)
{
	size_t off, l;
	int err;
	dnode_phys_t *dn = wos_dnode(fs->os, obj, &err);
	if (!dn)
		return err;
	if (dn->dn_bonustype != DMU_OT_SA)
		return -ZFS_ENOTSUP;
	err = sa_locate(fs, dnode_bonus(dn), bonus_size(dn), a, &off, &l);
	if (!err && l != len)
		err = -ZFS_EIO;
	if (!err)
		memcpy((uint8_t *)dnode_bonus(dn) + off, v, len);
	return err;
}

static uint64_t get64(struct zplw_fs *fs, uint64_t obj, int a, int *err)
{
	uint64_t v = 0;
	int e = attr_get(fs, obj, a, &v, 8);
	if (e && !*err)
		*err = e;
	return v;
}

static int set64(struct zplw_fs *fs, uint64_t obj, int a, uint64_t v)
{
	return attr_set(fs, obj, a, &v, 8);
}

static int touch(struct zplw_fs *fs, uint64_t obj, bool mtime)
{
	uint64_t t[2] = {fs->sec, fs->nsec};
	int err = attr_set(fs, obj, ZPL_CTIME, t, 16);
	if (!err && mtime)
		err = attr_set(fs, obj, ZPL_MTIME, t, 16);
	return err;
}

/* Encodes a new object's attributes in layout lnum. */
static int sa_build(struct zplw_fs *fs, int lnum, const void *const *val,
		    const size_t *vlen, uint8_t *buf, size_t cap)
{
	size_t nvar = 0, off;
	for (unsigned i = 0; i < fs->sa.nlayout[lnum]; i++)
		nvar += fs->sa.len[fs->sa.layout[lnum][i]] == 0;
	off = (4 + 2 + 2 * nvar + 7) & ~(size_t)7;
	memset(buf, 0, cap);
	sa_hdr_phys_t *h = (sa_hdr_phys_t *)buf;
	h->sa_magic = SA_MAGIC;
	h->sa_layout_info = lnum | (off / 8) << 10;
	nvar = 0;
	for (unsigned i = 0; i < fs->sa.nlayout[lnum]; i++) {
		unsigned num = fs->sa.layout[lnum][i];
		int a = fs->sa.zpl[num];
		size_t fixed = fs->sa.len[num], l = vlen[a];
		size_t room = fixed ? fixed : (l + 7) & ~(size_t)7;
		if ((fixed && l != fixed) || room > cap - off)
			return -ZFS_ENAMETOOLONG;
		if (!fixed)
			h->sa_lengths[nvar++] = l;
		memcpy(buf + off, val[a], l);
		off += room;
	}
	return 0;
}

/* ---- directories ---- */

static struct wdir **dir_bucket(struct zplw_fs *fs, uint64_t obj)
{
	return &fs->dirs[obj % DIR_HASH];
}

static uint64_t name_hash(const char *s)
{
	uint64_t h = 0xcbf29ce484222325ull; /* FNV-1a */
	while (*s)
		h = (h ^ (uint8_t)*s++) * 0x100000001b3ull;
	return h;
}

static uint32_t *bucket_of(struct wdir *d, const char *name)
{
	return &d->head[name_hash(name) & (d->nb - 1)];
}

static void link_ent(struct wdir *d, uint32_t i)
{
	uint32_t *h = bucket_of(d, d->e[i].name);
	d->chain[i] = *h;
	*h = i;
}

static void unlink_ent(struct wdir *d, uint32_t i)
{
	uint32_t *p = bucket_of(d, d->e[i].name);
	while (*p != i)
		p = &d->chain[*p];
	*p = d->chain[i];
}

/* A table of at least twice as many buckets as entries. */
static int reindex(struct wdir *d)
{
	size_t nb = 64;
	while (nb < 2 * d->n)
		nb *= 2;
	uint32_t *h = malloc(nb * sizeof(*h));
	if (!h)
		return -ZFS_ENOMEM;
	free(d->head);
	d->head = h;
	d->nb = nb;
	memset(h, 0xff, nb * sizeof(*h));
	for (size_t i = 0; i < d->n; i++)
		link_ent(d, i);
	return 0;
}

static int dir_add(struct wdir *d, const char *name, uint64_t value)
{
	if (d->n == d->cap) {
		size_t cap = d->cap ? 2 * d->cap : 16;
		struct dent *e = realloc(d->e, cap * sizeof(*e));
		if (e)
			d->e = e;
		uint32_t *c = e ? realloc(d->chain, cap * sizeof(*c)) : NULL;
		if (!c)
			return -ZFS_ENOMEM;
		d->chain = c;
		d->cap = cap;
	}
	if (d->n >= NO_ENT)
		return -ZFS_ENOSPC;
	size_t l = strlen(name) + 1;
	char *s = malloc(l);
	if (!s)
		return -ZFS_ENOMEM;
	memcpy(s, name, l);
	d->e[d->n] = (struct dent){s, value};
	d->n++;
	if (d->nb < 2 * d->n)
		return reindex(d);
	link_ent(d, d->n - 1);
	return 0;
}

static void dir_free(struct wdir *d)
{
	for (size_t i = 0; i < d->n; i++)
		free(d->e[i].name);
	free(d->e);
	free(d->head);
	free(d->chain);
	free(d);
}

static int dir_cb(void *arg, const char *name, uint8_t intlen, uint32_t nints,
		  const void *value)
{
	uint64_t v;
	if (intlen != 8 || nints != 1)
		return -ZFS_EIO;
	memcpy(&v, value, 8);
	return dir_add(arg, name, v);
}

static int load_dir(struct zplw_fs *fs, uint64_t obj, struct wdir **out)
{
	for (struct wdir *d = *dir_bucket(fs, obj); d; d = d->next)
		if (d->obj == obj) {
			*out = d;
			return 0;
		}
	dnode_phys_t dn;
	int err = wos_stat(fs->os, obj, &dn);
	if (!err && dn.dn_type != DMU_OT_DIRECTORY_CONTENTS)
		return -ZFS_ENOTDIR;
	struct wdir *d = calloc(1, sizeof(*d));
	void *buf = NULL;
	size_t len;
	uint32_t bs;
	if (!d)
		return -ZFS_ENOMEM;
	d->obj = obj;
	if (!err)
		err = read_object(fs, obj, &buf, &len, &bs);
	if (!err) {
		/* the salt is kept: it orders the fat ZAP's hashes */
		const uint64_t *h = buf;
		d->salt =
		    h[0] == ZBT_MICRO ? h[1] : ((zap_phys_t *)buf)->zap_salt;
		err = zap_iterate(buf, len, bs, dir_cb, d);
	}
	free(buf);
	if (!err && !d->nb)
		err = reindex(d);
	if (err) {
		dir_free(d);
		return err;
	}
	d->next = *dir_bucket(fs, obj);
	*dir_bucket(fs, obj) = d;
	*out = d;
	return 0;
}

static struct dent *dir_find(struct wdir *d, const char *name)
{
	if (!d->nb)
		return NULL;
	for (uint32_t i = *bucket_of(d, name); i != NO_ENT; i = d->chain[i])
		if (strcmp(d->e[i].name, name) == 0)
			return &d->e[i];
	return NULL;
}

/* The last entry takes the removed one's place. */
static void dir_remove(struct wdir *d, struct dent *e)
{
	uint32_t i = e - d->e, last = d->n - 1;
	unlink_ent(d, i);
	free(e->name);
	if (i != last) {
		unlink_ent(d, last);
		d->e[i] = d->e[last];
		link_ent(d, i);
	}
	d->n--;
	d->dirty = true;
}

static int write_dir(struct zplw_fs *fs, struct wdir *d)
{
	struct zap_ent *z = calloc(d->n ? d->n : 1, sizeof(*z));
	void *buf = NULL;
	size_t len;
	if (!z)
		return -ZFS_ENOMEM;
	for (size_t i = 0; i < d->n; i++)
		z[i] = (struct zap_ent){d->e[i].name, &d->e[i].value, 8, 1};
	bool micro = zap_fits_micro(z, d->n);
	int err = micro ? zap_build_micro(z, d->n, d->salt, &buf, &len)
			: zap_build_fat(z, d->n, d->salt, &buf, &len);
	free(z);
	if (!err)
		err = wos_replace(fs->os, d->obj, buf, len,
				  micro ? len : 1u << FZAP_BLOCK_SHIFT);
	free(buf);
	if (!err)
		d->dirty = false;
	return err;
}

/* ---- mounting ---- */

int zplw_mount(struct zfs_wpool *p, struct zplw_fs **fsp)
{
	struct zplw_fs *fs = calloc(1, sizeof(*fs));
	uint64_t version = 0;
	*fsp = fs;
	if (!fs)
		return -ZFS_ENOMEM;
	fs->p = p;
	fs->os = wpool_root(p);
	int err = zap_get(fs, 1, "VERSION", &version);
	if (!err)
		err = zap_get(fs, 1, "ROOT", &fs->root);
	if (!err && version != ZFS_ZPL_VERSION) {
		snprintf(fs->err, sizeof(fs->err),
			 "ZPL version %llu: only version 5 is written",
			 (unsigned long long)version);
		return -ZFS_ENOTSUP;
	}
	if (!err)
		err = load_sa(fs);
	if (err && !fs->err[0])
		snprintf(fs->err, sizeof(fs->err),
			 "cannot read the file system's master node");
	return err;
}

void zplw_unmount(struct zplw_fs *fs)
{
	if (!fs)
		return;
	for (int b = 0; b < DIR_HASH; b++)
		for (struct wdir *d = fs->dirs[b], *n; d; d = n) {
			n = d->next;
			dir_free(d);
		}
	zpl_sa_free(&fs->sa);
	free(fs);
}

void zplw_set_time(struct zplw_fs *fs, uint64_t sec, uint64_t nsec)
{
	fs->sec = sec;
	fs->nsec = nsec;
}

uint64_t zplw_root(const struct zplw_fs *fs)
{
	return fs->root;
}

int zplw_commit(struct zplw_fs *fs)
{
	int err = 0;
	for (int b = 0; b < DIR_HASH && !err; b++)
		for (struct wdir *d = fs->dirs[b]; d && !err; d = d->next)
			if (d->dirty)
				err = write_dir(fs, d);
	if (!err)
		err = wpool_commit(fs->p, fs->sec);
	return err;
}

/* ---- space ---- */

/* Space a txg with extra more bytes of blocks could need, beyond the
 * blocks themselves: indirect blocks, dnodes, the MOS. */
static int check_space(struct zplw_fs *fs, uint64_t extra, bool freeing)
{
	uint64_t size, avail, dirty = wpool_dirty_bytes(fs->p) + extra;
	wpool_space(fs->p, &size, &avail);
	uint64_t need = dirty + dirty / 4 + (2u << 20);
	/* A 1/32 slop that only removals may use, as OpenZFS keeps. */
	uint64_t slop = freeing ? 0 : size / 32;
	if (need + slop > wpool_allocatable(fs->p))
		return -ZFS_ENOSPC;
	return 0;
}

/* ---- operations ---- */

int zplw_lookup(struct zplw_fs *fs, uint64_t dir, const char *name,
		uint64_t *obj)
{
	struct wdir *d;
	int err = load_dir(fs, dir, &d);
	if (err)
		return err;
	struct dent *e = dir_find(d, name);
	if (!e)
		return -ZFS_ENOENT;
	*obj = ZFS_DIRENT_OBJ(e->value);
	return 0;
}

int zplw_walk(struct zplw_fs *fs, const char *path, uint64_t *obj)
{
	char name[MAXNAMELEN_ + 1];
	uint64_t cur = fs->root;
	while (*path) {
		while (*path == '/')
			path++;
		size_t n = strcspn(path, "/");
		if (!n)
			break;
		if (n > MAXNAMELEN_)
			return -ZFS_ENAMETOOLONG;
		memcpy(name, path, n);
		name[n] = 0;
		path += n;
		int err = zplw_lookup(fs, cur, name, &cur);
		if (err)
			return err;
	}
	*obj = cur;
	return 0;
}

static int check_name(const char *name)
{
	size_t l = strlen(name);
	if (l > MAXNAMELEN_)
		return -ZFS_ENAMETOOLONG;
	if (!l || strchr(name, '/') || !strcmp(name, ".") ||
	    !strcmp(name, ".."))
		return -ZFS_EINVAL;
	return 0;
}

/* A symlink whose target does not fit the bonus buffer: the other
 * attributes stay there, shortened by the spill block's pointer, the
 * target goes to the spill block. */
static int spill_target(struct zplw_fs *fs, uint64_t obj, dnode_phys_t *dn,
			const void *const *val, const size_t *vlen)
{
	size_t len = vlen[ZPL_SYMLINK];
	uint32_t cap = (8 + len + 7 + ZFS_SECTOR - 1) & ~(ZFS_SECTOR - 1);
	uint8_t *spill = malloc(cap);
	int bonus = DN_MAX_BONUSLEN - (int)sizeof(blkptr_t);
	int err = spill ? 0 : -ZFS_ENOMEM;
	if (!err)
		err = sa_build(fs, fs->lay_file, val, vlen, dnode_bonus(dn),
			       bonus);
	if (!err) {
		dn->dn_bonuslen = bonus;
		err = sa_build(fs, fs->lay_spill, val, vlen, spill, cap);
	}
	if (!err)
		err = wos_set_spill(fs->os, obj, spill, cap);
	free(spill);
	return err;
}

/* A new object (file, directory or symlink) named name in dir. */
static int create(struct zplw_fs *fs, uint64_t dir, const char *name,
		  uint32_t mode, uint32_t uid, uint32_t gid, const char *target,
		  uint64_t *objp)
{
	struct wdir *d;
	bool isdir = (mode & S_IFMT_) == S_IFDIR_;
	int lnum = target ? fs->lay_symlink : fs->lay_file, err;
	if ((err = check_name(name)) || (err = load_dir(fs, dir, &d)))
		return err;
	if (dir_find(d, name))
		return -ZFS_EEXIST;
	if (lnum < 0) {
		snprintf(fs->err, sizeof(fs->err),
			 "the pool registers no SA layout for new objects");
		return -ZFS_ENOTSUP;
	}
	if ((err = check_space(fs, 1u << 14, false)))
		return err;
	uint64_t obj = wos_create(fs->os,
				  isdir ? DMU_OT_DIRECTORY_CONTENTS
					: DMU_OT_PLAIN_FILE_CONTENTS,
				  DMU_OT_SA, DN_MAX_BONUSLEN, ZFS_SECTOR, &err);
	if (!obj)
		return err;
	uint64_t m = mode, size = isdir ? 2 : target ? strlen(target) : 0;
	uint64_t gen = wpool_txg(fs->p), u = uid, g = gid, parent = dir;
	uint64_t flags = ZFS_ACL_TRIVIAL | ZFS_ARCHIVE | ZFS_AV_MODIFIED;
	uint64_t t[2] = {fs->sec, fs->nsec}, links = isdir ? 2 : 1, n = NACES;
	zfs_ace_hdr_t aces[NACES];
	zpl_mode_aces(mode, isdir, aces);
	const void *val[ZPL_NATTRS] = {
	    [ZPL_MODE] = &m,	    [ZPL_SIZE] = &size,
	    [ZPL_GEN] = &gen,	    [ZPL_UID] = &u,
	    [ZPL_GID] = &g,	    [ZPL_PARENT] = &parent,
	    [ZPL_FLAGS] = &flags,   [ZPL_ATIME] = t,
	    [ZPL_MTIME] = t,	    [ZPL_CTIME] = t,
	    [ZPL_CRTIME] = t,	    [ZPL_LINKS] = &links,
	    [ZPL_DACL_COUNT] = &n,  [ZPL_DACL_ACES] = aces,
	    [ZPL_SYMLINK] = target,
	};
	size_t vlen[ZPL_NATTRS] = {
	    [ZPL_MODE] = 8,
	    [ZPL_SIZE] = 8,
	    [ZPL_GEN] = 8,
	    [ZPL_UID] = 8,
	    [ZPL_GID] = 8,
	    [ZPL_PARENT] = 8,
	    [ZPL_FLAGS] = 8,
	    [ZPL_ATIME] = 16,
	    [ZPL_MTIME] = 16,
	    [ZPL_CTIME] = 16,
	    [ZPL_CRTIME] = 16,
	    [ZPL_LINKS] = 8,
	    [ZPL_DACL_COUNT] = 8,
	    [ZPL_DACL_ACES] = sizeof(aces),
	    [ZPL_SYMLINK] = target ? strlen(target) : 0,
	};
	dnode_phys_t *dn = wos_dnode(fs->os, obj, &err);
	if (dn)
		err = sa_build(fs, lnum, val, vlen, dnode_bonus(dn),
			       DN_MAX_BONUSLEN);
	if (err == -ZFS_ENAMETOOLONG && target && fs->lay_spill >= 0)
		err = spill_target(fs, obj, dn, val, vlen);
	if (!err && isdir) {
		/* an empty micro ZAP; the salt only needs to be nonzero */
		void *buf;
		size_t len;
		err = zap_build_micro(NULL, 0, obj * 0x9e3779b97f4a7c15ull | 1,
				      &buf, &len);
		if (!err) {
			err = wos_replace(fs->os, obj, buf, len, len);
			free(buf);
		}
	}
	if (!err)
		err = dir_add(d, name,
			      ZFS_DIRENT_MAKE((mode & S_IFMT_) >> 12, obj));
	if (err) {
		wos_free(fs->os, obj);
		return err;
	}
	d->dirty = true;
	int e2 = 0;
	uint64_t dsize = get64(fs, dir, ZPL_SIZE, &e2);
	uint64_t dlinks = get64(fs, dir, ZPL_LINKS, &e2);
	if (!e2)
		e2 = set64(fs, dir, ZPL_SIZE, dsize + 1);
	if (!e2 && isdir)
		e2 = set64(fs, dir, ZPL_LINKS, dlinks + 1);
	if (!e2)
		e2 = touch(fs, dir, true);
	if (!e2 && objp)
		*objp = obj;
	return e2;
}

int zplw_create(struct zplw_fs *fs, uint64_t dir, const char *name,
		uint32_t mode, uint32_t uid, uint32_t gid, uint64_t *obj)
{
	return create(fs, dir, name, S_IFREG_ | (mode & 07777), uid, gid, NULL,
		      obj);
}

int zplw_mkdir(struct zplw_fs *fs, uint64_t dir, const char *name,
	       uint32_t mode, uint32_t uid, uint32_t gid, uint64_t *obj)
{
	return create(fs, dir, name, S_IFDIR_ | (mode & 07777), uid, gid, NULL,
		      obj);
}

int zplw_symlink(struct zplw_fs *fs, uint64_t dir, const char *name,
		 const char *target, uint32_t uid, uint32_t gid, uint64_t *obj)
{
	if (strlen(target) >= 4096)
		return -ZFS_ENAMETOOLONG;
	/* targets that do not fit the bonus buffer (a spill block) are
	 * refused by sa_build with ENAMETOOLONG */
	return create(fs, dir, name, S_IFLNK_ | 0777, uid, gid, target, obj);
}

int zplw_link(struct zplw_fs *fs, uint64_t dir, const char *name, uint64_t obj)
{
	struct wdir *d;
	int err = check_name(name);
	if (!err)
		err = load_dir(fs, dir, &d);
	if (err)
		return err;
	if (dir_find(d, name))
		return -ZFS_EEXIST;
	uint64_t mode = get64(fs, obj, ZPL_MODE, &err);
	uint64_t links = get64(fs, obj, ZPL_LINKS, &err);
	if (!err && (mode & S_IFMT_) == S_IFDIR_)
		err = -ZFS_EISDIR;
	if (!err)
		err = check_space(fs, 0, false);
	if (!err)
		err = dir_add(d, name,
			      ZFS_DIRENT_MAKE((mode & S_IFMT_) >> 12, obj));
	if (err)
		return err;
	d->dirty = true;
	uint64_t dsize = get64(fs, dir, ZPL_SIZE, &err);
	if (!err)
		err = set64(fs, dir, ZPL_SIZE, dsize + 1);
	if (!err)
		err = set64(fs, obj, ZPL_LINKS, links + 1);
	if (!err)
		err = touch(fs, obj, false);
	if (!err)
		err = touch(fs, dir, true);
	return err;
}

/* Drops one link to obj (whose entry is gone); frees it at the last. */
static int drop_link(struct zplw_fs *fs, uint64_t obj, bool isdir)
{
	int err = 0;
	uint64_t links = get64(fs, obj, ZPL_LINKS, &err);
	if (err)
		return err;
	if (!isdir && links <= 1 && fs->busy && fs->busy(fs->busy_arg, obj)) {
		/* open: kept, unnamed, until zplw_release */
		err = set64(fs, obj, ZPL_LINKS, 0);
		return err ? err : touch(fs, obj, false);
	}
	if (isdir || links <= 1) {
		for (struct wdir **pp = dir_bucket(fs, obj); *pp;
		     pp = &(*pp)->next)
			if ((*pp)->obj == obj) {
				struct wdir *d = *pp;
				*pp = d->next;
				dir_free(d);
				break;
			}
		return wos_free(fs->os, obj);
	}
	err = set64(fs, obj, ZPL_LINKS, links - 1);
	return err ? err : touch(fs, obj, false);
}

/* Removes dir's entry name (a directory when isdir, which must be
 * empty); the caller checked the kind. */
static int remove_entry(struct zplw_fs *fs, uint64_t dir, struct wdir *d,
			struct dent *e, bool isdir)
{
	uint64_t obj = ZFS_DIRENT_OBJ(e->value);
	int err = 0;
	dir_remove(d, e);
	uint64_t dsize = get64(fs, dir, ZPL_SIZE, &err);
	uint64_t dlinks = get64(fs, dir, ZPL_LINKS, &err);
	if (!err)
		err = set64(fs, dir, ZPL_SIZE, dsize - 1);
	if (!err && isdir)
		err = set64(fs, dir, ZPL_LINKS, dlinks - 1);
	if (!err)
		err = touch(fs, dir, true);
	if (!err)
		err = drop_link(fs, obj, isdir);
	return err;
}

static int dir_is_empty(struct zplw_fs *fs, uint64_t obj)
{
	struct wdir *d;
	int err = load_dir(fs, obj, &d);
	return err ? err : d->n ? -ZFS_ENOTEMPTY : 0;
}

static int removable(struct zplw_fs *fs, struct dent *e, bool want_dir)
{
	int err = 0;
	uint64_t obj = ZFS_DIRENT_OBJ(e->value);
	bool isdir = (get64(fs, obj, ZPL_MODE, &err) & S_IFMT_) == S_IFDIR_;
	if (err)
		return err;
	if (isdir != want_dir)
		return want_dir ? -ZFS_ENOTDIR : -ZFS_EISDIR;
	return isdir ? dir_is_empty(fs, obj) : 0;
}

static int remove_name(struct zplw_fs *fs, uint64_t dir, const char *name,
		       bool isdir)
{
	struct wdir *d;
	int err = load_dir(fs, dir, &d);
	if (err)
		return err;
	struct dent *e = dir_find(d, name);
	if (!e)
		return -ZFS_ENOENT;
	if ((err = removable(fs, e, isdir)) || (err = check_space(fs, 0, true)))
		return err;
	return remove_entry(fs, dir, d, e, isdir);
}

int zplw_unlink(struct zplw_fs *fs, uint64_t dir, const char *name)
{
	return remove_name(fs, dir, name, false);
}

int zplw_rmdir(struct zplw_fs *fs, uint64_t dir, const char *name)
{
	return remove_name(fs, dir, name, true);
}

/* Whether anc is dir or one of its ancestors. */
static int is_ancestor(struct zplw_fs *fs, uint64_t anc, uint64_t dir,
		       bool *yes)
{
	int err = 0;
	*yes = false;
	for (int depth = 0; depth < 100000; depth++) {
		if (dir == anc) {
			*yes = true;
			return 0;
		}
		if (dir == fs->root)
			return 0;
		dir = get64(fs, dir, ZPL_PARENT, &err);
		if (err)
			return err;
	}
	return -ZFS_EIO;
}

int zplw_rename(struct zplw_fs *fs, uint64_t sdir, const char *sname,
		uint64_t ddir, const char *dname)
{
	struct wdir *s, *d;
	int err = check_name(dname);
	if (!err)
		err = load_dir(fs, sdir, &s);
	if (!err)
		err = load_dir(fs, ddir, &d);
	if (err)
		return err;
	struct dent *se = dir_find(s, sname);
	if (!se)
		return -ZFS_ENOENT;
	uint64_t value = se->value, obj = ZFS_DIRENT_OBJ(value);
	bool isdir = (get64(fs, obj, ZPL_MODE, &err) & S_IFMT_) == S_IFDIR_;
	if (err)
		return err;
	if (sdir == ddir && !strcmp(sname, dname))
		return 0;
	if (isdir) {
		bool loop;
		err = is_ancestor(fs, obj, ddir, &loop);
		if (!err && loop)
			err = -ZFS_EINVAL; /* into itself */
		if (err)
			return err;
	}
	if ((err = check_space(fs, 0, true)))
		return err;
	struct dent *de = dir_find(d, dname);
	if (de) {
		if (ZFS_DIRENT_OBJ(de->value) == obj) {
			/* two links to one file: the source goes */
			return remove_entry(fs, sdir, s, dir_find(s, sname),
					    false);
		}
		if ((err = removable(fs, de, isdir)))
			return err;
		if ((err = remove_entry(fs, ddir, d, de, isdir)))
			return err;
	}
	/* the entry moves; pointers into the arrays were invalidated */
	dir_remove(s, dir_find(s, sname));
	err = dir_add(d, dname, value);
	if (err)
		return err;
	d->dirty = true;
	uint64_t ssize = get64(fs, sdir, ZPL_SIZE, &err);
	if (!err)
		err = set64(fs, sdir, ZPL_SIZE, ssize - 1);
	uint64_t dsize = get64(fs, ddir, ZPL_SIZE, &err);
	if (!err)
		err = set64(fs, ddir, ZPL_SIZE, dsize + 1);
	if (!err && isdir && sdir != ddir) {
		uint64_t sl = get64(fs, sdir, ZPL_LINKS, &err);
		if (!err)
			err = set64(fs, sdir, ZPL_LINKS, sl - 1);
		uint64_t dl = get64(fs, ddir, ZPL_LINKS, &err);
		if (!err)
			err = set64(fs, ddir, ZPL_LINKS, dl + 1);
	}
	if (!err && sdir != ddir)
		err = set64(fs, obj, ZPL_PARENT, ddir);
	if (!err)
		err = touch(fs, obj, false);
	if (!err)
		err = touch(fs, sdir, true);
	if (!err && sdir != ddir)
		err = touch(fs, ddir, true);
	return err;
}

static int regular(struct zplw_fs *fs, uint64_t obj, uint64_t *size)
{
	int err = 0;
	uint64_t mode = get64(fs, obj, ZPL_MODE, &err);
	*size = get64(fs, obj, ZPL_SIZE, &err);
	if (!err && (mode & S_IFMT_) != S_IFREG_)
		err = (mode & S_IFMT_) == S_IFDIR_ ? -ZFS_EISDIR : -ZFS_EINVAL;
	return err;
}

/* A file growing to end bytes: while it has one block, the block grows
 * with it, up to 128 KiB (the dataset's record size). */
static int grow_block(struct zplw_fs *fs, uint64_t obj, uint64_t end)
{
	dnode_phys_t dn;
	int err = wos_stat(fs->os, obj, &dn);
	uint32_t bs = (uint32_t)dn.dn_datablkszsec << ZFS_SECTOR_SHIFT;
	if (err || end <= bs || bs >= ZFS_MAXBLOCKSIZE)
		return err;
	uint64_t size;
	if ((err = regular(fs, obj, &size)))
		return err;
	if (size > bs) /* more than one block already */
		return 0;
	uint32_t nbs =
	    end >= ZFS_MAXBLOCKSIZE
		? ZFS_MAXBLOCKSIZE
		: (end + ZFS_SECTOR - 1) & ~(uint64_t)(ZFS_SECTOR - 1);
	return wos_set_blksz(fs->os, obj, nbs);
}

int zplw_write(struct zplw_fs *fs, uint64_t obj, uint64_t off, const void *buf,
	       size_t len)
{
	uint64_t size;
	int err = regular(fs, obj, &size);
	if (err || !len)
		return err;
	if (off + len < off || off + len > (1ull << 50))
		return -ZFS_EFBIG;
	uint64_t end = off + len;
	if ((err = check_space(fs, len + ZFS_MAXBLOCKSIZE, false)))
		return err;
	if (end > size && (err = grow_block(fs, obj, end)))
		return err;
	err = wos_write(fs->os, obj, off, buf, len);
	if (!err && end > size)
		err = set64(fs, obj, ZPL_SIZE, end);
	if (!err)
		err = touch(fs, obj, true);
	return err;
}

int zplw_truncate(struct zplw_fs *fs, uint64_t obj, uint64_t len)
{
	uint64_t size;
	int err = regular(fs, obj, &size);
	if (err)
		return err;
	if (len > (1ull << 50))
		return -ZFS_EFBIG;
	if ((err = check_space(fs, ZFS_MAXBLOCKSIZE, len <= size)))
		return err;
	if (len > size)
		err = grow_block(fs, obj, len);
	else
		err = wos_truncate(fs->os, obj, len);
	if (!err)
		err = set64(fs, obj, ZPL_SIZE, len);
	if (!err)
		err = touch(fs, obj, true);
	return err;
}

int zplw_read(struct zplw_fs *fs, uint64_t obj, uint64_t off, void *buf,
	      size_t len, size_t *got)
{
	uint64_t size;
	int err = regular(fs, obj, &size);
	*got = 0;
	if (err || off >= size)
		return err;
	if (len > size - off)
		len = size - off;
	err = wos_read(fs->os, obj, off, buf, len);
	if (!err)
		*got = len;
	return err;
}

int zplw_chmod(struct zplw_fs *fs, uint64_t obj, uint32_t mode)
{
	int err = 0;
	uint64_t m = get64(fs, obj, ZPL_MODE, &err);
	if (err)
		return err;
	m = (m & S_IFMT_) | (mode & 07777);
	zfs_ace_hdr_t aces[NACES];
	zpl_mode_aces(m, (m & S_IFMT_) == S_IFDIR_, aces);
	err = set64(fs, obj, ZPL_MODE, m);
	if (!err)
		err = attr_set(fs, obj, ZPL_DACL_ACES, aces, sizeof(aces));
	if (!err)
		err = touch(fs, obj, false);
	return err;
}

int zplw_utimens(struct zplw_fs *fs, uint64_t obj, const uint64_t atime[2],
		 const uint64_t mtime[2])
{
	int err = attr_set(fs, obj, ZPL_ATIME, atime, 16);
	if (!err)
		err = attr_set(fs, obj, ZPL_MTIME, mtime, 16);
	if (!err)
		err = touch(fs, obj, false);
	return err;
}

void zplw_statfs(struct zplw_fs *fs, uint64_t *size, uint64_t *avail)
{
	wpool_space(fs->p, size, avail);
}

int zplw_getattr(struct zplw_fs *fs, uint64_t obj, struct zplr_stat *st)
{
	int err = 0;
	memset(st, 0, sizeof(*st));
	st->obj = obj;
	st->mode = get64(fs, obj, ZPL_MODE, &err);
	st->size = get64(fs, obj, ZPL_SIZE, &err);
	st->links = get64(fs, obj, ZPL_LINKS, &err);
	st->uid = get64(fs, obj, ZPL_UID, &err);
	st->gid = get64(fs, obj, ZPL_GID, &err);
	st->parent = get64(fs, obj, ZPL_PARENT, &err);
	if (!err)
		err = attr_get(fs, obj, ZPL_ATIME, st->atime, 16);
	if (!err)
		err = attr_get(fs, obj, ZPL_MTIME, st->mtime, 16);
	if (!err)
		err = attr_get(fs, obj, ZPL_CTIME, st->ctime, 16);
	return err;
}

int zplw_readdir(struct zplw_fs *fs, uint64_t dir,
		 int (*fn)(void *arg, const char *name, uint64_t dirent),
		 void *arg)
{
	struct wdir *d;
	int err = load_dir(fs, dir, &d);
	for (size_t i = 0; !err && i < d->n; i++)
		if (fn(arg, d->e[i].name, d->e[i].value))
			break;
	return err;
}

/* The target: an SA attribute in the bonus buffer, or in the spill
 * block when it did not fit there. */
int zplw_readlink(struct zplw_fs *fs, uint64_t obj, char *buf, size_t len)
{
	dnode_phys_t dn;
	size_t off, l;
	void *spill = NULL;
	uint32_t slen;
	int err = 0;
	uint64_t mode = get64(fs, obj, ZPL_MODE, &err);
	if (!err && (mode & S_IFMT_) != S_IFLNK_)
		err = -ZFS_EINVAL;
	if (!err)
		err = wos_stat(fs->os, obj, &dn);
	if (err)
		return err;
	const uint8_t *from = dnode_bonus(&dn);
	err = sa_locate(fs, from, bonus_size(&dn), ZPL_SYMLINK, &off, &l);
	if (err == -ZFS_ENOENT) {
		err = wos_get_spill(fs->os, obj, &spill, &slen);
		if (!err)
			err = sa_locate(fs, spill, slen, ZPL_SYMLINK, &off, &l);
		from = spill;
	}
	if (!err && l >= len)
		err = -ZFS_E2BIG;
	if (!err) {
		memcpy(buf, from + off, l);
		buf[l] = 0;
	}
	free(spill);
	return err;
}

void zplw_set_busy(struct zplw_fs *fs, bool (*busy)(void *arg, uint64_t obj),
		   void *arg)
{
	fs->busy = busy;
	fs->busy_arg = arg;
}

int zplw_release(struct zplw_fs *fs, uint64_t obj)
{
	int err = 0;
	uint64_t mode = get64(fs, obj, ZPL_MODE, &err);
	uint64_t links = get64(fs, obj, ZPL_LINKS, &err);
	if (err == -ZFS_ENOENT)
		return 0; /* freed already */
	if (err || links || (mode & S_IFMT_) != S_IFREG_)
		return err;
	return wos_free(fs->os, obj);
}
