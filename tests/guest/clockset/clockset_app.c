/*
 * Setting CLOCK_REALTIME under waits on it (tests/guest/clockset.test;
 * built against glibc's headers).  A helper thread sets the clock a
 * moment after the wait began; the verdict is what the blocking call
 * itself returned and how long it took on CLOCK_MONOTONIC:
 *  - an absolute wait on the realtime clock set past its deadline (20 s
 *    away) ends at the set, well inside BOUND_S: clock_nanosleep,
 *    pthread_cond_timedwait, sem_timedwait, futex with
 *    FUTEX_CLOCK_REALTIME, timerfd, a POSIX timer;
 *  - TFD_TIMER_CANCEL_ON_SET: read fails with ECANCELED, epoll reports
 *    the fd readable;
 *  - a relative wait on the realtime clock is not shortened by a set;
 *  - an absolute one is not ended early by a set backward.
 * The sets backward are settimeofday's, the others clock_settime's.
 * The helper's delay only makes it likely that the wait has begun; a
 * set before it would end the wait at once all the same.  Arguments
 * name the checks to run (all by default).  Prints "PASS name" or
 * "FAIL name: why" per check, then "checks: N failed: M".
 */
#define _GNU_SOURCE
#include <errno.h>
#include <linux/futex.h>
#include <pthread.h>
#include <semaphore.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <sys/timerfd.h>
#include <time.h>
#include <unistd.h>

#include "../app_check.h"

#define AHEAD_S 20 /* an absolute deadline, from now */
#define JUMP_S 60  /* a set forward, past it */
#define BOUND_S 8  /* "at once", generously under TCG */
#define BACK_S 30  /* a set backward */

static double mono(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec * 1e-9;
}

static struct timespec realtime_in(long s)
{
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	ts.tv_sec += s;
	return ts;
}

static struct timespec monotonic_in(long ms)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	ts.tv_sec += ms / 1000;
	ts.tv_nsec += (ms % 1000) * 1000000L;
	if (ts.tv_nsec >= 1000000000L) {
		ts.tv_sec++;
		ts.tv_nsec -= 1000000000L;
	}
	return ts;
}

/*
 * Up to two clock sets: after[i] ms (from the previous), by delta[i] s,
 * with clock_settime or settimeofday.
 */
struct sets {
	long after[2], delta[2];
	int n;
	bool timeofday;
	pthread_t thread;
};

static int set_clock(struct timespec t, bool timeofday)
{
	struct timeval tv = {t.tv_sec, t.tv_nsec / 1000};
	return timeofday ? settimeofday(&tv, NULL)
			 : clock_settime(CLOCK_REALTIME, &t);
}

static void *setter(void *arg)
{
	struct sets *s = arg;
	for (int i = 0; i < s->n; i++) {
		struct timespec d = {s->after[i] / 1000,
				     (s->after[i] % 1000) * 1000000L};
		clock_nanosleep(CLOCK_MONOTONIC, 0, &d, NULL);
		if (set_clock(realtime_in(s->delta[i]), s->timeofday) != 0)
			printf("clock_settime: %s\n", strerror(errno));
	}
	return NULL;
}

static struct sets sets_forward = {{200}, {JUMP_S}, 1, false, 0};
/* Back, then forward again (to where it was) a while after the deadline. */
static struct sets sets_back = {{200, 1300}, {-BACK_S, BACK_S}, 2, true, 0};

static void start(struct sets *s)
{
	pthread_create(&s->thread, NULL, setter, s);
}

static void finish(struct sets *s)
{
	pthread_join(s->thread, NULL);
}

static void check_nanosleep(void)
{
	struct timespec at = realtime_in(AHEAD_S);
	double t0 = mono();
	start(&sets_forward);
	int r = clock_nanosleep(CLOCK_REALTIME, TIMER_ABSTIME, &at, NULL);
	double took = mono() - t0;
	finish(&sets_forward);
	printf("nanosleep_abs_forward: %.2f s\n", took);
	CHECK("nanosleep_abs_forward", r == 0 && took < BOUND_S);
}

static void check_nanosleep_relative(void)
{
	struct timespec one = {1, 0};
	double t0 = mono();
	start(&sets_forward);
	int r = clock_nanosleep(CLOCK_REALTIME, 0, &one, NULL);
	double took = mono() - t0;
	finish(&sets_forward);
	printf("nanosleep_relative: %.2f s\n", took);
	CHECK("nanosleep_relative", r == 0 && took >= 1.0 && took < BOUND_S);
}

static void check_nanosleep_backward(void)
{
	struct timespec at = realtime_in(1);
	double t0 = mono();
	start(&sets_back);
	int r = clock_nanosleep(CLOCK_REALTIME, TIMER_ABSTIME, &at, NULL);
	double took = mono() - t0;
	finish(&sets_back);
	printf("nanosleep_abs_backward: %.2f s\n", took);
	/* ends at the second set (1.5 s), not at the deadline (1 s) */
	CHECK("nanosleep_abs_backward",
	      r == 0 && took >= 1.4 && took < BOUND_S);
}

static void check_cond(void)
{
	pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
	pthread_cond_t c = PTHREAD_COND_INITIALIZER;
	struct timespec at = realtime_in(AHEAD_S);
	pthread_mutex_lock(&m);
	double t0 = mono();
	start(&sets_forward);
	int r = 0;
	while (r == 0) /* spurious wake-ups are allowed */
		r = pthread_cond_timedwait(&c, &m, &at);
	double took = mono() - t0;
	pthread_mutex_unlock(&m);
	finish(&sets_forward);
	printf("cond_timedwait_forward: %.2f s\n", took);
	CHECK("cond_timedwait_forward", r == ETIMEDOUT && took < BOUND_S);
}

static void check_cond_monotonic(void)
{
	pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
	pthread_cond_t c = PTHREAD_COND_INITIALIZER;
	struct timespec at = monotonic_in(1000);
	pthread_mutex_lock(&m);
	double t0 = mono();
	start(&sets_forward);
	int r = 0;
	while (r == 0)
		r = pthread_cond_clockwait(&c, &m, CLOCK_MONOTONIC, &at);
	double took = mono() - t0;
	pthread_mutex_unlock(&m);
	finish(&sets_forward);
	printf("cond_clockwait_monotonic: %.2f s\n", took);
	CHECK("cond_clockwait_monotonic",
	      r == ETIMEDOUT && took >= 0.99 && took < BOUND_S);
}

static void check_sem(void)
{
	sem_t s;
	sem_init(&s, 0, 0);
	struct timespec at = realtime_in(AHEAD_S);
	double t0 = mono();
	start(&sets_forward);
	int r;
	while ((r = sem_timedwait(&s, &at)) != 0 && errno == EINTR)
		;
	int err = errno;
	double took = mono() - t0;
	finish(&sets_forward);
	printf("sem_timedwait_forward: %.2f s\n", took);
	CHECK("sem_timedwait_forward",
	      r == -1 && err == ETIMEDOUT && took < BOUND_S);
}

static void check_futex(void)
{
	static int word;
	struct timespec at = realtime_in(AHEAD_S);
	double t0 = mono();
	start(&sets_forward);
	long r;
	do
		r = syscall(SYS_futex, &word,
			    FUTEX_WAIT_BITSET | FUTEX_CLOCK_REALTIME, 0, &at,
			    NULL, FUTEX_BITSET_MATCH_ANY);
	while (r != 0 && errno == EINTR);
	int err = errno;
	double took = mono() - t0;
	finish(&sets_forward);
	printf("futex_realtime_forward: %.2f s\n", took);
	CHECK("futex_realtime_forward",
	      r == -1 && err == ETIMEDOUT && took < BOUND_S);
}

static int timerfd_at(struct timespec at, int flags, int create_flags)
{
	int fd = timerfd_create(CLOCK_REALTIME, create_flags);
	struct itimerspec its = {{0, 0}, at};
	if (fd < 0 || timerfd_settime(fd, flags, &its, NULL) != 0)
		printf("timerfd: %s\n", strerror(errno));
	return fd;
}

static void check_timerfd(void)
{
	int fd = timerfd_at(realtime_in(AHEAD_S), TFD_TIMER_ABSTIME, 0);
	uint64_t n = 0;
	double t0 = mono();
	start(&sets_forward);
	ssize_t r = read(fd, &n, sizeof(n));
	double took = mono() - t0;
	finish(&sets_forward);
	close(fd);
	printf("timerfd_abs_forward: %.2f s\n", took);
	CHECK("timerfd_abs_forward", r == 8 && n == 1 && took < BOUND_S);
}

static void check_timerfd_backward(void)
{
	int fd = timerfd_at(realtime_in(1), TFD_TIMER_ABSTIME, 0);
	uint64_t n = 0;
	double t0 = mono();
	start(&sets_back);
	ssize_t r = read(fd, &n, sizeof(n));
	double took = mono() - t0;
	finish(&sets_back);
	close(fd);
	printf("timerfd_abs_backward: %.2f s\n", took);
	CHECK("timerfd_abs_backward",
	      r == 8 && n == 1 && took >= 1.4 && took < BOUND_S);
}

static void check_timerfd_relative(void)
{
	int fd = timerfd_create(CLOCK_REALTIME, 0);
	struct itimerspec its = {{0, 0}, {1, 0}};
	timerfd_settime(fd, 0, &its, NULL);
	uint64_t n = 0;
	double t0 = mono();
	start(&sets_forward);
	finish(&sets_forward);
	struct itimerspec cur;
	timerfd_gettime(fd, &cur);
	ssize_t r = read(fd, &n, sizeof(n));
	double took = mono() - t0;
	close(fd);
	printf("timerfd_relative: %.2f s, %ld.%09ld s left after the set\n",
	       took, (long)cur.it_value.tv_sec, cur.it_value.tv_nsec);
	CHECK("timerfd_relative", r == 8 && n == 1 && took >= 0.7 &&
				      cur.it_value.tv_sec == 0 &&
				      cur.it_value.tv_nsec > 0);
}

static void check_cancel_on_set_read(void)
{
	/* the read has no bound of its own: without the cancel, it hangs */
	int fd = timerfd_at(realtime_in(3600),
			    TFD_TIMER_ABSTIME | TFD_TIMER_CANCEL_ON_SET, 0);
	uint64_t n = 0;
	double t0 = mono();
	start(&sets_forward);
	ssize_t r = read(fd, &n, sizeof(n));
	int err = errno;
	double took = mono() - t0;
	finish(&sets_forward);
	printf("cancel_on_set_read: %.2f s\n", took);
	CHECK("cancel_on_set_read",
	      r == -1 && err == ECANCELED && took < BOUND_S);
	/* once per set: the next read waits for the timer again */
	struct timespec at = realtime_in(3600);
	struct itimerspec cur;
	timerfd_gettime(fd, &cur);
	int fl = TFD_TIMER_ABSTIME | TFD_TIMER_CANCEL_ON_SET;
	struct itimerspec its = {{0, 0}, at};
	CHECK("cancel_on_set_rearm", timerfd_settime(fd, fl, &its, NULL) == 0 &&
					 cur.it_value.tv_sec > 0);
	close(fd);
}

static void check_cancel_on_set_epoll(void)
{
	int fd = timerfd_at(realtime_in(3600),
			    TFD_TIMER_ABSTIME | TFD_TIMER_CANCEL_ON_SET,
			    TFD_NONBLOCK); /* not readable: EAGAIN */
	int ep = epoll_create1(0);
	struct epoll_event ev = {.events = EPOLLIN, .data.fd = fd}, got;
	epoll_ctl(ep, EPOLL_CTL_ADD, fd, &ev);
	double t0 = mono();
	start(&sets_forward);
	int ready = epoll_wait(ep, &got, 1, BOUND_S * 1000);
	double took = mono() - t0;
	finish(&sets_forward);
	uint64_t n;
	ssize_t r = read(fd, &n, sizeof(n));
	int err = errno;
	printf("cancel_on_set_epoll: %.2f s\n", took);
	CHECK("cancel_on_set_epoll", ready == 1 && got.data.fd == fd &&
					 (got.events & EPOLLIN) &&
					 took < BOUND_S);
	CHECK("cancel_on_set_epoll_read", r == -1 && err == ECANCELED);
	close(ep);
	close(fd);
}

static sem_t fired;

static void on_fire(union sigval v)
{
	(void)v;
	sem_post(&fired);
}

static timer_t posix_timer_at(struct timespec at)
{
	struct sigevent sev = {.sigev_notify = SIGEV_THREAD,
			       .sigev_notify_function = on_fire};
	timer_t t;
	timer_create(CLOCK_REALTIME, &sev, &t);
	struct itimerspec its = {{0, 0}, at};
	timer_settime(t, TIMER_ABSTIME, &its, NULL);
	return t;
}

/* Waits for the timer on the monotonic clock: 0 or ETIMEDOUT. */
static int wait_fired(long ms)
{
	struct timespec at = monotonic_in(ms);
	while (sem_clockwait(&fired, CLOCK_MONOTONIC, &at) != 0)
		if (errno != EINTR)
			return errno;
	return 0;
}

static void check_posix_timer(void)
{
	sem_init(&fired, 0, 0);
	timer_t t = posix_timer_at(realtime_in(AHEAD_S));
	double t0 = mono();
	start(&sets_forward);
	int r = wait_fired(BOUND_S * 1000);
	double took = mono() - t0;
	finish(&sets_forward);
	timer_delete(t);
	printf("posix_timer_abs_forward: %.2f s\n", took);
	CHECK("posix_timer_abs_forward", r == 0 && took < BOUND_S);
}

static void check_posix_timer_backward(void)
{
	sem_init(&fired, 0, 0);
	timer_t t = posix_timer_at(realtime_in(1));
	double t0 = mono();
	start(&sets_back);
	int early = wait_fired(1400); /* the clock is set back meanwhile */
	int r = wait_fired(BOUND_S * 1000);
	double took = mono() - t0;
	finish(&sets_back);
	timer_delete(t);
	printf("posix_timer_abs_backward: %.2f s\n", took);
	CHECK("posix_timer_abs_backward",
	      early == ETIMEDOUT && r == 0 && took < BOUND_S);
}

static const struct app_check_group all[] = {
    {"nanosleep", check_nanosleep},
    {"nanosleep_relative", check_nanosleep_relative},
    {"nanosleep_backward", check_nanosleep_backward},
    {"cond", check_cond},
    {"cond_monotonic", check_cond_monotonic},
    {"sem", check_sem},
    {"futex", check_futex},
    {"timerfd", check_timerfd},
    {"timerfd_backward", check_timerfd_backward},
    {"timerfd_relative", check_timerfd_relative},
    {"cancel_on_set_read", check_cancel_on_set_read},
    {"cancel_on_set_epoll", check_cancel_on_set_epoll},
    {"posix_timer", check_posix_timer},
    {"posix_timer_backward", check_posix_timer_backward},
};

int main(int argc, char **argv)
{
	return app_check_run(all, sizeof(all) / sizeof(all[0]), argc, argv);
}
