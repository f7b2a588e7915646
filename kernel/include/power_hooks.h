/*
 * Ways to end or restart the machine that drivers provide (ACPI sleep
 * and reset registers, ...), and what must leave the machine before it
 * ends (the network's queued data).  A driver or subsystem registers a
 * hook at init; the core's osv_poweroff() (kernel/power.c), unless a
 * fault ends the machine, runs every drain, then the filesystems' sync,
 * then every quiesce (what must happen after the last write: a disk
 * controller's shutdown); then, after its own way out (QEMU's
 * isa-debug-exit port), it tries the hooks' poweroffs and halts, saying
 * so, when all return.  Each walk goes in order of priority, highest
 * first.  power_hooks_reboot() walks the reboots the same way; nothing
 * in the kernel calls it yet (tests/guest/acpi_reboot.c does).  The
 * core names no driver: it only walks this list.
 */
#ifndef KERNEL_POWER_HOOKS_H
#define KERNEL_POWER_HOOKS_H

#define POWER_HOOKS_MAX 8

struct power_hook {
	const char *name;
	int priority;
	/* Each returns only when it failed; either may be NULL. */
	void (*poweroff)(int status);
	void (*reboot)(void);
	/*
	 * Before a power-off that is not a fault's, from the thread that
	 * powers off: hands the outside what is still queued for it,
	 * within the hook's own bound (it may sleep).  May be NULL.
	 */
	void (*drain)(void);
	/*
	 * After the drains and the filesystems' sync of a power-off that
	 * is not a fault's, from the thread that powers off: puts a device
	 * in the state it wants to lose power in (an NVMe controller's
	 * shutdown, which makes its write cache durable), within the
	 * hook's own bound.  Nothing is written to the device after it.
	 * May be NULL.
	 */
	void (*quiesce)(void);
};

/*
 * Registers a hook (kept by pointer).  Returns 0, or -1 when the list is
 * full or closed: the first walk (a drain, quiesce, power-off or reboot)
 * closes it, as the machine is going down (a hook registered then would
 * never run).
 */
int power_hook_register(const struct power_hook *hook);

/* Runs every hook's drain, highest priority first. */
void power_hooks_drain(void);

/* Runs every hook's quiesce, highest priority first. */
void power_hooks_quiesce(void);

/* Tries every hook's poweroff; returns when none ended the machine. */
void power_hooks_poweroff(int status);

/* Tries every hook's reboot; returns when none restarted the machine. */
void power_hooks_reboot(void);

#endif
