/*
 * abort(): no signals to raise in a unikernel, so it reports itself with
 * a backtrace of the caller and powers off with 134, the status a shell
 * gives a process killed by SIGABRT (128 + 6).  Exit handlers and
 * destructors do not run, as in a process that aborts, and stdio
 * buffers are not flushed (glibc stopped flushing them in 2.27).  The
 * report goes through kprintf: no stream lock can hold it up.
 */
#include <stdlib.h>

#include "debug.h"
#include "klog.h"
#include "osv/power.h"

#define ABORT_STATUS 134

void abort(void)
{
	kprintf("osv: abort() called\n");
	debug_backtrace_here();
	osv_poweroff(ABORT_STATUS);
}
