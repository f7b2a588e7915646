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

struct sleeplock {
	volatile int state; /* 0 free, 1 held, 2 held with sleepers */
};

#define SLEEPLOCK_INIT                                                         \
	{                                                                      \
		0                                                              \
	}

void sleep_lock(struct sleeplock *l);
void sleep_unlock(struct sleeplock *l);

#endif
