/*
 * Pending timers, one queue per CPU (the boot CPU's only, until SMP),
 * kept in a pairing heap by deadline.  Whenever the earliest deadline
 * changes, the local APIC timer is programmed for it, or stopped when
 * nothing is pending: the CPU takes no interrupt it does not need.
 *
 * The interrupt takes every timer whose deadline the clock has reached
 * off the heap, programs the hardware for the next one, drops the lock,
 * then runs the functions in deadline order.  An interrupt that finds
 * nothing due (the APIC's rate is measured, not known) just programs
 * the hardware again.
 *
 * A wall-clock timer sits in the heap at the monotonic time its deadline
 * stood for when it was armed.  Setting the wall clock takes every
 * timer off the heap and puts it back at its deadline worked out again
 * from the word it was armed with, under the queue's lock, so a timer
 * armed during the change ends up right whichever offset it saw.  The
 * heap is rebuilt whole because clock sets are rare and a list of the
 * wall-clock timers would cost every arm and cancel; a timer now due
 * (or due at any set) goes in at time 1 and the hardware, programmed
 * for the past, interrupts at once.
 */
#include <string.h>

#include "clock.h"
#include "irq.h"
#include "spinlock.h"
#include "timer.h"

struct timer_queue {
	struct spinlock lock;
	struct timer_heap heap;
	uint64_t programmed;   /* deadline the hardware has, 0: none */
	struct timer *running; /* whose function runs now, or NULL */
};

static struct timer_queue boot_queue;
static struct timer_stats stats;

static struct timer_queue *this_queue(void)
{
	return &boot_queue;
}

/* The caller holds q->lock. */
static void reprogram(struct timer_queue *q)
{
	struct timer *min = timer_heap_min(&q->heap);
	uint64_t deadline = min ? min->deadline : 0;
	if (deadline == q->programmed)
		return;
	q->programmed = deadline;
	lapic_timer_program(deadline);
}

void timer_setup(struct timer *t, timer_fn fn, void *arg)
{
	/*
	 * Field by field, not memset() nor a compound literal (rep stos):
	 * plain stores, one block for TCG to translate, and the boot runs
	 * no memset() at all.
	 */
	t->deadline = t->word = 0;
	t->fn = fn;
	t->arg = arg;
	t->child = t->next = t->prev = NULL;
	t->armed = false;
}

static uint64_t ns_of_word(uint64_t word)
{
	return word & ~(TIMER_REALTIME | TIMER_ON_CLOCK_SET);
}

/* The monotonic time of a deadline word, at the wall clock's offset now. */
static uint64_t monotonic_of(uint64_t word)
{
	uint64_t ns = ns_of_word(word);
	if (word & TIMER_REALTIME)
		ns = clock_realtime_to_monotonic(ns);
	return ns ? ns : 1;
}

/* The caller holds q->lock; t is not in the heap. */
static void insert(struct timer_queue *q, struct timer *t, uint64_t deadline)
{
	t->deadline = deadline;
	timer_heap_insert(&q->heap, t);
	t->armed = true;
}

void timer_arm(struct timer *t, uint64_t deadline)
{
	struct timer_queue *q = this_queue();
	unsigned long flags = spin_lock(&q->lock);
	if (t->armed)
		timer_heap_remove(&q->heap, t);
	t->word = deadline;
	insert(q, t, monotonic_of(deadline));
	reprogram(q);
	spin_unlock(&q->lock, flags);
}

bool timer_deadline_passed(uint64_t deadline)
{
	uint64_t now =
	    deadline & TIMER_REALTIME ? clock_realtime() : clock_monotonic();
	return now >= ns_of_word(deadline);
}

bool timer_cancel(struct timer *t)
{
	struct timer_queue *q = this_queue();
	unsigned long flags = spin_lock(&q->lock);
	bool was = t->armed;
	if (was) {
		timer_heap_remove(&q->heap, t);
		t->armed = false;
		reprogram(q);
	}
	spin_unlock(&q->lock, flags);
	return was;
}

void timer_cancel_sync(struct timer *t)
{
	struct timer_queue *q = this_queue();
	while (timer_cancel(t),
	       __atomic_load_n(&q->running, __ATOMIC_ACQUIRE) == t)
		__asm__ volatile("pause"); /* it may arm itself again */
}

/* Takes the due timers off the heap, in deadline order (via next). */
static struct timer *take_due(struct timer_queue *q, uint64_t now)
{
	struct timer *first = NULL, **tail = &first, *t;
	while ((t = timer_heap_min(&q->heap)) && t->deadline <= now) {
		timer_heap_pop(&q->heap);
		t->armed = false;
		t->next = NULL;
		*tail = t;
		tail = &t->next;
	}
	return first;
}

void timer_clock_was_set(void)
{
	struct timer_queue *q = this_queue();
	unsigned long flags = spin_lock(&q->lock);
	struct timer *t = take_due(q, UINT64_MAX);
	while (t) {
		struct timer *next = t->next;
		uint64_t deadline = t->deadline;
		if (t->word & TIMER_ON_CLOCK_SET)
			deadline = 1;
		else if (t->word & TIMER_REALTIME)
			deadline = monotonic_of(t->word);
		insert(q, t, deadline);
		t = next;
	}
	reprogram(q);
	spin_unlock(&q->lock, flags);
}

static void timer_interrupt(void *arg)
{
	(void)arg;
	struct timer_queue *q = this_queue();
	stats.interrupts++;
	lapic_timer_interrupt();
	spin_lock_noirq(&q->lock);
	q->programmed = 0; /* the one-shot has fired */
	struct timer *due = take_due(q, clock_monotonic());
	if (!due)
		stats.early++;
	reprogram(q);
	spin_unlock_noirq(&q->lock);
	while (due) {
		struct timer *next = due->next; /* fn may re-arm due */
		stats.expired++;
		__atomic_store_n(&q->running, due, __ATOMIC_RELEASE);
		due->fn(due);
		__atomic_store_n(&q->running, NULL, __ATOMIC_RELEASE);
		due = next;
	}
}
IRQ_FIXED_HANDLER(IRQ_VECTOR_TIMER, timer_interrupt);

void timer_init(void)
{
	stats.tsc_deadline = lapic_timer_init();
}

void timer_get_stats(struct timer_stats *out)
{
	struct timer_queue *q = this_queue();
	unsigned long flags = spin_lock(&q->lock);
	*out = stats;
	out->pending = q->heap.count;
	out->apic_hz = lapic_timer_hz();
	spin_unlock(&q->lock, flags);
}
