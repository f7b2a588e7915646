/*
 * Thread stacks with a guard page.  RAM is identity-mapped with 2 MiB
 * pages, so a guard cannot be carved out of it; instead each stack gets
 * a range of its own in a virtual region far above RAM (and above the
 * ELF loader's), mapped with paging_map() onto physically contiguous
 * pages, with the page just below the stack left unmapped.  Running off
 * the bottom of the stack then faults at once.
 *
 * Virtual ranges are handed out upwards from STACK_REGION_START and
 * recycled by size: a freed range goes on a list and the next stack of
 * the same size takes it.  Physical pages come from the buddy allocator
 * rounded up to a power of two, the unused tail returned at once.
 */
#include "arch.h"
#include "mm.h"
#include "sched_impl.h"

#define STACK_REGION_START 0x0000780000000000ULL
#define STACK_REGION_END 0x00007f0000000000ULL

struct free_range {
	uint64_t va, size; /* size includes the guard page */
	struct free_range *next;
};

static struct spinlock lock;
static uint64_t next_va = STACK_REGION_START;
static struct free_range *free_ranges;

static unsigned order_for(uint64_t pages)
{
	unsigned order = 0;
	while ((1ULL << order) < pages)
		order++;
	return order;
}

/* A virtual range of size bytes (guard included), 0 when exhausted. */
static uint64_t take_range(uint64_t size)
{
	unsigned long flags = spin_lock(&lock);
	uint64_t va = 0;
	for (struct free_range **p = &free_ranges; *p; p = &(*p)->next) {
		if ((*p)->size == size) {
			struct free_range *r = *p;
			*p = r->next;
			va = r->va;
			spin_unlock(&lock, flags);
			heap_free(r);
			return va;
		}
	}
	if (next_va + size <= STACK_REGION_END) {
		va = next_va;
		next_va += size;
	}
	spin_unlock(&lock, flags);
	return va;
}

static void give_range(uint64_t va, uint64_t size)
{
	struct free_range *r = heap_alloc(sizeof(*r));
	if (!r)
		return; /* the range is lost, not the memory */
	r->va = va;
	r->size = size;
	unsigned long flags = spin_lock(&lock);
	r->next = free_ranges;
	free_ranges = r;
	spin_unlock(&lock, flags);
}

bool stack_alloc(struct stack *s, uint64_t size)
{
	size = (size + PAGE_SIZE - 1) & ~(PAGE_SIZE - 1);
	uint64_t pages = size / PAGE_SIZE;
	unsigned order = order_for(pages);
	char *mem = page_alloc(order);
	if (!mem)
		return false;
	if (pages < (1ULL << order))
		page_free_run(mem + size, (1ULL << order) - pages);
	uint64_t region = take_range(size + PAGE_SIZE);
	int bad = !region || paging_map(region + PAGE_SIZE, (uint64_t)mem, size,
					PAGING_READ | PAGING_WRITE);
	if (bad) {
		if (region)
			give_range(region, size + PAGE_SIZE);
		page_free_run(mem, pages);
		return false;
	}
	s->region = region;
	s->base = region + PAGE_SIZE;
	s->size = size;
	s->phys = (uint64_t)mem;
	return true;
}

void stack_free(struct stack *s)
{
	if (!s->region)
		return;
	paging_unmap(s->base, s->size);
	page_free_run((void *)s->phys, s->size / PAGE_SIZE);
	give_range(s->region, s->size + PAGE_SIZE);
	s->region = 0;
}
