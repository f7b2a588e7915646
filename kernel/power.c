/*
 * Power off: the hooks' drains send what is queued for the network and
 * then the filesystems write back what they hold (sync(2): a filesystem
 * with transaction groups commits the open one), unless the kernel
 * faulted, since then its state is not to be trusted; the sync comes
 * last as the program's other threads may write files during the drains;
 * then the hooks' quiesces (disk controllers shut down, their caches
 * made durable), which nothing may write after;
 * announce the status on a line of its own (osv-run reads it, and may
 * end QEMU as soon as it does), then try each way out in turn, and
 * say so when none worked.
 *
 * The first power-off keeps its status: the program's other threads run
 * on while it drains and syncs, and one that ends meanwhile (its write
 * made EPIPE by the drain's FIN, and SIGPIPE) sleeps for good rather
 * than power off with its own, and without a word, since its end is not
 * the machine's (osv_poweroff_under_way()).  A fault still ends the
 * machine at once, and the thread powering off may end it again (from a
 * sync or drain).
 */
#include "arch.h"
#include "console.h"
#include "fs_calls.h"
#include "klog.h"
#include "power_hooks.h"
#include "power.h"
#include "thread.h"
#include "osv/power.h"

static struct thread *first;

bool osv_poweroff_under_way(void)
{
	struct thread *was = __atomic_load_n(&first, __ATOMIC_ACQUIRE);
	return was && was != thread_current();
}

/* Not after a fault: thread_current() may not work yet. */
static void drain_and_sync_once(void)
{
	struct thread *was = NULL, *me = thread_current();
	if (__atomic_compare_exchange_n(&first, &was, me, false,
					__ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE)) {
		power_hooks_drain();
		fs_sync();
		power_hooks_quiesce();
	} else if (was != me) {
		for (;;)
			thread_sleep_until(THREAD_NO_DEADLINE, false);
	}
}

void osv_poweroff(int status)
{
	if (status != OSV_EXIT_FAULT)
		drain_and_sync_once();
	/* The newline only mid-line: no %s (strlen) for the usual "". */
	kprintf("\nosv: poweroff, status %d\n" + !console_mid_line(), status);
	arch_debug_exit(status);
	power_hooks_poweroff(status);
	/* else a machine that stays on looks like a hung kernel */
	kprintf("osv: poweroff: nothing turned the machine off (no "
		"isa-debug-exit device, no ACPI or Xen power off): halted\n");
	halt_forever();
}
