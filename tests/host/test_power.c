/*
 * The power-off's order and claim (kernel/power.c), with the kernel
 * around it stubbed: the drains run before the sync, as the program's
 * other threads may write files while the network drains, and the
 * quiesces (disk controllers' shutdowns) after it; a second
 * thread's power-off sleeps and is seen as under way by it, not by the
 * thread that powers off; a fault neither drains nor syncs.
 */
#include <asm/prctl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "arch.h"
#include "console.h"
#include "fs_calls.h"
#include "klog.h"
#include "power.h"
#include "power_hooks.h"
#include "tap.h"
#include "thread.h"
#include "osv/power.h"

static char order[16];
static jmp_buf out;
static char thread_a, thread_b;
/* thread_current() reads %gs:8: the "CPU" this test runs on. */
static struct thread *cpu[2];

static void run_as(char *t)
{
	cpu[1] = (struct thread *)t;
}

static void note(char c)
{
	size_t n = strlen(order);
	if (n + 1 < sizeof(order))
		order[n] = c, order[n + 1] = 0;
}

int thread_sleep_until(uint64_t deadline, bool interruptible)
{
	(void)deadline, (void)interruptible;
	note('z');
	longjmp(out, 1);
}
void fs_sync(void)
{
	note('s');
}
void power_hooks_drain(void)
{
	note('d');
}
void power_hooks_quiesce(void)
{
	note('q');
}
void power_hooks_poweroff(int status)
{
	(void)status;
	note('p');
	longjmp(out, 1);
}
void arch_debug_exit(int status)
{
	(void)status;
}
bool console_mid_line(void)
{
	return false;
}
int kprintf(const char *fmt, ...)
{
	(void)fmt;
	return 0;
}

static const char *power_off(char *t, int status)
{
	run_as(t);
	order[0] = 0;
	if (!setjmp(out))
		osv_poweroff(status);
	return order;
}

int main(void)
{
	TAP_OK(!syscall(SYS_arch_prctl, ARCH_SET_GS, cpu),
	       "arch_prctl(ARCH_SET_GS) gives the test a CPU");
	run_as(&thread_a);
	TAP_OK(!osv_poweroff_under_way(), "no power-off under way at first");
	TAP_OK(!strcmp(power_off(&thread_a, 0), "dsqp"),
	       "the drains, the sync, the quiesces, then the power-off (%s)",
	       order);
	TAP_OK(!osv_poweroff_under_way(),
	       "not under way for the thread powering off");
	run_as(&thread_b);
	TAP_OK(osv_poweroff_under_way(), "under way for another thread");
	TAP_OK(!strcmp(power_off(&thread_b, 141), "z"),
	       "another thread's power-off sleeps (%s)", order);
	TAP_OK(!strcmp(power_off(&thread_a, 1), "p"),
	       "the first thread's again neither drains, syncs nor quiesces "
	       "(%s)",
	       order);
	TAP_OK(!strcmp(power_off(&thread_b, OSV_EXIT_FAULT), "p"),
	       "a fault powers off at once (%s)", order);
	return tap_done();
}
