/*
 * PCI enumeration and configuration access (PCI Local Bus 3.0, PCI
 * Express Base 4.0 chapter 7).
 *
 * Configuration space is reached through ECAM when the platform lists a
 * "pci-ecam" window (1 MiB per bus, mapped a bus at a time on first use),
 * else through configuration mechanism #1 (ports 0xcf8/0xcfc), which is
 * probed first: a machine without PCI (microvm) finds no devices.
 *
 * The walk starts at the first bus of the window (bus 0 on ports) and
 * follows the secondary bus numbers the firmware gave the PCI-to-PCI
 * bridges; a bus is visited once.  Every function is recorded with its
 * BARs (sized with decoding off, 64-bit BARs as one) and the offsets of
 * its MSI and MSI-X capabilities.  Drivers come and go in either order:
 * a device is offered to the registered drivers when found, and a driver
 * to the unclaimed devices when registered.
 */
#include <stdio.h>
#include <string.h>

#include "driver.h"
#include "arch.h"
#include "pci.h"
#include "platform.h"
#include "klog.h"

#define CONFIG_ADDRESS 0xcf8
#define CONFIG_DATA 0xcfc
#define MAX_CAPS 48

static struct pci_device devices[PCI_MAX_DEVICES];
static unsigned device_count;
static struct pci_driver *drivers;

/* ECAM: the window's base (of its first bus) and bus range. */
static const struct platform_device *ecam;
static uint8_t ecam_first, ecam_last;
static uint8_t bus_mapped[256 / 8];
static uint8_t bus_seen[256 / 8];

static volatile uint8_t *ecam_address(const struct pci_device *d, unsigned off)
{
	if (d->bus < ecam_first || d->bus > ecam_last)
		return NULL;
	uint64_t bus_base =
	    ecam->base + ((uint64_t)(d->bus - ecam_first) << 20);
	if (!(bus_mapped[d->bus / 8] & 1 << d->bus % 8)) {
		if (!mmio_map(bus_base, 1 << 20, 0))
			return NULL;
		bus_mapped[d->bus / 8] |= (uint8_t)(1 << d->bus % 8);
	}
	return (volatile uint8_t *)(uintptr_t)(bus_base +
					       ((uint64_t)d->dev << 15) +
					       ((uint64_t)d->fn << 12) + off);
}

static void port_select(const struct pci_device *d, unsigned off)
{
	outl(CONFIG_ADDRESS, 0x80000000u | (uint32_t)d->bus << 16 |
				 (uint32_t)d->dev << 11 | (uint32_t)d->fn << 8 |
				 (off & 0xfc));
}

uint32_t pci_read32(const struct pci_device *d, unsigned off)
{
	if (ecam) {
		volatile uint8_t *p = ecam_address(d, off);
		return p ? mmio_read32(p) : 0xffffffff;
	}
	port_select(d, off);
	return inl(CONFIG_DATA);
}

uint16_t pci_read16(const struct pci_device *d, unsigned off)
{
	return (uint16_t)(pci_read32(d, off & ~3u) >> (off & 2) * 8);
}

uint8_t pci_read8(const struct pci_device *d, unsigned off)
{
	return (uint8_t)(pci_read32(d, off & ~3u) >> (off & 3) * 8);
}

void pci_write32(const struct pci_device *d, unsigned off, uint32_t v)
{
	if (ecam) {
		volatile uint8_t *p = ecam_address(d, off);
		if (p)
			mmio_write32(p, v);
		return;
	}
	port_select(d, off);
	outl(CONFIG_DATA, v);
}

void pci_write16(const struct pci_device *d, unsigned off, uint16_t v)
{
	if (ecam) {
		volatile uint8_t *p = ecam_address(d, off);
		if (p)
			mmio_write16(p, v);
		return;
	}
	port_select(d, off);
	outw((uint16_t)(CONFIG_DATA + (off & 2)), v);
}

void pci_write8(const struct pci_device *d, unsigned off, uint8_t v)
{
	if (ecam) {
		volatile uint8_t *p = ecam_address(d, off);
		if (p)
			mmio_write8(p, v);
		return;
	}
	port_select(d, off);
	outb((uint16_t)(CONFIG_DATA + (off & 3)), v);
}

const char *pci_name(const struct pci_device *d)
{
	static char buf[16];
	snprintf(buf, sizeof(buf), "%02x:%02x.%x", d->bus, d->dev, d->fn);
	return buf;
}

unsigned pci_find_cap(const struct pci_device *d, uint8_t id, unsigned from)
{
	if (!(pci_read16(d, PCI_STATUS) & PCI_STATUS_CAPABILITIES))
		return 0;
	unsigned off = from ? pci_read8(d, from + 1) : pci_read8(d, 0x34);
	for (int i = 0; i < MAX_CAPS && off >= 0x40; i++) {
		off &= 0xfc;
		if (pci_read8(d, off) == id)
			return off;
		off = pci_read8(d, off + 1);
	}
	return 0;
}

void pci_enable(const struct pci_device *d, uint16_t bits)
{
	pci_write16(d, PCI_COMMAND, pci_read16(d, PCI_COMMAND) | bits);
}

volatile void *pci_map_bar(const struct pci_device *d, unsigned bar,
			   uint64_t off, uint64_t len)
{
	if (bar >= 6)
		return NULL;
	const struct pci_bar *b = &d->bar[bar];
	if (!b->size || b->io || off + len > b->size || off + len < off)
		return NULL;
	return mmio_map(b->base + off, len, 0);
}

/* Sizes the BAR at index i; returns how many BAR slots it used. */
static unsigned size_bar(struct pci_device *d, unsigned i)
{
	unsigned off = PCI_BAR0 + 4 * i;
	uint32_t orig = pci_read32(d, off);
	pci_write32(d, off, 0xffffffff);
	uint32_t mask = pci_read32(d, off);
	pci_write32(d, off, orig);
	struct pci_bar *b = &d->bar[i];
	if (orig & 1) {
		b->io = true;
		b->base = orig & ~3u;
		mask |= 0xffff0000; /* I/O BARs may decode 16 bits only */
		b->size = mask & ~3u ? (uint32_t)(~(mask & ~3u) + 1) : 0;
		return 1;
	}
	b->is64 = (orig & 6) == 4;
	b->prefetchable = orig & 8;
	b->base = orig & ~0xfu;
	uint64_t full = mask & ~0xfu;
	if (b->is64 && i < 5) {
		uint32_t orig_hi = pci_read32(d, off + 4);
		pci_write32(d, off + 4, 0xffffffff);
		uint64_t mask_hi = pci_read32(d, off + 4);
		pci_write32(d, off + 4, orig_hi);
		b->base |= (uint64_t)orig_hi << 32;
		full |= mask_hi << 32;
	} else if (full) {
		full |= 0xffffffff00000000ULL;
	}
	b->size = full ? ~full + 1 : 0;
	return b->is64 ? 2 : 1;
}

static void size_bars(struct pci_device *d)
{
	unsigned count = (d->header_type & 0x7f) == 0 ? 6 : 2;
	uint16_t cmd = pci_read16(d, PCI_COMMAND);
	pci_write16(d, PCI_COMMAND,
		    cmd & ~(PCI_COMMAND_IO | PCI_COMMAND_MEMORY));
	for (unsigned i = 0; i < count;)
		i += size_bar(d, i);
	pci_write16(d, PCI_COMMAND, cmd);
}

static void read_caps(struct pci_device *d)
{
	d->msi_cap = (uint8_t)pci_find_cap(d, PCI_CAP_MSI, 0);
	d->msix_cap = (uint8_t)pci_find_cap(d, PCI_CAP_MSIX, 0);
	if (d->msix_cap)
		d->msix_size = (pci_read16(d, d->msix_cap + 2) & 0x7ff) + 1;
}

static bool id_matches(const struct pci_id *id, const struct pci_device *d)
{
	uint32_t class_code = (uint32_t)d->class_code << 16 |
			      (uint32_t)d->subclass << 8 | d->prog_if;
	return (id->vendor == PCI_ANY_ID || id->vendor == d->vendor) &&
	       (id->device == PCI_ANY_ID || id->device == d->device) &&
	       (class_code & id->class_mask) == id->class_code;
}

static bool driver_matches(const struct pci_driver *drv,
			   const struct pci_device *d)
{
	for (const struct pci_id *id = drv->ids; id->vendor || id->class_mask;
	     id++)
		if (id_matches(id, d))
			return true;
	return false;
}

static void offer(struct pci_driver *drv, struct pci_device *d)
{
	if (d->driver || !driver_matches(drv, d))
		return;
	if (drv->probe(d) == 0)
		d->driver = drv;
}

void pci_register_driver(struct pci_driver *drv)
{
	drv->next = drivers;
	drivers = drv;
	for (unsigned i = 0; i < device_count; i++)
		offer(drv, &devices[i]);
}

struct pci_device *pci_device_at(unsigned i)
{
	return i < device_count ? &devices[i] : NULL;
}

static void print_device(const struct pci_device *d)
{
	kinfo("pci: %s %04x:%04x class %02x.%02x.%02x", pci_name(d), d->vendor,
	      d->device, d->class_code, d->subclass, d->prog_if);
	for (unsigned i = 0; i < 6; i++)
		if (d->bar[i].size)
			kinfo(" bar%u %s 0x%lx+0x%lx", i,
			      d->bar[i].io     ? "io"
			      : d->bar[i].is64 ? "mem64"
					       : "mem",
			      d->bar[i].base, d->bar[i].size);
	if (d->msix_cap)
		kinfo(" msix %u", d->msix_size);
	kinfo("\n");
}

static void scan_bus(uint8_t bus);

static void add_function(uint8_t bus, uint8_t dev, uint8_t fn)
{
	struct pci_device probe = {.bus = bus, .dev = dev, .fn = fn};
	if (ecam)
		probe.segment = (uint16_t)(ecam->arg >> 16);
	uint32_t id = pci_read32(&probe, PCI_VENDOR_ID);
	if ((id & 0xffff) == 0xffff || device_count == PCI_MAX_DEVICES)
		return;
	struct pci_device *d = &devices[device_count++];
	*d = probe;
	d->vendor = (uint16_t)id;
	d->device = (uint16_t)(id >> 16);
	uint32_t cr = pci_read32(d, PCI_CLASS_REVISION);
	d->revision = (uint8_t)cr;
	d->prog_if = (uint8_t)(cr >> 8);
	d->subclass = (uint8_t)(cr >> 16);
	d->class_code = (uint8_t)(cr >> 24);
	d->header_type = pci_read8(d, PCI_HEADER_TYPE);
	if ((d->header_type & 0x7f) == 0) {
		d->subsystem_vendor = pci_read16(d, PCI_SUBSYSTEM_VENDOR);
		d->subsystem = pci_read16(d, PCI_SUBSYSTEM_ID);
	}
	d->irq_line = pci_read8(d, PCI_INTERRUPT_LINE);
	d->irq_pin = pci_read8(d, PCI_INTERRUPT_PIN);
	size_bars(d);
	read_caps(d);
	print_device(d);
	if ((d->header_type & 0x7f) == 1)
		scan_bus(pci_read8(d, PCI_SECONDARY_BUS));
}

static void scan_slot(uint8_t bus, uint8_t dev)
{
	struct pci_device f0 = {.bus = bus, .dev = dev};
	if (ecam)
		f0.segment = (uint16_t)(ecam->arg >> 16);
	if (pci_read16(&f0, PCI_VENDOR_ID) == 0xffff)
		return;
	unsigned fns = pci_read8(&f0, PCI_HEADER_TYPE) & 0x80 ? 8 : 1;
	for (unsigned fn = 0; fn < fns; fn++)
		add_function(bus, dev, (uint8_t)fn);
}

static void scan_bus(uint8_t bus)
{
	if (bus_seen[bus / 8] & 1 << bus % 8)
		return;
	bus_seen[bus / 8] |= (uint8_t)(1 << bus % 8);
	for (uint8_t dev = 0; dev < 32; dev++)
		scan_slot(bus, dev);
}

/* Configuration mechanism #1 answers: the address register holds. */
static bool ports_present(void)
{
	outl(CONFIG_ADDRESS, 0x80000000u);
	return inl(CONFIG_ADDRESS) == 0x80000000u;
}

static int pci_init(void)
{
	ecam = platform_find(PLATFORM_PCI_ECAM, 0);
	if (ecam) {
		ecam_first = (uint8_t)ecam->arg;
		ecam_last = (uint8_t)(ecam->arg >> 8);
	} else if (!ports_present()) {
		return -1;
	}
	scan_bus(ecam ? ecam_first : 0);
	kinfo("pci: %u function(s) through %s\n", device_count,
	      ecam ? "ECAM" : "ports 0xcf8/0xcfc");
	for (unsigned i = 0; i < device_count; i++)
		for (struct pci_driver *drv = drivers; drv; drv = drv->next)
			offer(drv, &devices[i]);
	return 0;
}

DRIVER_REGISTER_HW(DRIVER_LEVEL_BUS, "pci", pci_init, 0, DRIVER_HW_PCI);
