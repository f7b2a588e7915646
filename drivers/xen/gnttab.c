/*
 * Grant tables, version 1: an array of 8-byte entries (flags, domain,
 * frame) in frames Xen maps into the guest with XENMEM_add_to_physmap
 * (XENMAPSPACE_grant_table, frame index i at a page of ours).  A grant
 * is written frame and domain first, then the flags that make it
 * valid; revoking swaps the flags to 0 only while the other domain has
 * no mapping (GTF_reading/GTF_writing clear).  Free references form a
 * list threaded through a side array; the first eight stay reserved
 * for the toolstack (the console and XenStore pages).
 */
#include <errno.h>

#include "mm.h"
#include "spinlock.h"
#include "xen.h"
#include "xen_hv.h"

static volatile struct xen_grant_entry_v1 *table;
static uint32_t *next_free; /* per ref: the next free ref */
static uint32_t free_head, free_count, nr_entries;
static struct spinlock lock;

static int map_frames(unsigned nframes)
{
	for (unsigned i = 0; i < nframes; i++) {
		struct xen_add_to_physmap xatp = {
		    .domid = XEN_DOMID_SELF,
		    .space = XEN_MAPSPACE_GRANT_TABLE,
		    .idx = i,
		    .gpfn = xen_hv_gfn((const char *)table + i * XEN_PAGE_SIZE),
		};
		long rc =
		    xen_hypercall(XEN_HC_MEMORY_OP, XEN_MEM_ADD_TO_PHYSMAP,
				  (unsigned long)&xatp, 0);
		if (rc)
			return (int)rc;
	}
	return 0;
}

int gnttab_init(unsigned nframes)
{
	unsigned order = 0;
	while ((1u << order) < nframes)
		order++;
	table = page_alloc(order);
	nr_entries = nframes * XEN_GNTTAB_PER_FRAME;
	next_free = heap_alloc(nr_entries * sizeof(*next_free));
	if (!table || !next_free)
		return -ENOMEM;
	int rc = map_frames(nframes);
	if (rc)
		return rc;
	free_head = XEN_GNTTAB_RESERVED;
	free_count = nr_entries - XEN_GNTTAB_RESERVED;
	for (uint32_t r = XEN_GNTTAB_RESERVED; r < nr_entries; r++)
		next_free[r] = r + 1;
	return 0;
}

int gnttab_grant(xen_domid_t dom, uint64_t gfn, bool readonly)
{
	if (gfn >> 32)
		return -1; /* a v1 entry holds 32 bits of frame number */
	unsigned long flags = spin_lock(&lock);
	if (!free_count) {
		spin_unlock(&lock, flags);
		return -1;
	}
	uint32_t ref = free_head;
	free_head = next_free[ref];
	free_count--;
	spin_unlock(&lock, flags);
	table[ref].frame = (uint32_t)gfn;
	table[ref].domid = dom;
	__atomic_thread_fence(__ATOMIC_RELEASE);
	table[ref].flags =
	    XEN_GTF_PERMIT_ACCESS | (readonly ? XEN_GTF_READONLY : 0);
	return (int)ref;
}

int gnttab_end(xen_grant_ref_t ref)
{
	volatile uint16_t *f = &table[ref].flags;
	uint16_t old = *f;
	do {
		if (old & (XEN_GTF_READING | XEN_GTF_WRITING))
			return -1;
	} while (!__atomic_compare_exchange_n(
	    f, &old, 0, false, __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE));
	unsigned long flags = spin_lock(&lock);
	next_free[ref] = free_head;
	free_head = ref;
	free_count++;
	spin_unlock(&lock, flags);
	return 0;
}

unsigned gnttab_free_count(void)
{
	return free_count;
}
