/*
 * The boot information (boot.h) for code outside the boot path, e.g.
 * drivers that need the RSDP address or the command line.  kernel_main
 * publishes it once pvh_read() has filled it, before the command line
 * is parsed (cmdline_parse() splits boot_info.cmdline in place).
 */
#ifndef KERNEL_BOOT_INFO_H
#define KERNEL_BOOT_INFO_H

#include "boot.h"

/* Called once by the boot; info must stay valid for good. */
void boot_set_info(const struct boot_info *info);

/* What the loader handed over, or NULL before boot_set_info(). */
const struct boot_info *boot_get_info(void);

/*
 * The command line as the loader gave it, unsplit (info->raw_cmdline;
 * "" before boot_set_info()), e.g. for virtio_mmio.device= words that
 * QEMU adds.
 */
const char *boot_raw_cmdline(void);

#endif
