/*
 * libosv-zfs.so's own interface between its files: the mount, its
 * nodes and its device.  What the module takes from the kernel is
 * vfs.h, blkdev.h and klog.h (kprintf) and the libc; see
 * zfs/module/README.md for the boundary and how writes plug in.
 */
#ifndef ZFS_MODULE_H
#define ZFS_MODULE_H

#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>

#include "vfs.h"
#include "zfs.h"

struct blkdev;
struct zfs_blkdev;
struct zfs_cache;

/* A node: the vnode of one object, shared by every lookup of it. */
struct znode {
	struct vnode vn;    /* vn.ino is the object number */
	struct znode *next; /* the mount's node table */
	/* a directory's listing, taken when a readdir starts */
	struct zdirent *list;
	size_t nlist;
	/* its last name went while it was in use (zplw_set_busy): freed
	 * by zplw_release when the node goes */
	bool unlinked;
};

struct zdirent {
	uint64_t obj;
	uint32_t type; /* VFS_IF*, or 0 */
	char *name;
};

/*
 * A mount reads through the ZPL reader (r, fs, os) when read-only, or
 * through the write engine (wp, w) when writable: then every change
 * goes into the open transaction group, which the txg thread commits
 * every ZFS_TXG_SECONDS, and sync, fsync and unmount commit at once.
 * lock (recursive) guards the engine, the reader and the cache against
 * the app threads (the VFS serialises one mount's operations, but not
 * its sync) and the txg thread.
 */
struct zfs_mnt {
	struct vfs_mount *mnt;
	struct blkdev *dev;
	struct zfs_blkdev *bdev;
	struct zfs_cache *cache;
	struct zfs_reader *r;
	struct zplr_fs *fs;
	struct zr_objset os; /* the root dataset's object set */
	struct zfs_wpool *wp;
	struct zplw_fs *w;
	uint64_t root_obj;
	char pool[ZFS_POOL_NAME_MAX + 1]; /* its name, for messages */
	pthread_mutex_t lock;
	pthread_cond_t wake; /* the txg thread's */
	pthread_t txg_thread;
	bool thread_running, stop;
	bool dirty;	    /* changes in the open txg */
	int aging;	    /* empty commits left to free deferred frees */
	int failed;	    /* a commit failed: changes refused (EIO) */
	uint64_t nomem_txg; /* the txg last said short of memory */
	uint64_t dirty_max; /* bytes of changed blocks held: commit */
	uint64_t commits;
	struct znode **table; /* nodes by object number */
	size_t nbuckets;
	char *linkbuf; /* ZFS_SYMLINK_MAX + 1, for readlink */
};

#define ZFS_SYMLINK_MAX 4095
#define ZFS_SUPER_MAGIC 0x2fc12fc1 /* statfs f_type, as Linux's */
#define ZFS_TXG_SECONDS 5	   /* the open txg's longest life */

/* zfs_blkdev.c: the pool's device through the kernel's block layer. */
struct blkdev *zfs_find_blkdev(const char *source);
int zfs_blkdev_open(struct blkdev *dev, struct zfs_blkdev **out,
		    const struct zfs_bio **bio);
void zfs_blkdev_close(struct zfs_blkdev *b);

/* zfs_txg.c: transaction groups of a writable mount. */
int zfs_txg_start(struct zfs_mnt *zm);
/* Stops the thread and commits what is left. */
int zfs_txg_stop(struct zfs_mnt *zm);
/* Commits the open txg if it holds changes (zm->lock held): the data
 * and the uberblock reaching it are on disk when it returns 0. */
int zfs_txg_sync(struct zfs_mnt *zm);
/* Around each change (zm->lock taken and released): begin refuses
 * changes after a failed commit and sets the time of what follows;
 * end marks the txg dirty and commits past the dirty-data limit. */
int zfs_change_begin(struct zfs_mnt *zm);
int zfs_change_end(struct zfs_mnt *zm, int err);
/* Commits while frees of the last txgs wait to become allocatable;
 * true when there may be more room now (for a retry after ENOSPC). */
bool zfs_txg_make_room(struct zfs_mnt *zm);
/* After a change failed with err (a ZFS error): true when trying it
 * again may succeed, something having been done about it: ENOSPC, as
 * zfs_txg_make_room; ENOMEM, the open txg committed (the writer waits
 * for the disk) and the block cache emptied. */
bool zfs_txg_retry(struct zfs_mnt *zm, int err);

/* zfs_vnops.c: the vnode operations. */
extern const struct vnode_ops zfs_vnops;
/* The node of object obj, referenced (found, or made from its stat). */
int zfs_node_get(struct zfs_mnt *zm, uint64_t obj, struct vnode **out);
/* For zplw_set_busy (arg: the mount): whether obj has a node now. */
bool zfs_node_busy(void *arg, uint64_t obj);
/* A ZFS error (negative, ZFS_E*) as the VFS's negative errno; 0 stays. */
int zfs_errno(int err);
void zfs_lock(struct zfs_mnt *zm);
void zfs_unlock(struct zfs_mnt *zm);

#endif
