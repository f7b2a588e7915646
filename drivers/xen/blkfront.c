/*
 * blkfront (io/blkif.h): Xen virtual disks as block devices vblk0,
 * vblk1, ... beside virtio's.  One shared ring page of 32 request slots;
 * a request names up to 11 granted pages by grant reference, each with
 * the first and last 512-byte sector used in it, so a request is at
 * most 80 sectors whatever the buffer's alignment within a page.  A
 * buffer that is not sector-aligned goes through a bounce buffer.  The
 * request's id is the index of its shadow slot, which keeps the blkdev
 * request, the grants to revoke and the bounce buffer.
 *
 * Connection: wait for the backend's InitWait, grant the ring, allocate
 * an event channel, publish ring-ref, event-channel and protocol in one
 * transaction, go Initialised, wait for Connected, read the size, go
 * Connected.  A backend that closes (or never gets there) instead is
 * answered by closing our end: the disk is not registered.
 *
 * Completions come from the event channel's handler or the block
 * layer's poll; one spinlock guards the ring and the shadow slots.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "blkdev.h"
#include "driver.h"
#include "klog.h"
#include "mm.h"
#include "spinlock.h"
#include "xen.h"
#include "xen_hv.h"

#define RING XEN_BLKIF_RING_SIZE
#define MAX_SECTORS ((XEN_BLKIF_MAX_SEGMENTS - 1) * (XEN_PAGE_SIZE / 512))
#define STATE_TIMEOUT_NS (10 * 1000000000ULL)
#define SECTOR_ALIGN 512

struct shadow {
	struct blk_request *req;
	void *bounce;
	uint8_t nsegs;
	xen_grant_ref_t grefs[XEN_BLKIF_MAX_SEGMENTS];
};

struct blkfront {
	struct blkdev blk;
	struct xenbus_device *dev;
	volatile struct xen_blkif_sring *sring;
	xen_grant_ref_t ring_ref;
	xen_evtchn_port_t port;
	uint32_t req_prod_pvt, rsp_cons;
	struct spinlock lock;
	struct shadow shadow[RING];
	uint32_t free_ids[RING];
	unsigned nfree;
	unsigned leaked_grants; /* refs the backend never released */
};

static void end_grants(struct blkfront *bf, struct shadow *sh)
{
	for (unsigned i = 0; i < sh->nsegs; i++)
		if (gnttab_end(sh->grefs[i]))
			bf->leaked_grants++;
	sh->nsegs = 0;
}

/* Grants the pages of [buf, buf + len) into req's segments. */
static int grant_segments(struct blkfront *bf, struct shadow *sh,
			  volatile struct xen_blkif_request *r, char *buf,
			  uint32_t len, bool readonly)
{
	while (len) {
		uintptr_t a = (uintptr_t)buf;
		uint32_t off = a % XEN_PAGE_SIZE;
		uint32_t n =
		    XEN_PAGE_SIZE - off < len ? XEN_PAGE_SIZE - off : len;
		int ref = gnttab_grant(bf->dev->otherend_id, xen_hv_gfn(buf),
				       readonly);
		if (ref < 0)
			return -EAGAIN;
		unsigned i = sh->nsegs++;
		sh->grefs[i] = (xen_grant_ref_t)ref;
		r->seg[i].gref = (xen_grant_ref_t)ref;
		r->seg[i].first_sect = (uint8_t)(off / 512);
		r->seg[i].last_sect = (uint8_t)((off + n) / 512 - 1);
		buf += n;
		len -= n;
	}
	r->nr_segments = sh->nsegs;
	return 0;
}

static void push_requests(struct blkfront *bf)
{
	uint32_t old = bf->sring->h.req_prod, now = bf->req_prod_pvt;
	__atomic_thread_fence(__ATOMIC_RELEASE);
	bf->sring->h.req_prod = now;
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	if (now - bf->sring->h.req_event < now - old)
		evtchn_notify(bf->port);
}

/* Fills the request slot; the caller holds the lock and a free id. */
static int fill_request(struct blkfront *bf, uint32_t id,
			struct blk_request *req)
{
	struct shadow *sh = &bf->shadow[id];
	volatile struct xen_blkif_request *r =
	    &bf->sring->ring[bf->req_prod_pvt % RING].req;
	static const uint8_t ops[] = {[BLK_READ] = XEN_BLKIF_OP_READ,
				      [BLK_WRITE] = XEN_BLKIF_OP_WRITE,
				      [BLK_FLUSH] =
					  XEN_BLKIF_OP_FLUSH_DISKCACHE};
	r->operation = ops[req->op];
	r->handle = 0;
	r->id = id;
	r->sector_number = req->op == BLK_FLUSH ? 0 : req->sector;
	r->nr_segments = 0;
	sh->req = req;
	sh->nsegs = 0;
	sh->bounce = NULL;
	if (req->op == BLK_FLUSH)
		return 0;
	uint32_t len = req->count * BLKDEV_SECTOR_SIZE;
	char *data = req->buf;
	if ((uintptr_t)data % SECTOR_ALIGN) {
		sh->bounce = heap_memalign(XEN_PAGE_SIZE, len);
		if (!sh->bounce)
			return -ENOMEM;
		if (req->op == BLK_WRITE)
			memcpy(sh->bounce, data, len);
		data = sh->bounce;
	}
	int rc = grant_segments(bf, sh, r, data, len, req->op == BLK_WRITE);
	if (rc) {
		end_grants(bf, sh);
		heap_free(sh->bounce);
		sh->bounce = NULL;
	}
	return rc;
}

static int blkfront_submit(struct blkdev *blk, struct blk_request *req)
{
	struct blkfront *bf = blk->driver_data;
	if (req->count > MAX_SECTORS)
		return -EINVAL; /* more than a request's 11 segments hold */
	unsigned long flags = spin_lock(&bf->lock);
	if (!bf->nfree) {
		spin_unlock(&bf->lock, flags);
		return -EAGAIN;
	}
	uint32_t id = bf->free_ids[--bf->nfree];
	int rc = fill_request(bf, id, req);
	if (rc) {
		bf->free_ids[bf->nfree++] = id;
		/*
		 * The grant table is shared with the other devices: with
		 * none of ours in flight, no completion of ours frees one.
		 */
		if (rc == -EAGAIN && bf->nfree == RING)
			rc = -ENOMEM;
	} else {
		bf->req_prod_pvt++;
		push_requests(bf);
	}
	spin_unlock(&bf->lock, flags);
	return rc;
}

static int status_of(int16_t st)
{
	return st == XEN_BLKIF_RSP_OKAY		? 0
	       : st == XEN_BLKIF_RSP_EOPNOTSUPP ? -EOPNOTSUPP
						: -EIO;
}

/*
 * Takes one response off the ring; its request in *req and status in
 * *status.  false when none is waiting.  Caller holds the lock.
 */
static bool take_response(struct blkfront *bf, struct blk_request **req,
			  int *status)
{
	for (;;) {
		uint32_t rp = bf->sring->h.rsp_prod;
		__atomic_thread_fence(__ATOMIC_ACQUIRE);
		if (bf->rsp_cons == rp) {
			/* Ask for an event at the next response, recheck. */
			bf->sring->h.rsp_event = bf->rsp_cons + 1;
			__atomic_thread_fence(__ATOMIC_SEQ_CST);
			if (bf->sring->h.rsp_prod == rp)
				return false;
			continue;
		}
		volatile struct xen_blkif_response *r =
		    &bf->sring->ring[bf->rsp_cons++ % RING].rsp;
		uint64_t id = r->id;
		struct shadow *sh = id < RING ? &bf->shadow[id] : NULL;
		if (!sh || !sh->req) {
			kprintf("blkfront: %s: response with bad id %lu\n",
				bf->blk.name, (unsigned long)id);
			continue;
		}
		*req = sh->req;
		*status = status_of(r->status);
		end_grants(bf, sh);
		if (sh->bounce && (*req)->op == BLK_READ && !*status)
			memcpy((*req)->buf, sh->bounce,
			       (*req)->count * BLKDEV_SECTOR_SIZE);
		heap_free(sh->bounce);
		sh->bounce = NULL;
		sh->req = NULL;
		bf->free_ids[bf->nfree++] = (uint32_t)id;
		return true;
	}
}

/* Completes what the backend answered; the lock is dropped around each
 * completion, whose function may submit again. */
static unsigned blkfront_complete(struct blkfront *bf)
{
	unsigned n = 0;
	for (;;) {
		struct blk_request *req;
		int status;
		unsigned long flags = spin_lock(&bf->lock);
		bool got = take_response(bf, &req, &status);
		spin_unlock(&bf->lock, flags);
		if (!got)
			return n;
		blkdev_complete(&bf->blk, req, status);
		n++;
	}
}

static unsigned blkfront_poll(struct blkdev *blk)
{
	return blkfront_complete(blk->driver_data);
}

static void blkfront_event(xen_evtchn_port_t port, void *arg)
{
	(void)port;
	blkfront_complete(arg);
}

static const struct blkdev_ops blkfront_ops = {
    .submit = blkfront_submit,
    .poll = blkfront_poll,
};

/* Grants the ring, binds the event channel, publishes both. */
static int publish(struct blkfront *bf)
{
	struct xenbus_device *dev = bf->dev;
	int ref = gnttab_grant(dev->otherend_id, xen_hv_gfn((void *)bf->sring),
			       false);
	if (ref < 0)
		return -ENOSPC;
	bf->ring_ref = (xen_grant_ref_t)ref;
	int rc = evtchn_alloc_unbound(dev->otherend_id, &bf->port);
	if (rc)
		return rc;
	evtchn_bind(bf->port, blkfront_event, bf);
	char path[128];
	for (;;) {
		uint32_t tx;
		rc = xs_transaction_start(&tx);
		if (rc)
			return rc;
		snprintf(path, sizeof(path), "%s/ring-ref", dev->nodename);
		rc = xs_printf(tx, path, "%u", bf->ring_ref);
		snprintf(path, sizeof(path), "%s/event-channel", dev->nodename);
		if (!rc)
			rc = xs_printf(tx, path, "%u", bf->port);
		snprintf(path, sizeof(path), "%s/protocol", dev->nodename);
		if (!rc)
			rc = xs_write(tx, path, "x86_64-abi");
		int end = xs_transaction_end(tx, rc == 0);
		if (rc)
			return rc;
		if (end != -EAGAIN)
			return end;
	}
}

static void read_disk(struct blkfront *bf)
{
	uint64_t v = 0;
	xenbus_read_otherend(bf->dev, "sectors", &bf->blk.sectors);
	if (!xenbus_read_otherend(bf->dev, "info", &v))
		bf->blk.read_only = v & XEN_VDISK_READONLY;
	v = 0;
	xenbus_read_otherend(bf->dev, "feature-flush-cache", &v);
	bf->blk.can_flush = v != 0;
	bf->blk.max_sectors = MAX_SECTORS;
	bf->blk.irq_vector = evtchn_vector();
}

/* Tells a failure, closes our end; returns -1 for probe. */
static int give_up(struct blkfront *bf, const char *why, int state)
{
	kprintf("blkfront: %s: %s (backend %s)\n", bf->dev->nodename, why,
		state < 0 ? "silent" : xenbus_state_name(state));
	xenbus_switch_state(bf->dev, XENBUS_CLOSED);
	return -1;
}

static int connect(struct blkfront *bf)
{
	struct xenbus_device *dev = bf->dev;
	int st = xenbus_wait_otherend(
	    dev, 1u << XENBUS_INITWAIT | 1u << XENBUS_CONNECTED,
	    STATE_TIMEOUT_NS);
	if (st != XENBUS_INITWAIT && st != XENBUS_CONNECTED)
		return give_up(bf, "the backend is not ready", st);
	int rc = publish(bf);
	if (rc)
		return give_up(bf, "cannot publish the ring", rc);
	xenbus_switch_state(dev, XENBUS_INITIALISED);
	st =
	    xenbus_wait_otherend(dev, 1u << XENBUS_CONNECTED, STATE_TIMEOUT_NS);
	if (st != XENBUS_CONNECTED)
		return give_up(bf, "the backend did not connect", st);
	read_disk(bf);
	if (!bf->blk.sectors)
		return give_up(bf, "the backend gives no size", st);
	xenbus_switch_state(dev, XENBUS_CONNECTED);
	return 0;
}

static int blkfront_probe(struct xenbus_device *dev)
{
	struct blkfront *bf = heap_calloc(1, sizeof(*bf));
	void *ring = page_alloc(0);
	if (!bf || !ring) {
		heap_free(bf);
		if (ring)
			page_free(ring, 0);
		return -1;
	}
	memset(ring, 0, XEN_PAGE_SIZE);
	bf->sring = ring;
	bf->dev = dev;
	for (uint32_t i = 0; i < RING; i++)
		bf->free_ids[bf->nfree++] = RING - 1 - i;
	/* What a shared ring starts as (io/ring.h's SHARED_RING_INIT). */
	bf->sring->h.req_event = bf->sring->h.rsp_event = 1;
	if (connect(bf))
		return -1; /* ring and grants kept: the backend may hold them */
	bf->blk.ops = &blkfront_ops;
	bf->blk.driver_data = bf;
	dev->driver_data = bf;
	blkdev_register(&bf->blk, "vblk");
	kinfo("blkfront: %s at %s: %lu sectors (%lu KiB)%s%s, backend %s\n",
	      bf->blk.name, dev->nodename, (unsigned long)bf->blk.sectors,
	      (unsigned long)bf->blk.sectors / 2,
	      bf->blk.read_only ? ", read-only" : "",
	      bf->blk.can_flush ? ", flush" : "", dev->otherend);
	return 0;
}

static struct xenbus_driver blkfront_driver = {
    .type = "vbd",
    .probe = blkfront_probe,
};

int blkfront_start(void)
{
	xenbus_register_driver(&blkfront_driver);
	return 0;
}

DRIVER_REGISTER_HW(DRIVER_LEVEL_BUS, "xen-blkfront", blkfront_start,
		   DRIVER_HW_XEN, 0);
