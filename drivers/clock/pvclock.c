/*
 * pvclock arithmetic, as KVM's documentation of its clock MSRs
 * (Documentation/virt/kvm/x86/msr.rst) describes it.  The host keeps a
 * small structure per vCPU up to date: a TSC value, the system time in
 * ns at that value, and a scale (a shift, then a 32.32 fixed-point
 * multiplier).  The time now is system_time plus the scaled TSC cycles
 * since tsc_timestamp.  The host makes version odd while it writes, so
 * a reader retries until it sees the same even version before and after.
 *
 * Pure code, so that the host tests feed it fabricated pages (pvclock.h).
 */
#include "pvclock.h"

uint64_t pvclock_scale(uint64_t delta, uint32_t mul, int8_t shift)
{
	if (shift < 0)
		delta >>= -shift;
	else
		delta <<= shift;
	return (uint64_t)(((unsigned __int128)delta * mul) >> 32);
}

uint64_t pvclock_read(const volatile struct pvclock_time_info *ti,
		      uint64_t (*read_tsc)(void), uint8_t *flags)
{
	uint32_t version;
	uint64_t t;
	do {
		version = ti->version;
		__atomic_thread_fence(__ATOMIC_ACQUIRE);
		uint64_t delta = read_tsc() - ti->tsc_timestamp;
		t = ti->system_time +
		    pvclock_scale(delta, ti->tsc_to_system_mul, ti->tsc_shift);
		*flags = ti->flags;
		__atomic_thread_fence(__ATOMIC_ACQUIRE);
	} while ((version & 1) || version != ti->version);
	return t;
}

uint64_t pvclock_tsc_hz(uint32_t mul, int8_t shift)
{
	if (!mul)
		return 0;
	uint64_t hz = (1000000000ULL << 32) / mul;
	return shift < 0 ? hz << -shift : hz >> shift;
}

uint64_t pvclock_wall_base(const volatile struct pvclock_wall_clock *wc)
{
	uint32_t version, sec, nsec;
	do {
		version = wc->version;
		__atomic_thread_fence(__ATOMIC_ACQUIRE);
		sec = wc->sec;
		nsec = wc->nsec;
		__atomic_thread_fence(__ATOMIC_ACQUIRE);
	} while ((version & 1) || version != wc->version);
	return sec * 1000000000ULL + nsec;
}
