/*
 * Signals within the program, with Linux's rules for threads: each
 * thread has its own mask (a new one starts with its creator's) and its
 * own pending set; the program has one more, for process-directed
 * signals.  kill() of the program's pid, alarm's and the POSIX timers'
 * signals are process-directed: choose() gives one to a thread that
 * lets it through, the program's first thread, then the caller,
 * preferred; while every thread blocks it, it stays pending for the program,
 * for the first thread to unblock it or sigwait for it.  raise(),
 * pthread_kill() and tgkill() are thread-directed: pending on their thread
 * while it blocks them.  CPU faults come as SIGSEGV, SIGBUS, SIGFPE, SIGILL or
 * SIGTRAP on the faulting thread when the program has a handler for
 * them (fault.c).
 *
 * A handler runs on its thread: at once when that is the sender;
 * otherwise the signal is left pending and the thread interrupted
 * (thread_interrupt()), so that its current or next interruptible wait
 * ends and the call that waited runs the handler
 * (osv_signal_interrupted()) and then fails with EINTR or, under
 * SA_RESTART, goes on as Linux's would.  A thread also takes its
 * pending signals when it unblocks them.  A thread that computes in the
 * program's own code runs them at the end of the next interrupt there
 * (at_interrupt_return(): Linux's return to user mode), else at its
 * next wait or mask change.
 *
 * The default action of a fatal signal ends the program, at once,
 * whichever thread it went to, with status 128 + the signal number,
 * what a shell shows for a process killed by it; exit handlers do not
 * run.  SIG_IGN and the signals whose default is to be ignored
 * (SIGCHLD, SIGCONT, SIGURG, SIGWINCH) do nothing; stop signals are
 * ignored too (there is nothing to stop the program for).  One set of
 * handlers serves all threads.
 *
 * As on Linux, each thread has its own alternate stack (sigaltstack),
 * where an SA_ONSTACK handler runs with its siginfo and ucontext_t
 * copied to the top, unless the thread already runs there.  Every
 * SA_SIGINFO handler gets a ucontext_t: a fault's holds the faulting
 * registers, any other signal's those of the libc call that delivers
 * it (where Linux's would show the system call); uc_sigmask is the mask
 * before delivery (for a wait under a mask of its own, the one it
 * replaced) and the mask after the handler returns, as Linux's
 * sigreturn makes it.  The registers a handler leaves take effect when
 * it interrupted the program's code (a fault, an interrupt); a libc
 * call that delivers a signal goes on as it was.  A handler that does
 * not fit the alternate stack it would run on is not run: SIGSEGV
 * comes instead, as Linux forces it.
 */
#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "../time/clock_impl.h"
#include "arch.h"
#include "../thread/pthread_impl.h"
#include "clock.h"
#include "fs_calls.h"
#include "klog.h"
#include "libc-internal.h"
#include "osv/power.h"
#include "power.h"
#include "signal_impl.h"
#include "spinlock.h"
#include "thread.h"
#include "timer.h"

/* Signal n is bit n - 1 of a set (__val[0] of a sigset_t: _NSIG 65). */
#define UNBLOCKABLE (bit(SIGKILL) | bit(SIGSTOP))
/* Linux's flag (no glibc header names it): no alternate stack while a
 * handler runs on it. */
#define SS_AUTODISARM ((int)(1U << 31))

static struct sigaction actions[_NSIG];
static struct spinlock lock = SPINLOCK_INIT;
/*
 * What a POSIX timer's siginfo says, kept for a pending signal (the
 * others' siginfo is made when they are taken: SI_TKILL).
 */
struct timer_info {
	bool set;
	int id, overrun;
	union sigval value;
};
/* Under lock: the program's pending signals, with their timers' siginfo,
 * and the threads that take them. */
static uint64_t process_pending;
static struct timer_info process_timer[_NSIG];
static struct pthread *threads;
static struct pthread *first; /* the program's first thread, while listed */
/* Changes when a signal is left pending, for sigwait's waiters. */
static volatile int generation;
/* A kernel thread the heap had no descriptor for: blocks nothing. */
static struct pthread orphan;

static uint64_t bit(int sig)
{
	return 1ULL << (sig - 1);
}

static uint64_t set_bits(const sigset_t *set)
{
	return set->__val[0];
}

static void to_sigset(uint64_t bits, sigset_t *set)
{
	sigemptyset(set);
	set->__val[0] = bits;
}

static struct pthread *self(void)
{
	struct pthread *p = osv_pthread_self();
	return p ? p : &orphan;
}

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

/* Under lock. */
static bool is_ignored(int sig)
{
	return actions[sig].sa_handler == SIG_IGN ||
	       (actions[sig].sa_handler == SIG_DFL && ignored_by_default(sig));
}

/* Under lock. */
static bool is_fatal(int sig)
{
	return actions[sig].sa_handler == SIG_DFL && !ignored_by_default(sig);
}

/*
 * Silent once another thread powers off: its status is the machine's.
 * kprintf: a kernel's line, and it needs less stack than stdio (a
 * signal that did not fit its alternate stack dies where little is
 * left).
 */
static _Noreturn void die(int sig)
{
	if (osv_poweroff_under_way())
		osv_poweroff(128 + sig);
	const char *what = strsignal(sig);
	kprintf("osv: killed by signal %d (%s)\n", sig, what ? what : "?");
	osv_poweroff(128 + sig);
}

static bool takes(const struct pthread *p, int sig)
{
	return !(p->sigmask & bit(sig));
}

/*
 * The thread to run process-directed sig: the program's first thread
 * when it lets it through (Linux tries the thread whose id is the pid
 * first), else the caller when it does (the handler runs before kill()
 * returns), else the first of the program's threads that does; NULL
 * when every one blocks it.  Under lock.
 */
static struct pthread *choose(struct pthread *me, int sig)
{
	if (first && takes(first, sig))
		return first;
	if (me->sig_listed && takes(me, sig))
		return me;
	for (struct pthread *p = threads; p; p = p->sig_next)
		if (takes(p, sig))
			return p;
	return NULL;
}

/*
 * Interrupts a thread other than skip that takes the program's pending
 * signals in bits, as Linux hands them on when their thread blocks them
 * or ends.  Under lock.
 */
static void hand_on(uint64_t bits, const struct pthread *skip)
{
	for (int sig = 1; sig < _NSIG; sig++) {
		if (!(bits & process_pending & bit(sig)))
			continue;
		for (struct pthread *p = threads; p; p = p->sig_next)
			if (p != skip && takes(p, sig)) {
				thread_interrupt(p->kthread);
				break;
			}
	}
}

/* me's mask becomes mask, but for SIGKILL and SIGSTOP.  Under lock. */
static void set_mask(struct pthread *me, uint64_t mask)
{
	uint64_t blocking = mask & ~me->sigmask;
	me->sigmask = mask & ~UNBLOCKABLE;
	hand_on(blocking, me);
}

/* Whether sp lies on p's alternate stack, as Linux's __on_sig_stack. */
static bool within_altstack(const struct pthread *p, uintptr_t sp)
{
	uintptr_t base = (uintptr_t)p->alt_sp;
	return p->alt_size && sp > base && sp - base <= p->alt_size;
}

/*
 * Whether p runs on its alternate stack at sp, as Linux's on_sig_stack:
 * never under SS_AUTODISARM, which disarms the stack while a handler
 * runs there (one that sets it again on the stack it runs on is not on
 * it: no EPERM, and the next signal starts at its top again).
 */
static bool on_altstack(const struct pthread *p, uintptr_t sp)
{
	return !(p->alt_flags & SS_AUTODISARM) && within_altstack(p, sp);
}

/* p's alternate stack as set: a handler's uc_stack (Linux saves the
 * flags as given to sigaltstack, never an SS_ONSTACK of its own). */
static stack_t altstack_as_set(const struct pthread *p)
{
	int state = p->alt_size ? 0 : SS_DISABLE;
	return (stack_t){p->alt_sp, state | p->alt_flags, p->alt_size};
}

/* p's alternate stack as sigaltstack reports it, seen from sp. */
static stack_t altstack_seen_from(const struct pthread *p, uintptr_t sp)
{
	int state = !p->alt_size	 ? SS_DISABLE
		    : on_altstack(p, sp) ? SS_ONSTACK
					 : 0;
	return (stack_t){p->alt_sp, state | (p->alt_flags & SS_AUTODISARM),
			 p->alt_size};
}

/*
 * Linux's do_sigaltstack for me, running at sp: 0, or EPERM on the
 * stack, EINVAL for flags other than SS_DISABLE (SS_ONSTACK counts as
 * 0) with SS_AUTODISARM, ENOMEM under MINSIGSTKSZ.  The flags are kept
 * as given, for uc_stack.
 */
static int set_altstack(struct pthread *me, const stack_t *ss, uintptr_t sp)
{
	int mode = ss->ss_flags & ~SS_AUTODISARM;
	if (on_altstack(me, sp))
		return EPERM;
	if (mode != 0 && mode != SS_ONSTACK && mode != SS_DISABLE)
		return EINVAL;
	bool off = mode == SS_DISABLE;
	if (!off && ss->ss_size < MINSIGSTKSZ)
		return ENOMEM;
	me->alt_sp = off ? NULL : ss->ss_sp;
	me->alt_size = off ? 0 : ss->ss_size;
	me->alt_flags = ss->ss_flags & ~SS_DISABLE;
	return 0;
}

static uintptr_t stack_pointer(void)
{
	return (uintptr_t)__builtin_frame_address(0);
}

struct handler_call {
	int sig;
	const struct sigaction *act;
	siginfo_t *info;
	ucontext_t *uc;
};

static void call_handler(void *arg)
{
	const struct handler_call *c = arg;
	if (c->act->sa_flags & SA_SIGINFO)
		c->act->sa_sigaction(c->sig, c->info, c->uc);
	else
		c->act->sa_handler(c->sig);
}

/*
 * SS_AUTODISARM leaves the thread without an alternate stack while a
 * handler runs (Linux resets it at every delivery); the uc_stack the
 * handler returns with sets it again, as Linux's sigreturn does.
 */
static void disarm(struct pthread *me)
{
	if (me->alt_flags & SS_AUTODISARM) {
		me->alt_sp = NULL;
		me->alt_size = 0;
		me->alt_flags = 0;
	}
}

/*
 * Runs c's handler on the alternate stack below top, with copies of its
 * info and ucontext at the top as Linux puts its frame there; what the
 * handler changed of the ucontext comes back.
 */
static void call_on_altstack(uintptr_t top, struct handler_call *c)
{
	struct osv_sigframe *fr =
	    (struct osv_sigframe *)((top - sizeof(*fr)) & ~(uintptr_t)15);
	if (c->info)
		fr->info = *c->info;
	fr->uc = *c->uc;
	fr->uc.uc_mcontext.fpregs = &fr->uc.__fpregs_mem;
	ucontext_t *uc = c->uc;
	c->info = c->info ? &fr->info : NULL;
	c->uc = &fr->uc;
	osv_signal_call_on(fr, call_handler, c);
	memcpy(uc->uc_mcontext.gregs, fr->uc.uc_mcontext.gregs,
	       sizeof(gregset_t));
	*uc->uc_mcontext.fpregs = fr->uc.__fpregs_mem;
	uc->uc_sigmask = fr->uc.uc_sigmask;
	uc->uc_stack = fr->uc.uc_stack;
}

/*
 * Runs sig's handler with its mask, on the alternate stack under
 * SA_ONSTACK, then installs the ucontext's mask, as the return from a
 * Linux signal frame does.  info and uc are the SA_SIGINFO arguments
 * (info NULL: made here as for tgkill); uc has the interrupted
 * registers and FPU state, its mask and uc_stack are filled here.
 *
 * Under a wait's own mask (waited_under: the mask it replaced), Linux
 * stacks a frame for every signal that mask lets through before any
 * handler runs, and only the outermost frame's uc_sigmask is the mask
 * the wait returns with.  So the next signal is taken under the wait's
 * mask again, and the handler's uc_sigmask goes to waited_under, which
 * the wait's end installs.
 *
 * at_interrupt: the signals that mask lets through are not run here but
 * by the caller's loop, once the interrupt's frame has the registers
 * this handler left (their handlers see, and resume, those).
 */
static void run_handler(int sig, const struct sigaction *act, siginfo_t *info,
			ucontext_t *uc, sigset_t *waited_under,
			bool at_interrupt)
{
	struct pthread *me = self();
	uintptr_t sp = stack_pointer();
	unsigned long f = spin_lock(&lock);
	sigset_t taken_under;
	to_sigset(me->sigmask, &taken_under);
	uc->uc_sigmask = waited_under ? *waited_under : taken_under;
	uc->uc_stack = altstack_as_set(me);
	if (act->sa_flags & SA_RESETHAND)
		actions[sig].sa_handler = SIG_DFL;
	uint64_t mask = me->sigmask | set_bits(&act->sa_mask);
	if (!(act->sa_flags & SA_NODEFER))
		mask |= bit(sig);
	set_mask(me, mask);
	spin_unlock(&lock, f);

	siginfo_t own;
	if ((act->sa_flags & SA_SIGINFO) && !info) {
		memset(&own, 0, sizeof(own));
		own.si_signo = sig;
		own.si_code = SI_TKILL;
		own.si_pid = getpid();
		own.si_uid = getuid();
		info = &own;
	}
	struct handler_call c = {sig, act, info, uc};
	bool onstack = (act->sa_flags & SA_ONSTACK) && me->alt_size;
	uintptr_t interrupted_sp = (uintptr_t)uc->uc_mcontext.gregs[REG_RSP];
	uintptr_t top = (uintptr_t)me->alt_sp + me->alt_size;
	/* a stack overflow's fault: its delivery moved here already */
	bool moved = onstack && within_altstack(me, sp) &&
		     !within_altstack(me, interrupted_sp);
	bool enter = onstack && !on_altstack(me, sp) && !moved;
	disarm(me);
	if (enter)
		call_on_altstack(top, &c);
	else
		call_handler(&c);
	/* Linux's sigreturn, seen from the handler's frame: ignored (EPERM)
	 * on the alternate stack unless SS_AUTODISARM disarmed it */
	set_altstack(me, &uc->uc_stack,
		     enter ? top - sizeof(struct osv_sigframe) : sp);
	if (waited_under) {
		*waited_under = uc->uc_sigmask;
		pthread_sigmask(SIG_SETMASK, &taken_under, NULL);
	} else if (at_interrupt) {
		f = spin_lock(&lock);
		set_mask(me, set_bits(&uc->uc_sigmask));
		spin_unlock(&lock, f);
	} else {
		pthread_sigmask(SIG_SETMASK, &uc->uc_sigmask, NULL);
	}
}

/*
 * The registers and FPU state of the point a signal that is not a
 * fault is delivered at, within the libc call that delivers it (Linux
 * reports the system call's instruction in the libc).
 */
static __attribute__((noinline)) void save_context(ucontext_t *uc)
{
	memset(uc, 0, offsetof(ucontext_t, __fpregs_mem));
	osv_signal_save_gregs(uc->uc_mcontext.gregs);
	__asm__ volatile("fxsave64 %0" : "=m"(uc->__fpregs_mem));
	uc->uc_mcontext.fpregs = &uc->__fpregs_mem;
}

/*
 * What a delivery needs of the alternate stack from the point it starts
 * at: the handler's siginfo and ucontext, the calls down to the handler
 * (about 300 bytes measured), and room for the handler and an interrupt.
 */
#define DELIVERY_CALLS_BYTES 512
#define DELIVERY_NEED                                                          \
	(sizeof(struct osv_sigframe) + DELIVERY_CALLS_BYTES +                  \
	 OSV_SIGNAL_HANDLER_BYTES + OSV_SIGNAL_INTERRUPT_BYTES)
_Static_assert(DELIVERY_NEED <= LIBC_MINSIGSTKSZ,
	       "a signal's delivery needs more than LIBC_MINSIGSTKSZ");

/*
 * Whether act's handler fits the stack it would run on, seen from sp:
 * Linux's get_sigframe refuses a frame that would leave the alternate
 * stack, whether the signal enters it (SA_ONSTACK) or comes while the
 * thread runs there (any signal).  extra: what the delivery puts on the
 * stack in use besides (an interrupt's FPU state, deliver_framed()).
 */
static bool has_room(const struct pthread *me, const struct sigaction *act,
		     uintptr_t sp, size_t extra)
{
	if (on_altstack(me, sp))
		return sp - (uintptr_t)me->alt_sp >= DELIVERY_NEED + extra;
	if ((act->sa_flags & SA_ONSTACK) && me->alt_size)
		return me->alt_size >= DELIVERY_NEED;
	return true;
}

/* The siginfo of a SIGSEGV forced by a handler that did not fit. */
static const siginfo_t forced_info = {.si_signo = SIGSEGV,
				      .si_code = SI_KERNEL};

/*
 * sig's handler did not fit: as Linux's force_sigsegv, SIGSEGV comes
 * instead (forced_info), whose handler runs if it has one, sig is not
 * SIGSEGV itself and the thread does not block it; else its default
 * action ends the program.
 */
static void force_sigsegv(struct pthread *me, int sig)
{
	kprintf("osv: signal %d: its handler does not fit the alternate "
		"stack (%zu bytes needed): SIGSEGV\n",
		sig, DELIVERY_NEED);
	unsigned long f = spin_lock(&lock);
	if (sig == SIGSEGV || !takes(me, SIGSEGV) ||
	    actions[SIGSEGV].sa_handler == SIG_IGN) {
		actions[SIGSEGV].sa_handler = SIG_DFL;
		me->sigmask &= ~bit(SIGSEGV);
	}
	spin_unlock(&lock, f);
}

/* What deliver_framed() puts on the stack for an interrupt's FPU state
 * beyond its frame (64 for the area's alignment). */
static size_t extended_need(const struct trap_frame *at)
{
	unsigned size = at ? fpu_extended_size() : 0;
	return size ? size + 64 : 0;
}

/*
 * deliver() once the handler fits: its frame on the stack in use.  at,
 * an interrupt's frame, gives the interrupted registers and takes those
 * the handler leaves; else they are those of the delivering call.  The
 * interrupted code's AVX state, which the trap's FXSAVE does not hold
 * and the handler may change, is kept here (the libc uses no AVX, so
 * it is still the interrupted code's).
 */
static __attribute__((noinline)) void
deliver_framed(int sig, const struct sigaction *act, siginfo_t *info,
	       sigset_t *waited_under, struct trap_frame *at)
{
	struct osv_sigframe fr;
	if (info == &forced_info) {
		fr.info = forced_info;
		info = &fr.info;
	}
	size_t need = extended_need(at);
	unsigned char extended[need ? need : 1];
	void *area = (void *)(((uintptr_t)extended + 63) & ~(uintptr_t)63);
	if (need)
		fpu_extended_save(area);
	if (at)
		osv_signal_interrupt_context(at, &fr.uc);
	else
		save_context(&fr.uc);
	run_handler(sig, act, info, &fr.uc, waited_under, at != NULL);
	if (at)
		osv_signal_interrupt_resume(&fr.uc, at);
	if (need)
		fpu_extended_restore(area);
}

/*
 * Runs the action for sig on the calling thread, which lets it
 * through; info may be NULL; at: see deliver_framed().  What ran, for
 * the call it interrupted.  Its frame stays small: where the handler
 * does not fit, little stack is left.
 */
static enum osv_signal_ran
deliver(int sig, siginfo_t *info, sigset_t *waited_under, struct trap_frame *at)
{
	struct pthread *me = self();
	struct sigaction act;
	for (;;) {
		unsigned long f = spin_lock(&lock);
		act = actions[sig];
		spin_unlock(&lock, f);
		if (act.sa_handler == SIG_IGN)
			return OSV_SIGNAL_NONE;
		if (act.sa_handler == SIG_DFL) {
			if (ignored_by_default(sig))
				return OSV_SIGNAL_NONE;
			die(sig);
		}
		if (has_room(me, &act, stack_pointer(), extended_need(at)))
			break;
		force_sigsegv(me, sig);
		sig = SIGSEGV;
		info = (siginfo_t *)&forced_info;
	}
	deliver_framed(sig, &act, info, waited_under, at);
	return act.sa_flags & SA_RESTART ? OSV_SIGNAL_RESTART
					 : OSV_SIGNAL_EINTR;
}

/*
 * Takes the lowest signal of bits pending for me (its own first, then
 * the program's), with its siginfo (si_signo 0: none); 0 if none.
 * Under lock.
 */
static int take(struct pthread *me, uint64_t bits, siginfo_t *info)
{
	info->si_signo = 0;
	uint64_t own = me->sigpending & bits;
	uint64_t any = own ? own : process_pending & bits;
	if (!any)
		return 0;
	int sig = __builtin_ctzll(any) + 1;
	if (own) {
		me->sigpending &= ~bit(sig);
		return sig;
	}
	process_pending &= ~bit(sig);
	const struct timer_info *t = &process_timer[sig];
	if (t->set) {
		memset(info, 0, sizeof(*info));
		info->si_signo = sig;
		info->si_code = SI_TIMER;
		info->si_timerid = t->id;
		info->si_overrun = t->overrun;
		info->si_value = t->value;
	}
	return sig;
}

/*
 * Runs the pending signals the caller's mask lets through, lowest first;
 * waited_under: the mask a wait under its own replaced, or NULL; at: an
 * interrupt's frame (deliver_framed()), or NULL.
 */
static enum osv_signal_ran deliver_pending(sigset_t *waited_under,
					   struct trap_frame *at)
{
	struct pthread *me = self();
	enum osv_signal_ran ran = OSV_SIGNAL_NONE;
	for (;;) {
		siginfo_t info;
		unsigned long f = spin_lock(&lock);
		int sig = take(me, ~me->sigmask, &info);
		spin_unlock(&lock, f);
		if (!sig)
			return ran;
		enum osv_signal_ran r =
		    deliver(sig, info.si_signo ? &info : 0, waited_under, at);
		if (r > ran)
			ran = r;
	}
}

/* Whether a signal pending for me or the program is one me lets
 * through; read without the lock, for a quick look. */
static bool due(const struct pthread *me)
{
	uint64_t pending = __atomic_load_n(&me->sigpending, __ATOMIC_RELAXED) |
			   __atomic_load_n(&process_pending, __ATOMIC_RELAXED);
	return pending & ~__atomic_load_n(&me->sigmask, __ATOMIC_RELAXED);
}

/*
 * The end of an interrupt that came while the program's code ran
 * (trap_set_return_hook()), as Linux's return to user mode: the
 * signals the thread lets through run now, with the interrupted
 * registers in their ucontext, and the registers (and mask) their
 * handlers leave there are what the program resumes with.  On one CPU
 * a sender (another thread, the timers' thread) runs while the thread
 * is off it, preempted at an interrupt, whose end then finds the signal
 * pending.  The interrupt a send left for the thread's next wait is
 * dropped, unless a signal or a cancellation still needs it.  An
 * interrupt that finds a signal due in the kernel's code (the libc)
 * asks for another one a millisecond later (retry), which may find the
 * thread in the program's.  One that finds too little of the alternate
 * stack left below its frame to refuse a delivery there (force_sigsegv()
 * and die() write lines, then power off) leaves the signal pending for
 * when the handler running there returns: refused there, it would
 * overflow the stack.
 */
#define RETRY_NS 1000000
#define REFUSE_BYTES 1536
static struct timer retry;

static void retry_done(struct timer *t)
{
	(void)t; /* its interrupt's end is what matters */
}

static void at_interrupt_return(struct trap_frame *f)
{
	/* not self(): no descriptor made in an interrupt for a thread that
	 * has none (a kernel thread, the idle one): it has no signals */
	struct pthread *me = thread_libc_data(thread_current());
	if (!me || !me->sig_listed || !due(me))
		return;
	if (!trap_interrupted_program(f)) {
		/* in the libc (or libm): look again soon, in case the thread
		 * goes on computing where no interrupt comes */
		if (!retry.armed)
			timer_arm(&retry, clock_monotonic() + RETRY_NS);
		return;
	}
	uintptr_t sp = stack_pointer();
	if (on_altstack(me, sp) && sp - (uintptr_t)me->alt_sp < REFUSE_BYTES)
		return;
	__asm__ volatile("sti" ::: "memory");
	deliver_pending(NULL, f);
	__asm__ volatile("cli" ::: "memory");
	if (thread_interrupt_take() && (due(me) || me->cancel_pending))
		thread_interrupt(thread_current());
}

enum osv_signal_ran osv_signal_interrupted(void)
{
	return deliver_pending(NULL, NULL);
}

/*
 * A fault's signal (libc/signal/fault.c): runs the program's handler if
 * it has one and the signal is not blocked; else false, and the kernel
 * reports the fault (a fault cannot be ignored or left pending).
 */
bool osv_signal_fault_handler(int sig, siginfo_t *info, ucontext_t *uc)
{
	struct pthread *me = self();
	unsigned long f = spin_lock(&lock);
	struct sigaction act = actions[sig];
	bool blocked = !takes(me, sig);
	spin_unlock(&lock, f);
	if (blocked || act.sa_handler == SIG_DFL || act.sa_handler == SIG_IGN)
		return false;
	/* seen from the faulting code, whose frame is written already; the
	 * fault is reported then, where Linux would force SIGSEGV */
	if (!has_room(me, &act, (uintptr_t)uc->uc_mcontext.gregs[REG_RSP], 0)) {
		kprintf("osv: signal %d: its handler does not fit the "
			"alternate stack (%zu bytes needed)\n",
			sig, DELIVERY_NEED);
		return false;
	}
	run_handler(sig, &act, info, uc, NULL, false);
	return true;
}

uintptr_t osv_signal_altstack_top(int sig, uintptr_t sp, size_t need)
{
	struct pthread *me = self();
	uintptr_t base = (uintptr_t)me->alt_sp;
	unsigned long f = spin_lock(&lock);
	struct sigaction act = actions[sig];
	bool blocked = !takes(me, sig);
	spin_unlock(&lock, f);
	if (blocked || act.sa_handler == SIG_DFL || act.sa_handler == SIG_IGN ||
	    !(act.sa_flags & SA_ONSTACK) || !me->alt_size ||
	    on_altstack(me, sp) || (sp <= base && base - sp < 4096))
		return 0;
	if (me->alt_size < need) {
		kprintf(
		    "osv: signal %d: its frame, handler and an interrupt "
		    "need %zu bytes of the alternate stack, which has %zu\n",
		    sig, need, me->alt_size);
		return 0;
	}
	return (uintptr_t)me->alt_sp + me->alt_size;
}

static struct timer_info timer_of(const siginfo_t *info)
{
	struct timer_info t = {false, 0, 0, {0}};
	if (info && info->si_code == SI_TIMER)
		t = (struct timer_info){true, info->si_timerid,
					info->si_overrun, info->si_value};
	return t;
}

/*
 * A timer's expiration (info) while its last one is still pending
 * (was) is an overrun of that one, as on Linux.  Under lock.
 */
static void count_overrun(struct timer_info *was, const siginfo_t *info)
{
	struct timer_info now = timer_of(info);
	if (!now.set || !was->set || was->id != now.id)
		return;
	long n = (long)was->overrun + 1 + now.overrun;
	was->overrun = n > INT_MAX ? INT_MAX : (int)n;
}

/*
 * Sends sig to thread to, or with to NULL to the program (info: the
 * siginfo a handler receives, or NULL).  The receiver runs it now when
 * it is the caller; else it is left pending and the thread to run it
 * interrupted.  A signal that no thread would run now stays pending
 * even when ignored: its action may change before it is unblocked, or
 * sigwait may take it.
 */
/*
 * send() with the lock taken (f what spin_lock() returned); it
 * unlocks.  A thread that has ended takes nothing.
 */
static void send_locked(struct pthread *to, int sig, siginfo_t *info,
			unsigned long f)
{
	struct pthread *me = self();
	if (to && !to->sig_listed) {
		spin_unlock(&lock, f);
		return;
	}
	struct pthread *t = to ? to : choose(me, sig);
	bool runs = t && takes(t, sig);
	if (runs && (t == me || is_ignored(sig) || is_fatal(sig))) {
		spin_unlock(&lock, f);
		if (t == me || is_fatal(sig))
			deliver(sig, info, NULL, NULL);
		return;
	}
	if (to) {
		to->sigpending |= bit(sig);
	} else if (process_pending & bit(sig)) {
		count_overrun(&process_timer[sig], info);
	} else {
		process_pending |= bit(sig);
		process_timer[sig] = timer_of(info);
	}
	if (runs)
		thread_interrupt(t->kthread);
	spin_unlock(&lock, f);
	wake_waiters();
	fs_signalfd_notify();
}

static void send(struct pthread *to, int sig, siginfo_t *info)
{
	send_locked(to, sig, info, spin_lock(&lock));
}

int osv_signal_process(int sig, siginfo_t *info)
{
	if (!valid(sig)) {
		errno = EINVAL;
		return -1;
	}
	send(NULL, sig, info);
	return 0;
}

void osv_signal_thread_start(struct pthread *p)
{
	unsigned long f = spin_lock(&lock);
	p->sig_next = threads;
	threads = p;
	p->sig_listed = true;
	if (thread_id(p->kthread) == 1)
		first = p;
	spin_unlock(&lock, f);
}

void osv_signal_thread_end(struct pthread *p)
{
	unsigned long f = spin_lock(&lock);
	struct pthread **link = &threads;
	while (*link && *link != p)
		link = &(*link)->sig_next;
	if (*link)
		*link = p->sig_next;
	p->sig_listed = false;
	p->sigpending = 0;
	if (first == p)
		first = NULL;
	hand_on(~0ULL, p);
	spin_unlock(&lock, f);
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
		if (act->sa_handler != SIG_DFL && act->sa_handler != SIG_IGN) {
			osv_signal_fault_hook_install(sig);
			if (!retry.fn)
				timer_setup(&retry, retry_done, NULL);
			trap_set_return_hook(at_interrupt_return);
		}
		/* An action that ignores the signal (SIG_IGN, or SIG_DFL
		 * of one ignored by default) discards it pending (POSIX). */
		if (is_ignored(sig)) {
			process_pending &= ~bit(sig);
			for (struct pthread *p = threads; p; p = p->sig_next)
				p->sigpending &= ~bit(sig);
		}
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

int pthread_kill(pthread_t thread, int sig)
{
	if (sig != 0 && !valid(sig))
		return EINVAL;
	struct pthread *p = (struct pthread *)thread;
	if (sig)
		send(p, sig, NULL);
	return 0;
}

int raise(int sig)
{
	int e = pthread_kill(pthread_self(), sig);
	if (e) {
		errno = e;
		return -1;
	}
	return 0;
}

int osv_signal_service_thread(pthread_t *t, void *(*fn)(void *), void *arg)
{
	sigset_t all, old;
	sigfillset(&all);
	pthread_sigmask(SIG_SETMASK, &all, &old);
	int e = pthread_create(t, NULL, fn, arg);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	return e;
}

int osv_signal_tkill(int tid, int sig)
{
	if (!valid(sig) && sig != 0) {
		errno = EINVAL;
		return -1;
	}
	/* found and sent under one hold of the lock: the thread cannot
	 * end in between */
	unsigned long f = spin_lock(&lock);
	struct pthread *p = threads;
	while (p && thread_id(p->kthread) != tid)
		p = p->sig_next;
	if (!p || !sig) {
		spin_unlock(&lock, f);
		if (!p)
			errno = ESRCH;
		return p ? 0 : -1;
	}
	send_locked(p, sig, NULL, f);
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
	return osv_signal_process(sig, NULL);
}

int pthread_sigmask(int how, const sigset_t *set, sigset_t *old)
{
	struct pthread *me = self();
	unsigned long f = spin_lock(&lock);
	if (old)
		to_sigset(me->sigmask, old);
	if (set) {
		uint64_t bits = set_bits(set);
		if (how == SIG_BLOCK) {
			set_mask(me, me->sigmask | bits);
		} else if (how == SIG_UNBLOCK) {
			set_mask(me, me->sigmask & ~bits);
		} else if (how == SIG_SETMASK) {
			set_mask(me, bits);
		} else {
			spin_unlock(&lock, f);
			return EINVAL;
		}
	}
	spin_unlock(&lock, f);
	deliver_pending(NULL, NULL);
	return 0;
}

void osv_sigmask_wait_begin(struct osv_sigmask_wait *w, const sigset_t *mask)
{
	struct pthread *me = self();
	unsigned long f = spin_lock(&lock);
	to_sigset(me->sigmask, &w->old);
	set_mask(me, set_bits(mask));
	bool due = (me->sigpending | process_pending) & ~me->sigmask;
	spin_unlock(&lock, f);
	/* The wait ends at once, or gives its count without waiting. */
	if (due)
		thread_interrupt(thread_current());
}

long osv_sigmask_wait_end(struct osv_sigmask_wait *w, long r)
{
	thread_interrupt_take(); /* ours, if the wait ended otherwise */
	if (r <= 0 && deliver_pending(&w->old, NULL) != OSV_SIGNAL_NONE)
		r = -EINTR;
	pthread_sigmask(SIG_SETMASK, &w->old, NULL);
	return r;
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
	struct pthread *me = self();
	unsigned long f = spin_lock(&lock);
	to_sigset(me->sigpending | process_pending, set);
	spin_unlock(&lock, f);
	return 0;
}

/* The siginfo of a signal taken without one (all but timers'). */
static siginfo_t sent_info(int sig)
{
	siginfo_t info;
	memset(&info, 0, sizeof(info));
	info.si_signo = sig;
	info.si_code = SI_TKILL;
	info.si_pid = getpid();
	info.si_uid = getuid();
	return info;
}

bool osv_signal_take_pending(uint64_t mask, siginfo_t *info)
{
	struct pthread *me = self();
	unsigned long f = spin_lock(&lock);
	int sig = take(me, mask & ~UNBLOCKABLE, info);
	spin_unlock(&lock, f);
	if (sig && !info->si_signo)
		*info = sent_info(sig);
	return sig != 0;
}

bool osv_signal_pending_in(uint64_t mask)
{
	struct pthread *me = self();
	unsigned long f = spin_lock(&lock);
	bool pending = (me->sigpending | process_pending) & mask;
	spin_unlock(&lock, f);
	return pending;
}

/*
 * Waits for a signal of set to be pending for the caller or the program
 * (the caller blocks them); a handler that runs meanwhile ends the wait
 * with EINTR.
 */
int sigtimedwait(const sigset_t *set, siginfo_t *info,
		 const struct timespec *timeout)
{
	uint64_t deadline;
	if (!osv_time_relative_deadline(timeout, &deadline)) {
		errno = EINVAL;
		return -1;
	}
	struct pthread *me = self();
	for (;;) {
		int gen = __atomic_load_n(&generation, __ATOMIC_SEQ_CST);
		siginfo_t got;
		unsigned long f = spin_lock(&lock);
		int sig = take(me, set_bits(set) & ~UNBLOCKABLE, &got);
		spin_unlock(&lock, f);
		if (sig) {
			if (info)
				*info = got.si_signo ? got : sent_info(sig);
			return sig;
		}
		int r = thread_futex_wait(&generation, gen, deadline, true);
		if (r == -ETIMEDOUT) {
			errno = EAGAIN;
			return -1;
		}
		if (r == -EINTR &&
		    deliver_pending(NULL, NULL) != OSV_SIGNAL_NONE) {
			errno = EINTR;
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
	int r;
	do
		r = sigtimedwait(set, NULL, NULL);
	while (r < 0 && errno == EINTR); /* sigwait never fails with EINTR */
	if (r < 0)
		return errno;
	*sig = r;
	return 0;
}

/*
 * Installs mask until a handler has run on the calling thread, then
 * restores the old mask: -1 with EINTR, as always.
 */
int sigsuspend(const sigset_t *mask)
{
	struct osv_sigmask_wait w;
	osv_sigmask_wait_begin(&w, mask);
	while (deliver_pending(&w.old, NULL) == OSV_SIGNAL_NONE)
		if (thread_sleep_until(THREAD_NO_DEADLINE, true) == -EINTR)
			osv_testcancel();
	osv_sigmask_wait_end(&w, -EINTR);
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
 * The calling thread's alternate stack, as Linux's (set_altstack); old
 * is written only on success.
 */
int sigaltstack(const stack_t *ss, stack_t *old)
{
	struct pthread *me = self();
	uintptr_t sp = stack_pointer();
	stack_t was = altstack_seen_from(me, sp);
	int e = ss ? set_altstack(me, ss, sp) : 0;
	if (e) {
		errno = e;
		return -1;
	}
	if (old)
		*old = was;
	return 0;
}

extern __typeof(sysv_signal) __sysv_signal
    __attribute__((alias("sysv_signal")));
