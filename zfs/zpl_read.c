/*
 * Reading the ZPL, versions 3 to 5.  Attributes come from the dnode's
 * bonus buffer: a znode_phys_t (versions 3 and 4, and files created
 * before an upgrade), or system attributes (version 5), laid out by the
 * object set's SA layouts and registry, possibly continued in a spill
 * block.  Symlink targets are an SA attribute, or follow the znode in
 * the bonus buffer, or are the object's data when longer.
 */
#include <stdlib.h>
#include <string.h>

#include "zfs.h"

#define S_IFMT_ 0170000
#define S_IFDIR_ 0040000
#define S_IFLNK_ 0120000

struct zplr_fs {
	struct zfs_reader *r;
	struct zr_objset os;
	uint64_t version, root;
	struct zpl_sa sa;
};

static int sa_lookup(void *ctx, uint64_t obj, const char *name, uint64_t *v)
{
	struct zplr_fs *fs = ctx;
	return zr_zap_lookup(fs->r, &fs->os, obj, name, v);
}

static int sa_iterate(void *ctx, uint64_t obj, zap_iter_fn fn, void *arg)
{
	struct zplr_fs *fs = ctx;
	return zr_zap_iterate(fs->r, &fs->os, obj, fn, arg);
}

static int load_sa(struct zplr_fs *fs)
{
	struct zpl_sa_source src = {fs, sa_lookup, sa_iterate};
	return zpl_sa_load(&fs->sa, &src);
}

int zplr_mount(struct zfs_reader *r, struct zplr_fs **fsp)
{
	struct zplr_fs *fs = calloc(1, sizeof(*fs));
	int err = fs ? 0 : -ZFS_ENOMEM;
	*fsp = fs;
	if (!err)
		fs->r = r;
	if (!err)
		err = zr_root_dataset(r, &fs->os);
	if (!err && fs->os.phys.os_type != DMU_OST_ZFS)
		err = -ZFS_EINVAL;
	if (!err)
		err = zr_zap_lookup(r, &fs->os, 1, "VERSION", &fs->version);
	if (!err)
		err = zr_zap_lookup(r, &fs->os, 1, "ROOT", &fs->root);
	if (!err && (fs->version < 3 || fs->version > 5))
		err = -ZFS_EINVAL;
	if (!err && fs->version >= 5)
		err = load_sa(fs);
	return err;
}

void zplr_unmount(struct zplr_fs *fs)
{
	if (!fs)
		return;
	zpl_sa_free(&fs->sa);
	free(fs);
}

uint64_t zplr_version(const struct zplr_fs *fs)
{
	return fs->version;
}

/* Where each of the ZPL's attributes is in an SA buffer. */
struct sa_view {
	const uint8_t *buf;
	size_t off[ZPL_NATTRS], len[ZPL_NATTRS];
	bool has[ZPL_NATTRS];
};

static int sa_parse(const struct zplr_fs *fs, const uint8_t *buf, size_t size,
		    struct sa_view *v)
{
	sa_hdr_phys_t h;
	if (size < sizeof(h) + 2)
		return -ZFS_EIO;
	memcpy(&h, buf, sizeof(h));
	unsigned lnum = h.sa_layout_info & 0x3ff;
	size_t hdr = (size_t)(h.sa_layout_info >> 10) * 8, nvar = 0;
	if (h.sa_magic != SA_MAGIC || hdr < 8 || hdr > size ||
	    !fs->sa.layout[lnum])
		return -ZFS_EIO;
	size_t off = hdr;
	for (unsigned i = 0; i < fs->sa.nlayout[lnum]; i++) {
		unsigned a = fs->sa.layout[lnum][i];
		size_t len = a < ZPL_SA_MAX_ATTRS ? fs->sa.len[a] : 0;
		bool var = len == 0;
		if (a >= ZPL_SA_MAX_ATTRS)
			return -ZFS_EIO;
		if (var) {
			uint16_t l;
			if (6 + 2 * (nvar + 1) > hdr)
				return -ZFS_EIO;
			memcpy(&l, buf + 6 + 2 * nvar++, 2);
			len = l;
		}
		if (len > size - off)
			return -ZFS_EIO;
		for (int z = 0; z < ZPL_NATTRS; z++)
			if (fs->sa.num[z] == (int)a) {
				v->off[z] = off;
				v->len[z] = len;
				v->has[z] = true;
			}
		off += var ? (len + 7) & ~(size_t)7 : len;
		if (off > size)
			off = size;
	}
	v->buf = buf;
	return 0;
}

static bool sa_u64(const struct sa_view *v, int attr, uint64_t *out, int n)
{
	if (!v->has[attr] || v->len[attr] != 8u * n)
		return false;
	memcpy(out, v->buf + v->off[attr], 8u * n);
	return true;
}

/* The object's attributes: st, and for symlinks the target in *link
 * (malloc'd) when it is stored among the attributes. */
static int attrs(struct zplr_fs *fs, uint64_t obj, dnode_phys_t *dn,
		 struct zplr_stat *st, char **link)
{
	int err = zr_dnode(fs->r, &fs->os, obj, dn);
	if (err)
		return err;
	memset(st, 0, sizeof(*st));
	st->obj = obj;
	if (link)
		*link = NULL;
	uint8_t *bonus = dnode_bonus(dn);
	size_t blen = (uint8_t *)dn + DNODE_SIZE - bonus;
	if (dn->dn_flags & DNODE_FLAG_SPILL_BLKPTR)
		blen -= sizeof(blkptr_t); /* the spill pointer ends the dnode */
	if (dn->dn_bonuslen < blen)
		blen = dn->dn_bonuslen;
	if (dn->dn_bonustype == DMU_OT_ZNODE) {
		znode_phys_t zp;
		if (blen < sizeof(zp))
			return -ZFS_EIO;
		memcpy(&zp, bonus, sizeof(zp));
		*st = (struct zplr_stat){obj,
					 zp.zp_mode,
					 zp.zp_size,
					 zp.zp_links,
					 zp.zp_uid,
					 zp.zp_gid,
					 zp.zp_parent,
					 {zp.zp_atime[0], zp.zp_atime[1]},
					 {zp.zp_mtime[0], zp.zp_mtime[1]},
					 {zp.zp_ctime[0], zp.zp_ctime[1]},
					 zp.zp_rdev};
		if (link && (zp.zp_mode & S_IFMT_) == S_IFLNK_ &&
		    zp.zp_size <= blen - ZNODE_PHYS_SIZE &&
		    blen > ZNODE_PHYS_SIZE) {
			*link = malloc(zp.zp_size + 1);
			if (!*link)
				return -ZFS_ENOMEM;
			memcpy(*link, bonus + ZNODE_PHYS_SIZE, zp.zp_size);
			(*link)[zp.zp_size] = 0;
		}
		return 0;
	}
	if (dn->dn_bonustype != DMU_OT_SA || fs->version < 5)
		return -ZFS_EIO;
	struct sa_view v = {0}, sv = {0};
	uint8_t *spill = NULL;
	err = sa_parse(fs, bonus, blen, &v);
	if (!err && (dn->dn_flags & DNODE_FLAG_SPILL_BLKPTR)) {
		blkptr_t sbp;
		memcpy(&sbp, (uint8_t *)dn + DNODE_SIZE - sizeof(sbp),
		       sizeof(sbp));
		uint32_t ssz = bp_lsize(&sbp);
		spill = malloc(ZFS_MAXBLOCKSIZE);
		err = spill ? zr_read_bp(fs->r, &sbp, spill, ZFS_MAXBLOCKSIZE)
			    : -ZFS_ENOMEM;
		if (!err)
			err = sa_parse(fs, spill, ssz, &sv);
	}
	const struct sa_view *src[2] = {&v, spill ? &sv : NULL};
	uint64_t t[2];
	for (int k = 0; !err && k < 2 && src[k]; k++) {
		const struct sa_view *w = src[k];
		sa_u64(w, ZPL_MODE, &st->mode, 1);
		sa_u64(w, ZPL_SIZE, &st->size, 1);
		sa_u64(w, ZPL_LINKS, &st->links, 1);
		sa_u64(w, ZPL_UID, &st->uid, 1);
		sa_u64(w, ZPL_GID, &st->gid, 1);
		sa_u64(w, ZPL_PARENT, &st->parent, 1);
		sa_u64(w, ZPL_RDEV, &st->rdev, 1);
		if (sa_u64(w, ZPL_ATIME, t, 2))
			st->atime[0] = t[0], st->atime[1] = t[1];
		if (sa_u64(w, ZPL_MTIME, t, 2))
			st->mtime[0] = t[0], st->mtime[1] = t[1];
		if (sa_u64(w, ZPL_CTIME, t, 2))
			st->ctime[0] = t[0], st->ctime[1] = t[1];
		if (link && !*link && w->has[ZPL_SYMLINK]) {
			size_t n = w->len[ZPL_SYMLINK];
			*link = malloc(n + 1);
			if (!*link) {
				err = -ZFS_ENOMEM;
				break;
			}
			memcpy(*link, w->buf + w->off[ZPL_SYMLINK], n);
			(*link)[n] = 0;
		}
	}
	if (!err && !v.has[ZPL_MODE] && !(spill && sv.has[ZPL_MODE]))
		err = -ZFS_EIO;
	free(spill);
	return err;
}

int zplr_stat(struct zplr_fs *fs, uint64_t obj, struct zplr_stat *st)
{
	dnode_phys_t dn;
	return attrs(fs, obj, &dn, st, NULL);
}

struct dir_lookup {
	const char *name;
	uint64_t obj;
	bool found;
};

int zplr_lookup(struct zplr_fs *fs, const char *path, uint64_t *obj)
{
	uint64_t cur = fs->root;
	const char *p = path;
	char name[256];
	while (*p) {
		while (*p == '/')
			p++;
		if (!*p)
			break;
		size_t n = strcspn(p, "/");
		if (n >= sizeof(name))
			return -ZFS_ENAMETOOLONG;
		memcpy(name, p, n);
		name[n] = 0;
		p += n;
		struct zplr_stat st;
		int err = zplr_stat(fs, cur, &st);
		if (err)
			return err;
		if ((st.mode & S_IFMT_) != S_IFDIR_)
			return -ZFS_ENOENT;
		if (strcmp(name, ".") == 0)
			continue;
		if (strcmp(name, "..") == 0) {
			cur = st.parent ? st.parent : cur;
			continue;
		}
		uint64_t de;
		err = zr_zap_lookup(fs->r, &fs->os, cur, name, &de);
		if (err)
			return err;
		cur = ZFS_DIRENT_OBJ(de);
	}
	*obj = cur;
	return 0;
}

struct readdir_arg {
	int (*fn)(void *arg, const char *name, uint64_t obj);
	void *arg;
};

static int readdir_cb(void *arg, const char *name, uint8_t intlen,
		      uint32_t nints, const void *value)
{
	struct readdir_arg *ra = arg;
	uint64_t de;
	if (intlen != 8 || nints != 1)
		return -ZFS_EIO;
	memcpy(&de, value, 8);
	return ra->fn(ra->arg, name, ZFS_DIRENT_OBJ(de));
}

int zplr_readdir(struct zplr_fs *fs, uint64_t obj,
		 int (*fn)(void *arg, const char *name, uint64_t obj),
		 void *arg)
{
	struct zplr_stat st;
	struct readdir_arg ra = {fn, arg};
	int err = zplr_stat(fs, obj, &st);
	if (err)
		return err;
	if ((st.mode & S_IFMT_) != S_IFDIR_)
		return -ZFS_EINVAL;
	err = zr_zap_iterate(fs->r, &fs->os, obj, readdir_cb, &ra);
	return err > 0 ? 0 : err;
}

int zplr_read(struct zplr_fs *fs, uint64_t obj, uint64_t off, void *buf,
	      size_t len, size_t *got)
{
	dnode_phys_t dn;
	struct zplr_stat st;
	int err = attrs(fs, obj, &dn, &st, NULL);
	*got = 0;
	if (err)
		return err;
	if ((st.mode & S_IFMT_) == S_IFDIR_)
		return -ZFS_EINVAL;
	if (off >= st.size)
		return 0;
	if (len > st.size - off)
		len = st.size - off;
	err = zr_read(fs->r, &dn, off, buf, len);
	if (!err)
		*got = len;
	return err;
}

int zplr_readlink(struct zplr_fs *fs, uint64_t obj, char *buf, size_t len)
{
	dnode_phys_t dn;
	struct zplr_stat st;
	char *link;
	int err = attrs(fs, obj, &dn, &st, &link);
	if (err)
		return err;
	if ((st.mode & S_IFMT_) != S_IFLNK_) {
		free(link);
		return -ZFS_EINVAL;
	}
	if (st.size >= len) {
		free(link);
		return -ZFS_E2BIG;
	}
	if (link) {
		size_t n = strlen(link);
		if (n > st.size)
			n = st.size;
		memcpy(buf, link, n);
		buf[n] = 0;
		free(link);
		return 0;
	} else {
		/* a long target of an old znode: the object's data */
		err = zr_read(fs->r, &dn, 0, buf, st.size);
	}
	buf[st.size] = 0;
	return err;
}
