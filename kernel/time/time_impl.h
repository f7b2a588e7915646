/*
 * Inside the clock subsystem: what clock.c needs from the hardware
 * files of the arch layer (tsc.c, rtc.c), and the pure arithmetic
 * (rtc_decode.c, refine.c) that the host tests check.  The rest of the
 * kernel uses clock.h; the clock drivers too (drivers/clock/).
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

/* ---- TSC (tsc.c) ---- */

/*
 * The TSC's rate as CPUID states it (leaf 0x15, 0x16, or the
 * hypervisor's 0x40000010), in Hz; 0 when it states none.
 */
uint64_t tsc_frequency_from_cpuid(void);

#endif
