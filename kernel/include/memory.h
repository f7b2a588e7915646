/* Boot-time memory bring-up: page tables, then the page allocator. */
#ifndef KERNEL_MEMORY_H
#define KERNEL_MEMORY_H

#include <stdint.h>

#include "boot.h"

/* Maps RAM and hands the free part of it to the page allocator. */
void memory_init(const struct boot_info *info);

/*
 * Keeps [pa, pa + len) out of the RAM below 1 MiB that
 * memory_release_low() hands over: firmware data that a driver reads
 * after boot (mmio_map calls it for every range it maps).  Nothing for
 * ranges above 1 MiB (not RAM, or not free).
 */
void memory_keep(uint64_t pa, uint64_t len);

/*
 * Hands the RAM below 1 MiB to the page allocator, but page 0, the boot
 * modules and what memory_keep() named.  Called once, after the drivers
 * have started: the start info has been copied by then.
 */
void memory_release_low(void);

/*
 * What holds physical [lo, hi), for a message: "not in the first 64 MiB
 * ..." (beyond the RAM the page allocator keeps for programs linked at
 * a fixed address), "in use by the kernel image", "not RAM ...", "in use
 * by the kernel's allocations ..." when nothing else matches.
 */
const char *memory_user(uint64_t lo, uint64_t hi);

/* All RAM the memory map lists, in bytes. */
uint64_t memory_ram_bytes(const struct boot_info *info);

/*
 * Says (kinfo, --verbose) where the boot modules and the boot page
 * tables are.
 */
void memory_print_layout(const struct boot_info *info);

#endif
