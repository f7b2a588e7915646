/*
 * Inside the clock subsystem: what clock.c needs from the hardware
 * files of the arch layer (tsc.c, rtc.c, kvmclock.c), and the pure
 * arithmetic (rtc_decode.c, pvclock.c) that the host tests check.  The
 * rest of the kernel uses clock.h.
 */
#ifndef KERNEL_TIME_IMPL_H
#define KERNEL_TIME_IMPL_H

#include <stdbool.h>
#include <stdint.h>

/*
 * a * b / c with a 128-bit product, saturating at UINT64_MAX; c > 0.
 * (The kernel has no libgcc for a 128-bit division.)
 */
static inline uint64_t muldiv64(uint64_t a, uint64_t b, uint64_t c)
{
	uint64_t lo, hi, q, r;
	__asm__("mulq %3" : "=a"(lo), "=d"(hi) : "a"(a), "rm"(b));
	if (hi >= c)
		return UINT64_MAX;
	/* volatile: a plain asm is a pure value GCC may hoist above the
	 * guard (as --enable-lto did with tls.c's %fs read); divq faults
	 * when the quotient overflows. */
	__asm__ volatile("divq %4"
			 : "=a"(q), "=d"(r)
			 : "a"(lo), "d"(hi), "rm"(c));
	return q;
}

/* ---- CMOS real-time clock (rtc.c, rtc_decode.c) ---- */

/* The time registers as read, undecoded. */
struct rtc_regs {
	uint8_t sec, min, hour, day, month, year;
	uint8_t century;  /* register 0x32, 0 when it holds nothing useful */
	uint8_t status_b; /* bit 2: binary (else BCD); bit 1: 24-hour */
};

/*
 * Reads the registers between two updates: waits (a bounded number of
 * polls) while an update is in progress and reads until two readings
 * agree.  false when there is no RTC or it never settles.
 */
bool rtc_read(struct rtc_regs *out);

/*
 * Seconds since the Epoch of what the registers say (BCD or binary,
 * 12- or 24-hour, the century from its register or 20xx), or -1 when
 * a field is out of range.
 */
int64_t rtc_to_unix(const struct rtc_regs *r);

/* Days since 1970-01-01 of a date of the proleptic Gregorian calendar. */
int64_t days_from_civil(int64_t year, unsigned month, unsigned day);

/*
 * Calls fn from the RTC's update-ended interrupt, once a second just
 * after the registers change (IRQ 8 through the I/O APIC).  false when
 * the IRQ cannot be routed.  rtc_stop_updates() turns it off again.
 */
bool rtc_on_update(void (*fn)(void));
void rtc_stop_updates(void);

/*
 * Waits for the RTC's seconds to change twice (bounded by a poll count,
 * so at most about two seconds) and returns the TSC cycles between the
 * two edges, or 0 without a working RTC.
 */
uint64_t rtc_measure_tsc_second(void);

/*
 * Whether an RTC estimate hz of the TSC frequency replaces the clock's
 * current one: within 0.5% of it, or within 0.5% of the estimate
 * refused just before (*refused; 0 for none), which this updates.
 */
bool refinement_accepted(uint64_t hz, uint64_t current, uint64_t *refused);

/* ---- TSC (tsc.c; tsc_frequency() itself is in arch.h) ---- */

/*
 * Opens the PIT measurement window that the first tsc_frequency() call
 * closes; when CPUID states the frequency, notes it for tsc_frequency()
 * instead.  Called before any tsc_frequency() (clock_early_init()).
 */
void tsc_calibration_start(void);

/*
 * A rough frequency from the boot's window so far (waiting at most about
 * 50 us for it), without closing it; *mature is the TSC from which
 * tsc_frequency() closes it without waiting.  0 when there is no window.
 */
uint64_t tsc_frequency_estimate(uint64_t *mature);

/* How tsc_frequency() learnt it: "cpuid", "pit", or NULL (unknown). */
const char *tsc_frequency_method(void);

/* ---- pvclock arithmetic (pvclock.c), from KVM's msr.rst ---- */

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

/* ---- kvmclock (kvmclock.c) ---- */

/*
 * Registers the boot CPU's pvclock area with KVM when CPUID shows the
 * KVM signature and a clock feature.  false otherwise.
 */
bool kvmclock_init(void);

/* KVM's system time, ns; after kvmclock_init() succeeded. */
uint64_t kvmclock_read(void);

/* The TSC frequency the host gave, in Hz. */
uint64_t kvmclock_tsc_hz(void);

/* The Epoch time in ns at kvmclock_read() == 0; 0 when unknown. */
uint64_t kvmclock_wall_base(void);

#endif
