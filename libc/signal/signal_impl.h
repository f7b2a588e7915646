/*
 * Shared by the files of libc/signal (the fault path into signal.c) and
 * with libc/fs (the masks of ppoll, pselect and epoll_pwait).
 */
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

/*
 * A wait under a signal mask of its own (ppoll, pselect, epoll_pwait),
 * on the caller's stack:
 *	osv_sigmask_wait_begin(&w, mask);
 *	r = osv_sigmask_wait_end(&w, an interruptible wait's result);
 * begin installs mask and runs the handlers of the pending signals it
 * lets through; a handler that runs from then on, in any thread,
 * interrupts the wait (thread_interrupt()).  end restores the caller's
 * mask (delivering what that lets through) and returns r, or -EINTR when
 * a handler ran and r is not a count of ready events.  The mask and its
 * change are one step under signal.c's lock, so no signal falls between
 * them and the wait.
 */
struct osv_sigmask_wait {
	sigset_t old;
	struct thread *thread;
	struct osv_sigmask_wait *next;
	bool interrupted;
};
void osv_sigmask_wait_begin(struct osv_sigmask_wait *w,
			    const sigset_t *mask) LIBC_HIDDEN;
long osv_sigmask_wait_end(struct osv_sigmask_wait *w, long r) LIBC_HIDDEN;

#endif
