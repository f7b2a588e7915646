/* The malloc family: the kernel heap (mm.h) with errno set as C wants. */
#include <errno.h>
#include <stdlib.h>

#include "mm.h"

void *malloc(size_t size)
{
	void *p = heap_alloc(size);
	if (!p)
		errno = ENOMEM;
	return p;
}

void free(void *p)
{
	heap_free(p);
}

void *calloc(size_t n, size_t size)
{
	void *p = heap_calloc(n, size);
	if (!p)
		errno = ENOMEM;
	return p;
}

/* glibc frees on realloc(p, 0) and returns NULL; so do we. */
void *realloc(void *p, size_t size)
{
	if (p && size == 0) {
		heap_free(p);
		return NULL;
	}
	void *q = heap_realloc(p, size);
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

size_t malloc_usable_size(void *p)
{
	return p ? heap_usable_size(p) : 0;
}
