/*
 * Shared by the clock and sleep functions of libc/time/: reading a clock
 * by its id, and converting between timespecs and nanoseconds.
 */
#ifndef OSV_LIBC_CLOCK_IMPL_H
#define OSV_LIBC_CLOCK_IMPL_H

#include <stdbool.h>
#include <stdint.h>
#include <time.h>

/* Internal to the libc: not in the kernel's export table. */
#ifndef OSV_HIDDEN
#define OSV_HIDDEN __attribute__((visibility("hidden")))
#endif

#define NS_PER_SEC 1000000000LL
#define TAI_OFFSET 37 /* seconds TAI is ahead of UTC, since 2017 */

/* The clock's reading in ns; 0, or EINVAL for an unknown clock. */
int osv_time_now(clockid_t id, uint64_t *ns) OSV_HIDDEN;

/* tv_nsec in [0, 1e9) and tv_sec not negative. */
static inline bool osv_time_valid(const struct timespec *ts)
{
	return ts->tv_nsec >= 0 && ts->tv_nsec < NS_PER_SEC && ts->tv_sec >= 0;
}

/* ns of a valid timespec, saturating at UINT64_MAX. */
static inline uint64_t osv_time_to_ns(const struct timespec *ts)
{
	if ((uint64_t)ts->tv_sec >= UINT64_MAX / NS_PER_SEC - 1)
		return UINT64_MAX;
	return (uint64_t)ts->tv_sec * NS_PER_SEC + (uint64_t)ts->tv_nsec;
}

static inline struct timespec osv_time_from_ns(uint64_t ns)
{
	struct timespec ts = {(time_t)(ns / NS_PER_SEC),
			      (long)(ns % NS_PER_SEC)};
	return ts;
}

/*
 * Sleeps until clock id reads deadline (ns); interruptible by
 * pthread_cancel().  0, EINTR when interrupted, EINVAL for a clock one
 * cannot sleep on.
 */
int osv_time_sleep_until(clockid_t id, uint64_t deadline) OSV_HIDDEN;

/*
 * The kernel's deadline word (timer.h) for clock id (a monotonic or a
 * wall clock) reading deadline: on a wall clock it follows a later
 * clock_settime(), as POSIX asks of absolute waits.  THREAD_NO_DEADLINE
 * beyond the words' range.
 */
uint64_t osv_time_deadline(clockid_t id, uint64_t deadline) OSV_HIDDEN;

/*
 * The kernel's deadline word for a wait of timeout from now on the
 * monotonic clock (NULL: THREAD_NO_DEADLINE, as is a timeout beyond the
 * words' range, 146 years); false for an invalid timeout (EINVAL).
 */
bool osv_time_relative_deadline(const struct timespec *timeout,
				uint64_t *deadline) OSV_HIDDEN;

/*
 * A cancellation point (libc/thread/cancel.c): ends the calling thread
 * if a cancellation request is pending and enabled.
 */
void osv_testcancel(void) OSV_HIDDEN;

#endif
