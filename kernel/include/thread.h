/*
 * Threads and the scheduler.  This header is the subsystem's whole
 * interface; kernel/sched/ implements it, with the context switch in
 * kernel/arch/x86_64/switch.S.  (It is not called sched.h: the libc's
 * POSIX <sched.h> must stay reachable, and kernel/include comes first on
 * the include path.)
 *
 * Each CPU has its own data, reached through %gs (struct cpu in
 * kernel/sched/sched_impl.h): the current thread, its run queue and its
 * idle thread; no global variable says which thread runs.  Scheduling
 * is round-robin and preemptive: a thread runs until it blocks, yields,
 * or has used its time slice (SCHED_SLICE_NS) while others wait, in
 * which case the slice timer asks for a switch that happens when the
 * interrupt returns (sched_irq_exit()).  A CPU with nothing to run
 * halts in its idle thread until the next interrupt; with no timer due
 * it gets none (tickless).
 *
 * A switch saves and restores the callee-saved registers, the stack
 * pointer, the %fs base (the thread pointer of TLS) and the whole
 * FPU/SSE/AVX state (XSAVE, sized from CPUID 0xD, or FXSAVE).  Kernel
 * threads have stacks with an unmapped guard page below.
 *
 * Blocking: a thread waits on a wait queue (struct waitq), or on a
 * futex-style word (thread_futex_wait(): sleep only while *addr still
 * holds a value, checked under the queue's lock), with an optional
 * deadline and optionally interruptible (by thread_interrupt(), which
 * pthread_cancel() uses).  A deadline is a deadline word of timer.h:
 * ns on the monotonic clock, or timer_realtime_deadline() of a wall
 * time, which follows clock_set_realtime().
 *
 * Locking rules: waitq and futex locks may be taken before the run
 * queue's; the timer queue's lock is never held while a timer's function
 * runs.  All of them mask interrupts (spinlock.h).
 */
#ifndef KERNEL_THREAD_H
#define KERNEL_THREAD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "spinlock.h"
#include "timer.h" /* deadline words */

#define SCHED_SLICE_NS 10000000ULL /* 10 ms */
#define THREAD_STACK_DEFAULT (64 * 1024)
#define THREAD_NAME_MAX 16 /* with the NUL, as pthread_setname_np */

struct thread;

typedef void (*thread_fn)(void *arg);

struct thread_attr {
	size_t stack_size; /* 0: THREAD_STACK_DEFAULT; rounded up to pages */
	void *stack;	   /* caller's stack (no guard page), or NULL */
	uint64_t fs_base;  /* the new thread's %fs base (its TCB), or 0 */
	const char *name;  /* or NULL */
	/*
	 * Called with release_arg once the thread has ended and its memory
	 * goes (by whoever joins or reaps it, never by the thread itself):
	 * for what its creator allocated for it, such as its TLS.  Or NULL.
	 */
	void (*release)(void *arg);
	void *release_arg;
};

/*
 * Makes the code running now (kernel_main on the boot stack) the boot
 * CPU's first thread, with per-CPU data at %gs.  Call it before anything
 * uses errno or thread_current(): right after cpu_tables_init().
 */
void sched_early_init(void);

/*
 * Starts scheduling on the boot CPU: the boot thread's FPU area, the
 * idle thread, the slice timer; then enables interrupts.  After
 * timer_init().
 */
void sched_init(void);

/* The thread running on this CPU. */
static inline struct thread *thread_current(void)
{
	struct thread *t;
	__asm__ volatile("movq %%gs:8, %0" : "=r"(t));
	return t;
}

/*
 * Creates a thread that runs fn(arg) and then thread_exit(); it is
 * runnable at once.  attr may be NULL.  Returns NULL when out of memory.
 */
struct thread *thread_create(thread_fn fn, void *arg,
			     const struct thread_attr *attr);

/*
 * Ends the calling thread.  Its memory goes when thread_join() returns,
 * or at once (soon after) when it is detached.
 */
_Noreturn void thread_exit(void);

/*
 * Waits for t to end, then frees it.  interruptible: return -EINTR
 * (without freeing) when thread_interrupt() reaches the caller first.
 * t must not be detached, and only one thread may join it.
 */
int thread_join(struct thread *t, bool interruptible);

/* t will be freed when it ends (now, if it has). */
void thread_detach(struct thread *t);

/* Lets the other runnable threads of this CPU run first. */
void thread_yield(void);

/* A small positive number unique among live threads (1: the boot one). */
int thread_id(const struct thread *t);

/* The name (truncated to THREAD_NAME_MAX - 1 bytes). */
void thread_set_name(struct thread *t, const char *name);
void thread_get_name(const struct thread *t, char *buf, size_t len);

/*
 * Sleeps until the clock of deadline reaches it.  Returns 0,
 * or -EINTR when interruptible and thread_interrupt() came first.
 */
int thread_sleep_until(uint64_t deadline, bool interruptible);

/*
 * Makes t's current or next interruptible wait return -EINTR (once).
 */
void thread_interrupt(struct thread *t);

/* Whether an interrupt is pending for the calling thread (not consumed). */
bool thread_interrupt_pending(void);

/*
 * Drops the interrupt pending for the calling thread, if any (one sent
 * for a wait that ended otherwise); whether there was one.
 */
bool thread_interrupt_take(void);

/*
 * The stack t runs on: its lowest address and size.  false when the
 * scheduler does not know it (the boot thread's stack is the boot's).
 */
bool thread_stack(const struct thread *t, uint64_t *base, size_t *size);

/*
 * The current thread when addr lies in the guard page below its stack
 * (for fault reports), else NULL.
 */
struct thread *thread_stack_overflow(uint64_t addr);

/* ---- Wait queues ---- */

#define THREAD_NO_DEADLINE UINT64_MAX

struct waitq {
	struct spinlock lock;
	struct thread *head, *tail;
};

#define WAITQ_INIT                                                             \
	{                                                                      \
		SPINLOCK_INIT, NULL, NULL                                      \
	}

/*
 * The caller holds wq->lock (from spin_lock()).  Sleeps on wq until
 * woken by waitq_wake*(), the deadline passes (or
 * THREAD_NO_DEADLINE), or, when interruptible, thread_interrupt().  The
 * lock is released while sleeping and held again on return.  Returns 0,
 * -ETIMEDOUT or -EINTR.  Wake-ups may be spurious only in that a waker
 * may have changed its mind: callers re-check their condition.
 */
int waitq_wait_locked(struct waitq *wq, uint64_t deadline, bool interruptible);

/* Wakes up to n waiters (FIFO), the caller holding wq->lock; returns how many.
 */
int waitq_wake_locked(struct waitq *wq, int n);

/* The same, taking the lock. */
int waitq_wake(struct waitq *wq, int n);

/* ---- Futex-style words (for the libc's pthreads and semaphores) ---- */

/*
 * Sleeps while *addr == expected, checked atomically with the enqueue;
 * returns 0 when woken, -EAGAIN when *addr differed, -ETIMEDOUT at the
 * deadline, -EINTR when interruptible and interrupted.
 */
int thread_futex_wait(volatile int *addr, int expected, uint64_t deadline,
		      bool interruptible);

/*
 * thread_futex_wait() for a deadline worked out from the wall clock
 * while clock_realtime_sets() was sets: -EAGAIN at once, as for a
 * changed word, if the clock has been set since.  With
 * TIMER_ON_CLOCK_SET in deadline no set goes unseen: one before the
 * sleep is caught here, one after it ends it (timer.h).
 */
int thread_futex_wait_sets(volatile int *addr, int expected, uint64_t deadline,
			   bool interruptible, uint64_t sets);

/* Wakes up to n threads waiting on addr; returns how many. */
int thread_futex_wake(volatile int *addr, int n);

/*
 * For a lock word that is 0 free, 1 held, 2 held with sleepers, its
 * holder leaving: wakes the longest sleeper on addr, which then holds
 * the lock (its wait returns 0), and leaves *addr 2 if others still
 * sleep, else 1; with no sleeper, frees it (0).  Decided under the
 * futex's lock, so a sleeper either is found or sees the new value.
 */
void thread_futex_hand_off(volatile int *addr);

/* ---- For the libc ---- */

/* The calling thread's errno. */
int *thread_errno_location(void);

/* One pointer of per-thread data the libc owns (its struct pthread). */
void *thread_libc_data(const struct thread *t);
void thread_set_libc_data(struct thread *t, void *data);

/* ---- Preemption, called from interrupt and lock code ---- */

/*
 * The end of an interrupt handler: switches threads if the slice timer
 * or a wake-up asked for it and preemption is enabled.
 */
void sched_irq_exit(void);

/* Nested; while disabled, sched_irq_exit() does not switch. */
void preempt_disable(void);
void preempt_enable(void);

/* ---- CPU time ---- */

/* The time t has run, in ns (the current slice included). */
uint64_t thread_cpu_time(const struct thread *t);

/* The time all threads but the idle ones have run: the process's. */
uint64_t sched_cpu_time(void);

/* ---- Statistics, for the tests ---- */

struct sched_stats {
	uint64_t switches;    /* context switches */
	uint64_t preemptions; /* of them, forced by the slice timer */
	uint64_t idle_halts;  /* times an idle CPU halted */
	unsigned threads;     /* live threads, idle ones aside */
	bool xsave;	      /* FPU state by XSAVE (else FXSAVE) */
	unsigned fpu_size;    /* bytes of FPU state per thread */
	uint64_t xcr0;	      /* state components enabled */
};
void sched_get_stats(struct sched_stats *out);

#endif
