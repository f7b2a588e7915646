/*
 * What kernel/entropy.c needs of arch.h, for test_entropy_generator: a
 * CPU with neither RDSEED nor RDRAND (QEMU's qemu64, older hardware),
 * so that with no source registered every byte comes from the kernel's
 * generator; and the host's real TSC, for its seed.
 */
#ifndef NOCPU_ARCH_H
#define NOCPU_ARCH_H

#include <stdbool.h>
#include <stdint.h>

static inline uint64_t rdtsc(void)
{
	uint32_t lo, hi;
	__asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi));
	return ((uint64_t)hi << 32) | lo;
}

struct cpuid_regs {
	uint32_t eax, ebx, ecx, edx;
};

/* A CPU that reports no feature at all. */
static inline struct cpuid_regs cpuid(uint32_t leaf, uint32_t subleaf)
{
	(void)leaf, (void)subleaf;
	return (struct cpuid_regs){0, 0, 0, 0};
}

static inline bool rdseed64(uint64_t *out)
{
	(void)out;
	return false;
}

static inline bool rdrand64(uint64_t *out)
{
	(void)out;
	return false;
}

#endif
