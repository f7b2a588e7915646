/*
 * The power hook list (see power_hooks.h).  Hooks are appended as they
 * register and put in priority order when one is needed: registering
 * is done at every boot (ACPI's), powering off once at most, and under
 * TCG the boot's code run once costs its translation (an insertion's
 * tests and loop, there).
 *
 * The first walk (a drain, a quiesce, a power-off or a reboot) closes
 * the list: from then on it is only read, so the walks need no lock,
 * and a drain may sleep while the program's other threads run on and,
 * say, open their first socket, whose registration is then refused
 * (the machine is going down).  The lock orders registrations with
 * each other and with the closing.
 */
#include <stddef.h>

#include "power_hooks.h"
#include "spinlock.h"

/* One slot more: where a refused registration writes. */
static const struct power_hook *hooks[POWER_HOOKS_MAX + 1];
static unsigned hook_count;
/*
 * Hooks with a drain or a quiesce: a boot without network or NVMe walks
 * neither list at power-off (each walk costs its translation under TCG).
 */
static unsigned early_count;
static unsigned closed;
static struct spinlock lock;

int power_hook_register(const struct power_hook *hook)
{
	/* Read before the lock: a fault under it would hang its power-off */
	unsigned early = (hook->drain != NULL) | (hook->quiesce != NULL);
	unsigned long flags = spin_lock(&lock);
	unsigned refused = closed | (hook_count == POWER_HOOKS_MAX);
	hooks[hook_count] = hook; /* past the walks' end when refused */
	hook_count += 1 - refused;
	early_count += early & !refused; /* no branch */
	spin_unlock(&lock, flags);
	return -(int)refused;
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

static void close_list(void)
{
	unsigned long flags = spin_lock(&lock);
	if (!closed)
		sort_hooks();
	closed = 1;
	spin_unlock(&lock, flags);
}

void power_hooks_drain(void)
{
	close_list();
	if (!early_count)
		return;
	for (unsigned i = 0; i < hook_count; i++)
		if (hooks[i]->drain)
			hooks[i]->drain();
}

void power_hooks_quiesce(void)
{
	close_list();
	if (!early_count)
		return;
	for (unsigned i = 0; i < hook_count; i++)
		if (hooks[i]->quiesce)
			hooks[i]->quiesce();
}

void power_hooks_poweroff(int status)
{
	close_list();
	for (unsigned i = 0; i < hook_count; i++)
		if (hooks[i]->poweroff)
			hooks[i]->poweroff(status);
}

void power_hooks_reboot(void)
{
	close_list();
	for (unsigned i = 0; i < hook_count; i++)
		if (hooks[i]->reboot)
			hooks[i]->reboot();
}
