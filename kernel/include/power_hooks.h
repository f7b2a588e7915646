/*
 * Ways to end or restart the machine that drivers provide (ACPI sleep
 * and reset registers, ...).  A driver registers a hook at init; the
 * core's osv_poweroff() and osv_reboot() try the hooks in order of
 * priority, highest first, after the methods of its own, and halt when
 * all return.  The core names no driver: it only walks this list.
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
};

/* Registers a hook (kept by pointer).  Returns 0, or -1 when full. */
int power_hook_register(const struct power_hook *hook);

/* Tries every hook's poweroff; returns when none ended the machine. */
void power_hooks_poweroff(int status);

/* Tries every hook's reboot; returns when none restarted the machine. */
void power_hooks_reboot(void);

#endif
