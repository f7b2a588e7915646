/*
 * The HPET's main counter as a reference for the TSC's rate (clock.h),
 * better than the PIT's: its period is stated in fs (QEMU's is 10 ns),
 * and one read of it, not four port accesses, dates a sample.  The ACPI
 * driver finds its registers (the HPET table, as PLATFORM_HPET).
 *
 * As with the PIT, the measurement overlaps the boot: the init (at
 * DRIVER_LEVEL_PLATFORM, after ACPI) starts the counter and notes it
 * with the TSC, and a reading of the clock closes the window once it is
 * a millisecond wide (100,000 ticks of QEMU's, against the PIT's 1,193),
 * taking a rough figure from it before that.  Each sample sits between
 * two TSC reads, and one that a host stall pulled apart is taken again.
 *
 * What is not a working HPET gets a message and is not used, the clock
 * keeping the rate from the PIT (or the RTC): registers that cannot be
 * mapped, a period of 0 or over the specification's 100 ns, a counter
 * that does not advance.  A 32-bit counter wraps after 2^32 ticks (43 s
 * at QEMU's rate, minutes on hardware); the boot's readings close the
 * window long before.
 */
#include <stdbool.h>

#include "arch.h"
#include "clock.h"
#include "driver.h"
#include "hpet.h"
#include "klog.h"
#include "platform.h"

#define WINDOW_PER_SEC 1000    /* 1 ms */
#define ESTIMATE_PER_SEC 20000 /* 50 us */
#define STUCK_POLLS 100000
#define POLL_LIMIT 20000000

static volatile void *regs;
static uint64_t counter_mask, counter_hz;
static uint64_t start_count, start_tsc;

static uint64_t read64(unsigned reg)
{
	return *(volatile uint64_t *)((volatile char *)regs + reg);
}

/* The counter, and the TSC at its read (the bracket's midpoint). */
static uint64_t sample(uint64_t *tsc)
{
	uint64_t before, after, count;
	int tries = 0;
	do {
		before = rdtsc();
		count = read64(HPET_COUNTER);
		after = rdtsc();
	} while (!clock_bracket_sound(before, after) &&
		 ++tries < CLOCK_BRACKET_TRIES);
	*tsc = before + (after - before) / 2;
	return count;
}

/*
 * The TSC's rate over the window so far (clock.h's clock_rate_ref),
 * waiting until it is ESTIMATE_PER_SEC wide; final once it is a
 * millisecond wide.
 */
static uint64_t tsc_hz(uint64_t *mature)
{
	uint64_t tsc, ticks;
	unsigned polls = 0;
	*mature = 0;
	while ((ticks = (sample(&tsc) - start_count) & counter_mask) <
	       counter_hz / ESTIMATE_PER_SEC)
		if (++polls > (ticks ? POLL_LIMIT : STUCK_POLLS)) {
			kprintf("hpet: the main counter %s: not used\n",
				ticks ? "runs too slowly" : "does not advance");
			return 0;
		}
	uint64_t hz = hpet_tsc_rate(tsc - start_tsc, ticks, counter_hz);
	/* An eighth more: safe against the estimate's error. */
	if (ticks < counter_hz / WINDOW_PER_SEC)
		*mature = start_tsc + hz / WINDOW_PER_SEC + hz / 8000;
	return hz;
}

static const struct clock_rate_ref hpet_ref = {"hpet", tsc_hz};

/* The registers mapped and stating a valid period, else why not. */
static bool usable(uint64_t base)
{
	if (!(regs = mmio_map(base, HPET_REGS_SIZE, 0))) {
		kprintf("hpet: its registers at 0x%lx cannot be mapped: not "
			"used\n",
			base);
		return false;
	}
	uint64_t caps = read64(HPET_CAPABILITIES);
	uint32_t period = hpet_period_fs(caps);
	if (!period) {
		kprintf("hpet: at 0x%lx, capabilities 0x%lx: period %u fs "
			"(the specification allows 1 to %u), revision %u (0 "
			"is none): not used\n",
			base, caps, (unsigned)(caps >> 32), HPET_MAX_PERIOD_FS,
			(unsigned)(caps & 0xff));
		return false;
	}
	counter_hz = hpet_counter_hz(period);
	counter_mask = caps & HPET_CAP_COUNT_64 ? UINT64_MAX : UINT32_MAX;
	return true;
}

static int hpet_init(void)
{
	const struct platform_device *d = platform_find(PLATFORM_HPET, 0);
	if (!d || !usable(d->base))
		return -1;
	volatile uint32_t *config =
	    (volatile uint32_t *)((volatile char *)regs + HPET_CONFIG);
	*config |= HPET_CONFIG_ENABLE;
	/* Twice: the second finds sample() translated (under TCG). */
	sample(&start_tsc);
	start_count = sample(&start_tsc);
	return clock_add_rate_ref(&hpet_ref) ? 0 : -1;
}

DRIVER_REGISTER(DRIVER_LEVEL_PLATFORM, "hpet", hpet_init);
