/*
 * The alarm clocks and TFD_IOC_SET_TICKS (tests/guest/alarmclock.test;
 * built against glibc's headers).  Linux lets a program with
 * CAP_WAKE_ALARM use CLOCK_REALTIME_ALARM and CLOCK_BOOTTIME_ALARM for
 * timerfd_create and timer_create; without a suspend to wake from, they
 * are CLOCK_REALTIME and CLOCK_BOOTTIME:
 *  - clock_gettime and clock_getres on them;
 *  - timerfds on each, relative, and absolute on the realtime one: the
 *    clock set past its time expires it at once, and
 *    TFD_TIMER_CANCEL_ON_SET reports the set;
 *  - POSIX timers on each (and on CLOCK_BOOTTIME), their signal taken
 *    with sigtimedwait; the absolute realtime one expires at a set
 *    past it.
 * The sets come from this thread before the wait, so nothing is timed
 * with a sleep.  Then TFD_IOC_SET_TICKS: the count a read returns, the
 * fd readable for it, 0 refused, an unknown request ENOTTY.  Arguments
 * name the checks to run (all by default).  Prints "PASS name" or
 * "FAIL name: why" per check, then "checks: N failed: M".
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/timerfd.h>
#include <time.h>
#include <unistd.h>

#include "../app_check.h"

#ifndef TFD_IOC_SET_TICKS /* <linux/timerfd.h>'s, not in glibc's */
#define TFD_IOC_SET_TICKS _IOW('T', 0, uint64_t)
#endif

#define AHEAD_S 20 /* an absolute time, from now */
#define JUMP_S 60  /* a set forward, past it */
#define BOUND_S 5  /* "at once", generously under TCG */

static double seconds(clockid_t c)
{
	struct timespec ts = {0, 0};
	clock_gettime(c, &ts);
	return ts.tv_sec + ts.tv_nsec * 1e-9;
}

static struct timespec in(clockid_t c, long s)
{
	struct timespec ts;
	clock_gettime(c, &ts);
	ts.tv_sec += s;
	return ts;
}

static void set_forward(void)
{
	struct timespec t = in(CLOCK_REALTIME, JUMP_S);
	if (clock_settime(CLOCK_REALTIME, &t) != 0)
		printf("clock_settime: %s\n", strerror(errno));
}

static void check_clocks(void)
{
	struct timespec ts, res;
	double wall = seconds(CLOCK_REALTIME);
	CHECK("gettime_realtime_alarm",
	      clock_gettime(CLOCK_REALTIME_ALARM, &ts) == 0 &&
		  ts.tv_sec + ts.tv_nsec * 1e-9 - wall < 1.0 &&
		  ts.tv_sec + ts.tv_nsec * 1e-9 >= wall);
	double mono = seconds(CLOCK_MONOTONIC);
	CHECK("gettime_boottime_alarm",
	      clock_gettime(CLOCK_BOOTTIME_ALARM, &ts) == 0 &&
		  ts.tv_sec + ts.tv_nsec * 1e-9 >= mono);
	CHECK("getres_realtime_alarm",
	      clock_getres(CLOCK_REALTIME_ALARM, &res) == 0 &&
		  res.tv_sec == 0 && res.tv_nsec > 0);
	CHECK("getres_boottime_alarm",
	      clock_getres(CLOCK_BOOTTIME_ALARM, &res) == 0 &&
		  res.tv_sec == 0 && res.tv_nsec > 0);
}

/* A 50 ms timerfd on clock: read blocks for it and gives 1. */
static void check_timerfd_relative(const char *name, clockid_t clock)
{
	int fd = timerfd_create(clock, 0);
	struct itimerspec its = {{0, 0}, {0, 50000000L}};
	double t0 = seconds(CLOCK_MONOTONIC);
	int set = fd >= 0 ? timerfd_settime(fd, 0, &its, NULL) : -1;
	uint64_t n = 0;
	ssize_t r = set == 0 ? read(fd, &n, sizeof(n)) : -1;
	double took = seconds(CLOCK_MONOTONIC) - t0;
	printf("%s: fd %d, read %zd, count %llu after %.3f s\n", name, fd, r,
	       (unsigned long long)n, took);
	CHECK(name, fd >= 0 && r == 8 && n == 1 && took >= 0.05);
	close(fd);
}

static void check_timerfds(void)
{
	check_timerfd_relative("timerfd_realtime_alarm", CLOCK_REALTIME_ALARM);
	check_timerfd_relative("timerfd_boottime_alarm", CLOCK_BOOTTIME_ALARM);

	/* absolute on the wall clock: a set past it expires it */
	int fd = timerfd_create(CLOCK_REALTIME_ALARM, TFD_NONBLOCK);
	struct itimerspec its = {{0, 0}, in(CLOCK_REALTIME_ALARM, AHEAD_S)};
	timerfd_settime(fd, TFD_TIMER_ABSTIME, &its, NULL);
	uint64_t n = 0;
	ssize_t before = read(fd, &n, sizeof(n));
	set_forward();
	ssize_t after = read(fd, &n, sizeof(n));
	printf(
	    "timerfd_realtime_alarm_set: read %zd before, %zd (%llu) after\n",
	    before, after, (unsigned long long)n);
	CHECK("timerfd_realtime_alarm_set",
	      before == -1 && after == 8 && n == 1);
	close(fd);

	fd = timerfd_create(CLOCK_REALTIME_ALARM, TFD_NONBLOCK);
	its.it_value = in(CLOCK_REALTIME_ALARM, AHEAD_S);
	timerfd_settime(fd, TFD_TIMER_ABSTIME | TFD_TIMER_CANCEL_ON_SET, &its,
			NULL);
	set_forward();
	errno = 0;
	ssize_t r = read(fd, &n, sizeof(n));
	CHECK("timerfd_realtime_alarm_cancel_on_set",
	      r == -1 && errno == ECANCELED);
	close(fd);
}

/* A timer on clock, SIGUSR1 (blocked) at its expiry: true if it came. */
static int timer_signals(clockid_t clock, int flags, struct timespec value,
			 int set)
{
	struct sigevent ev;
	memset(&ev, 0, sizeof(ev));
	ev.sigev_notify = SIGEV_SIGNAL;
	ev.sigev_signo = SIGUSR1;
	timer_t t;
	if (timer_create(clock, &ev, &t) != 0) {
		printf("timer_create(%d): %s\n", (int)clock, strerror(errno));
		return 0;
	}
	struct itimerspec its = {{0, 0}, value};
	timer_settime(t, flags, &its, NULL);
	if (set)
		set_forward();
	sigset_t usr1;
	sigemptyset(&usr1);
	sigaddset(&usr1, SIGUSR1);
	struct timespec bound = {BOUND_S, 0};
	int got = sigtimedwait(&usr1, NULL, &bound) == SIGUSR1;
	timer_delete(t);
	return got;
}

static void check_timers(void)
{
	struct timespec soon = {0, 50000000L};
	CHECK("timer_realtime_alarm",
	      timer_signals(CLOCK_REALTIME_ALARM, 0, soon, 0));
	CHECK("timer_boottime_alarm",
	      timer_signals(CLOCK_BOOTTIME_ALARM, 0, soon, 0));
	CHECK("timer_boottime", timer_signals(CLOCK_BOOTTIME, 0, soon, 0));
	CHECK("timer_realtime_alarm_abs_set",
	      timer_signals(CLOCK_REALTIME_ALARM, TIMER_ABSTIME,
			    in(CLOCK_REALTIME_ALARM, AHEAD_S), 1));
	struct timespec past = in(CLOCK_BOOTTIME_ALARM, 0);
	CHECK("timer_boottime_alarm_abs",
	      timer_signals(CLOCK_BOOTTIME_ALARM, TIMER_ABSTIME, past, 0));
}

static void check_set_ticks(void)
{
	int fd = timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK);
	uint64_t ticks = 5, n = 0;
	int r = ioctl(fd, TFD_IOC_SET_TICKS, &ticks);
	struct pollfd p = {fd, POLLIN, 0};
	int ready = poll(&p, 1, 0);
	ssize_t got = read(fd, &n, sizeof(n));
	printf("set_ticks: ioctl %d, poll %d, read %zd (%llu)\n", r, ready, got,
	       (unsigned long long)n);
	CHECK("set_ticks_disarmed", r == 0 && ready == 1 && got == 8 && n == 5);
	errno = 0;
	CHECK("set_ticks_read_once",
	      read(fd, &n, sizeof(n)) == -1 && errno == EAGAIN);

	/* expired already: the ticks replace its count, as on Linux */
	struct itimerspec its = {{0, 0}, {0, 1}};
	timerfd_settime(fd, TFD_TIMER_ABSTIME, &its, NULL);
	ticks = 3;
	r = ioctl(fd, TFD_IOC_SET_TICKS, &ticks);
	got = read(fd, &n, sizeof(n));
	CHECK("set_ticks_expired", r == 0 && got == 8 && n == 3);

	/* settime forgets ticks not read */
	ioctl(fd, TFD_IOC_SET_TICKS, &ticks);
	its.it_value = in(CLOCK_MONOTONIC, AHEAD_S);
	timerfd_settime(fd, TFD_TIMER_ABSTIME, &its, NULL);
	errno = 0;
	CHECK("set_ticks_settime_clears",
	      read(fd, &n, sizeof(n)) == -1 && errno == EAGAIN);

	ticks = 0;
	errno = 0;
	CHECK("set_ticks_zero",
	      ioctl(fd, TFD_IOC_SET_TICKS, &ticks) == -1 && errno == EINVAL);
	errno = 0;
	CHECK("timerfd_ioctl_unknown",
	      ioctl(fd, _IOW('T', 1, uint64_t), &ticks) == -1 &&
		  errno == ENOTTY);
	close(fd);
}

static const struct app_check_group all[] = {
    {"clocks", check_clocks},
    {"timerfds", check_timerfds},
    {"timers", check_timers},
    {"set_ticks", check_set_ticks},
};

int main(int argc, char **argv)
{
	sigset_t usr1;
	sigemptyset(&usr1);
	sigaddset(&usr1, SIGUSR1);
	sigprocmask(SIG_BLOCK, &usr1, NULL);
	return app_check_run(all, sizeof(all) / sizeof(all[0]), argc, argv);
}
