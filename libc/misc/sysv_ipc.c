/* The helpers sysv_ipc.h declares. */
#include "sysv_ipc.h"

#include <errno.h>

#include "thread.h"

int sysv_fail(int err)
{
	errno = err;
	return -1;
}

time_t sysv_now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	return ts.tv_sec;
}

void sysv_changed(volatile int *word)
{
	__atomic_add_fetch(word, 1, __ATOMIC_SEQ_CST);
	thread_futex_wake(word, 1 << 30);
}
