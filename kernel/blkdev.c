/*
 * The block device registry, completion and waiting, and the
 * synchronous helpers (blkdev.h).
 *
 * A request's waiter sleeps on the request's own wait queue; the
 * completion sets done and wakes it under that queue's lock, so the
 * waiter, which always takes the lock before it returns, cannot free
 * the request while the completion still touches it.  A submitter that
 * finds the device's queue full sleeps on the device's space queue
 * until the completion count moves.  Without interrupts (a polled
 * device, or a caller with interrupts disabled) both loops poll.
 *
 * The synchronous helpers (blkdev_io(), and blkdev_read() and
 * blkdev_write() over it) take any bytes.  The whole blocks of a
 * transfer go straight to the device and a partial block at either end
 * goes through a block-sized bounce buffer: read whole, then copied out
 * (a read) or patched and written back (a write).  Such a write is a
 * read-modify-write of bytes its caller did not ask to write, so two
 * writers of different bytes of one block could each read the block
 * before either wrote it back, and the second write-back would undo the
 * first; and a whole-block write that landed between the read and the
 * write-back would be undone too.  So a write with a partial block runs
 * alone on its device, under its partial_write sleeplock, and every
 * read-modify-write of a block in the kernel is this one (devfs and the
 * ZFS module call blkdev_io()).  Writes of whole blocks only (every
 * aligned write of a 512-byte disk) undo nothing, so they run at once,
 * counted in whole_writes: one starts only while the lock is free (else
 * it queues on the lock), and a read-modify-write starts only once the
 * count is back to 0.  With interrupts masked a sleeplock may not be
 * taken: a write is refused with -EBUSY while a thread is in the middle
 * of a write it could undo or be undone by, and needs no lock otherwise
 * (one CPU: no other thread runs until interrupts are unmasked).
 */
#include <stdio.h>
#include <string.h>

#include "blkdev.h"
#include "irq.h"
#include "klog.h"
#include "mm.h"

static struct blkdev *devices;

static unsigned count_prefix(const char *prefix, size_t len)
{
	unsigned n = 0;
	for (struct blkdev *d = devices; d; d = d->next)
		if (!strncmp(d->name, prefix, len))
			n++;
	return n;
}

/*
 * Defaults block_sectors and max_sectors, the latter rounded down to
 * whole blocks so that transfer() splits a transfer in whole blocks.
 */
static int set_block_geometry(struct blkdev *dev, const char *prefix)
{
	uint32_t block = dev->block_sectors ? dev->block_sectors : 1;
	uint32_t max = dev->max_sectors ? dev->max_sectors : block;
	max -= max % block;
	if (block & (block - 1) || !max || block > BLKDEV_MAX_BLOCK_SECTORS) {
		kprintf("blkdev: %s: blocks of %u sectors (not a power of two, "
			"over the %u sectors a request or over %u)\n",
			prefix, block, dev->max_sectors,
			BLKDEV_MAX_BLOCK_SECTORS);
		return -1;
	}
	dev->block_sectors = block;
	dev->max_sectors = max;
	return 0;
}

int blkdev_register(struct blkdev *dev, const char *prefix)
{
	size_t len = strlen(prefix);
	if (!BLKDEV_DRIVERS_BUILT) {
		kprintf("blkdev: %s: a block driver that configure does not "
			"count as one (CONF_block_drivers)\n",
			prefix);
		return -ENODEV;
	}
	if (len + 4 > BLKDEV_NAME_MAX)
		return -EINVAL;
	if (set_block_geometry(dev, prefix))
		return -EINVAL;
	snprintf(dev->name, sizeof(dev->name), "%s%u", prefix,
		 count_prefix(prefix, len));
	dev->space = (struct waitq)WAITQ_INIT;
	dev->partial_write = (struct sleeplock)SLEEPLOCK_INIT;
	dev->whole_writes = 0;
	struct blkdev **p = &devices;
	while (*p)
		p = &(*p)->next;
	dev->next = NULL;
	*p = dev;
	return 0;
}

struct blkdev *blkdev_find(const char *name)
{
	for (struct blkdev *d = devices; d; d = d->next)
		if (!strcmp(d->name, name))
			return d;
	return NULL;
}

struct blkdev *blkdev_at(unsigned i)
{
	struct blkdev *d = devices;
	while (d && i--)
		d = d->next;
	return d;
}

static void wake_request(struct blk_request *req, int status)
{
	unsigned long flags = spin_lock(&req->wq.lock);
	req->status = status;
	req->done = true;
	waitq_wake_locked(&req->wq, 1);
	spin_unlock(&req->wq.lock, flags);
}

void blkdev_complete(struct blkdev *dev, struct blk_request *req, int status)
{
	void (*complete)(struct blk_request *) = req->complete;
	unsigned long flags = spin_lock(&dev->space.lock);
	dev->completed++;
	dev->in_flight--;
	waitq_wake_locked(&dev->space, 1 << 30);
	spin_unlock(&dev->space.lock, flags);
	wake_request(req, status);
	if (complete)
		complete(req);
}

static void count_submitted(struct blkdev *dev)
{
	unsigned long flags = spin_lock(&dev->space.lock);
	if (++dev->in_flight > dev->max_in_flight)
		dev->max_in_flight = dev->in_flight;
	spin_unlock(&dev->space.lock, flags);
}

static bool may_sleep(const struct blkdev *dev)
{
	return dev->irq_vector >= 0 && irq_enabled();
}

static void poll_once(struct blkdev *dev)
{
	__atomic_fetch_add(&dev->polls, 1, __ATOMIC_RELAXED);
	if (!dev->ops->poll(dev))
		__asm__ volatile("pause");
}

int blkdev_submit(struct blkdev *dev, struct blk_request *req)
{
	req->done = false;
	req->status = 0;
	req->wq = (struct waitq)WAITQ_INIT;
	if (req->op == BLK_FLUSH && !dev->can_flush) {
		wake_request(req, 0);
		if (req->complete)
			req->complete(req);
		return 0;
	}
	/* read once: a resize may change it between two reads (blkdev.h) */
	uint64_t size = __atomic_load_n(&dev->sectors, __ATOMIC_RELAXED);
	if (req->op != BLK_FLUSH &&
	    (!req->buf || !req->count || req->count > dev->max_sectors ||
	     req->sector > size || req->count > size - req->sector ||
	     (req->sector | req->count) & (dev->block_sectors - 1)))
		return -EINVAL;
	if (req->op != BLK_READ && dev->read_only)
		return -EROFS;
	/* counted first: the completion may come before submit returns */
	count_submitted(dev);
	int rc = dev->ops->submit(dev, req);
	if (rc) {
		unsigned long flags = spin_lock(&dev->space.lock);
		dev->in_flight--;
		spin_unlock(&dev->space.lock, flags);
	}
	return rc;
}

int blkdev_wait(struct blkdev *dev, struct blk_request *req)
{
	if (!may_sleep(dev)) {
		while (!req->done)
			poll_once(dev);
	}
	/* even when done: the completion may still hold the lock */
	unsigned long flags = spin_lock(&req->wq.lock);
	while (!req->done)
		waitq_wait_locked(&req->wq, THREAD_NO_DEADLINE, false);
	spin_unlock(&req->wq.lock, flags);
	return req->status;
}

/* Until a request completes after the count `seen`. */
static void wait_for_space(struct blkdev *dev, uint64_t seen)
{
	if (!may_sleep(dev)) {
		poll_once(dev);
		return;
	}
	unsigned long flags = spin_lock(&dev->space.lock);
	while (dev->completed == seen)
		waitq_wait_locked(&dev->space, THREAD_NO_DEADLINE, false);
	spin_unlock(&dev->space.lock, flags);
}

/* Submits, retrying while the queue is full, and waits. */
static int run(struct blkdev *dev, struct blk_request *req)
{
	int rc;
	for (;;) {
		uint64_t seen = dev->completed;
		rc = blkdev_submit(dev, req);
		if (rc != -EAGAIN)
			break;
		wait_for_space(dev, seen);
	}
	return rc ? rc : blkdev_wait(dev, req);
}

static int transfer(struct blkdev *dev, enum blk_op op, uint64_t sector,
		    uint8_t *buf, uint64_t count)
{
	while (count) {
		uint32_t n = count < dev->max_sectors ? (uint32_t)count
						      : dev->max_sectors;
		struct blk_request req = {
		    .op = op, .sector = sector, .count = n, .buf = buf};
		int rc = run(dev, &req);
		if (rc)
			return rc;
		sector += n;
		buf += (size_t)n * BLKDEV_SECTOR_SIZE;
		count -= n;
	}
	return 0;
}

/*
 * The len bytes at skip of the block at sector `first` (less than a
 * block), through bounce: the block is read, then copied out or patched
 * and written back (a write: under the device's partial_write lock).
 */
static int partial_block(struct blkdev *dev, enum blk_op op, uint64_t first,
			 size_t skip, uint8_t *buf, size_t len, uint8_t *bounce)
{
	uint32_t block = dev->block_sectors;
	int rc = transfer(dev, BLK_READ, first, bounce, block);
	if (!rc && op == BLK_WRITE) {
		memcpy(bounce + skip, buf, len);
		rc = transfer(dev, BLK_WRITE, first, bounce, block);
	} else if (!rc) {
		memcpy(buf, bounce + skip, len);
	}
	return rc;
}

/* The whole blocks straight, a partial block at either end by bounce. */
static int pieces(struct blkdev *dev, enum blk_op op, uint64_t off,
		  uint8_t *buf, size_t len)
{
	size_t unit = (size_t)dev->block_sectors * BLKDEV_SECTOR_SIZE;
	uint8_t *bounce = NULL; /* a block, for the partial ones */
	/* before any write: no ENOMEM once the whole blocks are written */
	if (len && (off % unit || (off + len) % unit) &&
	    !(bounce = heap_memalign(BLKDEV_SECTOR_SIZE, unit)))
		return -ENOMEM;
	int rc = 0;
	while (len && !rc) {
		size_t skip = off % unit;
		uint64_t sector = (off - skip) / BLKDEV_SECTOR_SIZE;
		bool whole = !skip && len >= unit;
		size_t n = whole ? len - len % unit : unit - skip;
		if (n > len)
			n = len;
		if (whole)
			rc = transfer(dev, op, sector, buf,
				      n / BLKDEV_SECTOR_SIZE);
		else
			rc = partial_block(dev, op, sector, skip, buf, n,
					   bounce);
		off += n;
		buf += n;
		len -= n;
	}
	heap_free(bounce);
	return rc;
}

/* The last whole-block writer out wakes a read-modify-write waiting. */
static void whole_write_done(struct blkdev *dev)
{
	if (!__atomic_sub_fetch(&dev->whole_writes, 1, __ATOMIC_SEQ_CST) &&
	    sleep_lock_held(&dev->partial_write))
		thread_futex_wake(&dev->whole_writes, 1);
}

/* A write with a partial block: alone, once whole-block writes end. */
static int partial_write(struct blkdev *dev, uint64_t off, uint8_t *buf,
			 size_t len)
{
	sleep_lock(&dev->partial_write);
	__atomic_thread_fence(__ATOMIC_SEQ_CST); /* lock, then count */
	int n;
	while ((n = __atomic_load_n(&dev->whole_writes, __ATOMIC_SEQ_CST)))
		thread_futex_wait(&dev->whole_writes, n, THREAD_NO_DEADLINE,
				  false);
	int rc = pieces(dev, BLK_WRITE, off, buf, len);
	sleep_unlock(&dev->partial_write);
	return rc;
}

/* A write of whole blocks: beside others, never inside a rewrite. */
static int whole_write(struct blkdev *dev, uint64_t off, uint8_t *buf,
		       size_t len)
{
	__atomic_add_fetch(&dev->whole_writes, 1, __ATOMIC_SEQ_CST);
	if (sleep_lock_held(&dev->partial_write)) {
		/* a read-modify-write runs or waits: queue behind it */
		whole_write_done(dev);
		sleep_lock(&dev->partial_write);
		int rc = pieces(dev, BLK_WRITE, off, buf, len);
		sleep_unlock(&dev->partial_write);
		return rc;
	}
	int rc = pieces(dev, BLK_WRITE, off, buf, len);
	whole_write_done(dev);
	return rc;
}

int blkdev_io(struct blkdev *dev, enum blk_op op, uint64_t off, void *buf,
	      size_t len)
{
	/* read once (blkdev.h); what blkdev_submit() would say, before
	 * reading for a write */
	uint64_t size = __atomic_load_n(&dev->sectors, __ATOMIC_RELAXED) *
			BLKDEV_SECTOR_SIZE;
	if ((op != BLK_READ && op != BLK_WRITE) || off > size ||
	    len > size - off)
		return -EINVAL;
	if (op == BLK_READ)
		return pieces(dev, op, off, buf, len);
	if (dev->read_only)
		return -EROFS;
	uint64_t unit = (uint64_t)dev->block_sectors * BLKDEV_SECTOR_SIZE;
	bool partial = off % unit || len % unit;
	if (irq_enabled())
		return partial ? partial_write(dev, off, buf, len)
			       : whole_write(dev, off, buf, len);
	/* a thread asleep mid-rewrite, or mid-write under ours */
	if (sleep_lock_held(&dev->partial_write) ||
	    (partial && dev->whole_writes))
		return -EBUSY;
	return pieces(dev, op, off, buf, len);
}

/* blkdev_io() of count sectors at sector. */
static int sectors_io(struct blkdev *dev, enum blk_op op, uint64_t sector,
		      void *buf, uint32_t count)
{
	if (sector >
	    UINT64_MAX / BLKDEV_SECTOR_SIZE) /* the offset's overflow */
		return -EINVAL;
	return blkdev_io(dev, op, sector * BLKDEV_SECTOR_SIZE, buf,
			 (size_t)count * BLKDEV_SECTOR_SIZE);
}

int blkdev_read(struct blkdev *dev, uint64_t sector, void *buf, uint32_t count)
{
	return sectors_io(dev, BLK_READ, sector, buf, count);
}

int blkdev_write(struct blkdev *dev, uint64_t sector, const void *buf,
		 uint32_t count)
{
	return sectors_io(dev, BLK_WRITE, sector, (void *)buf, count);
}

int blkdev_flush(struct blkdev *dev)
{
	struct blk_request req = {.op = BLK_FLUSH};
	return run(dev, &req);
}
