/*
 * Power off: announce the status on a line of its own (osv-run reads
 * it), then try each way out in turn.
 */
#include "arch.h"
#include "console.h"
#include "klog.h"
#include "power_hooks.h"
#include "osv/power.h"

void osv_poweroff(int status)
{
	kprintf("%sosv: poweroff, status %d\n", console_mid_line() ? "\n" : "",
		status);
	arch_debug_exit(status);
	power_hooks_poweroff(status);
	halt_forever();
}
