/* Boot-time memory bring-up: page tables, then the page allocator. */
#ifndef KERNEL_MEMORY_H
#define KERNEL_MEMORY_H

#include <stdint.h>

#include "boot.h"

/* Maps RAM and hands the free part of it to the page allocator. */
void memory_init(const struct boot_info *info);

/* All RAM the memory map lists, in bytes. */
uint64_t memory_ram_bytes(const struct boot_info *info);

/*
 * Says (kinfo, --verbose) where the boot modules and the boot page
 * tables are.
 */
void memory_print_layout(const struct boot_info *info);

#endif
