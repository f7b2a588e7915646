/*
 * Clocks: a monotonic clock in nanoseconds since boot and the wall
 * clock (nanoseconds since the Epoch, UTC).  This header is the
 * subsystem's whole interface; kernel/time/clock.c implements it over a
 * source from kernel/arch/x86_64/ (tsc.c, kvmclock.c, rtc.c).
 *
 * Sources, best first:
 *  - kvmclock (KVM's paravirtual clock, pvclock), when CPUID shows
 *    KVM's signature and the clock feature;
 *  - the TSC, its frequency from CPUID (leaf 0x15, 0x16 or the
 *    hypervisor's 0x40000010), else measured against the PIT over 1 ms
 *    at boot, else (no PIT) against the RTC's seconds.
 *
 * The wall clock starts from kvmclock's wall time at boot or else from
 * the CMOS RTC, read at the wall clock's first use (clock_realtime(),
 * clock_set_realtime(), clock_get_info(), a pending stamp's resolution),
 * not at every boot.  When the TSC frequency was measured, the RTC's
 * update-ended interrupt (once a second, IRQ 8) then refines it for
 * about a minute, and its first occurrence puts the wall clock on the
 * second's edge.  A new frequency changes only the slope from the
 * moment it is learnt: the monotonic clock never jumps and never goes
 * back.
 *
 * Readers take no lock (a sequence count guards the parameters) and may
 * run in interrupt handlers.
 */
#ifndef KERNEL_CLOCK_H
#define KERNEL_CLOCK_H

#include <stdbool.h>
#include <stdint.h>

#define NSEC_PER_SEC 1000000000ULL

/*
 * Opens the TSC measurement window (see clock_init) as early in the boot
 * as port I/O works, so that the boot's first readings of the clock find
 * it wide enough for a first estimate without waiting.
 */
void clock_early_init(void);

/*
 * Picks the source (the wall clock waits for its first use).  After
 * irq_init(); never waits for a device that does not answer.
 */
void clock_init(void);

/* Nanoseconds since boot; never decreases. */
uint64_t clock_monotonic(void);

/*
 * Nanoseconds since 1970-01-01 00:00:00 UTC.  The first call (from a
 * thread: it may route the RTC's interrupt) reads the RTC.
 */
uint64_t clock_realtime(void);

/*
 * Sets the wall clock (clock_settime(CLOCK_REALTIME)) and moves the
 * timers on it (timer.h's timer_clock_was_set()).
 */
void clock_set_realtime(uint64_t ns);

/* How many times clock_set_realtime() has run: a change shows a set. */
uint64_t clock_realtime_sets(void);

/*
 * The monotonic time at which the wall clock reads wall_ns, at its
 * offset now; 0 when that was before boot.
 */
uint64_t clock_realtime_to_monotonic(uint64_t wall_ns);

struct timespec;

/*
 * The wall time now, for a file system's own timestamps, without reading
 * the RTC: before the wall clock's first use it is a pending stamp (a
 * negative tv_nsec), which clock_stamp_resolve() turns into the wall
 * time it stands for whenever the time is looked at (vop_getattr()).
 * A pending stamp must not leave the file system that took it other
 * than resolved.
 */
void clock_stamp(struct timespec *ts);
void clock_stamp_resolve(struct timespec *ts);

/*
 * A pending stamp of the boot's start, as an initializer: the times of
 * files built into the kernel (the default boot's tree, vfs_impl.h).
 */
#define CLOCK_STAMP_BOOT {.tv_sec = 0, .tv_nsec = -1}

/* The TSC frequency, the current estimate; waits for the boot's. */
uint64_t clock_tsc_hz(void);

/*
 * The TSC value at which the monotonic clock reads ns (for the
 * TSC-deadline timer); 0 when the source is not the TSC's frequency-
 * scaled count (never for the sources above).
 */
uint64_t clock_monotonic_to_tsc(uint64_t ns);

/* How long delta TSC cycles last, in nanoseconds, at the current rate. */
uint64_t clock_tsc_to_ns(uint64_t delta);

/* What the clock runs on, for diagnostics and the tests. */
struct clock_info {
	const char *source; /* "tsc", "kvmclock" */
	const char
	    *calibration;     /* "cpuid", "pit", "rtc", "kvmclock", "guess" */
	uint64_t tsc_hz;      /* current estimate */
	uint64_t boot_tsc_hz; /* the estimate at boot */
	unsigned refinements; /* RTC refinements applied */
	unsigned refused;     /* and refused as too far off */
	unsigned rtc_interrupts; /* update-ended interrupts seen */
	bool wall_from_rtc;	 /* else from kvmclock or nothing */
	bool wall_aligned;	 /* set on an RTC second's edge */
};
void clock_get_info(struct clock_info *out);

#endif
