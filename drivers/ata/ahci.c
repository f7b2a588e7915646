/*
 * AHCI 1.3.1 host adapters (SATA), each ATA disk a block device ata0,
 * ata1, ... (ATA, not sd: these disks speak ATA commands, and sd is
 * left to SCSI disks).
 *
 * The HBA's registers are in BAR5 (ABAR): the global ones, then 0x80
 * bytes per port.  At probe the HBA is reset and each implemented port
 * with a device whose signature says ATA disk gets
 * one page in memory: its command list, its received-FIS area and one
 * command table.  A port runs one command at a time (command slot 0,
 * no NCQ), so when one fails the failed request is known: it completes
 * with -EIO and the port's engine is stopped and started again, after
 * which the next request runs as usual.  The buffer of a request is
 * physically contiguous (identity-mapped memory), so its PRD entries
 * are consecutive pieces of at most 4 MiB; PRDS of them make the
 * largest request, 32 MiB, which is also the most an LBA48 command
 * counts.  A disk without the 48-bit commands or with logical sectors
 * of other than 512 bytes is skipped with a line saying so.  Only the
 * ports whose link the firmware left up (SStatus.DET = 3) count: with
 * none the HBA is not even reset, else after the reset each such port's
 * link is waited for again.
 *
 * Completions come from the HBA's interrupt (MSI, else INTx, which may
 * be shared: the handler asks the HBA's IS first) or, without one, from
 * the block layer's poll.  A port's spinlock serialises its slot
 * between submitters and the handler.
 */
#include <string.h>

#include "ata.h"
#include "blkdev.h"
#include "clock.h"
#include "driver.h"
#include "klog.h"
#include "mm.h"
#include "pci.h"
#include "platform.h"
#include "spinlock.h"

#define ABAR 5
#define PORTS_MAX 32
#define PORT_BASE 0x100
#define PORT_STRIDE 0x80

#define HBA_CAP 0x00
#define HBA_GHC 0x04
#define HBA_IS 0x08
#define HBA_PI 0x0c
#define CAP_SSS (1u << 27)
#define CAP_S64A (1u << 31)
#define GHC_HR 0x1
#define GHC_IE 0x2
#define GHC_AE 0x80000000u

#define PX_CLB 0x00
#define PX_FB 0x08
#define PX_IS 0x10
#define PX_IE 0x14
#define PX_CMD 0x18
#define PX_TFD 0x20
#define PX_SIG 0x24
#define PX_SSTS 0x28
#define PX_SERR 0x30
#define PX_CI 0x38
#define CMD_ST 0x1
#define CMD_SUD 0x2
#define CMD_POD 0x4
#define CMD_FRE 0x10
#define CMD_FR 0x4000
#define CMD_CR 0x8000
#define SSTS_DET_PRESENT 3
#define IS_DONE 0x0000000fu   /* D2H, PIO setup, DMA setup, set device bits */
#define IS_ERRORS 0x78000000u /* TFES, HBFS, HBDS, IFS */

#define SIG_ATA 0x00000101u
#define SIG_ATAPI 0xeb140101u

/* Command header DW0 (AHCI 4.2.2). */
#define HDR_CFL (ATA_FIS_H2D_BYTES / 4)
#define HDR_WRITE 0x40
#define HDR_PRDTL_SHIFT 16

#define PRD_MAX_BYTES (4u << 20)
#define PRDS 8
#define MAX_SECTORS (PRDS * (PRD_MAX_BYTES / BLKDEV_SECTOR_SIZE))
#define RESET_TIMEOUT_NS 1000000000ull
#define LINK_TIMEOUT_NS 1000000000ull
#define STOP_TIMEOUT_NS 500000000ull
#define IDENTIFY_TIMEOUT_NS 5000000000ull

_Static_assert(MAX_SECTORS <= ATA_MAX_SECTORS_EXT, "a request fits a command");

struct cmd_header {
	uint32_t flags; /* CFL, W, PRDTL ... */
	volatile uint32_t prdbc;
	uint64_t ctba;
	uint32_t reserved[4];
};

struct prd {
	uint64_t dba;
	uint32_t reserved;
	uint32_t dbc; /* byte count - 1; bit 31: interrupt */
};

struct cmd_table {
	uint8_t cfis[64];
	uint8_t acmd[16];
	uint8_t reserved[48];
	struct prd prdt[PRDS];
};

/* The page a port's DMA structures share, each aligned as AHCI wants. */
struct port_mem {
	struct cmd_header list[32]; /* 1 KiB aligned */
	uint8_t fis[256];	    /* 256 aligned */
	struct cmd_table table;	    /* 128 aligned */
};
_Static_assert(sizeof(struct port_mem) <= 4096, "port_mem fits a page");

struct ahci_hba;

struct ahci_port {
	struct blkdev blk;
	struct ahci_hba *hba;
	volatile uint8_t *regs;
	unsigned index;
	struct port_mem *mem;
	struct blk_request *req; /* the one in slot 0, or NULL */
	uint8_t flush_cmd;
	struct spinlock lock;
};

struct ahci_hba {
	struct pci_device *pci;
	volatile uint8_t *abar;
	uint32_t cap;
	struct ahci_port *ports[PORTS_MAX];
};

static volatile uint8_t *port_regs(volatile uint8_t *abar, unsigned i)
{
	return abar + PORT_BASE + i * PORT_STRIDE;
}

/* Waits until (reg & mask) == want; false after timeout_ns. */
static bool wait_reg(volatile uint8_t *reg, uint32_t mask, uint32_t want,
		     uint64_t timeout_ns)
{
	uint64_t end = clock_monotonic() + timeout_ns;
	while ((mmio_read32(reg) & mask) != want)
		if (clock_monotonic() > end)
			return false;
	return true;
}

/* Stops the command engine and FIS reception (AHCI 10.1.2). */
static bool port_stop(struct ahci_port *p)
{
	volatile uint8_t *cmd = p->regs + PX_CMD;
	mmio_write32(cmd, mmio_read32(cmd) & ~CMD_ST);
	if (!wait_reg(cmd, CMD_CR, 0, STOP_TIMEOUT_NS))
		return false;
	mmio_write32(cmd, mmio_read32(cmd) & ~CMD_FRE);
	return wait_reg(cmd, CMD_FR, 0, STOP_TIMEOUT_NS);
}

static void port_start(struct ahci_port *p)
{
	volatile uint8_t *cmd = p->regs + PX_CMD;
	mmio_write32(p->regs + PX_SERR, 0xffffffffu);
	mmio_write32(p->regs + PX_IS, 0xffffffffu);
	mmio_write32(cmd, mmio_read32(cmd) | CMD_FRE);
	mmio_write32(cmd, mmio_read32(cmd) | CMD_ST);
}

static void write64(volatile uint8_t *reg, uint64_t v)
{
	mmio_write32(reg, (uint32_t)v);
	mmio_write32(reg + 4, (uint32_t)(v >> 32));
}

/* Fills slot 0 for cmd on [buf, buf + bytes); bytes may be 0. */
static void port_prepare(struct ahci_port *p, uint8_t cmd, uint64_t lba,
			 uint32_t count, void *buf, uint64_t bytes, bool write)
{
	struct cmd_table *t = &p->mem->table;
	ata_fis_command(t->cfis, cmd, lba, count);
	unsigned n = 0;
	for (uint64_t off = 0; off < bytes; off += PRD_MAX_BYTES, n++) {
		uint64_t len = bytes - off;
		if (len > PRD_MAX_BYTES)
			len = PRD_MAX_BYTES;
		t->prdt[n] =
		    (struct prd){(uintptr_t)buf + off, 0, (uint32_t)len - 1};
	}
	struct cmd_header *h = &p->mem->list[0];
	h->flags =
	    HDR_CFL | (write ? HDR_WRITE : 0) | (uint32_t)n << HDR_PRDTL_SHIFT;
	h->prdbc = 0;
	h->ctba = (uintptr_t)t;
}

static void port_issue(struct ahci_port *p)
{
	__atomic_thread_fence(__ATOMIC_SEQ_CST); /* the table before CI */
	mmio_write32(p->regs + PX_CI, 1);
}

/*
 * After an error the port's engine stopped: log it, clear the error
 * and start the engine again for the next command (AHCI 6.2.2.1).
 */
static void port_recover(struct ahci_port *p, uint32_t is)
{
	uint32_t tfd = mmio_read32(p->regs + PX_TFD);
	kprintf("ahci: %s (port %u): command failed, status 0x%02x error "
		"0x%02x, interrupt status 0x%08x\n",
		p->blk.name[0] ? p->blk.name : "disk", p->index, tfd & 0xff,
		(tfd >> 8) & 0xff, is);
	if (!port_stop(p))
		kprintf("ahci: port %u: the engine does not stop\n", p->index);
	port_start(p);
}

/*
 * Whether slot 0 finished, clearing the port's interrupt status:
 * 1 done, -1 failed (the port recovered), 0 still running.  The task
 * file's ERR counts only once the command is over: until then it may
 * be the previous command's.
 */
static int port_check(struct ahci_port *p)
{
	uint32_t is = mmio_read32(p->regs + PX_IS);
	mmio_write32(p->regs + PX_IS, is);
	if (!(is & IS_ERRORS) && (mmio_read32(p->regs + PX_CI) & 1))
		return 0;
	if ((is & IS_ERRORS) ||
	    (mmio_read32(p->regs + PX_TFD) & ATA_STATUS_ERR)) {
		port_recover(p, is);
		return -1;
	}
	return 1;
}

/*
 * Clears the port's interrupt status when no command is out: a poller
 * may have completed the command between reading PxIS and PxCI, so the
 * command's status bits arrive late, and left set they keep the HBA's
 * IS (a level) set: an interrupt storm that nothing else would end.
 */
static void port_ack_idle(struct ahci_port *p)
{
	mmio_write32(p->regs + PX_IS, mmio_read32(p->regs + PX_IS));
}

/* Completes slot 0's request if it ended; 1 when it did. */
static unsigned port_complete(struct ahci_port *p)
{
	unsigned long flags = spin_lock(&p->lock);
	struct blk_request *req = p->req;
	int rc = 0;
	if (req)
		rc = port_check(p);
	else
		port_ack_idle(p);
	if (rc)
		p->req = NULL;
	spin_unlock(&p->lock, flags);
	if (!rc)
		return 0;
	blkdev_complete(&p->blk, req, rc > 0 ? 0 : -EIO);
	return 1;
}

static int ahci_submit(struct blkdev *blk, struct blk_request *req)
{
	struct ahci_port *p = blk->driver_data;
	uint64_t bytes = (uint64_t)req->count * BLKDEV_SECTOR_SIZE;
	const char *bad = NULL;
	if ((uintptr_t)req->buf & 1)
		bad = "not 2-byte aligned"; /* a PRD's bit 0 is ignored */
	else if (!(p->hba->cap & CAP_S64A) &&
		 (uintptr_t)req->buf + bytes > (1ull << 32))
		bad = "above 4 GiB, which the HBA cannot reach";
	if (bad) {
		kprintf("ahci: %s: buffer %p %s\n", blk->name, req->buf, bad);
		return -EINVAL; /* the caller's buffer, not the device */
	}
	unsigned long flags = spin_lock(&p->lock);
	if (p->req) {
		spin_unlock(&p->lock, flags);
		return -EAGAIN;
	}
	p->req = req;
	if (req->op == BLK_FLUSH)
		port_prepare(p, p->flush_cmd, 0, 0, NULL, 0, false);
	else
		port_prepare(p,
			     req->op == BLK_WRITE ? ATA_CMD_WRITE_DMA_EXT
						  : ATA_CMD_READ_DMA_EXT,
			     req->sector, req->count, req->buf, bytes,
			     req->op == BLK_WRITE);
	port_issue(p);
	p->blk.notifies++;
	spin_unlock(&p->lock, flags);
	return 0;
}

static unsigned ahci_poll(struct blkdev *blk)
{
	return port_complete(blk->driver_data);
}

static void ahci_describe(struct blkdev *blk)
{
	struct ahci_port *p = blk->driver_data;
	kprintf("ahci: %s (port %u): %s, CI 0x%x IS 0x%x TFD 0x%x CMD 0x%x\n",
		blk->name, p->index, p->req ? "busy" : "idle",
		mmio_read32(p->regs + PX_CI), mmio_read32(p->regs + PX_IS),
		mmio_read32(p->regs + PX_TFD), mmio_read32(p->regs + PX_CMD));
}

static const struct blkdev_ops ahci_ops = {
    .submit = ahci_submit,
    .poll = ahci_poll,
    .describe = ahci_describe,
};

static void ahci_interrupt(void *arg)
{
	struct ahci_hba *hba = arg;
	uint32_t is = mmio_read32(hba->abar + HBA_IS);
	if (!is)
		return; /* a device sharing the line */
	for (unsigned i = 0; i < PORTS_MAX; i++)
		if ((is & (1u << i)) && hba->ports[i])
			port_complete(hba->ports[i]);
		else if (is & (1u << i))
			mmio_write32(port_regs(hba->abar, i) + PX_IS,
				     0xffffffffu);
	mmio_write32(hba->abar + HBA_IS, is);
}

/* Runs slot 0's prepared command, polling; false when it failed. */
static bool port_run_polled(struct ahci_port *p)
{
	port_issue(p);
	uint64_t end = clock_monotonic() + IDENTIFY_TIMEOUT_NS;
	int rc;
	while (!(rc = port_check(p)))
		if (clock_monotonic() > end) {
			kprintf("ahci: port %u: no answer to IDENTIFY\n",
				p->index);
			return false;
		}
	return rc > 0;
}

/* IDENTIFY DEVICE into id; false when the disk cannot be used. */
static bool port_identify(struct ahci_port *p, struct ata_identity *id)
{
	uint16_t *words = heap_alloc(ATA_IDENTIFY_BYTES);
	if (!words)
		return false;
	port_prepare(p, ATA_CMD_IDENTIFY, 0, 0, words, ATA_IDENTIFY_BYTES,
		     false);
	bool ok = port_run_polled(p);
	if (ok)
		ata_parse_identify(words, id);
	heap_free(words);
	if (ok && !id->lba48)
		kprintf("ahci: port %u: '%s' has no 48-bit commands, skipped\n",
			p->index, id->model);
	else if (ok && id->sector_size != BLKDEV_SECTOR_SIZE)
		kprintf("ahci: port %u: '%s' has %u-byte sectors (512 "
			"supported), skipped\n",
			p->index, id->model, id->sector_size);
	return ok && id->lba48 && id->sector_size == BLKDEV_SECTOR_SIZE;
}

/*
 * Points the port at its memory and starts it once the device is
 * ready (AHCI 10.3.1: BSY and DRQ clear before ST); false if never.
 */
static bool port_setup(struct ahci_port *p)
{
	if (!port_stop(p)) {
		kprintf("ahci: port %u: the engine does not stop\n", p->index);
		return false;
	}
	write64(p->regs + PX_CLB, (uintptr_t)p->mem->list);
	write64(p->regs + PX_FB, (uintptr_t)p->mem->fis);
	volatile uint8_t *cmd = p->regs + PX_CMD;
	mmio_write32(cmd, mmio_read32(cmd) | CMD_FRE);
	if (!wait_reg(p->regs + PX_TFD, ATA_STATUS_BSY | ATA_STATUS_DRQ, 0,
		      IDENTIFY_TIMEOUT_NS)) {
		kprintf("ahci: port %u: the device stays busy\n", p->index);
		return false;
	}
	port_start(p);
	return true;
}

/* Whether port i's device is an ATA disk (an ATAPI one is skipped). */
static bool port_is_disk(struct ahci_port *p)
{
	uint32_t sig = mmio_read32(p->regs + PX_SIG);
	if (sig == SIG_ATA)
		return true;
	kinfo("ahci: port %u: %s (signature 0x%08x), skipped\n", p->index,
	      sig == SIG_ATAPI ? "ATAPI device" : "not an ATA disk", sig);
	return false;
}

static void port_free(struct ahci_port *p)
{
	if (p->mem)
		page_free(p->mem, 0);
	heap_free(p);
}

/*
 * Waits for port i's link after the HBA reset, which sends a COMRESET
 * (or, with staggered spin-up, leaves the device spun down until SUD is
 * set): a real link takes milliseconds to come back, QEMU's none.
 */
static bool port_link(struct ahci_hba *hba, unsigned i)
{
	volatile uint8_t *regs = port_regs(hba->abar, i);
	if (hba->cap & CAP_SSS)
		mmio_write32(regs + PX_CMD,
			     mmio_read32(regs + PX_CMD) | CMD_SUD | CMD_POD);
	if (wait_reg(regs + PX_SSTS, 0xf, SSTS_DET_PRESENT, LINK_TIMEOUT_NS))
		return true;
	kprintf("ahci: port %u: no link after the HBA reset\n", i);
	return false;
}

/* The disk on port i, identified and ready; NULL if none is usable. */
static struct ahci_port *port_probe(struct ahci_hba *hba, unsigned i)
{
	if (!port_link(hba, i))
		return NULL;
	volatile uint8_t *regs = port_regs(hba->abar, i);
	struct ahci_port *p = heap_calloc(1, sizeof(*p));
	if (!p)
		return NULL;
	p->hba = hba;
	p->regs = regs;
	p->index = i;
	p->mem = page_alloc(0);
	struct ata_identity id;
	if (!p->mem ||
	    (!(hba->cap & CAP_S64A) && (uintptr_t)p->mem >= (1ull << 32))) {
		port_free(p);
		return NULL;
	}
	memset(p->mem, 0, sizeof(*p->mem));
	if (!port_setup(p) || !port_is_disk(p) || !port_identify(p, &id)) {
		if (port_stop(p))
			port_free(p); /* else the HBA may still write there */
		return NULL;
	}
	p->blk.sectors = id.sectors;
	p->blk.max_sectors = MAX_SECTORS;
	p->blk.can_flush = id.write_cache;
	p->flush_cmd = id.flush_cmd;
	p->blk.ops = &ahci_ops;
	p->blk.driver_data = p;
	kinfo("ahci: port %u: '%s', %lu sectors (%lu KiB)%s\n", i, id.model,
	      id.sectors, id.sectors / 2,
	      id.write_cache ? ", write cache" : "");
	return p;
}

/* Resets the HBA into AHCI mode (AHCI 10.4.3); false on a timeout. */
static bool hba_reset(struct ahci_hba *hba)
{
	volatile uint8_t *ghc = hba->abar + HBA_GHC;
	mmio_write32(ghc, GHC_AE);
	mmio_write32(ghc, GHC_AE | GHC_HR);
	if (!wait_reg(ghc, GHC_HR, 0, RESET_TIMEOUT_NS))
		return false;
	mmio_write32(ghc, GHC_AE);
	return true;
}

/* MSI, else INTx, else none: the vector, or -1 (polled). */
static int hba_interrupts(struct ahci_hba *hba)
{
	struct pci_handler h = {ahci_interrupt, hba};
	if (pci_msi_enable(hba->pci, &h) && pci_intx_enable(hba->pci, &h))
		return -1;
	for (unsigned i = 0; i < PORTS_MAX; i++)
		if (hba->ports[i])
			mmio_write32(hba->ports[i]->regs + PX_IE,
				     IS_DONE | IS_ERRORS);
	mmio_write32(hba->abar + HBA_IS, 0xffffffffu);
	mmio_write32(hba->abar + HBA_GHC, GHC_AE | GHC_IE);
	return pci_irq_vector(hba->pci, 0);
}

static const char *irq_kind_name(const struct pci_device *d)
{
	return d->irq_kind == PCI_IRQ_MSI    ? "MSI"
	       : d->irq_kind == PCI_IRQ_INTX ? "INTx"
					     : "polled";
}

/*
 * The implemented ports with a device on an established link
 * (SStatus.DET 3), as the firmware left them: those alone are worth
 * the HBA reset and a port's setup.
 */
static uint32_t hba_ports_present(volatile uint8_t *abar, uint64_t len)
{
	uint32_t pi = mmio_read32(abar + HBA_PI), present = 0;
	for (unsigned i = 0;
	     i < PORTS_MAX && PORT_BASE + (i + 1) * PORT_STRIDE <= len; i++)
		if ((pi & (1u << i)) &&
		    (mmio_read32(port_regs(abar, i) + PX_SSTS) & 0xf) ==
			SSTS_DET_PRESENT)
			present |= 1u << i;
	return present;
}

/* Registers the disks found, completions by the HBA's interrupt. */
static void hba_register(struct ahci_hba *hba)
{
	int vector = hba_interrupts(hba);
	for (unsigned i = 0; i < PORTS_MAX; i++) {
		struct ahci_port *p = hba->ports[i];
		if (!p)
			continue;
		p->blk.irq_vector = vector;
		blkdev_register(&p->blk, "ata");
		kinfo("ahci: %s at %s port %u, %s\n", p->blk.name,
		      pci_name(hba->pci), i, irq_kind_name(hba->pci));
	}
}

/*
 * An HBA with no device on any port (q35's own, on most boots) is left
 * as the firmware left it: neither reset nor set up.
 */
static int ahci_probe(struct pci_device *dev)
{
	uint64_t len = PORT_BASE + PORTS_MAX * PORT_STRIDE;
	if (dev->bar[ABAR].size && dev->bar[ABAR].size < len)
		len = dev->bar[ABAR].size;
	volatile uint8_t *abar = pci_map_bar(dev, ABAR, 0, len);
	if (!abar) {
		kprintf("ahci: %s: no ABAR (BAR5)\n", pci_name(dev));
		return -1;
	}
	pci_enable(dev, PCI_COMMAND_MEMORY);
	uint32_t present = hba_ports_present(abar, len);
	if (!present)
		return 0;
	struct ahci_hba *hba = heap_calloc(1, sizeof(*hba));
	if (!hba)
		return -1;
	hba->pci = dev;
	hba->abar = abar;
	pci_enable(dev, PCI_COMMAND_MASTER);
	if (!hba_reset(hba)) {
		kprintf("ahci: %s: the HBA reset timed out\n", pci_name(dev));
		heap_free(hba);
		return -1;
	}
	hba->cap = mmio_read32(hba->abar + HBA_CAP);
	bool disks = false;
	for (unsigned i = 0; i < PORTS_MAX; i++)
		if ((present & (1u << i)) &&
		    (hba->ports[i] = port_probe(hba, i)))
			disks = true;
	if (disks)
		hba_register(hba);
	dev->driver_data = hba;
	return 0;
}

/* Class 01 (mass storage), subclass 06 (SATA), interface 01 (AHCI). */
static const struct pci_id ahci_ids[] = {
    {PCI_ANY_ID, PCI_ANY_ID, 0x010601, 0xffffff},
    {0, 0, 0, 0},
};

static struct pci_driver ahci_driver = {
    .name = "ahci",
    .ids = ahci_ids,
    .probe = ahci_probe,
};

static int ahci_init(void)
{
	pci_register_driver(&ahci_driver);
	return 0;
}

DRIVER_REGISTER_HW(DRIVER_LEVEL_DEVICE, "ahci", ahci_init, DRIVER_HW_PCI, 0);
