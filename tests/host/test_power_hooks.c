/*
 * The power hook list (kernel/power_hooks.c): hooks run highest priority
 * first, those of one priority in the order they registered, whatever
 * the order of registration; a full list refuses a hook, which then
 * never runs.  Drains run in the same order, only those of hooks with
 * one.
 */
#include <string.h>

#include "power_hooks.h"
#include "tap.h"

static char order[64];

static void note(char c)
{
	size_t n = strlen(order);
	if (n + 1 < sizeof(order))
		order[n] = c, order[n + 1] = 0;
}

static void off_a(int s)
{
	(void)s, note('a');
}
static void off_b(int s)
{
	(void)s, note('b');
}
static void off_c(int s)
{
	(void)s, note('c');
}
static void off_d(int s)
{
	(void)s, note('d');
}
static void off_x(int s)
{
	(void)s, note('x');
}
static void reboot_b(void)
{
	note('B');
}
static void reboot_d(void)
{
	note('D');
}

static void drain_e(void)
{
	note('e');
}
static void drain_f(void)
{
	note('f');
}
static void drain_y(void)
{
	note('y');
}

static const struct power_hook a = {"a", 1, off_a, NULL};
static const struct power_hook b = {"b", 5, off_b, reboot_b};
static const struct power_hook c = {"c", 1, off_c, NULL};
static const struct power_hook d = {"d", 9, off_d, reboot_d};
static const struct power_hook x = {"x", 99, off_x, NULL};
static const struct power_hook e = {"e", 2, NULL, NULL, drain_e};
static const struct power_hook f = {"f", 7, NULL, NULL, drain_f};
static const struct power_hook y = {"y", 99, NULL, NULL, drain_y};

int main(void)
{
	power_hooks_drain();
	TAP_OK(order[0] == 0, "drain: nothing without hooks");
	int rc = power_hook_register(&a) | power_hook_register(&b) |
		 power_hook_register(&c) | power_hook_register(&d);
	TAP_OK(rc == 0, "four hooks registered");
	power_hooks_drain();
	TAP_OK(order[0] == 0, "drain: nothing when no hook drains (%s)", order);
	rc = power_hook_register(&e) | power_hook_register(&f);
	TAP_OK(rc == 0, "two hooks with a drain registered");
	power_hooks_drain();
	TAP_OK(strcmp(order, "fe") == 0,
	       "drain: only hooks with one, highest priority first (%s)",
	       order);
	order[0] = 0;
	power_hooks_poweroff(0);
	TAP_OK(strcmp(order, "dbac") == 0,
	       "poweroff: highest priority first, ties in registration "
	       "order (%s)",
	       order);
	order[0] = 0;
	power_hooks_reboot();
	TAP_OK(strcmp(order, "DB") == 0, "reboot: only hooks with one (%s)",
	       order);
	order[0] = 0;
	power_hooks_poweroff(0);
	TAP_OK(strcmp(order, "dbac") == 0, "the same order again (%s)", order);

	for (int i = 6; i < POWER_HOOKS_MAX; i++)
		rc |= power_hook_register(&c);
	TAP_OK(rc == 0, "registered up to POWER_HOOKS_MAX (%d)",
	       POWER_HOOKS_MAX);
	TAP_OK(power_hook_register(&x) == -1, "one more is refused");
	order[0] = 0;
	power_hooks_poweroff(0);
	/* e and f only drain */
	TAP_OK(strchr(order, 'x') == NULL &&
		   strlen(order) == POWER_HOOKS_MAX - 2,
	       "and never runs (%s)", order);
	order[0] = 0;
	TAP_OK(power_hook_register(&y) == -1, "nor one with a drain");
	power_hooks_drain();
	TAP_OK(strcmp(order, "fe") == 0, "which never drains (%s)", order);
	return tap_done();
}
