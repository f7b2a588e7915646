/*
 * The scheduler proper: per-CPU data, the run queue, switching,
 * preemption, the idle thread and CPU-time accounting.
 *
 * Each CPU has a FIFO run queue of READY threads under its lock.
 * schedule_unlock() puts the current thread at the back (unless it
 * blocked or ended), takes the front one (or the idle thread) and
 * switches.  The run-queue lock is held across the switch and released
 * by the thread that runs next, in sched_finish_switch(): nobody can
 * wake or queue a thread whose registers are still being saved.
 *
 * Time slices: whenever a thread starts running while others wait, the
 * CPU's slice timer is armed SCHED_SLICE_NS ahead; when it fires it
 * sets need_resched, and the end of the interrupt (sched_irq_exit())
 * switches.  A thread woken after sleeping at least a slice goes to the
 * front of the queue and preempts the running one: it has not had the
 * CPU for that long, and a sleeper should wake on time even beside busy
 * threads.  One that slept less goes to the back, so threads that wake
 * each other up quickly cannot starve the others.  With nobody waiting there is
 * no slice timer, and an idle CPU has no timer interrupt at all unless some
 * timer is due.
 */
#include <stdio.h>

#include "arch.h"
#include "clock.h"
#include "debug.h"
#include "irq.h"
#include "mm.h"
#include "sched_impl.h"

#define IDLE_STACK_SIZE (16 * 1024)

/*
 * The boot CPU's idle thread runs a few lines of its own: a static stack
 * (without a guard page) spares the boot the page tables of a mapped one.
 */
static uint8_t idle_stack[IDLE_STACK_SIZE] __attribute__((aligned(16)));

static void idle_loop(void *arg);
static void slice_expired(struct timer *t);

/*
 * The boot's two threads take nothing from the heap and are named by
 * their initializers: under TCG, code that the boot runs once costs its
 * translation, and this spares the boot an allocation, a naming loop and
 * a thread set-up path of its own.
 */
static uint8_t boot_fpu[2][FPU_STATE_MAX] __attribute__((aligned(64)));
static struct thread boot_thread;
/* %gs points here from sched_early_init(): its fields are set already. */
static struct cpu boot_cpu = {
    .self = &boot_cpu,
    .current = &boot_thread,
    .slice_timer = {.fn = slice_expired, .arg = &boot_cpu},
};
static struct thread boot_thread = {
    .id = THREAD_ID_MAIN,
    .name = "main",
    .static_storage = true,
    .cpu = &boot_cpu,
    .state = THREAD_RUNNING,
    .fpu = boot_fpu[0],
    .timer = {.fn = wait_timeout, .arg = &boot_thread},
};
static struct thread idle_thread = {
    .id = THREAD_ID_IDLE,
    .name = "idle",
    .static_storage = true,
    .idle = true,
    .cpu = &boot_cpu,
    .state = THREAD_READY,
    .fn = idle_loop,
    .arg = &boot_cpu,
    .stack = {.base = (uintptr_t)idle_stack, .size = IDLE_STACK_SIZE},
    .fpu = boot_fpu[1],
    .timer = {.fn = wait_timeout, .arg = &idle_thread},
};
bool sched_cpu_ready; /* %gs points at this CPU's data */

static void enqueue_front(struct cpu *c, struct thread *t)
{
	t->rq_next = c->rq_head;
	c->rq_head = t;
	if (!c->rq_tail)
		c->rq_tail = t;
	c->rq_count++;
}

static void enqueue(struct cpu *c, struct thread *t)
{
	t->rq_next = NULL;
	if (c->rq_tail)
		c->rq_tail->rq_next = t;
	else
		c->rq_head = t;
	c->rq_tail = t;
	c->rq_count++;
}

static struct thread *dequeue(struct cpu *c)
{
	struct thread *t = c->rq_head;
	if (!t)
		return NULL;
	c->rq_head = t->rq_next;
	if (!c->rq_head)
		c->rq_tail = NULL;
	c->rq_count--;
	return t;
}

static void slice_expired(struct timer *t)
{
	struct cpu *c = t->arg;
	c->need_resched = 1;
}

/* Arms the slice timer when others wait for the CPU; rq lock held. */
static void update_slice(struct cpu *c, struct thread *running)
{
	if (!running->idle && c->rq_count)
		timer_arm(&c->slice_timer, clock_monotonic() + SCHED_SLICE_NS);
	else if (c->slice_timer.armed)
		timer_cancel(&c->slice_timer);
}

void sched_make_ready(struct thread *t)
{
	struct cpu *c = t->cpu;
	bool slept = t->state == THREAD_BLOCKED &&
		     clock_monotonic() - t->blocked_at >= SCHED_SLICE_NS;
	t->state = THREAD_READY;
	if (c->current == t)
		return; /* woken before it got off the CPU */
	if (c->current->idle) {
		enqueue(c, t);
		c->need_resched = 1;
	} else if (slept) {
		enqueue_front(c, t);
		c->need_resched = 1;
	} else {
		enqueue(c, t);
		if (!c->slice_timer.armed)
			update_slice(c, c->current);
	}
}

void sched_preempt_check(void)
{
	struct cpu *c = this_cpu();
	if (c->need_resched && !c->preempt_count && irq_enabled())
		thread_yield();
}

void sched_account(struct cpu *c, struct thread *prev, struct thread *next)
{
	uint64_t now = rdtsc();
	uint64_t ran = now - prev->run_start;
	prev->runtime += ran;
	if (!prev->idle)
		c->busy_time += ran;
	next->run_start = now;
}

/* Releases the run-queue lock after a switch; frees an ended thread. */
static void sched_finish_switch(struct cpu *c, struct thread *prev)
{
	spin_unlock_noirq(&c->rq_lock);
	if (prev && prev->state == THREAD_DEAD)
		thread_dead(prev);
}

static struct thread *pick_next(struct cpu *c, struct thread *prev)
{
	if (prev->state == THREAD_RUNNING || prev->state == THREAD_READY) {
		prev->state = THREAD_READY;
		if (!prev->idle)
			enqueue(c, prev);
	}
	struct thread *next = dequeue(c);
	return next ? next : c->idle;
}

static void switch_to(struct cpu *c, struct thread *prev, struct thread *next)
{
	c->stats.switches++;
	sched_account(c, prev, next);
	if (prev->state != THREAD_DEAD) {
		prev->fs_base = arch_get_fs_base();
		fpu_save(prev->fpu);
	}
	fpu_restore(next->fpu);
	arch_put_fs_base(next->fs_base);
	c->current = next;
	next->prev_thread = prev;
	arch_switch(&prev->sp, next->sp);
}

void schedule_unlock(struct cpu *c)
{
	struct thread *prev = c->current;
	struct thread *next = pick_next(c, prev);
	c->need_resched = 0;
	next->state = THREAD_RUNNING;
	update_slice(c, next);
	if (next == prev) {
		spin_unlock_noirq(&c->rq_lock);
		return;
	}
	switch_to(c, prev, next);
	/* running as prev again, switched to by prev->prev_thread */
	sched_finish_switch(this_cpu(), prev->prev_thread);
}

void thread_start(void)
{
	struct cpu *c = this_cpu();
	struct thread *t = c->current;
	sched_finish_switch(c, t->prev_thread);
	irq_enable();
	t->fn(t->arg);
	thread_exit();
}

void sched_irq_exit(void)
{
	struct cpu *c = this_cpu();
	if (!c->need_resched || c->preempt_count)
		return;
	spin_lock_noirq(&c->rq_lock);
	if (!c->current->idle)
		c->stats.preemptions++;
	schedule_unlock(c);
}

void thread_yield(void)
{
	struct cpu *c = this_cpu();
	unsigned long flags = spin_lock(&c->rq_lock);
	schedule_unlock(c);
	irq_restore(flags);
}

void preempt_disable(void)
{
	this_cpu()->preempt_count++;
}

void preempt_enable(void)
{
	struct cpu *c = this_cpu();
	if (--c->preempt_count == 0 && c->need_resched && irq_enabled())
		thread_yield();
}

static void idle_loop(void *arg)
{
	struct cpu *c = arg;
	for (;;) {
		thread_reap();
		irq_disable();
		if (c->rq_head || c->need_resched) {
			spin_lock_noirq(&c->rq_lock);
			schedule_unlock(c);
			irq_enable();
			continue;
		}
		c->stats.idle_halts++;
		__asm__ volatile("sti; hlt" : : : "memory");
	}
}

uint64_t thread_cpu_time(const struct thread *t)
{
	unsigned long flags = irq_save();
	uint64_t cycles = t->runtime;
	if (t == thread_current())
		cycles += rdtsc() - t->run_start;
	irq_restore(flags);
	return clock_tsc_to_ns(cycles);
}

uint64_t sched_cpu_time(void)
{
	unsigned long flags = irq_save();
	struct cpu *c = this_cpu();
	uint64_t cycles = c->busy_time;
	if (!c->current->idle)
		cycles += rdtsc() - c->current->run_start;
	irq_restore(flags);
	return clock_tsc_to_ns(cycles);
}

void sched_get_stats(struct sched_stats *out)
{
	unsigned long flags = irq_save();
	*out = this_cpu()->stats;
	irq_restore(flags);
	out->threads = thread_count();
	out->xsave = fpu_uses_xsave();
	out->fpu_size = fpu_state_size();
	out->xcr0 = fpu_xcr0();
}

void sched_early_init(void)
{
	arch_set_cpu_base(&boot_cpu);
	sched_cpu_ready = true;
}

void sched_init(void)
{
	/*
	 * The boot thread is running: its FPU state and %fs base are saved
	 * at its first switch, before anything restores them.
	 */
	thread_init_boot(&idle_thread);
	boot_cpu.idle = &idle_thread; /* the slice timer is set up statically */
	boot_thread.run_start = rdtsc();
	irq_enable();
}
