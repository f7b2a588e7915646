/*
 * What kernel/arch/x86_64/tsc.c needs of arch.h, simulated for
 * test_tsc_calibration: a TSC and a PIT that follow one simulated clock,
 * as they follow the host's under QEMU TCG, each access costing time,
 * and a host stall that can be put before any one access.
 */
#ifndef PIT_SIM_ARCH_H
#define PIT_SIM_ARCH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct cpuid_regs {
	uint32_t eax, ebx, ecx, edx;
};

uint64_t rdtsc(void);
void outb(uint16_t port, uint8_t v);
uint8_t inb(uint16_t port);
struct cpuid_regs cpuid(uint32_t leaf, uint32_t subleaf);
struct cpuid_regs cpuid_hypervisor(void);

#endif
