/* Power off: announce the status, then try each way out in turn. */

#include "arch.h"
#include "klog.h"
#include "power_hooks.h"
#include "osv/power.h"

void osv_poweroff(int status)
{
	kprintf("osv: poweroff, status %d\n", status);
	arch_debug_exit(status);
	power_hooks_poweroff(status);
	halt_forever();
}
