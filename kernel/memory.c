/*
 * Bringing up memory.  Page tables come first: the first STATIC_TABLES
 * from the image's own data (all a guest with RAM in the first GiB
 * needs: the top table, the first GiB's two levels, the device window's
 * directory and the first 2 MiB's 4 KiB pages), so that the usual boot
 * runs none of the search below (under TCG, code run once is what a
 * boot costs).  More come from a bump allocator over the pages right
 * after the kernel image (the boot tables map the first GiB, which must
 * hold them), skipping the boot modules: the boot loader may have put
 * the initrd right after the image when RAM is small.  Then every RAM
 * range goes to the page allocator, minus what is in use: the first MiB
 * (firmware, start info), the image, the page tables and the boot
 * modules.
 */

#include "arch.h"
#include "boot.h"
#include "debug.h"
#include "klog.h"
#include "memory.h"
#include "mm.h"

#define LOW_MEMORY_END 0x100000ULL
#define BOOT_MAPPED_END 0x40000000ULL /* what boot.S identity-maps */

extern char __image_start[], __image_end[];

#define LOW_KEEP_MAX 16
/*
 * RAM below this is handed out last, so that a program linked at a fixed
 * address (0x400000 and up for x86-64's ET_EXEC) finds its frames free:
 * page_alloc_hold_below().
 */
#define FIXED_PROGRAM_RAM_END 0x4000000ULL /* 64 MiB, as memory_user() says */
#define STATIC_TABLES 5

/*
 * What add_ram() keeps from the page allocator, at memory_init() and at
 * memory_release_low(): one table for both, so that the release only
 * narrows its first entry.  Unused entries are empty (zero) and match
 * nothing.
 */
enum {
	RESERVED_LOW,	 /* below 1 MiB at first, then only page 0 */
	RESERVED_IMAGE,	 /* the image and the boot tables after it */
	RESERVED_MODULES, /* the boot modules */
	RESERVED_KEPT = RESERVED_MODULES + BOOT_MAX_MODULES, /* memory_keep */
	RESERVED_MAX = RESERVED_KEPT + LOW_KEEP_MAX
};

static const struct boot_info *boot;
static struct boot_range reserved[RESERVED_MAX];
static struct boot_range *const low_kept = reserved + RESERVED_KEPT;
static unsigned low_kept_count;
static bool low_keep_all; /* more ranges than low_kept holds */
static bool low_released;
/* the boot page tables after the image: [first, next), maybe empty */
static uint64_t table_first;
static uint64_t table_next;
static uint64_t static_tables[STATIC_TABLES][PAGE_SIZE / 8]
    __attribute__((aligned(PAGE_SIZE)));
static unsigned static_tables_used;

static bool overlaps(uint64_t a, uint64_t b, const struct boot_range *r)
{
	return a < r->end && r->start < b;
}

/* The end of the boot module that holds the page at pa, or 0. */
static uint64_t module_end_at(uint64_t pa)
{
	for (unsigned i = 0; i < boot->module_count; i++)
		if (overlaps(pa, pa + PAGE_SIZE, &boot->modules[i]))
			return boot->modules[i].end;
	return 0;
}

static bool in_ram(uint64_t pa)
{
	for (unsigned i = 0; i < boot->ram_count; i++)
		if (boot->ram[i].start <= pa &&
		    pa + PAGE_SIZE <= boot->ram[i].end)
			return true;
	return false;
}

static void *take_table_page(void)
{
	uint64_t end;
	/* .bss is zero at every boot (boot.S): these need no clearing */
	if (static_tables_used < STATIC_TABLES)
		return static_tables[static_tables_used++];
	while ((end = module_end_at(table_next)) != 0)
		table_next = (end + PAGE_SIZE - 1) & ~(uint64_t)(PAGE_SIZE - 1);
	if (!table_first)
		table_first = table_next;
	if (table_next + PAGE_SIZE > BOOT_MAPPED_END || !in_ram(table_next))
		panic("memory: no RAM for a page table at 0x%lx (after the "
		      "kernel image and the boot modules)",
		      table_next);
	void *p = (void *)table_next;
	table_next += PAGE_SIZE;
	page_clear(p);
	return p;
}

/*
 * Hands the RAM in [lo, hi) to the page allocator, minus the reserved
 * ranges.  Each step goes from start to the next reserved range above it
 * (a free piece, maybe empty) or past the reserved ranges holding start;
 * the loop over the reserved ranges picks both by conditional moves, not
 * branches, and an empty piece is handed over too (page_alloc_add_range
 * ignores it): under TCG each branch of code run once is a block to
 * translate.  memory_init() and memory_release_low() share this code.
 */
static __attribute__((noinline)) void add_ram(uint64_t lo, uint64_t hi)
{
	for (unsigned i = 0; i < boot->ram_count; i++) {
		/* sorted: the rest is above hi too (the body's first branch) */
		if (boot->ram[i].start >= hi)
			break;
		uint64_t start =
		    boot->ram[i].start > lo ? boot->ram[i].start : lo;
		uint64_t end = boot->ram[i].end < hi ? boot->ram[i].end : hi;

		while (start < end) {
			uint64_t stop = end, skip = start, held;

			for (unsigned j = 0; j < RESERVED_MAX; j++) {
				uint64_t rs = reserved[j].start,
					 re = reserved[j].end;

				/*
				 * Below start (or empty): nothing to do.  The
				 * loop's one branch, first: TCG translates the
				 * loop's first pass with the code before it,
				 * up to its first branch, then again.
				 */
				if (re <= start)
					continue;
				/* all ones when it holds start, else 0 */
				uint64_t holds = -(uint64_t)(rs <= start);

				skip = (re & holds) > skip ? re : skip;
				stop = (start < rs) & (rs < stop) ? rs : stop;
			}
			held = -(uint64_t)(skip > start);
			page_alloc_add_range(start,
					     (start & held) | (stop & ~held));
			start = (skip & held) | (stop & ~held);
		}
	}
}

void memory_init(const struct boot_info *info)
{
	table_next = ((uint64_t)__image_end + PAGE_SIZE - 1) &
		     ~(uint64_t)(PAGE_SIZE - 1);
	static_tables_used = 0;
	boot = info;
	for (unsigned i = 0; i < info->ram_count; i++)
		paging_add_ram(info->ram[i].start, info->ram[i].end);
	paging_init(take_table_page);

	reserved[RESERVED_LOW] = (struct boot_range){0, LOW_MEMORY_END};
	/* the modules the tables skipped are in there too: no matter */
	reserved[RESERVED_IMAGE] =
	    (struct boot_range){(uint64_t)__image_start, table_next};
	for (unsigned i = 0; i < info->module_count; i++)
		reserved[RESERVED_MODULES + i] = info->modules[i];
	page_alloc_hold_below(FIXED_PROGRAM_RAM_END);
	add_ram(0, UINT64_MAX);
}

const char *memory_user(uint64_t lo, uint64_t hi)
{
	struct boot_range r = {lo, hi};
	bool ram = false;
	/* first: more memory would not help there */
	if (hi > FIXED_PROGRAM_RAM_END)
		return "not in the first 64 MiB, where RAM is kept for such "
		       "programs (link it lower)";
	for (unsigned i = 0; boot && i < boot->ram_count; i++)
		ram |= boot->ram[i].start <= lo && hi <= boot->ram[i].end;
	if (!ram)
		return "not RAM (boot with more --memory)";
	if (overlaps(0, LOW_MEMORY_END, &r))
		return "in use by the firmware (the first MiB)";
	if (overlaps((uint64_t)__image_start, (uint64_t)__image_end, &r))
		return "in use by the kernel image";
	if (overlaps((uint64_t)__image_end, table_next, &r))
		return "in use by the boot page tables";
	for (unsigned i = 0; boot && i < boot->module_count; i++)
		if (overlaps(lo, hi, &boot->modules[i]))
			return "in use by a boot module (the initrd)";
	return "in use by the kernel's allocations (boot with more "
	       "--memory)";
}

void memory_keep(uint64_t pa, uint64_t len)
{
	if (pa >= LOW_MEMORY_END || len == 0)
		return;
	uint64_t end =
	    pa + (len < LOW_MEMORY_END - pa ? len : LOW_MEMORY_END - pa);
	struct boot_range r = {pa & ~(uint64_t)(PAGE_SIZE - 1),
			       (end + PAGE_SIZE - 1) &
				   ~(uint64_t)(PAGE_SIZE - 1)};
	/*
	 * Whether it is RAM, tested with & and |, not && and ||: under
	 * TCG each branch of code run once is a block to translate, and
	 * the boot's firmware tables (ACPI's) come through here.
	 */
	bool ram = !boot; /* before memory_init: keep it in any case */
	unsigned n = boot ? boot->ram_count : 0;
	for (unsigned i = 0; i < n; i++)
		ram |=
		    (r.start < boot->ram[i].end) & (boot->ram[i].start < r.end);
	if (!ram)
		return;
	if (low_released) {
		kprintf("memory: [0x%lx, 0x%lx) is needed but went to the page "
			"allocator already\n",
			pa, end);
		return;
	}
	for (unsigned i = 0; i < low_kept_count; i++) {
		struct boot_range *k = &low_kept[i];
		if (r.start <= k->end && k->start <= r.end) { /* or touching */
			k->start = r.start < k->start ? r.start : k->start;
			k->end = r.end > k->end ? r.end : k->end;
			return;
		}
	}
	if (low_kept_count == LOW_KEEP_MAX)
		low_keep_all = true;
	else
		low_kept[low_kept_count++] = r;
}

void memory_release_low(void)
{
	low_released = true;
	if (low_keep_all) {
		kinfo("osv:   RAM below 1 MiB kept: more than %u ranges in "
		      "use\n",
		      LOW_KEEP_MAX);
		return;
	}
	/* the image lies above 1 MiB: only page 0, modules and kept */
	reserved[RESERVED_LOW].end = PAGE_SIZE;
	add_ram(0, LOW_MEMORY_END);
}

void memory_print_layout(const struct boot_info *info)
{
	/* [end, end) when the image's own tables were enough */
	uint64_t first = table_first ? table_first : table_next;
	kinfo("osv:   image [0x%lx, 0x%lx), page tables [0x%lx, 0x%lx)\n",
	      (uint64_t)__image_start, (uint64_t)__image_end, first,
	      table_next);
	for (unsigned i = 0; i < info->module_count; i++)
		kinfo("osv:   boot module %u [0x%lx, 0x%lx)\n", i,
		      info->modules[i].start, info->modules[i].end);
	for (unsigned i = 0; i < low_kept_count; i++)
		kinfo("osv:   kept below 1 MiB [0x%lx, 0x%lx)\n",
		      low_kept[i].start, low_kept[i].end);
}

uint64_t memory_ram_bytes(const struct boot_info *info)
{
	return info->ram_bytes; /* counted by pvh_read() */
}

void mm_corruption(const char *what, const void *p)
{
	panic("heap corruption: %s at %p", what, p);
}
