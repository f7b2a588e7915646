/*
 * Power off: the filesystems write back what they hold (sync(2): a
 * filesystem with transaction groups commits the open one) and the
 * hooks' drains send what is queued for the network, unless the kernel
 * faulted, since then its state is not to be trusted;
 * announce the status on a line of its own (osv-run reads it, and may
 * end QEMU as soon as it does), then try each way out in turn, and
 * say so when none worked.
 */
#include "arch.h"
#include "console.h"
#include "fs_calls.h"
#include "klog.h"
#include "power_hooks.h"
#include "osv/power.h"

void osv_poweroff(int status)
{
	if (status != OSV_EXIT_FAULT) {
		fs_sync();
		power_hooks_drain();
	}
	/* The newline only mid-line: no %s (strlen) for the usual "". */
	kprintf("\nosv: poweroff, status %d\n" + !console_mid_line(), status);
	arch_debug_exit(status);
	power_hooks_poweroff(status);
	/* else a machine that stays on looks like a hung kernel */
	kprintf("osv: poweroff: nothing turned the machine off (no "
		"isa-debug-exit device, no ACPI or Xen power off): halted\n");
	halt_forever();
}
