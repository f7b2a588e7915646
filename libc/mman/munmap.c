#include "mman_impl.h"

int munmap(void *addr, size_t len)
{
	return mman_result(vm_unmap((uintptr_t)addr, len));
}
