#ifndef _MALLOC_H
#define _MALLOC_H

#include <stddef.h>
#include <stdlib.h>

/* glibc's layouts: ten ints, ten size_ts. */
struct mallinfo {
	int arena, ordblks, smblks, hblks, hblkhd;
	int usmblks, fsmblks, uordblks, fordblks, keepcost;
};

struct mallinfo2 {
	size_t arena, ordblks, smblks, hblks, hblkhd;
	size_t usmblks, fsmblks, uordblks, fordblks, keepcost;
};

void *memalign(size_t align, size_t size);
void *valloc(size_t size);
void *pvalloc(size_t size);
struct mallinfo mallinfo(void);
struct mallinfo2 mallinfo2(void);

#endif
