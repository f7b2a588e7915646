/*
 * Per-thread signal masks (tests/guest/sigthread.test; built against
 * glibc's headers).  Linux's rules, which these checks hold the kernel
 * to:
 *  - each thread has its own mask, and a new thread starts with its
 *    creator's;
 *  - a process-directed signal (kill of the pid, alarm, a POSIX
 *    timer's) goes to a thread whose mask lets it through, which is
 *    woken from a blocking call to run the handler (EINTR, or the call
 *    goes on under SA_RESTART);
 *  - a thread-directed one (pthread_kill) stays pending on its thread
 *    while that thread blocks it, seen by that thread's sigpending
 *    only, and runs when the thread unblocks it;
 *  - sigwait (sigtimedwait) in a thread of its own, the signal blocked
 *    everywhere, takes process-directed signals;
 *  - ppoll with a descriptor ready and a signal pending that only its
 *    own mask lets through gives the count and leaves the signal
 *    pending.
 * The handler records the thread it ran on.  Waits for a handler are
 * bounded (BOUND_S) so that a failing kernel reports and goes on.
 * Arguments name the groups to run (all by default).  Prints "PASS
 * name" or "FAIL name: why" per check, then "checks: N failed: M".
 */
#define _GNU_SOURCE
#include <errno.h>
#include <poll.h>
#include <pthread.h>
#include <semaphore.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#include "../app_check.h"

#define BOUND_S 5.0 /* generous under TCG; only a failing check waits */

/* Absent from a libc without it: the checks then use tgkill. */
extern int pthread_kill(pthread_t thread, int sig) __attribute__((weak));

static volatile int handled;
static volatile pthread_t handled_on;

static void on_signal(int sig)
{
	(void)sig;
	handled_on = pthread_self();
	__atomic_add_fetch(&handled, 1, __ATOMIC_SEQ_CST);
}

/* The handler for sig, with or without SA_RESTART. */
static void handle(int sig, bool restart)
{
	struct sigaction act;
	memset(&act, 0, sizeof(act));
	act.sa_handler = on_signal;
	act.sa_flags = restart ? SA_RESTART : 0;
	sigemptyset(&act.sa_mask);
	sigaction(sig, &act, NULL);
}

static double mono(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec * 1e-9;
}

/* Waits (bounded) until *count reaches n. */
static bool reaches(volatile int *count, int n)
{
	double end = mono() + BOUND_S;
	while (__atomic_load_n(count, __ATOMIC_SEQ_CST) < n) {
		if (mono() > end)
			return false;
		struct timespec ms = {0, 1000000};
		nanosleep(&ms, NULL);
	}
	return true;
}

/* Waits (bounded) until the handler has run n times in all. */
static bool handled_reaches(int n)
{
	return reaches(&handled, n);
}

static void set_mask(int how, int sig)
{
	sigset_t s;
	sigemptyset(&s);
	sigaddset(&s, sig);
	pthread_sigmask(how, &s, NULL);
}

static bool blocks(int sig)
{
	sigset_t now;
	pthread_sigmask(SIG_BLOCK, NULL, &now);
	return sigismember(&now, sig) == 1;
}

static bool is_pending(int sig)
{
	sigset_t p;
	sigpending(&p);
	return sigismember(&p, sig) == 1;
}

static int pipe_fd[2];

/*
 * kill of the pid with SIGUSR1 blocked in main and let through by a
 * worker blocked in read: the handler runs on the worker, whose read
 * ends with EINTR (no SA_RESTART).
 */
static sem_t worker_ready;
static volatile long worker_read;
static volatile int worker_errno;

static void *reading_worker(void *arg)
{
	(void)arg;
	set_mask(SIG_UNBLOCK, SIGUSR1);
	sem_post(&worker_ready);
	char c;
	errno = 0;
	worker_read = read(pipe_fd[0], &c, 1);
	worker_errno = errno;
	return NULL;
}

static void check_process_directed(void)
{
	handle(SIGUSR1, false);
	handled = 0;
	handled_on = 0;
	pthread_t w;
	sem_init(&worker_ready, 0, 0);
	pthread_create(&w, NULL, reading_worker, NULL);
	sem_wait(&worker_ready);
	kill(getpid(), SIGUSR1);
	bool ran = handled_reaches(1);
	if (write(pipe_fd[1], "x", 1) != 1) /* frees a worker still reading */
		printf("write: %s\n", strerror(errno));
	pthread_join(w, NULL);
	char c;
	if (worker_read == -1 && read(pipe_fd[0], &c, 1) != 1)
		printf("read: %s\n", strerror(errno));
	printf("process_directed: handler ran %d, on the worker %d, read %ld "
	       "errno %d\n",
	       handled, handled_on == w, worker_read, worker_errno);
	CHECK("kill_runs_on_unblocking_thread", ran && handled_on == w);
	/* The signal came either in the read or just before it (on Linux
	 * the handler then runs before the read blocks). */
	CHECK("kill_interrupts_its_read",
	      ran && worker_read == -1 && worker_errno == EINTR);
	CHECK("kill_leaves_main_masked", blocks(SIGUSR1) && handled == 1);
}

/*
 * pthread_kill of SIGUSR2 to a worker that blocks it (inherited from
 * main): pending on the worker only, run there when it unblocks it.
 */
static sem_t to_worker, to_main;
static volatile pid_t worker_tid;
static volatile bool worker_saw_pending, worker_ran_at_unblock;

static void *blocking_worker(void *arg)
{
	(void)arg;
	worker_tid = (pid_t)syscall(SYS_gettid);
	sem_post(&to_main);
	sem_wait(&to_worker); /* the signal has been sent */
	worker_saw_pending = is_pending(SIGUSR2);
	set_mask(SIG_UNBLOCK, SIGUSR2);
	worker_ran_at_unblock = handled == 1 && handled_on == pthread_self();
	return NULL;
}

static void check_thread_directed(void)
{
	handle(SIGUSR2, false);
	handled = 0;
	handled_on = 0;
	pthread_t w;
	sem_init(&to_worker, 0, 0);
	sem_init(&to_main, 0, 0);
	pthread_create(&w, NULL, blocking_worker, NULL);
	sem_wait(&to_main);
	int e = pthread_kill
		    ? pthread_kill(w, SIGUSR2)
		    : (int)syscall(SYS_tgkill, getpid(), worker_tid, SIGUSR2);
	bool main_sees = is_pending(SIGUSR2);
	int ran_early = handled;
	sem_post(&to_worker);
	pthread_join(w, NULL);
	printf("thread_directed: pthread_kill %s %d, main sees it %d, worker "
	       "%d, ran at unblock %d, handler ran %d\n",
	       pthread_kill ? "yes" : "no (tgkill)", e, main_sees,
	       worker_saw_pending, worker_ran_at_unblock, handled);
	CHECK("pthread_kill_exists", pthread_kill != NULL && e == 0);
	CHECK("pthread_kill_pending_on_target",
	      worker_saw_pending && ran_early == 0);
	CHECK("pthread_kill_not_pending_elsewhere", !main_sees);
	CHECK("pthread_kill_runs_at_unblock",
	      worker_ran_at_unblock && handled == 1);
}

/*
 * A thread made with SIGTERM blocked by a creator that is not main
 * starts with that mask; what it unblocks stays its own.
 */
static volatile bool child_inherited;

static void *child(void *arg)
{
	(void)arg;
	child_inherited = blocks(SIGTERM) && blocks(SIGUSR1);
	set_mask(SIG_UNBLOCK, SIGUSR1);
	return NULL;
}

static volatile bool parent_inherited, parent_kept;

static void *parent(void *arg)
{
	(void)arg;
	set_mask(SIG_BLOCK, SIGTERM);
	pthread_t c;
	pthread_create(&c, NULL, child, NULL);
	pthread_join(c, NULL);
	parent_kept = blocks(SIGTERM) && blocks(SIGUSR1);
	return NULL;
}

static void check_inherit(void)
{
	pthread_t p;
	pthread_create(&p, NULL, parent, NULL);
	pthread_join(p, NULL);
	printf("inherit: child %d, parent kept %d, main: SIGTERM %d SIGUSR1 "
	       "%d\n",
	       child_inherited, parent_kept, blocks(SIGTERM), blocks(SIGUSR1));
	CHECK("new_thread_has_creators_mask", child_inherited);
	CHECK("masks_are_per_thread",
	      parent_kept && !blocks(SIGTERM) && blocks(SIGUSR1));
}

/*
 * The classic pattern: SIGUSR1 and SIGALRM blocked in every thread, one
 * thread takes them with sigwait, from kill and from a POSIX timer.
 */
static volatile int waited[2];

static void *sigwaiter(void *arg)
{
	(void)arg;
	sigset_t s;
	sigemptyset(&s);
	sigaddset(&s, SIGUSR1);
	sigaddset(&s, SIGALRM);
	/* sigwait's bounded form, for a failing kernel to report */
	struct timespec bound = {(time_t)BOUND_S, 0};
	for (int i = 0; i < 2; i++)
		waited[i] = sigtimedwait(&s, NULL, &bound);
	return NULL;
}

static void check_sigwait(void)
{
	handle(SIGUSR1, false);
	handle(SIGALRM, false);
	set_mask(SIG_BLOCK, SIGALRM);
	handled = 0;
	pthread_t w;
	pthread_create(&w, NULL, sigwaiter, NULL);
	kill(getpid(), SIGUSR1);
	timer_t tm;
	struct sigevent ev = {.sigev_notify = SIGEV_SIGNAL,
			      .sigev_signo = SIGALRM};
	struct itimerspec at = {{0, 0}, {0, 50000000}};
	timer_create(CLOCK_MONOTONIC, &ev, &tm);
	timer_settime(tm, 0, &at, NULL);
	pthread_join(w, NULL);
	timer_delete(tm);
	set_mask(SIG_UNBLOCK, SIGALRM);
	printf("sigwait: got %d and %d, handler ran %d\n", waited[0], waited[1],
	       handled);
	CHECK("sigwait_thread_takes_kill_and_timer",
	      waited[0] == SIGUSR1 && waited[1] == SIGALRM && handled == 0);
}

/*
 * SIGALRM from alarm's timer, main blocked in read (or recv on a
 * socket) and letting it through: the handler runs on main and the
 * read ends with EINTR, or, under SA_RESTART, goes on to read what a
 * helper writes once the handler has run.
 */
static volatile int read_over;

static void *write_after_handler(void *arg)
{
	bool restart = arg != NULL;
	/* Without SA_RESTART the byte only frees a read the signal missed. */
	if (restart ? !handled_reaches(1) : !reaches(&read_over, 1))
		printf("alarm: no handler on main within %.0f s\n", BOUND_S);
	if (write(pipe_fd[1], "x", 1) != 1)
		printf("write: %s\n", strerror(errno));
	return NULL;
}

static void alarm_read(bool restart, bool sock, const char *name)
{
	int pipe_ends[2] = {pipe_fd[0], pipe_fd[1]};
	if (sock && socketpair(AF_UNIX, SOCK_STREAM, 0, pipe_fd) != 0)
		printf("socketpair: %s\n", strerror(errno));
	handle(SIGALRM, restart);
	handled = 0;
	handled_on = 0;
	read_over = 0;
	pthread_t helper;
	set_mask(SIG_BLOCK, SIGALRM); /* the helper's: not a taker */
	pthread_create(&helper, NULL, write_after_handler,
		       restart ? (void *)1 : NULL);
	set_mask(SIG_UNBLOCK, SIGALRM);
	struct itimerval v = {{0, 0}, {0, 100000}};
	setitimer(ITIMER_REAL, &v, NULL);
	char c;
	errno = 0;
	long r = sock ? recv(pipe_fd[0], &c, 1, 0) : read(pipe_fd[0], &c, 1);
	int e = errno;
	bool on_main = handled >= 1 && handled_on == pthread_self();
	read_over = 1;
	pthread_join(helper, NULL);
	if (r == -1 && read(pipe_fd[0], &c, 1) != 1)
		printf("read: %s\n", strerror(errno));
	if (sock) {
		close(pipe_fd[0]);
		close(pipe_fd[1]);
		pipe_fd[0] = pipe_ends[0];
		pipe_fd[1] = pipe_ends[1];
	}
	printf("%s: read %ld errno %d, handler on main %d\n", name, r, e,
	       on_main);
	if (restart)
		CHECK(name, r == 1 && on_main);
	else
		CHECK(name, r == -1 && e == EINTR && on_main);
}

static void check_alarm(void)
{
	alarm_read(false, false, "alarm_interrupts_read_on_main");
	alarm_read(true, false, "alarm_restarts_read_on_main");
	alarm_read(false, true, "alarm_interrupts_recv_on_main");
	alarm_read(true, true, "alarm_restarts_recv_on_main");
}

/*
 * Setting SIG_DFL for a signal ignored by default discards it pending,
 * as setting SIG_IGN does (POSIX).
 */
static void check_dfl_discards(void)
{
	handle(SIGURG, false);
	set_mask(SIG_BLOCK, SIGURG);
	raise(SIGURG);
	sigset_t p;
	sigpending(&p);
	bool was = sigismember(&p, SIGURG);
	signal(SIGURG, SIG_DFL);
	sigpending(&p);
	CHECK("dfl_of_ignored_discards_pending",
	      was && !sigismember(&p, SIGURG));
	set_mask(SIG_UNBLOCK, SIGURG);
}

/*
 * ppoll with the pipe readable and SIGUSR1 pending, blocked by the
 * caller and let through by ppoll's mask: the count, the handler not
 * run, the signal still pending; it runs when the caller unblocks it.
 */
static void check_ppoll_ready(void)
{
	handle(SIGUSR1, false);
	handled = 0;
	if (write(pipe_fd[1], "x", 1) != 1)
		printf("write: %s\n", strerror(errno));
	kill(getpid(), SIGUSR1);
	struct pollfd p = {pipe_fd[0], POLLIN, 0};
	struct timespec t = {BOUND_S, 0};
	sigset_t m;
	sigemptyset(&m);
	errno = 0;
	int r = ppoll(&p, 1, &t, &m);
	int e = errno;
	int ran_in_ppoll = handled;
	bool still_pending = is_pending(SIGUSR1);
	char c;
	if (read(pipe_fd[0], &c, 1) != 1)
		printf("read: %s\n", strerror(errno));
	set_mask(SIG_UNBLOCK, SIGUSR1);
	int ran_at_unblock = handled - ran_in_ppoll;
	set_mask(SIG_BLOCK, SIGUSR1);
	printf("ppoll_ready: returned %d errno %d, handler in ppoll %d, "
	       "pending after %d, at unblock %d\n",
	       r, e, ran_in_ppoll, still_pending, ran_at_unblock);
	CHECK("ppoll_ready_gives_count", r == 1);
	CHECK("ppoll_ready_leaves_signal_pending",
	      ran_in_ppoll == 0 && still_pending && ran_at_unblock == 1);
}

static const struct app_check_group all[] = {
    {"process", check_process_directed},
    {"thread", check_thread_directed},
    {"inherit", check_inherit},
    {"sigwait", check_sigwait},
    {"alarm", check_alarm},
    {"ppoll", check_ppoll_ready},
    {"dfl", check_dfl_discards},
};

int main(int argc, char **argv)
{
	sigset_t usr;
	sigemptyset(&usr);
	sigaddset(&usr, SIGUSR1);
	sigaddset(&usr, SIGUSR2);
	sigprocmask(SIG_BLOCK, &usr, NULL);
	if (pipe(pipe_fd) != 0)
		printf("pipe: %s\n", strerror(errno));
	return app_check_run(all, sizeof(all) / sizeof(all[0]), argc, argv);
}
