/*
 * What the interrupt files of the arch layer (irq.c, lapic.c, ioapic.c)
 * share; the rest of the kernel uses irq.h.
 */
#ifndef ARCH_X86_64_APIC_IMPL_H
#define ARCH_X86_64_APIC_IMPL_H

#include <stdbool.h>
#include <stdint.h>

/*
 * irq_init() (lapic.c) turns on the calling CPU's local APIC, and starts
 * its timer counting down from 0xffffffff at divide-by-1, masked, for
 * lapic_timer.c to measure its rate from: lapic_count_start_tsc is the
 * TSC when the count started.
 */
extern uint64_t lapic_count_start_tsc;

/* Whether the timer has TSC-deadline mode (CPUID 1, read by irq_init()). */
extern bool lapic_tsc_deadline;

/* (Re)starts the count-down from 0xffffffff: the TSC when it started. */
uint64_t lapic_start_count(void);

/*
 * Points gsi at vector on the boot CPU with IRQ_LEVEL/IRQ_ACTIVE_LOW
 * flags, masked or not.  false when no I/O APIC has that pin.
 */
bool ioapic_program(unsigned gsi, unsigned vector, unsigned flags, bool masked);

/*
 * Runs the firmware's describer (irq_set_describer()) if it has not run:
 * before anything is routed, so that no GSI is claimed before the
 * overrides are known.
 */
void ioapic_describe(void);

/*
 * The GSI an ISA IRQ (below 16) arrives on, and in *flags the IRQ_*
 * flags it is routed with (its override's): one look-up for both.
 */
unsigned ioapic_isa_route(unsigned isa_irq, unsigned *flags);

/* Masks or unmasks a pin; false when no I/O APIC has it. */
bool ioapic_set_masked(unsigned gsi, bool masked);

/* Whether a pin is masked (true when no I/O APIC has it). */
bool ioapic_masked(unsigned gsi);

/*
 * Moves a routed GSI's vector to another GSI with new flags, keeping
 * its mask state (irq.c); nothing when old is not routed.  For an
 * override that arrives after its ISA IRQ was routed.
 */
void irq_move_gsi(unsigned old, unsigned gsi, unsigned flags);

#endif
