/*
 * The pool's device: a struct zfs_bio over a kernel block device
 * (blkdev.h).  The reader asks for bytes at any offset into any buffer,
 * while the device wants identity-mapped memory; so every transfer goes
 * through a bounce buffer from the kernel heap (malloc below the
 * mapping threshold of 128 KiB is the heap), and the block layer
 * (blkdev_io()) does the read-modify-write of partial blocks: on a disk
 * of 4096-byte blocks a pool of ashift 12 (osv-mkzfs's default) asks
 * for whole blocks, and one of ashift 9 still works, at a block's read
 * more per partial block.  The guest never creates a pool, so there is
 * no ashift to choose from the device's block.  The VFS serialises a
 * mount's operations, which keeps the bounce buffer to one user.
 */
#include <stdlib.h>
#include <string.h>

#include "blkdev.h"
#include "zfs_module.h"

#define BOUNCE_BYTES (64u * 1024)
#define SECTOR BLKDEV_SECTOR_SIZE
_Static_assert(
    BOUNCE_BYTES % (BLKDEV_MAX_BLOCK_SECTORS * SECTOR) == 0,
    "pieces of the bounce buffer end on the device's block boundaries");

struct zfs_blkdev {
	struct zfs_bio bio;
	struct blkdev *dev;
	uint8_t *bounce; /* BOUNCE_BYTES, identity-mapped */
};

/*
 * Moves len bytes at byte offset off between buf and the device, a
 * bounce buffer's worth at a time, each piece at off's offset within a
 * sector so that the whole blocks blkdev_io() sends straight from the
 * bounce are as aligned as the bounce, and ending on a block boundary
 * (but the last) so that no block is rewritten for each of two pieces.
 */
static int transfer(struct zfs_blkdev *b, uint64_t off, uint8_t *rbuf,
		    const uint8_t *wbuf, size_t len)
{
	enum blk_op op = wbuf ? BLK_WRITE : BLK_READ;
	size_t unit = (size_t)b->dev->block_sectors * SECTOR;
	while (len) {
		uint8_t *at = b->bounce + off % SECTOR;
		/* off % unit >= off % SECTOR: at + n stays in the bounce */
		size_t n = BOUNCE_BYTES - off % unit;
		if (n > len)
			n = len;
		if (op == BLK_WRITE) {
			memcpy(at, wbuf, n);
			wbuf += n;
		}
		int err = blkdev_io(b->dev, op, off, at, n);
		if (err)
			return err < 0 ? err : -ZFS_EIO;
		if (op == BLK_READ) {
			memcpy(rbuf, at, n);
			rbuf += n;
		}
		off += n;
		len -= n;
	}
	return 0;
}

static int bio_read(void *ctx, uint64_t off, void *buf, size_t len)
{
	struct zfs_blkdev *b = ctx;
	if (off > b->bio.size || len > b->bio.size - off)
		return -ZFS_EIO;
	return transfer(b, off, buf, NULL, len);
}

static int bio_write(void *ctx, uint64_t off, const void *buf, size_t len)
{
	struct zfs_blkdev *b = ctx;
	if (off > b->bio.size || len > b->bio.size - off)
		return -ZFS_EIO;
	return transfer(b, off, NULL, buf, len);
}

/* A virtio-blk FLUSH: what was written before is on stable storage. */
static int bio_flush(void *ctx)
{
	struct zfs_blkdev *b = ctx;
	int err = blkdev_flush(b->dev);
	return err < 0 ? err : err ? -ZFS_EIO : 0;
}

struct blkdev *zfs_find_blkdev(const char *source)
{
	if (strncmp(source, "/dev/", 5) == 0)
		source += 5;
	return blkdev_find(source);
}

int zfs_blkdev_open(struct blkdev *dev, struct zfs_blkdev **out,
		    const struct zfs_bio **bio)
{
	struct zfs_blkdev *b = calloc(1, sizeof(*b));
	if (!b)
		return -ZFS_ENOMEM;
	b->bounce = malloc(BOUNCE_BYTES);
	if (!b->bounce) {
		free(b);
		return -ZFS_ENOMEM;
	}
	b->dev = dev;
	b->bio.ctx = b;
	b->bio.read = bio_read;
	b->bio.write = dev->read_only ? NULL : bio_write;
	b->bio.size = dev->sectors * SECTOR;
	b->bio.flush = dev->read_only ? NULL : bio_flush;
	*out = b;
	*bio = &b->bio;
	return 0;
}

void zfs_blkdev_close(struct zfs_blkdev *b)
{
	if (!b)
		return;
	free(b->bounce);
	free(b);
}
