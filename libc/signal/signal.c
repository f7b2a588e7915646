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
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "osv/power.h"
#include "signal_impl.h"
#include "spinlock.h"

#define BITS (8 * sizeof(unsigned long))

static struct sigaction actions[_NSIG];
static sigset_t blocked, pending;
static struct spinlock lock = SPINLOCK_INIT;

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
}

/* Runs the action for sig now (it is not blocked). */
static void deliver(int sig)
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
	run_handler(sig, &act, NULL, NULL);
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

int raise(int sig)
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
	if (!is_blocked)
		deliver(sig);
	return 0;
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
		/* SIGKILL and SIGSTOP cannot be blocked. */
		blocked.__val[0] &=
		    ~((1UL << (SIGKILL - 1)) | (1UL << (SIGSTOP - 1)));
	}
	spin_unlock(&lock, f);
	/* Deliver what the new mask lets through, lowest number first. */
	for (int sig = 1; sig < _NSIG; sig++) {
		f = spin_lock(&lock);
		int now = sigismember(&pending, sig) == 1 &&
			  sigismember(&blocked, sig) != 1;
		if (now)
			sigdelset(&pending, sig);
		spin_unlock(&lock, f);
		if (now)
			deliver(sig);
	}
	return 0;
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
