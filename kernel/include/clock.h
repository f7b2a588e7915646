/*
 * Clocks: a monotonic clock in nanoseconds since boot and the wall
 * clock (nanoseconds since the Epoch, UTC).  This header is the
 * subsystem's whole interface; kernel/time/clock.c implements it over
 * the TSC (its stated rate in kernel/arch/x86_64/tsc.c), the CMOS RTC
 * (kernel/arch/x86_64/rtc.c) and what the clock drivers give it
 * (drivers/clock/: kvmclock, pit, hpet), each of which registers itself
 * through the calls at the end: the clock names none of them.
 *
 * Sources, best first:
 *  - a paravirtual clock a driver registered (kvmclock: KVM's pvclock);
 *  - the TSC, its rate stated by CPUID (leaf 0x15, 0x16 or the
 *    hypervisor's 0x40000010), else measured against the rate
 *    references the drivers registered (the HPET's counter, the PIT's)
 *    over a window each opened at its init, else (none) against the
 *    RTC's seconds, waiting up to about two seconds at the first reading.
 *
 * The wall clock starts from the paravirtual clock's wall time at boot
 * or else from the CMOS RTC, read at the wall clock's first use
 * (clock_realtime(), clock_set_realtime(), clock_get_info(), a pending
 * stamp's resolution), not at every boot.  When the TSC frequency was
 * measured, the RTC's update-ended interrupt (once a second, IRQ 8)
 * then refines it for about a minute, and its first occurrence puts the
 * wall clock on the second's edge.  A new frequency changes only the
 * slope from the moment it is learnt: the monotonic clock never jumps
 * and never goes back.
 *
 * Readers take no lock (a sequence count guards the parameters) and may
 * run in interrupt handlers.
 */
#ifndef KERNEL_CLOCK_H
#define KERNEL_CLOCK_H

#include <stdbool.h>
#include <stdint.h>

#define NSEC_PER_SEC 1000000000ULL

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
	/* "cpuid", "hpet", "pit", "rtc", "kvmclock", "guess" */
	const char *calibration;
	uint64_t tsc_hz;	 /* current estimate */
	uint64_t boot_tsc_hz;	 /* the estimate at boot */
	unsigned refinements;	 /* RTC refinements applied */
	unsigned refused;	 /* and refused as too far off */
	unsigned rtc_interrupts; /* update-ended interrupts seen */
	bool wall_from_rtc;	 /* else from a paravirtual clock, or none */
	bool wall_aligned;	 /* set on an RTC second's edge */
};
void clock_get_info(struct clock_info *out);

/* ---- What the clock drivers (drivers/clock/) give the clock ---- */

/*
 * Under QEMU TCG the TSC and the devices follow the host's clock, so a
 * host stall between a device read and the TSC read that dates it puts
 * a wrong time on the read.  Every read a rate is measured with sits
 * between two TSC reads; one that a stall pulled further apart than
 * CLOCK_BRACKET_MAX_CYCLES is taken again, up to CLOCK_BRACKET_TRIES
 * times.
 */
#define CLOCK_BRACKET_MAX_CYCLES 100000
#define CLOCK_BRACKET_TRIES 8

static inline bool clock_bracket_sound(uint64_t before, uint64_t after)
{
	return after - before <= CLOCK_BRACKET_MAX_CYCLES;
}

/*
 * A reference for the TSC's rate: a counter of known rate whose window
 * its driver opened at its init, so that the measurement overlaps the
 * boot.  tsc_hz() gives the TSC's rate over the window so far, waiting
 * (a bounded time) only until it is wide enough for a first estimate;
 * *mature is the TSC value from which the window is wide enough for the
 * final figure, 0 when this one is final.  It returns 0 (having said
 * why) when the counter failed: the clock then asks the reference
 * registered before it.
 */
struct clock_rate_ref {
	const char *name; /* clock_info's calibration */
	uint64_t (*tsc_hz)(uint64_t *mature);
};

/*
 * From a driver's init: ref, better than those registered before it,
 * gives the clock's rate (the rate of a line already started changes
 * at a reading once ref's window is mature), unless CPUID states it.
 * false when the clock needs no reference (a paravirtual clock runs, or
 * its line started at CPUID's rate): the driver then opens no window.
 */
bool clock_add_rate_ref(const struct clock_rate_ref *ref);

/*
 * From a driver's init at DRIVER_LEVEL_CONSOLE (before the clock's
 * first reading): a paravirtual clock becomes the source.  read_ns()
 * gives its time in ns (from any origin), tsc_hz the TSC's rate it
 * implies, wall_ns the Epoch time at its 0 (0 when unknown: the RTC
 * then gives the wall clock).
 */
void clock_use_paravirtual(const char *name, uint64_t (*read_ns)(void),
			   uint64_t tsc_hz, uint64_t wall_ns);

#endif
