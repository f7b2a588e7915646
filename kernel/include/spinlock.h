/*
 * Spinlocks that mask interrupts.  Holding one, the CPU takes no
 * interrupt, so the holder is never preempted and an interrupt handler
 * on the same CPU never spins on a lock its thread holds.  Another CPU
 * spins until the lock is free.  Keep critical sections short and never
 * sleep in one.  A zeroed spinlock is unlocked.
 */
#ifndef KERNEL_SPINLOCK_H
#define KERNEL_SPINLOCK_H

#include "irq.h"

struct spinlock {
	volatile unsigned locked;
};

#define SPINLOCK_INIT                                                          \
	{                                                                      \
		0                                                              \
	}

/* Takes the lock with interrupts already disabled. */
static inline void spin_lock_noirq(struct spinlock *l)
{
	while (__atomic_exchange_n(&l->locked, 1, __ATOMIC_ACQUIRE))
		while (l->locked)
			__asm__ volatile("pause");
}

static inline void spin_unlock_noirq(struct spinlock *l)
{
	__atomic_store_n(&l->locked, 0, __ATOMIC_RELEASE);
}

/*
 * Disables interrupts, takes the lock; returns the interrupt state.  Out
 * of line, as is spin_unlock() (kernel/sched/spinlock.c): each inlined
 * copy the boot runs is code TCG translates again (about 3 blocks a
 * pair), while the call costs a few cycles.
 */
unsigned long spin_lock(struct spinlock *l);

/* Releases the lock and restores the state spin_lock() returned. */
void spin_unlock(struct spinlock *l, unsigned long flags);

#endif
