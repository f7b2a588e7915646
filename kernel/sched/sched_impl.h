/*
 * Inside the scheduler (kernel/sched/): the per-CPU data, the thread
 * structure, and what the arch layer provides for switching (switch.S,
 * fpu.c) and for stacks (paging).  The rest of the kernel uses thread.h.
 *
 * Thread states, changed under the CPU's run-queue lock:
 *
 *   RUNNING   on its CPU (cpu->current); not in the run queue
 *   READY     in the run queue, or still on the CPU about to leave it
 *             after a wake-up came before it blocked
 *   BLOCKED   waiting; only wake() (wait.c) makes it READY again
 *   DEAD      ended; freed once off the CPU (see thread.c)
 */
#ifndef KERNEL_SCHED_IMPL_H
#define KERNEL_SCHED_IMPL_H

#include <stdbool.h>
#include <stdint.h>

#include "spinlock.h"
#include "thread.h"
#include "timer.h"

enum thread_state { THREAD_RUNNING, THREAD_READY, THREAD_BLOCKED, THREAD_DEAD };

/* A guarded stack (stack.c): [base, base + size), guard page below. */
struct stack {
	uint64_t base, size;
	uint64_t region; /* the virtual range with the guard, 0: not ours */
	uint64_t phys;	 /* the pages behind it */
};

struct thread {
	uint64_t sp;		    /* saved by arch_switch() */
	void (*release)(void *arg); /* thread_attr.release */
	void *release_arg;
	void *fpu; /* XSAVE/FXSAVE area, 64-byte aligned */
	uint64_t fs_base;
	struct cpu *cpu;
	enum thread_state state;
	int id;
	char name[THREAD_NAME_MAX];
	bool idle;

	struct thread *rq_next;	    /* run queue */
	struct thread *prev_thread; /* the one it was switched to from */

	/* waiting (wait.c) */
	struct waitq *wq; /* the queue it is linked in, or NULL */
	struct thread *wq_next, *wq_prev;
	volatile int *futex_addr;
	int wake_result;
	uint64_t blocked_at; /* monotonic ns */
	bool interruptible, interrupt_pending;
	struct timer timer;

	/* running time, in TSC cycles */
	uint64_t runtime, run_start;

	/* life (thread.c) */
	thread_fn fn;
	void *arg;
	struct stack stack;
	volatile int exited; /* futex word for joiners */
	bool detached;
	bool static_storage; /* the boot's: never freed */
	struct thread *zombie_next;

	int errno_value;
	void *libc;
};

struct cpu {
	struct cpu *self;	/* %gs:0 */
	struct thread *current; /* %gs:8 */
	int preempt_count;	/* %gs:16 */
	volatile int need_resched;
	struct spinlock rq_lock;
	struct thread *rq_head, *rq_tail;
	unsigned rq_count;
	struct thread *idle;
	struct timer slice_timer;
	uint64_t busy_time; /* TSC cycles run by threads other than idle */
	struct sched_stats stats;
};

static inline struct cpu *this_cpu(void)
{
	struct cpu *c;
	__asm__ volatile("movq %%gs:0, %0" : "=r"(c));
	return c;
}

/* ---- sched.c ---- */

/* Set once sched_early_init() has pointed %gs at the boot CPU's data. */
extern bool sched_cpu_ready;

/*
 * Switches away from the current thread, whose state the caller has set
 * (RUNNING: it stays runnable and goes to the back of the queue).  The
 * caller holds the run-queue lock with interrupts off; the lock is
 * released by the thread that runs next.  Returns, lock released and
 * interrupts still off, when this thread runs again.
 */
void schedule_unlock(struct cpu *c);

/* Makes t READY (queued unless it is still on its CPU); rq lock held. */
void sched_make_ready(struct thread *t);

/*
 * Switches now if a wake-up asked for it and the caller may be switched
 * (thread context, interrupts on, preemption enabled).
 */
void sched_preempt_check(void);

/* Run time accounting at a switch; rq lock held. */
void sched_account(struct cpu *c, struct thread *prev, struct thread *next);

/* ---- thread.c ---- */

/*
 * A thread structure with its stack and FPU area, ready to start at fn
 * but in no run queue; NULL when out of memory.
 */
struct thread *thread_new(thread_fn fn, void *arg,
			  const struct thread_attr *attr);

/* Live threads, idle ones aside (the boot thread counts from the start). */
unsigned thread_count(void);

/* Called once a DEAD thread is off its CPU, lock free, interrupts off. */
void thread_dead(struct thread *t);

/* Frees the threads that ended detached. */
void thread_reap(void);

/* Fills a new thread structure (id, name, FPU area); false: no memory. */
bool thread_init_common(struct thread *t, const char *name);

/*
 * The boot's two threads, main and the boot CPU's idle thread, are static
 * structures that sched.c fills in its initializers (name, these ids,
 * static_storage; the idle one's state, function and static stack), so
 * that the boot runs no allocation and no naming for them.
 */
#define THREAD_ID_MAIN 1
#define THREAD_ID_IDLE 2

/*
 * Completes such a thread that has yet to run (the idle thread), whose
 * initializer set its stack (static, in .bss), its FPU area (static,
 * 64-byte aligned, FPU_STATE_MAX bytes) and its wait timer: the FPU's
 * initial state and the stack's first switch frame.
 */
void thread_init_boot(struct thread *t);

/* ---- wait.c ---- */

/*
 * Wakes t if BLOCKED, with result as its wait's return value; true
 * when this call woke it.
 */
bool wake(struct thread *t, int result);

/* Prepares t's wait timer. */
void wait_init_thread(struct thread *t);

/* The wait timer's function, for threads whose timer is set up statically. */
void wait_timeout(struct timer *tm);

/* ---- stack.c ---- */

/* A stack of size bytes (whole pages) with an unmapped page below it. */
bool stack_alloc(struct stack *s, uint64_t size);
void stack_free(struct stack *s);

/* ---- The arch layer: switch.S, fpu.c ---- */

/*
 * Saves the callee-saved registers on the current stack, stores the
 * stack pointer in *save_sp, loads next_sp and returns into the thread
 * that was saved there.
 */
void arch_switch(uint64_t *save_sp, uint64_t next_sp);

/*
 * The first code of a new thread (switch.S): calls thread_start() with
 * %rbp zeroed.  A new stack holds six zero registers, then its address.
 */
void arch_thread_trampoline(void);

/* C side of a new thread's start (sched.c); never returns. */
_Noreturn void thread_start(void);

/*
 * Bytes of FPU state per thread, at most FPU_STATE_MAX (fpu_init()
 * enables no state component that would need more), and whether XSAVE
 * is used (fpu.c).
 */
#define FPU_STATE_MAX 4096
unsigned fpu_state_size(void);
bool fpu_uses_xsave(void);
uint64_t fpu_xcr0(void);

/* Copies the clean initial FPU state into area (fpu_state_size()). */
void fpu_state_init(void *area);

/* Saves the current FPU state into area, restores it from area. */
void fpu_save(void *area);
void fpu_restore(void *area);

/* The %fs base, read and written (FSGSBASE instructions when enabled). */
uint64_t arch_get_fs_base(void);
void arch_put_fs_base(uint64_t base);

/* Points %gs at this CPU's data. */
void arch_set_cpu_base(void *cpu);

#endif
