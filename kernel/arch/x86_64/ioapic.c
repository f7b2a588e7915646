/*
 * I/O APICs (Intel 82093AA datasheet; ACPI 6.5, 5.2.12).  Each one has
 * an index register (IOREGSEL, offset 0x00) and a data window (IOWIN,
 * offset 0x10); its redirection table, two 32-bit registers a pin from
 * index 0x10, maps the pins GSI gsi_base .. gsi_base + pins - 1 to
 * vectors.  A pin is written high word first, then the low word with
 * its mask bit, so that it never fires half-programmed.
 *
 * ISA IRQs arrive on GSI n unless the firmware says otherwise
 * (irq_set_isa_override(), from the MADT's interrupt source overrides;
 * QEMU's pc and q35 put IRQ 0 on GSI 2, for instance).  An ISA IRQ is
 * edge-triggered and active high unless its override's flags differ.
 */

#include "apic_impl.h"
#include "arch.h"
#include "irq.h"
#include "klog.h"

#define DEFAULT_IOAPIC 0xfec00000ULL
#define MAX_IOAPICS 8
#define ISA_IRQS 16

#define REG_VERSION 0x01
#define REG_REDIRECT 0x10
#define RTE_LEVEL (1u << 15)
#define RTE_ACTIVE_LOW (1u << 13)
#define RTE_MASKED (1u << 16)

/* MPS INTI flags */
#define INTI_POLARITY_MASK 0x3
#define INTI_ACTIVE_LOW 0x3
#define INTI_TRIGGER_MASK 0xc
#define INTI_LEVEL 0xc

struct ioapic {
	volatile uint32_t *regs;
	uint64_t address;
	unsigned gsi_base, pins;
};

struct isa_route {
	unsigned gsi, flags; /* flags: IRQ_LEVEL, IRQ_ACTIVE_LOW */
	bool overridden;
};

static struct ioapic ioapics[MAX_IOAPICS];
static unsigned ioapic_count;
static bool default_tried;
static struct isa_route isa[ISA_IRQS];

static uint32_t read_reg(const struct ioapic *a, unsigned reg)
{
	a->regs[0] = reg;
	return a->regs[4];
}

static void write_reg(const struct ioapic *a, unsigned reg, uint32_t v)
{
	a->regs[0] = reg;
	a->regs[4] = v;
}

static void add_default(void);

static struct ioapic *ioapic_of(unsigned gsi)
{
	add_default();
	for (unsigned i = 0; i < ioapic_count; i++)
		if (gsi >= ioapics[i].gsi_base &&
		    gsi < ioapics[i].gsi_base + ioapics[i].pins)
			return &ioapics[i];
	return NULL;
}

static bool map_page(uint64_t address)
{
	return paging_device_window(address, 4096) ||
	       paging_readable(address, 4096) ||
	       paging_map(address, address, 4096, PAGING_READ | PAGING_WRITE) ==
		   0;
}

int irq_add_ioapic(uint64_t address, unsigned gsi_base)
{
	for (unsigned i = 0; i < ioapic_count; i++)
		if (ioapics[i].address == address)
			return 0;
	if (ioapic_count == MAX_IOAPICS || (address & 0xfff) ||
	    !map_page(address))
		return -1;
	struct ioapic *a = &ioapics[ioapic_count];
	a->regs = (volatile uint32_t *)(uintptr_t)address;
	a->address = address;
	a->gsi_base = gsi_base;
	uint32_t version = read_reg(a, REG_VERSION);
	if (version == 0xffffffff)
		return -1; /* nothing answers */
	a->pins = ((version >> 16) & 0xff) + 1;
	/* the destination (high word) waits for ioapic_program() */
	for (unsigned pin = 0; pin < a->pins; pin++)
		write_reg(a, REG_REDIRECT + 2 * pin, RTE_MASKED);
	ioapic_count++;
	return 0;
}

void irq_set_isa_override(unsigned isa_irq, unsigned gsi, unsigned inti_flags)
{
	if (isa_irq >= ISA_IRQS)
		return;
	unsigned flags = 0;
	if ((inti_flags & INTI_TRIGGER_MASK) == INTI_LEVEL)
		flags |= IRQ_LEVEL;
	if ((inti_flags & INTI_POLARITY_MASK) == INTI_ACTIVE_LOW)
		flags |= IRQ_ACTIVE_LOW;
	unsigned old = irq_isa_gsi(isa_irq);
	isa[isa_irq] = (struct isa_route){gsi, flags, true};
	irq_move_gsi(old, gsi, flags);
}

int irq_ioapic_info(unsigned i, uint64_t *address, unsigned *gsi_base,
		    unsigned *pins)
{
	add_default();
	if (i >= ioapic_count)
		return -1;
	*address = ioapics[i].address;
	*gsi_base = ioapics[i].gsi_base;
	*pins = ioapics[i].pins;
	return 0;
}

unsigned irq_isa_gsi(unsigned isa_irq)
{
	return isa_irq < ISA_IRQS && isa[isa_irq].overridden ? isa[isa_irq].gsi
							     : isa_irq;
}

bool irq_isa_override(unsigned isa_irq, unsigned *gsi, unsigned *flags)
{
	if (isa_irq >= ISA_IRQS || !isa[isa_irq].overridden)
		return false;
	*gsi = isa[isa_irq].gsi;
	*flags = isa[isa_irq].flags;
	return true;
}

unsigned ioapic_isa_route(unsigned isa_irq, unsigned *flags)
{
	const struct isa_route *r = &isa[isa_irq];
	*flags = r->flags; /* 0 unless overridden */
	return r->overridden ? r->gsi : isa_irq;
}

bool ioapic_program(unsigned gsi, unsigned vector, unsigned flags, bool masked)
{
	struct ioapic *a = ioapic_of(gsi);
	if (!a)
		return false;
	unsigned reg = REG_REDIRECT + 2 * (gsi - a->gsi_base);
	uint32_t low = vector | (masked ? RTE_MASKED : 0);
	if (flags & IRQ_LEVEL)
		low |= RTE_LEVEL;
	if (flags & IRQ_ACTIVE_LOW)
		low |= RTE_ACTIVE_LOW;
	unsigned long saved = irq_save();
	write_reg(a, reg, RTE_MASKED);
	write_reg(a, reg + 1, irq_cpu_id() << 24);
	write_reg(a, reg, low);
	irq_restore(saved);
	return true;
}

bool ioapic_masked(unsigned gsi)
{
	struct ioapic *a = ioapic_of(gsi);
	if (!a)
		return true;
	unsigned long saved = irq_save();
	uint32_t low = read_reg(a, REG_REDIRECT + 2 * (gsi - a->gsi_base));
	irq_restore(saved);
	return low & RTE_MASKED;
}

bool ioapic_set_masked(unsigned gsi, bool masked)
{
	struct ioapic *a = ioapic_of(gsi);
	if (!a)
		return false;
	unsigned reg = REG_REDIRECT + 2 * (gsi - a->gsi_base);
	unsigned long saved = irq_save();
	uint32_t low = read_reg(a, reg);
	write_reg(a, reg, masked ? low | RTE_MASKED : low & ~RTE_MASKED);
	irq_restore(saved);
	return true;
}

/*
 * Without the firmware's word (no MADT registered one before the first
 * use), the I/O APIC at its usual address.  Not at boot: the MADT names
 * it on every machine that has one, before any driver routes an IRQ,
 * and registering it twice cost the boot's translation.  Its pins come
 * out of reset masked, so nothing fires before it is registered.
 */
static void add_default(void)
{
	if (ioapic_count || default_tried)
		return;
	default_tried = true;
	if (irq_add_ioapic(DEFAULT_IOAPIC, 0))
		kprintf("osv: no I/O APIC at 0x%llx: ISA interrupts are off\n",
			DEFAULT_IOAPIC);
}
