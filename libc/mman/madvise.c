/*
 * madvise, and posix_madvise, which returns the error instead of setting
 * errno and, as glibc's, ignores POSIX_MADV_DONTNEED: POSIX means it as
 * a hint that must not lose data, and Linux's MADV_DONTNEED drops it.
 */
#include "mman_impl.h"

int madvise(void *addr, size_t len, int advice)
{
	return mman_result(vm_advise((uintptr_t)addr, len, advice));
}

int posix_madvise(void *addr, size_t len, int advice)
{
	if (advice == POSIX_MADV_DONTNEED)
		return 0;
	if (advice < POSIX_MADV_NORMAL || advice > POSIX_MADV_WILLNEED)
		return EINVAL;
	return -vm_advise((uintptr_t)addr, len, advice);
}
