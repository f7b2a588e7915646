/*
 * TSC frequency.  The CPU or the hypervisor may state it (CPUID leaves
 * 0x15/0x16, or the hypervisor leaf 0x40000010); otherwise it is measured
 * against the PIT over a short window.  A machine without a PIT (its
 * count never moves) gives 0:
 * the caller then reports cycles, and the boot never waits for a device
 * that is not there.
 */
#include "arch.h"

#define PIT_HZ 1193182ULL
#define PIT_WINDOW_TICKS 1193 /* 1 ms */
#define PIT_POLL_LIMIT 20000000
#define STUCK_POLLS 100000
#define MIN_PLAUSIBLE_HZ 100000000ULL /* 100 MHz */

static uint64_t tsc_hz;

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
	if (cpuid(1, 0).ecx & (1U << 31) &&
	    cpuid(0x40000000, 0).eax >= 0x40000010) {
		uint32_t khz = cpuid(0x40000010, 0).eax;
		if (khz)
			return khz * 1000ULL;
	}
	return 0;
}

/* Latches and reads PIT channel 0's count. */
static uint16_t pit_count(void)
{
	outb(0x43, 0x00);
	uint8_t lo = inb(0x40);
	return lo | (uint16_t)inb(0x40) << 8;
}

/*
 * Channel 0 counts down from 0xffff in mode 0 (its IRQ is masked); the
 * count is read back through latches rather than through port 0x61,
 * which microvm lacks.  A count that does not move for STUCK_POLLS reads
 * means there is no PIT.
 */
static uint64_t frequency_from_pit(void)
{
	outb(0x43, 0x30); /* channel 0, low then high byte, mode 0 */
	outb(0x40, 0xff);
	outb(0x40, 0xff);
	uint16_t prev = pit_count(), start = 0;
	uint64_t t0 = 0;
	unsigned stuck = 0;
	for (unsigned polls = 0; polls < PIT_POLL_LIMIT; polls++) {
		uint16_t now = pit_count();
		if (now == prev) {
			if (++stuck > STUCK_POLLS)
				return 0;
			continue;
		}
		stuck = 0;
		prev = now;
		if (!t0) { /* start on a tick edge */
			t0 = rdtsc();
			start = now;
		} else if ((uint16_t)(start - now) >= PIT_WINDOW_TICKS) {
			uint64_t hz =
			    (rdtsc() - t0) * PIT_HZ / (uint16_t)(start - now);
			return hz >= MIN_PLAUSIBLE_HZ ? hz : 0;
		}
	}
	return 0;
}

uint64_t tsc_frequency(void)
{
	if (!tsc_hz)
		tsc_hz = frequency_from_cpuid();
	if (!tsc_hz)
		tsc_hz = frequency_from_pit();
	return tsc_hz;
}
