/*
 * TSC frequency.  The CPU or the hypervisor may state it (CPUID leaves
 * 0x15/0x16, or the hypervisor leaf 0x40000010); otherwise it is measured
 * against PIT channel 0, counting down from 0xffff in mode 0 with its IRQ
 * masked, read through latches rather than through port 0x61, which
 * microvm lacks.
 *
 * The measurement costs the boot nothing: tsc_calibration_start() (from
 * clock_early_init()) programs the PIT and notes the TSC as it starts, the
 * boot goes on, and the first tsc_frequency() (the first reading of the
 * clock) closes the window, waiting only if less than a millisecond has
 * passed.  A longer window is a more accurate one.  A reading of the
 * clock during the boot need not wait for it: tsc_frequency_estimate()
 * gives a rough figure from the window so far, and the clock switches to
 * the measured one once the window is a millisecond old.  The count wraps
 * after 65536 ticks (55 ms); the PIT's OUT pin, which mode 0 raises at
 * the first wrap and keeps high, tells (through the read-back command)
 * when that has happened, and then a fresh 1 ms window is measured.
 *
 * Under QEMU TCG without icount the TSC and the PIT both follow the
 * host's clock, so a host stall between a PIT access and the TSC read
 * that dates it is the error: a stall of a few ms against a window of
 * one ms made the clock run many times too fast or too slow.  Both ends
 * of every window (the writes that start the count, the latch that
 * ends it) are therefore bracketed by TSC reads; a latch that a stall
 * pulled apart is taken again, and a window whose start a stall pulled
 * apart is not used (the boot's: tsc_frequency() measures a fresh one,
 * as after a wrap).  A stall anywhere else moves both clocks alike.
 *
 * A machine without a PIT (the count never moves) gives 0: the caller
 * reports cycles, or the clock measures against the RTC (see
 * kernel/time/clock.c), and the boot never waits for a device that is
 * not there.  The clock later refines the estimate against the RTC.
 */
#include "arch.h"
#include "../../time/time_impl.h"

#define PIT_HZ 1193182ULL
#define PIT_WINDOW_TICKS 1193 /* 1 ms */
#define PIT_ESTIMATE_TICKS 60 /* 50 us */
#define PIT_POLL_LIMIT 20000000
#define STUCK_POLLS 100000
#define MIN_PLAUSIBLE_HZ 100000000ULL /* 100 MHz */
#define STATUS_OUT 0x80
#define SAMPLE_MAX_CYCLES 100000
#define SAMPLE_TRIES 8

static uint64_t tsc_hz;
static const char *tsc_method;
static bool tried; /* a missing PIT is looked for once */
static bool window_open;
static uint64_t window_tsc;
/*
 * The count when the window opened: pit_start()'s, which the PIT loads
 * as the write of its high byte ends (on an 8254, at the next of its
 * ticks: within a tick, as a sample's would be).
 */
#define WINDOW_COUNT 0xffff

static uint64_t frequency_from_cpuid(void)
{
	uint32_t max = cpuid(0, 0).eax;
	if (max >= 0x15) {
		struct cpuid_regs r = cpuid(0x15, 0);
		if (r.eax && r.ebx && r.ecx)
			return (uint64_t)r.ecx * r.ebx / r.eax;
	}
	if (max >= 0x16) {
		uint32_t mhz = cpuid(0x16, 0).eax & 0xffff;
		if (mhz)
			return mhz * 1000000ULL;
	}
	if (cpuid_hypervisor().eax >= 0x40000010) {
		uint32_t khz = cpuid(0x40000010, 0).eax;
		if (khz)
			return khz * 1000ULL;
	}
	return 0;
}

/*
 * A stall of the host between a PIT access and the TSC read that dates
 * it (under TCG both follow the host's clock) would put a wrong time on
 * the access: every access that bounds a window sits between two TSC
 * reads, and one that a stall pulled apart (more than
 * SAMPLE_MAX_CYCLES) is not used.
 */
static bool bracket_sound(uint64_t before, uint64_t after)
{
	return after - before <= SAMPLE_MAX_CYCLES;
}

/*
 * The count and the TSC when it was latched, with the OUT pin (which
 * mode 0 raises at the first wrap and keeps high) latched at the same
 * instant by the read-back command: one sample says both how far the
 * window is and whether it can still be used.  The midpoint of the
 * bracket stands for the latch (port I/O is slow under emulation).
 * When every try was pulled apart, the count reads as WINDOW_COUNT: a
 * window of no width, which its caller samples again.
 */
static uint16_t pit_sample(uint64_t *tsc, bool *wrapped)
{
	uint64_t before, after;
	uint8_t status, lo, hi;
	int tries = 0;
	do {
		before = rdtsc();
		outb(0x43, 0xc2); /* read-back: count and status, channel 0 */
		status = inb(0x40);
		lo = inb(0x40);
		hi = inb(0x40);
		after = rdtsc();
	} while (!bracket_sound(before, after) && ++tries < SAMPLE_TRIES);
	*tsc = before + (after - before) / 2;
	*wrapped = status & STATUS_OUT;
	return bracket_sound(before, after) ? lo | (uint16_t)hi << 8
					    : WINDOW_COUNT;
}

static void pit_start(void)
{
	outb(0x43, 0x30); /* channel 0, low then high byte, mode 0 */
	outb(0x40, 0xff);
	outb(0x40, 0xff);
}

/*
 * Starts the count and dates its start: the count loads as the last
 * write ends, just before the closing TSC read.  Twice: under TCG the
 * first pass runs code not yet translated, and translating it between
 * the write and the read (tens of us, within a bracket's bound) made
 * the boot's window start late and the frequency 0.4-0.7% low.  false
 * when a stall pulled the bracket apart (window_tsc is then not the
 * start).
 */
static bool open_window(void)
{
	uint64_t before;
	for (int pass = 0; pass < 2; pass++) {
		/* One copy, which the second pass finds translated. */
		__asm__("" : "+r"(pass));
		before = rdtsc();
		pit_start();
		window_tsc = rdtsc();
	}
	return bracket_sound(before, window_tsc);
}

static uint64_t plausible(uint64_t hz)
{
	return hz >= MIN_PLAUSIBLE_HZ ? hz : 0;
}

/*
 * Samples the window until it is at least min_ticks wide (window_ticks:
 * its width then): the frequency it gives; 0 when the count does not
 * move or may have wrapped (more than 55 ms).  One loop for the estimate
 * and the final figure, so that the boot translates one, and selections
 * rather than branches where both ways are cheap.
 */
static uint16_t window_ticks;

static uint64_t window_hz(uint16_t min_ticks)
{
	uint64_t tsc;
	bool wrapped;
	unsigned polls = 0;
	while ((window_ticks =
		    (uint16_t)(WINDOW_COUNT - pit_sample(&tsc, &wrapped))) <
	       min_ticks)
		if (++polls > (window_ticks ? PIT_POLL_LIMIT : STUCK_POLLS))
			return 0;
	uint64_t hz = (tsc - window_tsc) * PIT_HZ / window_ticks;
	return wrapped ? 0 : plausible(hz);
}

/*
 * A fresh 1 ms window.  A count that does not move for STUCK_POLLS
 * samples means there is no PIT.
 */
static uint64_t frequency_from_pit(void)
{
	for (int tries = 0; tries < SAMPLE_TRIES; tries++) {
		window_ticks = 0;
		if (open_window())
			return window_hz(PIT_WINDOW_TICKS);
	}
	return 0;
}

/*
 * A stated frequency is the answer, noted once: the first
 * tsc_frequency() needs no second look at CPUID.  Without one, the
 * window opens.
 */
void tsc_calibration_start(void)
{
	if ((tsc_hz = frequency_from_cpuid())) {
		tsc_method = "cpuid";
		tried = true;
		return;
	}
	window_open = open_window();
}

uint64_t tsc_frequency(void)
{
	if (tried)
		return tsc_hz;
	tried = true;
	/* tsc_calibration_start() found no stated frequency. */
	uint64_t hz = window_open ? window_hz(PIT_WINDOW_TICKS) : 0;
	if (!hz)
		hz = frequency_from_pit();
	tsc_hz = hz;
	tsc_method = hz ? "pit" : NULL;
	return hz;
}

/*
 * A first estimate from the boot's window as it stands, leaving it open
 * for tsc_frequency(): a reading of the clock before the window is a
 * millisecond old waits at most PIT_ESTIMATE_TICKS (about 50 us) instead
 * of the rest of the millisecond.  *mature is the TSC from which
 * tsc_frequency() will not wait.  0 without an open window, or when it
 * is already wide enough (the caller then calls tsc_frequency()).
 */
uint64_t tsc_frequency_estimate(uint64_t *mature)
{
	if (tried || !window_open)
		return 0;
	uint64_t hz = window_hz(PIT_ESTIMATE_TICKS);
	if (!hz || window_ticks >= PIT_WINDOW_TICKS)
		return 0;
	/* Twice the window by the estimate: safe against its error. */
	*mature = window_tsc + 2 * (hz / 1000);
	return hz;
}

const char *tsc_frequency_method(void)
{
	tsc_frequency();
	return tsc_method;
}
