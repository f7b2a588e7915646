/*
 * Deferred cancellation and the cleanup handlers of glibc's
 * pthread_cleanup_push() (the C form, without -fexceptions).  The macro
 * puts a __pthread_unwind_buf_t on the stack, records the registers in
 * it with __sigsetjmp() (libc/setjmp/) and registers it; we link the
 * buffers through their first spare pointer, newest first.  To end a
 * thread (pthread_exit or an acted-on cancellation) we longjmp() into the
 * newest buffer, whose first 68 bytes are a jmp_buf's: the macro then
 * calls the handler and __pthread_unwind_next(), which jumps into the
 * next one, and after the last, finishes the thread (create.c).
 *
 * pthread_cancel() marks the thread and, if it accepts cancellation,
 * interrupts its current or next interruptible wait (thread_interrupt()).
 * The cancellation points (joins, condition waits, semaphore waits and
 * sleeps) call osv_testcancel() on entry and when their wait is
 * interrupted.  Asynchronous cancellation is not offered: a thread that
 * asks for it is cancelled at the next cancellation point all the same.
 * C++ code and C built with -fexceptions clean up by unwinding, which
 * this library does not do: their handlers do not run on cancellation.
 */
#include "pthread_impl.h"

/* longjmp (setjmp.h), under a name that takes the smaller buffer. */
_Noreturn void cancel_longjmp(void *env, int value) __asm__("longjmp");

/* Our use of __pthread_unwind_buf_t's spare words. */
struct unwind_buf {
	char jmp_buf[72];
	void *prev; /* the next older buffer */
	void *unused;
	int cancel_type; /* saved by the _defer variants */
	int pad;
	void *pad2;
};

_Static_assert(sizeof(struct unwind_buf) == sizeof(__pthread_unwind_buf_t),
	       "__pthread_unwind_buf_t");

_Noreturn static void unwind(struct pthread *self)
{
	struct unwind_buf *buf = self->cleanup;
	if (!buf)
		osv_pthread_finish(self);
	self->cleanup = buf->prev;
	cancel_longjmp(buf->jmp_buf, 1);
}

void pthread_exit(void *retval)
{
	struct pthread *self = osv_pthread_self();
	self->exiting = true;
	self->cancel_state = PTHREAD_CANCEL_DISABLE;
	self->result = retval;
	unwind(self);
}

void __pthread_unwind_next(__pthread_unwind_buf_t *buf)
{
	(void)buf; /* unwind() already moved past it */
	unwind(osv_pthread_self());
}

void __pthread_register_cancel(__pthread_unwind_buf_t *buf)
{
	struct pthread *self = osv_pthread_self();
	((struct unwind_buf *)buf)->prev = self->cleanup;
	self->cleanup = buf;
}

void __pthread_unregister_cancel(__pthread_unwind_buf_t *buf)
{
	osv_pthread_self()->cleanup = ((struct unwind_buf *)buf)->prev;
}

void __pthread_register_cancel_defer(__pthread_unwind_buf_t *buf)
{
	struct unwind_buf *b = (struct unwind_buf *)buf;
	pthread_setcanceltype(PTHREAD_CANCEL_DEFERRED, &b->cancel_type);
	__pthread_register_cancel(buf);
}

void __pthread_unregister_cancel_restore(__pthread_unwind_buf_t *buf)
{
	struct unwind_buf *b = (struct unwind_buf *)buf;
	__pthread_unregister_cancel(buf);
	pthread_setcanceltype(b->cancel_type, NULL);
}

void osv_testcancel(void)
{
	struct pthread *self = thread_libc_data(thread_current());
	if (self && self->cancel_pending && !self->exiting &&
	    self->cancel_state == PTHREAD_CANCEL_ENABLE)
		pthread_exit(PTHREAD_CANCELED);
}

void pthread_testcancel(void)
{
	osv_testcancel();
}

int pthread_cancel(pthread_t thread)
{
	struct pthread *p = (struct pthread *)thread;
	p->cancel_pending = 1;
	if (p->cancel_state == PTHREAD_CANCEL_ENABLE && p->kthread)
		thread_interrupt(p->kthread);
	return 0;
}

int pthread_setcancelstate(int state, int *old)
{
	if (state != PTHREAD_CANCEL_ENABLE && state != PTHREAD_CANCEL_DISABLE)
		return EINVAL;
	struct pthread *self = osv_pthread_self();
	if (old)
		*old = self->cancel_state;
	if (!self->exiting)
		self->cancel_state = state;
	return 0;
}

int pthread_setcanceltype(int type, int *old)
{
	if (type != PTHREAD_CANCEL_DEFERRED &&
	    type != PTHREAD_CANCEL_ASYNCHRONOUS)
		return EINVAL;
	struct pthread *self = osv_pthread_self();
	if (old)
		*old = self->cancel_type;
	self->cancel_type = type;
	return 0;
}
