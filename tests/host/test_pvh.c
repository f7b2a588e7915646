/*
 * kernel/pvh.c on the host: a start info built in memory, with the
 * memory map unsorted and holding empty and overlapping entries, as
 * loaders hand it over.
 */
#include <stdint.h>
#include <string.h>

#include "boot.h"
#include "tap.h"

struct start_info {
	uint32_t magic, version, flags, nr_modules;
	uint64_t modlist_paddr, cmdline_paddr, rsdp_paddr, memmap_paddr;
	uint32_t memmap_entries, reserved;
};

struct memmap_entry {
	uint64_t addr, size;
	uint32_t type, reserved;
};

struct module_entry {
	uint64_t paddr, size, cmdline_paddr, reserved;
};

static struct boot_info info;

int main(void)
{
	struct memmap_entry map[] = {
	    {0x100000, 0x7ee0000, 1, 0},
	    {0xfffc0000, 0x40000, 2, 0},
	    {0, 0, 0, 0},
	    {0x100000000, 0x40000000, 1, 0},
	    {0, 0x9fc00, 1, 0},
	    {0x9fc00, 0x400, 2, 0},
	    {0x7000000, 0x2000000, 1, 0}, /* overlaps the first */
	    {0x200000000, 0, 1, 0},	  /* empty RAM entry */
	};
	struct module_entry mod = {0x7f00000, 0x1234, 0, 0};
	char cmdline[] = "--verbose /hello.so world";
	struct start_info si = {
	    .magic = 0x336ec578,
	    .version = 1,
	    .nr_modules = 1,
	    .modlist_paddr = (uintptr_t)&mod,
	    .cmdline_paddr = (uintptr_t)cmdline,
	    .rsdp_paddr = 0xf5a40,
	    .memmap_paddr = (uintptr_t)map,
	    .memmap_entries = sizeof(map) / sizeof(map[0]),
	};
	const char *err = pvh_read((uintptr_t)&si, &info);
	TAP_OK(err == NULL, "a valid start info reads (%s)", err ? err : "ok");
	TAP_OK(info.ram_count == 3, "RAM: 3 ranges after merging (got %u)",
	       info.ram_count);
	TAP_OK(info.ram[0].start == 0 && info.ram[0].end == 0x9fc00,
	       "sorted: low memory first");
	TAP_OK(info.ram[1].start == 0x100000 && info.ram[1].end == 0x9000000,
	       "overlapping ranges merge");
	TAP_OK(info.ram[2].start == 0x100000000 &&
		   info.ram[2].end == 0x140000000,
	       "RAM above 4 GiB kept");
	TAP_OK(info.ram_bytes == 0x9fc00 + 0x8f00000 + 0x40000000,
	       "RAM bytes counted after merging (got 0x%lx)",
	       (unsigned long)info.ram_bytes);
	TAP_OK(strcmp(info.cmdline, cmdline) == 0, "command line copied");
	TAP_OK(strcmp(info.raw_cmdline, cmdline) == 0,
	       "command line copied a second time, to stay unsplit");
	TAP_OK(info.module_count == 1 && info.modules[0].start == 0x7f00000 &&
		   info.modules[0].end == 0x7f01234,
	       "module range");
	TAP_OK(info.rsdp_paddr == 0xf5a40, "RSDP address");

	/* in address order, as firmware gives it: touching and nested
	 * ranges join the last one */
	struct memmap_entry sorted[] = {
	    {0, 0x9fc00, 1, 0},
	    {0x9fc00, 0x400, 2, 0},
	    {0x100000, 0xf00000, 1, 0},
	    {0x1000000, 0x1000000, 1, 0}, /* touches the one before */
	    {0x1800000, 0x100000, 1, 0},  /* inside the one before */
	    {0x100000000, 0x40000000, 1, 0},
	};
	si.memmap_paddr = (uintptr_t)sorted;
	si.memmap_entries = sizeof(sorted) / sizeof(sorted[0]);
	err = pvh_read((uintptr_t)&si, &info);
	TAP_OK(err == NULL && info.ram_count == 3 && info.ram[0].start == 0 &&
		   info.ram[0].end == 0x9fc00 &&
		   info.ram[1].start == 0x100000 &&
		   info.ram[1].end == 0x2000000 &&
		   info.ram[2].start == 0x100000000 &&
		   info.ram[2].end == 0x140000000,
	       "a map in order: touching and nested ranges join");
	TAP_OK(info.ram_bytes == 0x9fc00 + 0x1f00000 + 0x40000000,
	       "RAM bytes of a map in order (got 0x%lx)",
	       (unsigned long)info.ram_bytes);

	/* BOOT_MAX_RAM ranges (apart: none merge) and a reserved one after
	 * them fit; one more RAM range does not */
	static struct memmap_entry many[BOOT_MAX_RAM + 2];
	for (unsigned i = 0; i < BOOT_MAX_RAM + 2; i++)
		many[i] =
		    (struct memmap_entry){(uint64_t)i << 30, 1 << 20, 1, 0};
	many[BOOT_MAX_RAM].type = 2;
	si.memmap_paddr = (uintptr_t)many;
	si.memmap_entries = BOOT_MAX_RAM + 1;
	err = pvh_read((uintptr_t)&si, &info);
	TAP_OK(err == NULL && info.ram_count == BOOT_MAX_RAM &&
		   info.ram[BOOT_MAX_RAM - 1].start ==
		       (uint64_t)(BOOT_MAX_RAM - 1) << 30 &&
		   info.ram_bytes == (uint64_t)BOOT_MAX_RAM << 20,
	       "%u RAM ranges and a reserved one after them are read",
	       BOOT_MAX_RAM);
	si.memmap_entries = BOOT_MAX_RAM + 2;
	err = pvh_read((uintptr_t)&si, &info);
	TAP_OK(err && strstr(err, "too many"), "one RAM range more is refused");
	si.memmap_paddr = (uintptr_t)map;
	si.memmap_entries = sizeof(map) / sizeof(map[0]);

	si.magic = 0x12345678;
	err = pvh_read((uintptr_t)&si, &info);
	TAP_OK(err && strstr(err, "bad magic"), "bad magic is refused");
	si.magic = 0x336ec578;
	si.version = 0;
	err = pvh_read((uintptr_t)&si, &info);
	TAP_OK(err && strstr(err, "no memory map"),
	       "version 0 (no memory map) is refused");
	si.version = 1;
	si.memmap_entries = 2;
	map[0].type = 2;
	err = pvh_read((uintptr_t)&si, &info);
	TAP_OK(err && strstr(err, "no RAM"), "a map without RAM is refused");
	map[0].type = 1;
	si.memmap_entries = sizeof(map) / sizeof(map[0]);
	/*
	 * A line too long is the user's error, for the command line's step
	 * to refuse with status 64: the start info itself is good.
	 */
	static char long_line[BOOT_CMDLINE_MAX + 10];
	memset(long_line, 'x', BOOT_CMDLINE_MAX - 1);
	si.cmdline_paddr = (uintptr_t)long_line;
	err = pvh_read((uintptr_t)&si, &info);
	TAP_OK(!err && !info.cmdline_error &&
		   strlen(info.cmdline) == BOOT_CMDLINE_MAX - 1,
	       "a command line of 4095 bytes is taken whole");
	/* one byte more: no room left for the NUL */
	memset(long_line, 'x', BOOT_CMDLINE_MAX);
	err = pvh_read((uintptr_t)&si, &info);
	TAP_OK(!err && info.cmdline_error &&
		   strstr(info.cmdline_error, "longer than 4095 bytes") &&
		   !info.cmdline[0] && !info.raw_cmdline[0] && info.ram_count,
	       "a command line of 4096 bytes is the user's error, not the "
	       "start info's: %s",
	       err		    ? err
	       : info.cmdline_error ? info.cmdline_error
				    : "(none)");
	long_line[BOOT_CMDLINE_MAX - 1] = '\0';
	err = pvh_read((uintptr_t)&si, &info);
	TAP_OK(!err && !info.cmdline_error &&
		   strlen(info.raw_cmdline) == BOOT_CMDLINE_MAX - 1,
	       "a start info read again forgets the error");
	return tap_done();
}
