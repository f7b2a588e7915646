/*
 * The power hook list (see power_hooks.h).  Hooks are appended as they
 * register and put in priority order when one is needed: registering
 * is done at every boot (ACPI's), powering off once at most, and under
 * TCG the boot's code run once costs its translation (an insertion's
 * tests and loop, there).
 */
#include <stddef.h>

#include "power_hooks.h"

/* One slot more: where a registration past the last slot writes. */
static const struct power_hook *hooks[POWER_HOOKS_MAX + 1];
static unsigned hook_count;
/* Hooks with a drain: a boot without network walks no list at power-off */
static unsigned drain_count;

int power_hook_register(const struct power_hook *hook)
{
	unsigned full = hook_count == POWER_HOOKS_MAX;
	hooks[hook_count] = hook; /* the spare slot when full: not counted */
	hook_count += 1 - full;
	drain_count += (hook->drain != NULL) & !full; /* no branch */
	return -(int)full;
}

/* Highest priority first; hooks of one priority in registration order. */
static void sort_hooks(void)
{
	for (unsigned i = 1; i < hook_count; i++) {
		const struct power_hook *h = hooks[i];
		unsigned j = i;
		for (; j > 0 && hooks[j - 1]->priority < h->priority; j--)
			hooks[j] = hooks[j - 1];
		hooks[j] = h;
	}
}

void power_hooks_drain(void)
{
	if (!drain_count)
		return;
	sort_hooks();
	for (unsigned i = 0; i < hook_count; i++)
		if (hooks[i]->drain)
			hooks[i]->drain();
}

void power_hooks_poweroff(int status)
{
	sort_hooks();
	for (unsigned i = 0; i < hook_count; i++)
		if (hooks[i]->poweroff)
			hooks[i]->poweroff(status);
}

void power_hooks_reboot(void)
{
	sort_hooks();
	for (unsigned i = 0; i < hook_count; i++)
		if (hooks[i]->reboot)
			hooks[i]->reboot();
}
