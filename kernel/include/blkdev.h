/*
 * Block devices: what disk drivers register and filesystems use.
 * Addresses and sizes are in 512-byte sectors whatever the device's own
 * block size (blkdev_io(): in bytes).  Requests are asynchronous:
 * blkdev_submit() starts one and the driver ends it with blkdev_complete(),
 * from its interrupt handler or, for a device without interrupts, from its poll
 * function.  Waiting (blkdev_wait() and the synchronous helpers, which split
 * large transfers) sleeps on the request's wait queue when the device
 * interrupts and the caller may sleep, else polls.  Buffers must be
 * identity-mapped memory (the kernel heap or page allocator), since
 * drivers hand their addresses to devices.  Threads may submit to one
 * device concurrently; drivers serialise their queues.
 *
 * Requests in flight together are carried out in any order: devices
 * reorder them, and a driver may send a refused one again after later
 * ones (virtio-scsi after BUSY).  A flush covers the writes completed
 * before it was submitted, not those still in flight; a caller that
 * needs one write before another, or under a flush, waits for its
 * completion first (the synchronous helpers below do).
 */
#ifndef KERNEL_BLKDEV_H
#define KERNEL_BLKDEV_H

#include <errno.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "config.h"

#include "osv/api.h"
#include "sleeplock.h"
#include "thread.h"

#define BLKDEV_SECTOR_SIZE 512
#define BLKDEV_NAME_MAX 16
/* The largest block blkdev_register() takes: 64 KiB, in sectors. */
#define BLKDEV_MAX_BLOCK_SECTORS 128

enum blk_op { BLK_READ, BLK_WRITE, BLK_FLUSH };

struct blk_request {
	enum blk_op op;
	uint64_t sector;
	uint32_t count; /* sectors; 0 for a flush */
	void *buf;
	/*
	 * Called once the request is done, maybe from interrupt context;
	 * the request stays the submitter's (not to be freed) until it
	 * has run.  May be NULL.
	 */
	void (*complete)(struct blk_request *req);
	void *priv; /* the submitter's */
	/* Set by blkdev_submit() and blkdev_complete(). */
	volatile bool done;
	int status; /* 0, or -EIO, -EROFS, -EOPNOTSUPP */
	struct waitq wq;
};

struct blkdev;

struct blkdev_ops {
	/*
	 * Starts req (already checked against the device's size and
	 * read-only flag).  0, or a negative errno with nothing started;
	 * -EAGAIN when the device's queue is full (poll, then retry).
	 */
	int (*submit)(struct blkdev *dev, struct blk_request *req);
	/*
	 * Completes the requests that finished (blkdev_complete());
	 * returns how many.  Any context, interrupts enabled or not.
	 */
	unsigned (*poll)(struct blkdev *dev);
	/* Optional: logs the state of the device's queue (stall reports). */
	void (*describe)(struct blkdev *dev);
};

struct blkdev {
	char name[BLKDEV_NAME_MAX]; /* set by blkdev_register() */
	/*
	 * A driver may change it while the device is in use (a resize:
	 * virtio-scsi), with __atomic_store_n; a check against it reads
	 * it once (__atomic_load_n), lest a shrink between two reads let
	 * `size - sector` wrap.
	 */
	uint64_t sectors;
	uint32_t max_sectors; /* per request, at least 1 */
	/*
	 * The device's block in sectors, set by drivers of devices whose
	 * block is larger than a sector (8: 4096-byte blocks); 0 or 1: a
	 * sector.  blkdev_submit() refuses requests not in whole blocks
	 * with -EINVAL, and blkdev_register() rounds max_sectors down to
	 * whole blocks, so the synchronous helpers' pieces are whole
	 * blocks when the transfer is.  Callers of blkdev_submit() size
	 * requests with it; the synchronous helpers take any bytes.
	 */
	uint32_t block_sectors;
	bool read_only;
	bool can_flush; /* false: the device has no write cache to flush */
	/*
	 * Set by the driver: completions arrive by interrupt, on this
	 * vector (irq.h), so waiters sleep; -1: the device is polled.
	 */
	int irq_vector;
	uint64_t notifies; /* by the driver: doorbells rung, if it counts */
	const struct blkdev_ops *ops;
	void *driver_data;
	struct blkdev *next;
	/* Kept by blkdev.c. */
	struct waitq space;	     /* woken at each completion */
	volatile uint64_t completed; /* requests completed */
	uint64_t polls;		     /* poll calls by waiters */
	unsigned in_flight, max_in_flight;
	struct sleeplock partial_write; /* writes of partial blocks; blkdev.c */
	volatile int whole_writes; /* whole-block writes under way; blkdev.c */
};

/*
 * Whether configure built a block driver (--with-drivers; configure.ac
 * names them).  Without one no device ever registers, and what serves
 * only devices (devfs's disk nodes, rofs) is left out of the kernel.  A
 * new block driver joins configure's list: blkdev_register() refuses a
 * device while this is false.
 */
#define BLKDEV_DRIVERS_BUILT CONF_block_drivers

/*
 * Names dev prefix0, prefix1, ... (the next free number for that
 * prefix) and adds it.  Returns 0, or -EINVAL for a prefix too long or
 * a block_sectors that is not a power of two or exceeds max_sectors or
 * BLKDEV_MAX_BLOCK_SECTORS (64 KiB),
 * -ENODEV when configure does not count the caller's driver as one.
 */
int blkdev_register(struct blkdev *dev, const char *prefix);

/* The device with this name, or NULL. */
OSV_MODULE_API struct blkdev *blkdev_find(const char *name);

/* The i-th registered device (0, 1, ...), or NULL past the last. */
OSV_MODULE_API struct blkdev *blkdev_at(unsigned i);

/*
 * Checks and starts req: -EINVAL past the end, with no buffer or not
 * in whole blocks (block_sectors), -EROFS for a write to a read-only
 * device, or what the driver says.
 * A flush on a device that cannot flush completes at once.
 */
OSV_MODULE_API int blkdev_submit(struct blkdev *dev, struct blk_request *req);

/*
 * For drivers: req ended with status.  Wakes its waiter, then calls its
 * complete function.  Any context.
 */
void blkdev_complete(struct blkdev *dev, struct blk_request *req, int status);

/* Waits until req is done (sleeping or polling); returns its status. */
OSV_MODULE_API int blkdev_wait(struct blkdev *dev, struct blk_request *req);

/*
 * A synchronous transfer (op BLK_READ or BLK_WRITE) of the len bytes at
 * byte offset off of the device, any offset and length: 0, or -EINVAL
 * past the end or for another op, -EROFS, -ENOMEM, -EBUSY (below), or
 * what blkdev_submit() and the device say (-EIO ...).  The whole blocks
 * move straight between buf and the device, so buf is identity-mapped
 * memory and, for drivers that want aligned buffers, keeps off's
 * alignment within a sector (buf + the bytes to off's next block
 * boundary is where the whole blocks start).  A partial block at either
 * end goes through a bounce buffer of a block: read whole, and for a
 * write patched and written back, at the cost of a block's read (and
 * write) more.  Concurrent writes of different bytes of one block do
 * not lose each other's bytes: a write with a partial block runs alone
 * on its device, under a sleeplock, so writes may sleep; writes of
 * whole blocks only run at once.  With interrupts masked a write fails
 * with -EBUSY while another thread's could undo it or be undone by it.
 */
OSV_MODULE_API int blkdev_io(struct blkdev *dev, enum blk_op op, uint64_t off,
			     void *buf, size_t len);

/* blkdev_io() of count sectors at sector. */
OSV_MODULE_API int blkdev_read(struct blkdev *dev, uint64_t sector, void *buf,
			       uint32_t count);
OSV_MODULE_API int blkdev_write(struct blkdev *dev, uint64_t sector,
				const void *buf, uint32_t count);
OSV_MODULE_API int blkdev_flush(struct blkdev *dev);

#endif
