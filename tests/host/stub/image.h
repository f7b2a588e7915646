/*
 * The kernel's image.h for host tests: the program's own image (the
 * heap is an mmap()ed arena outside it), bounded by GNU ld's symbols.
 */
#ifndef KERNEL_IMAGE_H
#define KERNEL_IMAGE_H

#include <stdbool.h>
#include <stdint.h>

extern char __executable_start[], end[];

static inline bool image_holds(const void *p)
{
	return (uintptr_t)p - (uintptr_t)__executable_start <
	       (uintptr_t)end - (uintptr_t)__executable_start;
}

#endif
