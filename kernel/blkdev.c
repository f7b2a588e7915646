/*
 * The block device registry and the synchronous helpers (blkdev.h).
 * Waiting is polling for now; with threads it becomes a wait queue
 * that the driver's completion wakes.
 */
#include <stdio.h>
#include <string.h>

#include "blkdev.h"

static struct blkdev *devices;

static unsigned count_prefix(const char *prefix, size_t len)
{
	unsigned n = 0;
	for (struct blkdev *d = devices; d; d = d->next)
		if (!strncmp(d->name, prefix, len))
			n++;
	return n;
}

int blkdev_register(struct blkdev *dev, const char *prefix)
{
	size_t len = strlen(prefix);
	if (len + 4 > BLKDEV_NAME_MAX)
		return -EINVAL;
	snprintf(dev->name, sizeof(dev->name), "%s%u", prefix,
		 count_prefix(prefix, len));
	if (!dev->max_sectors)
		dev->max_sectors = 1;
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

static void finish(struct blk_request *req, int status)
{
	req->status = status;
	req->done = true;
	if (req->complete)
		req->complete(req);
}

int blkdev_submit(struct blkdev *dev, struct blk_request *req)
{
	req->done = false;
	req->status = 0;
	if (req->op == BLK_FLUSH && !dev->can_flush) {
		finish(req, 0);
		return 0;
	}
	if (req->op != BLK_FLUSH &&
	    (!req->buf || !req->count || req->count > dev->max_sectors ||
	     req->sector > dev->sectors ||
	     req->count > dev->sectors - req->sector))
		return -EINVAL;
	if (req->op != BLK_READ && dev->read_only)
		return -EROFS;
	return dev->ops->submit(dev, req);
}

int blkdev_wait(struct blkdev *dev, struct blk_request *req)
{
	while (!req->done)
		if (!dev->ops->poll(dev))
			__asm__ volatile("pause");
	return req->status;
}

/* Submits, retrying while the queue is full, and waits. */
static int run(struct blkdev *dev, struct blk_request *req)
{
	int rc;
	while ((rc = blkdev_submit(dev, req)) == -EAGAIN)
		dev->ops->poll(dev);
	return rc ? rc : blkdev_wait(dev, req);
}

static int transfer(struct blkdev *dev, enum blk_op op, uint64_t sector,
		    uint8_t *buf, uint32_t count)
{
	while (count) {
		uint32_t n =
		    count < dev->max_sectors ? count : dev->max_sectors;
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

int blkdev_read(struct blkdev *dev, uint64_t sector, void *buf, uint32_t count)
{
	return transfer(dev, BLK_READ, sector, buf, count);
}

int blkdev_write(struct blkdev *dev, uint64_t sector, const void *buf,
		 uint32_t count)
{
	return transfer(dev, BLK_WRITE, sector, (uint8_t *)buf, count);
}

int blkdev_flush(struct blkdev *dev)
{
	struct blk_request req = {.op = BLK_FLUSH};
	return run(dev, &req);
}
