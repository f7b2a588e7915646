/*
 * The memory subsystem's whole interface: physical pages and the kernel heap.
 *
 * Two layers.  The page allocator (kernel/mm/page_alloc.c) owns every free
 * page of RAM and hands out power-of-two blocks of pages with a buddy system;
 * it needs no memory of its own before the first range of RAM is given to it.
 * The heap (kernel/mm/heap.c) sits on top of it and provides malloc-style
 * allocation: small objects from one-page slabs of fixed size classes, large
 * ones as runs of whole pages.
 *
 * Addresses are physical, which in this kernel are also virtual (identity
 * mapping), so the allocators can write their bookkeeping straight into the
 * memory they manage.
 *
 * Misuse that is cheap to notice (double free, freeing a pointer that was
 * never handed out, overwritten bookkeeping) is reported through
 * mm_corruption(), which the kernel defines to panic and the host tests define
 * to record the report.  After it returns, the offending call does nothing.
 */
#ifndef OSV_MM_H
#define OSV_MM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define PAGE_SHIFT 12
#define PAGE_SIZE (1UL << PAGE_SHIFT)
/* Largest order page_alloc() accepts: 2^18 pages, i.e. 1 GiB blocks. */
#define PAGE_ORDER_MAX 18
/* Every heap pointer is aligned at least this much. */
#define HEAP_ALIGN 16

/*
 * Page allocator.  All functions are O(PAGE_ORDER_MAX); page_free_run() is
 * O(PAGE_ORDER_MAX^2) since it frees up to 2 * PAGE_ORDER_MAX blocks.  The
 * exception is a page_alloc() that finds no free block big enough and
 * carves one out of memory not yet cut into blocks (see below): that costs
 * O(PAGE_ORDER_MAX) per block carved, and a call carves at most a few
 * blocks per order for each added range it can use.
 */

/*
 * Give the free RAM [start, end) to the allocator.  The ends are trimmed to
 * whole pages and page 0 is never used (its address is NULL).  Ranges may come
 * in any order and several times, but must not overlap; neighbouring ranges
 * merge into larger blocks where alignment allows.
 *
 * Nothing is written into the range: it is only noted, and cut into blocks
 * ("carved") a piece at a time when page_alloc() runs out of free blocks,
 * so the memory the allocator touches grows with what is allocated, not
 * with the RAM size (which matters when the hypervisor backs RAM lazily).
 * Memory not yet carved counts as free.
 */
void page_alloc_add_range(uintptr_t start, uintptr_t end);
/*
 * RAM below end that page_alloc_add_range() is given later is kept aside:
 * free, but handed out only when nothing else is left, so that
 * page_alloc_claim() can take exact frames of it (the fixed addresses of
 * an ET_EXEC program).  0 (the default) keeps nothing aside.
 */
void page_alloc_hold_below(uintptr_t end);
/*
 * Takes the page-aligned [lo, hi) for good if all of it is still kept
 * aside (above) in one added range; false if any of it was handed out,
 * released, or never added.
 */
bool page_alloc_claim(uintptr_t lo, uintptr_t hi);
/* 2^order contiguous pages aligned to their size, or NULL if none is free. */
void *page_alloc(unsigned order);
/*
 * page_alloc() for a caller that falls back to a smaller order: it never
 * releases the memory kept aside below page_alloc_hold_below()'s end, so a
 * speculative request cannot cost an ET_EXEC its frames.
 */
void *page_alloc_try(unsigned order);
/* Return a block that page_alloc(order) returned. */
void page_free(void *p, unsigned order);
/*
 * Return npages pages starting at the page-aligned p, which must all be
 * allocated; they need not form one block (e.g. the unused tail of a block).
 */
void page_free_run(void *p, size_t npages);

/* Diagnostics (also used by the tests). */
size_t page_alloc_free_bytes(void);
/* All RAM ever given to page_alloc_add_range(), after trimming. */
size_t page_alloc_total_bytes(void);
/*
 * RAM the allocator keeps for its own bookkeeping (64 bytes per MiB),
 * including pages set aside for it in memory not yet carved.
 */
size_t page_alloc_meta_bytes(void);
/*
 * Number of free blocks of exactly this order among carved memory; free
 * memory not yet carved is in no block and not counted here.
 */
size_t page_alloc_free_blocks(unsigned order);
/* Free RAM not yet carved into blocks, i.e. never written by the allocator. */
size_t page_alloc_pending_bytes(void);
/* Walk all bookkeeping; report the first inconsistency and return false. */
bool page_alloc_check(void);

/*
 * Kernel heap, with malloc semantics: pointers are HEAP_ALIGN-aligned, a size
 * of 0 gives a unique pointer, and NULL means out of memory or an impossible
 * size (the libc wrappers turn that into ENOMEM).
 */
void *heap_alloc(size_t size);
/* p may be NULL. */
void heap_free(void *p);
/*
 * Like realloc(): NULL p allocates; on failure NULL is returned and p is left
 * intact.  A size of 0 shrinks p to a minimal object instead of freeing it.
 */
void *heap_realloc(void *p, size_t size);
/* Zeroed n * size bytes; NULL if the product overflows. */
void *heap_calloc(size_t n, size_t size);
/*
 * size bytes aligned to align, which must be a power of two and at least
 * sizeof(void *) (else NULL).  Free with heap_free().
 */
void *heap_memalign(size_t align, size_t size);
/* Bytes usable at p, at least what was asked for; 0 for NULL. */
size_t heap_usable_size(void *p);
/*
 * The heap keeps one empty slab per size class to avoid churning the page
 * allocator; give those back.  Returns the number of bytes released.
 */
size_t heap_trim(void);
/* What the heap holds, for mallinfo. */
struct heap_usage {
	size_t held;   /* bytes taken from the page allocator */
	size_t in_use; /* usable bytes of the objects allocated */
	size_t spare;  /* bytes heap_trim() would give back */
};
void heap_usage(struct heap_usage *out);
/* Walk the slab lists; report the first inconsistency and return false. */
bool heap_check(void);

/* Defined by the kernel (panics) or by a test harness (records). */
void mm_corruption(const char *what, const void *p);

#endif
