/*
 * spin_lock() and spin_unlock() out of line: one copy for the whole
 * kernel (see kernel/include/spinlock.h).
 */
#include "spinlock.h"

unsigned long spin_lock(struct spinlock *l)
{
	unsigned long flags = irq_save();

	spin_lock_noirq(l);
	return flags;
}

void spin_unlock(struct spinlock *l, unsigned long flags)
{
	spin_unlock_noirq(l);
	irq_restore(flags);
}
