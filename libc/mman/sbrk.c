/*
 * brk, sbrk: there is no program break to move (the heap is the
 * kernel's, programs share the address space), so the break stays where
 * it starts, the end of the kernel's image, which sbrk(0) reports for the
 * programs that look at it (to measure their heap, or to check that
 * sbrk works before using mmap); moving it fails with ENOMEM, as Linux's
 * does when no memory is left.
 */
#include <errno.h>
#include <stdint.h>
#include <unistd.h>

extern char __bss_end[];

int brk(void *addr)
{
	if (addr == __bss_end)
		return 0;
	errno = ENOMEM;
	return -1;
}

void *sbrk(intptr_t increment)
{
	if (increment == 0)
		return __bss_end;
	errno = ENOMEM;
	return (void *)-1;
}
