/* Where the boot information is published (see boot_info.h). */
#include <stddef.h>

#include "boot_info.h"

static const struct boot_info *published;

void boot_set_info(const struct boot_info *info)
{
	published = info;
}

const struct boot_info *boot_get_info(void)
{
	return published;
}

const char *boot_raw_cmdline(void)
{
	return published ? published->raw_cmdline : "";
}
