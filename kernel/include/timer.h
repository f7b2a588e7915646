/*
 * Timers: call a function at a time of the monotonic clock (clock.h).
 * This header is the subsystem's whole interface; kernel/time/timer.c
 * keeps each CPU's pending timers in a pairing heap
 * (kernel/time/timer_heap.c) and kernel/arch/x86_64/lapic_timer.c
 * drives the local APIC timer.
 *
 * Tickless: the APIC timer is programmed one-shot for the earliest
 * pending timer only (in TSC-deadline mode when the CPU has it, else
 * with a count from the APIC's measured rate), and not at all when none
 * is pending.  A timer never runs early: when the interrupt comes, the
 * clock is read and only timers whose deadline has passed run; the
 * hardware is programmed again for the rest.
 *
 * A timer's function runs in the interrupt, interrupts disabled, on the
 * CPU that armed it; it may arm or cancel timers (itself included).
 * The caller owns struct timer's memory and must cancel a timer before
 * freeing it.
 *
 * A deadline is ns on the monotonic clock, or, made by
 * timer_realtime_deadline(), on the wall clock.  Setting the wall clock
 * (clock_set_realtime()) moves the wall-clock timers with it, as POSIX
 * asks of absolute CLOCK_REALTIME waits: set past its deadline, such a
 * timer runs at once; set back, it runs later.  A timer armed with
 * TIMER_ON_CLOCK_SET in its deadline runs, besides, as soon as the wall
 * clock is set (timerfd's TFD_TIMER_CANCEL_ON_SET).  The deadline words
 * go through thread.h's waits unchanged.
 */
#ifndef KERNEL_TIMER_H
#define KERNEL_TIMER_H

#include <stdbool.h>
#include <stdint.h>

struct timer;
typedef void (*timer_fn)(struct timer *t);

/* Flags of a deadline word; the ns are below them (TIMER_NS_MAX). */
#define TIMER_REALTIME (1ULL << 63)	      /* ns on the wall clock */
#define TIMER_ON_CLOCK_SET (1ULL << 62)	      /* also runs at a clock set */
#define TIMER_NS_MAX (TIMER_ON_CLOCK_SET - 2) /* not UINT64_MAX with both */

/*
 * The deadline word of wall-clock time wall_ns (saturating, in 2116).
 * The wall clock must have been read (clock_realtime()) before such a
 * word is armed or waited on: its first reading, which may read the
 * RTC, is for a thread holding no lock, and until then its offset is 0.
 */
static inline uint64_t timer_realtime_deadline(uint64_t wall_ns)
{
	return TIMER_REALTIME |
	       (wall_ns < TIMER_NS_MAX ? wall_ns : TIMER_NS_MAX);
}

struct timer {
	uint64_t deadline; /* ns on the monotonic clock (the heap's order) */
	uint64_t word;	   /* as armed: the flags above and their clock's ns */
	timer_fn fn;
	void *arg; /* for fn's use */
	/* pairing-heap links (timer_heap.c) */
	struct timer *child, *next, *prev;
	bool armed;
};

/*
 * Starts the boot CPU's local APIC timer (TSC-deadline mode when
 * available, else one-shot with a rate measured against the TSC).
 * After irq_init().
 */
void timer_init(void);

/* Prepares t; it is not armed. */
void timer_setup(struct timer *t, timer_fn fn, void *arg);

/*
 * Arms t (again, if it was) to run at deadline (a deadline word), on
 * this CPU.
 */
void timer_arm(struct timer *t, uint64_t deadline);

/* Whether the clock of deadline (a deadline word) has reached it. */
bool timer_deadline_passed(uint64_t deadline);

/*
 * The wall clock was set (clock_set_realtime(), any context): moves the
 * wall-clock timers to their new monotonic times and runs the
 * TIMER_ON_CLOCK_SET ones.
 */
void timer_clock_was_set(void);

/* Disarms t; true when it was armed and had not run. */
bool timer_cancel(struct timer *t);

/*
 * Disarms t and returns once its function is not running (on another
 * CPU) either, for a caller about to free t's owner.  Not from t's own
 * function.
 */
void timer_cancel_sync(struct timer *t);

struct timer_stats {
	uint64_t interrupts; /* timer interrupts taken */
	uint64_t expired;    /* timer functions run */
	uint64_t early;	     /* interrupts before the first deadline */
	bool tsc_deadline;   /* TSC-deadline mode */
	uint64_t apic_hz; /* the APIC timer's rate (one-shot; 0: unknown yet) */
	unsigned pending; /* timers armed now */
};
void timer_get_stats(struct timer_stats *out);

/* ---- The pairing heap (timer_heap.c, pure, host-tested) ---- */

struct timer_heap {
	struct timer *root;
	unsigned count;
};

/* The earliest timer, or NULL. */
static inline struct timer *timer_heap_min(const struct timer_heap *h)
{
	return h->root;
}

void timer_heap_insert(struct timer_heap *h, struct timer *t);

/* Removes t, which must be in h. */
void timer_heap_remove(struct timer_heap *h, struct timer *t);

/* Removes and returns the earliest timer, or NULL. */
struct timer *timer_heap_pop(struct timer_heap *h);

/* ---- The hardware (lapic_timer.c) ---- */

/* Sets the APIC timer up on this CPU; returns true for TSC-deadline. */
bool lapic_timer_init(void);

/* Called first thing in the timer interrupt (checks the APIC's rate). */
void lapic_timer_interrupt(void);

/* Makes the APIC timer interrupt at deadline (ns), or stops it (0). */
void lapic_timer_program(uint64_t deadline);

/* The one-shot mode's measured rate (0 in TSC-deadline mode or not yet). */
uint64_t lapic_timer_hz(void);

#endif
