/*
 * The block device test kernel's NVMe-only modes (blk_nvme.h): the test
 * plays the device through the driver's private structures.
 */
#include <stdio.h>
#include <string.h>

#include "blk_nvme.h"
#include "clock.h"
#include "thread.h"
#include "../../drivers/nvme/nvme.h"

/*
 * A completion at the I/O completion queue's head + i, as the device
 * would post it.  Holds the controller's lock.
 */
static void post_cqe(struct queue *q, unsigned i, uint16_t cid)
{
	unsigned at = (q->cq_head + i) % q->size;
	volatile struct cqe *e = &q->cq[at];
	e->cid = cid;
	__asm__ volatile("" ::: "memory");
	e->status = at < q->cq_head ? q->phase ^ 1 : q->phase; /* success */
}

/*
 * An NVMe device's completions of commands that are not in flight: one
 * whose identifier is out of range (QDEPTH, which modulo QDEPTH is the
 * slot of a request in flight) and one of a free slot's.  Neither may
 * end a request.  The driver's completion queue is then ahead of the
 * device's, so this is the boot's last I/O.
 */
int blk_nvme_badcid(struct blkdev *dev)
{
	struct nvme_ns *ns = dev->driver_data;
	struct nvme *c = ns->ctrl;
	struct blk_request req = {.op = BLK_READ, .wq = WAITQ_INIT};
	unsigned long flags = spin_lock(&c->lock);
	int busy = c->slots[0].req || c->slots[1].req;
	if (!busy) { /* slot 0 looks in flight; the device never saw it */
		c->slots[0].req = &req;
		c->slots[0].ns = ns;
		post_cqe(&c->io, 0, QDEPTH);
		post_cqe(&c->io, 1, 1);
	}
	spin_unlock(&c->lock, flags);
	if (busy)
		return 4;
	unsigned n = dev->ops->poll(dev);
	flags = spin_lock(&c->lock);
	c->slots[0].req = NULL;
	spin_unlock(&c->lock, flags);
	printf("%s: completions of commands %u and 1: %u request(s) ended, "
	       "slot 0's %s\n",
	       dev->name, QDEPTH, n, req.done ? "ended" : "not");
	return n || req.done;
}

/* CSTS once it has changed from CSTS.RDY set (QEMU: at once), or 1 s. */
static uint32_t csts_after(struct nvme *c)
{
	uint64_t end = clock_monotonic() + 1000000000;
	uint32_t csts;
	while (((csts = mmio_read32(c->regs + REG_CSTS)) & CSTS_RDY) &&
	       clock_monotonic() < end)
		__asm__ volatile("pause");
	return csts;
}

/*
 * A controller the power-off's shutdown must give up on at once: CC.EN
 * cleared (a reset: CSTS.RDY clear), or then enabled again with an
 * admin submission queue that is not page-aligned, which the
 * controller refuses to start with (CSTS.CFS, 3.5.1).
 */
int blk_nvme_break(struct blkdev *dev, const char *how)
{
	struct nvme_ns *ns = dev->driver_data;
	struct nvme *c = ns->ctrl;
	bool fail = !strcmp(how, "failed");
	if (!fail && strcmp(how, "disabled"))
		return 2;
	uint32_t cc = mmio_read32(c->regs + REG_CC);
	mmio_write32(c->regs + REG_CC, cc & ~CC_EN);
	uint32_t csts = csts_after(c);
	if (fail) {
		uint32_t asq = mmio_read32(c->regs + REG_ASQ);
		mmio_write32(c->regs + REG_ASQ, asq | 8);
		mmio_write32(c->regs + REG_CC, cc);
		csts = csts_after(c);
	}
	printf("%s: controller %s, CSTS 0x%x\n", dev->name, how, csts);
	return (csts & CSTS_RDY) || fail != !!(csts & CSTS_CFS) ? 4 : 0;
}
