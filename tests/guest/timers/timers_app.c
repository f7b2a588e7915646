/*
 * POSIX timers as an application uses them (built against glibc's
 * headers; tests/guest/timers.test runs it in the kernel, and it passes
 * on the host's glibc too): SIGEV_SIGNAL one-shot and periodic, with
 * the siginfo of a timer, SIGEV_THREAD with its value, SIGEV_NONE read
 * back, absolute CLOCK_REALTIME times, overruns, disarming, deletion,
 * and the errors.  Prints "PASS name" or "FAIL name: why" per check,
 * then "checks: N failed: M".
 */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "../app_check.h"

static double now(clockid_t c)
{
	struct timespec ts;
	clock_gettime(c, &ts);
	return ts.tv_sec + ts.tv_nsec * 1e-9;
}

static void sleep_ms(long ms)
{
	struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
	while (nanosleep(&ts, &ts) != 0 && errno == EINTR)
		;
}

/* Waits up to 5 s for *v to reach want. */
static int wait_for(volatile int *v, int want)
{
	for (int i = 0; i < 500 && *v < want; i++)
		sleep_ms(10);
	return *v >= want;
}

static volatile int usr1, usr1_code, usr1_value, usr1_overrun_max;
static volatile int slow_handler;

static void on_usr1(int sig, siginfo_t *info, void *uc)
{
	(void)sig;
	(void)uc;
	usr1_code = info->si_code;
	usr1_value = info->si_value.sival_int;
	if (info->si_overrun > usr1_overrun_max)
		usr1_overrun_max = info->si_overrun;
	if (slow_handler) { /* once: the timer runs on meanwhile */
		slow_handler = 0;
		sleep_ms(60);
	}
	__atomic_add_fetch(&usr1, 1, __ATOMIC_SEQ_CST);
}

static volatile int thread_calls, thread_value;
static pthread_t main_thread;
static volatile int thread_was_other;

static void on_expiry(union sigval v)
{
	thread_value = v.sival_int;
	thread_was_other = !pthread_equal(pthread_self(), main_thread);
	__atomic_add_fetch(&thread_calls, 1, __ATOMIC_SEQ_CST);
}

static void set(timer_t t, int flags, long value_ms, long interval_ms)
{
	struct itimerspec v = {
	    {interval_ms / 1000, (interval_ms % 1000) * 1000000L},
	    {value_ms / 1000, (value_ms % 1000) * 1000000L}};
	if (timer_settime(t, flags, &v, NULL) != 0)
		printf("timer_settime failed: %s\n", strerror(errno));
}

int main(void)
{
	main_thread = pthread_self();
	struct sigaction sa;
	memset(&sa, 0, sizeof(sa));
	sa.sa_sigaction = on_usr1;
	sa.sa_flags = SA_SIGINFO;
	sigaction(SIGUSR1, &sa, NULL);

	/* one-shot SIGEV_SIGNAL on CLOCK_MONOTONIC */
	struct sigevent ev;
	memset(&ev, 0, sizeof(ev));
	ev.sigev_notify = SIGEV_SIGNAL;
	ev.sigev_signo = SIGUSR1;
	ev.sigev_value.sival_int = 77;
	timer_t t;
	CHECK("timer_create CLOCK_MONOTONIC",
	      timer_create(CLOCK_MONOTONIC, &ev, &t) == 0);
	double t0 = now(CLOCK_MONOTONIC);
	set(t, 0, 100, 0);
	struct itimerspec cur;
	CHECK("timer_gettime while armed",
	      timer_gettime(t, &cur) == 0 && cur.it_value.tv_sec == 0 &&
		  cur.it_value.tv_nsec > 0 &&
		  cur.it_value.tv_nsec <= 100000000 &&
		  cur.it_interval.tv_nsec == 0);
	CHECK("one-shot signal arrives", wait_for(&usr1, 1));
	double waited = now(CLOCK_MONOTONIC) - t0;
	CHECK("not before its time", waited >= 0.099);
	CHECK("siginfo: SI_TIMER and the value",
	      usr1_code == SI_TIMER && usr1_value == 77);
	sleep_ms(150);
	CHECK("a one-shot timer fires once", usr1 == 1);
	CHECK("disarmed after it fired", timer_gettime(t, &cur) == 0 &&
					     cur.it_value.tv_sec == 0 &&
					     cur.it_value.tv_nsec == 0);

	/* periodic, then disarmed */
	usr1 = 0;
	set(t, 0, 30, 30);
	CHECK("a periodic timer fires again and again", wait_for(&usr1, 5));
	CHECK("timer_gettime shows the interval",
	      timer_gettime(t, &cur) == 0 &&
		  cur.it_interval.tv_nsec == 30000000 &&
		  cur.it_value.tv_nsec <= 30000000);
	set(t, 0, 0, 0);
	int seen = usr1;
	sleep_ms(150);
	CHECK("disarming stops it", usr1 <= seen + 1);

	/* overruns: a handler slower than the interval */
	usr1 = 0;
	usr1_overrun_max = 0;
	slow_handler = 1;
	set(t, 0, 10, 10);
	wait_for(&usr1, 3);
	set(t, 0, 0, 0);
	sleep_ms(100);
	CHECK("overruns are counted (si_overrun)", usr1_overrun_max >= 1);
	CHECK("timer_getoverrun", timer_getoverrun(t) >= 0);

	/* absolute CLOCK_REALTIME */
	timer_t r;
	ev.sigev_value.sival_int = 5;
	CHECK("timer_create CLOCK_REALTIME",
	      timer_create(CLOCK_REALTIME, &ev, &r) == 0);
	usr1 = 0;
	struct timespec at;
	clock_gettime(CLOCK_REALTIME, &at);
	t0 = now(CLOCK_REALTIME);
	at.tv_nsec += 120000000;
	if (at.tv_nsec >= 1000000000) {
		at.tv_sec++;
		at.tv_nsec -= 1000000000;
	}
	struct itimerspec abs = {{0, 0}, at};
	CHECK("TIMER_ABSTIME",
	      timer_settime(r, TIMER_ABSTIME, &abs, NULL) == 0);
	CHECK("an absolute time fires", wait_for(&usr1, 1));
	CHECK("at its time",
	      now(CLOCK_REALTIME) - t0 >= 0.119 && usr1_value == 5);
	usr1 = 0;
	abs.it_value.tv_sec -= 10; /* in the past: at once */
	timer_settime(r, TIMER_ABSTIME, &abs, NULL);
	CHECK("an absolute time already past fires at once",
	      wait_for(&usr1, 1));
	CHECK("timer_delete", timer_delete(r) == 0);
	CHECK("a deleted timer is invalid",
	      timer_settime(r, 0, &abs, NULL) == -1 && errno == EINVAL);

	/* SIGEV_THREAD */
	struct sigevent tev;
	memset(&tev, 0, sizeof(tev));
	tev.sigev_notify = SIGEV_THREAD;
	tev.sigev_notify_function = on_expiry;
	tev.sigev_value.sival_int = 1234;
	timer_t th;
	CHECK("timer_create SIGEV_THREAD",
	      timer_create(CLOCK_MONOTONIC, &tev, &th) == 0);
	set(th, 0, 20, 20);
	CHECK("SIGEV_THREAD calls the function", wait_for(&thread_calls, 3));
	set(th, 0, 0, 0);
	CHECK("with the value, on another thread",
	      thread_value == 1234 && thread_was_other);
	timer_delete(th);

	/* SIGEV_NONE */
	struct sigevent nev;
	memset(&nev, 0, sizeof(nev));
	nev.sigev_notify = SIGEV_NONE;
	timer_t n;
	CHECK("timer_create SIGEV_NONE",
	      timer_create(CLOCK_MONOTONIC, &nev, &n) == 0);
	set(n, 0, 200, 0);
	struct itimerspec a, b;
	timer_gettime(n, &a);
	sleep_ms(50);
	timer_gettime(n, &b);
	CHECK("SIGEV_NONE counts down",
	      b.it_value.tv_nsec < a.it_value.tv_nsec &&
		  b.it_value.tv_nsec > 0);
	sleep_ms(250);
	timer_gettime(n, &b);
	CHECK("and reads 0 once expired",
	      b.it_value.tv_sec == 0 && b.it_value.tv_nsec == 0);
	struct itimerspec old;
	set(n, 0, 500, 0);
	struct itimerspec zero = {{0, 0}, {0, 0}};
	CHECK("timer_settime returns the old value",
	      timer_settime(n, 0, &zero, &old) == 0 &&
		  old.it_value.tv_nsec > 0);
	timer_delete(n);

	/* errors */
	timer_t bad;
	errno = 0;
	CHECK("an unknown clock is EINVAL",
	      timer_create(12345, &nev, &bad) == -1 && errno == EINVAL);
	struct itimerspec wrong = {{0, 0}, {0, 1000000000}};
	CHECK("tv_nsec of 1e9 is EINVAL",
	      timer_settime(t, 0, &wrong, NULL) == -1 && errno == EINVAL);
	CHECK("timer_delete of the first", timer_delete(t) == 0);
	return app_check_summary();
}
