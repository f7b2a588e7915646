/*
 * Sleeplocks on futex-style words: a compare-and-swap when free, else
 * mark the word contended and sleep.  An unlock that finds sleepers
 * hands the lock to the longest one (thread_futex_hand_off()) rather
 * than freeing it: freed, it would be taken again by a holder that
 * loops before the woken sleeper runs, and the sleeper could starve.
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
		/* Woken (0) is only ever by a hand-off: the lock is ours. */
		if (!thread_futex_wait(&l->state, 2, THREAD_NO_DEADLINE, false))
			return;
		c = __atomic_exchange_n(&l->state, 2, __ATOMIC_ACQUIRE);
	}
}

void sleep_unlock(struct sleeplock *l)
{
	int c = 1;
	if (!__atomic_compare_exchange_n(&l->state, &c, 0, false,
					 __ATOMIC_RELEASE, __ATOMIC_RELAXED))
		thread_futex_hand_off(&l->state);
}
