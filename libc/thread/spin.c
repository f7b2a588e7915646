/*
 * Spinlocks.  A spinning thread on a single CPU only waits for the
 * holder to be scheduled again, so after a short spin it yields.
 */
#include "pthread_impl.h"

#define SPINS_BEFORE_YIELD 100

int pthread_spin_init(pthread_spinlock_t *lock, int pshared)
{
	(void)pshared;
	*lock = 0;
	return 0;
}

int pthread_spin_destroy(pthread_spinlock_t *lock)
{
	(void)lock;
	return 0;
}

int pthread_spin_lock(pthread_spinlock_t *lock)
{
	unsigned spins = 0;
	while (__atomic_exchange_n(lock, 1, __ATOMIC_ACQUIRE)) {
		while (*lock) {
			__asm__ volatile("pause");
			if (++spins % SPINS_BEFORE_YIELD == 0)
				thread_yield();
		}
	}
	return 0;
}

int pthread_spin_trylock(pthread_spinlock_t *lock)
{
	return __atomic_exchange_n(lock, 1, __ATOMIC_ACQUIRE) ? EBUSY : 0;
}

int pthread_spin_unlock(pthread_spinlock_t *lock)
{
	__atomic_store_n(lock, 0, __ATOMIC_RELEASE);
	return 0;
}
