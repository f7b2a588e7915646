/*
 * virtio-9p, the 9P transport (VIRTIO 1.2, 5.16; QEMU's -fsdev with
 * virtio-9p-pci or virtio-9p-device): one queue on which each request
 * is two buffers, the whole 9P message the device reads and the one it
 * writes its reply into.  Each device becomes a 9P channel
 * (p9_transport.h) named by its mount tag, read from the configuration
 * (a 16-bit length, then the tag's bytes, no NUL).
 *
 * One request at a time per device: a caller owns the queue until its
 * reply came, sleeping until the queue's interrupt says so, or polling
 * when the queue has no interrupt or interrupts are off.  The 9P client
 * serialises a mount's requests anyway; mounts of one tag take turns
 * here.
 */
#include <errno.h>

#include "driver.h"
#include "klog.h"
#include "irq.h"
#include "mm.h"
#include "p9_transport.h"
#include "thread.h"
#include "virtio.h"

#define F_MOUNT_TAG 0
#define CFG_TAG_LEN 0
#define CFG_TAG 2
#define QUEUE_SIZE 8
/* The largest message: what a 9P client asks at most (msize). */
#define MAX_MSG (128u << 10)
#define SPIN_LIMIT 1000000000ULL

struct v9p {
	struct p9_channel ch;
	struct virtq *vq;
	struct waitq wq; /* its lock guards what follows */
	bool busy;	 /* a caller owns the queue */
	bool done;	 /* the device gave the reply back */
	bool lost; /* a polled wait gave up: the device is not answering */
};

/* Takes what the device used; the caller holds wq.lock. */
static void collect_locked(struct v9p *d)
{
	if (virtq_get(d->vq, NULL)) {
		d->done = true;
		waitq_wake_locked(&d->wq, 1 << 30);
	}
}

static void v9p_interrupt(struct virtq *vq)
{
	struct v9p *d = vq->priv;
	spin_lock_noirq(&d->wq.lock);
	collect_locked(d);
	spin_unlock_noirq(&d->wq.lock);
}

/* Waits with wq.lock held; false when a polled wait gave up. */
static bool wait_done(struct v9p *d, unsigned long flags)
{
	if (d->vq->irq && irq_flags_enabled(flags)) {
		while (!d->done)
			waitq_wait_locked(&d->wq, THREAD_NO_DEADLINE, false);
		return true;
	}
	for (uint64_t spins = 0; !d->done; spins++) {
		if (spins == SPIN_LIMIT)
			return false;
		collect_locked(d);
		__asm__ volatile("pause");
	}
	return true;
}

static int v9p_rpc(struct p9_channel *ch, const void *req, uint32_t req_len,
		   void *resp, uint32_t resp_cap)
{
	struct v9p *d = (struct v9p *)ch;
	unsigned long flags = spin_lock(&d->wq.lock);
	while (d->busy && irq_flags_enabled(flags))
		waitq_wait_locked(&d->wq, THREAD_NO_DEADLINE, false);
	if (d->busy || d->lost) {
		spin_unlock(&d->wq.lock, flags);
		return -EIO;
	}
	d->busy = true;
	d->done = false;
	struct virtq_buf bufs[2] = {{(void *)req, req_len, false},
				    {resp, resp_cap, true}};
	int rc = -EIO;
	if (!virtq_add(d->vq, bufs, 2, d)) {
		virtq_kick(d->vq);
		if (wait_done(d, flags))
			rc = 0;
		else
			d->lost = true; /* the device still has the buffers */
	}
	d->busy = false;
	waitq_wake_locked(&d->wq, 1 << 30);
	spin_unlock(&d->wq.lock, flags);
	return rc;
}

/* The device's mount tag, NUL-terminated on the heap; NULL when none. */
static char *read_tag(struct virtio_device *dev)
{
	uint16_t len = 0;
	if (virtio_has(dev, F_MOUNT_TAG))
		virtio_config_read(dev, CFG_TAG_LEN, &len, 2);
	char *tag = len ? heap_alloc(len + 1u) : NULL;
	if (!tag)
		return NULL;
	for (uint16_t i = 0; i < len; i++)
		virtio_config_read(dev, CFG_TAG + i, tag + i, 1);
	tag[len] = '\0';
	return tag;
}

static int v9p_probe(struct virtio_device *dev)
{
	struct v9p *d = heap_calloc(1, sizeof(*d));
	char *tag = d ? read_tag(dev) : NULL;
	if (!tag) {
		kprintf("virtio-9p: %s: no mount tag, device left alone\n",
			dev->where);
		heap_free(d);
		return -1;
	}
	d->vq = virtq_create(dev, 0, QUEUE_SIZE);
	if (!d->vq) {
		heap_free(tag);
		heap_free(d);
		return -1;
	}
	d->wq = (struct waitq)WAITQ_INIT;
	d->ch.tag = tag;
	d->ch.max_msg = MAX_MSG;
	d->ch.rpc = v9p_rpc;
	virtq_set_handler(d->vq, v9p_interrupt, d);
	dev->driver_data = d;
	p9_channel_register(&d->ch);
	kinfo("virtio-9p: tag %s at %s, %s\n", tag, dev->where,
	      d->vq->irq ? "interrupts" : "polled");
	return 0;
}

static struct virtio_driver v9p_driver = {
    .name = "virtio-9p",
    .device_id = VIRTIO_ID_9P,
    .features = VIRTIO_BIT(F_MOUNT_TAG),
    .probe = v9p_probe,
};

static int v9p_init(void)
{
	virtio_register_driver(&v9p_driver);
	return 0;
}

DRIVER_REGISTER_HW(DRIVER_LEVEL_DEVICE, "virtio-9p", v9p_init, DRIVER_HW_VIRTIO,
		   0);
