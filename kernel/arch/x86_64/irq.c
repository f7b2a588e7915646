/*
 * Interrupt vectors: who owns each one and what runs when it arrives.
 * A bitmap records the allocated vectors of IRQ_VECTOR_FIRST ..
 * IRQ_VECTOR_LAST; a table holds each vector's handler and argument,
 * and trap.c sends every such vector to irq_trap(), which calls the
 * handler, signals EOI to the local APIC, then lets the scheduler
 * preempt the interrupted thread if it wants to (sched_irq_exit()).
 * The fixed vectors' handlers are in the table the link gathers
 * (IRQ_FIXED_HANDLER, irq.h), which trap.c asks through
 * irq_fixed_trap() for a vector it has no trap handler for.
 *
 * Routing a GSI ties an allocated vector to an I/O APIC pin; a GSI is
 * routed at most once (the table below remembers which).
 */
#include "apic_impl.h"
#include "arch.h"
#include "irq.h"
#include "klog.h"
#include "spinlock.h"
#include "thread.h"

#define MAX_GSI 256

struct vector_entry {
	irq_handler_fn fn;
	void *arg;
};

static struct spinlock lock;
static struct vector_entry entries[256];
static uint64_t allocated[256 / 64];
static uint8_t gsi_vector[MAX_GSI]; /* 0: not routed */

/*
 * The table's lock, taken out of line: the boot takes it in several
 * places, and under TCG each inlined copy is translated again.
 */
static __attribute__((noinline)) unsigned long lock_table(void)
{
	return spin_lock(&lock);
}

static __attribute__((noinline)) void unlock_table(unsigned long flags)
{
	spin_unlock(&lock, flags);
}

/*
 * The bits of count vectors from first.  count is a power of two up to
 * 32 and first a multiple of it, so the block lies in one word: it is
 * tested and marked in one step, with no loop over its vectors.
 */
static uint64_t block_mask(unsigned first, unsigned count)
{
	return ((1ULL << count) - 1) << (first % 64);
}

/* The first free block of count vectors, marked, or -1; the lock held. */
static int alloc_locked(unsigned count)
{
	unsigned first = (IRQ_VECTOR_FIRST + count - 1) & ~(count - 1);
	for (; first + count - 1 <= IRQ_VECTOR_LAST; first += count) {
		uint64_t mask = block_mask(first, count);
		if (!(allocated[first / 64] & mask)) {
			allocated[first / 64] |= mask;
			return (int)first;
		}
	}
	return -1;
}

int irq_alloc_vectors(unsigned count)
{
	if (count == 0 || count > 32 || (count & (count - 1)))
		return -1;
	unsigned long flags = lock_table();
	int found = alloc_locked(count);
	unlock_table(flags);
	return found;
}

int irq_alloc_vector(void)
{
	return irq_alloc_vectors(1);
}

void irq_free_vector(unsigned vector)
{
	if (vector < IRQ_VECTOR_FIRST || vector > IRQ_VECTOR_LAST)
		return;
	irq_set_handler(vector, NULL, NULL);
	unsigned long flags = lock_table();
	allocated[vector / 64] &= ~block_mask(vector, 1);
	unlock_table(flags);
}

/* The end of an interrupt a handler of irq.c's ran for. */
static void end_interrupt(void)
{
	irq_eoi();
	sched_irq_exit();
}

static void irq_trap(struct trap_frame *f)
{
	struct vector_entry e = entries[f->vector];
	if (e.fn)
		e.fn(e.arg);
	end_interrupt();
}

/* The fixed vectors' bindings (IRQ_FIXED_HANDLER), gathered by kernel.ld. */
extern const struct irq_fixed_binding __irq_fixed_start[], __irq_fixed_end[];

bool irq_fixed_trap(struct trap_frame *f)
{
	if (f->vector == IRQ_VECTOR_SPURIOUS)
		return true; /* the APIC marked nothing in service: no EOI */
	const struct irq_fixed_binding *b = __irq_fixed_start;
	while (b < __irq_fixed_end && b->vector != f->vector)
		b++;
	if (b == __irq_fixed_end)
		return false;
	b->fn(NULL);
	end_interrupt();
	return true;
}

/* The lock held. */
static void set_handler_locked(unsigned vector, irq_handler_fn fn, void *arg)
{
	entries[vector] = (struct vector_entry){fn, arg};
	trap_set_handler(vector, fn ? irq_trap : NULL);
}

void irq_set_handler(unsigned vector, irq_handler_fn fn, void *arg)
{
	if (vector < IRQ_VECTOR_PIC_BASE || vector > 0xfe)
		return;
	unsigned long flags = lock_table();
	set_handler_locked(vector, fn, arg);
	unlock_table(flags);
}

void irq_msi_message(unsigned vector, uint64_t *address, uint32_t *data)
{
	*address = 0xfee00000ULL | (uint64_t)(irq_cpu_id() & 0xff) << 12;
	*data = vector; /* fixed delivery, edge */
}

/*
 * A vector for gsi, its handler set, or -1 when gsi is taken or no
 * vector is free.  One locked section, not one each for the vector,
 * the GSI and the handler: under TCG each lock taken is a call and a
 * return to translate.
 */
static int claim_gsi(unsigned gsi, irq_handler_fn fn, void *arg)
{
	unsigned long flags = lock_table();
	int vector = gsi < MAX_GSI && !gsi_vector[gsi] ? alloc_locked(1) : -1;
	if (vector >= 0) {
		gsi_vector[gsi] = (uint8_t)vector;
		set_handler_locked((unsigned)vector, fn, arg);
	}
	unlock_table(flags);
	return vector;
}

int irq_route_gsi(unsigned gsi, unsigned flags, irq_handler_fn fn, void *arg)
{
	ioapic_describe(); /* the firmware's GSIs, before one is taken */
	/* The handler first: the pin is programmed unmasked at once. */
	int vector = claim_gsi(gsi, fn, arg);
	if (vector < 0)
		return -1;
	if (!ioapic_program(gsi, (unsigned)vector, flags, false)) {
		gsi_vector[gsi] = 0;
		irq_free_vector((unsigned)vector);
		return -1;
	}
	return vector;
}

int irq_route_isa(unsigned isa_irq, irq_handler_fn fn, void *arg)
{
	if (isa_irq >= 16)
		return -1;
	unsigned flags;
	unsigned gsi = ioapic_isa_route(isa_irq, &flags);
	return irq_route_gsi(gsi, flags, fn, arg);
}

void irq_move_gsi(unsigned old, unsigned gsi, unsigned flags)
{
	unsigned long saved = lock_table();
	unsigned vector = old < MAX_GSI ? gsi_vector[old] : 0;
	bool movable =
	    vector && gsi < MAX_GSI && (old == gsi || !gsi_vector[gsi]);
	if (movable) {
		gsi_vector[old] = 0;
		gsi_vector[gsi] = (uint8_t)vector;
	}
	unlock_table(saved);
	if (!vector)
		return;
	if (!movable) {
		kprintf(
		    "osv: irq: GSI %u is taken: GSI %u stays on vector 0x%x\n",
		    gsi, old, vector);
		return;
	}
	bool masked = ioapic_masked(old);
	ioapic_set_masked(old, true);
	if (!ioapic_program(gsi, vector, flags, masked))
		kprintf("osv: irq: no I/O APIC has GSI %u (vector 0x%x)\n", gsi,
			vector);
}

int irq_gsi_vector(unsigned gsi)
{
	return gsi < MAX_GSI && gsi_vector[gsi] ? gsi_vector[gsi] : -1;
}

void irq_mask_gsi(unsigned gsi)
{
	ioapic_set_masked(gsi, true);
}

void irq_unmask_gsi(unsigned gsi)
{
	ioapic_set_masked(gsi, false);
}
