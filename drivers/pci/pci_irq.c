/*
 * Interrupts of PCI devices (PCI Local Bus 3.0, 6.8; PCI Express Base
 * 4.0, 7.7): MSI-X, MSI and INTx, each handler on a vector from the
 * interrupt allocator (irq.h).
 *
 * MSI-X: the table (16 bytes an entry: address low, high, data, vector
 * control with its mask bit) lies in a memory BAR the capability names.
 * It is written with the function masked, each entry masked until it
 * has its message, then the function mask is lifted.  MSI: one message
 * (multiple-message enable left 0).  Either disables INTx in the
 * command register.
 *
 * INTx: the line the firmware wrote in the interrupt line register, an
 * ISA IRQ number that arrives on the I/O APIC (its override, if any,
 * says on which GSI); level-triggered and, without an override saying
 * otherwise, active high, as QEMU's PIIX and ICH9 deliver it.  Lines are
 * shared: each GSI has one vector whose handler calls every handler on
 * the line, and each checks its own device.
 */
#include "arch.h"
#include "irq.h"
#include "klog.h"
#include "mm.h"
#include "pci.h"
#include "platform.h"
#include "spinlock.h"

#define MSIX_CONTROL 2
#define MSIX_TABLE 4
#define MSIX_ENABLE 0x8000
#define MSIX_FUNCTION_MASK 0x4000
#define MSIX_ENTRY 16
#define MSIX_VECTOR_MASKED 1

#define MSI_CONTROL 2
#define MSI_ADDRESS 4
#define MSI_ENABLE 0x1
#define MSI_64BIT 0x80
#define MSI_MME_MASK 0x70

#define MAX_LINES 16
#define MAX_SHARERS 8

struct intx_line {
	unsigned gsi, count;
	struct pci_handler handlers[MAX_SHARERS];
};

static struct spinlock lines_lock;
static struct intx_line lines[MAX_LINES];
static unsigned line_count;

static void free_vectors(struct pci_device *d)
{
	for (unsigned i = 0; i < d->irq_count; i++)
		irq_free_vector(d->irq_vectors[i]);
	d->irq_count = 0;
}

/* n vectors with their handlers into d->irq_vectors; false if short. */
static bool take_vectors(struct pci_device *d, const struct pci_handler *h,
			 unsigned n)
{
	d->irq_count = 0;
	for (unsigned i = 0; i < n; i++) {
		int v = irq_alloc_vector();
		if (v < 0) {
			free_vectors(d);
			return false;
		}
		d->irq_vectors[d->irq_count++] = (uint8_t)v;
		irq_set_handler((unsigned)v, h[i].fn, h[i].arg);
	}
	return true;
}

static volatile uint8_t *msix_table(struct pci_device *d, unsigned n)
{
	uint32_t where = pci_read32(d, d->msix_cap + MSIX_TABLE);
	return pci_map_bar(d, where & 7, where & ~7u, (uint64_t)n * MSIX_ENTRY);
}

int pci_msix_enable(struct pci_device *d, const struct pci_handler *h,
		    unsigned n)
{
	if (!d->msix_cap || n == 0 || n > d->msix_size || n > PCI_MAX_VECTORS ||
	    d->irq_kind != PCI_IRQ_NONE)
		return -1;
	volatile uint8_t *table = msix_table(d, n);
	if (!table || !take_vectors(d, h, n))
		return -1;
	unsigned ctl = d->msix_cap + MSIX_CONTROL;
	uint16_t control = pci_read16(d, ctl);
	pci_write16(d, ctl, control | MSIX_ENABLE | MSIX_FUNCTION_MASK);
	for (unsigned i = 0; i < n; i++) {
		volatile uint8_t *e = table + i * MSIX_ENTRY;
		uint64_t address;
		uint32_t data;
		irq_msi_message(d->irq_vectors[i], &address, &data);
		mmio_write32(e + 12, MSIX_VECTOR_MASKED);
		mmio_write32(e, (uint32_t)address);
		mmio_write32(e + 4, (uint32_t)(address >> 32));
		mmio_write32(e + 8, data);
		mmio_write32(e + 12, 0);
	}
	pci_enable(d, PCI_COMMAND_MASTER | PCI_COMMAND_INTX_DISABLE);
	pci_write16(d, ctl, (control | MSIX_ENABLE) & ~MSIX_FUNCTION_MASK);
	d->irq_kind = PCI_IRQ_MSIX;
	return 0;
}

int pci_msi_enable(struct pci_device *d, const struct pci_handler *h)
{
	if (!d->msi_cap || d->irq_kind != PCI_IRQ_NONE ||
	    !take_vectors(d, h, 1))
		return -1;
	unsigned cap = d->msi_cap;
	uint16_t control = pci_read16(d, cap + MSI_CONTROL);
	uint64_t address;
	uint32_t data;
	irq_msi_message(d->irq_vectors[0], &address, &data);
	pci_write16(d, cap + MSI_CONTROL,
		    control & ~(MSI_ENABLE | MSI_MME_MASK));
	pci_write32(d, cap + MSI_ADDRESS, (uint32_t)address);
	if (control & MSI_64BIT) {
		pci_write32(d, cap + MSI_ADDRESS + 4,
			    (uint32_t)(address >> 32));
		pci_write16(d, cap + MSI_ADDRESS + 8, (uint16_t)data);
	} else {
		pci_write16(d, cap + MSI_ADDRESS + 4, (uint16_t)data);
	}
	pci_enable(d, PCI_COMMAND_MASTER | PCI_COMMAND_INTX_DISABLE);
	pci_write16(d, cap + MSI_CONTROL,
		    (control & ~MSI_MME_MASK) | MSI_ENABLE);
	d->irq_kind = PCI_IRQ_MSI;
	return 0;
}

/* Every handler on the line: each asks its own device. */
static void intx_dispatch(void *arg)
{
	struct intx_line *line = arg;
	for (unsigned i = 0; i < line->count; i++)
		line->handlers[i].fn(line->handlers[i].arg);
}

/* The line for gsi, routed on first use; NULL when none can be had. */
static struct intx_line *line_for(unsigned gsi, unsigned flags, int *vector)
{
	for (unsigned i = 0; i < line_count; i++)
		if (lines[i].gsi == gsi)
			return &lines[i];
	if (line_count == MAX_LINES)
		return NULL;
	struct intx_line *line = &lines[line_count];
	line->gsi = gsi;
	line->count = 0;
	*vector = irq_route_gsi(gsi, flags, intx_dispatch, line);
	if (*vector < 0)
		return NULL;
	line_count++;
	return line;
}

int pci_intx_enable(struct pci_device *d, const struct pci_handler *h)
{
	if (!d->irq_pin || d->irq_line == 0 || d->irq_line >= 16 ||
	    d->irq_kind != PCI_IRQ_NONE)
		return -1;
	unsigned gsi, flags;
	if (!irq_isa_override(d->irq_line, &gsi, &flags)) {
		gsi = d->irq_line;
		flags = IRQ_LEVEL;
	}
	int vector = -1;
	unsigned long saved = spin_lock(&lines_lock);
	struct intx_line *line = line_for(gsi, flags, &vector);
	bool ok = line && line->count < MAX_SHARERS;
	if (ok) {
		irq_mask_gsi(gsi);
		line->handlers[line->count++] = *h;
		irq_unmask_gsi(gsi);
	}
	spin_unlock(&lines_lock, saved);
	if (!ok) {
		kprintf("pci: %s: no I/O APIC route for IRQ %u (GSI %u)\n",
		       pci_name(d), d->irq_line, gsi);
		return -1;
	}
	pci_write16(d, PCI_COMMAND,
		    pci_read16(d, PCI_COMMAND) & ~PCI_COMMAND_INTX_DISABLE);
	d->irq_kind = PCI_IRQ_INTX;
	d->irq_gsi = gsi;
	return 0;
}

int pci_irq_vector(const struct pci_device *d, unsigned i)
{
	if (d->irq_kind == PCI_IRQ_INTX)
		return i == 0 ? irq_gsi_vector(d->irq_gsi) : -1;
	return i < d->irq_count ? d->irq_vectors[i] : -1;
}
