/*
 * backtrace, backtrace_symbols, backtrace_symbols_fd (glibc's
 * <execinfo.h>): the return addresses found by following frame pointers
 * (each frame's saved %rbp, then its return address), every frame read
 * only if mapped, so a bad chain ends the list instead of faulting.
 * The kernel and the programs built for it keep frame pointers; code
 * built without them (most of Debian's libraries) ends the walk early or
 * skips its callers.  Names are glibc's form: "object(symbol+0xoff)
 * [0xaddress]", "object(+0xoff) [...]" when no exported symbol contains
 * the address.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "arch.h"
#include "debug.h"
#include "elf_loader.h"

int backtrace(void **buffer, int size);
char **backtrace_symbols(void *const *buffer, int size);
void backtrace_symbols_fd(void *const *buffer, int size, int fd);

__attribute__((noinline)) int backtrace(void **buffer, int size)
{
	uint64_t rbp = (uint64_t)__builtin_frame_address(0);
	int n = 0;
	while (n < size && !(rbp & 7) && paging_readable(rbp, 16)) {
		const uint64_t *frame = (const uint64_t *)rbp;
		if (!frame[1])
			break;
		buffer[n++] = (void *)frame[1];
		if (frame[0] <= rbp)
			break;
		rbp = frame[0];
	}
	return n;
}

/* One entry's line (without the newline), cut to len; its length. */
static int describe(void *pc, char *out, size_t len)
{
	uint64_t offset;
	const char *object;
	const char *name = elf_symbolize((uint64_t)pc, &offset, &object);
	if (object)
		return snprintf(out, len, "%s(%s+0x%lx) [%p]", object,
				name ? name : "", (unsigned long)offset, pc);
	char kname[KSYM_NAME_MAX];
	name = ksym_lookup((uint64_t)pc, &offset, kname);
	if (name)
		return snprintf(out, len, "kernel(%s+0x%lx) [%p]", name,
				(unsigned long)offset, pc);
	return snprintf(out, len, "[%p]", pc);
}

#define LINE_MAX_LEN 512

/* One block: the pointers, then the lines; free() of it frees all. */
char **backtrace_symbols(void *const *buffer, int size)
{
	if (size <= 0)
		return calloc(1, sizeof(char *));
	size_t total = size * sizeof(char *);
	char line[LINE_MAX_LEN];
	for (int i = 0; i < size; i++)
		total += describe(buffer[i], line, sizeof(line)) + 1;
	char **lines = malloc(total);
	if (!lines)
		return NULL;
	char *text = (char *)(lines + size);
	char *end = (char *)lines + total;
	for (int i = 0; i < size; i++) {
		lines[i] = text;
		text += describe(buffer[i], text, end - text) + 1;
	}
	return lines;
}

void backtrace_symbols_fd(void *const *buffer, int size, int fd)
{
	char line[LINE_MAX_LEN + 1];
	for (int i = 0; i < size; i++) {
		int n = describe(buffer[i], line, LINE_MAX_LEN);
		if (n >= LINE_MAX_LEN)
			n = LINE_MAX_LEN - 1;
		line[n++] = '\n';
		if (write(fd, line, n) != n)
			return;
	}
}
