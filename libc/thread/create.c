/*
 * Creating, ending and joining threads.  pthread_create() gives the new
 * thread a descriptor (struct pthread, whose address is the pthread_t),
 * its own TLS from the ELF loader (copies of the static blocks, a TCB
 * with the stack-protector canary) and a kernel thread whose %fs base is
 * that TCB.  The descriptor's state word decides who frees it: the
 * joiner (JOINABLE -> EXITED at the end), or the thread itself when it
 * ends DETACHED.  A thread the libc did not start (the program's first,
 * kernel threads) gets a descriptor on its first pthread_self().
 */
#include <string.h>
#include <sys/single_threaded.h>

#include "../signal/signal_impl.h"
#include "mm.h"
#include "program_vars.h"
#include "pthread_impl.h"

static struct pthread first_thread;

static struct pthread *new_descriptor(void)
{
	struct pthread *p = heap_calloc(1, sizeof(*p));
	if (p)
		p->state = JOINABLE;
	return p;
}

struct pthread *osv_pthread_self(void)
{
	struct thread *t = thread_current();
	struct pthread *p = thread_libc_data(t);
	if (p)
		return p;
	if (thread_id(t) == 1) { /* the boot thread runs the program */
		p = &first_thread;
		p->stack_size = DEFAULT_STACK_SIZE;
	} else if (!(p = new_descriptor())) {
		return NULL;
	}
	p->kthread = t;
	p->state = DETACHED; /* nobody frees what nobody allocated for it */
	thread_set_libc_data(t, p);
	/* Before any other thread: pthread_create() asks for its mask. */
	if (p == &first_thread)
		osv_signal_thread_start(p);
	return p;
}

pthread_t pthread_self(void)
{
	return (pthread_t)osv_pthread_self();
}

int pthread_equal(pthread_t a, pthread_t b)
{
	return a == b;
}

static void start_thread(void *arg)
{
	struct pthread *p = arg;
	p->kthread = thread_current();
	thread_set_libc_data(p->kthread, p);
	osv_signal_thread_start(p);
	pthread_exit(p->start(p->arg));
}

static void free_descriptor(struct pthread *p)
{
	osv_key_free_values(p);
	if (p != &first_thread)
		heap_free(p);
}

static int start(struct pthread *p, const struct attr_impl *a)
{
	struct thread_attr ka = {
	    .stack_size = p->stack_size,
	    .stack = a ? a->stack_addr : NULL,
	    .fs_base = (uint64_t)(uintptr_t)p->tcb,
	    /* the TLS goes when the thread's memory goes, never before */
	    .release = p->tcb ? elf_tls_destroy : NULL,
	    .release_arg = p->tcb,
	};
	struct thread *t = thread_create(start_thread, p, &ka);
	if (!t)
		return EAGAIN;
	p->kthread = t;
	if (p->state == DETACHED)
		thread_detach(t);
	return 0;
}

int pthread_create(pthread_t *thread, const pthread_attr_t *attr,
		   void *(*fn)(void *), void *arg)
{
	const struct attr_impl *a = (const struct attr_impl *)attr;
	struct pthread *me = osv_pthread_self();
	struct pthread *p = new_descriptor();
	if (!p)
		return EAGAIN;
	p->sigmask = me ? me->sigmask : 0; /* only me changes it */
	p->start = fn;
	p->arg = arg;
	p->stack_size = a && a->stack_size ? a->stack_size : DEFAULT_STACK_SIZE;
	p->guard_size = a && a->stack_addr ? 0 : 4096;
	if (a && a->detach_state == PTHREAD_CREATE_DETACHED)
		p->state = DETACHED;
	if (elf_tls_create && !(p->tcb = elf_tls_create())) {
		heap_free(p);
		return EAGAIN;
	}
	*thread = (pthread_t)p;
	/* The streams lock from now on: before the thread exists. */
	__atomic_store_n(&SINGLE_THREADED, 0, __ATOMIC_SEQ_CST);
	int err = start(p, a);
	if (err) {
		if (p->tcb && elf_tls_destroy)
			elf_tls_destroy(p->tcb);
		free_descriptor(p);
	}
	return err;
}

void osv_pthread_finish(struct pthread *self)
{
	osv_signal_thread_end(self);
	osv_thread_run_tls_dtors(self);
	osv_key_run_destructors(self);
	int joinable = JOINABLE;
	if (__atomic_compare_exchange_n(&self->state, &joinable, EXITED, false,
					__ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE))
		/* the joiner frees self only once this thread has ended */
		thread_futex_wake(&self->state, INT_MAX);
	else {
		/* detached: nobody else will.  The interrupt-return signal
		 * hook reads the descriptor until thread_exit(): unhook it
		 * first, so the hook finds none (a kernel thread's case). */
		thread_set_libc_data(thread_current(), NULL);
		free_descriptor(self);
	}
	thread_exit();
}

/* Frees an EXITED thread once its kernel thread has ended. */
static void reap(struct pthread *p)
{
	thread_join(p->kthread, false);
	free_descriptor(p);
}

/* Waits for t, as pthread_join (deadline THREAD_NO_DEADLINE) or its
 * timed variants; 0 or an error number. */
static int join(pthread_t thread, void **retval, uint64_t deadline, bool try)
{
	struct pthread *p = (struct pthread *)thread;
	if (p == osv_pthread_self())
		return EDEADLK;
	if (p->state == DETACHED)
		return EINVAL;
	if (!try)
		osv_testcancel();
	while (p->state != EXITED) {
		if (try)
			return EBUSY;
		int r = thread_futex_wait(&p->state, JOINABLE, deadline, true);
		if (r == -ETIMEDOUT)
			return ETIMEDOUT;
		if (r == -EINTR) {
			osv_testcancel();
			osv_signal_interrupted(); /* joins go on, as Linux's */
		}
	}
	if (retval)
		*retval = p->result;
	reap(p);
	return 0;
}

int pthread_join(pthread_t thread, void **retval)
{
	return join(thread, retval, THREAD_NO_DEADLINE, false);
}

int pthread_tryjoin_np(pthread_t thread, void **retval)
{
	return join(thread, retval, THREAD_NO_DEADLINE, true);
}

int pthread_clockjoin_np(pthread_t thread, void **retval, clockid_t clock,
			 const struct timespec *abstime)
{
	uint64_t deadline;
	int err = osv_deadline(clock, abstime, &deadline);
	return err ? err : join(thread, retval, deadline, false);
}

int pthread_timedjoin_np(pthread_t thread, void **retval,
			 const struct timespec *abstime)
{
	return pthread_clockjoin_np(thread, retval, CLOCK_REALTIME, abstime);
}

int pthread_detach(pthread_t thread)
{
	struct pthread *p = (struct pthread *)thread;
	int joinable = JOINABLE;
	if (__atomic_compare_exchange_n(&p->state, &joinable, DETACHED, false,
					__ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE)) {
		thread_detach(p->kthread);
		return 0;
	}
	if (joinable == DETACHED)
		return EINVAL;
	reap(p); /* EXITED: detaching it lets it go */
	return 0;
}

int pthread_getattr_np(pthread_t thread, pthread_attr_t *attr)
{
	struct pthread *p = (struct pthread *)thread;
	struct attr_impl *a = (struct attr_impl *)attr;
	pthread_attr_init(attr);
	uint64_t base;
	size_t size;
	if (thread_stack(p->kthread, &base, &size)) {
		a->stack_addr = (void *)(uintptr_t)base;
		a->stack_size = size;
	} else {
		a->stack_size = p->stack_size;
	}
	a->guard_size = p->guard_size;
	a->detach_state = p->state == DETACHED ? PTHREAD_CREATE_DETACHED
					       : PTHREAD_CREATE_JOINABLE;
	return 0;
}
