/*
 * The signal mask of ppoll, pselect, epoll_pwait and sigsuspend
 * (tests/guest/sigmask.test; built against glibc's headers).  The
 * caller blocks SIGUSR1; the call's mask lets it through.  The signal
 * is made to arrive without a sleep to time it:
 *  - pending: raised (so left pending) before the call: the call must
 *    run the handler and return EINTR at once, not wait its timeout;
 *  - thread: raised by another thread started just before the call,
 *    which runs whenever the scheduler lets it, before the wait or
 *    during it: either way the call must end with EINTR;
 *  - timer: a POSIX timer's signal, 50 ms into the wait.
 * After each call the caller's mask (SIGUSR1 blocked) must be back and
 * the handler must have run exactly once.  A descriptor already ready
 * with the signal pending gives the count (what it reports is not
 * thrown away) and leaves the signal pending, as Linux does, so the
 * wait after it, under the caller's mask, is not interrupted.
 * The waits are on an empty pipe with a WAIT_S timeout, which only a
 * failing call reaches.  Arguments name the checks to run (all by
 * default).  Prints "PASS name" or "FAIL name: why" per check, then
 * "checks: N failed: M".
 */
#define _GNU_SOURCE
#include <errno.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/select.h>
#include <time.h>
#include <unistd.h>

#include "../app_check.h"

#define WAIT_S 4    /* the timeout of the waits */
#define BOUND_S 2.5 /* "at once", generously under TCG */

static volatile int handled;
static int pipe_fd[2];

static void on_signal(int sig)
{
	(void)sig;
	handled++;
}

static double mono(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec * 1e-9;
}

static bool usr1_blocked(void)
{
	sigset_t now;
	sigprocmask(SIG_BLOCK, NULL, &now);
	return sigismember(&now, SIGUSR1) == 1;
}

/* The mask of the calls: everything but SIGUSR1 and SIGUSR2 blocked. */
static sigset_t call_mask(void)
{
	sigset_t m;
	sigfillset(&m);
	sigdelset(&m, SIGUSR1);
	sigdelset(&m, SIGUSR2);
	return m;
}

/* A wait under call_mask() on the empty pipe; -1 and errno, or a count. */
typedef int (*masked_call)(int timeout_s);

static int call_ppoll(int timeout_s)
{
	struct pollfd p = {pipe_fd[0], POLLIN, 0};
	struct timespec t = {timeout_s, 0};
	sigset_t m = call_mask();
	return ppoll(&p, 1, &t, &m);
}

static int call_pselect(int timeout_s)
{
	fd_set rd;
	FD_ZERO(&rd);
	FD_SET(pipe_fd[0], &rd);
	struct timespec t = {timeout_s, 0};
	sigset_t m = call_mask();
	return pselect(pipe_fd[0] + 1, &rd, NULL, NULL, &t, &m);
}

static int epoll_on_pipe(void)
{
	int ep = epoll_create1(0);
	struct epoll_event ev = {.events = EPOLLIN, .data.fd = pipe_fd[0]};
	epoll_ctl(ep, EPOLL_CTL_ADD, pipe_fd[0], &ev);
	return ep;
}

static int call_epoll_pwait(int timeout_s)
{
	int ep = epoll_on_pipe();
	struct epoll_event out;
	sigset_t m = call_mask();
	int r = epoll_pwait(ep, &out, 1, timeout_s * 1000, &m);
	int e = errno;
	close(ep);
	errno = e;
	return r;
}

static int call_epoll_pwait2(int timeout_s)
{
	int ep = epoll_on_pipe();
	struct epoll_event out;
	struct timespec t = {timeout_s, 0};
	sigset_t m = call_mask();
	int r = epoll_pwait2(ep, &out, 1, &t, &m);
	int e = errno;
	close(ep);
	errno = e;
	return r;
}

static int call_sigsuspend(int timeout_s)
{
	(void)timeout_s; /* none: a failure hangs, the .test's timeout */
	sigset_t m = call_mask();
	return sigsuspend(&m);
}

static void *raiser(void *arg)
{
	(void)arg;
	kill(getpid(), SIGUSR1);
	return NULL;
}

/* Runs call with SIGUSR1 arriving as how says; checks what it did. */
static void run(const char *name, masked_call call, const char *how,
		int timeout_s)
{
	char label[64];
	snprintf(label, sizeof(label), "%s_%s", name, how);
	handled = 0;
	pthread_t t;
	timer_t tm;
	if (!strcmp(how, "pending")) {
		raise(SIGUSR1);
	} else if (!strcmp(how, "thread")) {
		pthread_create(&t, NULL, raiser, NULL);
	} else {
		struct sigevent ev = {.sigev_notify = SIGEV_SIGNAL,
				      .sigev_signo = SIGUSR2};
		struct itimerspec at = {{0, 0}, {0, 50000000}};
		timer_create(CLOCK_MONOTONIC, &ev, &tm);
		timer_settime(tm, 0, &at, NULL);
	}
	double t0 = mono();
	errno = 0;
	int r = call(timeout_s);
	int e = errno;
	double took = mono() - t0;
	if (!strcmp(how, "thread"))
		pthread_join(t, NULL);
	else if (!strcmp(how, "timer"))
		timer_delete(tm);
	printf("%s: returned %d errno %d after %.2f s, handler ran %d\n", label,
	       r, e, took, handled);
	errno = e;
	check(label,
	      r == -1 && e == EINTR && handled == 1 && took < BOUND_S &&
		  usr1_blocked(),
	      "EINTR at once, the handler run once, the mask back");
}

static void check_waits(void)
{
	static const struct {
		const char *name;
		masked_call call;
	} calls[] = {
	    {"ppoll", call_ppoll},
	    {"pselect", call_pselect},
	    {"epoll_pwait", call_epoll_pwait},
	    {"epoll_pwait2", call_epoll_pwait2},
	    {"sigsuspend", call_sigsuspend},
	};
	static const char *hows[] = {"pending", "thread", "timer"};
	for (size_t i = 0; i < sizeof(calls) / sizeof(calls[0]); i++)
		for (size_t h = 0; h < sizeof(hows) / sizeof(hows[0]); h++)
			run(calls[i].name, calls[i].call, hows[h], WAIT_S);
}

/* A timeout of 0 polls: with the signal pending, still EINTR. */
static void check_zero_timeout(void)
{
	handled = 0;
	raise(SIGUSR1);
	int r = call_ppoll(0);
	int e = errno;
	printf("ppoll_zero_timeout: returned %d errno %d, handler ran %d\n", r,
	       e, handled);
	errno = e;
	CHECK("ppoll_zero_timeout",
	      r == -1 && e == EINTR && handled == 1 && usr1_blocked());
}

/*
 * A ready descriptor with the signal pending: the count, and nothing
 * left to interrupt the next wait (a poll that must time out).
 */
static void check_ready(void)
{
	handled = 0;
	if (write(pipe_fd[1], "x", 1) != 1)
		printf("write: %s\n", strerror(errno));
	raise(SIGUSR1);
	int r = call_ppoll(WAIT_S);
	int e = errno;
	char c;
	if (read(pipe_fd[0], &c, 1) != 1)
		printf("read: %s\n", strerror(errno));
	int ran = handled;
	sigset_t pending;
	sigpending(&pending);
	struct pollfd p = {pipe_fd[0], POLLIN, 0};
	errno = 0;
	int next = poll(&p, 1, 100);
	printf("ppoll_ready: returned %d errno %d, handler ran %d, then poll "
	       "%d errno %d\n",
	       r, e, ran, next, errno);
	CHECK("ppoll_ready_count", r == 1 && usr1_blocked());
	CHECK("ppoll_ready_leaves_signal_pending",
	      ran == 0 && sigismember(&pending, SIGUSR1) == 1);
	CHECK("ppoll_ready_no_leftover", next == 0);
	sigset_t usr1;
	sigemptyset(&usr1);
	sigaddset(&usr1, SIGUSR1);
	struct timespec none = {0, 0};
	sigtimedwait(&usr1, NULL, &none);
}

static const struct app_check_group all[] = {
    {"waits", check_waits},
    {"zero_timeout", check_zero_timeout},
    {"ready", check_ready},
};

int main(int argc, char **argv)
{
	struct sigaction act;
	memset(&act, 0, sizeof(act));
	act.sa_handler = on_signal;
	sigemptyset(&act.sa_mask);
	sigaction(SIGUSR1, &act, NULL);
	sigaction(SIGUSR2, &act, NULL);
	sigset_t usr1;
	sigemptyset(&usr1);
	sigaddset(&usr1, SIGUSR1);
	sigprocmask(SIG_BLOCK, &usr1, NULL);
	if (pipe(pipe_fd) != 0)
		printf("pipe: %s\n", strerror(errno));
	return app_check_run(all, sizeof(all) / sizeof(all[0]), argc, argv);
}
