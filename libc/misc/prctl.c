/*
 * prctl: the options that mean something for the one process of the
 * machine, with Linux's checks and values; the others fail with EINVAL
 * as on a kernel built without them.  The name is the calling thread's
 * (the kernel's thread name, which pthread_getname_np reads too); the
 * other settings are recorded for the process and only read back:
 * there is no parent to die, no core dump, no exec to gain privileges
 * in, and timers are not coalesced.
 */
#include <errno.h>
#include <signal.h>
#include <stdarg.h>
#include <string.h>

#include "thread.h"

int prctl(int option, ...);

#define PR_SET_PDEATHSIG 1
#define PR_GET_PDEATHSIG 2
#define PR_GET_DUMPABLE 3
#define PR_SET_DUMPABLE 4
#define PR_GET_KEEPCAPS 7
#define PR_SET_KEEPCAPS 8
#define PR_SET_NAME 15
#define PR_GET_NAME 16
#define PR_GET_SECCOMP 21
#define PR_CAPBSET_READ 23
#define PR_SET_TIMERSLACK 29
#define PR_GET_TIMERSLACK 30
#define PR_SET_CHILD_SUBREAPER 36
#define PR_GET_CHILD_SUBREAPER 37
#define PR_SET_NO_NEW_PRIVS 38
#define PR_GET_NO_NEW_PRIVS 39

#define CAP_LAST_CAP 40		 /* Linux 6.1's: CAP_CHECKPOINT_RESTORE */
#define TIMERSLACK_DEFAULT 50000 /* ns, Linux's */
#define SIGNAL_MAX 64

static struct {
	int pdeathsig;
	int dumpable;
	int keepcaps;
	int subreaper;
	int no_new_privs;
	unsigned long timerslack;
} settings = {.dumpable = 1, .timerslack = TIMERSLACK_DEFAULT};

static int invalid(void)
{
	errno = EINVAL;
	return -1;
}

/* An on/off setting: arg must be 0 or 1. */
static int set_flag(int *flag, unsigned long arg)
{
	if (arg > 1)
		return invalid();
	*flag = arg;
	return 0;
}

static int set_name(const char *name)
{
	char copy[THREAD_NAME_MAX];
	strncpy(copy, name, sizeof(copy) - 1);
	copy[sizeof(copy) - 1] = '\0';
	thread_set_name(thread_current(), copy);
	return 0;
}

static int get_name(char *name)
{
	thread_get_name(thread_current(), name, THREAD_NAME_MAX);
	return 0;
}

static int set_pdeathsig(unsigned long sig)
{
	if (sig > SIGNAL_MAX)
		return invalid();
	settings.pdeathsig = sig;
	return 0;
}

/* Linux: once set, no_new_privs stays; the unused arguments must be 0. */
static int set_no_new_privs(unsigned long arg[4])
{
	if (arg[0] != 1 || arg[1] || arg[2] || arg[3])
		return invalid();
	settings.no_new_privs = 1;
	return 0;
}

static int get_no_new_privs(unsigned long arg[4])
{
	if (arg[0] || arg[1] || arg[2] || arg[3])
		return invalid();
	return settings.no_new_privs;
}

static int set_timerslack(unsigned long ns)
{
	settings.timerslack = ns ? ns : TIMERSLACK_DEFAULT;
	return 0;
}

/* The program is root with every capability in its bounding set. */
static int capbset_read(unsigned long cap)
{
	return cap <= CAP_LAST_CAP ? 1 : invalid();
}

int prctl(int option, ...)
{
	unsigned long arg[4];
	va_list ap;
	va_start(ap, option);
	for (int i = 0; i < 4; i++)
		arg[i] = va_arg(ap, unsigned long);
	va_end(ap);

	switch (option) {
	case PR_SET_NAME:
		return set_name((const char *)arg[0]);
	case PR_GET_NAME:
		return get_name((char *)arg[0]);
	case PR_SET_PDEATHSIG:
		return set_pdeathsig(arg[0]);
	case PR_GET_PDEATHSIG:
		*(int *)arg[0] = settings.pdeathsig;
		return 0;
	case PR_SET_DUMPABLE:
		return set_flag(&settings.dumpable, arg[0]);
	case PR_GET_DUMPABLE:
		return settings.dumpable;
	case PR_SET_KEEPCAPS:
		return set_flag(&settings.keepcaps, arg[0]);
	case PR_GET_KEEPCAPS:
		return settings.keepcaps;
	case PR_SET_CHILD_SUBREAPER:
		settings.subreaper = arg[0] != 0;
		return 0;
	case PR_GET_CHILD_SUBREAPER:
		*(int *)arg[0] = settings.subreaper;
		return 0;
	case PR_SET_NO_NEW_PRIVS:
		return set_no_new_privs(arg);
	case PR_GET_NO_NEW_PRIVS:
		return get_no_new_privs(arg);
	case PR_GET_SECCOMP:
		return 0; /* no filter: seccomp is off */
	case PR_SET_TIMERSLACK:
		return set_timerslack(arg[0]);
	case PR_GET_TIMERSLACK:
		return settings.timerslack;
	case PR_CAPBSET_READ:
		return capbset_read(arg[0]);
	default:
		return invalid();
	}
}
