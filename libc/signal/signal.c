/*
 * Signals within the program: sigaction stores handlers, raise and kill
 * of the program's own pid deliver synchronously (or leave the signal
 * pending while it is blocked, to be delivered when sigprocmask
 * unblocks it).  The default action of a fatal signal ends the program
 * with status 128 + the signal number, what a shell shows for a
 * process killed by it; exit handlers do not run.  SIG_IGN and the
 * signals whose default is to be ignored (SIGCHLD, SIGCONT, SIGURG,
 * SIGWINCH) do nothing; stop signals are ignored too (there is nothing
 * to stop the program for).  One mask and one set of handlers serve all
 * threads (the program is one process with one mask: pthread_sigmask
 * is sigprocmask).  CPU faults come as SIGSEGV, SIGBUS, SIGFPE, SIGILL
 * or SIGTRAP when the program has a handler for them (fault.c).
 *
 * A handler runs in the thread that raised its signal, or in the one
 * whose sigprocmask unblocked it.  A wait under a mask of its own
 * (ppoll, pselect, epoll_pwait: signal_impl.h) ends with EINTR once a
 * handler has run since it began, in any thread: with one mask for
 * all, the signal was as much the waiter's as the raiser's.
 */
#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "clock.h"
#include "osv/power.h"
#include "signal_impl.h"
#include "spinlock.h"
#include "thread.h"

#define BITS (8 * sizeof(unsigned long))

static struct sigaction actions[_NSIG];
static sigset_t blocked, pending;
static struct spinlock lock = SPINLOCK_INIT;
/* Changes when a signal becomes pending or a handler runs, for the
 * threads that wait for one (sigwait, sigsuspend, pause). */
static volatile int generation;
static volatile unsigned handlers_run;
/* The waits under a mask of their own (ppoll ...), under lock. */
static struct osv_sigmask_wait *masked_waits;

static void wake_waiters(void)
{
	__atomic_add_fetch(&generation, 1, __ATOMIC_SEQ_CST);
	thread_futex_wake(&generation, INT_MAX);
}

static int valid(int sig)
{
	return sig >= 1 && sig < _NSIG;
}

static int ignored_by_default(int sig)
{
	switch (sig) {
	case SIGCHLD:
	case SIGCONT:
	case SIGURG:
	case SIGWINCH:
	case SIGSTOP:
	case SIGTSTP:
	case SIGTTIN:
	case SIGTTOU:
		return 1;
	default:
		return 0;
	}
}

static _Noreturn void die(int sig)
{
	const char *what = strsignal(sig);
	printf("osv: killed by signal %d (%s)\n", sig, what ? what : "?");
	osv_poweroff(128 + sig);
}

/*
 * A handler ran: every wait under its own mask ends with EINTR (its
 * thread is interrupted once; an interrupt its wait did not take is
 * dropped at its end).  Under the lock, so no waiter leaves meanwhile.
 */
static void interrupt_masked_waits(void)
{
	unsigned long f = spin_lock(&lock);
	for (struct osv_sigmask_wait *w = masked_waits; w; w = w->next)
		if (!w->interrupted) {
			w->interrupted = true;
			thread_interrupt(w->thread);
		}
	spin_unlock(&lock, f);
}

/*
 * Runs sig's handler with its mask, then restores the mask, as the
 * return from a Linux signal frame does.  info and uc are the SA_SIGINFO
 * arguments (a fault's, or NULL: made here as for tgkill).
 */
static void run_handler(int sig, const struct sigaction *act, siginfo_t *info,
			void *uc)
{
	unsigned long f = spin_lock(&lock);
	sigset_t saved = blocked;
	if (act->sa_flags & SA_RESETHAND)
		actions[sig].sa_handler = SIG_DFL;
	for (size_t i = 0; i < sizeof(blocked.__val) / sizeof(blocked.__val[0]);
	     i++)
		blocked.__val[i] |= act->sa_mask.__val[i];
	if (!(act->sa_flags & SA_NODEFER))
		sigaddset(&blocked, sig);
	spin_unlock(&lock, f);

	if (act->sa_flags & SA_SIGINFO) {
		siginfo_t own;
		if (!info) {
			memset(&own, 0, sizeof(own));
			own.si_signo = sig;
			own.si_code = SI_TKILL;
			own.si_pid = getpid();
			own.si_uid = getuid();
			info = &own;
		}
		act->sa_sigaction(sig, info, uc);
	} else {
		act->sa_handler(sig);
	}
	pthread_sigmask(SIG_SETMASK, &saved, NULL);
	__atomic_add_fetch(&handlers_run, 1, __ATOMIC_SEQ_CST);
	wake_waiters();
	interrupt_masked_waits();
}

/* Runs the action for sig now (it is not blocked); info may be NULL. */
static void deliver_info(int sig, siginfo_t *info)
{
	unsigned long f = spin_lock(&lock);
	struct sigaction act = actions[sig];
	spin_unlock(&lock, f);

	if (act.sa_handler == SIG_IGN)
		return;
	if (act.sa_handler == SIG_DFL) {
		if (ignored_by_default(sig))
			return;
		die(sig);
	}
	run_handler(sig, &act, info, NULL);
}

static void deliver(int sig)
{
	deliver_info(sig, NULL);
}

/*
 * A fault's signal (libc/signal/fault.c): runs the program's handler if
 * it has one and the signal is not blocked; else false, and the kernel
 * reports the fault (a fault cannot be ignored or left pending).
 */
bool osv_signal_fault_handler(int sig, siginfo_t *info, void *uc)
{
	unsigned long f = spin_lock(&lock);
	struct sigaction act = actions[sig];
	int is_blocked = sigismember(&blocked, sig) == 1;
	spin_unlock(&lock, f);
	if (is_blocked || act.sa_handler == SIG_DFL ||
	    act.sa_handler == SIG_IGN)
		return false;
	run_handler(sig, &act, info, uc);
	return true;
}

int sigaction(int sig, const struct sigaction *act, struct sigaction *old)
{
	if (!valid(sig) || (act && (sig == SIGKILL || sig == SIGSTOP))) {
		errno = EINVAL;
		return -1;
	}
	unsigned long f = spin_lock(&lock);
	if (old)
		*old = actions[sig];
	if (act) {
		actions[sig] = *act;
		if (act->sa_handler != SIG_DFL && act->sa_handler != SIG_IGN)
			osv_signal_fault_hook_install(sig);
		/* Setting SIG_IGN discards a pending signal, as in POSIX. */
		if (act->sa_handler == SIG_IGN)
			sigdelset(&pending, sig);
	}
	spin_unlock(&lock, f);
	return 0;
}

/* glibc's signal() has BSD semantics: restartable, handler kept. */
sighandler_t signal(int sig, sighandler_t handler)
{
	struct sigaction act, old;
	memset(&act, 0, sizeof(act));
	act.sa_handler = handler;
	act.sa_flags = SA_RESTART;
	sigemptyset(&act.sa_mask);
	if (sigaction(sig, &act, &old) != 0)
		return SIG_ERR;
	return old.sa_handler;
}

sighandler_t bsd_signal(int sig, sighandler_t handler)
{
	return signal(sig, handler);
}

/* System V semantics: the handler is reset when it runs, not deferred. */
sighandler_t sysv_signal(int sig, sighandler_t handler)
{
	struct sigaction act, old;
	memset(&act, 0, sizeof(act));
	act.sa_handler = handler;
	act.sa_flags = SA_RESETHAND | SA_NODEFER;
	if (sigaction(sig, &act, &old) != 0)
		return SIG_ERR;
	return old.sa_handler;
}

/* raise() with the siginfo a handler gets (when it is not blocked). */
int osv_raise_info(int sig, siginfo_t *info)
{
	if (!valid(sig)) {
		errno = EINVAL;
		return -1;
	}
	unsigned long f = spin_lock(&lock);
	int is_blocked =
	    sig != SIGKILL && sig != SIGSTOP && sigismember(&blocked, sig) == 1;
	if (is_blocked)
		sigaddset(&pending, sig);
	spin_unlock(&lock, f);
	if (is_blocked)
		wake_waiters();
	else
		deliver_info(sig, info);
	return 0;
}

int raise(int sig)
{
	return osv_raise_info(sig, NULL);
}

/* Only the program itself can be signalled: pid 0, -1 or getpid(). */
int kill(pid_t pid, int sig)
{
	if (pid != 0 && pid != -1 && pid != getpid()) {
		errno = ESRCH;
		return -1;
	}
	if (sig == 0)
		return 0;
	return raise(sig);
}

/* Delivers the pending signals the mask lets through, lowest first. */
static void deliver_unblocked(void)
{
	for (int sig = 1; sig < _NSIG; sig++) {
		unsigned long f = spin_lock(&lock);
		int now = sigismember(&pending, sig) == 1 &&
			  sigismember(&blocked, sig) != 1;
		if (now)
			sigdelset(&pending, sig);
		spin_unlock(&lock, f);
		if (now)
			deliver(sig);
	}
}

/* mask without SIGKILL and SIGSTOP, which cannot be blocked. */
static void set_blocked(const sigset_t *mask)
{
	blocked = *mask;
	blocked.__val[0] &= ~((1UL << (SIGKILL - 1)) | (1UL << (SIGSTOP - 1)));
}

int pthread_sigmask(int how, const sigset_t *set, sigset_t *old)
{
	unsigned long f = spin_lock(&lock);
	if (old)
		*old = blocked;
	if (set) {
		size_t n = sizeof(blocked.__val) / sizeof(blocked.__val[0]);
		for (size_t i = 0; i < n; i++) {
			if (how == SIG_BLOCK)
				blocked.__val[i] |= set->__val[i];
			else if (how == SIG_UNBLOCK)
				blocked.__val[i] &= ~set->__val[i];
			else if (how == SIG_SETMASK)
				blocked.__val[i] = set->__val[i];
			else {
				spin_unlock(&lock, f);
				return EINVAL;
			}
		}
		set_blocked(&blocked);
	}
	spin_unlock(&lock, f);
	deliver_unblocked();
	return 0;
}

void osv_sigmask_wait_begin(struct osv_sigmask_wait *w, const sigset_t *mask)
{
	w->thread = thread_current();
	w->interrupted = false;
	unsigned long f = spin_lock(&lock);
	w->old = blocked;
	set_blocked(mask);
	w->next = masked_waits;
	masked_waits = w;
	spin_unlock(&lock, f);
	/* Pending at the call: the handler runs and the wait ends at once. */
	deliver_unblocked();
}

long osv_sigmask_wait_end(struct osv_sigmask_wait *w, long r)
{
	unsigned long f = spin_lock(&lock);
	struct osv_sigmask_wait **p = &masked_waits;
	while (*p != w)
		p = &(*p)->next;
	*p = w->next;
	bool interrupted = w->interrupted;
	spin_unlock(&lock, f);
	if (interrupted)
		thread_interrupt_take(); /* ours, if the wait ended otherwise */
	pthread_sigmask(SIG_SETMASK, &w->old, NULL);
	/* A count is kept: what it reports would be lost (EPOLLET). */
	return interrupted && r <= 0 ? -EINTR : r;
}

int sigprocmask(int how, const sigset_t *set, sigset_t *old)
{
	int e = pthread_sigmask(how, set, old);
	if (e) {
		errno = e;
		return -1;
	}
	return 0;
}

int sigpending(sigset_t *set)
{
	unsigned long f = spin_lock(&lock);
	*set = pending;
	spin_unlock(&lock, f);
	return 0;
}

/* Takes the lowest pending signal of set, or returns 0. */
static int take_pending(const sigset_t *set)
{
	unsigned long f = spin_lock(&lock);
	int got = 0;
	for (int sig = 1; sig < _NSIG && !got; sig++)
		if (sigismember(set, sig) == 1 &&
		    sigismember(&pending, sig) == 1) {
			sigdelset(&pending, sig);
			got = sig;
		}
	spin_unlock(&lock, f);
	return got;
}

/* Waits for a signal of set to be pending (the caller blocks them). */
int sigtimedwait(const sigset_t *set, siginfo_t *info,
		 const struct timespec *timeout)
{
	uint64_t deadline = THREAD_NO_DEADLINE;
	if (timeout) {
		if (timeout->tv_sec < 0 || timeout->tv_nsec < 0 ||
		    timeout->tv_nsec >= 1000000000L) {
			errno = EINVAL;
			return -1;
		}
		/* Beyond a deadline word (146 years) is no deadline at all. */
		uint64_t d =
		    (uint64_t)timeout->tv_sec >= UINT64_MAX / 2000000000u
			? UINT64_MAX
			: (uint64_t)timeout->tv_sec * 1000000000u +
			      (uint64_t)timeout->tv_nsec;
		uint64_t now = clock_monotonic();
		deadline =
		    d > TIMER_NS_MAX - now ? THREAD_NO_DEADLINE : now + d;
	}
	for (;;) {
		int gen = __atomic_load_n(&generation, __ATOMIC_SEQ_CST);
		int sig = take_pending(set);
		if (sig) {
			if (info) {
				memset(info, 0, sizeof(*info));
				info->si_signo = sig;
				info->si_code = SI_TKILL;
				info->si_pid = getpid();
			}
			return sig;
		}
		int r = thread_futex_wait(&generation, gen, deadline, false);
		if (r == -ETIMEDOUT) {
			errno = EAGAIN;
			return -1;
		}
	}
}

int sigwaitinfo(const sigset_t *set, siginfo_t *info)
{
	return sigtimedwait(set, info, NULL);
}

int sigwait(const sigset_t *set, int *sig)
{
	int r = sigtimedwait(set, NULL, NULL);
	if (r < 0)
		return errno;
	*sig = r;
	return 0;
}

/*
 * Installs mask until a handler has run (here, or in another thread
 * that raised a signal), then restores the old mask: -1 with EINTR, as
 * always.
 */
int sigsuspend(const sigset_t *mask)
{
	unsigned before = __atomic_load_n(&handlers_run, __ATOMIC_SEQ_CST);
	sigset_t old;
	pthread_sigmask(SIG_SETMASK, mask, &old);
	for (;;) {
		int gen = __atomic_load_n(&generation, __ATOMIC_SEQ_CST);
		if (__atomic_load_n(&handlers_run, __ATOMIC_SEQ_CST) != before)
			break;
		thread_futex_wait(&generation, gen, THREAD_NO_DEADLINE, false);
	}
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	errno = EINTR;
	return -1;
}

int pause(void)
{
	sigset_t now;
	pthread_sigmask(SIG_BLOCK, NULL, &now);
	return sigsuspend(&now);
}

/* The program's process group is its pid. */
int killpg(pid_t pgrp, int sig)
{
	if (pgrp < 0) {
		errno = EINVAL;
		return -1;
	}
	if (pgrp != 0 && pgrp != getpgrp()) {
		errno = ESRCH;
		return -1;
	}
	return kill(getpid(), sig);
}

/*
 * An alternate stack is recorded and reported back, but handlers run
 * on the interrupted stack (a fault on a stack overflow stays fatal).
 * One for the program, not one a thread.
 */
int sigaltstack(const stack_t *ss, stack_t *old)
{
	static stack_t current = {NULL, SS_DISABLE, 0};
	stack_t was = current;
	if (ss) {
		if (ss->ss_flags & ~SS_DISABLE) {
			errno = EINVAL;
			return -1;
		}
		if (!(ss->ss_flags & SS_DISABLE) && ss->ss_size < MINSIGSTKSZ) {
			errno = ENOMEM;
			return -1;
		}
		current = *ss;
		if (ss->ss_flags & SS_DISABLE)
			current = (stack_t){NULL, SS_DISABLE, 0};
	}
	if (old)
		*old = was;
	return 0;
}

extern __typeof(sysv_signal) __sysv_signal
    __attribute__((alias("sysv_signal")));
