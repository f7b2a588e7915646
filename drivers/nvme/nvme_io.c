/*
 * NVMe I/O (NVM command set, 7): blkdev requests become Read, Write and
 * Flush commands on the controller's one I/O queue pair, whose slot
 * number is the command identifier.  The controller's spinlock, which
 * masks interrupts, serialises submitters and the completion handler;
 * completions run outside it, as they may submit again.  The
 * namespaces share the slots; one that finds them full with none of
 * its own requests in them parks its request (nvme_submit).
 *
 * A request's data is described by PRPs (4.1.1): PRP1 the first page
 * (at any dword offset), PRP2 the second page or a PRP list.  Requests
 * are capped at MAX_BYTES, so each slot's list is a fixed 256-byte
 * piece of one page and never needs chaining.
 */
#include <stdio.h>

#include "klog.h"
#include "nvme.h"
#include "pci.h"

#define NVM_FLUSH 0x00
#define NVM_WRITE 0x01
#define NVM_READ 0x02

/*
 * PRP1/PRP2 for len bytes at buf (PRP1 may start inside a page; the
 * others are whole pages), the list in s's page when over two pages.
 */
static void set_prps(struct sqe *e, struct slot *s, uintptr_t buf, uint32_t len)
{
	e->prp1 = buf;
	uintptr_t next = (buf & ~(uintptr_t)(PAGE - 1)) + PAGE;
	uintptr_t end = buf + len;
	if (end <= next)
		return;
	if (end <= next + PAGE) {
		e->prp2 = next;
		return;
	}
	unsigned n = 0;
	for (uintptr_t p = next; p < end; p += PAGE)
		s->prp_list[n++] = p;
	e->prp2 = (uintptr_t)s->prp_list;
}

/* The first free slot, or NULL.  Holds c->lock. */
static struct slot *free_slot(struct nvme *c)
{
	for (unsigned i = 0; i < QDEPTH; i++)
		if (!c->slots[i].req)
			return &c->slots[i];
	return NULL;
}

/* Puts req in slot s and tells the device.  Holds c->lock. */
static void start_locked(struct nvme *c, struct slot *s, struct nvme_ns *ns,
			 struct blk_request *req)
{
	static const uint8_t ops[] = {[BLK_READ] = NVM_READ,
				      [BLK_WRITE] = NVM_WRITE,
				      [BLK_FLUSH] = NVM_FLUSH};
	unsigned cid = (unsigned)(s - c->slots);
	s->req = req;
	s->ns = ns;
	struct sqe e = {.cdw0 = ops[req->op] | cid << 16, .nsid = ns->nsid};
	if (req->op != BLK_FLUSH) {
		uint64_t lba = req->sector >> ns->shift;
		e.cdw10 = (uint32_t)lba;
		e.cdw11 = (uint32_t)(lba >> 32);
		e.cdw12 = (req->count >> ns->shift) - 1;
		set_prps(&e, s, (uintptr_t)req->buf,
			 req->count * BLKDEV_SECTOR_SIZE);
	}
	queue_push(&c->io, &e);
	ns->blk.notifies++;
}

/*
 * Parked requests into the slots that are free, oldest first.  Runs
 * whenever a slot frees, so no slot is free while one is parked.
 * Holds c->lock.
 */
static void unpark_locked(struct nvme *c)
{
	struct slot *s;
	while (c->parked && (s = free_slot(c))) {
		struct nvme_ns *ns = c->parked;
		c->parked = ns->next_parked;
		start_locked(c, s, ns, ns->parked);
		ns->parked = NULL;
	}
	if (!c->parked)
		c->parked_tail = &c->parked;
}

/*
 * The namespaces share the controller's slots, but the block layer
 * waits out -EAGAIN until one of the namespace's own requests
 * completes: a namespace with none in a slot that found them all taken
 * by the others would wait for ever.  Its request is parked instead,
 * and takes the next slot that frees.  A namespace parks one request at
 * most (it is then busy), so every namespace has a request in a slot
 * or next in line: none starves.
 */
static int nvme_submit(struct blkdev *blk, struct blk_request *req)
{
	struct nvme_ns *ns = blk->driver_data;
	struct nvme *c = ns->ctrl;
	if (req->op != BLK_FLUSH && (uintptr_t)req->buf & 3) {
		/* PRP entries have bits 1:0 clear (4.1.1) */
		kprintf("nvme: %s: buffer %p not 4-byte aligned\n", blk->name,
			req->buf);
		return -EINVAL;
	}
	unsigned long flags = spin_lock(&c->lock);
	if (c->shut) {
		/*
		 * A command after the shutdown is undefined (3.6.1):
		 * refused.  Said once a namespace: a writer still running
		 * at power-off would print a line a request.
		 */
		bool say = !ns->said_shut;
		ns->said_shut = true;
		spin_unlock(&c->lock, flags);
		if (say)
			kprintf("nvme: %s: request after the controller's "
				"shutdown: EIO\n",
				blk->name);
		return -EIO;
	}
	struct slot *s = free_slot(c);
	int rc = 0;
	if (s) {
		start_locked(c, s, ns, req);
	} else if (!ns->busy) {
		ns->parked = req;
		ns->next_parked = NULL;
		*c->parked_tail = ns;
		c->parked_tail = &ns->next_parked;
	} else {
		rc = -EAGAIN;
	}
	ns->busy += !rc;
	spin_unlock(&c->lock, flags);
	return rc;
}

static int complete_status(struct slot *s, unsigned status)
{
	if (!status)
		return 0;
	static const char *const ops[] = {"read", "write", "flush"};
	kprintf("nvme: %s: %s of %u sectors at %lu failed: status type %u "
		"code 0x%02x\n",
		s->ns->blk.name, ops[s->req->op], s->req->count, s->req->sector,
		status >> 8, status & 0xff);
	/* Namespace is Write Protected (generic status 0x20, 4.2.3.1) */
	return status == 0x20 ? -EROFS : -EIO;
}

/*
 * The slot of a completion's command identifier, or NULL (logged) when
 * no command of that identifier is in flight: a device's error, which
 * must not end some other request.  Holds c->lock.
 */
static struct slot *slot_of(struct nvme *c, unsigned cid)
{
	if (cid < QDEPTH && c->slots[cid].req)
		return &c->slots[cid];
	kprintf("nvme: %s: completion of command %u, which is not in flight: "
		"ignored\n",
		pci_name(c->pci), cid);
	return NULL;
}

/*
 * Completes what the device has finished.  The lock is dropped around
 * each completion, whose functions may submit again.
 */
static unsigned nvme_complete(struct nvme *c)
{
	unsigned n = 0;
	for (;;) {
		unsigned long flags = spin_lock(&c->lock);
		volatile struct cqe *r = queue_peek(&c->io);
		if (!r) {
			spin_unlock(&c->lock, flags);
			return n;
		}
		unsigned cid = r->cid, status = status_of(r);
		queue_pop(&c->io);
		mmio_write32(c->io.cq_doorbell, c->io.cq_head);
		struct slot *s = slot_of(c, cid);
		if (!s) {
			spin_unlock(&c->lock, flags);
			continue;
		}
		struct blk_request *req = s->req;
		struct nvme_ns *ns = s->ns;
		int rc = complete_status(s, status);
		s->req = NULL;
		ns->busy--;
		unpark_locked(c);
		spin_unlock(&c->lock, flags);
		blkdev_complete(&ns->blk, req, rc);
		n++;
	}
}

static unsigned nvme_poll(struct blkdev *blk)
{
	struct nvme_ns *ns = blk->driver_data;
	return nvme_complete(ns->ctrl);
}

void nvme_interrupt(void *arg)
{
	struct nvme *c = arg;
	if (c->io_ready)
		nvme_complete(c);
}

const struct blkdev_ops nvme_ops = {
    .submit = nvme_submit,
    .poll = nvme_poll,
};
