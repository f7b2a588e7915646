/*
 * The platform device list, its describers, and mmio_map() (see
 * platform.h).  Mapping is
 * identity (virtual = physical), one 4 KiB page at a time so that pages
 * that are already mapped (RAM, the low MiB, earlier calls) are skipped.
 * Pages are mapped through paging_map_device(): a page shared by
 * several users (device registers, firmware tables) keeps the most
 * permissive rights any of them asked, and device registers are mapped
 * uncached.  The platform devices' window below 4 GiB (0xfea00000 to
 * 0xff000000: virtio-mmio transports, I/O APICs, HPET, local APIC) is
 * mapped uncached writable by paging_init(): a read-only request makes
 * its pages read-only there unless some user mapped them writable.
 */
#include "arch.h"
#include "memory.h"
#include "platform.h"

#define PAGE 4096ULL

static struct platform_device devices[PLATFORM_MAX_DEVICES];
static unsigned device_count;
/* Each type's describer; NULL when it has none or it ran. */
static void (*describers[PLATFORM_TYPES])(void);

int platform_add(const struct platform_device *dev)
{
	for (unsigned i = 0; i < device_count; i++)
		if (devices[i].type == dev->type &&
		    devices[i].base == dev->base)
			return 0;
	if (device_count == PLATFORM_MAX_DEVICES)
		return -1;
	devices[device_count++] = *dev;
	return 0;
}

int platform_add_describer(enum platform_type type, void (*describe)(void))
{
	if (describers[type])
		return -1;
	describers[type] = describe;
	return 0;
}

const struct platform_device *platform_find(enum platform_type type, unsigned i)
{
	/*
	 * The type's describer, if it has not run: once, even if it adds
	 * nothing.  A look-up, not a walk of all describers (under TCG,
	 * the boot's code run once is its cost).
	 */
	void (*describe)(void) = describers[type];
	describers[type] = NULL;
	if (describe)
		describe();
	for (unsigned k = 0; k < device_count; k++)
		if (devices[k].type == type && i-- == 0)
			return &devices[k];
	return NULL;
}

/*
 * What paging_init() maps in any case below the image (loaded at 1 MiB):
 * the first 2 MiB are mapped, writable, all but page 0 (paging.c).
 */
#define LOW_MAPPED_START PAGE
#define LOW_MAPPED_END 0x100000ULL

/*
 * The BIOS ROM area, where the RSDP is (ACPI 6.5, 5.2.5.1) and where
 * qboot (microvm) puts all of ACPI's tables: never RAM on a PC, so there
 * is nothing for memory_keep() to keep, and mapped by paging_init().
 */
#define BIOS_AREA_START 0xe0000ULL

/*
 * The pages of [pa, end) mapped: see mmio_map().  Inlined: a call of its
 * own would cost pc and q35, whose tables are above the low MiB, a block
 * to translate for its return.
 */
static inline volatile void *map_pages(uint64_t pa, uint64_t end,
				       unsigned flags)
{
	/*
	 * A read-only request is a firmware table's: cached, as memory.
	 * Device registers are mapped uncached.
	 */
	unsigned prot = flags & MMIO_READ_ONLY
			    ? PAGING_READ
			    : PAGING_READ | PAGING_WRITE | PAGING_UNCACHED;
	/*
	 * One test, not two: the empty asm keeps the compiler from making
	 * a branch of each half again (under TCG, a block to translate).
	 */
	unsigned refused = (pa < LOW_MAPPED_START) | (end < pa);
	__asm__("" : "+r"(refused));
	if (refused)
		return NULL;	   /* page 0 stays unmapped; no range wraps */
	memory_keep(pa, end - pa); /* a firmware table in low RAM stays there */
	/*
	 * The low MiB's other firmware tables: mapped already, with no
	 * rights to take away (under TCG, code run once is the cost).
	 */
	if (end <= LOW_MAPPED_END)
		return (volatile void *)(uintptr_t)pa;
	/* a page shared with another user keeps the rights of both */
	if (paging_map_device(pa, end - pa, prot))
		return NULL;
	return (volatile void *)(uintptr_t)pa;
}

volatile void *mmio_map(uint64_t pa, size_t len, unsigned flags)
{
	/*
	 * The BIOS ROM area first, without memory_keep() or the page walk:
	 * every boot's RSDP, and all of microvm's tables (under TCG, the
	 * code a boot runs once is its cost).  The second test also
	 * refuses a wrap.
	 */
	if (pa - BIOS_AREA_START < LOW_MAPPED_END - BIOS_AREA_START &&
	    len <= LOW_MAPPED_END - pa)
		return (volatile void *)(uintptr_t)pa;
	return map_pages(pa, pa + len, flags);
}
