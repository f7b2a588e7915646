/*
 * devfs, mounted at /dev: the character devices null, zero, full,
 * random, urandom, console and tty, stdin, stdout and stderr (which
 * pass to descriptors 0, 1 and 2: Linux has links to /proc/self/fd/N
 * there), the link shm (below), and a block device node for every
 * registered disk (vblk0 ...).  Device nodes live as long as the
 * kernel; a disk gets its node at the first lookup or listing after
 * it is registered (not at the mount: the boot need not run that
 * code).  Operations run concurrently (VFS_FS_OWN_LOCKING): a console
 * read may wait for input, and the block layer keeps a disk's writers
 * apart (blkdev_io()).
 */
#include <fcntl.h> /* AT_FDCWD */
#include <string.h>

#include "blkdev.h"
#include "clock.h"
#include "console_file.h"
#include "entropy.h"
#include "fs_calls.h"
#include "mm.h"
#include "ramfs.h" /* the default boot's tree */
#include "spinlock.h"
#include "uaccess.h"
#include "vfs_impl.h"

#define DEVFS_MAGIC 0x1373 /* Linux's devfs */
#define VBLK_MAJOR 254
#define BOUNCE_SIZE (64 * 1024)
_Static_assert(BOUNCE_SIZE % (BLKDEV_MAX_BLOCK_SECTORS * BLKDEV_SECTOR_SIZE) ==
		   0,
	       "pieces of a disk's bounce buffer end on its block boundaries");
#define BLKGETSIZE64 0x80081272UL
#define BLKSSZGET 0x1268UL
#define BLKGETSIZE 0x1260UL

struct devfs_node {
	struct vnode vn;
	char name[BLKDEV_NAME_MAX];
	uint32_t mode; /* permission bits */
	uint64_t rdev;
	long (*read)(struct devfs_node *d, void *buf, size_t len, uint64_t off,
		     int ioflags);
	long (*write)(struct devfs_node *d, const void *buf, size_t len,
		      uint64_t off);
	struct blkdev *blk;
	struct devfs_node *next;
};

/* As the default boot's tree has them (see devfs_mount) */
#define CHARS 10
extern struct vfs_fstype devfs_type;
static struct devfs_node root_node, chars[CHARS];
static struct devfs_node shm_link;
static struct devfs_node *nodes = chars, *const root = &root_node;
static struct spinlock nodes_lock;
static struct timespec mount_time = CLOCK_STAMP_BOOT;
static uint64_t next_ino = 3 + CHARS; /* the disks' */

/* /dev/shm, Linux's tmpfs of POSIX shared memory, which programs use
 * directly (python's multiprocessing puts its heap's files there): a
 * link to a directory of /tmp's ramfs (1777 as Linux's), made when the
 * link is first followed, so that the boot makes nothing.  Once made it
 * is not looked for again: a program that removes it gets ENOENT
 * through the link, as with a removed tmpfs. */
#define SHM_DIR "/tmp/.shm"
static bool shm_made;

static uint64_t makedev(uint64_t major, uint64_t minor)
{
	return ((major & 0xfffff000ULL) << 32) | ((major & 0xfff) << 8) |
	       ((minor & 0xffffff00ULL) << 12) | (minor & 0xff);
}

/* makedev() of a major below 4096 and a minor below 256, as a constant */
#define SMALL_DEV(major, minor) ((uint64_t)(major) << 8 | (minor))

/* ---- Character devices ---- */

static long null_read(struct devfs_node *d, void *buf, size_t len, uint64_t off,
		      int ioflags)
{
	(void)d, (void)buf, (void)len, (void)off, (void)ioflags;
	return 0;
}

static long null_write(struct devfs_node *d, const void *buf, size_t len,
		       uint64_t off)
{
	(void)d, (void)buf, (void)off;
	return (long)len;
}

/*
 * buf, the program's, filled from a kernel chunk of entropy: a bad one
 * stops the read short, or is EFAULT when nothing was read.
 */
static long entropy_out(void *buf, size_t len)
{
	char chunk[256];
	size_t done = 0;
	while (done < len) {
		size_t n =
		    len - done < sizeof(chunk) ? len - done : sizeof(chunk);
		entropy_read(chunk, n); /* never short: entropy.h */
		size_t left = copy_to_program((char *)buf + done, chunk, n);
		done += n - left;
		if (left)
			break;
	}
	return done || !len ? (long)done : -EFAULT;
}

/* a bad buf stops the read short, or is EFAULT when nothing was read */
static long zero_read(struct devfs_node *d, void *buf, size_t len, uint64_t off,
		      int ioflags)
{
	(void)d, (void)off, (void)ioflags;
	size_t done = len - clear_program(buf, len);
	return done || !len ? (long)done : -EFAULT;
}

static long full_write(struct devfs_node *d, const void *buf, size_t len,
		       uint64_t off)
{
	(void)d, (void)buf, (void)len, (void)off;
	return -ENOSPC;
}

static long random_read(struct devfs_node *d, void *buf, size_t len,
			uint64_t off, int ioflags)
{
	(void)d, (void)off, (void)ioflags;
	return entropy_out(buf, len);
}

static long console_read(struct devfs_node *d, void *buf, size_t len,
			 uint64_t off, int ioflags)
{
	(void)d, (void)off;
	return console_file_read(buf, len, ioflags & VNODE_IO_NONBLOCK);
}

static long console_write(struct devfs_node *d, const void *buf, size_t len,
			  uint64_t off)
{
	(void)d, (void)off;
	return console_file_write(buf, len);
}

/* /dev/stdin, stdout, stderr: whatever descriptors 0, 1, 2 are now */
static long stdin_read(struct devfs_node *d, void *buf, size_t len,
		       uint64_t off, int ioflags)
{
	(void)d, (void)off, (void)ioflags;
	return fs_read(0, buf, len);
}

static long stdout_write(struct devfs_node *d, const void *buf, size_t len,
			 uint64_t off)
{
	(void)d, (void)off;
	return fs_write(1, buf, len);
}

static long stderr_write(struct devfs_node *d, const void *buf, size_t len,
			 uint64_t off)
{
	(void)d, (void)off;
	return fs_write(2, buf, len);
}

/* ---- Disks ---- */

static uint64_t disk_size(const struct devfs_node *d)
{
	return d->blk->sectors * BLKDEV_SECTOR_SIZE;
}

/*
 * Moves [off, off + len) through a bounce buffer, BOUNCE_SIZE at a
 * time; the block layer does the read-modify-write of partial blocks
 * (blkdev_io(), which also keeps its writers apart).  Each piece sits
 * in the bounce at off's offset within a sector, so that the whole
 * blocks blkdev_io() sends straight from it are sector-aligned, and
 * ends on a block boundary (but the last), so that no block is read
 * and rewritten for each of two pieces.
 */
static long disk_io(struct devfs_node *d, void *buf, size_t len, uint64_t off,
		    bool write)
{
	uint64_t size = disk_size(d);
	if (off >= size)
		return write && len ? -ENOSPC : 0;
	if (len > size - off)
		len = (size_t)(size - off);
	size_t unit = (size_t)d->blk->block_sectors * BLKDEV_SECTOR_SIZE;
	char *bounce = heap_memalign(BLKDEV_SECTOR_SIZE, BOUNCE_SIZE);
	if (!bounce)
		return -ENOMEM;
	size_t done = 0;
	int r = 0;
	while (done < len && r == 0) {
		uint64_t pos = off + done;
		char *at = bounce + pos % BLKDEV_SECTOR_SIZE;
		/* pos % unit >= pos % sector: at + n stays in the bounce */
		size_t n = len - done;
		if (n > BOUNCE_SIZE - pos % unit)
			n = BOUNCE_SIZE - pos % unit;
		/* buf is the program's: a bad one ends the transfer */
		size_t moved = 0;
		if (write) {
			/* no part of the bytes written from a bad one */
			r = get_program(at, (char *)buf + done, n);
			if (r == 0)
				r = blkdev_io(d->blk, BLK_WRITE, pos, at, n);
			moved = r ? 0 : n;
		} else {
			r = blkdev_io(d->blk, BLK_READ, pos, at, n);
			if (r == 0) {
				moved = n - copy_to_program((char *)buf + done,
							    at, n);
				r = moved < n ? -EFAULT : 0;
			}
		}
		done += moved;
	}
	heap_free(bounce);
	return done ? (long)done : r;
}

static long disk_read(struct devfs_node *d, void *buf, size_t len, uint64_t off,
		      int ioflags)
{
	(void)ioflags;
	return disk_io(d, buf, len, off, false);
}

static long disk_write(struct devfs_node *d, const void *buf, size_t len,
		       uint64_t off)
{
	if (d->blk->read_only)
		return -EROFS;
	return disk_io(d, (void *)buf, len, off, true);
}

/* ---- Nodes ---- */

static const struct vnode_ops devfs_ops;
static const struct vnode_ops devfs_dir_ops;

static struct devfs_node *add_node(const char *name, uint32_t type,
				   uint32_t mode, uint64_t rdev)
{
	struct devfs_node *d = heap_calloc(1, sizeof(*d));
	if (!d)
		return NULL;
	vnode_init(&d->vn, root->vn.mount,
		   type == VFS_IFDIR ? &devfs_dir_ops : &devfs_ops, type,
		   next_ino++, d);
	strncpy(d->name, name, sizeof(d->name) - 1);
	d->mode = mode;
	d->rdev = rdev;
	return d;
}

static void link_node(struct devfs_node *d)
{
	unsigned long flags = spin_lock(&nodes_lock);
	struct devfs_node **p = &nodes;
	while (*p)
		p = &(*p)->next;
	*p = d;
	spin_unlock(&nodes_lock, flags);
}

static struct devfs_node *find_node(const char *name, size_t len)
{
	unsigned long flags = spin_lock(&nodes_lock);
	struct devfs_node *d = nodes;
	while (d && (strlen(d->name) != len || memcmp(d->name, name, len)))
		d = d->next;
	spin_unlock(&nodes_lock, flags);
	return d;
}

/* Adds nodes for disks registered since the last look. */
static void add_disks(void)
{
	if (!BLKDEV_DRIVERS_BUILT)
		return;
	static struct sleeplock lock;
	sleep_lock(&lock);
	struct blkdev *b;
	for (unsigned i = 0; (b = blkdev_at(i)); i++) {
		if (find_node(b->name, strlen(b->name)))
			continue;
		struct devfs_node *d =
		    add_node(b->name, VFS_IFBLK, 0660, makedev(VBLK_MAJOR, i));
		if (!d)
			break;
		d->blk = b;
		d->read = disk_read;
		d->write = disk_write;
		link_node(d);
	}
	sleep_unlock(&lock);
}

/* ---- Vnode operations ---- */

static int devfs_lookup(struct vnode *dir, const char *name, size_t len,
			struct vnode **out)
{
	(void)dir;
	if ((len == 2 && name[0] == '.' && name[1] == '.')) {
		*out = vnode_ref(&root->vn);
		return 0;
	}
	struct devfs_node *d = find_node(name, len);
	if (!d) {
		add_disks();
		d = find_node(name, len);
	}
	if (!d)
		return -ENOENT;
	*out = vnode_ref(&d->vn);
	return 0;
}

static int devfs_readdir(struct vnode *dir, uint64_t *cookie,
			 struct vfs_dirent *out)
{
	(void)dir;
	struct devfs_node *d = root;
	const char *name = *cookie == 0 ? "." : "..";
	if (*cookie >= 2) {
		if (*cookie == 2)
			add_disks();
		unsigned long flags = spin_lock(&nodes_lock);
		uint64_t i = 2;
		for (d = nodes; d && i < *cookie; d = d->next)
			i++;
		spin_unlock(&nodes_lock, flags);
		if (!d)
			return 0;
		name = d->name;
	}
	++*cookie;
	out->ino = d->vn.ino;
	out->type = d->vn.type;
	out->namelen = (uint16_t)strlen(name);
	memcpy(out->name, name, out->namelen + 1);
	return 1;
}

static long devfs_read(struct vnode *vn, void *buf, size_t len, uint64_t off,
		       int ioflags)
{
	struct devfs_node *d = vn->data;
	return d->read ? d->read(d, buf, len, off, ioflags) : -EINVAL;
}

static long devfs_write(struct vnode *vn, const void *buf, size_t len,
			uint64_t off, int ioflags)
{
	(void)ioflags;
	struct devfs_node *d = vn->data;
	return d->write ? d->write(d, buf, len, off) : -EINVAL;
}

static long shm_readlink(struct vnode *vn, char *buf, size_t len)
{
	(void)vn;
	if (!__atomic_load_n(&shm_made, __ATOMIC_ACQUIRE)) {
		int r = fs_mkdirat(AT_FDCWD, SHM_DIR, 0700);
		if (r == 0) /* Linux's mode, not the umask's */
			r = fs_fchmodat(AT_FDCWD, SHM_DIR, 01777, 0);
		if (r && r != -EEXIST)
			return r;
		__atomic_store_n(&shm_made, true, __ATOMIC_RELEASE);
	}
	size_t n = sizeof(SHM_DIR) - 1;
	memcpy(buf, SHM_DIR, n < len ? n : len);
	return (long)(n < len ? n : len);
}

static int devfs_getattr(struct vnode *vn, struct vfs_attr *a)
{
	struct devfs_node *d = vn->data;
	a->mode = d->mode;
	a->nlink = vn->type == VFS_IFDIR ? 2 : 1;
	a->rdev = d->rdev;
	a->size = d->blk		  ? disk_size(d)
		  : vn->type == VFS_IFLNK ? sizeof(SHM_DIR) - 1
					  : 0;
	a->atime = a->mtime = a->ctime = mount_time;
	return 0;
}

static int devfs_ioctl(struct vnode *vn, unsigned long cmd, void *arg)
{
	struct devfs_node *d = vn->data;
	if (d->blk && cmd == BLKGETSIZE64) {
		*(uint64_t *)arg = disk_size(d);
		return 0;
	}
	if (d->blk && cmd == BLKGETSIZE) {
		*(unsigned long *)arg = d->blk->sectors;
		return 0;
	}
	if (d->blk && cmd == BLKSSZGET) { /* the device's, as Linux says */
		*(int *)arg = (int)(d->blk->block_sectors * BLKDEV_SECTOR_SIZE);
		return 0;
	}
	if (d->read == console_read)
		return console_file_ioctl(cmd, arg);
	return -ENOTTY;
}

static unsigned devfs_poll(struct vnode *vn)
{
	struct devfs_node *d = vn->data;
	if (d->read == console_read)
		return console_file_poll();
	return FILE_POLL_IN | FILE_POLL_OUT;
}

static int devfs_fsync(struct vnode *vn)
{
	struct devfs_node *d = vn->data;
	if (!BLKDEV_DRIVERS_BUILT || !d->blk)
		return -EINVAL;
	return blkdev_flush(d->blk);
}

static const struct vnode_ops devfs_ops = {
    .read = devfs_read,
    .write = devfs_write,
    .getattr = devfs_getattr,
    .ioctl = devfs_ioctl,
    .poll = devfs_poll,
    .fsync = devfs_fsync,
};

static const struct vnode_ops devfs_link_ops = {
    .readlink = shm_readlink,
    .getattr = devfs_getattr,
};

static const struct vnode_ops devfs_dir_ops = {
    .lookup = devfs_lookup,
    .readdir = devfs_readdir,
    .getattr = devfs_getattr,
};

/* ---- The filesystem type ---- */

/*
 * The nodes devfs always has, built with the kernel rather than one by
 * one at the mount (under an emulator the boot pays for each piece of
 * code it runs once): the root, then the character devices, in the
 * order of listings, their vnodes those of the default boot's tree
 * (vfs_impl.h), whose mount is vfs_tree_dev; another mount of devfs
 * sets them up again for itself.
 */
static struct devfs_node root_node = {
    .vn = {.ops = &devfs_dir_ops,
	   .mount = &vfs_tree_dev,
	   .data = &root_node,
	   .ino = 1,
	   .type = VFS_IFDIR,
	   .refs = 2}, /* its own and the mount's */
    .mode = 0755,
};
#define CHAR_DEV(i, n, m, dev, r, w)                                           \
	[i] = {                                                                \
	    .vn = {.ops = &devfs_ops,                                          \
		   .mount = &vfs_tree_dev,                                     \
		   .data = &chars[i],                                          \
		   .ino = 2 + (i),                                             \
		   .type = VFS_IFCHR,                                          \
		   .refs = 1},                                                 \
	    .name = n,                                                         \
	    .mode = m,                                                         \
	    .rdev = dev,                                                       \
	    .read = r,                                                         \
	    .write = w,                                                        \
	    .next = (i) + 1 < CHARS ? &chars[(i) + 1] : &shm_link,             \
	}
static struct devfs_node chars[CHARS] = {
    CHAR_DEV(0, "null", 0666, SMALL_DEV(1, 3), null_read, null_write),
    CHAR_DEV(1, "zero", 0666, SMALL_DEV(1, 5), zero_read, null_write),
    CHAR_DEV(2, "full", 0666, SMALL_DEV(1, 7), zero_read, full_write),
    CHAR_DEV(3, "random", 0666, SMALL_DEV(1, 8), random_read, null_write),
    CHAR_DEV(4, "urandom", 0666, SMALL_DEV(1, 9), random_read, null_write),
    CHAR_DEV(5, "console", 0620, CONSOLE_RDEV, console_read, console_write),
    CHAR_DEV(6, "tty", 0666, SMALL_DEV(5, 0), console_read, console_write),
    CHAR_DEV(7, "stdin", 0444, SMALL_DEV(5, 1), stdin_read, NULL),
    CHAR_DEV(8, "stdout", 0222, SMALL_DEV(5, 1), NULL, stdout_write),
    CHAR_DEV(9, "stderr", 0222, SMALL_DEV(5, 1), NULL, stderr_write),
};
static struct devfs_node shm_link = {
    .vn = {.ops = &devfs_link_ops,
	   .mount = &vfs_tree_dev,
	   .data = &shm_link,
	   .ino = 2 + CHARS,
	   .type = VFS_IFLNK,
	   .refs = 1},
    .name = "shm",
    .mode = 0777,
};

/* BEGIN the default boot's tree */
struct vfs_mount vfs_tree_dev = {
    .type = &devfs_type,
    .root = &root_node.vn,
    .dev = 2,
    .covered = RAMFS_VNODE(ramfs_tree_dev),
    .parent = &vfs_tree_root,
    .busy = 2 + CHARS, /* the root, the devices and shm */
    .path = "/dev",
    .source = "devfs",
#if CONF_procfs
    .next = &vfs_tree_proc,
#else
    .next = &vfs_tree_tmp,
#endif
};
/* END the default boot's tree */

/* A mount other than the tree's (VFS_FS_ONCE: one at a time). */
static int devfs_mount(struct vfs_mount *mnt, const char *source,
		       const void *data)
{
	(void)source, (void)data;
	clock_stamp(&mount_time); /* vop_getattr resolves it */
	vnode_init(&root->vn, mnt, &devfs_dir_ops, VFS_IFDIR, 1, root);
	/* No lock: the mount is not in the table yet, no lookup sees it;
	 * disks, which get their nodes at the first lookup or listing
	 * that could see them, have none yet. */
	for (size_t i = 0; i < CHARS; i++)
		vnode_init(&chars[i].vn, mnt, &devfs_ops, VFS_IFCHR, 2 + i,
			   &chars[i]);
	vnode_init(&shm_link.vn, mnt, &devfs_link_ops, VFS_IFLNK, 2 + CHARS,
		   &shm_link);
	mnt->root = vnode_ref(&root->vn);
	return 0;
}

static int devfs_statfs(struct vfs_mount *mnt, struct vfs_statfs *st)
{
	(void)mnt;
	st->magic = DEVFS_MAGIC;
	return 0;
}

struct vfs_fstype devfs_type = {
    .name = "devfs",
    .flags = VFS_FS_OWN_LOCKING | VFS_FS_NODEV | VFS_FS_ONCE,
    .mount = devfs_mount,
    .statfs = devfs_statfs,
};
