/*
 * The PIT (8254) as a reference for the TSC's rate (clock.h): channel 0
 * counts down from 0xffff in mode 0 with its IRQ masked, read through
 * latches rather than through port 0x61, which microvm lacks.
 *
 * The measurement costs the boot nothing: the driver's init (at
 * DRIVER_LEVEL_CONSOLE, as early as port I/O works) programs the PIT
 * and notes the TSC as it starts, the boot goes on, and a reading of
 * the clock closes the window, waiting only if it is not yet a
 * millisecond wide; a reading before that gets a rough figure from the
 * window so far, and the clock switches to the measured one once the
 * window is a millisecond old.  A longer window is a more accurate one.
 * The count wraps after 65536 ticks (55 ms); the PIT's OUT pin, which
 * mode 0 raises at the first wrap and keeps high, tells (through the
 * read-back command) when that has happened, and then a fresh 1 ms
 * window is measured.
 *
 * Under QEMU TCG without icount the TSC and the PIT both follow the
 * host's clock, so a host stall between a PIT access and the TSC read
 * that dates it is the error: a stall of a few ms against a window of
 * one ms made the clock run many times too fast or too slow.  Both ends
 * of every window (the writes that start the count, the latch that
 * ends it) are therefore bracketed by TSC reads; a latch that a stall
 * pulled apart is taken again, and a window whose start a stall pulled
 * apart is not used (the boot's: a fresh one is measured, as after a
 * wrap).  A stall anywhere else moves both clocks alike.
 *
 * A machine without a PIT (the count never moves) gives 0: the clock
 * asks another reference or measures against the RTC (see
 * kernel/time/clock.c), and the boot never waits for a device that is
 * not there.  The clock later refines the figure against the RTC.
 */
#include <stdbool.h>

#include "arch.h"
#include "clock.h"
#include "driver.h"
#include "klog.h"

#define PIT_HZ 1193182ULL
#define PIT_WINDOW_TICKS 1193 /* 1 ms */
#define PIT_ESTIMATE_TICKS 60 /* 50 us */
#define PIT_POLL_LIMIT 20000000
#define STUCK_POLLS 100000
#define MIN_PLAUSIBLE_HZ 100000000ULL /* 100 MHz */
#define STATUS_OUT 0x80

static bool window_open;
static uint64_t window_tsc;
/*
 * The count when the window opened: pit_start()'s, which the PIT loads
 * as the write of its high byte ends (on an 8254, at the next of its
 * ticks: within a tick, as a sample's would be).
 */
#define WINDOW_COUNT 0xffff

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
	} while (!clock_bracket_sound(before, after) &&
		 ++tries < CLOCK_BRACKET_TRIES);
	*tsc = before + (after - before) / 2;
	*wrapped = status & STATUS_OUT;
	return clock_bracket_sound(before, after) ? lo | (uint16_t)hi << 8
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
	return clock_bracket_sound(before, window_tsc);
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
	for (int tries = 0; tries < CLOCK_BRACKET_TRIES; tries++) {
		window_ticks = 0;
		if (open_window())
			return window_hz(PIT_WINDOW_TICKS);
	}
	return 0;
}

/*
 * The TSC's rate over the boot's window (clock.h's clock_rate_ref): an
 * estimate while it is under a millisecond wide (waiting at most
 * PIT_ESTIMATE_TICKS, about 50 us, for one), then the final figure,
 * from a fresh window when the boot's is unusable (wrapped, or its
 * start pulled apart by a stall).
 */
static uint64_t pit_tsc_hz(uint64_t *mature)
{
	uint64_t hz = window_open ? window_hz(PIT_ESTIMATE_TICKS) : 0;
	*mature = 0;
	if ((hz != 0) & (window_ticks < PIT_WINDOW_TICKS)) {
		/* An eighth more: safe against the estimate's error. */
		*mature = window_tsc + hz / 1000 + hz / 8000;
		return hz;
	}
	window_open = false;
	if (!hz && !(hz = frequency_from_pit()))
		kprintf("pit: the count does not move: no PIT\n");
	return hz;
}

static const struct clock_rate_ref pit_ref = {"pit", pit_tsc_hz};

static int pit_init(void)
{
	if (!clock_add_rate_ref(&pit_ref))
		return -1; /* the clock needs no reference */
	window_open = open_window();
	return 0;
}

DRIVER_REGISTER(DRIVER_LEVEL_CONSOLE, "pit", pit_init);
