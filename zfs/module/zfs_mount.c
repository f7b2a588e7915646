/*
 * libosv-zfs.so: the "zfs" filesystem type, registered from the
 * module's constructor.  A mount opens the pool on a block device
 * (source "/dev/vblkN" or "vblkN"; empty: the first device holding a
 * pool), puts a bounded block cache between the reader and the device
 * and mounts the pool's root dataset, read-only until the write path
 * exists.  Options (the mount's data, comma-separated): cache=SIZE,
 * the block cache's size in bytes with K, M or G (default: 1/8 of the
 * RAM, at most 64 MiB).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/sysinfo.h>

#include "blkdev.h"
#include "klog.h"
#include "zfs_cache.h"
#include "zfs_module.h"

#define DEFAULT_CACHE_MAX (64ull << 20)
#define MIN_CACHE (256ull << 10)

static uint64_t default_cache(void)
{
	struct sysinfo si;
	uint64_t size = sysinfo(&si) == 0
			    ? (uint64_t)si.totalram * si.mem_unit / 8
			    : MIN_CACHE;
	if (size > DEFAULT_CACHE_MAX)
		size = DEFAULT_CACHE_MAX;
	return size < MIN_CACHE ? MIN_CACHE : size;
}

/* "cache=SIZE[,...]"; prints what it does not understand. */
static int parse_options(const char *opts, uint64_t *cache)
{
	*cache = default_cache();
	while (opts && *opts) {
		size_t n = strcspn(opts, ",");
		if (n > 6 && strncmp(opts, "cache=", 6) == 0) {
			if (zfs_cache_parse_size(opts + 6, n - 6, cache) ||
			    *cache < MIN_CACHE) {
				kprintf("zfs: cache=%.*s: a size of at least "
					"256K wanted (digits, then K, M or "
					"G)\n",
					(int)(n - 6), opts + 6);
				return -EINVAL;
			}
		} else {
			kprintf("zfs: unknown mount option '%.*s' (known: "
				"cache=SIZE)\n",
				(int)n, opts);
			return -EINVAL;
		}
		opts += n;
		if (*opts == ',')
			opts++;
	}
	return 0;
}

static void close_pool(struct zfs_mnt *zm)
{
	if (zm->fs)
		zplr_unmount(zm->fs);
	if (zm->r)
		zr_close(zm->r);
	zfs_cache_free(zm->cache);
	zfs_blkdev_close(zm->bdev);
	zm->fs = NULL, zm->r = NULL, zm->cache = NULL, zm->bdev = NULL;
}

/* Opens the pool on dev; quiet says nothing when it holds none. */
static int open_pool(struct zfs_mnt *zm, struct blkdev *dev, uint64_t cache,
		     bool quiet)
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
	return 0;
}

static int find_pool(struct zfs_mnt *zm, const char *source, uint64_t cache)
{
	if (source && *source) {
		struct blkdev *dev = zfs_find_blkdev(source);
		if (!dev) {
			kprintf("zfs: %s: no such disk\n", source);
			return -ENODEV;
		}
		return open_pool(zm, dev, cache, false);
	}
	for (unsigned i = 0; blkdev_at(i); i++)
		if (open_pool(zm, blkdev_at(i), cache, true) == 0)
			return 0;
	kprintf("zfs: no disk holds a pool\n");
	return -ENODEV;
}

static void free_mnt(struct zfs_mnt *zm)
{
	close_pool(zm);
	free(zm->table);
	free(zm->linkbuf);
	free(zm);
}

static int zfs_mount(struct vfs_mount *mnt, const char *source,
		     const void *data)
{
	uint64_t cache;
	int rc = parse_options(data, &cache);
	if (rc)
		return rc;
	struct zfs_mnt *zm = calloc(1, sizeof(*zm));
	if (!zm)
		return -ENOMEM;
	zm->mnt = mnt;
	zm->nbuckets = 256;
	zm->table = calloc(zm->nbuckets, sizeof(*zm->table));
	zm->linkbuf = malloc(ZFS_SYMLINK_MAX + 1);
	if (!zm->table || !zm->linkbuf) {
		free_mnt(zm);
		return -ENOMEM;
	}
	rc = find_pool(zm, source, cache);
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
	/* No write path yet: the VFS answers every change with EROFS. */
	mnt->flags |= VFS_MNT_RDONLY;
	kprintf("zfs: %s: pool mounted read-only (writes: EROFS, not yet "
		"supported), ZPL version %lu, block cache %lu KiB\n",
		zm->dev->name, zplr_version(zm->fs), cache >> 10);
	return 0;
}

static int zfs_unmount(struct vfs_mount *mnt)
{
	free_mnt(mnt->data);
	return 0;
}

/*
 * Read-only: nothing is free for writing, so bfree and bavail are 0;
 * the size is the device's.  The write path will report the space
 * maps' free space here.
 */
static int zfs_statfs(struct vfs_mount *mnt, struct vfs_statfs *st)
{
	struct zfs_mnt *zm = mnt->data;
	st->magic = ZFS_SUPER_MAGIC;
	st->bsize = 4096;
	st->blocks = zm->dev->sectors * BLKDEV_SECTOR_SIZE / st->bsize;
	st->bfree = st->bavail = 0;
	st->namelen = VFS_NAME_MAX;
	return 0;
}

static struct vfs_fstype zfs_type = {
    .name = "zfs",
    .mount = zfs_mount,
    .unmount = zfs_unmount,
    .statfs = zfs_statfs,
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
