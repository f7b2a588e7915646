/*
 * The vnode operations of a ZFS mount, read-only: lookups through the
 * directories' ZAPs (by hash), listings, file data, attributes and
 * symlink targets from the ZPL reader.  The VFS serialises the calls of
 * one mount (no VFS_FS_OWN_LOCKING), which the reader, the block cache
 * and the node table rely on.  Changes never reach here: the mount is
 * read-only, so the VFS answers them with EROFS.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "blkdev.h"
#include "klog.h"
#include "zfs_module.h"

#define MAX_READ (1u << 30) /* bytes of one read call */

static struct zfs_mnt *zm_of(const struct vnode *vn)
{
	return vn->mount->data;
}

int zfs_errno(int err)
{
	if (err == -ZFS_ECKSUM)
		return -EIO;
	return err < 0 ? err : -EIO;
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
	int err = zplr_stat(zm->fs, obj, &st);
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

static void zfs_inactive(struct vnode *vn)
{
	struct zfs_mnt *zm = zm_of(vn);
	struct znode *z = vn->data;
	struct znode **p = &zm->table[slot(zm, vn->ino)];
	while (*p && *p != z)
		p = &(*p)->next;
	if (*p)
		*p = z->next;
	free_list(z);
	free(z);
}

static int zfs_lookup(struct vnode *dir, const char *name, size_t len,
		      struct vnode **out)
{
	struct zfs_mnt *zm = zm_of(dir);
	if (len == 2 && name[0] == '.' && name[1] == '.') {
		struct zplr_stat st;
		int err = zplr_stat(zm->fs, dir->ino, &st);
		if (err)
			return zfs_errno(err);
		uint64_t parent = dir->ino == zm->root_obj || !st.parent
					  ? dir->ino
					  : st.parent;
		return zfs_node_get(zm, parent, out);
	}
	char key[VFS_NAME_MAX + 1];
	memcpy(key, name, len);
	key[len] = '\0';
	uint64_t de;
	int err = zr_zap_lookup(zm->r, &zm->os, dir->ino, key, &de);
	if (err == -ZFS_ENOENT)
		return -ENOENT;
	if (err)
		return zfs_errno(err);
	return zfs_node_get(zm, ZFS_DIRENT_OBJ(de), out);
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

static int list_one(void *arg, const char *name, uint8_t intlen,
		    uint32_t nints, const void *value)
{
	struct lister *l = arg;
	struct znode *z = l->z;
	uint64_t de;
	if (intlen != 8 || nints != 1)
		return -ZFS_EIO;
	memcpy(&de, value, sizeof(de));
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

/*
 * Cookies: 0 ".", 1 "..", then 2 + the entry's index in the listing,
 * which is taken when the listing (re)starts at its first entry and
 * kept while the directory's node lives.
 */
static int zfs_readdir(struct vnode *dir, uint64_t *cookie,
		       struct vfs_dirent *out)
{
	struct zfs_mnt *zm = zm_of(dir);
	struct znode *z = dir->data;
	if (*cookie < 2) {
		const char *name = *cookie ? ".." : ".";
		out->ino = dir->ino;
		if (*cookie && dir->ino != zm->root_obj) {
			struct zplr_stat st;
			if (zplr_stat(zm->fs, dir->ino, &st) == 0 && st.parent)
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
		struct lister l = {z, 0};
		int err = zr_zap_iterate(zm->r, &zm->os, dir->ino, list_one,
					 &l);
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

/*
 * A read failed: finds the first block of [off, off + len) that does
 * not read, says which, and returns the bytes before it (a short read),
 * or the error when the first block is the bad one.
 */
static long locate_error(struct zfs_mnt *zm, uint64_t obj, uint64_t off,
			 size_t len, int err)
{
	dnode_phys_t dn;
	if (zr_dnode(zm->r, &zm->os, obj, &dn)) {
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
		err = zr_read(zm->r, &dn, blkid * bs, blk, bs);
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

static long zfs_read(struct vnode *vn, void *buf, size_t len, uint64_t off)
{
	struct zfs_mnt *zm = zm_of(vn);
	if (len > MAX_READ)
		len = MAX_READ;
	size_t got;
	int err = zplr_read(zm->fs, vn->ino, off, buf, len, &got);
	if (err == -ZFS_EINVAL)
		return -EISDIR;
	if (err)
		return locate_error(zm, vn->ino, off, len, err);
	return (long)got;
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
	int err = zplr_stat(zm->fs, vn->ino, &st);
	if (!err)
		err = zr_dnode(zm->r, &zm->os, vn->ino, &dn);
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
	int err = zplr_readlink(zm->fs, vn->ino, zm->linkbuf,
				ZFS_SYMLINK_MAX + 1);
	if (err)
		return zfs_errno(err);
	size_t n = strlen(zm->linkbuf);
	if (n > len)
		n = len;
	memcpy(buf, zm->linkbuf, n);
	return (long)n;
}

const struct vnode_ops zfs_vnops = {
    .lookup = zfs_lookup,
    .readdir = zfs_readdir,
    .read = zfs_read,
    .getattr = zfs_getattr,
    .readlink = zfs_readlink,
    .inactive = zfs_inactive,
};
