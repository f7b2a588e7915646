/*
 * I/O APICs (Intel 82093AA datasheet; ACPI 6.5, 5.2.12).  Each one has
 * an index register (IOREGSEL, offset 0x00) and a data window (IOWIN,
 * offset 0x10); its redirection table, two 32-bit registers a pin from
 * index 0x10, maps the pins GSI gsi_base .. gsi_base + pins - 1 to
 * vectors.  A pin is written high word first, then the low word with
 * its mask bit, so that it never fires half-programmed.
 *
 * The firmware names the I/O APICs and ISA overrides through a
 * describer (ACPI's reads the MADT), which runs at the first routing,
 * mask, listing or ISA look-up, before it.  The I/O APICs are then
 * only recorded; they are started
 * (mapped, their pin count read, every pin masked) at the first use
 * that needs one: a routing, a mask, a listing.  A boot that routes
 * nothing (microvm without devices: the serial port's input interrupt
 * waits for the console's first read) then neither maps nor programs
 * them, and under TCG each of those MMIO accesses and the branches
 * around them are blocks to translate.  Until then their pins are as
 * reset left them: masked.
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
#include "sleeplock.h"
#include "spinlock.h"
#include "thread.h"

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
	unsigned gsi_base, pins; /* pins: 0 until started */
};

struct isa_route {
	unsigned gsi, flags; /* flags: IRQ_LEVEL, IRQ_ACTIVE_LOW */
	bool overridden;
};

static struct ioapic ioapics[MAX_IOAPICS];
static unsigned ioapic_count;
static struct isa_route isa[ISA_IRQS];

/* Set, under start_lock, once the recorded I/O APICs were started. */
static bool started;
static struct spinlock start_lock;

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

static void start_all(void);

/*
 * The firmware's describer (irq_set_describer()) runs once, under
 * describe_lock, and every other first use waits on the lock: a second
 * CPU or thread routing its first interrupt meanwhile must not see half
 * the I/O APICs and overrides (nor, none recorded yet, start the
 * default I/O APIC).  Its own uses (an override looks its ISA IRQ up)
 * go through: the thread running it is describing.  Whoever takes the
 * registered describer out of its slot runs it, so one registered while
 * the first use is under way runs exactly once too: the first use
 * claims the slot after setting used, irq_set_describer() fills it
 * before reading used, and one of the two sees the other's store.
 */
static void (*describer)(void);
static bool described; /* the fast path: the describer has run */
static bool used;      /* a first use took describe_lock */
static struct sleeplock describe_lock;
static struct thread *describing;

/* Runs the registered describer, if any, the other uses waiting. */
static __attribute__((noinline)) void describe_now(void)
{
	if (__atomic_load_n(&describing, __ATOMIC_RELAXED) == thread_current())
		return;
	sleep_lock(&describe_lock);
	__atomic_store_n(&used, true, __ATOMIC_SEQ_CST);
	void (*fn)(void) =
	    __atomic_exchange_n(&describer, NULL, __ATOMIC_SEQ_CST);
	if (fn) {
		/* for a late one: the uses from now on wait for it too */
		__atomic_store_n(&described, false, __ATOMIC_RELAXED);
		__atomic_store_n(&describing, thread_current(),
				 __ATOMIC_RELAXED);
		fn();
		__atomic_store_n(&describing, NULL, __ATOMIC_RELAXED);
	}
	__atomic_store_n(&described, true, __ATOMIC_RELEASE);
	sleep_unlock(&describe_lock);
}

void ioapic_describe(void)
{
	if (!__atomic_load_n(&described, __ATOMIC_ACQUIRE))
		describe_now();
}

void irq_set_describer(void (*describe)(void))
{
	__atomic_store_n(&describer, describe, __ATOMIC_SEQ_CST);
	if (__atomic_load_n(&used, __ATOMIC_SEQ_CST))
		describe_now(); /* a use came first: run it at once */
}

static struct ioapic *ioapic_of(unsigned gsi)
{
	start_all();
	for (unsigned i = 0; i < ioapic_count; i++)
		if (gsi >= ioapics[i].gsi_base &&
		    gsi < ioapics[i].gsi_base + ioapics[i].pins)
			return &ioapics[i];
	return NULL;
}

static bool map_page(uint64_t address)
{
	return paging_map_device(address, 4096,
				 PAGING_READ | PAGING_WRITE |
				     PAGING_UNCACHED) == 0;
}

/*
 * Maps a recorded I/O APIC, masks its pins and only then gives it its
 * pin count (which makes its GSIs routable).  false when nothing
 * answers there.
 */
static bool start(struct ioapic *a)
{
	if (!map_page(a->address))
		return false;
	a->regs = (volatile uint32_t *)(uintptr_t)a->address;
	uint32_t version = read_reg(a, REG_VERSION);
	if (version == 0xffffffff)
		return false;
	unsigned pins = ((version >> 16) & 0xff) + 1;
	/* the destination (high word) waits for ioapic_program() */
	for (unsigned pin = 0; pin < pins; pin++)
		write_reg(a, REG_REDIRECT + 2 * pin, RTE_MASKED);
	a->pins = pins;
	return true;
}

/*
 * The recorded I/O APICs (without the firmware's word, none recorded,
 * the one at its usual address), started at the first use; one that
 * does not answer leaves the table.  The lock keeps a second first use
 * from routing a pin the first one is still masking.
 */
static void start_all(void)
{
	ioapic_describe();
	if (__atomic_load_n(&started, __ATOMIC_ACQUIRE))
		return;
	struct ioapic dropped[MAX_IOAPICS];
	unsigned ndropped = 0;
	unsigned long flags = spin_lock(&start_lock);
	if (!started) {
		if (!ioapic_count)
			ioapics[ioapic_count++] =
			    (struct ioapic){.address = DEFAULT_IOAPIC};
		unsigned kept = 0;
		for (unsigned i = 0; i < ioapic_count; i++) {
			if (start(&ioapics[i]))
				ioapics[kept++] = ioapics[i];
			else
				dropped[ndropped++] = ioapics[i];
		}
		ioapic_count = kept;
		__atomic_store_n(&started, true, __ATOMIC_RELEASE);
	}
	spin_unlock(&start_lock, flags);
	/* out of the lock: the console may be slow */
	for (unsigned i = 0; i < ndropped; i++)
		kprintf("osv: irq: no I/O APIC answers at 0x%llx (GSI %u "
			"up): its interrupts are off\n",
			(unsigned long long)dropped[i].address,
			dropped[i].gsi_base);
}

/* irq_add_ioapic() with start_lock held. */
static int add_locked(uint64_t address, unsigned gsi_base)
{
	for (unsigned i = 0; i < ioapic_count; i++)
		if (ioapics[i].address == address)
			return 0;
	if (ioapic_count == MAX_IOAPICS || (address & 0xfff))
		return -1;
	struct ioapic *a = &ioapics[ioapic_count];
	*a = (struct ioapic){.address = address, .gsi_base = gsi_base};
	/* one named after the first use is started at once */
	if (started && !start(a))
		return -1;
	ioapic_count++;
	return 0;
}

int irq_add_ioapic(uint64_t address, unsigned gsi_base)
{
	unsigned long flags = spin_lock(&start_lock);
	int r = add_locked(address, gsi_base);
	spin_unlock(&start_lock, flags);
	return r;
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
	start_all();
	if (i >= ioapic_count)
		return -1;
	*address = ioapics[i].address;
	*gsi_base = ioapics[i].gsi_base;
	*pins = ioapics[i].pins;
	return 0;
}

unsigned irq_isa_gsi(unsigned isa_irq)
{
	ioapic_describe();
	return isa_irq < ISA_IRQS && isa[isa_irq].overridden ? isa[isa_irq].gsi
							     : isa_irq;
}

bool irq_isa_override(unsigned isa_irq, unsigned *gsi, unsigned *flags)
{
	ioapic_describe();
	if (isa_irq >= ISA_IRQS || !isa[isa_irq].overridden)
		return false;
	*gsi = isa[isa_irq].gsi;
	*flags = isa[isa_irq].flags;
	return true;
}

unsigned ioapic_isa_route(unsigned isa_irq, unsigned *flags)
{
	ioapic_describe();
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
