/*
 * The platform devices' window (0xfea00000 to 0xff000000) is mapped at
 * boot but is not memory: paging_readable() must say no there (a
 * backtrace that follows a corrupt frame pointer must not read device
 * registers), and a read-only mmio_map() of a page there must give a
 * read-only page: the write at the end must fault.
 */
#include <stdint.h>
#include <stdio.h>

#include "app.h"
#include "arch.h"
#include "platform.h"

/* Nothing decodes this page on the machines tested: writes are lost. */
#define SPARE_PAGE 0xfea00000ULL

static uint64_t ram_word;

static const char *yes_no(bool b)
{
	return b ? "yes" : "no";
}

int app_main(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	printf("RAM readable: %s\n",
	       yes_no(paging_readable((uintptr_t)&ram_word, 8)));
	printf("local APIC readable: %s\n",
	       yes_no(paging_readable(0xfee00000, 16)));
	printf("frame straddling the window readable: %s\n",
	       yes_no(paging_readable(0xfe9ffff8, 16)));
	printf("local APIC in the window: %s\n",
	       yes_no(paging_device_window(0xfee00000, 4096)));
	volatile uint32_t *ro = mmio_map(SPARE_PAGE, 4, MMIO_READ_ONLY);
	volatile uint32_t *rw = mmio_map(SPARE_PAGE + 4096, 4, 0);
	printf("mapped: %s\n", yes_no(ro && rw));
	(void)*ro;
	*rw = 1; /* the next page keeps its rights */
	printf("read-only page read, next page written\n");
	fflush(stdout);
	*ro = 1;
	printf("write to the read-only page went through\n");
	return 0;
}
