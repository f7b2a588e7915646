/*
 * NVMe I/O (NVM command set, 7): blkdev requests become Read, Write and
 * Flush commands on the controller's one I/O queue pair, whose slot
 * number is the command identifier.  The controller's spinlock, which
 * masks interrupts, serialises submitters and the completion handler;
 * completions run outside it, as they may submit again.
 *
 * A request's data is described by PRPs (4.1.1): PRP1 the first page
 * (at any dword offset), PRP2 the second page or a PRP list.  Requests
 * are capped at MAX_BYTES, so each slot's list is a fixed 256-byte
 * piece of one page and never needs chaining.
 */
#include <stdio.h>

#include "klog.h"
#include "nvme.h"

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
	static const uint8_t ops[] = {[BLK_READ] = NVM_READ,
				      [BLK_WRITE] = NVM_WRITE,
				      [BLK_FLUSH] = NVM_FLUSH};
	unsigned long flags = spin_lock(&c->lock);
	unsigned i = 0;
	while (i < QDEPTH && c->slots[i].req)
		i++;
	if (i == QDEPTH) {
		spin_unlock(&c->lock, flags);
		return -EAGAIN;
	}
	struct slot *s = &c->slots[i];
	s->req = req;
	s->ns = ns;
	struct sqe e = {.cdw0 = ops[req->op] | i << 16, .nsid = ns->nsid};
	if (req->op != BLK_FLUSH) {
		uint64_t lba = req->sector >> ns->shift;
		e.cdw10 = (uint32_t)lba;
		e.cdw11 = (uint32_t)(lba >> 32);
		e.cdw12 = (req->count >> ns->shift) - 1;
		set_prps(&e, s, (uintptr_t)req->buf,
			 req->count * BLKDEV_SECTOR_SIZE);
	}
	queue_push(&c->io, &e);
	blk->notifies++;
	spin_unlock(&c->lock, flags);
	return 0;
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
	return -EIO;
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
		struct slot *s = &c->slots[r->cid % QDEPTH];
		unsigned status = status_of(r);
		queue_pop(&c->io);
		mmio_write32(c->io.cq_doorbell, c->io.cq_head);
		struct blk_request *req = s->req;
		struct nvme_ns *ns = s->ns;
		int rc = req ? complete_status(s, status) : 0;
		s->req = NULL;
		spin_unlock(&c->lock, flags);
		if (req)
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

/* Identify Controller: MDTS (byte 77) and VWC (byte 525). */
