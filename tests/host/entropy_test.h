/*
 * What the host tests of kernel/entropy.c share: the kernel's kprintf,
 * counted and its last line kept (entropy_report says which source
 * serves), shown as a TAP comment; and how many distinct byte values a
 * buffer holds, a rough look at whether bytes are random.
 */
#ifndef TESTS_HOST_ENTROPY_TEST_H
#define TESTS_HOST_ENTROPY_TEST_H

#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

static unsigned kprintf_calls;
static char said[256];

int kprintf(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(said, sizeof(said), fmt, ap);
	va_end(ap);
	kprintf_calls++;
	printf("# %s", said);
	return 0;
}

static unsigned distinct(const uint8_t *p, size_t n)
{
	bool seen[256] = {false};
	unsigned count = 0;
	for (size_t i = 0; i < n; i++)
		if (!seen[p[i]]) {
			seen[p[i]] = true;
			count++;
		}
	return count;
}

#endif
