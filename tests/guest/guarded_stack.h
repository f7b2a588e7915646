/*
 * A stack for the signal tests (sigstack, sigasync): min bytes between
 * two unmapped pages, so that a delivery or handler writing outside it
 * faults instead of passing unseen.  Returns its lowest address, or NULL.
 */
#ifndef TESTS_GUEST_GUARDED_STACK_H
#define TESTS_GUEST_GUARDED_STACK_H

#include <stddef.h>
#include <sys/mman.h>
#include <unistd.h>

static inline unsigned char *guarded_stack(size_t min)
{
	size_t page = (size_t)sysconf(_SC_PAGESIZE);
	size_t span = (min + page - 1) / page * page;
	unsigned char *map = mmap(NULL, span + 2 * page, PROT_READ | PROT_WRITE,
				  MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (map == MAP_FAILED)
		return NULL;
	mprotect(map, page, PROT_NONE);
	mprotect(map + page + span, page, PROT_NONE);
	return map + page + span - min;
}

#endif
