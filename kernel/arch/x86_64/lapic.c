/*
 * The local APIC (Intel SDM vol. 3A, chapter 11).  In x2APIC mode each
 * register is an MSR, 0x800 + (xAPIC offset >> 4); in xAPIC mode it is a
 * 32-bit word at its offset in a 4 KiB page at the physical base that
 * IA32_APIC_BASE names, which lies outside RAM and is mapped here.
 *
 * Setup: the APIC is enabled in IA32_APIC_BASE (x2APIC too when CPUID
 * offers it), the task priority lets every vector through, LINT0 (the
 * 8259's virtual-wire input) is masked because the I/O APIC carries the
 * ISA IRQs, LINT1 delivers NMI, errors arrive on IRQ_VECTOR_APIC_ERROR
 * and spurious interrupts on IRQ_VECTOR_SPURIOUS (never acknowledged
 * with an EOI, as the SDM requires).
 */

#include "apic_impl.h"
#include "arch.h"
#include "debug.h"
#include "irq.h"
#include "klog.h"

#define MSR_APIC_BASE 0x1b
#define APIC_BASE_ENABLE (1ULL << 11)
#define APIC_BASE_X2APIC (1ULL << 10)
#define APIC_BASE_ADDR 0x000ffffffffff000ULL
#define X2APIC_MSR_BASE 0x800
#define X2APIC_ICR 0x830

#define REG_ID 0x20
#define REG_VERSION 0x30
#define REG_TPR 0x80
#define REG_EOI 0xb0
#define REG_SVR 0xf0
#define REG_ESR 0x280
#define REG_ICR_LOW 0x300
#define REG_ICR_HIGH 0x310
#define REG_LVT_TIMER 0x320
#define REG_LVT_THERMAL 0x330
#define REG_LVT_PERF 0x340
#define REG_LVT_LINT0 0x350
#define REG_LVT_LINT1 0x360
#define REG_LVT_ERROR 0x370
#define REG_INITIAL_COUNT 0x380
#define REG_DIVIDE 0x3e0
#define DIVIDE_BY_1 0xb
#define START_MAX_CYCLES 100000
#define START_TRIES 8

#define SVR_ENABLE 0x100
#define LVT_MASKED (1u << 16)
#define LVT_NMI (4u << 8)
#define ICR_SELF (1u << 18)
#define ICR_PENDING (1u << 12)

static bool x2apic;
static volatile uint32_t *xapic_regs;
uint64_t lapic_count_start_tsc;
bool lapic_tsc_deadline;

uint32_t lapic_read(unsigned reg)
{
	if (x2apic)
		return (uint32_t)rdmsr(X2APIC_MSR_BASE + (reg >> 4));
	return xapic_regs[reg / 4];
}

void lapic_write(unsigned reg, uint32_t value)
{
	if (x2apic)
		wrmsr(X2APIC_MSR_BASE + (reg >> 4), value);
	else
		xapic_regs[reg / 4] = value;
}

bool irq_x2apic(void)
{
	return x2apic;
}

void irq_eoi(void)
{
	lapic_write(REG_EOI, 0);
}

uint32_t irq_cpu_id(void)
{
	if (x2apic)
		return (uint32_t)rdmsr(X2APIC_MSR_BASE + (REG_ID >> 4));
	return xapic_regs[REG_ID / 4] >> 24;
}

void irq_send_self(unsigned vector)
{
	unsigned long flags = irq_save();
	if (x2apic) {
		wrmsr(X2APIC_ICR, ICR_SELF | vector);
	} else {
		while (xapic_regs[REG_ICR_LOW / 4] & ICR_PENDING)
			__asm__ volatile("pause");
		xapic_regs[REG_ICR_HIGH / 4] = 0;
		xapic_regs[REG_ICR_LOW / 4] = ICR_SELF | vector;
	}
	irq_restore(flags);
}

/* Maps the xAPIC page: device registers, uncached, wherever it is. */
static void map_xapic(uint64_t base)
{
	if (paging_map_device(base, 4096,
			      PAGING_READ | PAGING_WRITE | PAGING_UNCACHED))
		panic("lapic: cannot map the local APIC at 0x%lx", base);
	xapic_regs = (volatile uint32_t *)(uintptr_t)base;
}

static void enable_apic(void)
{
	struct cpuid_regs r = cpuid(1, 0);
	if (!(r.edx & (1u << 9)))
		panic("lapic: the CPU has no local APIC");
	lapic_tsc_deadline = (r.ecx >> 24) & 1; /* for lapic_timer_init() */
	uint64_t base = rdmsr(MSR_APIC_BASE);
	if (!(base & APIC_BASE_ENABLE)) {
		base |= APIC_BASE_ENABLE;
		wrmsr(MSR_APIC_BASE, base);
	}
	if (r.ecx & (1u << 21)) {
		wrmsr(MSR_APIC_BASE, base | APIC_BASE_X2APIC);
		x2apic = true;
	} else {
		map_xapic(base & APIC_BASE_ADDR);
	}
}

static void clear_errors(void)
{
	lapic_write(REG_ESR, 0); /* latches the error bits into ESR */
}

static void lapic_error(void *arg)
{
	(void)arg;
	static bool reported;
	clear_errors();
	uint32_t esr = lapic_read(REG_ESR);
	if (!reported)
		kprintf("osv: local APIC error 0x%x (reported once)\n", esr);
	reported = true;
}
IRQ_FIXED_HANDLER(IRQ_VECTOR_APIC_ERROR, lapic_error);

/*
 * The registers the setup writes, in order.  A table, so that the boot
 * translates one loop rather than a write per register.  The SVR's
 * enable comes before the LVT entries: a software-disabled APIC keeps
 * every LVT entry masked whatever is written (SDM vol. 3A, 11.4.7.2),
 * and LINT1 and the error entry are unmasked here.  The last two are the
 * LVT entries an APIC may lack (REG_VERSION's max LVT below 4 or 5):
 * irq_init() counts them in or out, without a branch.  The timer's
 * entry (masked) and its divider are set for lapic_timer.c's
 * measurement of its rate, whose count-down irq_init() then starts:
 * here, its writes cost the boot no code of their own.
 */
static const struct {
	uint32_t reg;
	uint32_t value;
} setup[] = {
    {REG_TPR, 0},
    {REG_SVR, SVR_ENABLE | IRQ_VECTOR_SPURIOUS},
    {REG_LVT_TIMER, LVT_MASKED | IRQ_VECTOR_TIMER},
    {REG_LVT_LINT0, LVT_MASKED},
    {REG_LVT_LINT1, LVT_NMI},
    {REG_LVT_ERROR, IRQ_VECTOR_APIC_ERROR},
    {REG_ESR, 0}, /* latches (clears) the error bits */
    {REG_EOI, 0}, /* anything left in service by the firmware */
    {REG_DIVIDE, DIVIDE_BY_1},
    {REG_LVT_PERF, LVT_MASKED},	   /* max LVT >= 4 */
    {REG_LVT_THERMAL, LVT_MASKED}, /* max LVT >= 5 */
};

/*
 * A write to the initial count starts the count-down: it lies between
 * two TSC reads, their midpoint stands for it; a host stall that pulled
 * them apart (a loaded host deschedules QEMU for milliseconds) would
 * skew the rate measured from it, so the count is started again.  The
 * mode is chosen outside the two reads: a branch between them would
 * put the write in a block of its own, which TCG would translate (tens
 * of microseconds) between the reads of the first try, then try again.
 */
uint64_t lapic_start_count(void)
{
	uint64_t before, after;
	int tries = 0;
	do {
		if (x2apic) {
			before = rdtsc();
			wrmsr(X2APIC_MSR_BASE + (REG_INITIAL_COUNT >> 4),
			      0xffffffff);
			after = rdtsc();
		} else {
			before = rdtsc();
			xapic_regs[REG_INITIAL_COUNT / 4] = 0xffffffff;
			after = rdtsc();
		}
	} while (after - before > START_MAX_CYCLES && ++tries < START_TRIES);
	return before + (after - before) / 2;
}

/*
 * irq.h's irq_init: the local APIC is all it sets up (the I/O APICs
 * wait for the MADT or the first routing, ioapic.c); one function, not
 * a call, for the boot to translate.
 */
void irq_init(void)
{
	enable_apic();
	unsigned max_lvt = (lapic_read(REG_VERSION) >> 16) & 0xff;
	unsigned n = sizeof(setup) / sizeof(setup[0]) - 2 + (max_lvt >= 4) +
		     (max_lvt >= 5);
	for (unsigned i = 0; i < n; i++)
		lapic_write(setup[i].reg, setup[i].value);
	lapic_count_start_tsc = lapic_start_count();
}
