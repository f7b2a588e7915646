/*
 * Power off and reboot through SCHEDOP_shutdown (sched.h): Xen ends or
 * restarts the domain with that reason.  The exit status itself has
 * no place in the hypercall; osv_poweroff() prints it before.
 */
#include "driver.h"
#include "power_hooks.h"
#include "xen.h"
#include "xen_hv.h"

int xen_shutdown(unsigned reason)
{
	struct xen_sched_shutdown s = {.reason = reason};
	return (int)xen_hypercall(XEN_HC_SCHED_OP, XEN_SCHEDOP_SHUTDOWN,
				  (unsigned long)&s, 0);
}

static void xen_poweroff(int status)
{
	(void)status;
	xen_shutdown(XEN_SHUTDOWN_POWEROFF);
}

static void xen_reboot(void)
{
	xen_shutdown(XEN_SHUTDOWN_REBOOT);
}

/* Before ACPI's (10): on Xen the hypercall is the way out. */
static const struct power_hook xen_power_hook = {
    .name = "xen",
    .priority = 20,
    .poweroff = xen_poweroff,
    .reboot = xen_reboot,
};

int xen_power_start(void)
{
	if (!xen_present())
		return -1;
	return power_hook_register(&xen_power_hook);
}

DRIVER_REGISTER_HW(DRIVER_LEVEL_PLATFORM, "xen-power", xen_power_start,
		   DRIVER_HW_XEN, 0);
