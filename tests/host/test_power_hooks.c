/*
 * The power hook list (kernel/power_hooks.c): hooks run highest priority
 * first, those of one priority in the order they registered, whatever
 * the order of registration; a full list refuses a hook, which then
 * never runs.  Drains and quiesces run in the same order, only those of
 * hooks with one.  The first walk closes the list: a hook registered while the
 * drain runs (by another thread, as the drain sleeps) or after is
 * refused and never runs, and the walk goes on as it began.  A fault
 * while registering (a bad hook) still powers off: the lock is not held
 * then.  Each part runs in a child process, from an empty list.
 */
#include <signal.h>
#include <stdbool.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include "power_hooks.h"
#include "spinlock.h"
#include "tap.h"

static char order[64];

static void note(char c)
{
	size_t n = strlen(order);
	if (n + 1 < sizeof(order))
		order[n] = c, order[n + 1] = 0;
}

/*
 * The list's lock, with no interrupts to mask: held or not.  On one CPU
 * with interrupts masked, taking it held (from a fault under it) spins
 * for good: the part fails instead.
 */
unsigned long spin_lock(struct spinlock *l)
{
	if (l->locked) {
		printf("# the lock taken while held: a hang on one CPU\n");
		fflush(stdout);
		_exit(2);
	}
	l->locked = 1;
	return 0;
}
void spin_unlock(struct spinlock *l, unsigned long flags)
{
	(void)flags;
	l->locked = 0;
}

/* Whether order is want; says what it is when not. */
static bool order_is(const char *want)
{
	if (strcmp(order, want) == 0)
		return true;
	printf("# order '%s', not '%s'\n", order, want);
	return false;
}

/* Runs part in a child process, from an empty list: whether it passed. */
static bool in_child(bool (*part)(void))
{
	fflush(stdout);
	pid_t pid = fork();
	if (pid == 0) {
		bool passed = part();
		fflush(stdout);
		_exit(passed ? 0 : 1);
	}
	int status;
	return pid > 0 && waitpid(pid, &status, 0) == pid &&
	       WIFEXITED(status) && WEXITSTATUS(status) == 0;
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

static const struct power_hook z = {"z", 99, off_x, NULL, drain_y};
/* Another thread's first socket while the drain sleeps. */
static int late_registration;
static void drain_registering(void)
{
	note('r');
	late_registration = power_hook_register(&z);
}

static const struct power_hook a = {"a", 1, off_a, NULL};
static const struct power_hook b = {"b", 5, off_b, reboot_b};
static const struct power_hook c = {"c", 1, off_c, NULL};
static const struct power_hook d = {"d", 9, off_d, reboot_d};
static const struct power_hook x = {"x", 99, off_x, NULL};
static const struct power_hook e = {"e", 2, NULL, NULL, drain_e};
static const struct power_hook f = {"f", 7, NULL, NULL, drain_f};
static const struct power_hook y = {"y", 99, NULL, NULL, drain_y};

static void quiesce_g(void)
{
	note('g');
}
static void quiesce_h(void)
{
	note('h');
}
static const struct power_hook g = {
    .name = "g", .priority = 3, .quiesce = quiesce_g};
static const struct power_hook h = {
    .name = "h", .priority = 8, .quiesce = quiesce_h};

static bool quiesce_order(void)
{
	int rc = power_hook_register(&a) | power_hook_register(&g) |
		 power_hook_register(&e) | power_hook_register(&h);
	power_hooks_quiesce();
	if (rc != 0 || !order_is("hg") || power_hook_register(&d) != -1)
		return false;
	order[0] = 0;
	power_hooks_poweroff(0);
	return order_is("a");
}

static bool drain_without_hooks(void)
{
	power_hooks_drain();
	return order_is("");
}

static bool drain_without_drains(void)
{
	int rc = power_hook_register(&a) | power_hook_register(&b) |
		 power_hook_register(&c) | power_hook_register(&d);
	power_hooks_drain();
	return rc == 0 && order_is("");
}

static bool drain_order(void)
{
	int rc = power_hook_register(&a) | power_hook_register(&e) |
		 power_hook_register(&d) | power_hook_register(&f);
	power_hooks_drain();
	return rc == 0 && order_is("fe");
}

static bool poweroff_order(void)
{
	int rc = power_hook_register(&a) | power_hook_register(&b) |
		 power_hook_register(&c) | power_hook_register(&d);
	power_hooks_poweroff(0);
	bool first = order_is("dbac");
	order[0] = 0;
	power_hooks_poweroff(0);
	return rc == 0 && first && order_is("dbac");
}

static bool reboot_order(void)
{
	int rc = power_hook_register(&a) | power_hook_register(&b) |
		 power_hook_register(&c) | power_hook_register(&d);
	power_hooks_reboot();
	return rc == 0 && order_is("DB");
}

static bool full_list(void)
{
	int rc = power_hook_register(&e) | power_hook_register(&f);
	for (int i = 2; i < POWER_HOOKS_MAX; i++)
		rc |= power_hook_register(&c);
	if (rc != 0 || power_hook_register(&x) != -1 ||
	    power_hook_register(&y) != -1)
		return false;
	power_hooks_drain();
	if (!order_is("fe"))
		return false;
	order[0] = 0;
	power_hooks_poweroff(0);
	return strchr(order, 'x') == NULL &&
	       strlen(order) == POWER_HOOKS_MAX - 2;
}

static const struct power_hook registering = {"r", 5, off_b, NULL,
					      drain_registering};

static bool register_while_draining(void)
{
	int rc = power_hook_register(&e) | power_hook_register(&registering) |
		 power_hook_register(&f);
	power_hooks_drain();
	/* z's drain, of the highest priority, would run last, unsorted */
	if (rc != 0 || late_registration != -1 || !order_is("fre"))
		return false;
	order[0] = 0;
	power_hooks_poweroff(0);
	return order_is("b");
}

static bool register_after_poweroff(void)
{
	int rc = power_hook_register(&a);
	power_hooks_poweroff(0); /* a fault's: no drain */
	order[0] = 0;
	if (rc != 0 || power_hook_register(&d) != -1)
		return false;
	power_hooks_poweroff(0);
	return order_is("a");
}

/* The kernel's fault handler: a power-off with the fault's status. */
static void fault_poweroff(int sig)
{
	(void)sig;
	power_hooks_poweroff(70);
	fflush(stdout);
	_exit(order_is("a") ? 0 : 1);
}

static bool fault_while_registering(void)
{
	void *page =
	    mmap(NULL, 4096, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (page == MAP_FAILED || power_hook_register(&a) != 0)
		return false;
	signal(SIGSEGV, fault_poweroff);
	power_hook_register(page);
	printf("# a hook in an unreadable page did not fault\n");
	return false;
}

int main(void)
{
	TAP_OK(in_child(drain_without_hooks), "drain: nothing without hooks");
	TAP_OK(in_child(drain_without_drains),
	       "drain: nothing when no hook drains");
	TAP_OK(in_child(drain_order),
	       "drain: only hooks with one, highest priority first");
	TAP_OK(in_child(poweroff_order),
	       "poweroff: highest priority first, ties in registration "
	       "order, the same order again");
	TAP_OK(in_child(reboot_order), "reboot: only hooks with one");
	TAP_OK(in_child(quiesce_order),
	       "quiesce: only hooks with one, highest priority first; it "
	       "closes the list");
	TAP_OK(in_child(full_list),
	       "registered up to POWER_HOOKS_MAX (%d), one more refused, "
	       "which never runs nor drains",
	       POWER_HOOKS_MAX);
	TAP_OK(in_child(register_while_draining),
	       "a hook registered while the drain runs is refused, and the "
	       "walk goes on as it began");
	TAP_OK(in_child(register_after_poweroff),
	       "a hook registered after a power-off began is refused");
	TAP_OK(in_child(fault_while_registering),
	       "a fault while registering powers off: the lock is not held");
	return tap_done();
}
