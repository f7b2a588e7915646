/*
 * rofs on the VFS: the read-only image format of docs/rofs.md, mounted
 * from a block device (the root with --rootfs=rofs).
 *
 * Mount reads the superblock and the metadata with one request
 * (they are contiguous from byte 0), checks all of it with the shared
 * reader (rofs/rofs_read.c) and keeps it in memory; a bad image fails
 * the mount with the reader's message.  Lookups, listings, attributes
 * and link targets then come from memory without further checks.
 *
 * File data is read on demand through a small per-mount cache of
 * 128 KiB chunks of the image (ROFS_CACHE_CHUNKS of them, least
 * recently used replaced): a read copies from the chunks it covers,
 * loading each missing one with one request, so sequential reads cost
 * one disk request per 128 KiB and small files near each other share
 * one.  Nothing is read at mount beyond the metadata; the cache is
 * freed at unmount.  Device buffers come from the kernel heap, which is
 * identity-mapped as the block layer requires; callers' buffers never
 * go to the device.
 *
 * The VFS serialises the calls of one mount (no VFS_FS_OWN_LOCKING),
 * which also serialises the device and the cache.  Inode numbers seen
 * by stat are the image's plus one (the image's root is inode 0).
 */
#include <errno.h>
#include <string.h>

#include "blkdev.h"
#include "klog.h"
#include "mm.h"
#include "rofs.h"
#include "uaccess.h"
#include "vfs.h"

#define ROFS_CHUNK (128u << 10)
#define ROFS_CACHE_CHUNKS 32
#define ROFS_STATFS_MAGIC 0x524f4653 /* "ROFS" */

struct rofs_chunk {
	uint8_t *buf;	/* ROFS_CHUNK bytes, or NULL while unused */
	uint64_t index; /* image offset / ROFS_CHUNK */
	uint64_t used;	/* the mount's clock at the last use */
};

struct rofs_mount {
	struct rofs fs;
	struct blkdev *dev;
	uint8_t *meta_buf; /* the image's first bytes: superblock, metadata */
	uint64_t clock;
	struct rofs_chunk chunks[ROFS_CACHE_CHUNKS];
};

struct rofs_node {
	struct vnode vn;
	uint32_t ino; /* the image's */
};

static const struct vnode_ops rofs_vnode_ops;

static struct rofs_mount *rofs_of(const struct vnode *vn)
{
	return vn->mount->data;
}

static uint32_t ino_of(const struct vnode *vn)
{
	return ((const struct rofs_node *)vn)->ino;
}

/* A new vnode for inode ino, with one reference. */
static int rofs_node_get(struct vfs_mount *mnt, uint32_t ino,
			 struct vnode **out)
{
	struct rofs_mount *rm = mnt->data;
	struct rofs_node *n = heap_calloc(1, sizeof(*n));

	if (!n)
		return -ENOMEM;
	n->ino = ino;
	vnode_init(&n->vn, mnt, &rofs_vnode_ops, rofs_type(&rm->fs, ino),
		   (uint64_t)ino + 1, n);
	*out = &n->vn;
	return 0;
}

/* ---- the data cache -------------------------------------------------- */

static struct rofs_chunk *chunk_get(struct rofs_mount *rm, uint64_t index,
				    int *err)
{
	struct rofs_chunk *victim = &rm->chunks[0];

	for (int i = 0; i < ROFS_CACHE_CHUNKS; i++) {
		struct rofs_chunk *c = &rm->chunks[i];
		if (c->buf && c->index == index) {
			c->used = ++rm->clock;
			return c;
		}
		if (!c->buf || (victim->buf && c->used < victim->used))
			victim = c;
	}
	if (!victim->buf && !(victim->buf = heap_alloc(ROFS_CHUNK))) {
		*err = -ENOMEM;
		return NULL;
	}
	uint64_t start = index * ROFS_CHUNK;
	uint64_t bytes = rm->fs.image_size - start;
	if (bytes > ROFS_CHUNK)
		bytes = ROFS_CHUNK;
	*err = blkdev_read(rm->dev, start / BLKDEV_SECTOR_SIZE, victim->buf,
			   (uint32_t)(bytes / BLKDEV_SECTOR_SIZE));
	if (*err) {
		victim->used = 0;
		victim->index = UINT64_MAX;
		return NULL;
	}
	victim->index = index;
	victim->used = ++rm->clock;
	return victim;
}

static long rofs_read(struct vnode *vn, void *buf, size_t len, uint64_t off,
		      int ioflags)
{
	(void)ioflags;
	struct rofs_mount *rm = rofs_of(vn);
	struct rofs_inode in;
	size_t done = 0;
	int err = 0;

	rofs_inode(&rm->fs, ino_of(vn), &in);
	if (off >= in.size)
		return 0;
	if (len > in.size - off)
		len = (size_t)(in.size - off);
	while (done < len) {
		uint64_t pos = in.where + off + done;
		struct rofs_chunk *c = chunk_get(rm, pos / ROFS_CHUNK, &err);
		if (!c)
			return done ? (long)done : err;
		size_t at = (size_t)(pos % ROFS_CHUNK);
		size_t n = ROFS_CHUNK - at;
		if (n > len - done)
			n = len - done;
		/* buf is the program's: a bad one is EFAULT (uaccess.h) */
		size_t left =
		    copy_to_program((char *)buf + done, c->buf + at, n);
		done += n - left;
		if (left)
			return done ? (long)done : -EFAULT;
	}
	return (long)done;
}

/* ---- names and attributes ---------------------------------------------- */

static int rofs_lookup_op(struct vnode *dir, const char *name, size_t len,
			  struct vnode **out)
{
	struct rofs_mount *rm = rofs_of(dir);
	uint32_t ino;
	int rc = rofs_lookup(&rm->fs, ino_of(dir), name, len, &ino);

	return rc ? rc : rofs_node_get(dir->mount, ino, out);
}

static uint32_t vfs_type_of(uint8_t dt)
{
	switch (dt) {
	case ROFS_DT_DIR:
		return VFS_IFDIR;
	case ROFS_DT_LNK:
		return VFS_IFLNK;
	default:
		return VFS_IFREG;
	}
}

static void fill_dirent(struct vfs_dirent *out, uint64_t ino, uint32_t type,
			const char *name, size_t len)
{
	out->ino = ino;
	out->type = type;
	out->namelen = (uint16_t)len;
	memcpy(out->name, name, len);
	out->name[len] = '\0';
}

/* Cookies: 0 ".", 1 "..", then 2 + the entry's index. */
static int rofs_readdir(struct vnode *dir, uint64_t *cookie,
			struct vfs_dirent *out)
{
	struct rofs_mount *rm = rofs_of(dir);
	uint32_t ino = ino_of(dir);
	struct rofs_inode in;
	struct rofs_entry e;

	if (*cookie == 0) {
		fill_dirent(out, (uint64_t)ino + 1, VFS_IFDIR, ".", 1);
	} else if (*cookie == 1) {
		fill_dirent(out, (uint64_t)rofs_parent(&rm->fs, ino) + 1,
			    VFS_IFDIR, "..", 2);
	} else {
		rofs_inode(&rm->fs, ino, &in);
		if (*cookie - 2 >= in.size)
			return 0;
		rofs_dirent_at(&rm->fs, ino, *cookie - 2, &e);
		fill_dirent(out, (uint64_t)e.ino + 1, vfs_type_of(e.type),
			    e.name, e.name_len);
	}
	++*cookie;
	return 1;
}

static struct timespec ts_of(int64_t ns)
{
	int64_t s = ns / 1000000000, r = ns % 1000000000;

	if (r < 0)
		s--, r += 1000000000;
	return (struct timespec){.tv_sec = s, .tv_nsec = r};
}

static int rofs_getattr(struct vnode *vn, struct vfs_attr *attr)
{
	struct rofs_mount *rm = rofs_of(vn);
	struct rofs_inode in;

	rofs_inode(&rm->fs, ino_of(vn), &in);
	attr->mode = in.mode;
	attr->nlink = in.nlink;
	attr->uid = in.uid;
	attr->gid = in.gid;
	attr->ino = vn->ino;
	/* a directory's size: its entries' bytes in the entry table */
	attr->size = (in.mode & ROFS_S_IFMT) == ROFS_S_IFDIR
			 ? in.size * ROFS_DIRENT_SIZE
			 : in.size;
	if ((in.mode & ROFS_S_IFMT) == ROFS_S_IFREG)
		attr->blocks = (in.size + ROFS_BLOCK_SIZE - 1) /
			       ROFS_BLOCK_SIZE * (ROFS_BLOCK_SIZE / 512);
	attr->blksize = ROFS_BLOCK_SIZE;
	attr->atime = ts_of(in.atime_ns);
	attr->mtime = ts_of(in.mtime_ns);
	attr->ctime = ts_of(in.ctime_ns);
	return 0;
}

static long rofs_readlink(struct vnode *vn, char *buf, size_t len)
{
	struct rofs_mount *rm = rofs_of(vn);
	size_t n;
	const char *target = rofs_link_target(&rm->fs, ino_of(vn), &n);

	if (n > len)
		n = len;
	memcpy(buf, target, n);
	return (long)n;
}

static void rofs_inactive(struct vnode *vn)
{
	heap_free(vn->data);
}

static const struct vnode_ops rofs_vnode_ops = {
    .lookup = rofs_lookup_op,
    .readdir = rofs_readdir,
    .read = rofs_read,
    .getattr = rofs_getattr,
    .readlink = rofs_readlink,
    .inactive = rofs_inactive,
};

/* ---- mounting ------------------------------------------------------------ */

static bool has_magic(struct blkdev *dev, uint8_t *sector)
{
	return blkdev_read(dev, 0, sector, 1) == 0 &&
	       memcmp(sector, ROFS_MAGIC, ROFS_MAGIC_LEN) == 0;
}

/* source "/dev/vblkN" or "vblkN"; NULL or "": the first with the magic. */
static struct blkdev *find_device(const char *source, uint8_t *sector)
{
	if (source && *source) {
		if (strncmp(source, "/dev/", 5) == 0)
			source += 5;
		return blkdev_find(source);
	}
	for (unsigned i = 0;; i++) {
		struct blkdev *dev = blkdev_at(i);
		if (!dev || has_magic(dev, sector))
			return dev;
	}
}

static void rofs_free(struct rofs_mount *rm)
{
	for (int i = 0; i < ROFS_CACHE_CHUNKS; i++)
		heap_free(rm->chunks[i].buf);
	heap_free(rm->meta_buf);
	heap_free(rm);
}

/* Reads the superblock and the metadata (from byte 0) in one request. */
static int read_meta(struct rofs_mount *rm)
{
	uint64_t end = rm->fs.meta_offset + rm->fs.meta_size;
	uint64_t sectors = (end + BLKDEV_SECTOR_SIZE - 1) / BLKDEV_SECTOR_SIZE;
	int rc;

	if (sectors > UINT32_MAX ||
	    !(rm->meta_buf = heap_alloc(sectors * BLKDEV_SECTOR_SIZE))) {
		kprintf("rofs: %s: no memory for %lu bytes of metadata\n",
			rm->dev->name, (unsigned long)end);
		return -ENOMEM;
	}
	rc = blkdev_read(rm->dev, 0, rm->meta_buf, (uint32_t)sectors);
	if (rc)
		kprintf("rofs: %s: cannot read the metadata (error %d)\n",
			rm->dev->name, -rc);
	return rc;
}

/* Reads and checks the superblock and the metadata of rm->dev. */
static int rofs_load(struct rofs_mount *rm, uint8_t *sector)
{
	struct rofs_error err;
	uint64_t dev_bytes = rm->dev->sectors * BLKDEV_SECTOR_SIZE;
	int rc = blkdev_read(rm->dev, 0, sector, 1);

	if (rc) {
		kprintf("rofs: %s: cannot read the superblock (error %d)\n",
			rm->dev->name, -rc);
		return rc;
	}
	rc = rofs_check_super(&rm->fs, sector, BLKDEV_SECTOR_SIZE, dev_bytes,
			      &err);
	if (rc == 0) {
		if ((rc = read_meta(rm)))
			return rc;
		rc = rofs_check_meta(&rm->fs, rm->meta_buf + rm->fs.meta_offset,
				     &err);
	}
	if (rc)
		kprintf("rofs: %s: %s\n", rm->dev->name, err.msg);
	return rc;
}

static int rofs_mount_op(struct vfs_mount *mnt, const char *source,
			 const void *data)
{
	uint8_t *sector = heap_alloc(BLKDEV_SECTOR_SIZE);
	struct rofs_mount *rm = heap_calloc(1, sizeof(*rm));
	int rc;

	(void)data;
	if (!sector || !rm) {
		heap_free(sector);
		heap_free(rm);
		return -ENOMEM;
	}
	rm->dev = find_device(source, sector);
	if (!rm->dev) {
		if (source && *source)
			kprintf("rofs: %s: no such disk\n", source);
		else
			kprintf("rofs: no disk holds a rofs image\n");
		rc = -ENODEV;
	} else {
		rc = rofs_load(rm, sector);
	}
	heap_free(sector);
	if (rc) {
		rofs_free(rm);
		/* the VFS's convention: -EINVAL for a bad image */
		return rc == -EUCLEAN || rc == -EOPNOTSUPP ? -EINVAL : rc;
	}
	mnt->data = rm;
	mnt->flags |= VFS_MNT_RDONLY;
	rc = rofs_node_get(mnt, ROFS_ROOT_INO, &mnt->root);
	if (rc) {
		mnt->data = NULL;
		rofs_free(rm);
	}
	return rc;
}

static int rofs_unmount(struct vfs_mount *mnt)
{
	rofs_free(mnt->data);
	mnt->data = NULL;
	return 0;
}

static int rofs_statfs(struct vfs_mount *mnt, struct vfs_statfs *st)
{
	struct rofs_mount *rm = mnt->data;

	st->magic = ROFS_STATFS_MAGIC;
	st->bsize = ROFS_BLOCK_SIZE;
	st->blocks = rm->fs.image_size / ROFS_BLOCK_SIZE;
	st->bfree = st->bavail = 0;
	st->files = rm->fs.inode_count;
	st->ffree = 0;
	st->namelen = ROFS_NAME_MAX;
	return 0;
}

struct vfs_fstype rofs_fstype = {
    .name = "rofs",
    .flags = VFS_FS_RDONLY,
    .mount = rofs_mount_op,
    .unmount = rofs_unmount,
    .statfs = rofs_statfs,
};
