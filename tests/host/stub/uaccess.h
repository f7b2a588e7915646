/*
 * uaccess.h for the host tests: a host process has no fixups, and the
 * tests give the kernel code good buffers, so a plain copy.
 */
#ifndef KERNEL_UACCESS_H
#define KERNEL_UACCESS_H

#include <errno.h>
#include <stddef.h>
#include <string.h>

static inline size_t copy_to_program(void *to, const void *from, size_t len)
{
	memcpy(to, from, len);
	return 0;
}

static inline size_t copy_from_program(void *to, const void *from, size_t len)
{
	memcpy(to, from, len);
	return 0;
}

static inline size_t clear_program(void *to, size_t len)
{
	memset(to, 0, len);
	return 0;
}

static inline int put_program(void *to, const void *from, size_t len)
{
	memcpy(to, from, len);
	return 0;
}

static inline int get_program(void *to, const void *from, size_t len)
{
	memcpy(to, from, len);
	return 0;
}

/* NULL is the bad string the tests give */
static inline long get_program_string(char *to, const char *from, size_t size)
{
	if (!from)
		return -EFAULT;
	size_t n = strnlen(from, size);
	if (n == size)
		return -ENAMETOOLONG;
	memcpy(to, from, n + 1);
	return (long)n;
}

static inline int probe_program_write(void *to, size_t len)
{
	(void)to, (void)len;
	return 0;
}

#endif
