/*
 * mallinfo, mallinfo2: the heap's figures (mm.h's heap_usage) in glibc's
 * fields.  The heap is the kernel's, which the program shares, so arena
 * and uordblks count the kernel's objects too.  The heap has no free
 * chunks in glibc's sense (slabs of fixed sizes, page runs): ordblks,
 * smblks and fsmblks are 0; keepcost the spare slabs heap_trim() would give
 * back.
 */
#include <malloc.h>

#include "../mman/malloc_map.h"
#include "mm.h"

struct mallinfo2 mallinfo2(void)
{
	struct heap_usage u;
	size_t count, bytes;
	heap_usage(&u);
	osv_mapped_usage(&count, &bytes);
	return (struct mallinfo2){
	    .arena = u.held,
	    .hblks = count,
	    .hblkhd = bytes,
	    .uordblks = u.in_use,
	    .fordblks = u.held - u.in_use,
	    .keepcost = u.spare,
	};
}

/* glibc's int fields: the figures wrap past 2 GiB as glibc's do. */
struct mallinfo mallinfo(void)
{
	struct mallinfo2 m = mallinfo2();
	return (struct mallinfo){
	    .arena = (int)m.arena,
	    .hblks = (int)m.hblks,
	    .hblkhd = (int)m.hblkhd,
	    .uordblks = (int)m.uordblks,
	    .fordblks = (int)m.fordblks,
	    .keepcost = (int)m.keepcost,
	};
}
