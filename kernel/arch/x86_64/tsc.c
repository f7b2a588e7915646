/*
 * The TSC's rate as the CPU or the hypervisor states it: CPUID leaf
 * 0x15 (the crystal's rate times a ratio), 0x16 (the base frequency in
 * MHz), or the hypervisor's timing leaf 0x40000010 (kHz).  Without one
 * the clock measures the rate against what the clock drivers give it
 * (kernel/time/clock.c).
 */
#include "arch.h"
#include "../../time/time_impl.h"

uint64_t tsc_frequency_from_cpuid(void)
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
