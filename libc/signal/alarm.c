/*
 * alarm, setitimer and getitimer for the real-time timer: one timer
 * thread, started the first time the timer is armed, with every signal
 * blocked, sleeps until the expiry and then sends SIGALRM to the
 * program, as Linux's timer does (signal.c): a thread that lets it
 * through runs the handler, its blocking call interrupted (EINTR, or
 * restarted under SA_RESTART); while every thread blocks it, it stays
 * pending for sigwait.  The CPU-time timers (ITIMER_VIRTUAL,
 * ITIMER_PROF) are not supported: EINVAL.
 */
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#include "signal_impl.h"

#define NS 1000000000ull

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t changed;
static bool started;
static uint64_t deadline; /* monotonic ns; 0: disarmed */
static uint64_t interval;

static uint64_t now_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * NS + (uint64_t)ts.tv_nsec;
}

static void *timer_thread(void *arg)
{
	(void)arg;
	pthread_mutex_lock(&lock);
	for (;;) {
		if (!deadline) {
			pthread_cond_wait(&changed, &lock);
			continue;
		}
		uint64_t now = now_ns();
		if (now < deadline) {
			struct timespec ts = {(time_t)(deadline / NS),
					      (long)(deadline % NS)};
			pthread_cond_clockwait(&changed, &lock, CLOCK_MONOTONIC,
					       &ts);
			continue;
		}
		deadline = interval ? deadline + interval : 0;
		if (deadline && deadline <= now) /* fell behind: catch up */
			deadline = now + interval;
		pthread_mutex_unlock(&lock);
		kill(getpid(), SIGALRM);
		pthread_mutex_lock(&lock);
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

/* The current value under the lock. */
static void current(struct itimerval *v)
{
	uint64_t now = now_ns();
	v->it_interval = ns_tv(interval);
	v->it_value = ns_tv(deadline > now ? deadline - now : deadline ? 1 : 0);
}

static bool valid(const struct timeval *tv)
{
	return tv->tv_sec >= 0 && tv->tv_usec >= 0 && tv->tv_usec < 1000000;
}

int getitimer(int which, struct itimerval *v)
{
	if (which != ITIMER_REAL) {
		errno = EINVAL;
		return -1;
	}
	pthread_mutex_lock(&lock);
	current(v);
	pthread_mutex_unlock(&lock);
	return 0;
}

int setitimer(int which, const struct itimerval *v, struct itimerval *old)
{
	if (which != ITIMER_REAL || !valid(&v->it_value) ||
	    !valid(&v->it_interval)) {
		errno = EINVAL;
		return -1;
	}
	pthread_mutex_lock(&lock);
	if (old)
		current(old);
	uint64_t value = tv_ns(&v->it_value);
	interval = value ? tv_ns(&v->it_interval) : 0;
	deadline = value ? now_ns() + value : 0;
	if (deadline && !started) {
		pthread_condattr_t attr;
		pthread_condattr_init(&attr);
		pthread_condattr_setclock(&attr, CLOCK_MONOTONIC);
		pthread_cond_init(&changed, &attr);
		pthread_t t;
		if (osv_signal_service_thread(&t, timer_thread, NULL) != 0) {
			deadline = 0;
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
