/*
 * getrusage and times: CPU time from the scheduler's accounting (the
 * CPU-time clocks of libc/time), no children ever, and the largest
 * amount of RAM seen in use as the maximum resident set.  There is no
 * user/system split in a unikernel: all of it is user time.
 */
#include <errno.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/times.h>
#include <time.h>

#include "libc-internal.h"
#include "mm.h"

static long max_rss_kib;

static void fill(struct rusage *ru, clockid_t clock)
{
	struct timespec ts;
	memset(ru, 0, sizeof(*ru));
	if (clock_gettime(clock, &ts) == 0) {
		ru->ru_utime.tv_sec = ts.tv_sec;
		ru->ru_utime.tv_usec = ts.tv_nsec / 1000;
	}
	long used =
	    (long)((page_alloc_total_bytes() - page_alloc_free_bytes()) / 1024);
	if (used > max_rss_kib)
		max_rss_kib = used;
	ru->ru_maxrss = max_rss_kib;
}

int getrusage(int who, struct rusage *ru)
{
	switch (who) {
	case RUSAGE_SELF:
		fill(ru, CLOCK_PROCESS_CPUTIME_ID);
		return 0;
	case RUSAGE_THREAD:
		fill(ru, CLOCK_THREAD_CPUTIME_ID);
		return 0;
	case RUSAGE_CHILDREN:
		memset(ru, 0, sizeof(*ru));
		return 0;
	default:
		errno = EINVAL;
		return -1;
	}
}

/* In clock ticks (LIBC_CLK_TCK a second: sysconf(_SC_CLK_TCK)); the
 * return value counts from boot. */
clock_t times(struct tms *t)
{
	struct timespec cpu, up;
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &cpu);
	clock_gettime(CLOCK_MONOTONIC, &up);
	if (t) {
		t->tms_utime =
		    (clock_t)(cpu.tv_sec * LIBC_CLK_TCK +
			      cpu.tv_nsec / (1000000000 / LIBC_CLK_TCK));
		t->tms_stime = 0;
		t->tms_cutime = 0;
		t->tms_cstime = 0;
	}
	return (clock_t)(up.tv_sec * LIBC_CLK_TCK +
			 up.tv_nsec / (1000000000 / LIBC_CLK_TCK));
}
