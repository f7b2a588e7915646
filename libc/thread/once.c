/*
 * pthread_once: the word goes 0 (never run) -> 1 (running) -> 2 (done);
 * callers that find it running sleep on it until it is done.
 */
#include "pthread_impl.h"

enum { NEVER, RUNNING, DONE };

int pthread_once(pthread_once_t *once, void (*init)(void))
{
	volatile int *state = (volatile int *)once;
	int never = NEVER;
	if (__atomic_load_n(state, __ATOMIC_ACQUIRE) == DONE)
		return 0;
	if (__atomic_compare_exchange_n(state, &never, RUNNING, false,
					__ATOMIC_ACQUIRE, __ATOMIC_ACQUIRE)) {
		init();
		__atomic_store_n(state, DONE, __ATOMIC_RELEASE);
		thread_futex_wake(state, INT_MAX);
		return 0;
	}
	while (__atomic_load_n(state, __ATOMIC_ACQUIRE) == RUNNING)
		thread_futex_wait(state, RUNNING, THREAD_NO_DEADLINE, false);
	return 0;
}
