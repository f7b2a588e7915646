/*
 * abort(): as in glibc, SIGABRT is unblocked and raised first, so that a
 * handler the program installed runs (it may leave with siglongjmp).
 * If it returns, or there is none, abort reports itself with a
 * backtrace of the caller and powers off with 134, the status a shell
 * gives a process killed by SIGABRT (128 + 6).  Exit handlers and
 * destructors do not run, as in a process that aborts, and stdio
 * buffers are not flushed (glibc stopped flushing them in 2.27).  The
 * report goes through kprintf: no stream lock can hold it up.
 */
#include <signal.h>
#include <stdlib.h>

#include "debug.h"
#include "klog.h"
#include "osv/power.h"

#define ABORT_STATUS 134

void abort(void)
{
	struct sigaction act;
	if (sigaction(SIGABRT, NULL, &act) == 0 && act.sa_handler != SIG_DFL &&
	    act.sa_handler != SIG_IGN) {
		sigset_t set;
		sigemptyset(&set);
		sigaddset(&set, SIGABRT);
		sigprocmask(SIG_UNBLOCK, &set, NULL);
		raise(SIGABRT);
	}
	kprintf("osv: abort() called\n");
	debug_backtrace_here();
	osv_poweroff(ABORT_STATUS);
}
