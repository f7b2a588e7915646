/* Power off: announce the status, then try each way out in turn. */
#include <stdio.h>

#include "arch.h"
#include "power_hooks.h"
#include "osv/power.h"

void osv_poweroff(int status)
{
	printf("osv: poweroff, status %d\n", status);
	arch_debug_exit(status);
	power_hooks_poweroff(status);
	halt_forever();
}
