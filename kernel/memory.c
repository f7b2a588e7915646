/*
 * Bringing up memory.  Page tables come first, from a bump allocator
 * over the pages right after the kernel image (the boot tables map the
 * first GiB, which holds them).  Then every RAM range goes to the page
 * allocator, minus what is in use: the first MiB (firmware, start info),
 * the image, the page tables and the boot modules.
 */

#include "arch.h"
#include "boot.h"
#include "debug.h"
#include "memory.h"
#include "mm.h"

#define LOW_MEMORY_END 0x100000ULL
#define TABLE_AREA_PAGES 256

extern char __image_start[], __image_end[];

static uint64_t table_area_start, table_next;

static void *take_table_page(void)
{
	if (table_next - table_area_start >= TABLE_AREA_PAGES * PAGE_SIZE)
		panic("memory: more than %d page-table pages needed",
		      TABLE_AREA_PAGES);
	void *p = (void *)table_next;
	table_next += PAGE_SIZE;
	page_clear(p);
	return p;
}

static bool overlaps(uint64_t a, uint64_t b, const struct boot_range *r)
{
	return a < r->end && r->start < b;
}

static void check_table_area(const struct boot_info *info)
{
	uint64_t end = table_area_start + TABLE_AREA_PAGES * PAGE_SIZE;
	for (unsigned i = 0; i < info->module_count; i++)
		if (overlaps(table_area_start, end, &info->modules[i]))
			panic("memory: boot module %u at 0x%lx overlaps the "
			      "kernel's page tables",
			      i, info->modules[i].start);
}

/* Hands [start, end) to the page allocator, minus the reserved ranges. */
static void add_free(uint64_t start, uint64_t end,
		     const struct boot_range *reserved, unsigned n)
{
	for (unsigned i = 0; i < n && start < end; i++) {
		if (!overlaps(start, end, &reserved[i]))
			continue;
		if (start < reserved[i].start)
			add_free(start, reserved[i].start, reserved + i + 1,
				 n - i - 1);
		start = reserved[i].end;
	}
	if (start < end)
		page_alloc_add_range(start, end);
}

void memory_init(const struct boot_info *info)
{
	table_area_start = ((uint64_t)__image_end + PAGE_SIZE - 1) &
			   ~(uint64_t)(PAGE_SIZE - 1);
	table_next = table_area_start;
	check_table_area(info);
	for (unsigned i = 0; i < info->ram_count; i++)
		paging_add_ram(info->ram[i].start, info->ram[i].end);
	paging_init(take_table_page);

	struct boot_range reserved[BOOT_MAX_MODULES + 2];
	unsigned n = 0;
	reserved[n++] = (struct boot_range){0, LOW_MEMORY_END};
	reserved[n++] = (struct boot_range){(uint64_t)__image_start,
					    table_area_start +
						TABLE_AREA_PAGES * PAGE_SIZE};
	for (unsigned i = 0; i < info->module_count; i++)
		reserved[n++] = info->modules[i];
	for (unsigned i = 0; i < info->ram_count; i++)
		add_free(info->ram[i].start, info->ram[i].end, reserved, n);
}

uint64_t memory_ram_bytes(const struct boot_info *info)
{
	uint64_t total = 0;
	for (unsigned i = 0; i < info->ram_count; i++)
		total += info->ram[i].end - info->ram[i].start;
	return total;
}

void mm_corruption(const char *what, const void *p)
{
	panic("heap corruption: %s at %p", what, p);
}
