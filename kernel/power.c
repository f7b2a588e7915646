/* Power off: announce the status, then try each way out in turn. */
#include <stdio.h>

#include "arch.h"
#include "osv/power.h"

void osv_poweroff(int status)
{
	printf("osv: poweroff, status %d\n", status);
	arch_debug_exit(status);
	halt_forever();
}
