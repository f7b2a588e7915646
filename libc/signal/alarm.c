/*
 * alarm, setitimer and getitimer: one timer thread, started the first
 * time a timer is armed, with every signal blocked, sleeps until the
 * earliest expiry and then sends the timer's signal to the program, as
 * Linux's timers do (signal.c): a thread that lets it through runs the
 * handler, its blocking call interrupted (EINTR, or restarted under
 * SA_RESTART); while every thread blocks it, it stays pending for
 * sigwait.  ITIMER_REAL counts on the monotonic clock (SIGALRM).
 * ITIMER_VIRTUAL (SIGVTALRM) and ITIMER_PROF (SIGPROF) count the
 * process's CPU time, both the same: everything runs in ring 0, there is
 * no user time apart from system time; the timer thread's own time is
 * left out.  CPU time grows no faster than the monotonic clock on the
 * one CPU, so the thread sleeps for what is left of a CPU-time timer (4
 * ms at least) and looks again.
 */
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#include "../time/clock_impl.h"
#include "signal_impl.h"

#define NS 1000000000ull
#define TIMERS 3 /* ITIMER_REAL, ITIMER_VIRTUAL, ITIMER_PROF */
/* The least sleep between looks at a CPU-time timer (a tick of Linux's
 * at 250 Hz, which counts CPU time by ticks). */
#define CPU_POLL_NS 4000000ull

static const struct {
	clockid_t clock;
	int sig;
} kinds[TIMERS] = {
    {CLOCK_MONOTONIC, SIGALRM},
    {CLOCK_PROCESS_CPUTIME_ID, SIGVTALRM},
    {CLOCK_PROCESS_CPUTIME_ID, SIGPROF},
};

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t changed;
static bool started;
static struct {
	uint64_t deadline; /* on the kind's clock, ns; 0: disarmed */
	uint64_t interval;
} timers[TIMERS];
/* The timer thread's own CPU time at its last wake-up: not the
 * program's, else its polling alone would expire a CPU-time timer while
 * the program sleeps. */
static uint64_t poll_ns;

static uint64_t now_ns(int which)
{
	uint64_t ns = 0;
	osv_time_now(kinds[which].clock, &ns);
	return which == ITIMER_REAL ? ns : ns - poll_ns;
}

/* Sends the signals of the timers that expired; the least time until
 * another may (UINT64_MAX: none armed).  Under the lock. */
static uint64_t expire(void)
{
	osv_time_now(CLOCK_THREAD_CPUTIME_ID, &poll_ns);
	uint64_t wait = UINT64_MAX;
	for (int i = 0; i < TIMERS; i++) {
		uint64_t *deadline = &timers[i].deadline;
		if (!*deadline)
			continue;
		uint64_t interval = timers[i].interval, now = now_ns(i);
		if (now >= *deadline) {
			*deadline = interval ? *deadline + interval : 0;
			if (*deadline && *deadline <= now) /* catch up */
				*deadline = now + interval;
			pthread_mutex_unlock(&lock);
			kill(getpid(), kinds[i].sig);
			pthread_mutex_lock(&lock);
			i = -1; /* the lock was let go: look again */
			wait = UINT64_MAX;
			continue;
		}
		uint64_t left = *deadline - now;
		if (i != ITIMER_REAL && left < CPU_POLL_NS)
			left = CPU_POLL_NS; /* the program may be asleep */
		if (left < wait)
			wait = left;
	}
	return wait;
}

static void *timer_thread(void *arg)
{
	(void)arg;
	pthread_mutex_lock(&lock);
	for (;;) {
		uint64_t wait = expire();
		if (wait == UINT64_MAX) {
			pthread_cond_wait(&changed, &lock);
			continue;
		}
		uint64_t until = now_ns(ITIMER_REAL) + wait;
		struct timespec ts = {(time_t)(until / NS), (long)(until % NS)};
		pthread_cond_clockwait(&changed, &lock, CLOCK_MONOTONIC, &ts);
	}
	return NULL;
}

static uint64_t tv_ns(const struct timeval *tv)
{
	return (uint64_t)tv->tv_sec * NS + (uint64_t)tv->tv_usec * 1000u;
}

static struct timeval ns_tv(uint64_t ns)
{
	/* Round up, so that an armed timer never reads as 0. */
	uint64_t us = (ns + 999) / 1000;
	struct timeval tv = {(time_t)(us / 1000000), (long)(us % 1000000)};
	return tv;
}

/* The current value of timer which, under the lock. */
static void current(int which, struct itimerval *v)
{
	uint64_t now = now_ns(which), deadline = timers[which].deadline;
	v->it_interval = ns_tv(timers[which].interval);
	v->it_value = ns_tv(deadline > now ? deadline - now : deadline ? 1 : 0);
}

static bool valid(const struct timeval *tv)
{
	return tv->tv_sec >= 0 && tv->tv_usec >= 0 && tv->tv_usec < 1000000;
}

int getitimer(int which, struct itimerval *v)
{
	if (which < 0 || which >= TIMERS) {
		errno = EINVAL;
		return -1;
	}
	pthread_mutex_lock(&lock);
	current(which, v);
	pthread_mutex_unlock(&lock);
	return 0;
}

int setitimer(int which, const struct itimerval *v, struct itimerval *old)
{
	if (which < 0 || which >= TIMERS || !valid(&v->it_value) ||
	    !valid(&v->it_interval)) {
		errno = EINVAL;
		return -1;
	}
	pthread_mutex_lock(&lock);
	if (old)
		current(which, old);
	uint64_t value = tv_ns(&v->it_value);
	timers[which].interval = value ? tv_ns(&v->it_interval) : 0;
	timers[which].deadline = value ? now_ns(which) + value : 0;
	if (timers[which].deadline && !started) {
		pthread_condattr_t attr;
		pthread_condattr_init(&attr);
		pthread_condattr_setclock(&attr, CLOCK_MONOTONIC);
		pthread_cond_init(&changed, &attr);
		pthread_t t;
		if (osv_signal_service_thread(&t, timer_thread, NULL) != 0) {
			timers[which].deadline = 0;
			pthread_mutex_unlock(&lock);
			errno = EAGAIN;
			return -1;
		}
		pthread_detach(t);
		started = true;
	}
	if (started)
		pthread_cond_broadcast(&changed);
	pthread_mutex_unlock(&lock);
	return 0;
}

/* Seconds left of the previous alarm, rounded to the nearest (at least
 * 1 while one is pending), as glibc's alarm reports them. */
unsigned alarm(unsigned seconds)
{
	struct itimerval v = {{0, 0}, {(time_t)seconds, 0}}, old;
	if (setitimer(ITIMER_REAL, &v, &old) != 0)
		return 0;
	unsigned left =
	    (unsigned)old.it_value.tv_sec + (old.it_value.tv_usec >= 500000);
	if (!left && (old.it_value.tv_sec || old.it_value.tv_usec))
		left = 1;
	return left;
}

unsigned ualarm(unsigned usecs, unsigned interval_us)
{
	struct itimerval v = {{(time_t)(interval_us / 1000000),
			       (long)(interval_us % 1000000)},
			      {(time_t)(usecs / 1000000),
			       (long)(usecs % 1000000)}},
			 old;
	if (setitimer(ITIMER_REAL, &v, &old) != 0)
		return (unsigned)-1;
	return (unsigned)(old.it_value.tv_sec * 1000000 + old.it_value.tv_usec);
}
