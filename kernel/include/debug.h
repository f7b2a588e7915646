/*
 * Kernel diagnostics: the kernel's own symbol table (generated at link
 * time by build-aux/gen-ksyms), backtraces and panic.
 */
#ifndef KERNEL_DEBUG_H
#define KERNEL_DEBUG_H

#include <stdint.h>

/* Room for a kernel symbol's name (longer ones are cut). */
#define KSYM_NAME_MAX 128

/*
 * Finds the function containing pc.  Returns its name, written into
 * name, and sets *offset, or returns NULL when pc is outside the
 * kernel's text.
 */
const char *ksym_lookup(uint64_t pc, uint64_t *offset,
			char name[KSYM_NAME_MAX]);

/*
 * "name+0x1f" for pc in the kernel, "name+0x1f (/app.so)" or
 * "/app.so+0x1f" in a loaded object, "0x…" when unknown; a static buffer.
 */
const char *ksym_describe(uint64_t pc);

/*
 * Prints a symbolized backtrace of the code at pc, with stack pointer sp
 * and frame pointer fp.
 */
void debug_backtrace(uint64_t pc, uint64_t sp, uint64_t fp);

/* Prints a backtrace that starts in the function calling it. */
void debug_backtrace_here(void);

/*
 * Prints the message (cut at 1 KiB) and a backtrace, as one block of
 * console output (console_seize()), then powers off with a failure.
 */
_Noreturn void panic(const char *fmt, ...)
    __attribute__((format(printf, 1, 2)));

#endif
