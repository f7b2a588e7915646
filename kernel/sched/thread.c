/*
 * A thread's life.  thread_new() allocates the structure, the FPU area
 * (a copy of the clean initial state) and a guarded stack (the boot's
 * two threads are static instead: thread_init_boot()), and lays out
 * the stack so that the first switch to it "returns" into
 * arch_thread_trampoline(), which calls thread_start() (sched.c), which
 * calls fn(arg) and then thread_exit().
 *
 * An ending thread marks itself DEAD and switches away for good; the
 * thread that runs next calls thread_dead() once the dead one is off the
 * CPU.  A joinable thread then gets exited = 1 and its joiner, which
 * sleeps on that word, frees it.  A detached one goes on the zombie list
 * that thread_create() and the idle loop empty.  When the last thread
 * (idle threads aside) ends, the program ends: exit(0), as POSIX says
 * for a process whose last thread calls pthread_exit().
 */
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "mm.h"
#include "sched_impl.h"

/* Six callee-saved registers and the return address (switch.S). */
#define SWITCH_FRAME_WORDS 7

static struct spinlock zombie_lock;
static struct thread *zombies;
static volatile int next_id = THREAD_ID_IDLE + 1; /* after the boot's */
static volatile unsigned live = 1; /* not yet DEAD, idle ones aside */

bool thread_init_common(struct thread *t, const char *name)
{
	t->fpu = heap_memalign(64, fpu_state_size());
	if (!t->fpu)
		return false;
	fpu_state_init(t->fpu);
	t->id = __atomic_fetch_add(&next_id, 1, __ATOMIC_RELAXED);
	thread_set_name(t, name ? name : "");
	wait_init_thread(t);
	return true;
}

static void free_thread(struct thread *t)
{
	if (t->release)
		t->release(t->release_arg);
	stack_free(&t->stack);
	if (t->static_storage)
		return; /* the boot's: its structure is not the heap's */
	heap_free(t->fpu);
	heap_free(t);
}

/* The initial stack: the switch frame under a 16-byte aligned top. */
static void prepare_stack(struct thread *t, uint64_t top)
{
	uint64_t *sp = (uint64_t *)((top & ~15ULL) - SWITCH_FRAME_WORDS * 8);
	/* a few stores in line: no memset() path for the boot to translate */
	__builtin_memset(sp, 0, (SWITCH_FRAME_WORDS - 1) * 8);
	sp[SWITCH_FRAME_WORDS - 1] =
	    (uint64_t)(uintptr_t)arch_thread_trampoline;
	t->sp = (uint64_t)(uintptr_t)sp;
}

void thread_init_boot(struct thread *t)
{
	fpu_state_init(t->fpu);
	/*
	 * prepare_stack()'s frame without its zeroing: the stack is static,
	 * in .bss (zero at every boot, boot.S), and 16-byte aligned.
	 */
	uint64_t *sp =
	    (uint64_t *)(t->stack.base + t->stack.size) - SWITCH_FRAME_WORDS;
	sp[SWITCH_FRAME_WORDS - 1] =
	    (uint64_t)(uintptr_t)arch_thread_trampoline;
	t->sp = (uint64_t)(uintptr_t)sp;
}

static bool give_stack(struct thread *t, const struct thread_attr *attr)
{
	if (attr && attr->stack) {
		t->stack.base = (uint64_t)(uintptr_t)attr->stack;
		t->stack.size = attr->stack_size;
		prepare_stack(t, (uint64_t)(uintptr_t)attr->stack +
				     attr->stack_size);
		return true;
	}
	size_t size =
	    attr && attr->stack_size ? attr->stack_size : THREAD_STACK_DEFAULT;
	if (!stack_alloc(&t->stack, size))
		return false;
	prepare_stack(t, t->stack.base + t->stack.size);
	return true;
}

struct thread *thread_new(thread_fn fn, void *arg,
			  const struct thread_attr *attr)
{
	struct thread *t = heap_calloc(1, sizeof(*t));
	if (!t)
		return NULL;
	if (!give_stack(t, attr)) {
		heap_free(t);
		return NULL;
	}
	if (!thread_init_common(t, attr ? attr->name : NULL)) {
		stack_free(&t->stack);
		heap_free(t);
		return NULL;
	}
	t->fn = fn;
	t->arg = arg;
	t->fs_base = attr ? attr->fs_base : 0;
	if (attr) {
		t->release = attr->release;
		t->release_arg = attr->release_arg;
	}
	t->state = THREAD_READY;
	return t;
}

struct thread *thread_create(thread_fn fn, void *arg,
			     const struct thread_attr *attr)
{
	thread_reap();
	struct thread *t = thread_new(fn, arg, attr);
	if (!t)
		return NULL;
	struct cpu *c = this_cpu();
	t->cpu = c;
	__atomic_fetch_add(&live, 1, __ATOMIC_RELAXED);
	unsigned long flags = spin_lock(&c->rq_lock);
	sched_make_ready(t);
	spin_unlock(&c->rq_lock, flags);
	return t;
}

void thread_exit(void)
{
	struct cpu *c = this_cpu();
	/* nobody left to run the program */
	if (__atomic_load_n(&live, __ATOMIC_RELAXED) == 1)
		exit(0);
	irq_disable();
	spin_lock_noirq(&c->rq_lock);
	__atomic_fetch_sub(&live, 1, __ATOMIC_RELAXED);
	c->current->state = THREAD_DEAD;
	schedule_unlock(c);
	__builtin_unreachable();
}

void thread_dead(struct thread *t)
{
	spin_lock_noirq(&zombie_lock);
	bool detached = t->detached;
	if (detached) {
		t->zombie_next = zombies;
		zombies = t;
	} else {
		t->exited = 1;
	}
	spin_unlock_noirq(&zombie_lock);
	if (!detached)
		thread_futex_wake(&t->exited, INT_MAX);
}

void thread_reap(void)
{
	unsigned long flags = spin_lock(&zombie_lock);
	struct thread *list = zombies;
	zombies = NULL;
	spin_unlock(&zombie_lock, flags);
	while (list) {
		struct thread *next = list->zombie_next;
		free_thread(list);
		list = next;
	}
}

int thread_join(struct thread *t, bool interruptible)
{
	while (!t->exited) {
		int r = thread_futex_wait(&t->exited, 0, THREAD_NO_DEADLINE,
					  interruptible);
		if (r == -EINTR)
			return r;
	}
	free_thread(t);
	return 0;
}

void thread_detach(struct thread *t)
{
	unsigned long flags = spin_lock(&zombie_lock);
	bool exited = t->exited;
	t->detached = true;
	spin_unlock(&zombie_lock, flags);
	if (exited)
		free_thread(t);
}

unsigned thread_count(void)
{
	return live;
}

int thread_id(const struct thread *t)
{
	return t->id;
}

/*
 * A byte loop rather than strncpy(), whose padding and copy paths the boot
 * would translate for the few threads it names.
 */
void thread_set_name(struct thread *t, const char *name)
{
	size_t i = 0;

	for (; i < THREAD_NAME_MAX - 1 && name[i]; i++)
		t->name[i] = name[i];
	t->name[i] = 0;
}

void thread_get_name(const struct thread *t, char *buf, size_t len)
{
	if (!len)
		return;
	strncpy(buf, t->name, len - 1);
	buf[len - 1] = 0;
}

int *thread_errno_location(void)
{
	return &thread_current()->errno_value;
}

void *thread_libc_data(const struct thread *t)
{
	return t->libc;
}

void thread_set_libc_data(struct thread *t, void *data)
{
	t->libc = data;
}

struct thread *thread_stack_overflow(uint64_t addr)
{
	if (!sched_cpu_ready)
		return NULL; /* a fault before sched_early_init() */
	struct thread *t = thread_current();
	if (!t || !t->stack.region)
		return NULL;
	return addr >= t->stack.region && addr < t->stack.base ? t : NULL;
}

bool thread_stack(const struct thread *t, uint64_t *base, size_t *size)
{
	if (!t->stack.base)
		return false;
	*base = t->stack.base;
	*size = t->stack.size;
	return true;
}
