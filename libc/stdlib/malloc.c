/*
 * The malloc family: the kernel heap (mm.h) with errno set as C wants;
 * blocks of OSV_MAP_THRESHOLD bytes and more are memory mappings
 * (libc/mman/malloc_map.c), as glibc makes them.
 */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../mman/malloc_map.h"
#include "mm.h"

/*
 * A heap block of more than a page is a physically contiguous buddy
 * block, and once memory is fragmented there may be none of its size
 * left with most of the RAM free (a file system's 128 KiB buffers,
 * from the heap once a program raised the threshold, then fail).  A
 * mapping takes its pages one by one, so such a request is mapped
 * instead when the pages are there (glibc maps too when its heap
 * cannot grow).
 */
static bool map_instead(size_t size)
{
	return size > PAGE_SIZE && page_alloc_free_bytes() > size;
}

static void *heap_or_map(size_t size)
{
	void *p = heap_alloc(size);
	return p || !map_instead(size) ? p : osv_map_block(size);
}

void *malloc(size_t size)
{
	void *p =
	    size >= OSV_MAP_THRESHOLD ? osv_map_block(size) : heap_or_map(size);
	if (!p)
		errno = ENOMEM;
	return p;
}

void free(void *p)
{
	if (osv_is_mapped_block(p))
		osv_unmap_block(p);
	else
		heap_free(p);
}

void *calloc(size_t n, size_t size)
{
	size_t total;
	void *p;
	if (__builtin_mul_overflow(n, size, &total))
		p = NULL;
	else if (total >= OSV_MAP_THRESHOLD)
		p = osv_map_block(total); /* fresh pages read as zeros */
	else if (!(p = heap_calloc(n, size)) && map_instead(total))
		p = osv_map_block(total);
	if (!p)
		errno = ENOMEM;
	return p;
}

/* Moves p's contents to a new block of size bytes (the other kind). */
static void *move_block(void *p, size_t size, size_t old_size)
{
	void *q = malloc(size);
	if (!q)
		return NULL;
	memcpy(q, p, old_size < size ? old_size : size);
	free(p);
	return q;
}

/* glibc frees on realloc(p, 0) and returns NULL; so do we. */
void *realloc(void *p, size_t size)
{
	if (p && size == 0) {
		free(p);
		return NULL;
	}
	void *q;
	bool mapped = osv_is_mapped_block(p);
	if (mapped && size >= OSV_MAP_THRESHOLD)
		q = osv_remap_block(p, size);
	else if (mapped)
		q = move_block(p, size, osv_mapped_block_size(p));
	else if (p && size >= OSV_MAP_THRESHOLD)
		q = move_block(p, size, heap_usable_size(p));
	else if (!(q = heap_realloc(p, size)) && map_instead(size))
		q = p ? move_block(p, size, heap_usable_size(p))
		      : osv_map_block(size);
	if (!q)
		errno = ENOMEM;
	return q;
}

static int valid_alignment(size_t align)
{
	return align >= sizeof(void *) && (align & (align - 1)) == 0;
}

int posix_memalign(void **out, size_t align, size_t size)
{
	if (!valid_alignment(align))
		return EINVAL;
	void *p = heap_memalign(align, size);
	if (!p)
		return ENOMEM;
	*out = p;
	return 0;
}

void *aligned_alloc(size_t align, size_t size)
{
	if (align && (align & (align - 1)) == 0 && align < sizeof(void *))
		align = sizeof(void *); /* glibc takes any power of two */
	if (!valid_alignment(align)) {
		errno = EINVAL;
		return NULL;
	}
	void *p = heap_memalign(align, size);
	if (!p)
		errno = ENOMEM;
	return p;
}

/*
 * The old interface takes any alignment, as glibc's does: one that is
 * not a power of two is rounded up to the next, a small one is
 * malloc's own.
 */
void *memalign(size_t align, size_t size)
{
	if (align > SIZE_MAX / 2 + 1) {
		errno = EINVAL;
		return NULL;
	}
	size_t pow2 = sizeof(void *);
	while (pow2 < align)
		pow2 *= 2;
	void *p = heap_memalign(pow2, size);
	if (!p)
		errno = ENOMEM;
	return p;
}

void *valloc(size_t size)
{
	return memalign(PAGE_SIZE, size);
}

/* A whole number of pages: glibc's rounding, with its overflow check. */
void *pvalloc(size_t size)
{
	if (size > SIZE_MAX - PAGE_SIZE) {
		errno = ENOMEM;
		return NULL;
	}
	return memalign(PAGE_SIZE, (size + PAGE_SIZE - 1) & ~(PAGE_SIZE - 1));
}

size_t malloc_usable_size(void *p)
{
	if (osv_is_mapped_block(p))
		return osv_mapped_block_size(p);
	return p ? heap_usable_size(p) : 0;
}
