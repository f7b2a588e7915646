/*
 * The ACPI driver: at DRIVER_LEVEL_PLATFORM it finds the RSDP (the PVH
 * start info's, else the EBDA's first KiB and the BIOS ROM area), checks
 * it and the root table, and reads with acpi_tables.c what the boot's
 * devices need (the MCFG, the HPET, the FADT and the DSDT and SSDTs);
 * with --verbose it reads all and prints what it found.  Then it
 *
 *   - has the interrupt subsystem ask for the MADT's I/O APICs and
 *     interrupt source overrides when it first needs them (irq.h's
 *     describer: a boot that routes no interrupt reads no MADT);
 *   - registers the devices the other drivers need as platform devices:
 *     PLATFORM_PCI_ECAM for each MCFG window, PLATFORM_HPET for the HPET
 *     table's timer block, and PLATFORM_VIRTIO_MMIO for each LNRO0005
 *     device, on demand (a describer);
 *   - registers a power hook: poweroff enters S5 (ACPI 6.5, 7.4.2 and
 *     16.1.7): on hardware-reduced ACPI through the FADT's sleep control
 *     register, else through PM1a/PM1b control, after switching the
 *     machine to ACPI mode if SCI_EN is off; reboot writes the FADT's
 *     reset value to its reset register.
 *
 * Tables are mapped read-only on demand, at their physical address.
 * The AML of the DSDT and SSDTs is walked only when something needs it
 * (the virtio-mmio driver's devices, poweroff's \_S5, acpi_get()), or
 * at boot with --verbose, to print what it says: a kernel that needs
 * neither boots without translating and running the walker.
 */
#include <stddef.h>
#include <string.h>

#include "acpi.h"
#include "arch.h"
#include "boot_info.h"
#include "clock.h"
#include "driver.h"
#include "irq.h"
#include "platform.h"
#include "power_hooks.h"
#include "klog.h"

#define PM1_SCI_EN 0x0001
#define PM1_SLP_TYP_SHIFT 10
#define PM1_SLP_TYP_MASK (7u << PM1_SLP_TYP_SHIFT)
#define PM1_SLP_EN (1u << 13)
#define SLEEP_CTL_TYP_SHIFT 2
#define SLEEP_CTL_SLP_EN 0x20

static struct acpi_info info;
static bool ready;

static const struct acpi_env env;

/* Tables are read only when something needs what they say. */
static void need(unsigned what)
{
	if (ready)
		acpi_read(&env, &info, what);
}

/* The AML likewise is walked only when something needs it. */
static void need_aml(void)
{
	need(ACPI_READ_AML);
	if (ready)
		acpi_parse_aml(&env, &info);
}

const struct acpi_info *acpi_get(void)
{
	need(ACPI_READ_ALL);
	need_aml();
	return ready ? &info : NULL;
}

/* NULL at page 0 (mmio_map() maps no page 0), as acpi.h asks. */
static const void *phys_map(uint64_t pa, size_t len, void *ctx)
{
	(void)ctx;
	return (const void *)mmio_map(pa, len, MMIO_READ_ONLY);
}

static void log_line(void *ctx, const char *fmt, va_list ap)
{
	(void)ctx;
	kprintf("acpi: ");
	kvprintf(fmt, ap);
	kprintf("\n");
}

static const struct acpi_env env = {phys_map, log_line, NULL};

/*
 * The search's reads: page 0 (the BIOS data area, where the EBDA's
 * segment is), which stays unmapped, through a copy; the rest as
 * phys_map().  A search of its own: the boot that has the loader's RSDP
 * (every PVH boot under QEMU) runs none of it.
 */
static const void *search_map(uint64_t pa, size_t len, void *ctx)
{
	static uint8_t copy[16];
	if (pa >= 4096)
		return phys_map(pa, len, ctx);
	if (!pa || len > sizeof(copy) || paging_read_page0(pa, copy, len))
		return NULL;
	return copy;
}

static const struct acpi_env search_env = {search_map, log_line, NULL};

uint64_t acpi_search_rsdp(void)
{
	return acpi_find_rsdp(&search_env);
}

/* Waits about ms milliseconds, by the clock's TSC rate. */
static void delay_ms(unsigned ms)
{
	uint64_t cycles = clock_tsc_hz() / 1000 * ms;
	uint64_t start = rdtsc();
	while (rdtsc() - start < cycles)
		__asm__ volatile("pause");
}

static uint32_t gas_read(const struct acpi_gas *g)
{
	unsigned width = g->bit_width ? g->bit_width : 8;
	if (g->space == ACPI_SPACE_IO) {
		uint16_t port = (uint16_t)g->address;
		return width <= 8    ? inb(port)
		       : width <= 16 ? inw(port)
				     : inl(port);
	}
	volatile void *p = mmio_map(g->address, width / 8, 0);
	if (g->space != ACPI_SPACE_MEMORY || !p)
		return 0;
	return width <= 8    ? mmio_read8(p)
	       : width <= 16 ? mmio_read16(p)
			     : mmio_read32(p);
}

static void gas_write(const struct acpi_gas *g, uint32_t v)
{
	unsigned width = g->bit_width ? g->bit_width : 8;
	if (g->space == ACPI_SPACE_IO) {
		uint16_t port = (uint16_t)g->address;
		if (width <= 8)
			outb(port, (uint8_t)v);
		else if (width <= 16)
			outw(port, (uint16_t)v);
		else
			outl(port, v);
		return;
	}
	volatile void *p = mmio_map(g->address, width / 8, 0);
	if (g->space != ACPI_SPACE_MEMORY || !p)
		return;
	if (width <= 8)
		mmio_write8(p, (uint8_t)v);
	else if (width <= 16)
		mmio_write16(p, (uint16_t)v);
	else
		mmio_write32(p, v);
}

static bool gas_usable(const struct acpi_gas *g)
{
	return g->address &&
	       (g->space == ACPI_SPACE_IO || g->space == ACPI_SPACE_MEMORY);
}

/* ACPI 6.5, 16.3.1: hand the machine from the firmware (SMM) to us. */
static void enable_acpi_mode(void)
{
	if (gas_read(&info.pm1a_cnt) & PM1_SCI_EN)
		return;
	if (!info.smi_cmd || !info.acpi_enable)
		return;
	outb((uint16_t)info.smi_cmd, info.acpi_enable);
	for (int i = 0; i < 300; i++) {
		if (gas_read(&info.pm1a_cnt) & PM1_SCI_EN)
			return;
		delay_ms(1);
	}
	kprintf("acpi: the firmware did not enter ACPI mode\n");
}

static void pm1_sleep(const struct acpi_gas *reg, uint8_t typ)
{
	uint32_t v = gas_read(reg) & ~PM1_SLP_TYP_MASK;
	v |= (uint32_t)(typ & 7) << PM1_SLP_TYP_SHIFT;
	gas_write(reg, v | PM1_SLP_EN);
}

static void acpi_poweroff(int status)
{
	(void)status;
	need(ACPI_READ_POWER);
	need_aml();
	if (!info.have_s5)
		return;
	if (info.hw_reduced && gas_usable(&info.sleep_control)) {
		gas_write(&info.sleep_control, (uint32_t)(info.s5_a & 7)
						       << SLEEP_CTL_TYP_SHIFT |
						   SLEEP_CTL_SLP_EN);
	} else if (gas_usable(&info.pm1a_cnt)) {
		enable_acpi_mode();
		if (gas_usable(&info.pm1b_cnt))
			pm1_sleep(&info.pm1b_cnt, info.s5_b);
		pm1_sleep(&info.pm1a_cnt, info.s5_a);
	}
	delay_ms(100);
	kprintf("acpi: poweroff through S5 did not happen\n");
}

static void acpi_reboot(void)
{
	need(ACPI_READ_POWER);
	if (!(info.fadt_flags & ACPI_FADT_RESET_REG_SUP) ||
	    !gas_usable(&info.reset_reg))
		return;
	gas_write(&info.reset_reg, info.reset_value);
	delay_ms(100);
	kprintf("acpi: reset through the reset register did not happen\n");
}

static const struct power_hook power_hook = {
    .name = "acpi",
    .priority = 10,
    .poweroff = acpi_poweroff,
    .reboot = acpi_reboot,
};

static const char *space_name(const struct acpi_gas *g)
{
	if (!g->address)
		return "none";
	return g->space == ACPI_SPACE_IO       ? "io"
	       : g->space == ACPI_SPACE_MEMORY ? "mem"
					       : "other";
}

static void print_fadt(void)
{
	if (!info.have_fadt)
		return;
	kinfo("acpi: FADT%s: pm1a_cnt %s 0x%lx, reset %s 0x%lx value 0x%x%s, "
	      "sleep_control %s 0x%lx\n",
	      info.hw_reduced ? " (hardware-reduced)" : "",
	      space_name(&info.pm1a_cnt), info.pm1a_cnt.address,
	      space_name(&info.reset_reg), info.reset_reg.address,
	      info.reset_value,
	      info.fadt_flags & ACPI_FADT_RESET_REG_SUP ? "" : " (unsupported)",
	      space_name(&info.sleep_control), info.sleep_control.address);
}

/*
 * What the tables say, for --verbose.  Checked once by the caller, not
 * by each kinfo(): a boot without --verbose then skips the arguments
 * and calls too (under TCG, code run once costs its translation).
 */
static void print_summary(void)
{
	kinfo("acpi: RSDP 0x%lx revision %u, %u tables (%u skipped)\n",
	      info.rsdp_address, info.revision, info.tables, info.skipped);
	print_fadt();
	if (info.have_madt)
		kinfo("acpi: MADT: %u CPU(s), %u I/O APIC(s), %u override(s), "
		      "local APIC 0x%x\n",
		      info.cpu_count, info.ioapic_count, info.override_count,
		      info.lapic_address);
	for (unsigned i = 0; i < info.ecam_count; i++)
		kinfo("acpi: MCFG: segment %u buses %u-%u at 0x%lx\n",
		      info.ecam[i].segment, info.ecam[i].bus_start,
		      info.ecam[i].bus_end, info.ecam[i].base);
	if (info.have_hpet)
		kinfo("acpi: HPET at 0x%lx\n", info.hpet_address);
}

static void print_aml_summary(void)
{
	if (info.have_s5)
		kinfo("acpi: S5 SLP_TYP %u/%u\n", info.s5_a, info.s5_b);
	for (unsigned i = 0; i < info.mmio_count; i++)
		kinfo("acpi: device %s at 0x%lx size 0x%lx irq %d%s\n",
		      info.mmio[i].hid, info.mmio[i].base, info.mmio[i].size,
		      (int)info.mmio[i].irq,
		      info.mmio[i].irq == ACPI_NO_IRQ		? ""
		      : info.mmio[i].irq_flags & ACPI_IRQ_LEVEL ? " level"
								: " edge");
}

/*
 * The DSDT's virtio-mmio devices, when the virtio-mmio driver asks.  A
 * device's _HID is a string constant in the AML, so tables that never
 * spell it have none (acpi_read() noted whether they do: this describer
 * is registered only when they do), and the walk can wait (pc, q35, and
 * a microvm without virtio devices boot without it).
 */
static void describe_mmio(void)
{
	need_aml();
	for (unsigned i = 0; i < info.mmio_count; i++) {
		const struct acpi_device *d = &info.mmio[i];
		if (strcmp(d->hid, ACPI_HID_VIRTIO_MMIO))
			continue;
		platform_add(&(struct platform_device){PLATFORM_VIRTIO_MMIO,
						       d->base, d->size, d->irq,
						       0, d->irq_flags});
	}
}

/* The MCFG's ECAM windows (read at boot: the PCI driver asks then). */
static void add_ecam_windows(void)
{
	for (unsigned i = 0; i < info.ecam_count; i++) {
		const struct acpi_ecam *e = &info.ecam[i];
		uint64_t buses = (uint64_t)e->bus_end - e->bus_start + 1;
		uint32_t arg = e->bus_start | (uint32_t)e->bus_end << 8 |
			       (uint32_t)e->segment << 16;
		platform_add(&(struct platform_device){
		    PLATFORM_PCI_ECAM, e->base + ((uint64_t)e->bus_start << 20),
		    buses << 20, PLATFORM_NO_IRQ, arg, 0});
	}
}

/*
 * The MADT's I/O APICs and ISA interrupt source overrides, when the
 * interrupt subsystem first needs them (before it routes, masks or
 * looks up anything).
 */
static void describe_irqs(void)
{
	need(ACPI_READ_MADT);
	for (unsigned i = 0; i < info.ioapic_count; i++) {
		const struct acpi_ioapic *a = &info.ioapics[i];
		if (irq_add_ioapic(a->address, a->gsi_base))
			kprintf("acpi: MADT: no usable I/O APIC at 0x%x "
				"(GSI %u up), skipped\n",
				a->address, a->gsi_base);
	}
	for (unsigned i = 0; i < info.override_count; i++) {
		const struct acpi_override *o = &info.overrides[i];
		if (o->source < 16)
			irq_set_isa_override(o->source, o->gsi, o->flags);
	}
}

/* The platform devices the tables name, for the drivers that need them. */
static __attribute__((noinline)) void add_devices(void)
{
	add_ecam_windows();
	if (info.have_hpet) /* its registers: 1 KiB (HPET spec 1.0a, 2.3) */
		platform_add(&(struct platform_device){
		    PLATFORM_HPET, info.hpet_address, 0x400, PLATFORM_NO_IRQ,
		    info.hpet_number, 0});
	if (info.aml_virtio_mmio) /* else the AML describes none */
		platform_add_describer(PLATFORM_VIRTIO_MMIO, describe_mmio);
}

/* The RSDP the loader gave, or 0. */
static uint64_t loader_rsdp(void)
{
	const struct boot_info *bi = boot_get_info();
	return bi ? bi->rsdp_paddr : 0;
}

/*
 * Under TCG each branch and each call's return in code run once is a
 * block to translate: the choices here are masks where they can be, and
 * one test covers both kinds of device (microvm's tables name none).
 */
static int acpi_init(void)
{
	uint64_t rsdp = loader_rsdp();
	if (!rsdp)
		rsdp = acpi_search_rsdp();
	if (!rsdp) {
		kprintf("acpi: no RSDP\n");
		return -1;
	}
	/*
	 * What the devices need, and it maps (and so keeps) every table
	 * while the boot keeps what it maps; the rest waits for its first
	 * use (under TCG, code run once costs its translation).
	 */
	bool verbose = klog_verbose();
	unsigned want = ACPI_READ_MCFG | ACPI_READ_HPET | ACPI_READ_AML;
	if (acpi_open_read(rsdp, &env, &info,
			   want | (ACPI_READ_ALL & -(unsigned)verbose)))
		return -1;
	ready = true;
	if (verbose) { /* the tables and what the AML says */
		print_summary();
		need_aml();
		print_aml_summary();
	}
	irq_set_describer(describe_irqs);
	if (info.ecam_count | info.aml_virtio_mmio | info.have_hpet)
		add_devices();
	power_hook_register(&power_hook);
	return 0;
}

DRIVER_REGISTER(DRIVER_LEVEL_PLATFORM, "acpi", acpi_init);
