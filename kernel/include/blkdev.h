/*
 * Block devices: what disk drivers register and filesystems use.
 * Addresses and sizes are in 512-byte sectors whatever the device's own
 * block size.  Requests are asynchronous: blkdev_submit() starts one and
 * the driver marks it done (calling its complete function, if any) from
 * its poll function (and later from its interrupt handler).  The
 * synchronous helpers submit and poll until done, splitting large
 * transfers.  Buffers must be identity-mapped memory (the kernel heap or
 * page allocator), since drivers hand their addresses to devices.
 * Not thread-safe yet: callers serialise the use of one device.
 */
#ifndef KERNEL_BLKDEV_H
#define KERNEL_BLKDEV_H

#include <errno.h>
#include <stdbool.h>
#include <stdint.h>

#include "osv/api.h"

#define BLKDEV_SECTOR_SIZE 512
#define BLKDEV_NAME_MAX 16

enum blk_op { BLK_READ, BLK_WRITE, BLK_FLUSH };

struct blk_request {
	enum blk_op op;
	uint64_t sector;
	uint32_t count; /* sectors; 0 for a flush */
	void *buf;
	void (*complete)(struct blk_request *req); /* may be NULL */
	void *priv;				   /* the submitter's */
	/* Set by the driver. */
	volatile bool done;
	int status; /* 0, or -EIO, -EROFS, -EOPNOTSUPP */
};

struct blkdev;

struct blkdev_ops {
	/*
	 * Starts req (already checked against the device's size and
	 * read-only flag).  0, or a negative errno with nothing started;
	 * -EAGAIN when the device's queue is full (poll, then retry).
	 */
	int (*submit)(struct blkdev *dev, struct blk_request *req);
	/* Completes the requests that finished; returns how many. */
	unsigned (*poll)(struct blkdev *dev);
};

struct blkdev {
	char name[BLKDEV_NAME_MAX]; /* set by blkdev_register() */
	uint64_t sectors;
	uint32_t max_sectors; /* per request, at least 1 */
	bool read_only;
	bool can_flush; /* false: the device has no write cache to flush */
	const struct blkdev_ops *ops;
	void *driver_data;
	struct blkdev *next;
};

/*
 * Names dev prefix0, prefix1, ... (the next free number for that
 * prefix) and adds it.  Returns 0, or -EINVAL for a prefix too long.
 */
int blkdev_register(struct blkdev *dev, const char *prefix);

/* The device with this name, or NULL. */
OSV_MODULE_API struct blkdev *blkdev_find(const char *name);

/* The i-th registered device (0, 1, ...), or NULL past the last. */
OSV_MODULE_API struct blkdev *blkdev_at(unsigned i);

/*
 * Checks and starts req: -EINVAL past the end or with no buffer,
 * -EROFS for a write to a read-only device, or what the driver says.
 * A flush on a device that cannot flush completes at once.
 */
OSV_MODULE_API int blkdev_submit(struct blkdev *dev, struct blk_request *req);

/* Polls until req is done; returns its status. */
OSV_MODULE_API int blkdev_wait(struct blkdev *dev, struct blk_request *req);

/* Synchronous transfers of count sectors; 0 or a negative errno. */
OSV_MODULE_API int blkdev_read(struct blkdev *dev, uint64_t sector, void *buf,
			       uint32_t count);
OSV_MODULE_API int blkdev_write(struct blkdev *dev, uint64_t sector,
				const void *buf, uint32_t count);
OSV_MODULE_API int blkdev_flush(struct blkdev *dev);

#endif
