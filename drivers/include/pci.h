/*
 * PCI and PCI Express: configuration space, the devices found at boot,
 * and the drivers that claim them.
 *
 * drivers/pci/pci.c enumerates at DRIVER_LEVEL_BUS, through ECAM when
 * the platform lists a PLATFORM_PCI_ECAM window (ACPI's MCFG), else through
 * the legacy ports 0xcf8/0xcfc.  A device driver registers a struct
 * pci_driver from its init (after pci's in the driver table); it is
 * offered every device its id table matches, now and when found later.
 */
#ifndef DRIVERS_PCI_H
#define DRIVERS_PCI_H

#include <stdbool.h>
#include <stdint.h>

#define PCI_MAX_DEVICES 64
#define PCI_ANY_ID 0xffff

/* Configuration space offsets (type 0 and 1 headers). */
#define PCI_VENDOR_ID 0x00
#define PCI_DEVICE_ID 0x02
#define PCI_COMMAND 0x04
#define PCI_STATUS 0x06
#define PCI_CLASS_REVISION 0x08
#define PCI_HEADER_TYPE 0x0e
#define PCI_BAR0 0x10
#define PCI_SECONDARY_BUS 0x19
#define PCI_SUBSYSTEM_VENDOR 0x2c
#define PCI_SUBSYSTEM_ID 0x2e
#define PCI_CAPABILITIES 0x34
#define PCI_INTERRUPT_LINE 0x3c
#define PCI_INTERRUPT_PIN 0x3d

#define PCI_COMMAND_IO 0x1
#define PCI_COMMAND_MEMORY 0x2
#define PCI_COMMAND_MASTER 0x4
#define PCI_COMMAND_INTX_DISABLE 0x400
#define PCI_STATUS_CAPABILITIES 0x10

#define PCI_CAP_MSI 0x05
#define PCI_CAP_VENDOR 0x09
#define PCI_CAP_EXPRESS 0x10
#define PCI_CAP_MSIX 0x11

struct pci_bar {
	uint64_t base, size; /* size 0: not implemented */
	bool io, is64, prefetchable;
};

struct pci_driver;

#define PCI_MAX_VECTORS 8

enum pci_irq_kind { PCI_IRQ_NONE, PCI_IRQ_MSIX, PCI_IRQ_MSI, PCI_IRQ_INTX };

/* An interrupt handler, run with interrupts disabled (irq.h). */
struct pci_handler {
	void (*fn)(void *arg);
	void *arg;
};

struct pci_device {
	uint16_t segment;
	uint8_t bus, dev, fn;
	uint16_t vendor, device, subsystem_vendor, subsystem;
	uint8_t class_code, subclass, prog_if, revision, header_type;
	uint8_t irq_line, irq_pin;
	struct pci_bar bar[6];
	uint8_t msi_cap, msix_cap;  /* capability offsets, 0 if absent */
	uint16_t msix_size;	    /* MSI-X table entries */
	enum pci_irq_kind irq_kind; /* what pci_*_enable() set up */
	uint8_t irq_count;	    /* MSI-X/MSI vectors in irq_vectors */
	uint8_t irq_vectors[PCI_MAX_VECTORS];
	unsigned irq_gsi; /* INTx: the GSI of the line */
	const struct pci_driver *driver;
	void *driver_data;
};

/* vendor/device PCI_ANY_ID match all; class_mask 0 ignores the class. */
struct pci_id {
	uint16_t vendor, device;
	uint32_t class_code, class_mask; /* (class << 16 | sub << 8 | if) */
};

struct pci_driver {
	const char *name;
	const struct pci_id *ids; /* ends with an all-zero entry */
	/* Returns 0 when it took the device. */
	int (*probe)(struct pci_device *dev);
	struct pci_driver *next;
};

void pci_register_driver(struct pci_driver *drv);

/* The i-th device found (0, 1, ...), or NULL past the last. */
struct pci_device *pci_device_at(unsigned i);

/* Configuration space; off must be aligned to the access width. */
uint32_t pci_read32(const struct pci_device *dev, unsigned off);
uint16_t pci_read16(const struct pci_device *dev, unsigned off);
uint8_t pci_read8(const struct pci_device *dev, unsigned off);
void pci_write32(const struct pci_device *dev, unsigned off, uint32_t v);
void pci_write16(const struct pci_device *dev, unsigned off, uint16_t v);
void pci_write8(const struct pci_device *dev, unsigned off, uint8_t v);

/*
 * The offset of the first capability with this id after the one at
 * from (0: from the start of the list), or 0 when there is none.
 */
unsigned pci_find_cap(const struct pci_device *dev, uint8_t id, unsigned from);

/* Sets bits in the command register (PCI_COMMAND_*). */
void pci_enable(const struct pci_device *dev, uint16_t bits);

/*
 * Maps len bytes at offset off of a memory BAR; NULL when the BAR is
 * absent, an I/O BAR, too small, or cannot be mapped.
 */
volatile void *pci_map_bar(const struct pci_device *dev, unsigned bar,
			   uint64_t off, uint64_t len);

/*
 * Interrupts (drivers/pci/pci_irq.c); a device gets one kind, once.
 *
 * pci_msix_enable(): n MSI-X table entries (0..n-1), entry i calling
 * h[i] on a vector of its own.  -1, with nothing changed, when the
 * device has no MSI-X, fewer than n entries (or n > PCI_MAX_VECTORS),
 * or vectors are short.
 *
 * pci_msi_enable(): one MSI message calling h.
 *
 * pci_intx_enable(): the device's INTx line through the I/O APIC; the
 * line may be shared, so h must check that its device interrupted
 * (and make it drop the line).  -1 when the firmware gave no line.
 */
int pci_msix_enable(struct pci_device *dev, const struct pci_handler *h,
		    unsigned n);
int pci_msi_enable(struct pci_device *dev, const struct pci_handler *h);
int pci_intx_enable(struct pci_device *dev, const struct pci_handler *h);

/* The vector of MSI-X entry i (or MSI/INTx for i 0), or -1. */
int pci_irq_vector(const struct pci_device *dev, unsigned i);

/* "00:03.0" in a static buffer, for messages. */
const char *pci_name(const struct pci_device *dev);

#endif
