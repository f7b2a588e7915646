/*
 * The HPET (IA-PC HPET specification 1.0a): the registers
 * drivers/clock/hpet.c reads, and the pure arithmetic of its rate
 * (drivers/clock/hpet_rate.c), which the host tests check.  The ACPI
 * driver finds the timer block (PLATFORM_HPET, platform.h).
 */
#ifndef DRIVERS_HPET_H
#define DRIVERS_HPET_H

#include <stdint.h>

#define HPET_REGS_SIZE 0x400
#define HPET_CAPABILITIES 0x000 /* 64 bits */
#define HPET_CONFIG 0x010
#define HPET_COUNTER 0x0f0 /* 64 bits, or 32 without HPET_CAP_COUNT_64 */

/* Capabilities: the period in fs in bits 63:32, the revision in 7:0. */
#define HPET_CAP_COUNT_64 (1u << 13)
#define HPET_CONFIG_ENABLE 0x1u /* the main counter runs */

/* The specification's bound on the period: 100 ns (10 MHz at least). */
#define HPET_MAX_PERIOD_FS 100000000u
#define HPET_FS_PER_SEC 1000000000000000ULL

/*
 * The main counter's period in fs that a capabilities register states,
 * or 0 when the register is not a working HPET's: a period of 0 or over
 * HPET_MAX_PERIOD_FS, or revision 0 (what registers that are not there
 * read: all zeros or all ones).
 */
uint32_t hpet_period_fs(uint64_t capabilities);

/* The main counter's rate, in Hz, at a valid period. */
uint64_t hpet_counter_hz(uint32_t period_fs);

/*
 * The TSC's rate, in Hz, when cycles TSC cycles passed while the counter
 * (counter_hz) advanced ticks; 0 for no tick.
 */
uint64_t hpet_tsc_rate(uint64_t cycles, uint64_t ticks, uint64_t counter_hz);

#endif
