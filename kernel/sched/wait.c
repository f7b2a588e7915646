/*
 * Blocking and waking.  A thread blocks by setting its state to BLOCKED
 * under its CPU's run-queue lock and switching away without releasing
 * it (schedule_unlock()); wake() moves a BLOCKED thread to READY under
 * the same lock.  So a wake-up can never fall between "decide to sleep"
 * and "sleep": a waiter on a wait queue takes the run-queue lock before
 * it lets go of the queue's lock, and a waker holds the queue's lock
 * while it picks whom to wake.
 *
 * Only the first wake() of a wait counts; its result (0, -ETIMEDOUT from
 * the thread's own timer, -EINTR from thread_interrupt()) is what the
 * wait returns.  A waiter woken by its timer may still be linked in its
 * queue: it unlinks itself when it runs, and a waker that finds it there
 * unlinks it without counting it, so wake_one never goes to a thread
 * that already left.
 *
 * Futex-style words hash to one of FUTEX_BUCKETS wait queues; a waiter
 * records its word and sleeps only if the word still holds the value it
 * expects, which it checks under the bucket's lock.
 */
#include <errno.h>
#include <limits.h>

#include "clock.h"
#include "sched_impl.h"

#define FUTEX_BUCKETS 64

static struct waitq buckets[FUTEX_BUCKETS];

bool wake(struct thread *t, int result)
{
	struct cpu *c = t->cpu;
	unsigned long flags = spin_lock(&c->rq_lock);
	bool woke = t->state == THREAD_BLOCKED;
	if (woke) {
		t->wake_result = result;
		sched_make_ready(t);
	}
	spin_unlock(&c->rq_lock, flags);
	return woke;
}

void wait_timeout(struct timer *tm)
{
	wake(tm->arg, -ETIMEDOUT);
}

static void link_waiter(struct waitq *wq, struct thread *t)
{
	t->wq = wq;
	t->wq_next = NULL;
	t->wq_prev = wq->tail;
	if (wq->tail)
		wq->tail->wq_next = t;
	else
		wq->head = t;
	wq->tail = t;
}

static void unlink_waiter(struct waitq *wq, struct thread *t)
{
	if (t->wq_prev)
		t->wq_prev->wq_next = t->wq_next;
	else
		wq->head = t->wq_next;
	if (t->wq_next)
		t->wq_next->wq_prev = t->wq_prev;
	else
		wq->tail = t->wq_prev;
	t->wq = NULL;
}

/*
 * Blocks the current thread, interrupts off, wq (if any) locked by the
 * caller and released here once the thread is BLOCKED.  Returns the
 * wake-up's result with wq locked again.  sets (or NULL): a
 * clock_realtime_sets() the deadline was worked out at; when the count
 * has moved on, -EAGAIN without sleeping.  It is read after the timer
 * is armed: a set that the read misses comes later and finds the timer
 * in its queue (timer_clock_was_set()), to run it if TIMER_ON_CLOCK_SET.
 */
static int block(struct waitq *wq, uint64_t deadline, bool interruptible,
		 const uint64_t *sets)
{
	struct thread *t = thread_current();
	struct cpu *c = t->cpu;
	spin_lock_noirq(&c->rq_lock);
	if (interruptible && t->interrupt_pending) {
		t->interrupt_pending = false;
		spin_unlock_noirq(&c->rq_lock);
		return -EINTR;
	}
	if (deadline != THREAD_NO_DEADLINE)
		timer_arm(&t->timer, deadline);
	if (sets && clock_realtime_sets() != *sets) {
		timer_cancel(&t->timer);
		spin_unlock_noirq(&c->rq_lock);
		return -EAGAIN;
	}
	if (wq)
		link_waiter(wq, t);
	t->state = THREAD_BLOCKED;
	t->blocked_at = clock_monotonic();
	t->interruptible = interruptible;
	t->wake_result = 0;
	if (wq)
		spin_unlock_noirq(&wq->lock);
	schedule_unlock(c);
	t->interruptible = false;
	if (deadline != THREAD_NO_DEADLINE)
		timer_cancel(&t->timer);
	if (wq) {
		spin_lock_noirq(&wq->lock);
		if (t->wq == wq)
			unlink_waiter(wq, t);
	}
	return t->wake_result;
}

static int wait_locked(struct waitq *wq, uint64_t deadline, bool interruptible,
		       const uint64_t *sets)
{
	if (deadline != THREAD_NO_DEADLINE && timer_deadline_passed(deadline))
		return -ETIMEDOUT;
	return block(wq, deadline, interruptible, sets);
}

int waitq_wait_locked(struct waitq *wq, uint64_t deadline, bool interruptible)
{
	return wait_locked(wq, deadline, interruptible, NULL);
}

/* Wakes up to n waiters of wq waiting on addr (any when addr is NULL). */
static int wake_matching(struct waitq *wq, int n, volatile int *addr)
{
	int woken = 0;
	struct thread *t = wq->head;
	while (t && woken < n) {
		struct thread *next = t->wq_next;
		if (!addr || t->futex_addr == addr) {
			unlink_waiter(wq, t);
			if (wake(t, 0))
				woken++;
		}
		t = next;
	}
	return woken;
}

int waitq_wake_locked(struct waitq *wq, int n)
{
	return wake_matching(wq, n, NULL);
}

int waitq_wake(struct waitq *wq, int n)
{
	unsigned long flags = spin_lock(&wq->lock);
	int woken = wake_matching(wq, n, NULL);
	spin_unlock(&wq->lock, flags);
	sched_preempt_check();
	return woken;
}

int thread_sleep_until(uint64_t deadline, bool interruptible)
{
	if (timer_deadline_passed(deadline))
		return 0;
	unsigned long flags = irq_save();
	int r = block(NULL, deadline, interruptible, NULL);
	irq_restore(flags);
	return r == -ETIMEDOUT ? 0 : r;
}

void thread_interrupt(struct thread *t)
{
	struct cpu *c = t->cpu;
	unsigned long flags = spin_lock(&c->rq_lock);
	if (t->state == THREAD_BLOCKED && t->interruptible) {
		t->wake_result = -EINTR;
		sched_make_ready(t);
	} else {
		t->interrupt_pending = true;
	}
	spin_unlock(&c->rq_lock, flags);
	sched_preempt_check();
}

bool thread_interrupt_pending(void)
{
	return thread_current()->interrupt_pending;
}

bool thread_interrupt_take(void)
{
	struct thread *t = thread_current();
	struct cpu *c = t->cpu;
	unsigned long flags = spin_lock(&c->rq_lock);
	bool was = t->interrupt_pending;
	t->interrupt_pending = false;
	spin_unlock(&c->rq_lock, flags);
	return was;
}

void wait_init_thread(struct thread *t)
{
	timer_setup(&t->timer, wait_timeout, t);
}

static struct waitq *bucket_of(volatile int *addr)
{
	uint64_t h = ((uintptr_t)addr >> 2) * 0x9e3779b97f4a7c15ULL;
	return &buckets[h >> 58]; /* the top 6 bits: FUTEX_BUCKETS */
}

static int futex_wait(volatile int *addr, int expected, uint64_t deadline,
		      bool interruptible, const uint64_t *sets)
{
	struct waitq *q = bucket_of(addr);
	struct thread *t = thread_current();
	unsigned long flags = spin_lock(&q->lock);
	int r = -EAGAIN;
	if (*addr == expected) {
		t->futex_addr = addr;
		r = wait_locked(q, deadline, interruptible, sets);
		t->futex_addr = NULL;
	}
	spin_unlock(&q->lock, flags);
	return r;
}

int thread_futex_wait(volatile int *addr, int expected, uint64_t deadline,
		      bool interruptible)
{
	return futex_wait(addr, expected, deadline, interruptible, NULL);
}

int thread_futex_wait_sets(volatile int *addr, int expected, uint64_t deadline,
			   bool interruptible, uint64_t sets)
{
	return futex_wait(addr, expected, deadline, interruptible, &sets);
}

int thread_futex_wake(volatile int *addr, int n)
{
	struct waitq *q = bucket_of(addr);
	unsigned long flags = spin_lock(&q->lock);
	int woken = wake_matching(q, n, addr);
	spin_unlock(&q->lock, flags);
	sched_preempt_check();
	return woken;
}

void thread_futex_hand_off(volatile int *addr)
{
	struct waitq *q = bucket_of(addr);
	unsigned long flags = spin_lock(&q->lock);
	int next = wake_matching(q, 1, addr) ? 1 : 0;
	for (struct thread *t = q->head; next && t; t = t->wq_next)
		if (t->futex_addr == addr)
			next = 2;
	__atomic_store_n(addr, next, __ATOMIC_RELEASE);
	spin_unlock(&q->lock, flags);
	sched_preempt_check();
}
