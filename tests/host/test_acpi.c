/*
 * drivers/acpi/acpi_tables.c and acpi_aml.c on the host.  Hand-made
 * tables (an RSDP, XSDT and RSDT, FADT, MADT, MCFG, HPET, a DSDT and an
 * SSDT with AML) are placed in a fake physical memory; then each kind of
 * damage: bad checksums, lengths past the end, a broken XSDT, an RSDP
 * with a bad extended checksum, AML with an unknown opcode, and every
 * truncation of the AML on a buffer followed by an unmapped page.  Last,
 * the host's own tables from /sys/firmware/acpi/tables when readable.
 */
#include <dirent.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "acpi.h"
#include "tap.h"

/* Fake physical memory: segments of host buffers at physical addresses. */
struct segment {
	uint64_t pa;
	uint8_t *p;
	size_t len;
};
static struct segment segs[32];
static unsigned nsegs;
static char logbuf[8192];

/* The longest length each table's address was mapped with. */
static struct {
	uint64_t pa;
	size_t len;
} maps[64];
static unsigned nmaps;

static void note_map(uint64_t pa, size_t len)
{
	for (unsigned i = 0; i < nmaps; i++)
		if (maps[i].pa == pa) {
			if (len > maps[i].len)
				maps[i].len = len;
			return;
		}
	if (nmaps < 64)
		maps[nmaps++].pa = pa, maps[nmaps - 1].len = len;
}

static size_t mapped_len(uint64_t pa)
{
	for (unsigned i = 0; i < nmaps; i++)
		if (maps[i].pa == pa)
			return maps[i].len;
	return 0;
}

static const void *fake_map(uint64_t pa, size_t len, void *ctx)
{
	(void)ctx;
	note_map(pa, len);
	for (unsigned i = 0; i < nsegs; i++)
		if (pa >= segs[i].pa && pa + len <= segs[i].pa + segs[i].len)
			return segs[i].p + (pa - segs[i].pa);
	return NULL;
}

static void fake_log(void *ctx, const char *fmt, va_list ap)
{
	(void)ctx;
	size_t n = strlen(logbuf);
	vsnprintf(logbuf + n, sizeof(logbuf) - n, fmt, ap);
	n = strlen(logbuf);
	if (n + 1 < sizeof(logbuf))
		strcat(logbuf, "\n");
}

static const struct acpi_env env = {fake_map, fake_log, NULL};

static void place(uint64_t pa, void *p, size_t len)
{
	segs[nsegs++] = (struct segment){pa, p, len};
}

/* A growable byte buffer for AML and tables. */
struct buf {
	uint8_t b[4096];
	size_t n;
};

static void put(struct buf *b, const void *p, size_t n)
{
	memcpy(b->b + b->n, p, n);
	b->n += n;
}

static void put8(struct buf *b, uint8_t v)
{
	b->b[b->n++] = v;
}

static void put32(struct buf *b, uint32_t v)
{
	put(b, &v, 4);
}

/* op(s), PkgLength, body: the PkgLength encoding in one or two bytes. */
static void pkg(struct buf *out, const uint8_t *ops, size_t nops,
		const struct buf *body)
{
	put(out, ops, nops);
	size_t len = body->n + 1;
	if (len < 64) {
		put8(out, (uint8_t)len);
	} else {
		len++;
		put8(out, (uint8_t)(0x40 | (len & 0x0f)));
		put8(out, (uint8_t)(len >> 4));
	}
	put(out, body->b, body->n);
}

static void name_string_hid(struct buf *b, const char *hid)
{
	put(b, "\x08_HID\x0d", 6);
	put(b, hid, strlen(hid) + 1);
}

/* Device (name) { _HID hid, _CRS { Memory32Fixed base/0x200, irq } } */
static void device(struct buf *out, const char *name, const char *hid,
		   uint32_t base, uint32_t irq, bool junk)
{
	struct buf body = {.n = 0}, crs = {.n = 0}, res = {.n = 0};
	put(&body, name, 4);
	name_string_hid(&body, hid);
	put(&body, "\x08_UID\x00", 6);
	/* Method (_STA) { Return (0x0F) } is skipped whole */
	put(&body, "\x14\x09_STA\x00\xa4\x0a\x0f", 10);
	put(&res, "\x86\x09\x00\x01", 4);
	put32(&res, base);
	put32(&res, 0x200);
	put(&res, "\x89\x06\x00\x0b\x01", 5);
	put32(&res, irq);
	put(&res, "\x79\x00", 2);
	put8(&crs, 0x0a);
	put8(&crs, (uint8_t)res.n);
	put(&crs, res.b, res.n);
	put(&body, "\x08_CRS", 5);
	pkg(&body, (const uint8_t *)"\x11", 1, &crs);
	if (junk)
		put(&body, "\x70\x0a\x01\x60", 4); /* Store (1, Local0) */
	pkg(out, (const uint8_t *)"\x5b\x82", 2, &body);
}

/* The DSDT's AML; junk puts an unsupported term in the first device. */
static void dsdt_aml(struct buf *aml, bool junk)
{
	struct buf scope = {.n = 0}, sb = {.n = 0};
	aml->n = 0;
	/* External (\_SB.FOO, MethodObj, 2) */
	put(aml, "\x15\x5c\x2e_SB_FOO_\x08\x02", 13);
	/* Scope (\) { Name (_S5, Package (4) { 5, 0, 0, 0 }) } */
	put(&scope, "\x5c\x00\x08_S5_\x12\x07\x04\x0a\x05\x00\x00\x00", 15);
	pkg(aml, (const uint8_t *)"\x10", 1, &scope);
	/* Scope (_SB) { OperationRegion, Field, devices } */
	put(&sb, "_SB_", 4);
	put(&sb, "\x5b\x80GREG\x00\x0c\x00\x00\xa0\xfe\x0a\x04", 14);
	put(&sb, "\x5b\x81\x0bGREG\x01ESEL\x20", 13);
	device(&sb, "VR00", "LNRO0005", 0xfeb00000, 12, junk);
	/* Device (COM1) { _HID EisaId ("PNP0501"), no memory } */
	put(&sb,
	    "\x5b\x82\x0f"
	    "COM1\x08_HID\x0c\x41\xd0\x05\x01",
	    17);
	device(&sb, "VR01", "LNRO0005", 0xfeb00200, 13, false);
	pkg(aml, (const uint8_t *)"\x10", 1, &sb);
}

static uint8_t checksum(const uint8_t *p, size_t n)
{
	uint8_t s = 0;
	while (n--)
		s += *p++;
	return s;
}

/* A table with its header, checksummed, in a new buffer. */
static uint8_t *table(const char *sig, uint8_t rev, const void *body,
		      size_t len)
{
	uint8_t *t = calloc(1, 36 + len);
	memcpy(t, sig, 4);
	uint32_t total = (uint32_t)(36 + len);
	memcpy(t + 4, &total, 4);
	t[8] = rev;
	memcpy(t + 10, "OSVTST", 6);
	memcpy(t + 36, body, len);
	t[9] = (uint8_t)-checksum(t, total);
	return t;
}

static uint32_t table_len(const uint8_t *t)
{
	uint32_t v;
	memcpy(&v, t + 4, 4);
	return v;
}

static void refresh(uint8_t *t)
{
	t[9] = 0;
	t[9] = (uint8_t)-checksum(t, table_len(t));
}

static void set32(uint8_t *p, uint32_t v)
{
	memcpy(p, &v, 4);
}

static void set64(uint8_t *p, uint64_t v)
{
	memcpy(p, &v, 8);
}

static void gas(uint8_t *p, uint8_t space, uint8_t width, uint64_t addr)
{
	p[0] = space;
	p[1] = width;
	set64(p + 4, addr);
}

enum {
	PA_BDA = 0x400,
	PA_EBDA = 0x9fc00,
	PA_BIOS = 0xe0000,
	PA_RSDP = 0xf5a40,
	PA_XSDT = 0x100000,
	PA_RSDT = 0x100800,
	PA_FACP = 0x101000,
	PA_APIC = 0x102000,
	PA_MCFG = 0x103000,
	PA_HPET = 0x104000,
	PA_SSDT = 0x105000,
	PA_DSDT = 0x106000,
};

static uint8_t bios[0x20000], rsdp[36], *xsdt, *rsdt, *facp, *apic, *mcfg,
    *hpet, *ssdt, *dsdt;

static uint8_t *make_facp(void)
{
	uint8_t b[276 - 36] = {0};
	uint8_t *f = b - 36; /* offsets below are the spec's */
	set32(f + 40, PA_DSDT);
	f[46] = 9;
	set32(f + 48, 0xb2);
	f[52] = 0xf1;
	set32(f + 64, 0x604);
	f[89] = 2;
	set32(f + 112, ACPI_FADT_RESET_REG_SUP);
	gas(f + 116, ACPI_SPACE_IO, 8, 0xcf9);
	f[128] = 6;
	set64(f + 140, PA_DSDT);
	gas(f + 244, ACPI_SPACE_MEMORY, 8, 0xfea00200);
	return table("FACP", 6, b, sizeof(b));
}

static uint8_t *make_apic(void)
{
	static const uint8_t b[] = {
	    0x00, 0x00, 0xe0, 0xfe, 1, 0, 0,	0, /* LAPIC address, PCAT */
	    0,	  8,	0,    0,    1, 0, 0,	0, /* CPU 0 enabled */
	    0,	  8,	1,    1,    0, 0, 0,	0, /* CPU 1 disabled */
	    0,	  8,	2,    2,    2, 0, 0,	0, /* CPU 2 online-capable */
	    1,	  12,	0,    0,    0, 0, 0xc0, 0xfe, 0, 0, 0, 0, /* I/O APIC */
	    2,	  10,	0,    0,    2, 0, 0,	0,    0, 0, /* ISA 0 -> GSI 2 */
	    4,	  6,	0xff, 0,    0, 1,		    /* NMI: ignored */
	};
	return table("APIC", 1, b, sizeof(b));
}

static uint8_t *make_mcfg(void)
{
	uint8_t b[8 + 16] = {0};
	set64(b + 8, 0xb0000000);
	b[8 + 11] = 255;
	return table("MCFG", 1, b, sizeof(b));
}

static uint8_t *make_hpet(void)
{
	uint8_t b[20] = {0};
	gas(b + 4, ACPI_SPACE_MEMORY, 64, 0xfed00000);
	return table("HPET", 1, b, sizeof(b));
}

static uint8_t *make_ssdt(void)
{
	struct buf aml = {.n = 0}, sb = {.n = 0};
	put(&sb, "\x5c_SB_", 5);
	device(&sb, "VR02", "LNRO0005", 0xfeb00400, 14, false);
	pkg(&aml, (const uint8_t *)"\x10", 1, &sb);
	return table("SSDT", 2, aml.b, aml.n);
}

static uint8_t *make_dsdt(bool junk)
{
	static struct buf aml;
	dsdt_aml(&aml, junk);
	return table("DSDT", 2, aml.b, aml.n);
}

static uint8_t *make_root(const char *sig, unsigned width)
{
	uint64_t pas[] = {PA_FACP, PA_APIC, PA_MCFG, PA_HPET, PA_SSDT};
	uint8_t b[5 * 8];
	for (unsigned i = 0; i < 5; i++)
		memcpy(b + i * width, &pas[i], width);
	return table(sig, 1, b, 5 * width);
}

static void make_rsdp(uint8_t *r, uint8_t rev)
{
	memset(r, 0, 36);
	memcpy(r, "RSD PTR ", 8);
	memcpy(r + 9, "OSVTST", 6);
	r[15] = rev;
	set32(r + 16, PA_RSDT);
	set32(r + 20, 36);
	set64(r + 24, PA_XSDT);
	r[8] = (uint8_t)-checksum(r, 20);
	r[32] = (uint8_t)-checksum(r, 36);
}

/* The standard machine: every table placed and valid. */
static void build_machine(void)
{
	nsegs = 0;
	logbuf[0] = 0;
	memset(bios, 0, sizeof(bios));
	make_rsdp(rsdp, 2);
	memcpy(bios + (PA_RSDP - PA_BIOS), rsdp, 36);
	place(PA_BIOS, bios, sizeof(bios));
	xsdt = make_root("XSDT", 8);
	rsdt = make_root("RSDT", 4);
	facp = make_facp();
	apic = make_apic();
	mcfg = make_mcfg();
	hpet = make_hpet();
	ssdt = make_ssdt();
	dsdt = make_dsdt(false);
	place(PA_XSDT, xsdt, table_len(xsdt));
	place(PA_RSDT, rsdt, table_len(rsdt));
	place(PA_FACP, facp, table_len(facp));
	place(PA_APIC, apic, table_len(apic));
	place(PA_MCFG, mcfg, table_len(mcfg));
	place(PA_HPET, hpet, table_len(hpet));
	place(PA_SSDT, ssdt, table_len(ssdt));
	place(PA_DSDT, dsdt, table_len(dsdt));
}

static struct acpi_info info;

static void test_find_rsdp(void)
{
	build_machine();
	TAP_OK(acpi_find_rsdp(&env) == PA_RSDP,
	       "the RSDP is found in 0xe0000-0xfffff");
	static uint8_t bda[0x100], ebda[0x400];
	uint16_t seg = PA_EBDA >> 4;
	memcpy(bda + 0xe, &seg, 2);
	memcpy(ebda + 0x10, rsdp, 36);
	place(PA_BDA, bda, sizeof(bda));
	place(PA_EBDA, ebda, sizeof(ebda));
	TAP_OK(acpi_find_rsdp(&env) == PA_EBDA + 0x10,
	       "the EBDA's first KiB is searched first");
	bios[PA_RSDP - PA_BIOS + 8]++;
	ebda[0x18]++;
	TAP_OK(acpi_find_rsdp(&env) == 0, "an RSDP with a bad checksum is "
					  "not found");
}

/* A low-memory image: the BDA, an EBDA at seg << 4, the BIOS area. */
static uint8_t bda2[0x100], low[0x20000];

static void low_memory(uint16_t seg)
{
	build_machine();
	memset(bda2, 0, sizeof(bda2));
	memset(low, 0, sizeof(low));
	memcpy(bda2 + 0xe, &seg, 2);
	place(PA_BDA, bda2, sizeof(bda2));
	place(0x80000, low, sizeof(low)); /* 0x80000-0x9ffff */
}

/* The RSDP copied to pa in the low image or the BIOS area. */
static uint8_t *put_rsdp(uint64_t pa)
{
	uint8_t *p =
	    pa >= PA_BIOS ? bios + (pa - PA_BIOS) : low + (pa - 0x80000);
	memcpy(p, rsdp, 36);
	return p;
}

static void test_find_rsdp_ebda(void)
{
	low_memory(0);
	TAP_OK(acpi_find_rsdp(&env) == PA_RSDP,
	       "a zero EBDA pointer is ignored: the BIOS area's RSDP found");

	/* a pointer past 640 KiB: whatever is there is not read */
	static uint8_t vga[0x400];
	low_memory(0xa000);
	memcpy(vga, rsdp, 36);
	place(0xa0000, vga, sizeof(vga));
	TAP_OK(acpi_find_rsdp(&env) == PA_RSDP,
	       "an EBDA pointer at 0xa0000 is ignored");
	low_memory(0x0040); /* at the BDA itself */
	memcpy(bda2 + 0x10, rsdp, 36);
	TAP_OK(acpi_find_rsdp(&env) == PA_RSDP,
	       "an EBDA pointer below 0x80000 is ignored");

	/* an EBDA in the last bytes below 640 KiB: the search stops there */
	low_memory(0x9ff0);
	place(0xa0000, vga, sizeof(vga));
	TAP_OK(acpi_find_rsdp(&env) == PA_RSDP,
	       "the EBDA's search stops at 0xa0000");
	put_rsdp(0x9ff00 + 0xd0);
	TAP_OK(acpi_find_rsdp(&env) == 0x9ffd0,
	       "an RSDP in such an EBDA's bytes is found");

	low_memory(0x9000); /* an EBDA at 0x90000 */
	put_rsdp(0x90000 + 0x400);
	TAP_OK(acpi_find_rsdp(&env) == PA_RSDP,
	       "only the EBDA's first KiB is searched");
	put_rsdp(0x90000 + 0x3f0 - 8);
	TAP_OK(acpi_find_rsdp(&env) == PA_RSDP,
	       "an RSDP off a 16-byte boundary is not found");
	memset(low, 0, sizeof(low));
	uint8_t *e = put_rsdp(0x90000 + 0x3e0);
	TAP_OK(acpi_find_rsdp(&env) == 0x90000 + 0x3e0,
	       "an RSDP at the end of the EBDA's first KiB is found");
	e[33]++; /* reserved: the 20-byte checksum still holds */
	TAP_OK(acpi_find_rsdp(&env) == PA_RSDP,
	       "a revision 2 RSDP with a bad extended checksum is skipped");
	e[15] = 0;
	e[8] += 2; /* revision 0: the 20 bytes alone count */
	TAP_OK(acpi_find_rsdp(&env) == 0x90000 + 0x3e0,
	       "a revision 0 RSDP needs no extended checksum");

	/* the last place a revision 0 RSDP fits */
	low_memory(0);
	bios[PA_RSDP - PA_BIOS + 8]++;
	uint8_t *last = bios + (0xfffe0 - PA_BIOS);
	memcpy(last, rsdp, 20);
	last[15] = 0;
	last[8] += 2;
	TAP_OK(acpi_find_rsdp(&env) == 0xfffe0,
	       "the BIOS area is searched to its end");
}

static void test_good_tables(void)
{
	build_machine();
	int rc = acpi_parse(PA_RSDP, &env, &info);
	TAP_OK(rc == 0 && info.revision == 2, "parses a revision 2 RSDP");
	TAP_OK(info.tables == 7 && info.skipped == 0,
	       "XSDT, 5 tables and the DSDT (%u, %u skipped)", info.tables,
	       info.skipped);
	TAP_OK(info.have_madt && info.cpu_count == 2 &&
		   info.cpu_apic_ids[1] == 2 && info.pcat_compat,
	       "MADT: enabled and online-capable CPUs (%u)", info.cpu_count);
	TAP_OK(info.ioapic_count == 1 && info.ioapics[0].address == 0xfec00000,
	       "MADT: the I/O APIC");
	TAP_OK(info.override_count == 1 && info.overrides[0].gsi == 2,
	       "MADT: ISA IRQ 0 is GSI 2");
	TAP_OK(info.ecam_count == 1 && info.ecam[0].base == 0xb0000000 &&
		   info.ecam[0].bus_end == 255,
	       "MCFG: ECAM at 0xb0000000, buses 0-255");
	TAP_OK(info.have_fadt && info.pm1a_cnt.address == 0x604 &&
		   info.pm1a_cnt.space == ACPI_SPACE_IO &&
		   info.pm1a_cnt.bit_width == 16 && !info.pm1b_cnt.address,
	       "FADT: PM1a control at port 0x604, 16 bits, no PM1b");
	TAP_OK(info.reset_reg.address == 0xcf9 && info.reset_value == 6 &&
		   info.smi_cmd == 0xb2 && info.acpi_enable == 0xf1,
	       "FADT: reset register, SMI command");
	TAP_OK(info.sleep_control.address == 0xfea00200 && !info.hw_reduced,
	       "FADT: sleep control register");
	TAP_OK(info.have_hpet && info.hpet_address == 0xfed00000, "HPET");
	TAP_OK(info.have_s5 && info.s5_a == 5 && info.s5_b == 0,
	       "AML: \\_S5 is 5/0");
	TAP_OK(info.aml_errors == 0 && info.device_count == 4,
	       "AML: 4 devices with _HID, no errors (%u, %u)",
	       info.device_count, info.aml_errors);
	TAP_OK(info.mmio_count == 3 && !strcmp(info.mmio[0].hid, "LNRO0005") &&
		   info.mmio[0].base == 0xfeb00400 &&
		   info.mmio[0].size == 0x200 && info.mmio[0].irq == 14 &&
		   info.mmio[2].base == 0xfeb00200 && info.mmio[2].irq == 13,
	       "AML: LNRO0005 devices from SSDT and DSDT with _CRS");
	TAP_OK(info.mmio[0].irq_flags == 0,
	       "AML: an edge-triggered, active-high Extended Interrupt");
	TAP_OK(logbuf[0] == 0, "nothing logged for good tables");
}

/* A copy of p's len bytes that ends where an unreadable page begins. */
static uint8_t *before_hole(const void *p, size_t len)
{
	long page = sysconf(_SC_PAGESIZE);
	uint8_t *area = mmap(NULL, 2 * page, PROT_READ | PROT_WRITE,
			     MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (area == MAP_FAILED)
		abort();
	mprotect(area + page, page, PROT_NONE);
	return memcpy(area + page - len, p, len);
}

/* Puts t where the table at pa was (build_machine() placed it). */
static void replace(uint64_t pa, uint8_t *t)
{
	for (unsigned i = 0; i < nsegs; i++)
		if (segs[i].pa == pa)
			segs[i] = (struct segment){pa, t, table_len(t)};
}

/*
 * Each kind of MADT entry the parser keeps, entries too short for their
 * kind, and the limits of the arrays.
 */
static void test_madt_kinds(void)
{
	struct buf b = {.n = 0};
	put(&b, "\x00\x00\xe0\xfe\x01\x00\x00\x00", 8); /* LAPIC, PCAT */
	put(&b, "\x00\x06\x00\x01\x01\x00", 6);		/* short local APIC */
	put(&b, "\x00\x08\x00\x02\x00\x00\x00\x00", 8); /* disabled */
	put(&b,
	    "\x09\x10\x00\x00\x07\x00\x00\x00\x01\x00\x00\x00"
	    "\x00\x00\x00\x00",
	    16); /* x2APIC 7, enabled */
	put(&b,
	    "\x09\x10\x00\x00\x2c\x01\x00\x00\x01\x00\x00\x00"
	    "\x00\x00\x00\x00",
	    16); /* x2APIC 300: more than 8 bits */
	put(&b, "\x09\x0c\x00\x00\x08\x00\x00\x00\x01\x00\x00\x00",
	    12); /* short x2APIC */
	put(&b, "\x05\x0c\x00\x00\x00\x00\xe1\xfe\x00\x00\x00\x00",
	    12); /* local APIC address override */
	for (uint8_t id = 0; id < ACPI_MAX_IOAPICS + 1; id++) {
		uint8_t e[12] = {1, 12, id, 0, 0, 0, 0xc0, 0xfe};
		e[5] = (uint8_t)(id << 4); /* 0xfec0N000 */
		e[8] = (uint8_t)(24 * id);
		put(&b, e, sizeof(e));
	}
	put(&b, "\x02\x0a\x00\x03\x13\x00\x00\x00\x0d\x00", 10); /* IRQ 3 */
	put(&b, "\x02\x08\x00\x04\x14\x00\x00\x00", 8);		 /* short */
	build_machine();
	uint8_t *made = table("APIC", 5, b.b, b.n);
	uint8_t *madt =
	    before_hole(made, table_len(made)); /* read no further */
	free(made);
	replace(PA_APIC, madt);
	int rc = acpi_parse_tables(PA_RSDP, &env, &info);
	TAP_OK(rc == 0 && info.have_madt && info.cpu_count == 1 &&
		   info.cpu_apic_ids[0] == 7,
	       "an x2APIC entry is a CPU; short, disabled and wide ones not");
	TAP_OK(info.lapic_address == 0xfee10000,
	       "the local APIC address override is taken (0x%x)",
	       info.lapic_address);
	TAP_OK(info.ioapic_count == ACPI_MAX_IOAPICS &&
		   info.ioapics[ACPI_MAX_IOAPICS - 1].id ==
		       ACPI_MAX_IOAPICS - 1 &&
		   info.ioapics[ACPI_MAX_IOAPICS - 1].address ==
		       0xfec00000u + ((ACPI_MAX_IOAPICS - 1u) << 12) &&
		   info.ioapics[ACPI_MAX_IOAPICS - 1].gsi_base ==
		       24u * (ACPI_MAX_IOAPICS - 1),
	       "the first %d I/O APICs are kept", ACPI_MAX_IOAPICS);
	TAP_OK(info.override_count == 1 && info.overrides[0].source == 3 &&
		   info.overrides[0].gsi == 0x13 &&
		   info.overrides[0].flags == 0xd,
	       "an override is kept, a short one not");
	TAP_OK(logbuf[0] == 0, "nothing logged for short entries");
}

/*
 * A revision 0 RSDP, whose 20 bytes end where the readable memory does:
 * nothing past them is read, and the RSDT is used.
 */
static void test_rsdp_v1(void)
{
	build_machine();
	uint8_t full[36];
	make_rsdp(full, 0);
	full[8] = 0;
	full[8] = (uint8_t)-checksum(full, 20);
	place(0x9f000, before_hole(full, 20), 20);
	int rc = acpi_parse_tables(0x9f000, &env, &info);
	TAP_OK(rc == 0 && info.revision == 0 && info.have_madt &&
		   info.have_fadt && info.aml_count == 2 && logbuf[0] == 0,
	       "a revision 0 RSDP at the end of memory leads to the RSDT");
}

/* A root table that lists the DSDT: it is read once, from the FADT. */
static void test_root_lists_dsdt(void)
{
	build_machine();
	uint64_t pas[] = {PA_FACP, PA_DSDT, PA_APIC};
	uint8_t *x = table("XSDT", 1, pas, sizeof(pas));
	replace(PA_XSDT, x);
	int rc = acpi_parse_tables(PA_RSDP, &env, &info);
	TAP_OK(rc == 0 && info.aml_count == 1 &&
		   info.aml_tables[0] == PA_DSDT && info.tables == 5 &&
		   info.have_madt,
	       "a DSDT in the root table is not taken twice (%u blocks)",
	       info.aml_count);
	free(x);
}

static void test_damage(void)
{
	build_machine();
	apic[40] ^= 1;
	acpi_parse(PA_RSDP, &env, &info);
	TAP_OK(!info.have_madt && info.skipped == 1 && info.have_fadt &&
		   info.ecam_count == 1 &&
		   strstr(logbuf, "APIC at 0x102000: bad checksum"),
	       "a table with a bad checksum is logged and skipped");

	build_machine();
	set32(hpet + 4, 0x1000);
	refresh(hpet);
	acpi_parse(PA_RSDP, &env, &info);
	TAP_OK(!info.have_hpet && info.skipped == 1 && info.have_madt &&
		   strstr(logbuf, "HPET at 0x104000: bad length 4096"),
	       "a truncated table is logged and skipped");

	build_machine();
	set32(mcfg + 4, 20);
	acpi_parse(PA_RSDP, &env, &info);
	TAP_OK(info.ecam_count == 0 && info.skipped == 1 &&
		   strstr(logbuf, "bad length 20"),
	       "a length shorter than the header is refused");

	build_machine();
	xsdt[40]++;
	int rc = acpi_parse(PA_RSDP, &env, &info);
	TAP_OK(rc == 0 && info.have_madt && info.have_fadt &&
		   strstr(logbuf, "falling back to the RSDT"),
	       "a bad XSDT falls back to the RSDT");

	build_machine();
	bios[PA_RSDP - PA_BIOS + 30]++;
	rc = acpi_parse(PA_RSDP, &env, &info);
	TAP_OK(rc == -1 && strstr(logbuf, "no valid RSDP"),
	       "an RSDP with a bad extended checksum is refused");

	/* a length no RSDP has: refused before anything that long is mapped */
	build_machine();
	uint8_t *r = bios + (PA_RSDP - PA_BIOS);
	set32(r + 20, 0x10000000);
	r[32] = 0;
	r[32] = (uint8_t)-checksum(r, 36);
	rc = acpi_parse(PA_RSDP, &env, &info);
	TAP_OK(rc == -1 && strstr(logbuf, "no valid RSDP") &&
		   mapped_len(PA_RSDP) <= 4096,
	       "an RSDP whose length is 256 MiB is refused unmapped");

	build_machine();
	set32(facp + 4, 116);
	refresh(facp);
	acpi_parse(PA_RSDP, &env, &info);
	TAP_OK(info.have_fadt && info.reset_reg.address == 0 &&
		   !info.sleep_control.address && info.have_s5,
	       "a short (ACPI 1.0) FADT lacks the newer fields");
}

static void test_aml_damage(void)
{
	build_machine();
	dsdt = make_dsdt(true);
	/* the DSDT was placed last */
	segs[nsegs - 1] = (struct segment){PA_DSDT, dsdt, table_len(dsdt)};
	acpi_parse(PA_RSDP, &env, &info);
	TAP_OK(info.aml_errors == 1 && info.mmio_count == 3 && info.have_s5 &&
		   strstr(logbuf, "aml: unsupported or malformed term"),
	       "an unknown term costs only its scope (%u errors, %u devices)",
	       info.aml_errors, info.mmio_count);

	/* every prefix of the AML, ending right before an unmapped page */
	struct buf aml;
	dsdt_aml(&aml, false);
	long page = sysconf(_SC_PAGESIZE);
	uint8_t *area = mmap(NULL, 2 * page, PROT_READ | PROT_WRITE,
			     MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	mprotect(area + page, page, PROT_NONE);
	unsigned complete = 0;
	for (size_t len = 0; len <= aml.n; len++) {
		uint8_t *p = area + page - len;
		memcpy(p, aml.b, len);
		memset(&info, 0, sizeof(info));
		acpi_aml_walk(p, len, &env, &info);
		complete += info.mmio_count == 2 && info.aml_errors == 0;
	}
	TAP_OK(complete == 1, "every truncation of the AML is walked within "
			      "its bounds; only the whole finds all");
	munmap(area, 2 * page);
}

/* The host's tables behind a fake RSDP and XSDT. */
static void test_host_tables(void)
{
	const char *dir = "/sys/firmware/acpi/tables";
	DIR *d = opendir(dir);
	nsegs = 0;
	logbuf[0] = 0;
	static uint8_t root[36 + 8 * 30];
	unsigned n = 0;
	uint64_t dsdt_pa = 0, facp_pa = 0, pa = 0x1000000;
	struct dirent *e;
	while (d && (e = readdir(d)) && n < 30) {
		char path[512];
		snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
		FILE *f = fopen(path, "rb");
		if (!f)
			continue;
		uint8_t *t = malloc(1 << 20);
		size_t len = fread(t, 1, 1 << 20, f);
		fclose(f);
		if (len < 36 || !memcmp(t, "FACS", 4)) {
			free(t);
			continue;
		}
		place(pa, t, len);
		if (!memcmp(t, "DSDT", 4))
			dsdt_pa = pa;
		else
			set64(root + 36 + 8 * n++, pa);
		if (!memcmp(t, "FACP", 4))
			facp_pa = pa;
		pa += (len + 0xfff) & ~0xfffULL;
	}
	if (d)
		closedir(d);
	if (!facp_pa || !dsdt_pa) {
		printf("ok %d # SKIP no readable FACP and DSDT in %s\n",
		       ++tap_count, dir);
		return;
	}
	uint8_t *f = (uint8_t *)fake_map(facp_pa, 36, NULL);
	set32(f + 40, (uint32_t)dsdt_pa);
	if (table_len(f) >= 148)
		set64(f + 140, dsdt_pa);
	refresh(f);
	uint8_t *x = table("XSDT", 1, root + 36, 8 * n);
	place(0x800000, x, table_len(x));
	static uint8_t r[36];
	make_rsdp(r, 2);
	set64(r + 24, 0x800000);
	r[8] = 0;
	r[32] = 0;
	r[8] = (uint8_t)-checksum(r, 20);
	r[32] = (uint8_t)-checksum(r, 36);
	place(0xf0000, r, 36);
	int rc = acpi_parse(0xf0000, &env, &info);
	TAP_OK(rc == 0 && info.skipped == 0 && info.tables == n + 2,
	       "host tables: all %u valid (%u skipped)", n + 1, info.skipped);
	TAP_OK(info.have_fadt && info.have_madt && info.cpu_count >= 1,
	       "host tables: FADT and MADT with %u CPU(s)", info.cpu_count);
	TAP_OK(info.aml_errors == 0 && info.device_count >= 1,
	       "host tables: the DSDT walks without errors (%u devices)",
	       info.device_count);
	if (logbuf[0])
		printf("# %s", logbuf);
}

/* The tables alone leave the AML for later; walking it once fills in. */
static void test_lazy_aml(void)
{
	build_machine();
	int rc = acpi_parse_tables(PA_RSDP, &env, &info);
	TAP_OK(rc == 0 && info.have_madt && info.aml_count == 2 &&
		   !info.aml_walked && !info.have_s5 && info.mmio_count == 0,
	       "tables alone: DSDT and SSDT noted, their AML not walked");
	TAP_OK(info.aml_virtio_mmio && !info.aml_walked,
	       "the virtio-mmio _HID seen in the AML without walking it");
	acpi_parse_aml(&env, &info);
	TAP_OK(info.aml_walked && info.have_s5 && info.mmio_count == 3,
	       "the AML walked on demand: \\_S5 and 3 devices");
	acpi_parse_aml(&env, &info);
	TAP_OK(info.mmio_count == 3, "walked once (%u devices)",
	       info.mmio_count);
}

/*
 * The tables read by kind: acpi_open() reads the root table only, each
 * acpi_read() the kinds asked for and not read yet (the FADT with the
 * DSDT), while it maps every table whole; reading them all counts as a
 * full parse does, and a damaged table is reported when its kind is read.
 */
static void test_read_kinds(void)
{
	build_machine();
	nmaps = 0;
	memset(&info, 0, sizeof(info)); /* acpi_open() does not clear it */
	int rc = acpi_open(PA_RSDP, &env, &info);
	TAP_OK(rc == 0 && info.tables == 1 && info.read == 0 &&
		   info.root_address == PA_XSDT && info.root_width == 8 &&
		   !info.have_fadt && !info.have_madt &&
		   mapped_len(PA_APIC) == 0,
	       "open: the XSDT only");
	acpi_read(&env, &info, ACPI_READ_MCFG | ACPI_READ_AML);
	TAP_OK(info.ecam_count == 1 && info.fadt_address == PA_FACP &&
		   info.aml_count == 2 && info.aml_virtio_mmio &&
		   info.dsdt_address == PA_DSDT && !info.have_madt &&
		   !info.have_hpet && info.tables == 5,
	       "MCFG and AML: the MCFG, FADT, SSDT and DSDT, not the MADT "
	       "nor the HPET (%u tables)",
	       info.tables);
	TAP_OK(!info.have_fadt && !info.pm1a_cnt.address,
	       "nor the FADT's fields");
	acpi_read(&env, &info, ACPI_READ_POWER);
	TAP_OK(info.have_fadt && info.pm1a_cnt.address == 0x604 &&
		   info.reset_reg.address == 0xcf9 && info.tables == 5 &&
		   !info.have_madt,
	       "then the FADT's fields alone, the table not counted again");
	TAP_OK(mapped_len(PA_APIC) == table_len(apic) &&
		   mapped_len(PA_HPET) == table_len(hpet),
	       "the tables not read are mapped whole (kept by the kernel)");
	acpi_read(&env, &info, ACPI_READ_AML | ACPI_READ_MADT);
	TAP_OK(info.have_madt && info.ioapic_count == 1 &&
		   info.aml_count == 2 && info.tables == 6,
	       "then the MADT alone: the AML is not noted twice");
	acpi_read(&env, &info, ACPI_READ_ALL);
	struct acpi_info all;
	build_machine();
	acpi_parse_tables(PA_RSDP, &env, &all);
	TAP_OK(info.have_hpet && info.tables == all.tables &&
		   info.skipped == 0 && info.read == ACPI_READ_ALL,
	       "then the rest: counted as a full parse (%u, %u tables)",
	       info.tables, all.tables);

	build_machine();
	apic[40] ^= 1;
	memset(&info, 0, sizeof(info));
	acpi_open(PA_RSDP, &env, &info);
	acpi_read(&env, &info, ACPI_READ_MCFG | ACPI_READ_AML);
	TAP_OK(logbuf[0] == 0 && info.skipped == 0,
	       "a damaged MADT is not looked at before its kind is read");
	acpi_read(&env, &info, ACPI_READ_MADT);
	acpi_read(&env, &info, ACPI_READ_MADT);
	TAP_OK(!info.have_madt && info.skipped == 1 &&
		   strstr(logbuf, "APIC at 0x102000: bad checksum"),
	       "then it is reported, once");

	build_machine();
	static uint8_t cut[8] = "FACP"; /* a header cut short: unreadable */
	for (unsigned i = 0; i < nsegs; i++)
		if (segs[i].pa == PA_FACP)
			segs[i] = (struct segment){PA_FACP, cut, sizeof(cut)};
	memset(&info, 0, sizeof(info));
	acpi_open(PA_RSDP, &env, &info);
	acpi_read(&env, &info, ACPI_READ_ALL);
	TAP_OK(!info.have_fadt && info.aml_count == 1 && info.skipped == 1 &&
		   strstr(logbuf, "table at 0x101000 is not readable"),
	       "an unreadable table: reported, and no DSDT without the FADT");
}

/*
 * acpi_open_read(): what acpi_open() and acpi_read() do, in one call;
 * nothing read when the RSDP is bad.
 */
static void test_open_read(void)
{
	build_machine();
	struct acpi_info two;
	memset(&two, 0, sizeof(two));
	acpi_open(PA_RSDP, &env, &two);
	acpi_read(&env, &two, ACPI_READ_MCFG | ACPI_READ_AML);
	build_machine();
	nmaps = 0;
	memset(&info, 0, sizeof(info));
	int rc = acpi_open_read(PA_RSDP, &env, &info,
				ACPI_READ_MCFG | ACPI_READ_AML);
	TAP_OK(rc == 0 && !memcmp(&info, &two, sizeof(info)) &&
		   info.ecam_count == 1 && info.aml_count == 2 &&
		   !info.have_madt && mapped_len(PA_APIC) == table_len(apic),
	       "open and read: as acpi_open() then acpi_read()");
	build_machine();
	memset(&info, 0, sizeof(info));
	rc = acpi_open_read(PA_RSDP + 16, &env, &info, ACPI_READ_ALL);
	TAP_OK(rc == -1 && info.tables == 0 && info.read == 0 &&
		   strstr(logbuf, "no valid RSDP"),
	       "open and read: a bad RSDP, nothing read");
}

/*
 * The standard machine with an SSDT of this AML followed in memory by
 * the byte after, and a DSDT without the virtio-mmio _HID; oem: the
 * SSDT's OEM table ID.  Whether the tables were found to hold the _HID.
 */
static bool ssdt_mentions(const char *aml, char after, const char *oem)
{
	build_machine();
	static uint8_t mem[256], *t;
	t = table("SSDT", 2, aml, strlen(aml));
	memcpy(t + 16, oem, 8);
	refresh(t);
	uint32_t len = table_len(t);
	memcpy(mem, t, len);
	mem[len] = (uint8_t)after;
	free(t);
	segs[7] = (struct segment){PA_SSDT, mem, len + 1};
	t = table("DSDT", 2, "\x10\x05_SB_", 6); /* Scope (_SB) {} */
	segs[8] = (struct segment){PA_DSDT, t, table_len(t)};
	memset(&info, 0xff, sizeof(info));
	bool seen = acpi_parse_tables(PA_RSDP, &env, &info) == 0 &&
		    info.aml_count == 2 && info.aml_virtio_mmio;
	free(t);
	return seen;
}

/*
 * The virtio-mmio _HID, found while the definition blocks are checked:
 * at the very start and end of the AML, behind a repeated first byte,
 * and never in the header or with bytes that follow the table.
 */
static void test_mentions(void)
{
	TAP_OK(ssdt_mentions("LLNRO000LNRO0005", '0', "OSVTEST "),
	       "mentions: the _HID that ends the AML is found");
	TAP_OK(ssdt_mentions("LNRO0005LLNRO000", '0', "OSVTEST "),
	       "mentions: one that starts it");
	TAP_OK(!ssdt_mentions("LNRO000LNRO0006", '5', "OSVTEST "),
	       "mentions: a prefix that occurs twice is not the _HID");
	TAP_OK(!ssdt_mentions("xxLNRO000", '5', "OSVTEST "),
	       "mentions: nor one matched only by a byte after the table");
	TAP_OK(!ssdt_mentions("xxxxxxxx", '0', "LNRO0005"),
	       "mentions: nor the header's OEM table ID");
	TAP_OK(!ssdt_mentions("", '0', "OSVTEST "),
	       "mentions: no definition block holds it");
}

int main(void)
{
	test_find_rsdp();
	test_find_rsdp_ebda();
	test_good_tables();
	test_lazy_aml();
	test_read_kinds();
	test_open_read();
	test_mentions();
	test_madt_kinds();
	test_rsdp_v1();
	test_root_lists_dsdt();
	test_damage();
	test_aml_damage();
	test_host_tables();
	return tap_done();
}
