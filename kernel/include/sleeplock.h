/*
 * A lock that sleeps instead of spinning, for long critical sections
 * (filesystem operations, describing an interrupt line to the IOAPIC).
 * Never take one with interrupts masked or a spinlock held, nor from an
 * interrupt handler.  A zeroed sleeplock is unlocked.  Not recursive.
 * Fair: an unlock with waiters hands the lock to the one that has waited
 * longest, so a thread that takes it in a loop cannot starve them.
 */
#ifndef KERNEL_SLEEPLOCK_H
#define KERNEL_SLEEPLOCK_H

#include <stdbool.h>

struct sleeplock {
	volatile int state; /* 0 free, 1 held, 2 held with sleepers */
};

#define SLEEPLOCK_INIT                                                         \
	{                                                                      \
		0                                                              \
	}

void sleep_lock(struct sleeplock *l);
void sleep_unlock(struct sleeplock *l);

/*
 * Whether l is held, or waited for, at this moment (it may change right
 * after): for code deciding whether to wait for its holder.  True from
 * the atomic store by which sleep_lock() takes or claims l, made before
 * it returns or sleeps, until the sleep_unlock() that leaves no waiter:
 * a hand-off to a waiter keeps it true throughout.  A sequentially
 * consistent load, so a holder that fences (seq_cst) after sleep_lock()
 * and then reads a flag pairs with another thread that sets the flag
 * and then asks this (a Dekker handshake: one of the two sees the
 * other).
 */
static inline bool sleep_lock_held(const struct sleeplock *l)
{
	return __atomic_load_n(&l->state, __ATOMIC_SEQ_CST) != 0;
}

#endif
