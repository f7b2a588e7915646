/*
 * Sleeplocks on futex-style words: a compare-and-swap when free, else
 * mark the word contended and sleep until an unlock wakes one sleeper.
 */
#include "sleeplock.h"
#include "thread.h"

void sleep_lock(struct sleeplock *l)
{
	int c = 0;
	if (__atomic_compare_exchange_n(&l->state, &c, 1, false,
					__ATOMIC_ACQUIRE, __ATOMIC_RELAXED))
		return;
	if (c != 2)
		c = __atomic_exchange_n(&l->state, 2, __ATOMIC_ACQUIRE);
	while (c != 0) {
		thread_futex_wait(&l->state, 2, THREAD_NO_DEADLINE, false);
		c = __atomic_exchange_n(&l->state, 2, __ATOMIC_ACQUIRE);
	}
}

void sleep_unlock(struct sleeplock *l)
{
	if (__atomic_exchange_n(&l->state, 0, __ATOMIC_RELEASE) == 2)
		thread_futex_wake(&l->state, 1);
}
