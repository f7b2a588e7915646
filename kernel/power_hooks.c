/* The power hook list (see power_hooks.h): kept sorted by priority. */
#include <stddef.h>

#include "power_hooks.h"

static const struct power_hook *hooks[POWER_HOOKS_MAX];
static unsigned hook_count;

int power_hook_register(const struct power_hook *hook)
{
	if (hook_count == POWER_HOOKS_MAX)
		return -1;
	unsigned i = hook_count++;
	while (i > 0 && hooks[i - 1]->priority < hook->priority) {
		hooks[i] = hooks[i - 1];
		i--;
	}
	hooks[i] = hook;
	return 0;
}

void power_hooks_poweroff(int status)
{
	for (unsigned i = 0; i < hook_count; i++)
		if (hooks[i]->poweroff)
			hooks[i]->poweroff(status);
}

void power_hooks_reboot(void)
{
	for (unsigned i = 0; i < hook_count; i++)
		if (hooks[i]->reboot)
			hooks[i]->reboot();
}
