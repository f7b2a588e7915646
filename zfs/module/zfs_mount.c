/*
 * libosv-zfs.so: the "zfs" filesystem type, registered from the
 * module's constructor.  A mount opens the pool on a block device
 * (source "/dev/vblkN" or "vblkN"; empty: the first device holding a
 * pool), puts a bounded block cache between the pool and the device
 * and mounts the pool's root dataset: writable through the write
 * engine (zfs/txg.c, zfs/zpl_write.c; zfs_txg.c runs its transaction
 * groups), or read-only through the reader when asked (MS_RDONLY or
 * the option ro), when the disk is read-only, or when the engine
 * refuses the pool (it says why).  Options (the mount's data,
 * comma-separated): cache=SIZE, the block cache's size in bytes with
 * K, M or G (default: 1/8 of the RAM, at most 64 MiB); ro; rw.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/sysinfo.h>

#include "blkdev.h"
#include "klog.h"
#include "zfs_cache.h"
#include "zfs_module.h"

#define DEFAULT_CACHE_MAX (64ull << 20)
#define MIN_CACHE (256ull << 10)
#define DIRTY_MAX (64ull << 20)
#define MIN_DIRTY (4ull << 20)

struct options {
	uint64_t cache;
	bool ro;
};

static uint64_t totalram(void)
{
	struct sysinfo si;
	return sysinfo(&si) == 0 ? (uint64_t)si.totalram * si.mem_unit : 0;
}

/* Changed blocks a txg holds in memory before it is committed: 1/16 of
 * the RAM, between 4 and 64 MiB. */
static uint64_t dirty_max(void)
{
	uint64_t size = totalram() / 16;
	if (size > DIRTY_MAX)
		size = DIRTY_MAX;
	return size < MIN_DIRTY ? MIN_DIRTY : size;
}

static uint64_t default_cache(void)
{
	uint64_t size = totalram() / 8;
	if (size > DEFAULT_CACHE_MAX)
		size = DEFAULT_CACHE_MAX;
	return size < MIN_CACHE ? MIN_CACHE : size;
}

/* "cache=SIZE,ro,rw"; prints what it does not understand. */
static int parse_options(const char *opts, struct options *o)
{
	o->cache = default_cache();
	o->ro = false;
	while (opts && *opts) {
		size_t n = strcspn(opts, ",");
		if (n == 2 && strncmp(opts, "ro", 2) == 0) {
			o->ro = true;
		} else if (n == 2 && strncmp(opts, "rw", 2) == 0) {
			o->ro = false;
		} else if (n > 6 && strncmp(opts, "cache=", 6) == 0) {
			if (zfs_cache_parse_size(opts + 6, n - 6, &o->cache) ||
			    o->cache < MIN_CACHE) {
				kprintf("zfs: cache=%.*s: a size of at least "
					"256K wanted (digits, then K, M or "
					"G)\n",
					(int)(n - 6), opts + 6);
				return -EINVAL;
			}
		} else {
			kprintf("zfs: unknown mount option '%.*s' (known: "
				"cache=SIZE, ro, rw)\n",
				(int)n, opts);
			return -EINVAL;
		}
		opts += n;
		if (*opts == ',')
			opts++;
	}
	return 0;
}

static void close_reader(struct zfs_mnt *zm)
{
	if (zm->fs)
		zplr_unmount(zm->fs);
	if (zm->r)
		zr_close(zm->r);
	zm->fs = NULL, zm->r = NULL;
}

static void close_writer(struct zfs_mnt *zm)
{
	if (zm->w)
		zplw_unmount(zm->w);
	if (zm->wp)
		wpool_close(zm->wp);
	zm->w = NULL, zm->wp = NULL;
}

static void close_pool(struct zfs_mnt *zm)
{
	close_writer(zm);
	close_reader(zm);
	zfs_cache_free(zm->cache);
	zfs_blkdev_close(zm->bdev);
	zm->cache = NULL, zm->bdev = NULL;
}

/*
 * The pool (found by the reader) opened for writing instead; when the
 * engine refuses it, the mount stays read-only and says why.
 */
static void open_writable(struct zfs_mnt *zm, const struct zfs_bio *bio)
{
	char err[256];
	int rc = wpool_open(bio, &zm->wp, err, sizeof(err));
	if (!rc) {
		rc = zplw_mount(zm->wp, &zm->w);
		if (rc)
			snprintf(err, sizeof(err), "%s", zplw_error(zm->w));
	}
	if (rc) {
		kprintf("zfs: %s: the pool cannot be written: %s\n",
			zm->dev->name, err);
		close_writer(zm);
		return;
	}
	zplw_set_busy(zm->w, zfs_node_busy, zm);
	zm->root_obj = zplw_root(zm->w);
	close_reader(zm); /* the engine reads the open txg from now on */
}

/* Opens the pool on dev; quiet says nothing when it holds none. */
static int open_pool(struct zfs_mnt *zm, struct blkdev *dev, uint64_t cache,
		     bool ro, bool quiet)
{
	const struct zfs_bio *raw, *cached;
	char err[256];
	zm->dev = dev;
	int rc = zfs_blkdev_open(dev, &zm->bdev, &raw);
	if (!rc)
		rc = zfs_cache_new(raw, cache, &zm->cache, &cached);
	if (rc)
		return zfs_errno(rc);
	rc = zr_open(cached, &zm->r, err, sizeof(err));
	if (rc) {
		if (!quiet)
			kprintf("zfs: %s: no pool: %s\n", dev->name, err);
		close_pool(zm);
		return -EINVAL;
	}
	snprintf(zm->pool, sizeof(zm->pool), "%s", zr_pool_name(zm->r));
	rc = zplr_mount(zm->r, &zm->fs);
	if (!rc)
		rc = zr_root_dataset(zm->r, &zm->os);
	if (!rc)
		rc = zplr_lookup(zm->fs, "/", &zm->root_obj);
	if (rc) {
		kprintf("zfs: %s: cannot mount the root dataset: %s\n",
			dev->name, zr_error(zm->r));
		close_pool(zm);
		return -EINVAL;
	}
	if (!ro && cached->write)
		open_writable(zm, cached);
	return 0;
}

static int find_pool(struct zfs_mnt *zm, const char *source, uint64_t cache,
		     bool ro)
{
	if (source && *source) {
		struct blkdev *dev = zfs_find_blkdev(source);
		if (!dev) {
			kprintf("zfs: %s: no such disk\n", source);
			return -ENODEV;
		}
		return open_pool(zm, dev, cache, ro, false);
	}
	for (unsigned i = 0; blkdev_at(i); i++)
		if (open_pool(zm, blkdev_at(i), cache, ro, true) == 0)
			return 0;
	kprintf("zfs: no disk holds a pool\n");
	return -ENODEV;
}

static void free_mnt(struct zfs_mnt *zm)
{
	close_pool(zm);
	pthread_mutex_destroy(&zm->lock);
	free(zm->table);
	free(zm->linkbuf);
	free(zm);
}

static int zfs_mount(struct vfs_mount *mnt, const char *source,
		     const void *data)
{
	struct options o;
	int rc = parse_options(data, &o);
	if (rc)
		return rc;
	struct zfs_mnt *zm = calloc(1, sizeof(*zm));
	if (!zm)
		return -ENOMEM;
	pthread_mutexattr_t ma;
	pthread_mutexattr_init(&ma);
	pthread_mutexattr_settype(&ma, PTHREAD_MUTEX_RECURSIVE);
	pthread_mutex_init(&zm->lock, &ma);
	zm->dirty_max = dirty_max();
	zm->mnt = mnt;
	zm->nbuckets = 256;
	zm->table = calloc(zm->nbuckets, sizeof(*zm->table));
	zm->linkbuf = malloc(ZFS_SYMLINK_MAX + 1);
	if (!zm->table || !zm->linkbuf) {
		free_mnt(zm);
		return -ENOMEM;
	}
	rc = find_pool(zm, source, o.cache,
		       o.ro || (mnt->flags & VFS_MNT_RDONLY));
	if (rc) {
		free_mnt(zm);
		return rc;
	}
	mnt->data = zm;
	rc = zfs_node_get(zm, zm->root_obj, &mnt->root);
	if (rc == 0 && mnt->root->type != VFS_IFDIR) {
		vnode_release_locked(mnt->root);
		mnt->root = NULL;
		rc = -EINVAL;
	}
	if (rc) {
		kprintf("zfs: %s: cannot read the root directory\n",
			zm->dev->name);
		mnt->data = NULL;
		free_mnt(zm);
		return rc;
	}
	if (!zm->w) {
		/* the VFS answers every change with EROFS */
		mnt->flags |= VFS_MNT_RDONLY;
		kprintf("zfs: %s: pool %s mounted read-only (dataset %s), "
			"ZPL version %lu, block cache %lu KiB\n",
			zm->dev->name, zm->pool, zm->pool, zplr_version(zm->fs),
			o.cache >> 10);
		return 0;
	}
	rc = zfs_txg_start(zm);
	if (rc) {
		kprintf("zfs: %s: cannot start the txg thread (error %d)\n",
			zm->dev->name, -rc);
		vnode_release_locked(mnt->root);
		mnt->root = NULL;
		mnt->data = NULL;
		free_mnt(zm);
		return rc;
	}
	kprintf("zfs: %s: pool %s mounted read-write (dataset %s) at txg "
		"%lu, block cache %lu KiB, txgs of at most %lu KiB every %d "
		"s\n",
		zm->dev->name, zm->pool, zm->pool, wpool_txg(zm->wp),
		o.cache >> 10, zm->dirty_max >> 10, ZFS_TXG_SECONDS);
	return 0;
}

static int zfs_unmount(struct vfs_mount *mnt)
{
	struct zfs_mnt *zm = mnt->data;
	int rc = zfs_txg_stop(zm);
	free_mnt(zm);
	return rc;
}

static int zfs_sync(struct vfs_mount *mnt)
{
	struct zfs_mnt *zm = mnt->data;
	zfs_lock(zm);
	int rc = zfs_txg_sync(zm);
	zfs_unlock(zm);
	return rc;
}

/*
 * Writable: the pool's allocatable size and free space (the space
 * maps', frees of the last txgs included, less the changed blocks the
 * open txg holds); bavail leaves out the slop only removals may use.  Read-only: nothing is free for writing, so bfree
 * and bavail are 0; the size is the device's.
 */
static int zfs_statfs(struct vfs_mount *mnt, struct vfs_statfs *st)
{
	struct zfs_mnt *zm = mnt->data;
	st->magic = ZFS_SUPER_MAGIC;
	st->bsize = 4096;
	st->blocks = zm->dev->sectors * BLKDEV_SECTOR_SIZE / st->bsize;
	st->bfree = st->bavail = 0;
	st->namelen = VFS_NAME_MAX;
	zfs_lock(zm);
	if (zm->w) {
		uint64_t size, avail, held = wpool_dirty_bytes(zm->wp);
		zplw_statfs(zm->w, &size, &avail);
		avail = avail > held ? avail - held : 0;
		/* the engine keeps 1/32 of the pool for removals */
		uint64_t slop = size / 32;
		st->blocks = size / st->bsize;
		st->bfree = avail / st->bsize;
		st->bavail = (avail > slop ? avail - slop : 0) / st->bsize;
	}
	zfs_unlock(zm);
	return 0;
}

static struct vfs_fstype zfs_type = {
    .name = "zfs",
    .mount = zfs_mount,
    .unmount = zfs_unmount,
    .statfs = zfs_statfs,
    .sync = zfs_sync,
};

__attribute__((constructor)) static void zfs_module_init(void)
{
	int rc = vfs_register_fstype(&zfs_type);
	if (rc)
		kprintf("zfs: cannot register the filesystem type (error "
			"%d)\n",
			-rc);
}

__attribute__((destructor)) static void zfs_module_fini(void)
{
	vfs_unregister_fstype(&zfs_type);
}
