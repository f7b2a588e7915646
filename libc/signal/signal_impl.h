/* Shared by the files of libc/signal: the fault path into signal.c. */
#ifndef OSV_LIBC_SIGNAL_IMPL_H
#define OSV_LIBC_SIGNAL_IMPL_H

#include <signal.h>
#include <stdbool.h>

#include "libc.h"

bool osv_signal_fault_handler(int sig, siginfo_t *info, void *uc) LIBC_HIDDEN;
/* Hooks the kernel's trap path when a handler for a fault's signal is
 * installed (the first time only). */
void osv_signal_fault_hook_install(int sig) LIBC_HIDDEN;
/* raise() with the siginfo a handler receives (posix_timer.c). */
int osv_raise_info(int sig, siginfo_t *info) LIBC_HIDDEN;

#endif
