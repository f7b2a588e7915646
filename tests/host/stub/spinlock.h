/*
 * The kernel's spinlock.h for host tests of one thread: the same
 * interface, no interrupts to mask and nothing to wait for.
 */
#ifndef KERNEL_SPINLOCK_H
#define KERNEL_SPINLOCK_H

struct spinlock {
	volatile unsigned locked;
};

#define SPINLOCK_INIT                                                          \
	{                                                                      \
		0                                                              \
	}

static inline unsigned long spin_lock(struct spinlock *l)
{
	l->locked = 1;
	return 0;
}

static inline void spin_unlock(struct spinlock *l, unsigned long flags)
{
	(void)flags;
	l->locked = 0;
}

static inline void spin_lock_noirq(struct spinlock *l)
{
	l->locked = 1;
}

static inline void spin_unlock_noirq(struct spinlock *l)
{
	l->locked = 0;
}

#endif
