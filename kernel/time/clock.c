/*
 * The monotonic and wall clocks (see clock.h for the sources).
 *
 * With the TSC as source, the monotonic clock is a line through one
 * point: ns = base_ns + (tsc - base_tsc) * mult / 2^32, mult being ns per
 * cycle in 32.32 fixed point.  A better frequency moves the point to
 * "now" (base_ns = the clock's value now, base_tsc = now) and changes the
 * slope from there, so the clock stays continuous and increasing.  The
 * three parameters change together under a sequence count: odd while a
 * writer (always with interrupts off) updates them; a reader retries
 * when it saw an odd count or the count changed under it.
 *
 * Without a stated frequency the TSC is measured against the rate
 * references the clock drivers registered (clock_add_rate_ref()), each
 * over a window its driver opened at its init and a reading of the
 * clock closes, so the measurement overlaps the rest of the boot
 * instead of adding to it.  The last registered is the best (the HPET
 * after the PIT): it is asked first, and a failed one gives way to the
 * one before it.  A reading before its window is wide enough uses a
 * rough estimate from it (start_tsc) until a reading after the window
 * matured continues the line with the final figure (improve_rate); one
 * registered after the line started does the same.
 *
 * The wall clock is the monotonic clock plus an offset, from a
 * paravirtual clock's wall time at boot or else from the RTC's seconds
 * at the wall clock's first use (read_wall_clock()): most applications
 * never ask the date, and under TCG the RTC's code at every boot cost
 * as much as a tenth of the boot's translated blocks.  A file's timestamp taken
 * before that (the boot's own mounts) is a pending stamp, the monotonic time
 * (or the TSC, before the first reading of the clock) that the first look at it
 * turns into the wall time with the offset of the first reading: what
 * it would have read had the RTC been read when the stamp was taken.
 * The RTC gives whole seconds, so the first update-ended interrupt (at
 * an exact second) sets the offset again, unless the time was set.
 * Refinement: the TSC cycles between that first edge and the edges 2,
 * 4, 8 ... 64 seconds later give the frequency with an error of the
 * interrupt latency over the whole span; an estimate more than 0.5%
 * away from the current one is refused as a glitch (a host that stalls
 * the virtual CPU delays an interrupt by tens of ms), unless it agrees
 * with the estimate refused before it (refine.c).  The refinement
 * starts with the wall clock, at its first use.
 */
#include <string.h>
#include <time.h>

#include "arch.h"
#include "clock.h"
#include "irq.h"
#include "klog.h"
#include "time_impl.h"
#include "timer.h"

#define REFINE_LAST_SECONDS 64
#define GUESS_HZ 1000000000ULL
#define MAX_RATE_REFS 4

enum source { SOURCE_TSC, SOURCE_PARAVIRTUAL };

struct line {
	uint64_t base_tsc, base_ns, mult;
};

static enum source source;
static volatile bool calibrated; /* the line started, no better rate due */
static bool started;		 /* the line started */
static volatile uint32_t seq;
static struct line line;
static volatile int64_t wall_offset; /* realtime - monotonic */
static uint64_t (*pv_read)(void);    /* the paravirtual clock */
static int64_t pv_offset;	     /* monotonic - paravirtual */
static volatile uint64_t pv_last;
static struct clock_info info = {.source = "tsc"};

/* Rate references not done with, best last, and when to ask again. */
static const struct clock_rate_ref *refs[MAX_RATE_REFS];
static unsigned ref_count;
static uint64_t mature_tsc;
static bool rate_stated; /* by CPUID: no reference is needed */

/*
 * The wall clock is known (a paravirtual clock's at boot, or read at
 * its first use), the offset it had then (for pending stamps), and
 * whether the time was set since (the RTC's first edge then leaves it
 * alone).
 */
static volatile bool wall_known;
static int64_t first_wall_offset;
static bool wall_set;

/* The slope of the clock's first line, for stamps taken before it. */
static uint64_t first_mult;

/* Refinement state (RTC interrupt only). */
static uint64_t first_edge_tsc, refused_hz;
static int64_t first_edge_secs, next_refine;

static uint64_t scale(uint64_t delta, uint64_t mult)
{
	return (uint64_t)(((unsigned __int128)delta * mult) >> 32);
}

static uint64_t line_at(const struct line *l, uint64_t tsc)
{
	return l->base_ns +
	       (tsc > l->base_tsc ? scale(tsc - l->base_tsc, l->mult) : 0);
}

static uint64_t tsc_monotonic(void)
{
	uint32_t s;
	uint64_t ns;
	do {
		s = __atomic_load_n(&seq, __ATOMIC_ACQUIRE);
		struct line l = *(volatile struct line *)&line;
		ns = line_at(&l, rdtsc());
		__atomic_thread_fence(__ATOMIC_ACQUIRE);
	} while ((s & 1) || s != __atomic_load_n(&seq, __ATOMIC_RELAXED));
	return ns;
}

/*
 * A paravirtual clock (kvmclock without its stable bit) may differ by a
 * hair between reads.
 */
static uint64_t pv_monotonic(void)
{
	uint64_t ns = pv_read() + pv_offset;
	uint64_t last = __atomic_load_n(&pv_last, __ATOMIC_RELAXED);
	while (ns > last &&
	       !__atomic_compare_exchange_n(&pv_last, &last, ns, false,
					    __ATOMIC_RELAXED, __ATOMIC_RELAXED))
		;
	return ns > last ? ns : last;
}

static void calibrate(bool wait);

uint64_t clock_monotonic(void)
{
	if (__builtin_expect(!calibrated, 0))
		calibrate(false);
	return source == SOURCE_PARAVIRTUAL ? pv_monotonic() : tsc_monotonic();
}

static void read_wall_clock(void);

uint64_t clock_realtime(void)
{
	if (__builtin_expect(!wall_known, 0))
		read_wall_clock();
	return clock_monotonic() + wall_offset;
}

static volatile uint64_t wall_sets;

void clock_set_realtime(uint64_t ns)
{
	if (!wall_known)
		read_wall_clock(); /* the offset pending stamps resolve with */
	wall_set = true;
	wall_offset = (int64_t)(ns - clock_monotonic());
	__atomic_add_fetch(&wall_sets, 1, __ATOMIC_SEQ_CST);
	timer_clock_was_set();
}

uint64_t clock_realtime_sets(void)
{
	return __atomic_load_n(&wall_sets, __ATOMIC_SEQ_CST);
}

uint64_t clock_realtime_to_monotonic(uint64_t wall_ns)
{
	int64_t offset = wall_offset;
	if (offset >= 0 && wall_ns <= (uint64_t)offset)
		return 0;
	return wall_ns - (uint64_t)offset;
}

static uint64_t mult_for(uint64_t hz)
{
	return (NSEC_PER_SEC << 32) / hz;
}

/* Continues the line from tsc with a new frequency. */
static void set_rate(uint64_t tsc, uint64_t hz)
{
	unsigned long flags = irq_save();
	struct line l = line;
	l.base_ns = line_at(&line, tsc);
	l.base_tsc = tsc;
	l.mult = mult_for(hz);
	__atomic_store_n(&seq, seq + 1, __ATOMIC_RELAXED);
	__atomic_thread_fence(__ATOMIC_RELEASE);
	line = l;
	__atomic_store_n(&seq, seq + 1, __ATOMIC_RELEASE);
	info.tsc_hz = hz;
	irq_restore(flags);
}

uint64_t clock_tsc_to_ns(uint64_t delta)
{
	if (!calibrated)
		calibrate(false);
	return muldiv64(delta, NSEC_PER_SEC, info.tsc_hz);
}

uint64_t clock_monotonic_to_tsc(uint64_t ns)
{
	if (!calibrated)
		calibrate(false);
	uint64_t tsc = rdtsc(), now = clock_monotonic();
	if (ns <= now)
		return tsc;
	return tsc + muldiv64(ns - now, info.tsc_hz, NSEC_PER_SEC);
}

static void refine(uint64_t tsc, int64_t secs)
{
	uint64_t hz =
	    (tsc - first_edge_tsc) / (uint64_t)(secs - first_edge_secs);
	if (refinement_accepted(hz, info.tsc_hz, &refused_hz)) {
		set_rate(tsc, hz);
		info.refinements++;
	} else {
		info.refused++;
	}
	while (next_refine <= secs - first_edge_secs)
		next_refine *= 2;
	if (next_refine > REFINE_LAST_SECONDS)
		rtc_stop_updates();
}

/* From the RTC's update-ended interrupt: a second has just begun. */
static void on_rtc_update(void)
{
	uint64_t tsc = rdtsc();
	struct rtc_regs r;
	info.rtc_interrupts++;
	int64_t secs = rtc_read(&r) ? rtc_to_unix(&r) : -1;
	if (secs < 0)
		return;
	if (!info.wall_aligned) {
		if (!wall_set) {
			wall_offset = secs * (int64_t)NSEC_PER_SEC -
				      (int64_t)clock_monotonic();
			timer_clock_was_set(); /* not a set: a correction */
		}
		info.wall_aligned = true;
		first_edge_tsc = tsc;
		first_edge_secs = secs;
		next_refine = 2;
		if (source != SOURCE_TSC || !strcmp(info.calibration, "cpuid"))
			rtc_stop_updates(); /* nothing to refine */
		return;
	}
	if (secs - first_edge_secs >= next_refine)
		refine(tsc, secs);
}

/*
 * The best reference's figure (the one before it when it fails, said
 * why), waiting for the final one when wait; 0 when none works.  A
 * final figure ends the references; an estimate sets mature_tsc.  Tests
 * joined with & and |, not && and ||: under TCG each branch of code run
 * once is a block to translate.
 */
static uint64_t ref_hz(bool wait)
{
	for (; ref_count; ref_count--) {
		const struct clock_rate_ref *r = refs[ref_count - 1];
		uint64_t hz;
		while (((hz = r->tsc_hz(&mature_tsc)) != 0) & wait &
		       (mature_tsc != 0))
			while (rdtsc() < mature_tsc)
				__asm__ volatile("pause");
		if (hz) {
			info.calibration = r->name;
			ref_count &= -(unsigned)(mature_tsc != 0);
			return hz;
		}
	}
	return 0;
}

/* Without a stated rate or a reference: the RTC's, else a guess. */
static __attribute__((noinline)) uint64_t unreferenced_hz(void)
{
	uint64_t hz = rtc_measure_tsc_second();
	info.calibration = "rtc";
	if (!hz) {
		hz = GUESS_HZ;
		info.calibration = "guess";
		kprintf("osv: clock: no CPUID, reference or RTC frequency: "
			"assuming a 1 GHz TSC\n");
	}
	return hz;
}

/*
 * The frequency the line starts with: stated (the references are then
 * not needed), else a reference's (an estimate unless wait or its
 * window is wide enough), else the RTC's.
 */
static uint64_t first_hz(bool wait)
{
	uint64_t hz = tsc_frequency_from_cpuid();
	info.calibration = "cpuid";
	rate_stated = hz != 0;
	ref_count &= -(unsigned)!rate_stated;
	if (!hz && !(hz = ref_hz(wait)))
		hz = unreferenced_hz();
	return hz;
}

/*
 * The first reading of the clock starts the line: so a reading during
 * the boot (a file system's timestamps) does not wait for a window to
 * be wide.
 */
static void start_tsc(bool wait)
{
	uint64_t hz = first_hz(wait);
	info.boot_tsc_hz = hz;
	first_mult = mult_for(hz);
	line = (struct line){boot_tsc_entry, 0, first_mult};
	info.tsc_hz = hz;
	started = true;
}

/* A reference's window matured: its figure from now on. */
static void improve_rate(bool wait)
{
	uint64_t hz = ref_hz(wait);
	if (!hz)
		return; /* every reference failed: the line keeps its rate */
	set_rate(rdtsc(), hz);
	if (!ref_count)
		info.boot_tsc_hz = hz;
}

/* At the first readings of the clock (any context). */
static void calibrate(bool wait)
{
	unsigned long flags = irq_save();
	if (!started)
		start_tsc(wait);
	else if ((ref_count != 0) & (wait | (rdtsc() >= mature_tsc)))
		improve_rate(wait);
	calibrated = !ref_count;
	irq_restore(flags);
}

bool clock_add_rate_ref(const struct clock_rate_ref *ref)
{
	if ((source != SOURCE_TSC) | rate_stated | (ref_count == MAX_RATE_REFS))
		return false;
	unsigned long flags = irq_save();
	refs[ref_count++] = ref;
	/* A line already started asks once the window is 2 ms wide. */
	mature_tsc = rdtsc() + info.tsc_hz / 500;
	calibrated = false;
	irq_restore(flags);
	return true;
}

void clock_use_paravirtual(const char *name, uint64_t (*read_ns)(void),
			   uint64_t tsc_hz, uint64_t wall_ns)
{
	pv_read = read_ns;
	source = SOURCE_PARAVIRTUAL;
	info.source = info.calibration = name;
	info.tsc_hz = info.boot_tsc_hz = tsc_hz;
	uint64_t uptime =
	    muldiv64(rdtsc() - boot_tsc_entry, NSEC_PER_SEC, tsc_hz);
	pv_offset = (int64_t)(uptime - read_ns());
	if (wall_ns) {
		wall_offset = (int64_t)(wall_ns - (uint64_t)pv_offset);
		first_wall_offset = wall_offset;
		wall_known = true;
	}
	ref_count = 0;
	started = calibrated = true;
}

/*
 * The wall clock's first use: the RTC's seconds give the offset, and
 * its update interrupts align it and refine the TSC's rate from then
 * on.  Interrupts are off throughout, so that two first uses read the
 * RTC once.
 */
static void read_wall_clock(void)
{
	unsigned long flags = irq_save();
	if (!wall_known) {
		struct rtc_regs r;
		int64_t secs = rtc_read(&r) ? rtc_to_unix(&r) : -1;
		if (secs >= 0) {
			wall_offset = secs * (int64_t)NSEC_PER_SEC -
				      (int64_t)clock_monotonic();
			info.wall_from_rtc = true;
			rtc_on_update(on_rtc_update);
		} else {
			kprintf("osv: clock: no wall clock (no RTC); the time "
				"starts at the Epoch\n");
		}
		first_wall_offset = wall_offset;
		wall_known = true;
	}
	irq_restore(flags);
}

/*
 * Pending stamps: tv_nsec says which time tv_sec holds (valid stamps
 * have tv_nsec in 0 .. 999999999, so no file's time is taken for one).
 */
#define STAMP_MONOTONIC (-1L) /* ns since boot */
#define STAMP_TSC (-2L)	      /* TSC, before the clock's first line */
_Static_assert(STAMP_MONOTONIC == -1, "CLOCK_STAMP_BOOT is monotonic 0");

void clock_stamp(struct timespec *ts)
{
	uint64_t ns;
	if (!started) {
		ts->tv_sec = (time_t)rdtsc();
		ts->tv_nsec = STAMP_TSC;
		return;
	}
	if (!wall_known) {
		ts->tv_sec = (time_t)clock_monotonic();
		ts->tv_nsec = STAMP_MONOTONIC;
		return;
	}
	ns = clock_realtime();
	ts->tv_sec = (time_t)(ns / NSEC_PER_SEC);
	ts->tv_nsec = (long)(ns % NSEC_PER_SEC);
}

void clock_stamp_resolve(struct timespec *ts)
{
	if (ts->tv_nsec >= 0)
		return;
	uint64_t mono = (uint64_t)ts->tv_sec;
	if (ts->tv_nsec == STAMP_TSC) {
		/* Before any reading: on the clock's first line. */
		(void)clock_monotonic();
		mono = scale(mono - boot_tsc_entry, first_mult);
	}
	if (!wall_known)
		read_wall_clock();
	uint64_t ns = mono + (uint64_t)first_wall_offset;
	ts->tv_sec = (time_t)(ns / NSEC_PER_SEC);
	ts->tv_nsec = (long)(ns % NSEC_PER_SEC);
}

uint64_t clock_tsc_hz(void)
{
	if (!calibrated)
		calibrate(true);
	return info.tsc_hz;
}

void clock_get_info(struct clock_info *out)
{
	if (!calibrated)
		calibrate(true);
	if (!wall_known)
		read_wall_clock(); /* it reports the wall clock's state */
	unsigned long flags = irq_save();
	*out = info;
	irq_restore(flags);
}
