/*
 * Barriers (pthread_barrier_t as struct barrier_impl).  Arrivals are
 * counted under an internal lock; the last one starts a new generation
 * and wakes everyone sleeping on the generation word.  The last arrival
 * gets PTHREAD_BARRIER_SERIAL_THREAD.  Not a cancellation point.
 */
#include <string.h>

#include "pthread_impl.h"

#define B(b) ((struct barrier_impl *)(b))

int pthread_barrier_init(pthread_barrier_t *b,
			 const pthread_barrierattr_t *attr, unsigned count)
{
	(void)attr;
	if (count == 0 || count > INT_MAX)
		return EINVAL;
	memset(b, 0, sizeof(*b));
	B(b)->count = count;
	return 0;
}

int pthread_barrier_destroy(pthread_barrier_t *b)
{
	return B(b)->arrived ? EBUSY : 0;
}

int pthread_barrier_wait(pthread_barrier_t *bp)
{
	struct barrier_impl *b = B(bp);
	osv_lock(&b->lock);
	int generation = b->generation;
	if (++b->arrived == b->count) {
		b->arrived = 0;
		__atomic_fetch_add(&b->generation, 1, __ATOMIC_RELEASE);
		osv_unlock(&b->lock);
		thread_futex_wake(&b->generation, INT_MAX);
		return PTHREAD_BARRIER_SERIAL_THREAD;
	}
	osv_unlock(&b->lock);
	while (__atomic_load_n(&b->generation, __ATOMIC_ACQUIRE) == generation)
		thread_futex_wait(&b->generation, generation,
				  THREAD_NO_DEADLINE, false);
	return 0;
}

int pthread_barrierattr_init(pthread_barrierattr_t *attr)
{
	memset(attr, 0, sizeof(*attr));
	return 0;
}

int pthread_barrierattr_destroy(pthread_barrierattr_t *attr)
{
	(void)attr;
	return 0;
}

int pthread_barrierattr_setpshared(pthread_barrierattr_t *attr, int pshared)
{
	(void)attr;
	return pshared == PTHREAD_PROCESS_PRIVATE ||
		       pshared == PTHREAD_PROCESS_SHARED
		   ? 0
		   : EINVAL;
}

int pthread_barrierattr_getpshared(const pthread_barrierattr_t *attr,
				   int *pshared)
{
	(void)attr;
	*pshared = PTHREAD_PROCESS_PRIVATE;
	return 0;
}
