/*
 * Locking memory: nothing is ever paged out, so locking is mapping every
 * page now (as Linux does) and unlocking is checking the range.  Memory
 * mapped later is mapped on demand even after mlockall(MCL_FUTURE).
 */
#include "mm.h"
#include "mman_impl.h"

#define MLOCK_ONFAULT 1

int mlock(const void *addr, size_t len)
{
	uintptr_t a = (uintptr_t)addr;
	size_t skew = a & (PAGE_SIZE - 1); /* mlock rounds addr down */
	return mman_result(vm_lock_range(a - skew, len + skew, true));
}

int mlock2(const void *addr, size_t len, unsigned int flags)
{
	if (flags & ~MLOCK_ONFAULT) {
		errno = EINVAL;
		return -1;
	}
	return flags ? munlock(addr, len) : mlock(addr, len);
}

int munlock(const void *addr, size_t len)
{
	uintptr_t a = (uintptr_t)addr;
	size_t skew = a & (PAGE_SIZE - 1);
	return mman_result(vm_lock_range(a - skew, len + skew, false));
}

int mlockall(int flags)
{
	if (!flags || (flags & ~(MCL_CURRENT | MCL_FUTURE | MCL_ONFAULT))) {
		errno = EINVAL;
		return -1;
	}
	return 0;
}

int munlockall(void)
{
	return 0;
}
