/* The helpers sysv_ipc.h declares. */
#include "sysv_ipc.h"

#include <errno.h>

#include "thread.h"
#include "vm.h"

int osv_sysv_fail(int err)
{
	errno = err;
	return -1;
}

time_t osv_sysv_now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	return ts.tv_sec;
}

void osv_sysv_changed(volatile int *word)
{
	__atomic_add_fetch(word, 1, __ATOMIC_SEQ_CST);
	thread_futex_wake(word, 1 << 30);
}

bool osv_sysv_buffer_ok(const void *buf, size_t len, bool store)
{
	return vm_accessible((uintptr_t)buf, len,
			     store ? VM_ACCESS_WRITE : 0) == len;
}
