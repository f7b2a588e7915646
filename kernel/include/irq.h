/*
 * Interrupts: the CPU's interrupt flag, its local APIC, the I/O APICs
 * and the vectors devices interrupt on.  This header is the subsystem's
 * whole interface; kernel/arch/x86_64/{irq,lapic,ioapic}.c implement it.
 *
 * Vectors (the IDT's 256 entries, see trap.c):
 *
 *   0x00-0x1f  CPU exceptions (fatal, trap.c)
 *   0x20-0x2f  the 8259 PICs, remapped here and masked (pic_disable())
 *   0x30-0xdf  allocatable: irq_alloc_vector(), MSI/MSI-X, I/O APIC pins
 *   0xe0-0xef  the kernel's own (APIC timer, APIC error, ...)
 *   0xf0-0xfe  free for trap_set_handler() users (tests)
 *   0xff       the local APIC's spurious vector
 *
 * The kernel's fixed vectors have their handlers bound when it is built,
 * not set at boot (under TCG each call the boot makes is code to
 * translate): the code that owns one binds it with IRQ_FIXED_HANDLER()
 * (the timer IRQ_VECTOR_TIMER, the local APIC IRQ_VECTOR_APIC_ERROR),
 * and the link gathers the bindings in one table, which irq.c alone
 * reads.  IRQ_VECTOR_SPURIOUS runs nothing (it is counted, never
 * acknowledged).  A handler set on a fixed vector with irq_set_handler()
 * or trap_set_handler() replaces the bound one until it is removed
 * (set to NULL).  A vector that arrives with no handler at all is
 * reported once and acknowledged, so that it blocks no other.
 *
 * A handler installed with irq_set_handler() runs with interrupts
 * disabled, on the interrupted thread's stack (entry.S moves the frame
 * off the IST stack); the local APIC gets its EOI after the handler
 * returns, and then the scheduler may switch threads (sched_irq_exit()).
 *
 * The I/O APICs: until the firmware's tables say otherwise (ACPI's
 * describer calls irq_add_ioapic() and irq_set_isa_override() at the
 * first use), one I/O APIC at
 * 0xfec00000 with GSI base 0, and ISA IRQ n on GSI n, edge-triggered,
 * active high.  I/O APICs are started (mapped, every pin masked) at
 * the first routing, mask or listing, not when registered: a boot that
 * routes nothing touches none.  Interrupts go to the boot CPU's local
 * APIC, in physical destination mode.
 *
 * The local APIC runs in x2APIC mode (MSRs) when CPUID offers it, else
 * in xAPIC mode through its registers at the base IA32_APIC_BASE names,
 * mapped uncached with paging_map_device().
 */
#ifndef KERNEL_IRQ_H
#define KERNEL_IRQ_H

#include <stdbool.h>
#include <stdint.h>

#define IRQ_VECTOR_PIC_BASE 0x20
#define IRQ_VECTOR_FIRST 0x30	    /* first allocatable vector */
#define IRQ_VECTOR_LAST 0xdf	    /* last allocatable vector */
#define IRQ_VECTOR_FIXED_FIRST 0xe0 /* the kernel's own */
#define IRQ_VECTOR_RESCHEDULE 0xec
#define IRQ_VECTOR_APIC_ERROR 0xed
#define IRQ_VECTOR_TIMER 0xee
#define IRQ_VECTOR_FIXED_LAST 0xef
#define IRQ_VECTOR_SPURIOUS 0xff

/* Flags of irq_route_gsi(); 0 is edge-triggered, active high. */
#define IRQ_LEVEL 0x1u
#define IRQ_ACTIVE_LOW 0x2u

typedef void (*irq_handler_fn)(void *arg);

struct trap_frame;

struct irq_fixed_binding {
	unsigned vector;
	irq_handler_fn fn;
};

/*
 * Binds fn, called with a NULL argument, to the fixed vector vec
 * (IRQ_VECTOR_FIXED_FIRST..IRQ_VECTOR_FIXED_LAST): at link time, in the
 * table of section .osv_irq_fixed (kernel.ld).  One binding a vector (a
 * second fails the link: build-aux/check-irq-fixed); fn runs like an
 * irq_set_handler() handler.
 */
#define IRQ_FIXED_HANDLER(vec, fn)                                             \
	_Static_assert((vec) >= IRQ_VECTOR_FIXED_FIRST &&                      \
			   (vec) <= IRQ_VECTOR_FIXED_LAST,                     \
		       "IRQ_FIXED_HANDLER: " #vec " is not a fixed vector");   \
	static const struct irq_fixed_binding irq_fixed_##fn __attribute__((   \
	    used, section(".osv_irq_fixed"), aligned(8))) = {vec, fn}

/*
 * For trap.c, a vector that has no trap handler: runs the handler bound
 * to it (IRQ_FIXED_HANDLER) with its EOI, or takes a spurious interrupt;
 * false when the vector is neither.
 */
bool irq_fixed_trap(struct trap_frame *f);

/*
 * The interrupt flag.  irq_save() disables interrupts and returns the
 * previous state for irq_restore().
 */
static inline unsigned long irq_save(void)
{
	unsigned long flags;
	__asm__ volatile("pushfq; popq %0; cli" : "=r"(flags) : : "memory");
	return flags;
}

/* Whether flags saved by irq_save() (or spin_lock()) had interrupts on. */
static inline bool irq_flags_enabled(unsigned long flags)
{
	return flags & 0x200; /* RFLAGS.IF */
}

static inline void irq_restore(unsigned long flags)
{
	if (irq_flags_enabled(flags))
		__asm__ volatile("sti" : : : "memory");
}

static inline void irq_enable(void)
{
	__asm__ volatile("sti" : : : "memory");
}

static inline void irq_disable(void)
{
	__asm__ volatile("cli" : : : "memory");
}

static inline bool irq_enabled(void)
{
	unsigned long flags;
	__asm__ volatile("pushfq; popq %0" : "=r"(flags));
	return irq_flags_enabled(flags);
}

/*
 * Turns on the boot CPU's local APIC (spurious vector, error vector,
 * LINT0 masked, LINT1 NMI).  I/O APICs come from the MADT; without
 * one, the first routing starts the default I/O APIC.
 * Needs paging (memory_init()).  Leaves the interrupt flag clear: the
 * scheduler sets it.
 */
void irq_init(void);

/*
 * A free vector in IRQ_VECTOR_FIRST..IRQ_VECTOR_LAST, or -1.  The
 * vector has no handler yet; a stray interrupt on it is reported once.
 */
int irq_alloc_vector(void);

/*
 * count (1, 2, 4, ... 32) consecutive free vectors, the first a
 * multiple of count, as multiple-message MSI wants.  Returns the first,
 * or -1.
 */
int irq_alloc_vectors(unsigned count);

/* Gives back a vector from irq_alloc_vector*(); its handler is removed. */
void irq_free_vector(unsigned vector);

/*
 * Installs fn(arg) as the handler of an allocated vector (fn NULL
 * removes it).  For MSI and MSI-X the device then gets the message of
 * irq_msi_message().
 */
void irq_set_handler(unsigned vector, irq_handler_fn fn, void *arg);

/*
 * The MSI address and data that make a device interrupt on vector
 * (edge-triggered, fixed delivery, to the boot CPU).
 */
void irq_msi_message(unsigned vector, uint64_t *address, uint32_t *data);

/*
 * Routes ISA IRQ isa_irq (0..15) to fn(arg): allocates a vector,
 * programs the I/O APIC pin the IRQ arrives on (its override, else GSI
 * isa_irq) and unmasks it.  Returns the vector, or -1 when the IRQ is
 * already routed, no I/O APIC serves it, or no vector is free.
 */
int irq_route_isa(unsigned isa_irq, irq_handler_fn fn, void *arg);

/*
 * The same for a global system interrupt with IRQ_LEVEL/IRQ_ACTIVE_LOW
 * flags (PCI INTx lines are level-triggered, active low).
 */
int irq_route_gsi(unsigned gsi, unsigned flags, irq_handler_fn fn, void *arg);

/* The GSI an ISA IRQ arrives on (its override, else the IRQ itself). */
unsigned irq_isa_gsi(unsigned isa_irq);

/*
 * True when the firmware gave an override for isa_irq; *gsi and *flags
 * (IRQ_LEVEL, IRQ_ACTIVE_LOW) then hold it.
 */
bool irq_isa_override(unsigned isa_irq, unsigned *gsi, unsigned *flags);

/* The vector a GSI is routed to, or -1 when it is not routed. */
int irq_gsi_vector(unsigned gsi);

/* Masks or unmasks a routed GSI at its I/O APIC. */
void irq_mask_gsi(unsigned gsi);
void irq_unmask_gsi(unsigned gsi);

/*
 * From the firmware's tables (ACPI MADT).  irq_add_ioapic() registers
 * an I/O APIC (one already known at that address is kept); returns 0,
 * or -1 when the table is full or the address is not page-aligned.  It
 * is only recorded: the first use starts it, and one where nothing
 * answers is then reported and dropped (registered after the first
 * use, it is started at once and -1 says nothing answers).
 * irq_set_isa_override() records that ISA IRQ isa_irq arrives on gsi
 * with the MPS INTI flags of the MADT entry (polarity in bits 0-1,
 * trigger mode in bits 2-3); an IRQ already routed moves to its new
 * GSI (one routed before ACPI runs).
 */
int irq_add_ioapic(uint64_t address, unsigned gsi_base);
void irq_set_isa_override(unsigned isa_irq, unsigned gsi, unsigned inti_flags);

/*
 * Registers describe(), which names the firmware's I/O APICs and ISA
 * overrides with the two calls above: it runs once, at the first
 * routing, mask, listing or ISA IRQ look-up, so that a boot that needs
 * none reads no firmware table for them; other threads' uses meanwhile
 * wait for it to finish (its own uses do not).  When one of those came
 * before, it runs at once (what was routed then moves to its GSI).  One
 * describer: call this once, and not from an interrupt handler.
 */
void irq_set_describer(void (*describe)(void));

/*
 * The i-th registered I/O APIC (0, 1, ...): its address, first GSI and
 * number of pins.  Returns 0, or -1 past the last.
 */
int irq_ioapic_info(unsigned i, uint64_t *address, unsigned *gsi_base,
		    unsigned *pins);

/*
 * Signals end of interrupt to the local APIC; for handlers installed
 * with trap_set_handler() on vectors the APIC delivered.
 * irq_set_handler() handlers get it done for them.
 */
void irq_eoi(void);

/* The local APIC ID of the calling CPU. */
uint32_t irq_cpu_id(void);

/* Sends vector to the calling CPU itself through its local APIC. */
void irq_send_self(unsigned vector);

/* True when the local APIC is in x2APIC mode (after irq_init()). */
bool irq_x2apic(void);

/* Interrupts taken on vector since boot (handled or not). */
uint64_t irq_count(unsigned vector);

/*
 * The local APIC's registers, by their xAPIC offset (0x20 ID, 0x320 LVT
 * timer, ...), for the timer code.  ICR and the x2APIC-only registers
 * are not reachable through these.
 */
uint32_t lapic_read(unsigned reg);
void lapic_write(unsigned reg, uint32_t value);

#endif
