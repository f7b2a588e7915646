/*
 * Restarts the machine through the power hooks (the ACPI reset
 * register).  QEMU runs with -no-reboot, so a reset ends it with exit
 * code 0 and no poweroff line; returning means no hook could reset.
 */
#include <stdio.h>

#include "app.h"
#include "power_hooks.h"

int app_main(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	printf("rebooting\n");
	power_hooks_reboot();
	printf("no reboot method worked\n");
	return 1;
}
