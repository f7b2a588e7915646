/*
 * The kernel's search for the RSDP, which the driver runs when the
 * loader gives none: it reads the EBDA's segment from the BIOS data area
 * in page 0 (which stays unmapped), searches the EBDA's first KiB, then
 * the BIOS ROM area.  Under QEMU the loader gives the RSDP and the
 * firmware puts it in the BIOS ROM area: the search must find that one;
 * then, with a copy of it placed in the EBDA's first KiB, the copy,
 * which comes first.
 */
#include <stdio.h>
#include <string.h>

#include "acpi.h"
#include "app.h"
#include "arch.h"

#define COPY_OFFSET 0x100

static const char *yes_no(bool b)
{
	return b ? "yes" : "no";
}

/* Places a copy of the RSDP at the EBDA's COPY_OFFSET; searches. */
static void search_in_ebda(uint64_t ebda, uint64_t rsdp)
{
	const uint8_t *src = (const uint8_t *)(uintptr_t)rsdp;
	uint8_t *dst = (uint8_t *)(uintptr_t)(ebda + COPY_OFFSET);
	uint8_t saved[36];
	size_t len = src[15] >= 2 ? 36 : 20;
	memcpy(saved, dst, len);
	memcpy(dst, src, len);
	uint64_t found = acpi_search_rsdp();
	memcpy(dst, saved, len);
	printf("a copy in the EBDA found first: %s\n",
	       yes_no(found == ebda + COPY_OFFSET));
}

int app_main(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	uint16_t segment = 0;
	printf("BDA read: %s\n",
	       yes_no(paging_read_page0(0x40e, &segment, 2) == 0));
	printf("page 0 unmapped after: %s\n", yes_no(paging_rights(0) < 0));
	uint64_t ebda = (uint64_t)segment << 4;
	const struct acpi_info *info = acpi_get();
	uint64_t found = acpi_search_rsdp();
	if (!info) {
		printf("no ACPI; search found %s\n", found ? "one" : "none");
		return 0;
	}
	printf("search finds the loader's RSDP: %s\n",
	       yes_no(found == info->rsdp_address));
	if (ebda >= 0x80000 && ebda + 0x400 <= 0xa0000)
		search_in_ebda(ebda, found);
	else
		printf("no EBDA (segment 0x%x)\n", segment);
	return 0;
}
