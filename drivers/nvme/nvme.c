/*
 * NVMe controllers on PCI (NVM Express Base Specification 2.0, class
 * 01:08:02), each active namespace a block device nvme0, nvme1, ...
 *
 * Init (3.5.1): reset (CC.EN = 0, wait for CSTS.RDY = 0), the admin
 * queue pair, enable, Identify Controller and the active namespace
 * list, then one I/O queue pair that all of a controller's namespaces
 * share (nvme_io.c).  Admin commands are polled (init only); I/O
 * completes from the MSI-X vector of entry 0, which the admin queue
 * also uses (polled when the device has no MSI-X).  Requests are capped
 * at MAX_BYTES and at MDTS, and namespaces of 4096-byte blocks set
 * blkdev's block_sectors, so the block layer passes them whole blocks.
 */
#include <stdio.h>
#include <string.h>

#include "clock.h"
#include "driver.h"
#include "klog.h"
#include "mm.h"
#include "nvme.h"
#include "nvme_shutdown.h"
#include "pci.h"
#include "power_hooks.h"

/* Admin opcodes (5). */
#define ADMIN_CREATE_SQ 0x01
#define ADMIN_CREATE_CQ 0x05
#define ADMIN_IDENTIFY 0x06

static uint32_t reg_read(struct nvme *c, unsigned off)
{
	return mmio_read32(c->regs + off);
}

static void reg_write(struct nvme *c, unsigned off, uint32_t v)
{
	mmio_write32(c->regs + off, v);
}

static void reg_write64(struct nvme *c, unsigned off, uint64_t v)
{
	reg_write(c, off, (uint32_t)v);
	reg_write(c, off + 4, (uint32_t)(v >> 32));
}

static const char *where(const struct nvme *c)
{
	return pci_name(c->pci);
}

/* Waits up to CAP.TO for CSTS.RDY to equal ready; false on a timeout. */
static bool wait_ready(struct nvme *c, bool ready)
{
	uint64_t end = clock_monotonic() + c->timeout_ns;
	for (;;) {
		uint32_t csts = reg_read(c, REG_CSTS);
		if (csts != 0xffffffffu && !!(csts & CSTS_RDY) == ready)
			return true;
		if (clock_monotonic() > end) {
			kprintf("nvme: %s: CSTS.RDY still %u after %lu ms "
				"(CSTS 0x%x), controller not %s\n",
				where(c), !ready, c->timeout_ns / 1000000, csts,
				ready ? "enabled" : "reset");
			return false;
		}
		__asm__ volatile("pause");
	}
}

/* Zeroed, identity-mapped pages (2^order). */
static void *dma_pages(unsigned order)
{
	void *p = page_alloc(order);
	if (p)
		memset(p, 0, PAGE << order);
	return p;
}

/* Queue y's doorbells (3.1.4.22). */
static bool queue_init(struct nvme *c, struct queue *q, unsigned y,
		       uint16_t size)
{
	q->sq = dma_pages(0);
	q->cq = dma_pages(0);
	if (!q->sq || !q->cq)
		return false;
	q->size = size;
	q->phase = 1;
	q->sq_doorbell =
	    (volatile uint32_t *)(c->regs + REG_DOORBELLS + 2 * y * c->stride);
	q->cq_doorbell = (volatile uint32_t *)(c->regs + REG_DOORBELLS +
					       (2 * y + 1) * c->stride);
	return true;
}

/* Runs an admin command, polling; 0, or -EIO with the status logged. */
static int admin(struct nvme *c, struct sqe *e, const char *what)
{
	queue_push(&c->admin, e);
	uint64_t end = clock_monotonic() + c->timeout_ns;
	volatile struct cqe *r;
	while (!(r = queue_peek(&c->admin))) {
		if (clock_monotonic() > end) {
			kprintf("nvme: %s: %s: no completion after %lu ms\n",
				where(c), what, c->timeout_ns / 1000000);
			return -ETIMEDOUT;
		}
		__asm__ volatile("pause");
	}
	unsigned status = status_of(r);
	queue_pop(&c->admin);
	mmio_write32(c->admin.cq_doorbell, c->admin.cq_head);
	if (status) {
		kprintf("nvme: %s: %s failed: status type %u code 0x%02x\n",
			where(c), what, status >> 8, status & 0xff);
		return -EIO;
	}
	return 0;
}

static int identify(struct nvme *c, uint32_t cns, uint32_t nsid, void *page,
		    const char *what)
{
	struct sqe e = {.cdw0 = ADMIN_IDENTIFY,
			.nsid = nsid,
			.prp1 = (uintptr_t)page,
			.cdw10 = cns};
	return admin(c, &e, what);
}

/* Reset, the admin queue, enable (3.5.1). */
static int enable(struct nvme *c)
{
	uint32_t cap_lo = reg_read(c, REG_CAP),
		 cap_hi = reg_read(c, REG_CAP + 4);
	c->timeout_ns = ((cap_lo >> 24) & 0xff) * 500000000ull;
	if (!c->timeout_ns)
		c->timeout_ns = 500000000ull;
	c->stride = 4u << (cap_hi & 0xf);
	unsigned mqes = (cap_lo & 0xffff) + 1u;
	if ((cap_hi >> 16 & 0xf) > 0) { /* MPSMIN over 4 KiB */
		kprintf("nvme: %s: smallest page 2^%u bytes, need 4 KiB\n",
			where(c), 12 + (cap_hi >> 16 & 0xf));
		return -1;
	}
	if (mqes < QDEPTH + 1) {
		kprintf("nvme: %s: queues of %u entries, need %u\n", where(c),
			mqes, QDEPTH + 1);
		return -1;
	}
	reg_write(c, REG_CC, reg_read(c, REG_CC) & ~CC_EN);
	if (!wait_ready(c, false))
		return -1;
	if (!queue_init(c, &c->admin, 0, ADMIN_QSIZE) ||
	    !queue_init(c, &c->io, 1, QDEPTH + 1))
		return -1;
	reg_write(c, REG_AQA, (ADMIN_QSIZE - 1) << 16 | (ADMIN_QSIZE - 1));
	reg_write64(c, REG_ASQ, (uintptr_t)c->admin.sq);
	reg_write64(c, REG_ACQ, (uintptr_t)c->admin.cq);
	reg_write(c, REG_CC, CC_IOSQES | CC_IOCQES | CC_EN);
	if (!wait_ready(c, true))
		return -1;
	if (reg_read(c, REG_CSTS) & CSTS_CFS) {
		kprintf("nvme: %s: controller fatal status\n", where(c));
		return -1;
	}
	return 0;
}

/* The I/O completion queue (on MSI-X entry 0) and submission queue. */
static int create_io_queues(struct nvme *c)
{
	uint32_t size = (uint32_t)(QDEPTH << 16); /* QSIZE is 0-based */
	struct sqe cq = {.cdw0 = ADMIN_CREATE_CQ,
			 .prp1 = (uintptr_t)c->io.cq,
			 .cdw10 = size | 1,
			 .cdw11 = c->vector >= 0 ? 0x3u : 0x1u};
	struct sqe sq = {.cdw0 = ADMIN_CREATE_SQ,
			 .prp1 = (uintptr_t)c->io.sq,
			 .cdw10 = size | 1,
			 .cdw11 = 1u << 16 | 0x1u};
	if (admin(c, &cq, "Create I/O Completion Queue") ||
	    admin(c, &sq, "Create I/O Submission Queue"))
		return -1;
	uint64_t *lists = dma_pages(PRP_LISTS_ORDER);
	if (!lists)
		return -1;
	for (unsigned i = 0; i < QDEPTH; i++)
		c->slots[i].prp_list = lists + i * (PRP_LIST_BYTES / 8);
	c->io_ready = true;
	return 0;
}

/* Identify Controller: MDTS (byte 77), RTD3E (88), VWC (525). */
static int identify_controller(struct nvme *c, uint8_t *page)
{
	if (identify(c, CNS_CONTROLLER, 0, page, "Identify Controller"))
		return -1;
	uint32_t rtd3e; /* microseconds */
	memcpy(&rtd3e, page + 88, 4);
	c->shutdown_ns = nvme_shutdown_bound_ns(rtd3e, c->timeout_ns);
	uint32_t bytes = MAX_BYTES;
	if (page[77] && page[77] < 5 && (PAGE << page[77]) < bytes)
		bytes = PAGE << page[77];
	c->max_sectors = bytes / BLKDEV_SECTOR_SIZE;
	c->write_cache = page[525] & 1;
	return 0;
}

/*
 * The LBA data size (log2) of the namespace's format, or 0 when the
 * format is one this driver cannot use: blocks under 512 or over 4096
 * bytes, or metadata, which the device would either interleave with the
 * data (buffers sized for 512-byte sectors would overflow) or transfer
 * through the metadata pointer, which this driver leaves 0.
 */
static unsigned usable_lbads(struct nvme *c, uint32_t nsid, const uint8_t *page)
{
	unsigned flbas = page[26];
	unsigned format = (flbas & 0xf) | (flbas >> 5 & 3) << 4;
	const uint8_t *lbaf = page + 128 + 4 * format;
	unsigned ms = lbaf[0] | lbaf[1] << 8, lbads = lbaf[2];
	if (lbads >= 9 && lbads <= 12 && !ms)
		return lbads;
	kprintf("nvme: %s: namespace %u: blocks of 2^%u bytes with %u bytes "
		"of metadata, skipped (512 to 4096, no metadata, work)\n",
		where(c), nsid, lbads, ms);
	return 0;
}

/* Identify Namespace: size, LBA format (FLBAS, LBAF), write protection. */
static void add_namespace(struct nvme *c, uint32_t nsid, uint8_t *page)
{
	char what[40];
	snprintf(what, sizeof(what), "Identify Namespace %u", nsid);
	if (identify(c, CNS_NAMESPACE, nsid, page, what))
		return;
	uint64_t nsze;
	memcpy(&nsze, page, 8);
	unsigned lbads = nsze ? usable_lbads(c, nsid, page) : 0;
	if (!lbads)
		return;
	struct nvme_ns *ns = heap_calloc(1, sizeof(*ns));
	if (!ns)
		return;
	ns->ctrl = c;
	ns->nsid = nsid;
	ns->shift = lbads - 9;
	ns->blk.sectors = nsze << ns->shift;
	ns->blk.max_sectors = c->max_sectors;
	ns->blk.block_sectors = 1u << ns->shift;
	ns->blk.read_only = page[99] & 1; /* NSATTR: write protected */
	ns->blk.can_flush = c->write_cache;
	ns->blk.irq_vector = c->vector;
	ns->blk.ops = &nvme_ops;
	ns->blk.driver_data = ns;
	if (blkdev_register(&ns->blk, "nvme")) {
		heap_free(ns);
		return;
	}
	kinfo("nvme: %s at pci %s namespace %u: %lu sectors (%lu KiB), "
	      "%u-byte blocks, up to %u sectors a request%s%s, %s\n",
	      ns->blk.name, where(c), nsid, ns->blk.sectors,
	      ns->blk.sectors / 2, 512u << ns->shift, c->max_sectors,
	      ns->blk.read_only ? ", read-only" : "",
	      ns->blk.can_flush ? ", flush" : "",
	      c->vector >= 0 ? "interrupts" : "polled");
}

/* Every active namespace (the active list), else namespace 1. */
static void add_namespaces(struct nvme *c, uint8_t *page)
{
	uint32_t list[MAX_NAMESPACES];
	memset(page, 0, PAGE);
	if (identify(c, CNS_ACTIVE_LIST, 0, page, "Identify active namespaces"))
		memset(page, 0, PAGE), page[0] = 1;
	memcpy(list, page, sizeof(list));
	for (unsigned i = 0; i < MAX_NAMESPACES && list[i]; i++)
		add_namespace(c, list[i], page);
}

static void setup_interrupt(struct nvme *c)
{
	struct pci_handler h = {nvme_interrupt, c};
	c->vector = -1;
	if (!pci_msix_enable(c->pci, &h, 1))
		c->vector = pci_irq_vector(c->pci, 0);
	else
		kprintf("nvme: %s: no MSI-X, polled\n", where(c));
}

static struct nvme *controllers;

/* Whether a request is in a slot (one parked implies all are). */
static bool io_busy(struct nvme *c)
{
	unsigned long flags = spin_lock(&c->lock);
	unsigned i = 0;
	while (i < QDEPTH && !c->slots[i].req)
		i++;
	spin_unlock(&c->lock, flags);
	return i < QDEPTH;
}

/*
 * A controller in fatal status (CSTS.CFS) or no longer ready (RDY
 * clear: reset or disabled) completes no command and reports no
 * shutdown: the waits below give up on it at once instead of using up
 * their bounds (up to CAP.TO and then a minute) at every power-off.
 */
static bool failed(struct nvme *c, uint32_t csts)
{
	if (!(csts & CSTS_CFS) && (csts & CSTS_RDY))
		return false;
	kprintf("nvme: %s: controller %s (CSTS 0x%x): no shutdown\n", where(c),
		csts & CSTS_CFS ? "failed" : "not ready", csts);
	return true;
}

/*
 * The commands in flight complete before the shutdown (3.6.1): a
 * device may drop what it has not finished, and the program that
 * submitted a write without waiting for it has exited.  Polled, as the
 * power-off may have interrupts masked; bounded by CAP.TO.  False when
 * the controller has failed.
 */
static bool finish_io(struct nvme *c)
{
	uint64_t end = clock_monotonic() + c->timeout_ns;
	for (;;) {
		if (failed(c, reg_read(c, REG_CSTS)))
			return false;
		if (!io_busy(c))
			return true;
		if (clock_monotonic() > end) {
			kprintf("nvme: %s: commands still in flight after %lu "
				"ms: shut down anyway\n",
				where(c), c->timeout_ns / 1000000);
			return true;
		}
		nvme_interrupt(c);
		__asm__ volatile("pause");
	}
}

/* CC.SHN normal, then CSTS.SHST complete within shutdown_ns (3.6.1). */
static bool shut_down(struct nvme *c)
{
	unsigned long flags = spin_lock(&c->lock);
	c->shut = true; /* what comes later fails; what came, finishes */
	spin_unlock(&c->lock, flags);
	if (!finish_io(c))
		return false;
	reg_write(c, REG_CC, reg_read(c, REG_CC) | CC_SHN_NORMAL);
	uint64_t end = clock_monotonic() + c->shutdown_ns;
	for (;;) {
		uint32_t csts = reg_read(c, REG_CSTS);
		if ((csts & CSTS_SHST_MASK) == CSTS_SHST_COMPLETE)
			return true;
		if (failed(c, csts))
			return false;
		if (clock_monotonic() > end) {
			kprintf("nvme: %s: shutdown not complete after %lu ms "
				"(CSTS 0x%x)\n",
				where(c), c->shutdown_ns / 1000000, csts);
			return false;
		}
		__asm__ volatile("pause");
	}
}

/*
 * Every controller's normal shutdown, after the filesystems' sync: the
 * controller then has its volatile write cache on the media.  Bounded
 * by RTD3E or CAP.TO, whichever is longer (nvme_shutdown.h).
 */
static void nvme_shutdown(void)
{
	for (struct nvme *c = controllers; c; c = c->next)
		if (shut_down(c))
			kinfo("nvme: %s: shut down\n", where(c));
}

static const struct power_hook shutdown_hook = {
    .name = "nvme",
    .quiesce = nvme_shutdown,
};

static unsigned probed;

static int nvme_probe(struct pci_device *pci)
{
	struct nvme *c = heap_calloc(1, sizeof(*c));
	uint8_t *page = dma_pages(0);
	if (!c || !page)
		goto fail;
	c->pci = pci;
	c->parked_tail = &c->parked;
	pci_enable(pci, PCI_COMMAND_MEMORY | PCI_COMMAND_MASTER);
	c->regs = pci_map_bar(pci, 0, 0, pci->bar[0].size);
	if (!c->regs) {
		kprintf("nvme: %s: BAR0 not mapped\n", where(c));
		goto fail;
	}
	setup_interrupt(c);
	if (enable(c) || identify_controller(c, page) || create_io_queues(c))
		goto fail;
	add_namespaces(c, page);
	page_free(page, 0);
	pci->driver_data = c;
	c->next = controllers;
	controllers = c;
	probed++;
	return 0;
fail:
	/* queues the device may still write stay allocated */
	if (page)
		page_free(page, 0);
	return -1;
}

static const struct pci_id nvme_ids[] = {
    {PCI_ANY_ID, PCI_ANY_ID, 0x010802, 0xffffff},
    {0, 0, 0, 0},
};

static struct pci_driver nvme_driver = {
    .name = "nvme",
    .ids = nvme_ids,
    .probe = nvme_probe,
};

static int nvme_init(void)
{
	pci_register_driver(&nvme_driver);
	/* without the hook, power-off leaves the write caches unflushed */
	if (probed && power_hook_register(&shutdown_hook))
		kprintf("nvme: no power hook: controllers not shut down at "
			"power-off\n");
	return probed ? 0 : -1;
}

DRIVER_REGISTER_HW(DRIVER_LEVEL_DEVICE, "nvme", nvme_init, DRIVER_HW_PCI, 0);
