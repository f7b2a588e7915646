/*
 * What the boot loader handed over, in the kernel's own terms.  pvh.c
 * fills it from the PVH hvm_start_info; nothing else reads start info.
 */
#ifndef KERNEL_BOOT_H
#define KERNEL_BOOT_H

#include <stdint.h>

#define BOOT_MAX_RAM 64
#define BOOT_MAX_MODULES 8
#define BOOT_CMDLINE_MAX 4096

struct boot_range {
	uint64_t start, end; /* [start, end) */
};

struct boot_info {
	char cmdline[BOOT_CMDLINE_MAX];
	/* the same, never split: cmdline_parse() splits cmdline in place */
	char raw_cmdline[BOOT_CMDLINE_MAX];
	/* why the loader's line was not taken (too long), or NULL */
	const char *cmdline_error;
	struct boot_range ram[BOOT_MAX_RAM]; /* sorted, merged, non-empty */
	unsigned ram_count;
	uint64_t ram_bytes; /* the sum of the ram[] ranges' sizes */
	struct boot_range modules[BOOT_MAX_MODULES];
	unsigned module_count;
	uint64_t rsdp_paddr; /* 0 when the loader gave none */
};

/*
 * Reads the PVH start info at paddr into *info.  Returns NULL, or a
 * message saying what is wrong with it.
 */
const char *pvh_read(uint64_t paddr, struct boot_info *info);

#endif
