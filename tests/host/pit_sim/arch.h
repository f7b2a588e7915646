/*
 * What drivers/clock/pit.c needs of arch.h, simulated for
 * test_tsc_calibration (test_hpet uses its TSC): a TSC and a PIT that
 * follow one simulated clock, as they follow the host's under QEMU TCG,
 * each access costing time, and a host stall that can be put before any
 * one access.
 */
#ifndef PIT_SIM_ARCH_H
#define PIT_SIM_ARCH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

uint64_t rdtsc(void);
void outb(uint16_t port, uint8_t v);
uint8_t inb(uint16_t port);

#endif
