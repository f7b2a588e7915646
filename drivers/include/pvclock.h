/*
 * pvclock: the time structures a hypervisor keeps up to date for its
 * guest (KVM's, described in its Documentation/virt/kvm/x86/msr.rst;
 * Xen's vcpu_time_info has the same layout), and the pure arithmetic
 * of reading them (drivers/clock/pvclock.c), which the host tests check
 * on fabricated pages.  Used by drivers/clock/kvmclock.c.
 */
#ifndef DRIVERS_PVCLOCK_H
#define DRIVERS_PVCLOCK_H

#include <stdint.h>

struct pvclock_time_info {
	uint32_t version; /* odd while the host updates the rest */
	uint32_t pad0;
	uint64_t tsc_timestamp;
	uint64_t system_time; /* ns at tsc_timestamp */
	uint32_t tsc_to_system_mul;
	int8_t tsc_shift;
	uint8_t flags;
	uint8_t pad[2];
};

#define PVCLOCK_TSC_STABLE 0x1

struct pvclock_wall_clock {
	uint32_t version;
	uint32_t sec, nsec; /* the Epoch time at system_time 0 */
};

/* Scales TSC cycles to ns: shifted by shift, times mul / 2^32. */
uint64_t pvclock_scale(uint64_t delta, uint32_t mul, int8_t shift);

/*
 * The system time the page gives at the TSC value read_tsc() returns,
 * read consistently (retried while the version is odd or changes);
 * *flags gets the page's flags.
 */
uint64_t pvclock_read(const volatile struct pvclock_time_info *ti,
		      uint64_t (*read_tsc)(void), uint8_t *flags);

/* The TSC frequency a (mul, shift) pair stands for, in Hz. */
uint64_t pvclock_tsc_hz(uint32_t mul, int8_t shift);

/* The Epoch time, in ns, at system time 0 (consistent read). */
uint64_t pvclock_wall_base(const volatile struct pvclock_wall_clock *wc);

#endif
