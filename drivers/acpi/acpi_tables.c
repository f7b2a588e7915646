/*
 * The ACPI tables (ACPI 6.5, chapter 5.2): from the RSDP to the root
 * table (XSDT when the RSDP is revision 2 or later and names one, else
 * RSDT), then each table it lists.  Every table is checked before use:
 * its length must cover its header and fit what the map callback gives,
 * and its bytes must sum to zero.  A table that fails is logged and
 * skipped; the others are still read.  Fields are read only within the
 * table's length, so an old short FADT simply lacks the newer fields
 * (a field its length cuts through keeps only the bytes it covers).
 *
 * Read here: MADT (CPUs, I/O APICs, interrupt overrides), MCFG (PCI
 * Express ECAM windows), FADT (PM1 control blocks, reset register, sleep
 * registers of hardware-reduced ACPI, the DSDT), HPET; the DSDT and
 * SSDTs are checked and noted, and acpi_parse_aml() hands their AML to
 * acpi_aml_walk() when it is wanted.
 */
#include <string.h>

#include "acpi.h"

#define HEADER_LEN 36
#define MAX_TABLE_LEN (16u << 20)
#define RSDP_V1_LEN 20
#define RSDP_V2_LEN 36
/* More than any revision's RSDP: a stray match's length maps no more. */
#define RSDP_MAX_LEN 4096

#define say acpi_say

/* A table's signature as the 32-bit number its first 4 bytes read as. */
#define SIG(a, b, c, d)                                                        \
	((uint32_t)(a) | (uint32_t)(b) << 8 | (uint32_t)(c) << 16 |            \
	 (uint32_t)(d) << 24)

void acpi_say(const struct acpi_env *env, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	if (env->log)
		env->log(env->ctx, fmt, ap);
	va_end(ap);
}

/*
 * Unaligned reads.  __builtin_memcpy, as -ffreestanding makes memcpy a
 * call: a block to translate (under TCG) at every field read.
 */
static uint16_t rd16(const uint8_t *p)
{
	uint16_t v;
	__builtin_memcpy(&v, p, sizeof(v));
	return v;
}

static uint32_t rd32(const uint8_t *p)
{
	uint32_t v;
	__builtin_memcpy(&v, p, sizeof(v));
	return v;
}

static uint64_t rd64(const uint8_t *p)
{
	uint64_t v;
	__builtin_memcpy(&v, p, sizeof(v));
	return v;
}

/*
 * A table's bytes summed (0 when valid), and whether the AML after its
 * header holds the string ACPI_HID_VIRTIO_MMIO: both in one pass, so
 * that the boot reads a definition block once, not again to search it.
 * The last 8 bytes read slide through a word compared with the _HID's 8
 * at each byte, without a branch.  Not inlined: one loop to translate
 * (under TCG), not one per caller.
 */
#ifdef __clang__
#define NO_LOOP_HEADER_COPY
#else
/*
 * The loop entered by a jump to its test, not by a copy of the test
 * that falls into its body: under TCG, the block that falls in holds a
 * second translation of the body.
 */
#define NO_LOOP_HEADER_COPY __attribute__((optimize("no-tree-ch")))
#endif

struct scan {
	uint8_t sum;
	bool virtio_mmio;
};

static __attribute__((noinline)) NO_LOOP_HEADER_COPY struct scan
scan(const uint8_t *p, size_t len)
{
	const uint64_t hid = rd64((const uint8_t *)ACPI_HID_VIRTIO_MMIO);
	uint64_t window = 0;
	struct scan r = {0, false};
	for (size_t i = 0; i < len; i++) {
		r.sum += p[i];
		window = window >> 8 | (uint64_t)p[i] << 56;
		r.virtio_mmio |= (window == hid) & (i >= HEADER_LEN + 7);
	}
	return r;
}

static uint8_t sum(const uint8_t *p, size_t len)
{
	return scan(p, len).sum;
}

/* The callback, which gives NULL for address 0 (acpi.h). */
static const uint8_t *map(const struct acpi_env *env, uint64_t pa, size_t len)
{
	return env->map(pa, len, env->ctx);
}

/*
 * a if c, else b, by masks: the compiler keeps them as arithmetic, where
 * it may compile a ?: to a branch (under TCG, a block to translate).
 */
static uint64_t pick(bool c, uint64_t a, uint64_t b)
{
	uint64_t m = -(uint64_t)c;
	return (a & m) | (b & ~m);
}

/* What a pointer that cannot be read points to instead: length 0. */
static const uint8_t none[HEADER_LEN];

#define PICK_PTR(c, a, b)                                                      \
	((__typeof__(&*(a)))(uintptr_t)pick(c, (uintptr_t)(a), (uintptr_t)(b)))

/*
 * A valid RSDP at pa, or NULL.  Under TCG a branch costs a block to
 * translate, and each distinct instruction translated about half a
 * block: the checks are masks where a mask costs an instruction or two.
 * Inlined: the boot's copy is acpi_open()'s, without a call's frame.
 */
static inline __attribute__((always_inline)) const uint8_t *
rsdp_at(const struct acpi_env *env, uint64_t pa)
{
	const uint8_t *m = map(env, pa, RSDP_V1_LEN);
	/* unreadable: none, whose signature is wrong */
	const uint8_t *p = PICK_PTR(m != NULL, m, none);
	unsigned bad = (sum(p, RSDP_V1_LEN) != 0) |
		       (rd64(p) != rd64((const uint8_t *)"RSD PTR "));
	__asm__("" : "+r"(bad)); /* one test, which the compiler keeps */
	if (bad)
		return NULL; /* the test that ends a search's every miss */
	if (p[15] < 2)
		return p; /* revision 0: its 20 bytes are the whole of it */
	const uint8_t *x = map(env, pa, RSDP_V2_LEN);
	uint32_t len = rd32(PICK_PTR(x != NULL, x, none) + 20);
	bool fits = (len >= RSDP_V2_LEN) & (len <= RSDP_MAX_LEN);
	const uint8_t *t = map(env, pa, pick(fits, len, RSDP_V2_LEN));
	bool ok = fits & (t != NULL);
	ok &= sum(PICK_PTR(ok, t, none), pick(ok, len, 0)) == 0;
	return PICK_PTR(ok, t, NULL);
}

static uint64_t scan_rsdp(const struct acpi_env *env, uint64_t start,
			  uint64_t end)
{
	for (uint64_t pa = start; pa + RSDP_V1_LEN <= end; pa += 16)
		if (rsdp_at(env, pa))
			return pa;
	return 0;
}

/*
 * Where an EBDA may lie: below the 640 KiB of conventional memory, and
 * no bigger than 128 KiB.
 */
#define EBDA_LOWEST 0x80000
#define EBDA_END 0xa0000

uint64_t acpi_find_rsdp(const struct acpi_env *env)
{
	const uint8_t *bda = map(env, 0x40e, 2);
	uint64_t ebda = bda ? (uint64_t)rd16(bda) << 4 : 0;
	uint64_t pa = 0;
	/* a pointer elsewhere is not an EBDA's: nothing else is read */
	if (ebda >= EBDA_LOWEST && ebda < EBDA_END)
		pa = scan_rsdp(env, ebda,
			       ebda + 1024 < EBDA_END ? ebda + 1024 : EBDA_END);
	return pa ? pa : scan_rsdp(env, 0xe0000, 0x100000);
}

/* Says why table_at() refused the table at pa (h: its header, or NULL). */
static __attribute__((noinline, cold)) void
refuse(const struct acpi_env *env, uint64_t pa, const uint8_t *h,
       const uint8_t *t, uint8_t bad_sum, uint32_t want)
{
	if (!h) {
		say(env, "table at 0x%lx is not readable, skipped",
		    (unsigned long)pa);
		return;
	}
	char sig[5] = {(char)h[0], (char)h[1], (char)h[2], (char)h[3], 0};
	char wanted[5] = {(char)want, (char)(want >> 8), (char)(want >> 16),
			  (char)(want >> 24), 0};
	if (!t)
		say(env, "%s at 0x%lx: bad length %u, skipped", sig,
		    (unsigned long)pa, rd32(h + 4));
	else if (bad_sum)
		say(env, "%s at 0x%lx: bad checksum, skipped", sig,
		    (unsigned long)pa);
	else
		say(env, "table at 0x%lx is %s, not %s, skipped",
		    (unsigned long)pa, sig, wanted);
}

/*
 * A table the root table lists (or the DSDT): where it is, its header
 * (NULL when unreadable), the whole of it (NULL when its length does not
 * fit or it cannot be mapped), and whether its AML holds the virtio-mmio
 * _HID (see scan()).
 */
struct table {
	uint64_t pa;
	const uint8_t *h;
	const uint8_t *t;
	uint32_t len;
	bool virtio_mmio;
};

/*
 * One MADT entry.  Under TCG every branch of code run once is a block
 * to translate, and a switch on the type with a length test per case is
 * a dozen: so the entry (copied, zero-filled, so that no field is read
 * past its end) is read as each kind the MADT holds, and what it is
 * decides, by masks, what is kept.  A kind's value that is not kept goes
 * to a scratch slot.
 */
static void madt_entry(struct acpi_info *info, const uint8_t *entry)
{
	uint8_t e[16] = {0};
	memcpy(e, entry, pick(entry[1] < sizeof(e), entry[1], sizeof(e)));
	uint8_t type = e[0], len = e[1];

	/* A processor local APIC (type 0) or x2APIC (type 9). */
	bool lapic = (type == 0) & (len >= 8);
	bool x2apic = (type == 9) & (len >= 16);
	uint32_t apic_id = (uint32_t)pick(lapic, e[3], rd32(e + 4));
	uint32_t flags = (uint32_t)pick(lapic, rd32(e + 4), rd32(e + 8));
	/* Enabled or online-capable, and an APIC ID of 8 bits. */
	bool cpu = (lapic | x2apic) & ((flags & 3) != 0) & (apic_id <= 255) &
		   (info->cpu_count < ACPI_MAX_CPUS);
	uint8_t cpu_scratch;
	*PICK_PTR(cpu, &info->cpu_apic_ids[info->cpu_count], &cpu_scratch) =
	    (uint8_t)apic_id;
	info->cpu_count += cpu;

	/* An I/O APIC (type 1). */
	bool ioapic =
	    (type == 1) & (len >= 12) & (info->ioapic_count < ACPI_MAX_IOAPICS);
	struct acpi_ioapic ioapic_scratch;
	*PICK_PTR(ioapic, &info->ioapics[info->ioapic_count], &ioapic_scratch) =
	    (struct acpi_ioapic){e[2], rd32(e + 4), rd32(e + 8)};
	info->ioapic_count += ioapic;

	/* An interrupt source override (type 2). */
	bool override = (type == 2) & (len >= 10) &
			(info->override_count < ACPI_MAX_OVERRIDES);
	struct acpi_override override_scratch;
	*PICK_PTR(override, &info->overrides[info->override_count],
		  &override_scratch) =
	    (struct acpi_override){e[3], rd16(e + 8), rd32(e + 4)};
	info->override_count += override;

	/* A local APIC address override (type 5). */
	info->lapic_address = (uint32_t)pick((type == 5) & (len >= 12),
					     rd64(e + 4), info->lapic_address);
}

static void parse_madt(const uint8_t *t, uint32_t len, struct acpi_info *info,
		       const struct acpi_env *env)
{
	if (len < 44) {
		say(env, "APIC: too short (%u bytes)", len);
		return;
	}
	info->have_madt = true;
	info->lapic_address = rd32(t + 36);
	info->pcat_compat = rd32(t + 40) & 1;
	for (uint32_t off = 44; off + 2 <= len;) {
		uint8_t elen = t[off + 1];
		if (elen < 2 || off + elen > len) {
			say(env, "APIC: bad entry length %u at offset %u", elen,
			    off);
			return;
		}
		madt_entry(info, t + off);
		off += elen;
	}
}

static void parse_mcfg(const uint8_t *t, uint32_t len, struct acpi_info *info)
{
	for (uint32_t off = 44; off + 16 <= len; off += 16) {
		if (info->ecam_count == ACPI_MAX_ECAM)
			return;
		const uint8_t *e = t + off;
		info->ecam[info->ecam_count++] =
		    (struct acpi_ecam){rd64(e), rd16(e + 8), e[10], e[11]};
	}
}

static struct acpi_gas gas(const uint8_t *p)
{
	return (struct acpi_gas){p[0], p[1], p[2], p[3], rd64(p + 4)};
}

/* The legacy I/O port block at off, as a GAS of bytes bytes. */
static struct acpi_gas port_field(const uint8_t *t, uint32_t off, uint8_t bytes)
{
	return (struct acpi_gas){ACPI_SPACE_IO, (uint8_t)(bytes * 8), 0, 0,
				 rd32(t + off)};
}

/*
 * PM1a and PM1b control: the extended GAS, or the legacy I/O port
 * block when its address is 0.  Both are built and one is taken by
 * index, not by a branch (under TCG, a block to translate each).
 */
static inline __attribute__((always_inline)) struct acpi_gas
gas_or_port(const uint8_t *t, uint32_t gas_off, uint32_t port_off,
	    uint8_t bytes)
{
	struct acpi_gas either[2] = {gas(t + gas_off),
				     port_field(t, port_off, bytes)};
	return either[either[0].address == 0];
}

static void parse_fadt_pm1(const uint8_t *t, struct acpi_info *info)
{
	uint8_t cnt_len = (uint8_t)pick(t[89] != 0, t[89], 2);
	info->pm1a_cnt = gas_or_port(t, 172, 64, cnt_len);
	info->pm1b_cnt = gas_or_port(t, 184, 68, cnt_len);
}

/* The FADT of ACPI 6.5; later revisions only append fields. */
#define FADT_LEN 276

/* The FADT's fields (ACPI_READ_POWER). */
static void parse_fadt(const uint8_t *table, uint32_t len,
		       struct acpi_info *info, const struct acpi_env *env)
{
	if (!table)
		return; /* checked once, and the callback refuses it now */
	if (len < 116) {
		say(env, "FACP: too short (%u bytes)", len);
		return;
	}
	/*
	 * An older FADT is shorter: the fields past its length read as
	 * zero, absent.  One copy, not a length check (and, under TCG, a
	 * block to translate) per field; a byte at a time, each past the
	 * length zeroed by a mask (and read at offset 0, within the
	 * table), not a zeroing and a memcpy() of the length (under TCG,
	 * a block each and calls).
	 */
	uint8_t t[FADT_LEN];
	for (uint32_t i = 0; i < FADT_LEN; i++) {
		bool in = i < len;
		t[i] = table[pick(in, i, 0)] & (uint8_t)-in;
	}
	info->have_fadt = true;
	info->sci_irq = rd16(t + 46);
	info->smi_cmd = rd32(t + 48);
	info->acpi_enable = t[52];
	info->boot_flags = rd16(t + 109);
	info->fadt_flags = rd32(t + 112);
	info->hw_reduced = info->fadt_flags & ACPI_FADT_HW_REDUCED;
	parse_fadt_pm1(t, info);
	info->reset_reg = gas(t + 116);
	info->reset_value = t[128];
	info->sleep_control = gas(t + 244);
}

static void parse_hpet(const uint8_t *t, uint32_t len, struct acpi_info *info)
{
	if (len < 56)
		return;
	info->have_hpet = true;
	info->hpet_address = rd64(t + 44);
	info->hpet_number = t[52];
	info->hpet_min_tick = rd16(t + 53);
}

/* Notes a checked DSDT or SSDT for acpi_parse_aml(). */
static void add_definition_block(uint64_t pa, bool virtio_mmio,
				 struct acpi_info *info,
				 const struct acpi_env *env)
{
	info->aml_virtio_mmio |= virtio_mmio;
	if (info->aml_count == ACPI_MAX_AML) {
		say(env, "more than %d definition blocks, 0x%lx skipped",
		    ACPI_MAX_AML, (unsigned long)pa);
		return;
	}
	info->aml_tables[info->aml_count++] = pa;
}

/*
 * The readers of each kind of table, indexed by the kind's bit number
 * (ACPI_READ_*): one indirect call, not a branch per kind.
 */
static void read_madt(const struct table *x, struct acpi_info *info,
		      const struct acpi_env *env)
{
	parse_madt(x->t, x->len, info, env);
}

static void read_mcfg(const struct table *x, struct acpi_info *info,
		      const struct acpi_env *env)
{
	(void)env;
	parse_mcfg(x->t, x->len, info);
}

/*
 * The FADT: where it is, for its fields (parse_fadt(), when they are
 * wanted: poweroff and reset need them, the boot does not), and the
 * DSDT it names (X_DSDT, else DSDT; none in a FADT too short for its
 * fields, as parse_fadt() refuses it), read within its length.
 */
static void read_fadt(const struct table *x, struct acpi_info *info,
		      const struct acpi_env *env)
{
	(void)env;
	info->fadt_address = x->pa;
	info->fadt_length = x->len;
	/* Masks, not tests (under TCG, a block to translate each). */
	uint64_t x_dsdt = rd64(PICK_PTR(x->len >= 148, x->t + 140, none));
	uint64_t dsdt = rd32(PICK_PTR(x->len >= 116, x->t + 40, none));
	info->dsdt_address = pick(x_dsdt != 0, x_dsdt, dsdt);
}

static void read_hpet(const struct table *x, struct acpi_info *info,
		      const struct acpi_env *env)
{
	(void)env;
	parse_hpet(x->t, x->len, info);
}

static void read_aml(const struct table *x, struct acpi_info *info,
		     const struct acpi_env *env)
{
	add_definition_block(x->pa, x->virtio_mmio, info, env);
}

/* A table of no kind read here: checked and counted, nothing more. */
static void read_nothing(const struct table *x, struct acpi_info *info,
			 const struct acpi_env *env)
{
	(void)x, (void)info, (void)env;
}

static void (*const readers[])(const struct table *, struct acpi_info *,
			       const struct acpi_env *) = {
    read_madt, read_mcfg, read_fadt, read_hpet, read_aml, read_nothing,
};

/*
 * The kind (an ACPI_READ_* bit) of a table in the root table, by its
 * signature: compared with each, without a branch.  A DSDT listed there is not
 * a definition block (the FADT's is), and an unreadable header (sig 0) is of no
 * kind: both ACPI_READ_OTHER.
 */
static unsigned kind_of(uint32_t sig)
{
	static const uint32_t sigs[] = {
	    SIG('A', 'P', 'I', 'C'), SIG('M', 'C', 'F', 'G'),
	    SIG('F', 'A', 'C', 'P'), SIG('H', 'P', 'E', 'T'),
	    SIG('S', 'S', 'D', 'T'),
	};
	unsigned kind = 0;
#pragma GCC unroll 8
	for (unsigned k = 0; k < sizeof(sigs) / sizeof(sigs[0]); k++)
		kind |= (unsigned)(sig == sigs[k]) << k;
	return kind | (ACPI_READ_OTHER & -(unsigned)(kind == 0));
}

/*
 * Entry i of the root table (4-byte addresses in an RSDT, 8 in an
 * XSDT), or, past its n entries, the DSDT: by masks, not tests (under
 * TCG, a block to translate each).
 */
static uint64_t root_entry(const uint8_t *root, uint32_t i, uint32_t n,
			   unsigned width, const struct acpi_info *info)
{
	bool last = i == n;
	const uint8_t *e = PICK_PTR(last, none, root + HEADER_LEN + i * width);
	uint64_t high = rd32(PICK_PTR(width == 8, e + 4, none));
	return pick(last, info->dsdt_address, rd32(e) | high << 32);
}

/*
 * Maps x->pa's table whole (which keeps it, should it be in low RAM, for
 * a later read), whatever is read of it now.  kind: what it is (an
 * ACPI_READ_* bit), or 0 to tell by its signature.  When that is in what,
 * it is checked (whole, summing to zero, and of the
 * signature want unless that is 0): its kind then, else 0, and said why
 * and counted skipped.  One function for the root table and the walk:
 * under TCG each function's frame and each copy of code run once is
 * translated.
 */
static __attribute__((noinline)) unsigned visit(const struct acpi_env *env,
						struct table *x, uint32_t want,
						unsigned kind, unsigned what,
						struct acpi_info *info)
{
	x->h = map(env, x->pa, HEADER_LEN);
	const uint8_t *h = PICK_PTR(x->h != NULL, x->h, none);
	x->len = rd32(h + 4);
	bool fits = (x->len >= HEADER_LEN) & (x->len <= MAX_TABLE_LEN);
	/* A length that does not fit: the header again, then refused. */
	const uint8_t *t = map(env, x->pa, pick(fits, x->len, HEADER_LEN));
	bool ok = fits & (t != NULL);
	x->t = PICK_PTR(ok, t, NULL);
	kind |= kind_of(rd32(h)) & -(unsigned)(kind == 0);
	if (!(kind & what))
		return 0;
	t = PICK_PTR(ok, t, none);
	struct scan r = scan(t, pick(ok, x->len, 0));
	x->virtio_mmio = r.virtio_mmio;
	unsigned refused =
	    !ok | (r.sum != 0) | ((want != 0) & (rd32(t) != want));
	__asm__("" : "+r"(refused)); /* one test, which the compiler keeps */
	if (!refused)
		return kind;
	refuse(env, x->pa, x->h, x->t, r.sum, want);
	info->skipped++;
	return 0;
}

/* The root table (its address in x->pa), checked, or false. */
static inline __attribute__((always_inline)) bool
root_table(const uint8_t *rsdp, const struct acpi_env *env,
	   struct acpi_info *info, struct table *x, unsigned *width)
{
	/* The XSDT when there is one (past a revision 0 RSDP's 20 bytes). */
	uint64_t xsdt = rsdp[15] >= 2 ? rd64(rsdp + 24) : 0;
	x->pa = xsdt ? xsdt : rd32(rsdp + 16);
	*width = xsdt ? 8 : 4;
	if (visit(env, x,
		  xsdt ? SIG('X', 'S', 'D', 'T') : SIG('R', 'S', 'D', 'T'),
		  ACPI_READ_OTHER, ACPI_READ_OTHER, info))
		return true;
	if (!xsdt)
		return false;
	say(env, "falling back to the RSDT");
	*width = 4;
	x->pa = rd32(rsdp + 16);
	return visit(env, x, SIG('R', 'S', 'D', 'T'), ACPI_READ_OTHER,
		     ACPI_READ_OTHER, info) != 0;
}

/*
 * acpi_open()'s work, inlined into read_tables(): at boot the RSDP, the
 * root table and the tables are read in one function's frame (under
 * TCG, a frame's saves and restores are instructions to translate).
 */
static inline __attribute__((always_inline)) int
open_tables(uint64_t rsdp_pa, const struct acpi_env *env,
	    struct acpi_info *info)
{
	const uint8_t *rsdp = rsdp_at(env, rsdp_pa);
	if (!rsdp) {
		say(env, "no valid RSDP at 0x%lx", (unsigned long)rsdp_pa);
		return -1;
	}
	info->rsdp_address = rsdp_pa;
	info->revision = rsdp[15];
	unsigned width;
	struct table root;
	if (!root_table(rsdp, env, info, &root, &width))
		return -1;
	info->tables++;
	info->root_address = root.pa;
	info->root_length = root.len;
	info->root_width = (uint8_t)width;
	return 0;
}

/*
 * acpi_open() first when open (with rsdp_pa), then acpi_read(what): see
 * acpi_open_read().
 */
static __attribute__((noinline)) int read_tables(bool open, uint64_t rsdp_pa,
						 const struct acpi_env *env,
						 struct acpi_info *info,
						 unsigned what)
{
	if (open && open_tables(rsdp_pa, env, info))
		return -1;

	/* The DSDT's address is in the FADT, and so are its fields. */
	if (what & (ACPI_READ_AML | ACPI_READ_POWER))
		what |= ACPI_READ_FADT;
	what &= ~info->read;
	if (!what || !info->root_address)
		return 0;
	info->read |= what;
	/* checked by acpi_open(): no entry, should it not map again */
	const uint8_t *root = map(env, info->root_address, info->root_length);
	unsigned width = info->root_width;
	uint32_t n = root ? (info->root_length - HEADER_LEN) / width : 0;
	/*
	 * The root table's entries, then the DSDT that the FADT among them
	 * named: one walk, so that the DSDT is read by the same code as the
	 * others (under TCG, code translated once, not again for a call of
	 * its own).  Each table is mapped whole (which keeps it, should it
	 * be in low RAM, for a later read), whatever is read of it now.
	 */
	for (uint32_t i = 0; i <= n; i++) {
		bool last = i == n;
		struct table x;
		x.pa = root_entry(root, i, n, width, info);
		/* pa 0 (no FADT, or it names no DSDT): nothing wanted */
		unsigned kind =
		    visit(env, &x, SIG('D', 'S', 'D', 'T') & -(uint32_t)last,
			  ACPI_READ_AML & -(unsigned)last,
			  what & -(unsigned)(x.pa != 0), info);
		if (kind) {
			info->tables++;
			readers[__builtin_ctz(kind)](&x, info, env);
		}
	}
	/* The FADT's fields, once a walk found it (checked) */
	if ((what & ACPI_READ_POWER) && info->fadt_address)
		parse_fadt(map(env, info->fadt_address, info->fadt_length),
			   info->fadt_length, info, env);
	return 0;
}

void acpi_read(const struct acpi_env *env, struct acpi_info *info,
	       unsigned what)
{
	read_tables(false, 0, env, info, what);
}

int acpi_open(uint64_t rsdp_pa, const struct acpi_env *env,
	      struct acpi_info *info)
{
	return read_tables(true, rsdp_pa, env, info, 0);
}

int acpi_open_read(uint64_t rsdp_pa, const struct acpi_env *env,
		   struct acpi_info *info, unsigned what)
{
	return read_tables(true, rsdp_pa, env, info, what);
}

int acpi_parse_tables(uint64_t rsdp_pa, const struct acpi_env *env,
		      struct acpi_info *info)
{
	memset(info, 0, sizeof(*info));
	int rc = acpi_open(rsdp_pa, env, info);
	if (!rc)
		acpi_read(env, info, ACPI_READ_ALL);
	return rc;
}

void acpi_parse_aml(const struct acpi_env *env, struct acpi_info *info)
{
	if (info->aml_walked)
		return;
	info->aml_walked = true;
	for (unsigned i = 0; i < info->aml_count; i++) {
		const uint8_t *h = map(env, info->aml_tables[i], HEADER_LEN);
		uint32_t len = h ? rd32(h + 4) : 0;
		const uint8_t *t =
		    h ? map(env, info->aml_tables[i], len) : NULL;
		if (t) /* checked by acpi_parse_tables() */
			acpi_aml_walk(t + HEADER_LEN, len - HEADER_LEN, env,
				      info);
	}
}

int acpi_parse(uint64_t rsdp_pa, const struct acpi_env *env,
	       struct acpi_info *info)
{
	int rc = acpi_parse_tables(rsdp_pa, env, info);
	if (!rc)
		acpi_parse_aml(env, info);
	return rc;
}
