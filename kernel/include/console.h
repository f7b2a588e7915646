/*
 * The console: where kernel and application output goes, and where
 * keyboard-less input comes from.  Console drivers register themselves;
 * output goes to every registered console, input comes from the first
 * that has some.
 */
#ifndef KERNEL_CONSOLE_H
#define KERNEL_CONSOLE_H

#include <stdbool.h>
#include <stddef.h>

struct console {
	const char *name;
	void (*write)(const char *p, size_t n);
	int (*read)(void); /* next byte, or -1 when none is waiting */
	struct console *next;
};

void console_register(struct console *c);

void console_write(const char *p, size_t n);

/* True when the last byte written was not a newline. */
bool console_mid_line(void);

/* Next input byte, or -1 when no console has one waiting. */
int console_read(void);

#endif
