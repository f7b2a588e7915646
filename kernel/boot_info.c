/* Where the boot information is published (see boot_info.h). */
#include <stddef.h>
#include <string.h>

#include "boot_info.h"

static const struct boot_info *published;
static char raw_cmdline[BOOT_CMDLINE_MAX];

void boot_set_info(const struct boot_info *info)
{
	published = info;
	/* Not strncpy, which would pad the (zero) 4 KiB buffer byte by byte. */
	size_t n = strnlen(info->cmdline, sizeof(raw_cmdline) - 1);
	memcpy(raw_cmdline, info->cmdline, n);
	raw_cmdline[n] = '\0';
}

const struct boot_info *boot_get_info(void)
{
	return published;
}

const char *boot_raw_cmdline(void)
{
	return raw_cmdline;
}
