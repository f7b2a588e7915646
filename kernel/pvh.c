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

static void insert_ram(struct boot_info *info, uint64_t start, uint64_t end)
{
	unsigned i = info->ram_count;
	while (i > 0 && info->ram[i - 1].start > start) {
		info->ram[i] = info->ram[i - 1];
		i--;
	}
	info->ram[i].start = start;
	info->ram[i].end = end;
	info->ram_count++;
}

static void merge_ram(struct boot_info *info)
{
	unsigned out = 0;
	for (unsigned i = 0; i < info->ram_count; i++) {
		struct boot_range r = info->ram[i];
		if (out > 0 && r.start <= info->ram[out - 1].end) {
			if (r.end > info->ram[out - 1].end)
				info->ram[out - 1].end = r.end;
			continue;
		}
		info->ram[out++] = r;
	}
	info->ram_count = out;
	info->ram_bytes = 0;
	for (unsigned i = 0; i < out; i++)
		info->ram_bytes += info->ram[i].end - info->ram[i].start;
}

/*
 * Firmware lists its map in address order: a range past the last one is
 * appended, one from the last one's start on extends it (the total
 * counted as it goes).  Only a range out of order is sorted in and makes
 * the list need merging (and counting again), so that the usual boot runs
 * none of that code (under TCG, code run once is what a boot costs).
 * Returns whether the list needs merging.
 */
static bool add_ram_range(struct boot_info *info, uint64_t start, uint64_t end)
{
	unsigned n = info->ram_count;
	if (n == 0 || start > info->ram[n - 1].end) {
		info->ram[info->ram_count++] = (struct boot_range){start, end};
		info->ram_bytes += end - start;
		return false;
	}
	struct boot_range *last = &info->ram[n - 1];
	if (start >= last->start) {
		if (end > last->end) {
			info->ram_bytes += end - last->end;
			last->end = end;
		}
		return false;
	}
	insert_ram(info, start, end);
	return true;
}

static const char *read_memmap(const struct hvm_start_info *si,
			       struct boot_info *info)
{
	if (si->version < 1 || !si->memmap_paddr || !si->memmap_entries)
		return "the PVH start info has no memory map";
	const struct hvm_memmap_entry *e =
	    (const void *)(uintptr_t)si->memmap_paddr;
	bool unsorted = false;
	for (uint32_t i = 0; i < si->memmap_entries; i++) {
		if (e[i].type != E820_RAM || e[i].size == 0)
			continue;
		if (info->ram_count == BOOT_MAX_RAM)
			return "the memory map has too many RAM ranges";
		unsorted |=
		    add_ram_range(info, e[i].addr, e[i].addr + e[i].size);
	}
	if (unsorted)
		merge_ram(info);
	return info->ram_count ? NULL : "the memory map lists no RAM";
}

/*
 * A line too long is the user's error, as a bad option is, not the
 * loader's: it is kept for the command line's step to refuse.
 */
static void read_cmdline(const struct hvm_start_info *si,
			 struct boot_info *info)
{
	info->cmdline[0] = info->raw_cmdline[0] = '\0';
	info->cmdline_error = NULL;
	if (!si->cmdline_paddr)
		return;
	const char *src = (const char *)(uintptr_t)si->cmdline_paddr;
	for (unsigned i = 0; i < BOOT_CMDLINE_MAX; i++) {
		info->cmdline[i] = info->raw_cmdline[i] = src[i];
		if (!src[i])
			return;
	}
	info->cmdline[0] = info->raw_cmdline[0] = '\0';
	info->cmdline_error = "the command line is longer than 4095 bytes";
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
	read_cmdline(si, info);
	const char *err = read_memmap(si, info);
	if (!err)
		err = read_modules(si, info);
	return err;
}
