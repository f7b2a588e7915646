/*
 * The platform devices' window (0xfea00000 to 0xff000000) is mapped at
 * boot but is not memory: paging_readable() must say no there (a
 * backtrace that follows a corrupt frame pointer must not read device
 * registers), and a read-only mmio_map() of a page there must give a
 * read-only page: the write at the end must fault.  A page shared by
 * several users keeps the most permissive rights, and device registers
 * are mapped uncached (shared_pages()).
 */
#include <stdint.h>
#include <stdio.h>

#include "app.h"
#include "arch.h"
#include "platform.h"

/* Nothing decodes this page on the machines tested: writes are lost. */
#define SPARE_PAGE 0xfea00000ULL

/* Further pages of the window for the shared-page checks (never written). */
#define SHARED_RW_FIRST (SPARE_PAGE + 2 * 4096)
#define SHARED_RO_FIRST (SPARE_PAGE + 3 * 4096)
/* Below the window, outside RAM: nothing decodes it on these machines. */
#define OUTSIDE_PAGE 0xfe000000ULL

static uint64_t ram_word;

static const char *yes_no(bool b)
{
	return b ? "yes" : "no";
}

/* A page's rights as r/w/x and "uncached", or "unmapped". */
static void print_rights(const char *what, uint64_t va)
{
	int r = paging_rights(va);
	if (r < 0) {
		printf("%s: unmapped\n", what);
		return;
	}
	printf("%s: %c%c%c%s\n", what, r & PAGING_READ ? 'r' : '-',
	       r & PAGING_WRITE ? 'w' : '-', r & PAGING_EXEC ? 'x' : '-',
	       r & PAGING_UNCACHED ? " uncached" : "");
}

/*
 * A page with several users keeps the most permissive rights any of
 * them asked, whatever their order, and device registers are uncached:
 * in the window and outside it (below it: nothing there on the
 * machines tested, and no RAM), and for a local APIC that a firmware
 * moved out of the window (lapic.c maps it as here).
 */
static void shared_pages(void)
{
	mmio_map(SHARED_RW_FIRST, 4, 0);
	mmio_map(SHARED_RW_FIRST, 4, MMIO_READ_ONLY);
	print_rights("window, writer then reader", SHARED_RW_FIRST);
	mmio_map(SHARED_RO_FIRST, 4, MMIO_READ_ONLY);
	print_rights("window, reader alone", SHARED_RO_FIRST);
	mmio_map(SHARED_RO_FIRST, 4, 0);
	print_rights("window, reader then writer", SHARED_RO_FIRST);
	mmio_map(OUTSIDE_PAGE, 4, MMIO_READ_ONLY);
	print_rights("outside, table", OUTSIDE_PAGE);
	mmio_map(OUTSIDE_PAGE, 4, 0);
	print_rights("outside, table then registers", OUTSIDE_PAGE);
	mmio_map(OUTSIDE_PAGE, 4, MMIO_READ_ONLY);
	print_rights("outside, then a table again", OUTSIDE_PAGE);
	paging_map_device(OUTSIDE_PAGE + 4096, 4096,
			  PAGING_READ | PAGING_WRITE | PAGING_UNCACHED);
	print_rights("outside, a moved local APIC", OUTSIDE_PAGE + 4096);
	printf("page 0 mappable: %s\n",
	       yes_no(paging_map_device(0, 4096, PAGING_READ) == 0));
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
	shared_pages();
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
