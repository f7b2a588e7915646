/*
 * How the ELF loader's test programs report: one line per check, "PASS
 * name" or "FAIL name", which tests/guest/elf.test greps; main returns
 * the number of failures.  These programs are built with the host's
 * compiler and glibc headers, like any application, and use only what
 * the kernel exports.
 */
#ifndef CHECK_H
#define CHECK_H

#include <stdio.h>
#include <string.h>

static int check_failures;

static inline void check(const char *name, int ok)
{
	printf("%s %s\n", ok ? "PASS" : "FAIL", name);
	if (!ok)
		check_failures++;
}

/* Whether part occurs in s (strstr() is not a kernel export yet). */
static inline int has_text(const char *s, const char *part)
{
	size_t n = strlen(part);
	for (; s && *s; s++)
		if (strncmp(s, part, n) == 0)
			return 1;
	return 0;
}

/* The thread pointer, %fs:0, which points to itself. */
static inline void *thread_pointer(void)
{
	void *tp;
	__asm__("mov %%fs:0, %0" : "=r"(tp));
	return tp;
}

/* The stack-protector canary at %fs:0x28. */
static inline unsigned long stack_canary(void)
{
	unsigned long c;
	__asm__("mov %%fs:0x28, %0" : "=r"(c));
	return c;
}

#endif
