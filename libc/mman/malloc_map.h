/*
 * Between the malloc family (libc/stdlib/malloc.c) and its large blocks
 * made as memory mappings (libc/mman/malloc_map.c).
 */
#ifndef OSV_LIBC_MALLOC_MAP_H
#define OSV_LIBC_MALLOC_MAP_H

#include <stdbool.h>
#include <stddef.h>

/*
 * From this size up, malloc, calloc and realloc map: 128 KiB at first
 * (glibc's default), raised like glibc's to the size of a mapped block
 * freed (up to 32 MiB), so that a program that keeps allocating and
 * freeing blocks of one size soon gets them from the heap instead of
 * mapping, faulting and unmapping each.
 */
size_t osv_map_threshold(void) __attribute__((visibility("hidden")));
#define OSV_MAP_THRESHOLD osv_map_threshold()

/* Whether p (from the malloc family) is a mapped block. */
bool osv_is_mapped_block(const void *p) __attribute__((visibility("hidden")));

/* A zeroed block of size bytes, 16-byte aligned; NULL if none. */
void *osv_map_block(size_t size) __attribute__((visibility("hidden")));

void osv_unmap_block(void *p) __attribute__((visibility("hidden")));

/* The bytes usable at p. */
size_t osv_mapped_block_size(void *p) __attribute__((visibility("hidden")));

/* The blocks mapped now and the bytes of their pages (mallinfo). */
void osv_mapped_usage(size_t *count, size_t *bytes)
    __attribute__((visibility("hidden")));

/* p resized to size (moved by its pages, not copied); NULL, p intact. */
void *osv_remap_block(void *p, size_t size)
    __attribute__((visibility("hidden")));

#endif
