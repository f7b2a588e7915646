/*
 * virtio-blk (VIRTIO 1.2, 5.2) as block devices vblk0, vblk1, ...
 * Each request is three buffers on the one request queue: the header
 * (type, sector), the data (absent for a flush) and the status byte the
 * device writes; with indirect descriptors it takes one ring slot, so a
 * 128-entry queue holds 128 requests in flight.  The data buffer is one
 * descriptor (identity-mapped memory is physically contiguous), so a
 * request is at most the device's size_max, and 128 KiB.
 *
 * Requests complete from the queue's interrupt handler (or, when the
 * transport gave the queue no interrupt, from the block layer's poll);
 * one spinlock, which masks interrupts, serialises the queue between
 * submitters and the handler.
 */
#include <errno.h>
#include <stdio.h>

#include "blkdev.h"
#include "driver.h"
#include "mm.h"
#include "spinlock.h"
#include "virtio.h"
#include "klog.h"

#define F_SIZE_MAX 1
#define F_SEG_MAX 2
#define F_RO 5
#define F_BLK_SIZE 6
#define F_FLUSH 9

#define CFG_CAPACITY 0
#define CFG_SIZE_MAX 8
#define CFG_BLK_SIZE 20

#define T_IN 0
#define T_OUT 1
#define T_FLUSH 4
#define S_OK 0
#define S_UNSUPP 2

#define QUEUE_SIZE 128
#define MAX_SECTORS 256

struct vblk {
	struct blkdev blk;
	struct virtio_device *vdev;
	struct virtq *vq;
	struct spinlock lock;
};

struct vblk_req {
	struct {
		uint32_t type, reserved;
		uint64_t sector;
	} hdr;
	uint8_t status;
	struct blk_request *req;
};

static int vblk_submit(struct blkdev *blk, struct blk_request *req)
{
	struct vblk *vb = blk->driver_data;
	struct vblk_req *vr = heap_alloc(sizeof(*vr));
	if (!vr)
		return -ENOMEM; /* not -EAGAIN: none may be in flight to end */
	static const uint32_t types[] = {
	    [BLK_READ] = T_IN, [BLK_WRITE] = T_OUT, [BLK_FLUSH] = T_FLUSH};
	vr->hdr.type = types[req->op];
	vr->hdr.reserved = 0;
	vr->hdr.sector = req->op == BLK_FLUSH ? 0 : req->sector;
	vr->status = 0xff;
	vr->req = req;
	struct virtq_buf bufs[3] = {{&vr->hdr, sizeof(vr->hdr), false}};
	unsigned n = 1;
	if (req->op != BLK_FLUSH)
		bufs[n++] = (struct virtq_buf){req->buf,
					       req->count * BLKDEV_SECTOR_SIZE,
					       req->op == BLK_READ};
	bufs[n++] = (struct virtq_buf){&vr->status, 1, true};
	unsigned long flags = spin_lock(&vb->lock);
	int rc = virtq_add(vb->vq, bufs, n, vr);
	if (!rc) {
		virtq_kick(vb->vq);
		vb->blk.notifies = vb->vq->notifies;
	}
	spin_unlock(&vb->lock, flags);
	if (rc) {
		heap_free(vr);
		return rc == -ENOSPC ? -EAGAIN
				     : rc; /* only a full ring waits */
	}
	return 0;
}

/*
 * Completes what the device has used.  The queue's lock is dropped
 * around each completion, whose functions may submit again.
 */
static unsigned vblk_complete(struct vblk *vb)
{
	unsigned n = 0;
	for (;;) {
		unsigned long flags = spin_lock(&vb->lock);
		struct vblk_req *vr = virtq_get(vb->vq, NULL);
		spin_unlock(&vb->lock, flags);
		if (!vr)
			return n;
		int status = vr->status == S_OK	      ? 0
			     : vr->status == S_UNSUPP ? -EOPNOTSUPP
						      : -EIO;
		struct blk_request *req = vr->req;
		heap_free(vr);
		blkdev_complete(&vb->blk, req, status);
		n++;
	}
}

static unsigned vblk_poll(struct blkdev *blk)
{
	return vblk_complete(blk->driver_data);
}

static void vblk_interrupt(struct virtq *vq)
{
	vblk_complete(vq->priv);
}

static void vblk_describe(struct blkdev *blk)
{
	struct vblk *vb = blk->driver_data;
	unsigned long flags = spin_lock(&vb->lock);
	virtq_describe(vb->vq);
	spin_unlock(&vb->lock, flags);
}

static const struct blkdev_ops vblk_ops = {
    .submit = vblk_submit,
    .poll = vblk_poll,
    .describe = vblk_describe,
};

static uint32_t max_sectors(struct virtio_device *dev)
{
	uint32_t size_max = 0;
	if (virtio_has(dev, F_SIZE_MAX))
		virtio_config_read(dev, CFG_SIZE_MAX, &size_max, 4);
	uint32_t n = size_max ? size_max / BLKDEV_SECTOR_SIZE : MAX_SECTORS;
	return n == 0 ? 1 : n > MAX_SECTORS ? MAX_SECTORS : n;
}

static void print_disk(const struct vblk *vb)
{
	uint64_t sectors = vb->blk.sectors;
	kinfo("virtio-blk: %s at %s: %lu sectors (%lu KiB)%s%s%s%s, %s\n",
	      vb->blk.name, vb->vdev->where, sectors, sectors / 2,
	      vb->blk.read_only ? ", read-only" : "",
	      vb->blk.can_flush ? ", flush" : "",
	      virtio_has(vb->vdev, VIRTIO_F_INDIRECT_DESC) ? ", indirect" : "",
	      virtio_has(vb->vdev, VIRTIO_F_EVENT_IDX) ? ", event index" : "",
	      vb->blk.irq_vector >= 0 ? "interrupts" : "polled");
}

static int vblk_probe(struct virtio_device *dev)
{
	struct vblk *vb = heap_calloc(1, sizeof(*vb));
	if (!vb)
		return -1;
	vb->vdev = dev;
	vb->vq = virtq_create(dev, 0, QUEUE_SIZE);
	if (!vb->vq) {
		heap_free(vb);
		return -1;
	}
	virtio_config_read(dev, CFG_CAPACITY, &vb->blk.sectors, 8);
	vb->blk.max_sectors = max_sectors(dev);
	vb->blk.read_only = virtio_has(dev, F_RO);
	vb->blk.can_flush = virtio_has(dev, F_FLUSH);
	vb->blk.irq_vector = vb->vq->irq ? vb->vq->vector : -1;
	virtq_set_handler(vb->vq, vblk_interrupt, vb);
	vb->blk.ops = &vblk_ops;
	vb->blk.driver_data = vb;
	dev->driver_data = vb;
	blkdev_register(&vb->blk, "vblk");
	print_disk(vb);
	return 0;
}

static struct virtio_driver vblk_driver = {
    .name = "virtio-blk",
    .device_id = VIRTIO_ID_BLOCK,
    .features = VIRTIO_BIT(F_SIZE_MAX) | VIRTIO_BIT(F_SEG_MAX) |
		VIRTIO_BIT(F_RO) | VIRTIO_BIT(F_BLK_SIZE) | VIRTIO_BIT(F_FLUSH),
    .probe = vblk_probe,
};

static int vblk_init(void)
{
	virtio_register_driver(&vblk_driver);
	return 0;
}

DRIVER_REGISTER_HW(DRIVER_LEVEL_DEVICE, "virtio-blk", vblk_init,
		   DRIVER_HW_VIRTIO, 0);
