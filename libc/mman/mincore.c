#include "mman_impl.h"

int mincore(void *addr, size_t len, unsigned char *vec)
{
	return mman_result(vm_incore((uintptr_t)addr, len, vec));
}
