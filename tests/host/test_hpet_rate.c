/*
 * The HPET's arithmetic (drivers/clock/hpet_rate.c): the period its
 * capabilities register states, within the specification's bounds (a
 * period of 1 to 100,000,000 fs, a revision other than 0), the
 * counter's rate, and the TSC's rate from a window, exact to the Hz
 * over QEMU's and a chipset's counter and without overflow over a
 * window of hours.
 */
#include <stdint.h>

#include "hpet.h"
#include "tap.h"

/* A capabilities register: period, 64-bit counter, 3 timers, rev 1. */
static uint64_t caps(uint32_t period_fs)
{
	return (uint64_t)period_fs << 32 | 0x8086a201u;
}

static void test_period(void)
{
	TAP_OK(hpet_period_fs(caps(10000000)) == 10000000,
	       "QEMU's 10 ns period");
	TAP_OK(hpet_period_fs(caps(69841279)) == 69841279,
	       "a chipset's 14.318 MHz period");
	TAP_OK(hpet_period_fs(caps(HPET_MAX_PERIOD_FS)) == HPET_MAX_PERIOD_FS,
	       "100 ns, the bound, accepted");
	TAP_OK(hpet_period_fs(caps(HPET_MAX_PERIOD_FS + 1)) == 0,
	       "past 100 ns refused");
	TAP_OK(hpet_period_fs(caps(0)) == 0, "a period of 0 refused");
	TAP_OK(hpet_period_fs(UINT64_MAX) == 0,
	       "all ones (registers not there) refused");
	TAP_OK(hpet_period_fs(0) == 0, "all zeros refused");
	TAP_OK(hpet_period_fs((uint64_t)10000000 << 32 | 0x8086a200u) == 0,
	       "revision 0 refused");
}

static void test_rates(void)
{
	TAP_OK(hpet_counter_hz(10000000) == 100000000, "10 ns: 100 MHz");
	TAP_OK(hpet_counter_hz(69841279) == 14318179,
	       "69841279 fs: 14318179 Hz");
	/* 1 ms of a 2.6 GHz TSC against QEMU's counter. */
	TAP_OK(hpet_tsc_rate(2600000, 100000, 100000000) == 2600000000ULL,
	       "1 ms window: 2.6 GHz exactly");
	TAP_OK(hpet_tsc_rate(2600001, 100000, 100000000) == 2600001000ULL,
	       "one cycle more: 1 kHz more (resolution of a 1 ms window)");
	TAP_OK(hpet_tsc_rate(3000000000ULL, 14318179, 14318179) ==
		   3000000000ULL,
	       "1 s of a chipset's counter: 3 GHz");
	/* Two hours: cycles * counter_hz is far past 64 bits. */
	uint64_t hz = hpet_tsc_rate(7200ULL * 3000000000ULL,
				    7200ULL * 100000000, 100000000);
	TAP_OK(hz >= 2999999999ULL && hz <= 3000000001ULL,
	       "a two-hour window does not overflow (%llu Hz)",
	       (unsigned long long)hz);
	TAP_OK(hpet_tsc_rate(2600000, 0, 100000000) == 0,
	       "no tick: 0, not a division by zero");
}

int main(void)
{
	test_period();
	test_rates();
	return tap_done();
}
