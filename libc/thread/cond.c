/*
 * Condition variables (pthread_cond_t as struct cond_impl): a sequence
 * word that every signal and broadcast bumps.  A waiter reads it, lets
 * the mutex go and sleeps only while the word still holds what it read,
 * so a signal between the unlock and the sleep is never lost; signal
 * wakes one sleeper, broadcast all of them (each then competes for the
 * mutex).  Wake-ups may be spurious, as POSIX allows.  The wait is a
 * cancellation point: a cancelled waiter takes the mutex back before its
 * cleanup handlers run.  The clock of timed waits is the attribute's
 * (CLOCK_REALTIME by default, CLOCK_MONOTONIC by
 * pthread_condattr_setclock()); a realtime deadline stays one, so
 * setting the clock moves it (kernel/include/timer.h).
 */
#include <string.h>

#include "../signal/signal_impl.h"
#include "pthread_impl.h"

#define C(c) ((struct cond_impl *)(c))
#define M(m) ((struct mutex_impl *)(m))

int pthread_cond_init(pthread_cond_t *c, const pthread_condattr_t *attr)
{
	memset(c, 0, sizeof(*c));
	if (attr)
		C(c)->clock = *(const int *)attr;
	return 0;
}

int pthread_cond_destroy(pthread_cond_t *c)
{
	(void)c;
	return 0;
}

/* Releases m entirely (a recursive one too); returns its extra count. */
static unsigned release(pthread_mutex_t *m)
{
	unsigned count = M(m)->count;
	M(m)->count = 0;
	pthread_mutex_unlock(m);
	return count;
}

static void reacquire(pthread_mutex_t *m, unsigned count)
{
	pthread_mutex_lock(m);
	M(m)->count = count;
}

/* sets: NULL, or the wall clock's count of sets deadline is from. */
static int wait_until(struct cond_impl *c, pthread_mutex_t *m,
		      uint64_t deadline, const uint64_t *sets)
{
	osv_testcancel();
	int seq = c->seq;
	__atomic_fetch_add(&c->waiters, 1, __ATOMIC_RELAXED);
	unsigned count = release(m);
	int r =
	    sets ? thread_futex_wait_sets(&c->seq, seq, deadline, true, *sets)
		 : thread_futex_wait(&c->seq, seq, deadline, true);
	__atomic_fetch_sub(&c->waiters, 1, __ATOMIC_RELAXED);
	if (r == -EINTR) /* the handlers due, then a spurious wake-up */
		osv_signal_interrupted();
	reacquire(m, count);
	if (r == -EINTR)
		osv_testcancel(); /* exits with the mutex held */
	return r == -ETIMEDOUT ? ETIMEDOUT : 0;
}

int osv_cond_wait_until(pthread_cond_t *c, pthread_mutex_t *m,
			uint64_t deadline, uint64_t sets)
{
	return wait_until(C(c), m, deadline, &sets);
}

int pthread_cond_wait(pthread_cond_t *c, pthread_mutex_t *m)
{
	return wait_until(C(c), m, THREAD_NO_DEADLINE, NULL);
}

int pthread_cond_clockwait(pthread_cond_t *c, pthread_mutex_t *m,
			   clockid_t clock, const struct timespec *abs)
{
	uint64_t deadline;
	int err = osv_deadline(clock, abs, &deadline);
	return err ? err : wait_until(C(c), m, deadline, NULL);
}

int pthread_cond_timedwait(pthread_cond_t *c, pthread_mutex_t *m,
			   const struct timespec *abs)
{
	return pthread_cond_clockwait(c, m, C(c)->clock, abs);
}

int pthread_cond_signal(pthread_cond_t *c)
{
	__atomic_fetch_add(&C(c)->seq, 1, __ATOMIC_RELEASE);
	if (C(c)->waiters)
		thread_futex_wake(&C(c)->seq, 1);
	return 0;
}

int pthread_cond_broadcast(pthread_cond_t *c)
{
	__atomic_fetch_add(&C(c)->seq, 1, __ATOMIC_RELEASE);
	if (C(c)->waiters)
		thread_futex_wake(&C(c)->seq, INT_MAX);
	return 0;
}

/* pthread_condattr_t: the clock id. */
int pthread_condattr_init(pthread_condattr_t *attr)
{
	memset(attr, 0, sizeof(*attr));
	return 0;
}

int pthread_condattr_destroy(pthread_condattr_t *attr)
{
	(void)attr;
	return 0;
}

int pthread_condattr_setclock(pthread_condattr_t *attr, clockid_t clock)
{
	if (clock != CLOCK_REALTIME && clock != CLOCK_MONOTONIC)
		return EINVAL;
	*(int *)attr = clock;
	return 0;
}

int pthread_condattr_getclock(const pthread_condattr_t *attr, clockid_t *clock)
{
	*clock = *(const int *)attr;
	return 0;
}

int pthread_condattr_setpshared(pthread_condattr_t *attr, int pshared)
{
	(void)attr;
	return pshared == PTHREAD_PROCESS_PRIVATE ||
		       pshared == PTHREAD_PROCESS_SHARED
		   ? 0
		   : EINVAL;
}

int pthread_condattr_getpshared(const pthread_condattr_t *attr, int *pshared)
{
	(void)attr;
	*pshared = PTHREAD_PROCESS_PRIVATE;
	return 0;
}
