/*
 * Large blocks of the malloc family as memory mappings, as glibc does
 * from M_MMAP_THRESHOLD (128 KiB at first; see malloc_map.h) up: they need no
 * physically contiguous run of pages (the heap's large objects are buddy
 * blocks), their pages are allocated on first touch (so calloc need not clear
 * them), realloc moves them with mremap instead of copying, and free
 * gives every page back at once.
 *
 * A block is a private anonymous mapping whose first 16 bytes hold its
 * length; the caller's pointer follows them (HEAP_ALIGN).  Mappings
 * live in their own region (vm.h), so free() tells them from heap
 * pointers by address alone.
 */
#include "malloc_map.h"

#include "mm.h"
#include "mman_impl.h"

#define HEADER HEAP_ALIGN
#define THRESHOLD_MIN (128 * 1024)
#define THRESHOLD_MAX (32 * 1024 * 1024)

static size_t threshold = THRESHOLD_MIN;

/* For mallinfo: the blocks mapped, and their pages' bytes. */
static size_t mapped_count, mapped_bytes;

static long pages_of(uint64_t len)
{
	return (long)((len + PAGE_SIZE - 1) & ~(PAGE_SIZE - 1));
}

static void count_block(long blocks, long bytes)
{
	__atomic_add_fetch(&mapped_count, blocks, __ATOMIC_RELAXED);
	__atomic_add_fetch(&mapped_bytes, bytes, __ATOMIC_RELAXED);
}

void osv_mapped_usage(size_t *count, size_t *bytes)
{
	*count = __atomic_load_n(&mapped_count, __ATOMIC_RELAXED);
	*bytes = __atomic_load_n(&mapped_bytes, __ATOMIC_RELAXED);
}

size_t osv_map_threshold(void)
{
	return __atomic_load_n(&threshold, __ATOMIC_RELAXED);
}

bool osv_is_mapped_block(const void *p)
{
	uintptr_t a = (uintptr_t)p;
	return a >= VM_REGION_START && a < VM_REGION_END;
}

static uint64_t *header_of(void *p)
{
	return (uint64_t *)((char *)p - HEADER);
}

void *osv_map_block(size_t size)
{
	uint64_t addr;
	if (size > SIZE_MAX - HEADER ||
	    vm_map(0, size + HEADER, PROT_READ | PROT_WRITE,
		   MAP_PRIVATE | MAP_ANONYMOUS, NULL, 0, &addr) != 0)
		return NULL;
	*(uint64_t *)addr = size + HEADER;
	count_block(1, pages_of(size + HEADER));
	return (char *)addr + HEADER;
}

void osv_unmap_block(void *p)
{
	uint64_t *h = header_of(p), len = *h;
	size_t size = len - HEADER;
	if (size > osv_map_threshold() && size <= THRESHOLD_MAX)
		__atomic_store_n(&threshold, size, __ATOMIC_RELAXED);
	count_block(-1, -pages_of(len));
	vm_unmap((uintptr_t)h, len);
}

size_t osv_mapped_block_size(void *p)
{
	uint64_t len = *header_of(p);
	return ((len + PAGE_SIZE - 1) & ~(PAGE_SIZE - 1)) - HEADER;
}

void *osv_remap_block(void *p, size_t size)
{
	uint64_t *h = header_of(p), addr, old_len = *h;
	if (size > SIZE_MAX - HEADER ||
	    vm_remap((uintptr_t)h, *h, size + HEADER, MREMAP_MAYMOVE, 0,
		     &addr) != 0)
		return NULL;
	count_block(0, pages_of(size + HEADER) - pages_of(old_len));
	*(uint64_t *)addr = size + HEADER;
	return (char *)addr + HEADER;
}
