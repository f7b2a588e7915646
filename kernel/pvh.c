/*
 * The PVH start info (Xen's arch-x86/hvm/start_info.h layout, version 1).
 * The memory map arrives unsorted and may hold empty entries; we keep the
 * RAM entries, sorted and merged, and copy the command line so that the
 * loader's memory can be reused (twice, in one loop: one copy gets split
 * into words, the other stays as the loader gave it).
 */
#include <stddef.h>
#include <stdbool.h>

#include "boot.h"

#define PVH_MAGIC 0x336ec578
#define E820_RAM 1

struct hvm_start_info {
	uint32_t magic;
	uint32_t version;
	uint32_t flags;
	uint32_t nr_modules;
	uint64_t modlist_paddr;
	uint64_t cmdline_paddr;
	uint64_t rsdp_paddr;
	uint64_t memmap_paddr;
	uint32_t memmap_entries;
	uint32_t reserved;
};

struct hvm_modlist_entry {
	uint64_t paddr;
	uint64_t size;
	uint64_t cmdline_paddr;
	uint64_t reserved;
};

struct hvm_memmap_entry {
	uint64_t addr;
	uint64_t size;
	uint32_t type;
	uint32_t reserved;
};

/* Sorts the n ranges by start (insertion sort: n is small). */
static void sort_ram(struct boot_range *ram, unsigned n)
{
	for (unsigned i = 1; i < n; i++) {
		struct boot_range r = ram[i];
		unsigned j = i;

		for (; j > 0 && ram[j - 1].start > r.start; j--)
			ram[j] = ram[j - 1];
		ram[j] = r;
	}
}

/*
 * Merges the sorted ranges that overlap or touch and counts their
 * bytes.  A range joining the one before is chosen by masks, not a
 * branch: under TCG each path of code run once is a block to translate.
 */
static void merge_ram(struct boot_info *info)
{
	struct boot_range *ram = info->ram;
	unsigned out = 0;
	uint64_t end = 0, bytes = 0;

	for (unsigned i = 0; i < info->ram_count; i++) {
		struct boot_range r = ram[i];
		/* all ones when it joins ram[out - 1] */
		uint64_t join = -(uint64_t)((i > 0) & (r.start <= end));

		out -= (unsigned)(join & 1);
		bytes -= (ram[out].end - ram[out].start) & join;
		r.start = (ram[out].start & join) | (r.start & ~join);
		r.end = r.end > (end & join) ? r.end : end;
		ram[out++] = r;
		bytes += r.end - r.start;
		end = r.end;
	}
	info->ram_count = out;
	info->ram_bytes = bytes;
}

/*
 * Each entry is written at the next free slot (ram[] has one to spare)
 * and kept by counting it when it is RAM and not empty: no branch.
 * Firmware lists its map in address order; only a map out of order is
 * sorted.
 */
static const char *read_memmap(const struct hvm_start_info *si,
			       struct boot_info *info)
{
	if ((si->version < 1) | !si->memmap_paddr | !si->memmap_entries)
		return "the PVH start info has no memory map";
	const struct hvm_memmap_entry *e =
	    (const void *)(uintptr_t)si->memmap_paddr;
	unsigned n = 0;
	uint64_t last = 0;
	bool unsorted = false;
	for (uint32_t i = 0; i < si->memmap_entries; i++) {
		unsigned keep = (e[i].type == E820_RAM) & (e[i].size != 0);

		if (keep & (n == BOOT_MAX_RAM))
			return "the memory map has too many RAM ranges";
		info->ram[n] =
		    (struct boot_range){e[i].addr, e[i].addr + e[i].size};
		unsorted |= keep & (e[i].addr < last);
		last = keep ? e[i].addr : last;
		n += keep;
	}
	info->ram_count = n;
	if (unsorted)
		sort_ram(info->ram, n);
	merge_ram(info);
	return n ? NULL : "the memory map lists no RAM";
}

static const char *read_cmdline(const struct hvm_start_info *si,
				struct boot_info *info)
{
	info->cmdline[0] = info->raw_cmdline[0] = '\0';
	if (!si->cmdline_paddr)
		return NULL;
	const char *src = (const char *)(uintptr_t)si->cmdline_paddr;
	for (unsigned i = 0; i < BOOT_CMDLINE_MAX; i++) {
		info->cmdline[i] = info->raw_cmdline[i] = src[i];
		if (!src[i])
			return NULL;
	}
	info->cmdline[0] = info->raw_cmdline[0] = '\0';
	return "the command line is longer than 4095 bytes";
}

static const char *read_modules(const struct hvm_start_info *si,
				struct boot_info *info)
{
	if (si->nr_modules > BOOT_MAX_MODULES)
		return "the loader passed more than 8 modules";
	const struct hvm_modlist_entry *m =
	    (const void *)(uintptr_t)si->modlist_paddr;
	for (uint32_t i = 0; i < si->nr_modules; i++) {
		info->modules[i].start = m[i].paddr;
		info->modules[i].end = m[i].paddr + m[i].size;
	}
	info->module_count = si->nr_modules;
	return NULL;
}

const char *pvh_read(uint64_t paddr, struct boot_info *info)
{
	const struct hvm_start_info *si = (const void *)(uintptr_t)paddr;
	if (!paddr || si->magic != PVH_MAGIC)
		return "no PVH start info (bad magic)";
	info->ram_count = 0;
	info->ram_bytes = 0;
	info->module_count = 0;
	info->rsdp_paddr = si->rsdp_paddr;
	const char *err = read_memmap(si, info);
	if (!err)
		err = read_cmdline(si, info);
	if (!err)
		err = read_modules(si, info);
	return err;
}
