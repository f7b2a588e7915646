/* mremap: the fifth argument, the new address, comes with MREMAP_FIXED. */
#include <stdarg.h>

#include "mman_impl.h"

void *mremap(void *old, size_t old_len, size_t new_len, int flags, ...)
{
	void *new_addr = NULL;
	if (flags & MREMAP_FIXED) {
		va_list ap;
		va_start(ap, flags);
		new_addr = va_arg(ap, void *);
		va_end(ap);
	}
	uint64_t out = 0;
	int err = vm_remap((uintptr_t)old, old_len, new_len, flags,
			   (uintptr_t)new_addr, &out);
	if (mman_result(err))
		return MAP_FAILED;
	return (void *)(uintptr_t)out;
}
