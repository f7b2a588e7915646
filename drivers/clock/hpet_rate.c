/*
 * The HPET's arithmetic (hpet.h): pure, for the host tests.  64-bit
 * only: the kernel has no libgcc for a 128-bit division.
 */
#include <stdbool.h>

#include "hpet.h"

uint32_t hpet_period_fs(uint64_t capabilities)
{
	uint32_t period = (uint32_t)(capabilities >> 32);
	/* & rather than &&: under TCG each branch run once is a block. */
	bool valid = (period != 0) & (period <= HPET_MAX_PERIOD_FS) &
		     ((capabilities & 0xff) != 0);
	return period & -(uint32_t)valid;
}

uint64_t hpet_counter_hz(uint32_t period_fs)
{
	return HPET_FS_PER_SEC / period_fs;
}

/*
 * cycles * counter_hz / ticks: a window so long that the product would
 * overflow (minutes) loses low bits of both counts alike.
 */
uint64_t hpet_tsc_rate(uint64_t cycles, uint64_t ticks, uint64_t counter_hz)
{
	while (cycles > UINT64_MAX / counter_hz) {
		cycles >>= 1;
		ticks >>= 1;
	}
	return ticks ? cycles * counter_hz / ticks : 0;
}
