/*
 * The vnode operations of a ZFS mount.  Read-only mounts read through
 * the ZPL reader (lookups through the directories' ZAPs by hash);
 * writable ones through the write engine, which sees the open txg
 * (zfs_txg.c commits it).  The VFS serialises the calls of one mount
 * (no VFS_FS_OWN_LOCKING), which the node table relies on; the mount's
 * lock keeps the txg thread and sync(2) out of the engine meanwhile.
 * On read-only mounts changes never reach here: the VFS answers them
 * with EROFS.
 *
 * A file whose last name goes while it has a vnode (open, or being
 * looked at) keeps its object, with no links, until the vnode goes.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "blkdev.h"
#include "klog.h"
#include "zfs_module.h"

#define MAX_READ (1u << 30) /* bytes of one read call */

static struct zfs_mnt *zm_of(const struct vnode *vn)
{
	return vn->mount->data;
}

void zfs_lock(struct zfs_mnt *zm)
{
	pthread_mutex_lock(&zm->lock);
}

void zfs_unlock(struct zfs_mnt *zm)
{
	pthread_mutex_unlock(&zm->lock);
}

/* ---- reading, through the engine or the reader ---- */

static int z_stat(struct zfs_mnt *zm, uint64_t obj, struct zplr_stat *st)
{
	return zm->w ? zplw_getattr(zm->w, obj, st)
		     : zplr_stat(zm->fs, obj, st);
}

static int z_dnode(struct zfs_mnt *zm, uint64_t obj, dnode_phys_t *dn)
{
	return zm->w ? wos_stat(wpool_root(zm->wp), obj, dn)
		     : zr_dnode(zm->r, &zm->os, obj, dn);
}

static int z_lookup(struct zfs_mnt *zm, uint64_t dir, const char *name,
		    uint64_t *obj)
{
	if (zm->w)
		return zplw_lookup(zm->w, dir, name, obj);
	uint64_t de;
	int err = zr_zap_lookup(zm->r, &zm->os, dir, name, &de);
	if (!err)
		*obj = ZFS_DIRENT_OBJ(de);
	return err;
}

/* Bytes of an object's data as they are now (past the end: zeros). */
static int z_read_block(struct zfs_mnt *zm, uint64_t obj,
			const dnode_phys_t *dn, uint64_t off, void *buf,
			size_t len)
{
	return zm->w ? wos_read(wpool_root(zm->wp), obj, off, buf, len)
		     : zr_read(zm->r, dn, off, buf, len);
}

int zfs_errno(int err)
{
	if (err == -ZFS_ECKSUM)
		return -EIO;
	return err <= 0 ? err : -EIO;
}

static size_t slot(const struct zfs_mnt *zm, uint64_t obj)
{
	return (size_t)(obj * 0x9e3779b97f4a7c15ULL >> 40) &
	       (zm->nbuckets - 1);
}

int zfs_node_get(struct zfs_mnt *zm, uint64_t obj, struct vnode **out)
{
	struct znode **head = &zm->table[slot(zm, obj)];
	for (struct znode *z = *head; z; z = z->next)
		if (z->vn.ino == obj) {
			*out = vnode_ref(&z->vn);
			return 0;
		}
	struct zplr_stat st;
	int err = z_stat(zm, obj, &st);
	if (err)
		return zfs_errno(err);
	struct znode *z = calloc(1, sizeof(*z));
	if (!z)
		return -ENOMEM;
	vnode_init(&z->vn, zm->mnt, &zfs_vnops, (uint32_t)st.mode & VFS_IFMT,
		   obj, z);
	z->next = *head;
	*head = z;
	*out = &z->vn;
	return 0;
}

static void free_list(struct znode *z)
{
	for (size_t i = 0; i < z->nlist; i++)
		free(z->list[i].name);
	free(z->list);
	z->list = NULL;
	z->nlist = 0;
}

static struct znode *find_node(struct zfs_mnt *zm, uint64_t obj)
{
	for (struct znode *z = zm->table[slot(zm, obj)]; z; z = z->next)
		if (z->vn.ino == obj)
			return z;
	return NULL;
}

/* zplw_set_busy's question, asked under the VFS's lock of the mount. */
bool zfs_node_busy(void *arg, uint64_t obj)
{
	struct znode *z = find_node(arg, obj);
	if (z)
		z->unlinked = true;
	return z != NULL;
}

static void zfs_inactive(struct vnode *vn)
{
	struct zfs_mnt *zm = zm_of(vn);
	struct znode *z = vn->data;
	struct znode **p = &zm->table[slot(zm, vn->ino)];
	while (*p && *p != z)
		p = &(*p)->next;
	if (*p)
		*p = z->next;
	if (z->unlinked && zm->w && zfs_change_begin(zm) == 0) {
		int err = zplw_release(zm->w, vn->ino);
		if (err)
			kprintf("zfs: %s: object %lu: cannot free it (error "
				"%d)\n",
				zm->dev->name, vn->ino, -zfs_errno(err));
		zfs_change_end(zm, err);
	}
	free_list(z);
	free(z);
}

static int lookup(struct zfs_mnt *zm, struct vnode *dir, const char *name,
		  size_t len, struct vnode **out)
{
	uint64_t obj;
	if (len == 2 && name[0] == '.' && name[1] == '.') {
		struct zplr_stat st;
		int err = z_stat(zm, dir->ino, &st);
		if (err)
			return zfs_errno(err);
		obj = dir->ino == zm->root_obj || !st.parent ? dir->ino
							     : st.parent;
		return zfs_node_get(zm, obj, out);
	}
	char key[VFS_NAME_MAX + 1];
	memcpy(key, name, len);
	key[len] = '\0';
	int err = z_lookup(zm, dir->ino, key, &obj);
	if (err)
		return zfs_errno(err);
	return zfs_node_get(zm, obj, out);
}

static int zfs_lookup(struct vnode *dir, const char *name, size_t len,
		      struct vnode **out)
{
	struct zfs_mnt *zm = zm_of(dir);
	zfs_lock(zm);
	int err = lookup(zm, dir, name, len, out);
	zfs_unlock(zm);
	return err;
}

/* ZPL directory entries carry the file's type as its mode's top bits. */
static uint32_t dirent_type(uint64_t de)
{
	return (uint32_t)ZFS_DIRENT_TYPE(de) << 12;
}

struct lister {
	struct znode *z;
	size_t cap;
};

static int list_add(struct lister *l, const char *name, uint64_t de)
{
	struct znode *z = l->z;
	if (z->nlist == l->cap) {
		size_t cap = l->cap ? 2 * l->cap : 32;
		struct zdirent *bigger = realloc(z->list, cap * sizeof(*bigger));
		if (!bigger)
			return -ZFS_ENOMEM;
		z->list = bigger;
		l->cap = cap;
	}
	size_t n = strlen(name);
	if (n > VFS_NAME_MAX)
		return -ZFS_EIO;
	char *copy = malloc(n + 1);
	if (!copy)
		return -ZFS_ENOMEM;
	memcpy(copy, name, n + 1);
	z->list[z->nlist++] =
	    (struct zdirent){ZFS_DIRENT_OBJ(de), dirent_type(de), copy};
	return 0;
}

static int list_zap(void *arg, const char *name, uint8_t intlen,
		    uint32_t nints, const void *value)
{
	uint64_t de;
	if (intlen != 8 || nints != 1)
		return -ZFS_EIO;
	memcpy(&de, value, sizeof(de));
	return list_add(arg, name, de);
}

struct wlister {
	struct lister l;
	int err;
};

static int list_engine(void *arg, const char *name, uint64_t de)
{
	struct wlister *w = arg;
	w->err = list_add(&w->l, name, de);
	return w->err;
}

static int list_dir(struct zfs_mnt *zm, struct znode *z)
{
	if (!zm->w) {
		struct lister l = {z, 0};
		return zr_zap_iterate(zm->r, &zm->os, z->vn.ino, list_zap, &l);
	}
	struct wlister w = {{z, 0}, 0};
	int err = zplw_readdir(zm->w, z->vn.ino, list_engine, &w);
	return err ? err : w.err;
}

/*
 * Cookies: 0 ".", 1 "..", then 2 + the entry's index in the listing,
 * which is taken when the listing (re)starts at its first entry and
 * kept while the directory's node lives.
 */
static int readdir(struct zfs_mnt *zm, struct vnode *dir, uint64_t *cookie,
		   struct vfs_dirent *out)
{
	struct znode *z = dir->data;
	if (*cookie < 2) {
		const char *name = *cookie ? ".." : ".";
		out->ino = dir->ino;
		if (*cookie && dir->ino != zm->root_obj) {
			struct zplr_stat st;
			if (z_stat(zm, dir->ino, &st) == 0 && st.parent)
				out->ino = st.parent;
		}
		out->type = VFS_IFDIR;
		out->namelen = (uint16_t)strlen(name);
		memcpy(out->name, name, out->namelen + 1);
		++*cookie;
		return 1;
	}
	if (*cookie == 2 || !z->list) {
		free_list(z);
		int err = list_dir(zm, z);
		if (err) {
			free_list(z);
			return zfs_errno(err);
		}
	}
	uint64_t i = *cookie - 2;
	if (i >= z->nlist)
		return 0;
	const struct zdirent *e = &z->list[i];
	out->ino = e->obj;
	out->type = e->type;
	out->namelen = (uint16_t)strlen(e->name);
	memcpy(out->name, e->name, out->namelen + 1);
	++*cookie;
	return 1;
}

static int zfs_readdir(struct vnode *dir, uint64_t *cookie,
		       struct vfs_dirent *out)
{
	struct zfs_mnt *zm = zm_of(dir);
	zfs_lock(zm);
	int rc = readdir(zm, dir, cookie, out);
	zfs_unlock(zm);
	return rc;
}

/*
 * A read failed: finds the first block of [off, off + len) that does
 * not read, says which, and returns the bytes before it (a short read),
 * or the error when the first block is the bad one.
 */
static long locate_error(struct zfs_mnt *zm, uint64_t obj, uint64_t off,
			 size_t len, int err)
{
	dnode_phys_t dn;
	if (z_dnode(zm, obj, &dn)) {
		kprintf("zfs: %s: object %lu: cannot read its dnode (error "
			"%d)\n",
			zm->dev->name, obj, -zfs_errno(err));
		return zfs_errno(err);
	}
	uint64_t bs = (uint64_t)dn.dn_datablkszsec << ZFS_SECTOR_SHIFT;
	uint8_t *blk = malloc(bs);
	if (!blk)
		return zfs_errno(err);
	uint64_t end = off + len, blkid = off / bs;
	for (; blkid * bs < end; blkid++) {
		err = z_read_block(zm, obj, &dn, blkid * bs, blk, bs);
		if (err)
			break;
	}
	free(blk);
	if (!err) /* it reads now: a transient device error */
		return -EIO;
	kprintf("zfs: %s: object %lu block %lu (bytes %lu-%lu): %s\n",
		zm->dev->name, obj, blkid, blkid * bs, blkid * bs + bs - 1,
		err == -ZFS_ECKSUM ? "checksum mismatch" : "read error");
	uint64_t good = blkid * bs > off ? blkid * bs - off : 0;
	return good ? (long)good : zfs_errno(err);
}

static long read_locked(struct zfs_mnt *zm, struct vnode *vn, void *buf,
			size_t len, uint64_t off)
{
	if (len > MAX_READ)
		len = MAX_READ;
	size_t got;
	int err = zm->w ? zplw_read(zm->w, vn->ino, off, buf, len, &got)
			: zplr_read(zm->fs, vn->ino, off, buf, len, &got);
	if (err == -ZFS_EINVAL || err == -ZFS_EISDIR)
		return -EISDIR;
	if (err)
		return locate_error(zm, vn->ino, off, len, err);
	return (long)got;
}

static long zfs_read(struct vnode *vn, void *buf, size_t len, uint64_t off,
		     int ioflags)
{
	(void)ioflags;
	struct zfs_mnt *zm = zm_of(vn);
	zfs_lock(zm);
	long rc = read_locked(zm, vn, buf, len, off);
	zfs_unlock(zm);
	return rc;
}

/* Linux's dev_t from ZFS's major << 32 | minor. */
static uint64_t linux_dev(uint64_t zdev)
{
	uint64_t major = zdev >> 32, minor = zdev & 0xffffffffu;
	return (minor & 0xff) | ((major & 0xfff) << 8) |
	       ((minor & ~0xffull) << 12) | ((major & ~0xfffull) << 32);
}

static int zfs_getattr(struct vnode *vn, struct vfs_attr *a)
{
	struct zfs_mnt *zm = zm_of(vn);
	struct zplr_stat st;
	dnode_phys_t dn;
	zfs_lock(zm);
	int err = z_stat(zm, vn->ino, &st);
	if (!err)
		err = z_dnode(zm, vn->ino, &dn);
	zfs_unlock(zm);
	if (err)
		return zfs_errno(err);
	a->mode = (uint32_t)st.mode;
	a->nlink = (uint32_t)st.links;
	a->uid = (uint32_t)st.uid;
	a->gid = (uint32_t)st.gid;
	a->ino = vn->ino;
	a->size = st.size;
	uint64_t used = dn.dn_used;
	if (!(dn.dn_flags & DNODE_FLAG_USED_BYTES))
		used <<= ZFS_SECTOR_SHIFT;
	a->blocks = (used + 511) / 512;
	a->blksize = (uint32_t)dn.dn_datablkszsec << ZFS_SECTOR_SHIFT;
	a->rdev = linux_dev(st.rdev);
	a->atime = (struct timespec){(time_t)st.atime[0], (long)st.atime[1]};
	a->mtime = (struct timespec){(time_t)st.mtime[0], (long)st.mtime[1]};
	a->ctime = (struct timespec){(time_t)st.ctime[0], (long)st.ctime[1]};
	return 0;
}

static long zfs_readlink(struct vnode *vn, char *buf, size_t len)
{
	struct zfs_mnt *zm = zm_of(vn);
	zfs_lock(zm);
	int err = zm->w ? zplw_readlink(zm->w, vn->ino, zm->linkbuf,
					ZFS_SYMLINK_MAX + 1)
			: zplr_readlink(zm->fs, vn->ino, zm->linkbuf,
					ZFS_SYMLINK_MAX + 1);
	size_t n = err ? 0 : strlen(zm->linkbuf);
	if (n > len)
		n = len;
	memcpy(buf, zm->linkbuf, n);
	zfs_unlock(zm);
	return err ? zfs_errno(err) : (long)n;
}

/* ---- changes (writable mounts only: the VFS stops them on others) ---- */

/* The name as a C string. */
static void cname(char *key, const char *name, size_t len)
{
	memcpy(key, name, len);
	key[len] = '\0';
}

static int create_any(struct vnode *dir, const char *name, size_t len,
		      uint32_t mode, const char *target, struct vnode **out)
{
	struct zfs_mnt *zm = zm_of(dir);
	char key[VFS_NAME_MAX + 1];
	uint64_t obj;
	cname(key, name, len);
	int err = zfs_change_begin(zm);
	if (err)
		return err;
	for (int retry = 0;; retry++) {
		if (target)
			err = zplw_symlink(zm->w, dir->ino, key, target, 0, 0,
					   &obj);
		else if ((mode & VFS_IFMT) == VFS_IFDIR)
			err = zplw_mkdir(zm->w, dir->ino, key, mode, 0, 0,
					 &obj);
		else
			err = zplw_create(zm->w, dir->ino, key, mode, 0, 0,
					  &obj);
		if (err != -ZFS_ENOSPC || retry || !zfs_txg_make_room(zm))
			break;
	}
	if (!err && out)
		err = zfs_node_get(zm, obj, out);
	return zfs_change_end(zm, zfs_errno(err));
}

static int zfs_create(struct vnode *dir, const char *name, size_t len,
		      uint32_t mode, struct vnode **out)
{
	return create_any(dir, name, len, VFS_IFREG | (mode & 07777), NULL,
			  out);
}

static int zfs_mkdir(struct vnode *dir, const char *name, size_t len,
		     uint32_t mode)
{
	return create_any(dir, name, len, VFS_IFDIR | (mode & 07777), NULL,
			  NULL);
}

static int zfs_symlink(struct vnode *dir, const char *name, size_t len,
		       const char *target)
{
	if (strlen(target) > ZFS_SYMLINK_MAX)
		return -ENAMETOOLONG;
	return create_any(dir, name, len, VFS_IFLNK | 0777, target, NULL);
}

enum name_op { NAME_LINK, NAME_UNLINK, NAME_RMDIR };

/* A name added (a link to obj) or removed in dir. */
static int name_change(struct vnode *dir, const char *name, size_t len,
		       enum name_op op, uint64_t obj)
{
	struct zfs_mnt *zm = zm_of(dir);
	char key[VFS_NAME_MAX + 1];
	cname(key, name, len);
	int err = zfs_change_begin(zm);
	if (err)
		return err;
	for (int retry = 0;; retry++) {
		err = op == NAME_LINK	 ? zplw_link(zm->w, dir->ino, key, obj)
		      : op == NAME_RMDIR ? zplw_rmdir(zm->w, dir->ino, key)
					 : zplw_unlink(zm->w, dir->ino, key);
		if (err != -ZFS_ENOSPC || retry || !zfs_txg_make_room(zm))
			break;
	}
	return zfs_change_end(zm, zfs_errno(err));
}

static int zfs_link(struct vnode *dir, const char *name, size_t len,
		    struct vnode *vn)
{
	return name_change(dir, name, len, NAME_LINK, vn->ino);
}

static int zfs_unlink(struct vnode *dir, const char *name, size_t len)
{
	return name_change(dir, name, len, NAME_UNLINK, 0);
}

static int zfs_rmdir(struct vnode *dir, const char *name, size_t len)
{
	return name_change(dir, name, len, NAME_RMDIR, 0);
}

static int zfs_rename(struct vnode *olddir, const char *oldname, size_t oldlen,
		      struct vnode *newdir, const char *newname, size_t newlen)
{
	struct zfs_mnt *zm = zm_of(olddir);
	char okey[VFS_NAME_MAX + 1], nkey[VFS_NAME_MAX + 1];
	cname(okey, oldname, oldlen);
	cname(nkey, newname, newlen);
	int err = zfs_change_begin(zm);
	if (err)
		return err;
	err = zplw_rename(zm->w, olddir->ino, okey, newdir->ino, nkey);
	return zfs_change_end(zm, zfs_errno(err));
}

/* One piece of a write, at most a quarter of the dirty limit: each
 * piece may commit the txg when the held blocks pass the limit. */
static int write_piece(struct zfs_mnt *zm, struct vnode *vn, const void *buf,
		       size_t len, uint64_t *off, bool append)
{
	int err = zfs_change_begin(zm);
	if (err)
		return err;
	if (append) {
		struct zplr_stat st;
		err = zplw_getattr(zm->w, vn->ino, &st);
		*off = st.size;
	}
	if (!err)
		err = zplw_write(zm->w, vn->ino, *off, buf, len);
	if (zfs_txg_retry(zm, err))
		err = zplw_write(zm->w, vn->ino, *off, buf, len);
	return zfs_change_end(zm, zfs_errno(err));
}

static long zfs_write(struct vnode *vn, const void *buf, size_t len,
		      uint64_t off, int ioflags)
{
	struct zfs_mnt *zm = zm_of(vn);
	size_t done = 0, piece = zm->dirty_max / 4;
	while (done < len) {
		size_t n = len - done < piece ? len - done : piece;
		int err = write_piece(zm, vn, (const uint8_t *)buf + done, n,
				      &off, ioflags & VNODE_IO_APPEND);
		if (err)
			return done ? (long)done : err;
		done += n;
		off += n;
	}
	return (long)done;
}

static int zfs_truncate(struct vnode *vn, uint64_t size)
{
	struct zfs_mnt *zm = zm_of(vn);
	int err = zfs_change_begin(zm);
	if (err)
		return err;
	err = zplw_truncate(zm->w, vn->ino, size);
	if (err == -ZFS_ENOSPC && zfs_txg_make_room(zm))
		err = zplw_truncate(zm->w, vn->ino, size);
	return zfs_change_end(zm, zfs_errno(err));
}

static void time_of(uint64_t t[2], const struct timespec *ts)
{
	t[0] = (uint64_t)ts->tv_sec;
	t[1] = (uint64_t)ts->tv_nsec;
}

/* chmod and utimens; owners are not kept (everything is root's). */
static int zfs_setattr(struct vnode *vn, const struct vfs_attr *a,
		       unsigned mask)
{
	struct zfs_mnt *zm = zm_of(vn);
	if (mask & (VFS_ATTR_UID | VFS_ATTR_GID))
		return -EPERM;
	int err = zfs_change_begin(zm);
	if (err)
		return err;
	if (mask & VFS_ATTR_MODE)
		err = zplw_chmod(zm->w, vn->ino, a->mode & 07777);
	if (!err && (mask & (VFS_ATTR_ATIME | VFS_ATTR_MTIME))) {
		struct zplr_stat st;
		uint64_t at[2], mt[2];
		err = zplw_getattr(zm->w, vn->ino, &st);
		memcpy(at, st.atime, sizeof(at));
		memcpy(mt, st.mtime, sizeof(mt));
		if (mask & VFS_ATTR_ATIME)
			time_of(at, &a->atime);
		if (mask & VFS_ATTR_MTIME)
			time_of(mt, &a->mtime);
		if (!err)
			err = zplw_utimens(zm->w, vn->ino, at, mt);
	}
	return zfs_change_end(zm, zfs_errno(err));
}

/* The whole txg: the file's data and everything before it. */
static int zfs_fsync(struct vnode *vn)
{
	struct zfs_mnt *zm = zm_of(vn);
	zfs_lock(zm);
	int err = zfs_txg_sync(zm);
	zfs_unlock(zm);
	return err;
}

const struct vnode_ops zfs_vnops = {
    .lookup = zfs_lookup,
    .create = zfs_create,
    .mkdir = zfs_mkdir,
    .symlink = zfs_symlink,
    .link = zfs_link,
    .unlink = zfs_unlink,
    .rmdir = zfs_rmdir,
    .rename = zfs_rename,
    .readdir = zfs_readdir,
    .read = zfs_read,
    .write = zfs_write,
    .truncate = zfs_truncate,
    .getattr = zfs_getattr,
    .setattr = zfs_setattr,
    .readlink = zfs_readlink,
    .fsync = zfs_fsync,
    .inactive = zfs_inactive,
};
