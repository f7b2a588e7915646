/*
 * syscall(): the raw Linux system-call entry glibc exports, for the
 * calls programs and libraries make through it (gettid, getrandom,
 * futex, ...): each is done by the libc function or the kernel service
 * behind it, with the Linux calling convention (the result, or -1 and
 * errno).  A call with no equivalent here fails with ENOSYS, as a Linux
 * kernel without it answers.
 */
#include <errno.h>
#include <sched.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/random.h>
#include <time.h>
#include <unistd.h>

#include "../signal/signal_impl.h"
#include "../time/clock_impl.h"
#include "clock.h"
#include "thread.h"

long syscall(long number, ...);
void _exit(int status) __attribute__((noreturn));
int sched_getaffinity(pid_t pid, size_t size, void *mask);

enum {
	SYS_sched_yield = 24,
	SYS_nanosleep = 35,
	SYS_getpid = 39,
	SYS_kill = 62,
	SYS_getuid = 102,
	SYS_getgid = 104,
	SYS_geteuid = 107,
	SYS_getegid = 108,
	SYS_getppid = 110,
	SYS_gettid = 186,
	SYS_tkill = 200,
	SYS_futex = 202,
	SYS_sched_getaffinity = 204,
	SYS_clock_gettime = 228,
	SYS_clock_getres = 229,
	SYS_clock_nanosleep = 230,
	SYS_exit_group = 231,
	SYS_tgkill = 234,
	SYS_getcpu = 309,
	SYS_getrandom = 318,
	SYS_rt_sigprocmask = 14,
};

#define FUTEX_WAIT 0
#define FUTEX_WAKE 1
#define FUTEX_WAIT_BITSET 9
#define FUTEX_WAKE_BITSET 10
#define FUTEX_PRIVATE_FLAG 128
#define FUTEX_CLOCK_REALTIME 256
#define FUTEX_BITSET_MATCH_ANY 0xffffffffu

static long fail(int e)
{
	errno = e;
	return -1;
}

/* A libc function that returns an error number instead of setting it. */
static long from_error_number(int e)
{
	return e ? fail(e) : 0;
}

static long futex(volatile int *addr, int op, int val,
		  const struct timespec *ts, unsigned val3)
{
	int cmd = op & ~(FUTEX_PRIVATE_FLAG | FUTEX_CLOCK_REALTIME);
	if ((cmd == FUTEX_WAIT_BITSET || cmd == FUTEX_WAKE_BITSET) &&
	    val3 != FUTEX_BITSET_MATCH_ANY)
		return fail(ENOSYS); /* only whole bitsets */
	switch (cmd) {
	case FUTEX_WAKE:
	case FUTEX_WAKE_BITSET:
		return thread_futex_wake(addr, val);
	case FUTEX_WAIT:
	case FUTEX_WAIT_BITSET: {
		uint64_t deadline = THREAD_NO_DEADLINE;
		if (ts) {
			if (!osv_time_valid(ts))
				return fail(EINVAL);
			uint64_t ns = osv_time_to_ns(ts);
			/* absolute on the wall clock follows clock_settime() */
			clockid_t clock = op & FUTEX_CLOCK_REALTIME
					      ? CLOCK_REALTIME
					      : CLOCK_MONOTONIC;
			if (cmd == FUTEX_WAIT) { /* relative, monotonic */
				uint64_t now = clock_monotonic();
				ns = ns > UINT64_MAX - now ? UINT64_MAX
							   : now + ns;
				clock = CLOCK_MONOTONIC;
			}
			deadline = osv_time_deadline(clock, ns);
		}
		int r = thread_futex_wait(addr, val, deadline, true);
		if (r == -EINTR)
			osv_signal_interrupted();
		return r < 0 ? fail(-r) : 0;
	}
	default:
		return fail(ENOSYS);
	}
}

long syscall(long number, ...)
{
	va_list ap;
	long a[6];
	va_start(ap, number);
	for (int i = 0; i < 6; i++)
		a[i] = va_arg(ap, long);
	va_end(ap);

	switch (number) {
	case SYS_getpid:
		return getpid();
	case SYS_getppid:
		return getppid();
	case SYS_gettid:
		return gettid();
	case SYS_getuid:
		return getuid();
	case SYS_geteuid:
		return geteuid();
	case SYS_getgid:
		return getgid();
	case SYS_getegid:
		return getegid();
	case SYS_sched_yield:
		return sched_yield();
	case SYS_getrandom:
		return getrandom((void *)a[0], (size_t)a[1], (unsigned)a[2]);
	case SYS_futex:
		return futex((volatile int *)a[0], (int)a[1], (int)a[2],
			     (const struct timespec *)a[3], (unsigned)a[5]);
	case SYS_sched_getaffinity:
		/* The system call returns the size of the kernel's mask. */
		if (sched_getaffinity((pid_t)a[0], (size_t)a[1], (void *)a[2]))
			return -1;
		return a[1] < 8 ? a[1] : 8;
	case SYS_clock_gettime:
		return clock_gettime((clockid_t)a[0], (struct timespec *)a[1]);
	case SYS_clock_getres:
		return clock_getres((clockid_t)a[0], (struct timespec *)a[1]);
	case SYS_nanosleep:
		return nanosleep((const struct timespec *)a[0],
				 (struct timespec *)a[1]);
	case SYS_clock_nanosleep:
		return from_error_number(clock_nanosleep(
		    (clockid_t)a[0], (int)a[1], (const struct timespec *)a[2],
		    (struct timespec *)a[3]));
	case SYS_kill:
		return kill((pid_t)a[0], (int)a[1]);
	case SYS_tkill:
		return osv_signal_tkill((int)a[0], (int)a[1]);
	case SYS_tgkill:
		if (a[0] != getpid())
			return fail(ESRCH);
		return osv_signal_tkill((int)a[1], (int)a[2]);
	case SYS_rt_sigprocmask:
		return sigprocmask((int)a[0], (const sigset_t *)a[1],
				   (sigset_t *)a[2]);
	case SYS_getcpu:
		if (a[0])
			*(unsigned *)a[0] = 0;
		if (a[1])
			*(unsigned *)a[1] = 0;
		return 0;
	case SYS_exit_group:
		_exit((int)a[0]);
	default:
		return fail(ENOSYS);
	}
}
