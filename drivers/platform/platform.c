/*
 * The platform device list, its describers, and mmio_map() (see
 * platform.h).  Mapping is
 * identity (virtual = physical), one 4 KiB page at a time so that pages
 * that are already mapped (RAM, the low MiB, earlier calls) are skipped.
 * The platform devices' window below 4 GiB (0xfea00000 to 0xff000000:
 * virtio-mmio transports, I/O APICs, HPET, local APIC) is mapped uncached
 * writable by paging_init(): a read-only request makes its pages
 * read-only there, others skip it.  Pages elsewhere get the default
 * (write-back) memory type: QEMU's TCG ignores memory types and KVM makes
 * device memory uncached itself; a cache-disable flag for paging_map()
 * would be the right fix.
 */
#include <string.h>

#include "arch.h"
#include "memory.h"
#include "platform.h"

#define PAGE 4096ULL

#define MAX_DESCRIBERS 8

struct describer {
	const char *type;
	void (*describe)(void); /* NULL once it ran */
};

static struct platform_device devices[PLATFORM_MAX_DEVICES];
static unsigned device_count;
static struct describer describers[MAX_DESCRIBERS];
static unsigned describer_count;

int platform_add(const struct platform_device *dev)
{
	for (unsigned i = 0; i < device_count; i++)
		if (!strcmp(devices[i].type, dev->type) &&
		    devices[i].base == dev->base)
			return 0;
	if (device_count == PLATFORM_MAX_DEVICES)
		return -1;
	devices[device_count++] = *dev;
	return 0;
}

int platform_add_describer(const char *type, void (*describe)(void))
{
	if (describer_count == MAX_DESCRIBERS)
		return -1;
	describers[describer_count++] = (struct describer){type, describe};
	return 0;
}

/* Runs the describers of type that have not run. */
static void describe(const char *type)
{
	for (unsigned k = 0; k < describer_count; k++) {
		struct describer *d = &describers[k];
		if (d->describe && !strcmp(d->type, type)) {
			void (*fn)(void) = d->describe;
			d->describe = NULL; /* once, even if it adds nothing */
			fn();
		}
	}
}

const struct platform_device *platform_find(const char *type, unsigned i)
{
	describe(type);
	for (unsigned k = 0; k < device_count; k++)
		if (!strcmp(devices[k].type, type) && i-- == 0)
			return &devices[k];
	return NULL;
}

volatile void *mmio_map(uint64_t pa, size_t len, unsigned flags)
{
	unsigned prot = PAGING_READ;
	if (!(flags & MMIO_READ_ONLY))
		prot |= PAGING_WRITE;
	uint64_t end = pa + len;
	memory_keep(pa, len); /* a firmware table in low RAM stays there */
	for (uint64_t page = pa & ~(PAGE - 1); page < end; page += PAGE) {
		/* writable since paging_init(): only fewer rights to give */
		if (paging_device_window(page, PAGE)) {
			if ((flags & MMIO_READ_ONLY) &&
			    paging_protect(page, PAGE,
					   PAGING_READ | PAGING_UNCACHED))
				return NULL;
			continue;
		}
		if (paging_readable(page, PAGE))
			continue;
		if (paging_map(page, page, PAGE, prot))
			return NULL;
	}
	return (volatile void *)(uintptr_t)pa;
}
