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

#define say acpi_say

/* A table's signature as the 32-bit number its first 4 bytes read as. */
#define SIG(a, b, c, d)                                                    \
	((uint32_t)(a) | (uint32_t)(b) << 8 | (uint32_t)(c) << 16 |      \
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
struct scan {
	uint8_t sum;
	bool virtio_mmio;
};

static __attribute__((noinline)) struct scan scan(const uint8_t *p, size_t len)
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

/* Not inlined either: it is called from seven places. */
static __attribute__((noinline)) const uint8_t *
map(const struct acpi_env *env, uint64_t pa, size_t len)
{
	return pa ? env->map(pa, len, env->ctx) : NULL;
}

/*
 * A valid RSDP at pa, or NULL.  The tests of each step are combined
 * with | rather than ||: one branch each (under TCG, a block fewer to
 * translate per test).
 */
static const uint8_t *rsdp_at(const struct acpi_env *env, uint64_t pa)
{
	const uint8_t *p = map(env, pa, RSDP_V1_LEN);
	if (!p)
		return NULL;
	uint8_t bad = sum(p, RSDP_V1_LEN);
	if (bad | (rd64(p) != rd64((const uint8_t *)"RSD PTR ")))
		return NULL;
	if (p[15] < 2)
		return p; /* revision 0: 20 bytes */
	p = map(env, pa, RSDP_V2_LEN);
	uint32_t len = p ? rd32(p + 20) : 0;
	p = len >= RSDP_V2_LEN ? map(env, pa, len) : NULL;
	return p && !sum(p, len) ? p : NULL;
}

static uint64_t scan_rsdp(const struct acpi_env *env, uint64_t start,
			  uint64_t end)
{
	for (uint64_t pa = start; pa + RSDP_V1_LEN <= end; pa += 16)
		if (rsdp_at(env, pa))
			return pa;
	return 0;
}

uint64_t acpi_find_rsdp(const struct acpi_env *env)
{
	const uint8_t *bda = map(env, 0x40e, 2);
	uint64_t ebda = bda ? (uint64_t)rd16(bda) << 4 : 0;
	uint64_t pa = 0;
	if (ebda >= 0x80000 && ebda < 0xa0000)
		pa = scan_rsdp(env, ebda, ebda + 1024);
	return pa ? pa : scan_rsdp(env, 0xe0000, 0x100000);
}

/*
 * The whole table at pa, checked, or NULL (logged).  want: the expected
 * signature, or NULL for any.  *virtio_mmio: whether its AML holds that
 * _HID (see scan()).
 */
static const uint8_t *table_at(const struct acpi_env *env, uint64_t pa,
			       const char *want, struct acpi_info *info,
			       bool *virtio_mmio)
{
	const uint8_t *h = map(env, pa, HEADER_LEN);
	if (!h) {
		say(env, "table at 0x%lx is not readable, skipped",
		    (unsigned long)pa);
		info->skipped++;
		return NULL;
	}
	char sig[5] = {(char)h[0], (char)h[1], (char)h[2], (char)h[3], 0};
	uint32_t len = rd32(h + 4);
	const uint8_t *t = NULL;
	if (len >= HEADER_LEN && len <= MAX_TABLE_LEN)
		t = map(env, pa, len);
	struct scan r = t ? scan(t, len) : (struct scan){0, false};
	*virtio_mmio = r.virtio_mmio;
	if (!t)
		say(env, "%s at 0x%lx: bad length %u, skipped", sig,
		    (unsigned long)pa, len);
	else if (r.sum)
		say(env, "%s at 0x%lx: bad checksum, skipped", sig,
		    (unsigned long)pa);
	else if (want && rd32(h) != rd32((const uint8_t *)want))
		say(env, "table at 0x%lx is %s, not %s, skipped",
		    (unsigned long)pa, sig, want);
	else
		return t;
	info->skipped++;
	return NULL;
}

static void madt_cpu(struct acpi_info *info, uint32_t apic_id, uint32_t flags)
{
	if (!(flags & 3) || info->cpu_count == ACPI_MAX_CPUS || apic_id > 255)
		return; /* neither enabled nor online-capable */
	info->cpu_apic_ids[info->cpu_count++] = (uint8_t)apic_id;
}

static void madt_entry(struct acpi_info *info, const uint8_t *e)
{
	switch (e[0]) {
	case 0: /* processor local APIC */
		if (e[1] >= 8)
			madt_cpu(info, e[3], rd32(e + 4));
		break;
	case 1: /* I/O APIC */
		if (e[1] >= 12 && info->ioapic_count < ACPI_MAX_IOAPICS)
			info->ioapics[info->ioapic_count++] =
			    (struct acpi_ioapic){e[2], rd32(e + 4),
						 rd32(e + 8)};
		break;
	case 2: /* interrupt source override */
		if (e[1] >= 10 && info->override_count < ACPI_MAX_OVERRIDES)
			info->overrides[info->override_count++] =
			    (struct acpi_override){e[3], rd16(e + 8),
						   rd32(e + 4)};
		break;
	case 5: /* local APIC address override */
		if (e[1] >= 12)
			info->lapic_address = (uint32_t)rd64(e + 4);
		break;
	case 9: /* processor local x2APIC */
		if (e[1] >= 16)
			madt_cpu(info, rd32(e + 4), rd32(e + 8));
		break;
	}
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

static void parse_fadt_pm1(const uint8_t *t, struct acpi_info *info)
{
	uint8_t cnt_len = t[89] ? t[89] : 2;
	info->pm1a_cnt = gas(t + 172);
	if (!info->pm1a_cnt.address)
		info->pm1a_cnt = port_field(t, 64, cnt_len);
	info->pm1b_cnt = gas(t + 184);
	if (!info->pm1b_cnt.address)
		info->pm1b_cnt = port_field(t, 68, cnt_len);
}

/* The FADT of ACPI 6.5; later revisions only append fields. */
#define FADT_LEN 276

/* Returns the DSDT's address. */
static uint64_t parse_fadt(const uint8_t *table, uint32_t len,
			   struct acpi_info *info, const struct acpi_env *env)
{
	if (len < 116) {
		say(env, "FACP: too short (%u bytes)", len);
		return 0;
	}
	/*
	 * An older FADT is shorter: the fields past its length read as
	 * zero, absent.  One copy, not a length check (and, under TCG, a
	 * block to translate) per field.
	 */
	uint8_t t[FADT_LEN] = {0};
	memcpy(t, table, len < FADT_LEN ? len : FADT_LEN);
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
	uint64_t x_dsdt = rd64(t + 140);
	return x_dsdt ? x_dsdt : rd32(t + 40);
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

/* Reads one table; returns the DSDT address when it is the FADT. */
static uint64_t parse_table(const uint8_t *t, uint64_t pa, bool virtio_mmio,
			    const struct acpi_env *env, struct acpi_info *info)
{
	uint32_t len = rd32(t + 4);
	info->tables++;
	switch (rd32(t)) { /* one switch, not a call per signature */
	case SIG('A', 'P', 'I', 'C'):
		parse_madt(t, len, info, env);
		break;
	case SIG('M', 'C', 'F', 'G'):
		parse_mcfg(t, len, info);
		break;
	case SIG('F', 'A', 'C', 'P'):
		return parse_fadt(t, len, info, env);
	case SIG('H', 'P', 'E', 'T'):
		parse_hpet(t, len, info);
		break;
	case SIG('S', 'S', 'D', 'T'):
		add_definition_block(pa, virtio_mmio, info, env);
		break;
	}
	return 0;
}

/* The root table's entries: 4-byte addresses (RSDT) or 8-byte (XSDT). */
static uint64_t parse_root(const uint8_t *root, unsigned width,
			   const struct acpi_env *env, struct acpi_info *info)
{
	uint64_t dsdt = 0;
	uint32_t len = rd32(root + 4);
	for (uint32_t off = HEADER_LEN; off + width <= len; off += width) {
		uint64_t pa = width == 8 ? rd64(root + off) : rd32(root + off);
		bool virtio_mmio;
		const uint8_t *t = table_at(env, pa, NULL, info, &virtio_mmio);
		uint64_t d = t ? parse_table(t, pa, virtio_mmio, env, info) : 0;
		if (d)
			dsdt = d;
	}
	return dsdt;
}

static const uint8_t *root_table(const uint8_t *rsdp,
				 const struct acpi_env *env,
				 struct acpi_info *info, unsigned *width)
{
	bool unused;
	if (rsdp[15] >= 2 && rd64(rsdp + 24)) {
		const uint8_t *x =
		    table_at(env, rd64(rsdp + 24), "XSDT", info, &unused);
		*width = 8;
		if (x)
			return x;
		say(env, "falling back to the RSDT");
	}
	*width = 4;
	return table_at(env, rd32(rsdp + 16), "RSDT", info, &unused);
}

int acpi_parse_tables(uint64_t rsdp_pa, const struct acpi_env *env,
		      struct acpi_info *info)
{
	memset(info, 0, sizeof(*info));
	const uint8_t *rsdp = rsdp_at(env, rsdp_pa);
	if (!rsdp) {
		say(env, "no valid RSDP at 0x%lx", (unsigned long)rsdp_pa);
		return -1;
	}
	info->rsdp_address = rsdp_pa;
	info->revision = rsdp[15];
	unsigned width;
	const uint8_t *root = root_table(rsdp, env, info, &width);
	if (!root)
		return -1;
	info->tables++;
	uint64_t dsdt_pa = parse_root(root, width, env, info);
	bool virtio_mmio;
	const uint8_t *dsdt =
	    dsdt_pa ? table_at(env, dsdt_pa, "DSDT", info, &virtio_mmio) : NULL;
	if (dsdt) {
		info->tables++;
		add_definition_block(dsdt_pa, virtio_mmio, info, env);
	}
	return 0;
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
