/*
 * sysconf and getpagesize: the answers glibc gives on Linux x86_64 for
 * the limits and options this kernel has, its own figures for pages and
 * processors.  The _SC_ numbers are glibc's (bits/confname.h); an
 * unknown one is EINVAL, an option without a limit -1 with errno kept.
 */
#include <errno.h>
#include <sys/resource.h>
#include <unistd.h>

#include "libc-internal.h"
#include "mm.h"

#ifndef PAGE_SIZE
#define PAGE_SIZE 4096
#endif
#define POSIX_VERSION 200809L
/* The scheduler runs every thread on the boot processor (kernel/sched). */
#define CPUS 1

enum {
	SC_ARG_MAX = 0,
	SC_CHILD_MAX = 1,
	SC_CLK_TCK = 2,
	SC_NGROUPS_MAX = 3,
	SC_OPEN_MAX = 4,
	SC_STREAM_MAX = 5,
	SC_TZNAME_MAX = 6,
	SC_JOB_CONTROL = 7,
	SC_SAVED_IDS = 8,
	SC_REALTIME_SIGNALS = 9,
	SC_PRIORITY_SCHEDULING = 10,
	SC_TIMERS = 11,
	SC_FSYNC = 15,
	SC_MAPPED_FILES = 16,
	SC_MEMLOCK = 17,
	SC_SEMAPHORES = 21,
	SC_DELAYTIMER_MAX = 26,
	SC_MQ_OPEN_MAX = 27,
	SC_VERSION = 29,
	SC_PAGESIZE = 30,
	SC_RTSIG_MAX = 31,
	SC_SEM_NSEMS_MAX = 32,
	SC_SEM_VALUE_MAX = 33,
	SC_SIGQUEUE_MAX = 34,
	SC_TIMER_MAX = 35,
	SC_BC_BASE_MAX = 36,
	SC_EXPR_NEST_MAX = 42,
	SC_LINE_MAX = 43,
	SC_RE_DUP_MAX = 44,
	SC_2_VERSION = 46,
	SC_IOV_MAX = 60,
	SC_THREADS = 67,
	SC_THREAD_SAFE_FUNCTIONS = 68,
	SC_GETGR_R_SIZE_MAX = 69,
	SC_GETPW_R_SIZE_MAX = 70,
	SC_LOGIN_NAME_MAX = 71,
	SC_TTY_NAME_MAX = 72,
	SC_THREAD_KEYS_MAX = 74,
	SC_THREAD_STACK_MIN = 75,
	SC_THREAD_THREADS_MAX = 76,
	SC_THREAD_PRIORITY_SCHEDULING = 79,
	SC_NPROCESSORS_CONF = 83,
	SC_NPROCESSORS_ONLN = 84,
	SC_PHYS_PAGES = 85,
	SC_AVPHYS_PAGES = 86,
	SC_ATEXIT_MAX = 87,
	SC_PASS_MAX = 88,
	SC_XOPEN_VERSION = 89,
	SC_NZERO = 109,
	SC_BARRIERS = 133,
	SC_CLOCK_SELECTION = 137,
	SC_CPUTIME = 138,
	SC_THREAD_CPUTIME = 139,
	SC_MONOTONIC_CLOCK = 149,
	SC_READER_WRITER_LOCKS = 153,
	SC_SPIN_LOCKS = 154,
	SC_SHELL = 157,
	SC_SIGNALS = 158,
	SC_SPAWN = 159,
	SC_TIMEOUTS = 164,
	SC_SYMLOOP_MAX = 173,
	SC_HOST_NAME_MAX = 180,
	SC_LEVEL1_DCACHE_LINESIZE = 190,
	SC_MINSIGSTKSZ = 249,
	SC_SIGSTKSZ = 250,
};

int getpagesize(void)
{
	return PAGE_SIZE;
}

static long open_max(void)
{
	struct rlimit r;
	if (getrlimit(RLIMIT_NOFILE, &r) != 0 || r.rlim_cur == RLIM_INFINITY)
		return -1;
	return (long)r.rlim_cur;
}

long sysconf(int name)
{
	switch (name) {
	case SC_PAGESIZE:
		return PAGE_SIZE;
	case SC_CLK_TCK:
		return LIBC_CLK_TCK;
	case SC_NPROCESSORS_CONF:
	case SC_NPROCESSORS_ONLN:
		return CPUS;
	case SC_PHYS_PAGES:
		return (long)(page_alloc_total_bytes() / PAGE_SIZE);
	case SC_AVPHYS_PAGES:
		return (long)(page_alloc_free_bytes() / PAGE_SIZE);
	case SC_OPEN_MAX:
		return open_max();
	case SC_ARG_MAX:
		return 2097152; /* a quarter of the 8 MiB stack limit */
	case SC_CHILD_MAX:
		return 1; /* no processes but this one */
	case SC_NGROUPS_MAX:
		return 65536;
	case SC_STREAM_MAX:
		return 16;
	case SC_VERSION:
	case SC_THREADS:
	case SC_THREAD_SAFE_FUNCTIONS:
	case SC_TIMERS:
	case SC_SEMAPHORES:
	case SC_MONOTONIC_CLOCK:
	case SC_CLOCK_SELECTION:
	case SC_CPUTIME:
	case SC_THREAD_CPUTIME:
	case SC_BARRIERS:
	case SC_SPIN_LOCKS:
	case SC_READER_WRITER_LOCKS:
	case SC_TIMEOUTS:
	case SC_THREAD_PRIORITY_SCHEDULING:
	case SC_PRIORITY_SCHEDULING:
	case SC_REALTIME_SIGNALS:
	case SC_2_VERSION:
		return POSIX_VERSION;
	case SC_SAVED_IDS:
		return 1;
	case SC_JOB_CONTROL:
	case SC_SHELL:
	case SC_SPAWN:
	case SC_FSYNC:
	case SC_MAPPED_FILES:
	case SC_MEMLOCK:
		return -1; /* not supported here: no processes, no VFS yet */
	case SC_XOPEN_VERSION:
		return 700;
	case SC_RTSIG_MAX:
		return 32;
	case SC_SEM_VALUE_MAX:
	case SC_DELAYTIMER_MAX:
	case SC_ATEXIT_MAX:
		return 2147483647;
	case SC_IOV_MAX:
		return 1024;
	case SC_LINE_MAX:
		return 2048;
	case SC_BC_BASE_MAX:
		return 99;
	case SC_EXPR_NEST_MAX:
		return 32;
	case SC_RE_DUP_MAX:
		return 32767;
	case SC_GETGR_R_SIZE_MAX:
	case SC_GETPW_R_SIZE_MAX:
	case SC_THREAD_KEYS_MAX:
		return 1024;
	case SC_LOGIN_NAME_MAX:
		return 256;
	case SC_TTY_NAME_MAX:
		return 32;
	case SC_THREAD_STACK_MIN:
		return 16384;
	case SC_PASS_MAX:
		return 8192;
	case SC_NZERO:
		return 20;
	case SC_HOST_NAME_MAX:
		return 64;
	case SC_LEVEL1_DCACHE_LINESIZE:
		return 64;
	case SC_MINSIGSTKSZ: /* getauxval(AT_MINSIGSTKSZ), as in glibc */
		return LIBC_MINSIGSTKSZ;
	case SC_SIGSTKSZ: /* four times that, as glibc computes it */
		return 4 * LIBC_MINSIGSTKSZ;
	case SC_TZNAME_MAX:
	case SC_SEM_NSEMS_MAX:
	case SC_TIMER_MAX:
	case SC_MQ_OPEN_MAX:
	case SC_THREAD_THREADS_MAX:
	case SC_SYMLOOP_MAX:
	case SC_SIGQUEUE_MAX:
	case SC_SIGNALS:
		return -1; /* no fixed limit */
	default:
		errno = EINVAL;
		return -1;
	}
}

extern __typeof(sysconf) __sysconf __attribute__((alias("sysconf")));
