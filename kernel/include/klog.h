/*
 * Informational kernel messages (what was found, where): printed only
 * with the --verbose kernel option, since every console byte costs boot
 * time.  Errors and warnings are printed with printf, always.
 */
#ifndef KERNEL_KLOG_H
#define KERNEL_KLOG_H

#include <stdbool.h>

void klog_set_verbose(bool on);

bool klog_verbose(void);

/* printf, when the kernel runs with --verbose. */
void kinfo(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
