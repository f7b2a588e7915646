#include "mman_impl.h"

int mprotect(void *addr, size_t len, int prot)
{
	return mman_result(vm_protect((uintptr_t)addr, len, prot));
}
