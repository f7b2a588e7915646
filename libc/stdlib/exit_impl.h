/*
 * Between the libc's exit() and the handler lists of atexit.c: running
 * them is the first step of exit().
 */
#ifndef LIBC_STDLIB_EXIT_IMPL_H
#define LIBC_STDLIB_EXIT_IMPL_H

#include "libc.h"

/*
 * Runs the calling thread's __cxa_thread_atexit_impl() destructors, then
 * the atexit() and __cxa_atexit() handlers, each list last registered
 * first.  Handlers registered meanwhile run too.
 */
void osv_exit_run_handlers(void) LIBC_HIDDEN;

#endif
