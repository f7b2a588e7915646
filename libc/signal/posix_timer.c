/*
 * POSIX per-process timers (timer_create ...) on CLOCK_REALTIME,
 * CLOCK_MONOTONIC and CLOCK_BOOTTIME, and on the alarm clocks, which
 * are the realtime and boot-time ones here: Linux asks CAP_WAKE_ALARM
 * for them, which the program has, and there is no suspend to wake
 * from.  As for alarm() (alarm.c), one service thread (every signal
 * blocked), started by the first timer_create, waits on the monotonic
 * clock for the earliest armed timer and delivers its expirations:
 * SIGEV_SIGNAL sends the signal to the program with the siginfo of a
 * Linux timer (SI_TIMER, the timer's id, overrun and sigev_value);
 * SIGEV_THREAD runs the function in a new detached thread
 * (sigev_notify_attributes are used when given; its mask is the service
 * thread's); SIGEV_NONE only counts.  Expirations the service
 * thread could not deliver in time (an interval shorter than the
 * handler) are counted once as the overrun of the next one, which
 * timer_getoverrun returns.  A timer armed at an absolute CLOCK_REALTIME
 * time stays on the wall clock, its period too, as on Linux: setting
 * the clock past it expires it at once, setting it back delays it.  The
 * service thread then waits with TIMER_ON_CLOCK_SET (kernel timer.h),
 * so that a set wakes it to look again, and gives the wait the count of
 * sets it read the clocks at, so that a set between its reading and its
 * sleep ends the wait as well; a relative time is on the monotonic
 * clock, which no set moves.
 */
#include <errno.h>
#include <limits.h>
#include <pthread.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../thread/pthread_impl.h"
#include "clock.h"
#include "signal_impl.h"

#define NS 1000000000ull
#define TIMERS_MAX 256
#define OVERRUN_MAX INT_MAX /* DELAYTIMER_MAX */

struct ptimer {
	bool used;
	clockid_t clock; /* for absolute times */
	bool wall;	 /* deadline on CLOCK_REALTIME, else monotonic */
	struct sigevent ev;
	uint64_t deadline; /* ns on its clock; 0: disarmed */
	uint64_t interval;
	int overrun; /* of the expiration last delivered */
};

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t changed;
static bool started;
static struct ptimer timers[TIMERS_MAX];

static uint64_t clock_ns(clockid_t c)
{
	struct timespec ts;
	clock_gettime(c, &ts);
	return (uint64_t)ts.tv_sec * NS + (uint64_t)ts.tv_nsec;
}

/* The timer an id names (ids are index + 1), or NULL (errno EINVAL). */
static struct ptimer *lookup(timer_t id)
{
	uintptr_t i = (uintptr_t)id;
	if (i == 0 || i > TIMERS_MAX || !timers[i - 1].used) {
		errno = EINVAL;
		return NULL;
	}
	return &timers[i - 1];
}

/* Delivers an expiration of timer id (its state copied under the lock). */
static void notify(int id, const struct sigevent *ev, int overrun)
{
	if (ev->sigev_notify == SIGEV_SIGNAL) {
		siginfo_t info;
		memset(&info, 0, sizeof(info));
		info.si_signo = ev->sigev_signo;
		info.si_code = SI_TIMER;
		info.si_timerid = id;
		info.si_overrun = overrun;
		info.si_value = ev->sigev_value;
		osv_signal_process(ev->sigev_signo, &info);
	} else if (ev->sigev_notify == SIGEV_THREAD) {
		osv_sigevent_thread(ev);
	}
}

/* The clocks now, read once for all the timers. */
struct now {
	uint64_t mono, wall;
};

static struct now now_both(void)
{
	return (struct now){clock_ns(CLOCK_MONOTONIC),
			    clock_ns(CLOCK_REALTIME)};
}

/*
 * Takes the expirations due at now; the earliest deadline left as a
 * monotonic time, or 0.  *wall: some timer left is on the wall clock.
 */
static uint64_t expire(struct now n, int *due, int *count, bool *wall)
{
	uint64_t next = 0;
	*count = 0;
	*wall = false;
	for (int i = 0; i < TIMERS_MAX; i++) {
		struct ptimer *p = &timers[i];
		if (!p->used || !p->deadline)
			continue;
		uint64_t now = p->wall ? n.wall : n.mono;
		if (p->deadline <= now) {
			uint64_t missed = 0;
			if (p->interval) {
				missed = (now - p->deadline) / p->interval;
				p->deadline += (missed + 1) * p->interval;
			} else {
				p->deadline = 0;
			}
			p->overrun =
			    missed > OVERRUN_MAX ? OVERRUN_MAX : (int)missed;
			due[(*count)++] = i;
		}
		if (!p->deadline)
			continue;
		uint64_t left = p->deadline - now;
		uint64_t at =
		    left > TIMER_NS_MAX - n.mono ? TIMER_NS_MAX : n.mono + left;
		if (!next || at < next)
			next = at;
		*wall |= p->wall;
	}
	return next;
}

static void *service(void *arg)
{
	static int due[TIMERS_MAX];
	(void)arg;
	pthread_mutex_lock(&lock);
	for (;;) {
		int count;
		bool wall;
		uint64_t sets = clock_realtime_sets(); /* before the reads */
		uint64_t next = expire(now_both(), due, &count, &wall);
		for (int k = 0; k < count; k++) {
			struct ptimer *p = &timers[due[k]];
			struct sigevent ev = p->ev;
			int overrun = p->overrun;
			pthread_mutex_unlock(&lock);
			notify(due[k] + 1, &ev, overrun);
			pthread_mutex_lock(&lock);
		}
		if (count)
			continue; /* time went by: look again */
		if (!next)
			pthread_cond_wait(&changed, &lock);
		else
			osv_cond_wait_until(
			    &changed, &lock,
			    wall ? next | TIMER_ON_CLOCK_SET : next, sets);
	}
	return NULL;
}

static bool start_service(void)
{
	pthread_condattr_t attr;
	pthread_t t;

	if (started)
		return true;
	pthread_condattr_init(&attr);
	pthread_condattr_setclock(&attr, CLOCK_MONOTONIC);
	pthread_cond_init(&changed, &attr);
	pthread_condattr_destroy(&attr);
	if (osv_signal_service_thread(&t, service, NULL) != 0)
		return false;
	pthread_detach(t);
	started = true;
	return true;
}

/* An absolute time on clock is on the wall clock, a set moves it. */
static bool on_wall(clockid_t clock)
{
	return clock == CLOCK_REALTIME || clock == CLOCK_REALTIME_ALARM;
}

static bool valid_event(const struct sigevent *ev)
{
	switch (ev->sigev_notify) {
	case SIGEV_NONE:
		return true;
	case SIGEV_SIGNAL:
		return ev->sigev_signo > 0 && ev->sigev_signo < _NSIG;
	case SIGEV_THREAD:
		return ev->sigev_notify_function != NULL;
	default:
		return false; /* SIGEV_THREAD_ID: no kernel thread ids here */
	}
}

static bool valid_clock(clockid_t clock)
{
	return on_wall(clock) || clock == CLOCK_MONOTONIC ||
	       clock == CLOCK_BOOTTIME || clock == CLOCK_BOOTTIME_ALARM;
}

int timer_create(clockid_t clock, struct sigevent *restrict ev,
		 timer_t *restrict id)
{
	if (!valid_clock(clock) || (ev && !valid_event(ev))) {
		errno = EINVAL;
		return -1;
	}
	pthread_mutex_lock(&lock);
	int i = 0;
	while (i < TIMERS_MAX && timers[i].used)
		i++;
	if (i == TIMERS_MAX || !start_service()) {
		pthread_mutex_unlock(&lock);
		errno = EAGAIN;
		return -1;
	}
	struct ptimer *p = &timers[i];
	memset(p, 0, sizeof(*p));
	p->used = true;
	if (ev) {
		p->ev = *ev;
	} else { /* SIGALRM with the timer's id as its value */
		p->ev.sigev_notify = SIGEV_SIGNAL;
		p->ev.sigev_signo = SIGALRM;
		p->ev.sigev_value.sival_int = i + 1;
	}
	p->clock = clock;
	pthread_mutex_unlock(&lock);
	*id = (timer_t)(uintptr_t)(i + 1);
	return 0;
}

int timer_delete(timer_t id)
{
	pthread_mutex_lock(&lock);
	struct ptimer *p = lookup(id);
	if (p)
		p->used = false;
	pthread_mutex_unlock(&lock);
	return p ? 0 : -1;
}

static uint64_t ts_ns(const struct timespec *ts)
{
	return (uint64_t)ts->tv_sec * NS + (uint64_t)ts->tv_nsec;
}

static struct timespec ns_ts(uint64_t ns)
{
	struct timespec ts = {(time_t)(ns / NS), (long)(ns % NS)};
	return ts;
}

/* The current value under the lock; an armed timer never reads as 0. */
static void current(const struct ptimer *p, struct itimerspec *v)
{
	uint64_t now = clock_ns(p->wall ? CLOCK_REALTIME : CLOCK_MONOTONIC);
	v->it_interval = ns_ts(p->interval);
	v->it_value = ns_ts(!p->deadline	? 0
			    : p->deadline > now ? p->deadline - now
						: 1);
}

static bool valid_time(const struct timespec *ts)
{
	return ts->tv_sec >= 0 && ts->tv_nsec >= 0 && ts->tv_nsec < (long)NS;
}

int timer_settime(timer_t id, int flags, const struct itimerspec *restrict v,
		  struct itimerspec *restrict old)
{
	if (!valid_time(&v->it_value) || !valid_time(&v->it_interval)) {
		errno = EINVAL;
		return -1;
	}
	pthread_mutex_lock(&lock);
	struct ptimer *p = lookup(id);
	if (!p) {
		pthread_mutex_unlock(&lock);
		return -1;
	}
	if (old)
		current(p, old);
	uint64_t value = ts_ns(&v->it_value);
	p->interval = value ? ts_ns(&v->it_interval) : 0;
	p->wall = value && (flags & TIMER_ABSTIME) && on_wall(p->clock);
	if (!value || (flags & TIMER_ABSTIME))
		p->deadline = value; /* a time already past expires at once */
	else
		p->deadline = clock_ns(CLOCK_MONOTONIC) + value;
	p->overrun = 0;
	pthread_cond_broadcast(&changed);
	pthread_mutex_unlock(&lock);
	return 0;
}

int timer_gettime(timer_t id, struct itimerspec *v)
{
	pthread_mutex_lock(&lock);
	struct ptimer *p = lookup(id);
	if (p)
		current(p, v);
	pthread_mutex_unlock(&lock);
	return p ? 0 : -1;
}

int timer_getoverrun(timer_t id)
{
	pthread_mutex_lock(&lock);
	struct ptimer *p = lookup(id);
	int r = p ? p->overrun : -1;
	pthread_mutex_unlock(&lock);
	return r;
}
