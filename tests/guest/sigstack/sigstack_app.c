/*
 * Signal delivery as Linux does it, seen by a program: every line
 * "name=<value>" must be the same on the host.
 *
 * - A thread that overflows its stack into the guard page takes SIGSEGV
 *   on its alternate stack (SA_ONSTACK), of getauxval(AT_MINSIGSTKSZ)
 *   bytes and the handler's room (Linux's figure is the frame alone),
 *   and leaves with siglongjmp, twice; under SS_AUTODISARM the
 *   handler sees no alternate stack, nor does the thread afterwards.
 * - Each thread has its own alternate stack: two threads' handlers each
 *   run on their own, and a new thread starts with none.  A signal
 *   raised on the alternate stack runs there, below the first handler,
 *   and its uc_stack has no SS_ONSTACK (Linux saves the flags as set).
 * - sigsuspend runs every pending signal its mask lets through, and
 *   returns with the mask the first handler left in uc_sigmask.
 * - Every SA_SIGINFO handler gets a ucontext_t: a raise()d signal's
 *   %rip is in the object that defines raise and its %rsp between the
 *   handler and raise's caller; a fault's %rip is the faulting
 *   instruction; uc_sigmask is the mask before delivery, and what the
 *   handler leaves there is the mask after it; a timer's signal taken in
 *   sigsuspend has one too.
 * - sigaltstack's answers and errors (EPERM on the stack, EINVAL,
 *   ENOMEM; old left alone on error).
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <pthread.h>
#include <setjmp.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/auxv.h>
#include <sys/mman.h>
#include <time.h>
#include <ucontext.h>
#include <unistd.h>

#include "../guarded_stack.h"

#ifndef SS_AUTODISARM
#define SS_AUTODISARM (1U << 31) /* Linux's; glibc's headers lack it */
#endif
#ifndef AT_MINSIGSTKSZ
#define AT_MINSIGSTKSZ 51
#endif

static bool within(const void *p, const void *base, size_t size)
{
	return (uintptr_t)p >= (uintptr_t)base &&
	       (uintptr_t)p < (uintptr_t)base + size;
}

/* ---- stack overflow ---- */

static __thread sigjmp_buf overflow_back;
static __thread volatile int overflow_on_alt, overflow_uc, overflow_signo;
static __thread unsigned char *overflow_alt;
static __thread size_t overflow_alt_size;
static volatile size_t overflow_frame;
static __thread volatile int overflow_query; /* the handler's, or -1 */

static void on_overflow(int sig, siginfo_t *info, void *uc)
{
	volatile char here;
	overflow_on_alt =
	    within((const void *)&here, overflow_alt, overflow_alt_size);
	overflow_frame =
	    (uintptr_t)overflow_alt + overflow_alt_size - (uintptr_t)&here;
	overflow_signo = sig == SIGSEGV && info->si_signo == SIGSEGV;
	overflow_uc = uc != NULL;
	if (overflow_query != -1) {
		stack_t q;
		sigaltstack(NULL, &q);
		overflow_query = q.ss_flags;
	}
	siglongjmp(overflow_back, 1);
}

static volatile int depth_limit = 1 << 30; /* never reached */

static int recurse(volatile char *up, int depth)
{
	volatile char buf[512];
	buf[0] = up ? up[0] : 1;
	if (depth >= depth_limit)
		return buf[0];
	return recurse(buf, depth + 1) + buf[1];
}

/* SS_AUTODISARM on an overflow: the handler sees no alternate stack,
 * nor does the thread after siglongjmp (no sigreturn re-arms it). */
static void overflow_autodisarmed(stack_t ss)
{
	ss.ss_flags = SS_AUTODISARM;
	overflow_query = 0;
	if (sigaltstack(&ss, NULL) == 0 && !sigsetjmp(overflow_back, 1))
		recurse(NULL, 0);
	stack_t after;
	sigaltstack(NULL, &after);
	printf("overflow_autodisarm=<%#x %#x>\n", (unsigned)overflow_query,
	       (unsigned)after.ss_flags);
}

static void *overflow_thread(void *arg)
{
	(void)arg;
	size_t min = getauxval(AT_MINSIGSTKSZ);
	/* kernels before 5.14 give none (the guest always does) */
	if (min == 0)
		min = SIGSTKSZ;
	/* on_overflow's own frame: on a CPU with AVX-512 Linux's frame is
	 * all of AT_MINSIGSTKSZ */
	size_t size = min + 1024;
	overflow_alt = guarded_stack(size);
	overflow_alt_size = size;
	overflow_query = -1;
	stack_t ss = {.ss_sp = overflow_alt, .ss_size = size};
	if (!overflow_alt || sigaltstack(&ss, NULL) != 0)
		return NULL;
	volatile int recovered = 0;
	for (volatile int i = 0; i < 2; i++) {
		overflow_on_alt = 0;
		if (!sigsetjmp(overflow_back, 1))
			recurse(NULL, 0);
		else
			recovered +=
			    overflow_on_alt && overflow_signo && overflow_uc;
	}
	overflow_autodisarmed(ss);
	return (void *)(intptr_t)recovered;
}

static void test_overflow(void)
{
	struct sigaction sa = {.sa_sigaction = on_overflow,
			       .sa_flags = SA_SIGINFO | SA_ONSTACK};
	sigemptyset(&sa.sa_mask);
	sigaction(SIGSEGV, &sa, NULL);
	pthread_attr_t attr;
	pthread_attr_init(&attr);
	pthread_attr_setstacksize(&attr, 256 * 1024);
	pthread_t t;
	void *r = NULL;
	if (pthread_create(&t, &attr, overflow_thread, NULL) == 0)
		pthread_join(t, &r);
	printf("overflow_recovered_on_altstack=<%ld>\n", (long)(intptr_t)r);
	printf("frame: overflow: %zu bytes of the alternate stack to the "
	       "handler\n",
	       overflow_frame);
	signal(SIGSEGV, SIG_DFL);
}

/* ---- per-thread alternate stacks ---- */

static __thread unsigned char *my_alt;
static __thread volatile int usr1_on_my_alt;

static void on_usr1_where(int sig)
{
	volatile char here;
	(void)sig;
	usr1_on_my_alt = within((const void *)&here, my_alt, 65536);
}

static pthread_barrier_t both_set;

static void *altstack_thread(void *arg)
{
	(void)arg;
	stack_t none;
	sigaltstack(NULL, &none);
	int starts_without = none.ss_flags == SS_DISABLE;
	static unsigned char stacks[2][65536];
	static int next;
	my_alt = stacks[__atomic_fetch_add(&next, 1, __ATOMIC_SEQ_CST)];
	stack_t ss = {.ss_sp = my_alt, .ss_size = 65536};
	sigaltstack(&ss, NULL);
	/* both installed before either runs a handler */
	pthread_barrier_wait(&both_set);
	raise(SIGUSR1);
	stack_t now;
	sigaltstack(NULL, &now);
	return (void *)(intptr_t)(starts_without + 2 * usr1_on_my_alt +
				  4 * (now.ss_sp == my_alt));
}

static void test_per_thread(void)
{
	struct sigaction sa = {.sa_handler = on_usr1_where,
			       .sa_flags = SA_ONSTACK};
	sigemptyset(&sa.sa_mask);
	sigaction(SIGUSR1, &sa, NULL);
	pthread_barrier_init(&both_set, NULL, 2);
	pthread_t t[2];
	void *r[2] = {0, 0};
	for (int i = 0; i < 2; i++)
		pthread_create(&t[i], NULL, altstack_thread, NULL);
	for (int i = 0; i < 2; i++)
		pthread_join(t[i], &r[i]);
	printf("per_thread_altstacks=<%ld %ld>\n", (long)(intptr_t)r[0],
	       (long)(intptr_t)r[1]);
	stack_t mine;
	sigaltstack(NULL, &mine);
	printf("main_thread_still_without=<%d>\n", mine.ss_flags == SS_DISABLE);
	signal(SIGUSR1, SIG_DFL);
}

/* ---- ucontext ---- */

static volatile uintptr_t caller_sp, handler_sp;
static ucontext_t seen;
static volatile int seen_uc, seen_code;
static volatile int mask_in_handler_usr1, mask_in_handler_term;

static void on_info(int sig, siginfo_t *info, void *ctx)
{
	volatile char here;
	handler_sp = (uintptr_t)&here;
	seen_uc = ctx != NULL;
	seen_code = info->si_code;
	if (ctx)
		seen = *(ucontext_t *)ctx;
	sigset_t now;
	pthread_sigmask(SIG_BLOCK, NULL, &now);
	mask_in_handler_usr1 = sigismember(&now, SIGUSR1);
	mask_in_handler_term = sigismember(&now, SIGTERM);
	if (sig == SIGUSR2 && ctx)
		sigaddset(&((ucontext_t *)ctx)->uc_sigmask, SIGHUP);
	if (sig == SIGSEGV && ctx) /* past the faulting 2-byte mov */
		((ucontext_t *)ctx)->uc_mcontext.gregs[REG_RIP] += 2;
}

static __attribute__((noinline)) void raise_here(int sig)
{
	volatile char here;
	caller_sp = (uintptr_t)&here;
	raise(sig);
}

extern const char faulting_store[];

static void test_ucontext(void)
{
	struct sigaction sa = {.sa_sigaction = on_info, .sa_flags = SA_SIGINFO};
	sigemptyset(&sa.sa_mask);
	sigaddset(&sa.sa_mask, SIGTERM);
	sigaction(SIGUSR1, &sa, NULL);
	sigaction(SIGUSR2, &sa, NULL);
	sigaction(SIGSEGV, &sa, NULL);
	sigaction(SIGALRM, &sa, NULL);

	sigset_t block, before, after;
	sigemptyset(&block);
	sigaddset(&block, SIGPIPE);
	sigprocmask(SIG_SETMASK, &block, &before);
	raise_here(SIGUSR1);
	Dl_info in_rip, in_raise;
	int same = seen_uc &&
		   dladdr((void *)seen.uc_mcontext.gregs[REG_RIP], &in_rip) &&
		   dladdr((void *)raise, &in_raise) &&
		   in_rip.dli_fbase == in_raise.dli_fbase;
	printf("raise_uc=<%d>\n", seen_uc);
	printf("raise_rip_in_raise_object=<%d>\n", same);
	uintptr_t rsp =
	    seen_uc ? (uintptr_t)seen.uc_mcontext.gregs[REG_RSP] : 0;
	printf("raise_rsp_between_handler_and_caller=<%d>\n",
	       rsp > handler_sp && rsp < caller_sp);
	printf("raise_uc_sigmask=<%d %d %d>\n",
	       seen_uc && sigismember(&seen.uc_sigmask, SIGPIPE),
	       seen_uc && sigismember(&seen.uc_sigmask, SIGUSR1),
	       seen_uc && sigismember(&seen.uc_sigmask, SIGTERM));
	printf("mask_in_handler=<%d %d>\n", mask_in_handler_usr1,
	       mask_in_handler_term);
	printf("raise_fpregs=<%d>\n",
	       seen_uc && seen.uc_mcontext.fpregs != NULL);

	/* the mask the handler leaves in uc_sigmask is the one after */
	raise_here(SIGUSR2);
	sigprocmask(SIG_SETMASK, NULL, &after);
	printf("mask_from_uc_after_return=<%d %d>\n",
	       sigismember(&after, SIGHUP), sigismember(&after, SIGPIPE));
	sigprocmask(SIG_SETMASK, &before, NULL);

	seen_uc = 0;
	__asm__ volatile(".globl faulting_store\n"
			 "faulting_store: movl %%eax, (%%rcx)\n"
			 :
			 : "a"(1), "c"(0)
			 : "memory");
	printf("fault_rip_is_instruction=<%d>\n",
	       seen_uc && seen.uc_mcontext.gregs[REG_RIP] ==
			      (greg_t)(uintptr_t)faulting_store);

	/* a timer's signal, taken while the thread waits */
	seen_uc = 0;
	sigset_t alrm, wait_mask;
	sigemptyset(&alrm);
	sigaddset(&alrm, SIGALRM);
	sigprocmask(SIG_BLOCK, &alrm, &wait_mask);
	timer_t timer;
	struct sigevent ev = {.sigev_notify = SIGEV_SIGNAL,
			      .sigev_signo = SIGALRM};
	struct itimerspec its = {.it_value = {0, 20 * 1000 * 1000}};
	timer_create(CLOCK_MONOTONIC, &ev, &timer);
	timer_settime(timer, 0, &its, NULL);
	sigdelset(&wait_mask, SIGALRM);
	sigsuspend(&wait_mask);
	timer_delete(timer);
	/* uc_sigmask: the mask sigsuspend replaced, which blocks it */
	printf("timer_uc=<%d %d %d>\n", seen_uc, seen_code == SI_TIMER,
	       seen_uc && sigismember(&seen.uc_sigmask, SIGALRM));
	sigprocmask(SIG_UNBLOCK, &alrm, NULL);
}

/* ---- sigaltstack's answers ---- */

static volatile int in_handler_flags, in_handler_change, in_handler_errno,
    in_handler_disable, in_handler_disable_errno;

static void on_usr1_query(int sig)
{
	(void)sig;
	stack_t now, other = {.ss_sp = NULL, .ss_size = 65536};
	sigaltstack(NULL, &now);
	in_handler_flags = now.ss_flags;
	static unsigned char spare[65536];
	other.ss_sp = spare;
	errno = 0;
	in_handler_change = sigaltstack(&other, NULL);
	in_handler_errno = errno;
	stack_t off = {.ss_flags = SS_DISABLE};
	errno = 0;
	in_handler_disable = sigaltstack(&off, NULL);
	in_handler_disable_errno = errno;
}

static void test_errors(void)
{
	static unsigned char stack[65536];
	stack_t ss = {.ss_sp = stack, .ss_size = 2047}, old;
	errno = 0;
	int r = sigaltstack(&ss, NULL);
	printf("enomem=<%d %s>\n", r, strerrorname_np(errno));
	ss =
	    (stack_t){.ss_sp = stack, .ss_size = sizeof(stack), .ss_flags = 42};
	errno = 0;
	r = sigaltstack(&ss, NULL);
	printf("einval=<%d %s>\n", r, strerrorname_np(errno));
	memset(&old, 0x55, sizeof(old));
	ss.ss_size = 100;
	ss.ss_flags = 0;
	sigaltstack(&ss, &old);
	printf("old_kept_on_error=<%d>\n", old.ss_flags == 0x55555555);

	ss = (stack_t){
	    .ss_sp = stack, .ss_size = sizeof(stack), .ss_flags = SS_ONSTACK};
	r = sigaltstack(&ss, &old);
	printf("set_with_ss_onstack=<%d %d>\n", r, old.ss_flags);
	sigaltstack(NULL, &old);
	printf("query=<%d %d %d>\n", old.ss_sp == stack,
	       old.ss_size == sizeof(stack), old.ss_flags);

	struct sigaction sa = {.sa_handler = on_usr1_query,
			       .sa_flags = SA_ONSTACK};
	sigemptyset(&sa.sa_mask);
	sigaction(SIGUSR1, &sa, NULL);
	raise(SIGUSR1);
	printf("in_handler=<%d %d %s %d %s>\n", in_handler_flags,
	       in_handler_change, strerrorname_np(in_handler_errno),
	       in_handler_disable, strerrorname_np(in_handler_disable_errno));

	/* SS_AUTODISARM: reported back; no alternate stack in the handler */
	ss = (stack_t){.ss_sp = stack,
		       .ss_size = sizeof(stack),
		       .ss_flags = SS_AUTODISARM};
	r = sigaltstack(&ss, NULL);
	sigaltstack(NULL, &old);
	raise(SIGUSR1);
	printf("autodisarm=<%d %#x %d>\n", r, (unsigned)old.ss_flags,
	       in_handler_flags);

	ss = (stack_t){.ss_sp = stack, .ss_size = 1, .ss_flags = SS_DISABLE};
	r = sigaltstack(&ss, NULL);
	sigaltstack(NULL, &old);
	printf("disabled=<%d %d %d %d>\n", r, old.ss_flags, old.ss_sp == NULL,
	       (int)old.ss_size);
	signal(SIGUSR1, SIG_DFL);
}

/* The handler of an overflow overflows the alternate stack too. */
static void on_overflow_again(int sig)
{
	(void)sig;
	printf("overflowing the alternate stack\n");
	recurse(NULL, 0);
}

static void *overflow_twice_thread(void *arg)
{
	(void)arg;
	stack_t ss = {.ss_sp = guarded_stack(65536), .ss_size = 65536};
	sigaltstack(&ss, NULL);
	recurse(NULL, 0);
	return NULL;
}

static void overflow_alternate_stack(void)
{
	/* SA_NODEFER: the second fault is not blocked, so it is the
	 * alternate stack's overflow that makes it fatal */
	struct sigaction sa = {.sa_handler = on_overflow_again,
			       .sa_flags = SA_ONSTACK | SA_NODEFER};
	sigemptyset(&sa.sa_mask);
	sigaction(SIGSEGV, &sa, NULL);
	pthread_t t;
	pthread_create(&t, NULL, overflow_twice_thread, NULL);
	pthread_join(t, NULL);
}

/*
 * An alternate stack of small_size bytes (MINSIGSTKSZ, 2048, or 3072),
 * too small for an overflow's frame, its handler and an interrupt's frame
 * (run guest-only: Linux's frame may fit, its interrupts use another
 * stack): the delivery must refuse, as Linux's does, rather than run the
 * handler into the canary below.
 */
#define SMALL_MAX 4096
static unsigned char small_area[4096 + SMALL_MAX] __attribute__((aligned(16)));
static size_t small_size;

static void *overflow_small_thread(void *arg)
{
	(void)arg;
	overflow_alt = small_area + 4096;
	overflow_alt_size = small_size;
	overflow_query = -1;
	memset(small_area, 0x5a, 4096);
	stack_t ss = {.ss_sp = overflow_alt, .ss_size = small_size};
	if (sigaltstack(&ss, NULL) != 0)
		return NULL;
	if (!sigsetjmp(overflow_back, 1))
		recurse(NULL, 0);
	size_t changed = 0;
	for (size_t i = 0; i < 4096; i++)
		changed += small_area[i] != 0x5a;
	printf("small alternate stack: handler ran, %zu bytes below it "
	       "changed\n",
	       changed);
	return NULL;
}

static void overflow_small_alternate_stack(const char *size)
{
	small_size = size ? strtoul(size, NULL, 10) : 0;
	if (small_size < 2048 || small_size > SMALL_MAX) {
		fprintf(stderr, "small-alternate-stack: bad size %s\n",
			size ? size : "(none)");
		exit(2);
	}
	struct sigaction sa = {.sa_sigaction = on_overflow,
			       .sa_flags = SA_SIGINFO | SA_ONSTACK};
	sigemptyset(&sa.sa_mask);
	sigaction(SIGSEGV, &sa, NULL);
	pthread_t t;
	pthread_create(&t, NULL, overflow_small_thread, NULL);
	pthread_join(t, NULL);
}

/* ---- a signal taken on the alternate stack ---- */

static unsigned char nest_alt[65536];
static volatile uintptr_t outer_sp, inner_sp;
static volatile int outer_uc_onstack, inner_uc_onstack;

static void on_inner(int sig, siginfo_t *info, void *ctx)
{
	volatile char here;
	(void)sig;
	(void)info;
	inner_sp = (uintptr_t)&here;
	inner_uc_onstack =
	    (((ucontext_t *)ctx)->uc_stack.ss_flags & SS_ONSTACK) != 0;
}

static void on_outer(int sig, siginfo_t *info, void *ctx)
{
	volatile char here;
	(void)sig;
	(void)info;
	outer_sp = (uintptr_t)&here;
	outer_uc_onstack =
	    (((ucontext_t *)ctx)->uc_stack.ss_flags & SS_ONSTACK) != 0;
	raise(SIGUSR2);
}

/*
 * An SA_ONSTACK signal raised by a handler already on the alternate
 * stack runs there below it, not at the top again, and its uc_stack
 * says SS_ONSTACK.
 */
static void test_nested(void)
{
	stack_t ss = {.ss_sp = nest_alt, .ss_size = sizeof(nest_alt)};
	struct sigaction sa = {.sa_sigaction = on_outer,
			       .sa_flags = SA_SIGINFO | SA_ONSTACK};
	sigemptyset(&sa.sa_mask);
	sigaction(SIGUSR1, &sa, NULL);
	sa.sa_sigaction = on_inner;
	sigaction(SIGUSR2, &sa, NULL);
	sigaltstack(&ss, NULL);
	raise(SIGUSR1);
	ss.ss_flags = SS_DISABLE;
	sigaltstack(&ss, NULL);
	printf("nested_on_altstack=<%d %d %d %d>\n",
	       within((const void *)inner_sp, nest_alt, sizeof(nest_alt)),
	       inner_sp < outer_sp, inner_uc_onstack, outer_uc_onstack);
	signal(SIGUSR1, SIG_DFL);
	signal(SIGUSR2, SIG_DFL);
}

/* ---- pending signals a sigsuspend lets through ---- */

static volatile int suspend_ran;

static void on_suspend_signal(int sig, siginfo_t *info, void *ctx)
{
	(void)info;
	suspend_ran |= sig == SIGUSR1 ? 1 : 2;
	/* the first handler's frame is the outermost on Linux: its
	 * uc_sigmask is what sigsuspend leaves, SIGHUP blocked too */
	if (sig == SIGUSR1)
		sigaddset(&((ucontext_t *)ctx)->uc_sigmask, SIGHUP);
}

/*
 * Both signals, pending under the mask sigsuspend replaces, run before
 * it returns (each under sigsuspend's mask); the mask after it is the
 * one the first handler left in uc_sigmask.
 */
static void test_sigsuspend_pending(void)
{
	struct sigaction sa = {.sa_sigaction = on_suspend_signal,
			       .sa_flags = SA_SIGINFO};
	sigemptyset(&sa.sa_mask);
	sigaction(SIGUSR1, &sa, NULL);
	sigaction(SIGUSR2, &sa, NULL);
	sigset_t both, before, none, pending, after;
	sigemptyset(&both);
	sigaddset(&both, SIGUSR1);
	sigaddset(&both, SIGUSR2);
	sigprocmask(SIG_BLOCK, &both, &before);
	raise(SIGUSR1);
	raise(SIGUSR2);
	sigemptyset(&none);
	sigsuspend(&none);
	sigpending(&pending);
	sigprocmask(SIG_SETMASK, NULL, &after);
	printf("sigsuspend_runs_all_pending=<%d %d %d>\n", suspend_ran,
	       sigismember(&pending, SIGUSR1) + sigismember(&pending, SIGUSR2),
	       sigismember(&after, SIGHUP));
	/* anything left pending is taken here, not in a later test */
	signal(SIGUSR1, SIG_IGN);
	signal(SIGUSR2, SIG_IGN);
	sigprocmask(SIG_SETMASK, &before, NULL);
	signal(SIGUSR1, SIG_DFL);
	signal(SIGUSR2, SIG_DFL);
}

int main(int argc, char **argv)
{
	setvbuf(stdout, NULL, _IOLBF, 0);
	if (argc > 1 && strcmp(argv[1], "overflow-alternate-stack") == 0) {
		overflow_alternate_stack();
		return 0;
	}
	if (argc > 1 && strcmp(argv[1], "small-alternate-stack") == 0) {
		overflow_small_alternate_stack(argv[2]);
		return 0;
	}
	test_errors();
	test_ucontext();
	test_sigsuspend_pending();
	test_per_thread();
	test_nested();
	test_overflow();
	printf("done=<1>\n");
	return 0;
}
