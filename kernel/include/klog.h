/*
 * Kernel messages.  kprintf writes to the console directly, never
 * through the libc's stdio streams (which belong to the application):
 * it takes no lock but the console's (console_write(), which a fault or
 * panic inside a console write gets past) and allocates nothing, so
 * fault reports and panics print even when a stream is locked or
 * memory is damaged.  A message that fits 256 bytes goes out in one
 * console write: no other output comes into its middle.  Errors and
 * warnings are printed with kprintf, always; informational messages
 * (what was found, where) with kinfo, only with the --verbose kernel
 * option, since every console byte costs boot time.
 */
#ifndef KERNEL_KLOG_H
#define KERNEL_KLOG_H

#include <stdbool.h>

#include <stdarg.h>

/*
 * printf to the console (libc/stdio/kprintf.c).  No floating-point
 * argument: kprintf is built for callers without SSE (the kernel's),
 * and does not save the vector registers such an argument would use.
 * The ZFS module logs with kprintf (OSV_MODULE_API, marked where it is
 * defined); kvprintf is the kernel's alone.
 */
int kprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
int kvprintf(const char *fmt, va_list ap)
    __attribute__((format(printf, 1, 0), visibility("hidden")));

void klog_set_verbose(bool on);

bool klog_verbose(void);

/* kprintf, when the kernel runs with --verbose. */
void kinfo(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
