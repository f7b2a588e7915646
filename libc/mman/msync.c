#include "mman_impl.h"

int msync(void *addr, size_t len, int flags)
{
	return mman_result(vm_sync((uintptr_t)addr, len, flags));
}
