/*
 * The local APIC timer (Intel SDM vol. 3A, 11.5.4).  In TSC-deadline
 * mode (CPUID.01H:ECX[24]) it interrupts when the TSC reaches the value
 * written to IA32_TSC_DEADLINE: a deadline converts to a TSC value and
 * nothing needs measuring.  Otherwise it runs one-shot, counting down
 * from the initial count at the APIC's own rate (divide-by-1), which is
 * measured against the TSC and kept as APIC ticks per TSC cycle, so that
 * a later, better TSC frequency (clock.c) improves the timer too.  As
 * with the TSC, the measurement overlaps the boot: irq_init() starts
 * the count (masked) and notes the TSC, and the first programming of
 * the timer reads it again, after at least MEASURE_US microseconds (and
 * at most MEASURE_MAX_S seconds, else it measures afresh).  Each sample
 * of the count sits between two TSC reads and takes their midpoint (a
 * register read is slow under emulation; a sample whose reads a host
 * stall pulled apart is taken again), as does the write that starts
 * the count (lapic_start_count()).  An interrupt that still comes
 * before the TSC reached the deadline, its count run out, proves the
 * APIC counted the programmed ticks in the cycles that passed, a lower
 * bound of its rate: the rate is raised to it.  A count too large for 32
 * bits is cut short: the timer code finds nothing due and programs the
 * rest.
 */
#include "apic_impl.h"
#include "arch.h"
#include "clock.h"
#include "irq.h"
#include "timer.h"

#define REG_LVT_TIMER 0x320
#define REG_INITIAL_COUNT 0x380
#define REG_CURRENT_COUNT 0x390
#define REG_DIVIDE 0x3e0
#define DIVIDE_BY_1 0xb
#define LVT_MASKED (1u << 16)
#define LVT_TSC_DEADLINE (2u << 17)
#define MSR_TSC_DEADLINE 0x6e0
#define MEASURE_US 250
#define MEASURE_MAX_S 2

static bool deadline_mode;
static uint64_t ticks_per_tsc; /* APIC ticks per TSC cycle, 32.32 */
/*
 * The count-down measured starts from START_COUNT (lapic_start_count())
 * at the TSC lapic_count_start_tsc: irq_init() started it at boot.
 */
#define START_COUNT 0xffffffffu
static uint64_t programmed_tsc, programmed_target, programmed_ticks;

/* The current count and the TSC at the moment it was read. */
static uint32_t sample(uint64_t *tsc)
{
	uint64_t before, after;
	uint32_t count;
	int tries = 0;
	do {
		before = rdtsc();
		count = lapic_read(REG_CURRENT_COUNT);
		after = rdtsc();
	} while (!clock_bracket_sound(before, after) &&
		 ++tries < CLOCK_BRACKET_TRIES);
	*tsc = before + (after - before) / 2;
	return count;
}

static void start_count_down(void)
{
	lapic_write(REG_LVT_TIMER, LVT_MASKED | IRQ_VECTOR_TIMER);
	lapic_write(REG_DIVIDE, DIVIDE_BY_1);
	lapic_count_start_tsc = lapic_start_count();
}

/* Ends the measurement begun at boot (waiting if it was too short). */
static void finish_measurement(void)
{
	uint64_t hz = clock_tsc_hz();
	if (rdtsc() - lapic_count_start_tsc > MEASURE_MAX_S * hz)
		start_count_down(); /* the count may have run out */
	while (rdtsc() - lapic_count_start_tsc < hz / 1000000 * MEASURE_US)
		__asm__ volatile("pause");
	uint64_t tsc;
	uint32_t count = sample(&tsc);
	ticks_per_tsc = ((uint64_t)(START_COUNT - count) << 32) /
			(tsc - lapic_count_start_tsc);
	if (!ticks_per_tsc)
		ticks_per_tsc = 1;
	lapic_write(REG_INITIAL_COUNT, 0);
	lapic_write(REG_LVT_TIMER, IRQ_VECTOR_TIMER); /* one-shot */
}

void lapic_timer_interrupt(void)
{
	uint64_t now = rdtsc();
	if (deadline_mode || !programmed_ticks || now >= programmed_target)
		return;
	/*
	 * A count still running means this interrupt is the previous
	 * one-shot's, which fired while the timer was being programmed
	 * again: it says nothing of the rate (taken as a bound, it once
	 * made the rate thousands of times too high, and every timer
	 * seconds late).
	 */
	if (lapic_read(REG_CURRENT_COUNT) != 0)
		return;
	/* early: programmed_ticks took at most now - programmed_tsc */
	uint64_t bound = (programmed_ticks << 32) / (now - programmed_tsc);
	if (bound > ticks_per_tsc)
		ticks_per_tsc = bound;
	programmed_ticks = 0;
}

bool lapic_timer_init(void)
{
	if (lapic_tsc_deadline) {
		deadline_mode = true;
		lapic_write(REG_LVT_TIMER, LVT_TSC_DEADLINE | IRQ_VECTOR_TIMER);
		__asm__ volatile("mfence" : : : "memory");
		return true;
	}
	/* irq_init() started the count: no code of the boot's here. */
	return false;
}

void lapic_timer_program(uint64_t deadline)
{
	if (deadline_mode) {
		wrmsr(MSR_TSC_DEADLINE,
		      deadline ? clock_monotonic_to_tsc(deadline) : 0);
		return;
	}
	if (!ticks_per_tsc)
		finish_measurement();
	if (!deadline) {
		programmed_ticks = 0;
		lapic_write(REG_INITIAL_COUNT, 0);
		return;
	}
	uint64_t now = rdtsc(), target = clock_monotonic_to_tsc(deadline);
	uint64_t ticks = target > now
			     ? (uint64_t)(((unsigned __int128)(target - now) *
					   ticks_per_tsc) >>
					  32)
			     : 0;
	if (ticks == 0)
		ticks = 1;
	if (ticks > 0xffffffff)
		ticks = 0xffffffff;
	programmed_tsc = rdtsc();
	programmed_target = target;
	programmed_ticks = ticks == 0xffffffff ? 0 : ticks;
	lapic_write(REG_INITIAL_COUNT, (uint32_t)ticks);
}

uint64_t lapic_timer_hz(void)
{
	if (deadline_mode)
		return 0;
	if (!ticks_per_tsc)
		return 0; /* not measured yet */
	return (uint64_t)(((unsigned __int128)clock_tsc_hz() * ticks_per_tsc) >>
			  32);
}
