/*
 * Unnamed semaphores (sem_t as struct sem_impl).  The value never goes
 * below zero: a waiter takes one with compare-and-swap when it is
 * positive, else sleeps while it stays zero.  sem_post() adds one and
 * wakes one sleeper if any.  Waits are cancellation points.  Named
 * semaphores (sem_open.c) are these in a shared file mapping.
 */
#include <string.h>

#include "../signal/signal_impl.h"
#include "pthread_impl.h"

#define S(s) ((struct sem_impl *)(s))

static int fail(int err)
{
	errno = err;
	return -1;
}

int sem_init(sem_t *sem, int pshared, unsigned int value)
{
	(void)pshared;
	if (value > SEM_VALUE_MAX)
		return fail(EINVAL);
	memset(sem, 0, sizeof(*sem));
	S(sem)->value = (int)value;
	return 0;
}

int sem_destroy(sem_t *sem)
{
	(void)sem;
	return 0;
}

static bool take(struct sem_impl *s)
{
	int v = __atomic_load_n(&s->value, __ATOMIC_RELAXED);
	while (v > 0)
		if (__atomic_compare_exchange_n(&s->value, &v, v - 1, false,
						__ATOMIC_ACQUIRE,
						__ATOMIC_RELAXED))
			return true;
	return false;
}

static int wait_until(struct sem_impl *s, uint64_t deadline)
{
	osv_testcancel();
	while (!take(s)) {
		__atomic_fetch_add(&s->waiters, 1, __ATOMIC_RELAXED);
		int r = thread_futex_wait(&s->value, 0, deadline, true);
		__atomic_fetch_sub(&s->waiters, 1, __ATOMIC_RELAXED);
		if (r == -ETIMEDOUT)
			return fail(ETIMEDOUT);
		if (r == -EINTR) {
			osv_testcancel();
			if (osv_signal_interrupted() != OSV_SIGNAL_NONE)
				return fail(EINTR);
		}
	}
	return 0;
}

int sem_wait(sem_t *sem)
{
	return wait_until(S(sem), THREAD_NO_DEADLINE);
}

int sem_clockwait(sem_t *sem, clockid_t clock, const struct timespec *abs)
{
	if (take(S(sem)))
		return 0;
	uint64_t deadline;
	int err = osv_deadline(clock, abs, &deadline);
	return err ? fail(err) : wait_until(S(sem), deadline);
}

int sem_timedwait(sem_t *sem, const struct timespec *abs)
{
	return sem_clockwait(sem, CLOCK_REALTIME, abs);
}

int sem_trywait(sem_t *sem)
{
	return take(S(sem)) ? 0 : fail(EAGAIN);
}

int sem_post(sem_t *sem)
{
	struct sem_impl *s = S(sem);
	int v = __atomic_load_n(&s->value, __ATOMIC_RELAXED);
	do {
		if (v == SEM_VALUE_MAX)
			return fail(EOVERFLOW);
	} while (!__atomic_compare_exchange_n(
	    &s->value, &v, v + 1, false, __ATOMIC_RELEASE, __ATOMIC_RELAXED));
	if (__atomic_load_n(&s->waiters, __ATOMIC_RELAXED))
		thread_futex_wake(&s->value, 1);
	return 0;
}

int sem_getvalue(sem_t *sem, int *value)
{
	*value = S(sem)->value;
	return 0;
}
