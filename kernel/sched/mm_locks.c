/*
 * The locks of the page allocator and the heap (kernel/mm/), which call
 * these through weak references so that their host tests need none.
 * Each is a spinlock that masks interrupts; the interrupt state saved
 * when it was taken lives beside it, written and read by the holder only.
 * Order: the heap's, then the pages'.
 */
#include "spinlock.h"

struct mm_lock {
	struct spinlock lock;
	unsigned long flags;
};

static struct mm_lock heap_lock, page_lock;

void mm_heap_lock(void);
void mm_heap_unlock(void);
void mm_page_lock(void);
void mm_page_unlock(void);

static void take(struct mm_lock *l)
{
	unsigned long flags = spin_lock(&l->lock);
	l->flags = flags;
}

static void drop(struct mm_lock *l)
{
	spin_unlock(&l->lock, l->flags);
}

void mm_heap_lock(void)
{
	take(&heap_lock);
}

void mm_heap_unlock(void)
{
	drop(&heap_lock);
}

void mm_page_lock(void)
{
	take(&page_lock);
}

void mm_page_unlock(void)
{
	drop(&page_lock);
}
