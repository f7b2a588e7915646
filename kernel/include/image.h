/*
 * The kernel image's bounds in memory (kernel.ld): what lies between is
 * the kernel's own code and data, never the heap's.
 */
#ifndef KERNEL_IMAGE_H
#define KERNEL_IMAGE_H

#include <stdbool.h>
#include <stdint.h>

extern char __image_start[], __image_end[];

/* Whether p points into the image (static storage: not to be freed). */
static inline bool image_holds(const void *p)
{
	return (uintptr_t)p - (uintptr_t)__image_start <
	       (uintptr_t)__image_end - (uintptr_t)__image_start;
}

#endif
