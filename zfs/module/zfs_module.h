/*
 * libosv-zfs.so's own interface between its files: the mount, its
 * nodes and its device.  What the module takes from the kernel is
 * vfs.h, blkdev.h and klog.h (kprintf) and the libc; see
 * zfs/module/README.md for the boundary and how writes plug in.
 */
#ifndef ZFS_MODULE_H
#define ZFS_MODULE_H

#include <stdint.h>

#include "vfs.h"
#include "zfs.h"

struct blkdev;
struct zfs_blkdev;
struct zfs_cache;

/* A node: the vnode of one object, shared by every lookup of it. */
struct znode {
	struct vnode vn; /* vn.ino is the object number */
	struct znode *next; /* the mount's node table */
	/* a directory's listing, taken when a readdir starts */
	struct zdirent *list;
	size_t nlist;
};

struct zdirent {
	uint64_t obj;
	uint32_t type; /* VFS_IF*, or 0 */
	char *name;
};

struct zfs_mnt {
	struct vfs_mount *mnt;
	struct blkdev *dev;
	struct zfs_blkdev *bdev;
	struct zfs_cache *cache;
	struct zfs_reader *r;
	struct zplr_fs *fs;
	struct zr_objset os; /* the root dataset's object set */
	uint64_t root_obj;
	struct znode **table; /* nodes by object number */
	size_t nbuckets;
	char *linkbuf; /* ZFS_SYMLINK_MAX + 1, for readlink */
};

#define ZFS_SYMLINK_MAX 4095
#define ZFS_SUPER_MAGIC 0x2fc12fc1 /* statfs f_type, as Linux's */

/* zfs_blkdev.c: the pool's device through the kernel's block layer. */
struct blkdev *zfs_find_blkdev(const char *source);
int zfs_blkdev_open(struct blkdev *dev, struct zfs_blkdev **out,
		    const struct zfs_bio **bio);
int zfs_blkdev_flush(struct zfs_blkdev *b);
void zfs_blkdev_close(struct zfs_blkdev *b);

/* zfs_vnops.c: the vnode operations. */
extern const struct vnode_ops zfs_vnops;
/* The node of object obj, referenced (found, or made from its stat). */
int zfs_node_get(struct zfs_mnt *zm, uint64_t obj, struct vnode **out);
/* A ZFS error (negative, ZFS_E*) as the VFS's negative errno. */
int zfs_errno(int err);

#endif
