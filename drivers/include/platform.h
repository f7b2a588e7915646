/*
 * Devices that no bus enumerates: the firmware (ACPI, or the command
 * line) describes them and drivers/platform/ keeps the list.  A
 * describer adds them at DRIVER_LEVEL_PLATFORM; bus and device drivers
 * look them up by type at later levels.  Also the one way drivers map
 * device registers and firmware tables: mmio_map().
 */
#ifndef DRIVERS_PLATFORM_H
#define DRIVERS_PLATFORM_H

#include <stddef.h>
#include <stdint.h>

#define PLATFORM_MAX_DEVICES 64
#define PLATFORM_NO_IRQ 0xffffffffu

/*
 * What a device is: a number, so that finding one is a comparison, not
 * a string's (under TCG, the code a boot runs once is its cost).
 */
enum platform_type {
	PLATFORM_VIRTIO_MMIO, /* a virtio-mmio transport */
	PLATFORM_PCI_ECAM,    /* a PCI Express ECAM window */
	PLATFORM_HPET,	      /* an HPET's registers (hpet.h) */
	PLATFORM_TYPES	      /* how many */
};

struct platform_device {
	enum platform_type type;
	uint64_t base, size;
	uint32_t irq; /* a GSI, or PLATFORM_NO_IRQ */
	uint32_t arg; /* type-specific: the bus range of a PCI ECAM window */
	uint32_t
	    irq_flags; /* IRQ_LEVEL, IRQ_ACTIVE_LOW (irq.h); 0: edge, high */
};

/*
 * Adds a device; one with the same type and base as an earlier one is
 * ignored (two describers may report it).  Returns 0, or -1 when full.
 */
int platform_add(const struct platform_device *dev);

/*
 * Registers describe() to add the devices of type on demand: it runs
 * once, at the first platform_find() of that type after this call, so a
 * describer whose work is costly (ACPI's AML walk) pays only when some
 * driver wants such devices.  A type has one describer (others may add
 * its devices with platform_add()): returns 0, or -1 when it has one
 * that has not run.
 */
int platform_add_describer(enum platform_type type, void (*describe)(void));

/*
 * The i-th device of this type (0, 1, ...), or NULL past the last.
 */
const struct platform_device *platform_find(enum platform_type type,
					    unsigned i);

#define MMIO_READ_ONLY 0x1u

/*
 * Makes [pa, pa + len) readable at the same virtual address: writable
 * and uncached for device registers, or read-only (MMIO_READ_ONLY) and
 * cached for firmware tables.  A page that has several users keeps the
 * most permissive rights (and the uncached type) any of them asked: a
 * read-only request never takes a right away from another user's page
 * (paging_map_device(), arch.h).  RAM and the low MiB are left as
 * mapped.  Returns the pointer, or NULL when a page cannot be mapped
 * (page 0 never is, nor a range that wraps).
 */
volatile void *mmio_map(uint64_t pa, size_t len, unsigned flags);

static inline uint8_t mmio_read8(const volatile void *p)
{
	return *(const volatile uint8_t *)p;
}

static inline uint16_t mmio_read16(const volatile void *p)
{
	return *(const volatile uint16_t *)p;
}

static inline uint32_t mmio_read32(const volatile void *p)
{
	return *(const volatile uint32_t *)p;
}

static inline void mmio_write8(volatile void *p, uint8_t v)
{
	*(volatile uint8_t *)p = v;
}

static inline void mmio_write16(volatile void *p, uint16_t v)
{
	*(volatile uint16_t *)p = v;
}

static inline void mmio_write32(volatile void *p, uint32_t v)
{
	*(volatile uint32_t *)p = v;
}

#endif
