/*
 * Signal delivery where Linux delivers, seen by a program: every line
 * "name=<value>" must be the same on the host.
 *
 * - A signal that comes while the thread computes in its own code (a
 *   periodic timer's, another thread's pthread_kill) runs its handler
 *   there, and the registers the handler leaves in its ucontext (rip,
 *   rax, rdx, the carry flag) and its uc_sigmask are what the thread
 *   goes on with.
 * - So does one that came while the thread ran in the libc and is still
 *   pending when it computes in its own code.
 * - A signal that handler unblocks by returning runs next, seeing and
 *   editing the registers that handler left (Linux delivers it at the
 *   return to the program after sigreturn).
 * - The AVX registers' upper halves the interrupted code had are kept,
 *   whatever the handler does with them (where AVX is usable).
 * - An SA_ONSTACK signal whose frame does not fit its alternate stack
 *   becomes SIGSEGV (si_code SI_KERNEL), whose handler runs on the
 *   ordinary stack; the first handler never runs and nothing below the
 *   alternate stack changes.  (Printed only where the host's frame does
 *   not fit MINSIGSTKSZ either: AT_MINSIGSTKSZ above it.)
 * - SS_AUTODISARM: in the handler the stack is disarmed; set again
 *   there it is not "on" it (no EPERM, no SS_ONSTACK); the uc_stack a
 *   handler returns with becomes the thread's alternate stack (Linux's
 *   sigreturn: not when the handler ran on it, EPERM there); uc_stack
 *   has the flags as given to sigaltstack.
 *
 * "nested-no-room": a handler on the alternate stack raises a signal
 * with too little of it left: SIGSEGV, which cannot be delivered there
 * either, ends the program (status 139, killed by SIGSEGV).
 *
 * "async-low-room" (the guest's own behaviour: Linux would force
 * SIGSEGV): a timer's signal comes while a handler computes with
 * LOW_LEFT bytes of its alternate stack left, too few for osv to refuse
 * the delivery there without overflowing it; it waits, and runs once
 * that handler returns: "low_room=<0 1>".
 */
#define _GNU_SOURCE
#include <alloca.h>
#include <cpuid.h>
#include <errno.h>
#include <pthread.h>
#include <sched.h>
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

/* SIGALRM in 20 ms, then every interval_ms (0: once). */
static timer_t start_alarm_timer(long interval_ms)
{
	timer_t timer;
	struct sigevent ev = {.sigev_notify = SIGEV_SIGNAL,
			      .sigev_signo = SIGALRM};
	struct itimerspec its = {.it_value = {0, 20 * 1000 * 1000},
				 .it_interval = {0, interval_ms * 1000 * 1000}};
	timer_create(CLOCK_MONOTONIC, &ev, &timer);
	timer_settime(timer, 0, &its, NULL);
	return timer;
}

/* ---- register edits of a signal taken while computing ---- */

extern const char spin_start[], spin_end[];
static volatile int spinning, gave_up;
static volatile int edit_in_loop;

/* Skips the loop, as a handler that redirects the interrupted code. */
static void on_async(int sig, siginfo_t *info, void *ctx)
{
	(void)sig;
	(void)info;
	ucontext_t *uc = ctx;
	greg_t *g = uc->uc_mcontext.gregs;
	if (g[REG_RIP] < (greg_t)(uintptr_t)spin_start ||
	    g[REG_RIP] >= (greg_t)(uintptr_t)spin_end)
		return; /* not there yet: the next one */
	edit_in_loop = 1;
	g[REG_RIP] = (greg_t)(uintptr_t)spin_end;
	g[REG_RAX] = 42;
	g[REG_RDX] = 7;
	g[REG_EFL] |= 1; /* CF */
	sigaddset(&uc->uc_sigmask, SIGHUP);
}

struct spun {
	long rax, rdx;
	unsigned char cf;
};

/* Loops until a handler moves it on (or the watchdog gives up). */
static __attribute__((noinline, noclone)) struct spun spin(void)
{
	struct spun s;
	__asm__ volatile(
	    "xorl %%eax, %%eax\n\t"
	    "xorl %%edx, %%edx\n\t"
	    "movl $1, %[spinning]\n"
	    ".globl spin_start\n"
	    "spin_start:\n\t"
	    "cmpl $0, %[gave_up]\n\t"
	    "je spin_start\n\t"
	    "clc\n"
	    ".globl spin_end\n"
	    "spin_end:\n\t"
	    "setc %[cf]\n\t"
	    : "=&a"(s.rax),
	      "=&d"(s.rdx), [cf] "=q"(s.cf), [spinning] "=m"(spinning)
	    : [gave_up] "m"(gave_up)
	    : "cc", "memory");
	return s;
}

/* A failure ends the spin after 20 s rather than hanging the test. */
static void *watchdog(void *arg)
{
	(void)arg;
	struct timespec t = {20, 0};
	while (nanosleep(&t, &t) != 0)
		;
	gave_up = 1;
	return NULL;
}

static void print_spun(const char *name, struct spun s)
{
	sigset_t now;
	sigprocmask(SIG_SETMASK, NULL, &now);
	printf("%s=<%d %ld %ld %d %d>\n", name, edit_in_loop, s.rax, s.rdx,
	       s.cf, sigismember(&now, SIGHUP));
}

static void test_timer_edit(void)
{
	struct sigaction sa = {.sa_sigaction = on_async,
			       .sa_flags = SA_SIGINFO};
	sigemptyset(&sa.sa_mask);
	sigaction(SIGALRM, &sa, NULL);
	edit_in_loop = 0;
	timer_t timer = start_alarm_timer(20);
	struct spun s = spin();
	timer_delete(timer);
	print_spun("async_timer_edit", s);
	signal(SIGALRM, SIG_IGN);
}

static void *sender(void *arg)
{
	while (!spinning)
		sched_yield();
	pthread_kill(*(pthread_t *)arg, SIGUSR1);
	return NULL;
}

static void test_thread_edit(void)
{
	struct sigaction sa = {.sa_sigaction = on_async,
			       .sa_flags = SA_SIGINFO};
	sigemptyset(&sa.sa_mask);
	sigaction(SIGUSR1, &sa, NULL);
	sigset_t none;
	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);
	edit_in_loop = 0;
	spinning = 0;
	pthread_t me = pthread_self(), t;
	pthread_create(&t, NULL, sender, &me);
	struct spun s = spin();
	pthread_join(t, NULL);
	print_spun("async_thread_edit", s);
	signal(SIGUSR1, SIG_DFL);
}

/* ---- a signal the handler's return unblocks ---- */

static volatile int chain_saw;

static void on_chain_first(int sig, siginfo_t *info, void *ctx)
{
	int before = edit_in_loop;
	on_async(sig, info, ctx);
	if (!before && edit_in_loop)
		raise(SIGUSR2); /* blocked until this handler returns */
}

static void on_chain_next(int sig, siginfo_t *info, void *ctx)
{
	(void)sig;
	(void)info;
	greg_t *g = ((ucontext_t *)ctx)->uc_mcontext.gregs;
	chain_saw = g[REG_RIP] == (greg_t)(uintptr_t)spin_end;
	g[REG_RAX] = 99;
}

static void test_chained(void)
{
	struct sigaction sa = {.sa_sigaction = on_chain_next,
			       .sa_flags = SA_SIGINFO};
	sigemptyset(&sa.sa_mask);
	sigaction(SIGUSR2, &sa, NULL);
	sa.sa_sigaction = on_chain_first;
	sigaddset(&sa.sa_mask, SIGUSR2);
	sigaction(SIGALRM, &sa, NULL);
	edit_in_loop = 0;
	timer_t timer = start_alarm_timer(20);
	struct spun s = spin();
	timer_delete(timer);
	printf("async_chained=<%d %d %ld>\n", edit_in_loop, chain_saw, s.rax);
	signal(SIGALRM, SIG_IGN);
	signal(SIGUSR2, SIG_DFL);
}

/* ---- the interrupted code's AVX state ---- */

extern const char ymm_spin_start[], ymm_spin_end[];

static bool avx_usable(void)
{
	unsigned a, b, c, d;
	if (!__get_cpuid(1, &a, &b, &c, &d) || !(c & bit_OSXSAVE) ||
	    !(c & bit_AVX))
		return false;
	uint32_t lo, hi;
	__asm__ volatile("xgetbv" : "=a"(lo), "=d"(hi) : "c"(0));
	return (lo & 6) == 6; /* XCR0: SSE and AVX state enabled */
}

/* Moves the loop on, with ymm8 all ones (its upper half too). */
static void on_ymm(int sig, siginfo_t *info, void *ctx)
{
	(void)sig;
	(void)info;
	greg_t *g = ((ucontext_t *)ctx)->uc_mcontext.gregs;
	if (g[REG_RIP] < (greg_t)(uintptr_t)ymm_spin_start ||
	    g[REG_RIP] >= (greg_t)(uintptr_t)ymm_spin_end)
		return;
	edit_in_loop = 1;
	g[REG_RIP] = (greg_t)(uintptr_t)ymm_spin_end;
	__asm__ volatile("vpcmpeqd %%ymm8, %%ymm8, %%ymm8" ::: "xmm8");
}

/* Loops with a pattern in ymm8; whether it still holds it after. */
static __attribute__((noinline, noclone)) int ymm_spin(void)
{
	static const uint64_t pattern[4] = {0x1111, 0x2222, 0x3333, 0x4444};
	uint64_t out[4];
	__asm__ volatile("vmovdqu %[p], %%ymm8\n\t"
			 "movl $1, %[spinning]\n"
			 ".globl ymm_spin_start\n"
			 "ymm_spin_start:\n\t"
			 "cmpl $0, %[gave_up]\n\t"
			 "je ymm_spin_start\n"
			 ".globl ymm_spin_end\n"
			 "ymm_spin_end:\n\t"
			 "vmovdqu %%ymm8, %[o]\n\t"
			 "vzeroupper"
			 : [o] "=m"(out), [spinning] "=m"(spinning)
			 : [p] "m"(pattern), [gave_up] "m"(gave_up)
			 : "xmm8", "memory");
	return memcmp(out, pattern, sizeof(out)) == 0;
}

static void test_ymm_kept(void)
{
	if (!avx_usable())
		return;
	struct sigaction sa = {.sa_sigaction = on_ymm, .sa_flags = SA_SIGINFO};
	sigemptyset(&sa.sa_mask);
	sigaction(SIGALRM, &sa, NULL);
	edit_in_loop = 0;
	timer_t timer = start_alarm_timer(20);
	int kept = ymm_spin();
	timer_delete(timer);
	printf("async_ymm_kept=<%d %d>\n", edit_in_loop, kept);
	signal(SIGALRM, SIG_IGN);
}

/*
 * A signal that comes while the thread runs in the libc (a long memset)
 * and is still pending when it goes on computing in its own code, where
 * no interrupt would come of itself: it runs there all the same.
 */
static volatile int libc_handled;

static void on_libc(int sig, siginfo_t *info, void *ctx)
{
	on_async(sig, info, ctx);
	libc_handled = 1;
}

static void test_libc_then_program(void)
{
	static unsigned char big[1 << 20];
	struct sigaction sa = {.sa_sigaction = on_libc, .sa_flags = SA_SIGINFO};
	sigemptyset(&sa.sa_mask);
	sigaction(SIGALRM, &sa, NULL);
	timer_t timer = start_alarm_timer(0);
	for (int i = 0;; i++) {
		memset(big, i, sizeof(big));
		sigset_t pending;
		sigpending(&pending);
		if (libc_handled || sigismember(&pending, SIGALRM))
			break;
	}
	if (!libc_handled)
		spin();
	timer_delete(timer);
	printf("libc_then_program=<%d>\n", libc_handled && !gave_up);
	signal(SIGALRM, SIG_IGN);
}

/* ---- an SA_ONSTACK frame that does not fit ---- */

static volatile int segv_ran, segv_code, usr1_ran;

static void on_segv(int sig, siginfo_t *info, void *ctx)
{
	(void)sig;
	(void)ctx;
	segv_ran = 1;
	segv_code = info->si_code;
}

static void on_usr1(int sig)
{
	(void)sig;
	usr1_ran = 1;
}

static unsigned char small_area[4096 + 2048] __attribute__((aligned(16)));

static void test_no_room(void)
{
	memset(small_area, 0x5a, 4096);
	/* 2048 itself: glibc's MINSIGSTKSZ may be sysconf's */
	stack_t ss = {.ss_sp = small_area + 4096, .ss_size = 2048};
	struct sigaction sa = {.sa_sigaction = on_segv, .sa_flags = SA_SIGINFO};
	sigemptyset(&sa.sa_mask);
	sigaction(SIGSEGV, &sa, NULL);
	sa = (struct sigaction){.sa_handler = on_usr1, .sa_flags = SA_ONSTACK};
	sigaction(SIGUSR1, &sa, NULL);
	if (sigaltstack(&ss, NULL) != 0)
		return;
	raise(SIGUSR1);
	ss.ss_flags = SS_DISABLE;
	sigaltstack(&ss, NULL);
	size_t changed = 0;
	for (size_t i = 0; i < 4096; i++)
		changed += small_area[i] != 0x5a;
	if (getauxval(AT_MINSIGSTKSZ) > 2048) /* MINSIGSTKSZ */
		printf("onstack_no_room=<%d %d %d %zu>\n", segv_ran, segv_code,
		       usr1_ran, changed);
	signal(SIGSEGV, SIG_DFL);
	signal(SIGUSR1, SIG_DFL);
}

/* ---- SS_AUTODISARM and uc_stack ---- */

static unsigned char alt[65536];
static volatile int disarmed_flags, reset_r, reset_flags, again_r;

static void on_autodisarm(int sig)
{
	(void)sig;
	stack_t q, same = {.ss_sp = alt,
			   .ss_size = sizeof(alt),
			   .ss_flags = SS_AUTODISARM};
	sigaltstack(NULL, &q);
	disarmed_flags = q.ss_flags;
	reset_r = sigaltstack(&same, NULL) == 0 ? 0 : errno;
	sigaltstack(NULL, &q);
	reset_flags = q.ss_flags;
	again_r = sigaltstack(&same, NULL) == 0 ? 0 : errno;
}

static volatile int uc_stack_flags;

static void on_uc_stack(int sig, siginfo_t *info, void *ctx)
{
	(void)sig;
	(void)info;
	ucontext_t *uc = ctx;
	uc_stack_flags = uc->uc_stack.ss_flags;
	uc->uc_stack.ss_flags = SS_DISABLE;
}

static void test_autodisarm(void)
{
	stack_t ss = {.ss_sp = alt,
		      .ss_size = sizeof(alt),
		      .ss_flags = SS_AUTODISARM},
		q;
	struct sigaction sa = {.sa_handler = on_autodisarm,
			       .sa_flags = SA_ONSTACK};
	sigemptyset(&sa.sa_mask);
	sigaction(SIGUSR2, &sa, NULL);
	sigaltstack(&ss, NULL);
	raise(SIGUSR2);
	sigaltstack(NULL, &q);
	printf("autodisarm_in_handler=<%d %d %#x %d>\n", disarmed_flags,
	       reset_r, (unsigned)reset_flags, again_r);
	printf("autodisarm_after=<%d %#x>\n", q.ss_sp == alt,
	       (unsigned)q.ss_flags);

	/* the handler's uc_stack: the flags as given; a change applies */
	ss.ss_flags = SS_ONSTACK;
	sigaltstack(&ss, NULL);
	sa = (struct sigaction){.sa_sigaction = on_uc_stack,
				.sa_flags = SA_SIGINFO | SA_ONSTACK};
	sigaction(SIGUSR2, &sa, NULL);
	raise(SIGUSR2);
	sigaltstack(NULL, &q);
	printf("uc_stack_restored=<%d %d %d>\n", uc_stack_flags, q.ss_flags,
	       (int)q.ss_size);
	/* off the alternate stack, the change is the thread's after */
	sa.sa_flags = SA_SIGINFO;
	sigaction(SIGUSR2, &sa, NULL);
	raise(SIGUSR2);
	sigaltstack(NULL, &q);
	printf("uc_stack_applied=<%d %d>\n", q.ss_flags, (int)q.ss_size);
	signal(SIGUSR2, SIG_DFL);
}

/* ---- no room left on the alternate stack itself ---- */

/*
 * What the outer handler leaves of the alternate stack: less than a
 * signal frame there (AT_MINSIGSTKSZ, the frame's size on Linux), at
 * most 1792 bytes (the guest's delivery needs more).
 */
#define NESTED_SIZE 65536
static size_t nested_left;
static unsigned char *nested_alt;

static void on_nested_inner(int sig)
{
	(void)sig;
	printf("nested: the inner handler ran\n");
}

static void on_nested_outer(int sig)
{
	volatile char here;
	(void)sig;
	size_t above = (size_t)((uintptr_t)&here - (uintptr_t)nested_alt);
	printf("nested: raising with %zu bytes of the alternate stack left\n",
	       nested_left);
	volatile char *low = alloca(above - nested_left);
	low[0] = 1;
	raise(SIGUSR2);
	printf("nested: raise returned %d\n", low[0]);
}

static void nested_no_room(void)
{
	size_t frame = getauxval(AT_MINSIGSTKSZ);
	nested_left = (frame && frame < 2048 ? frame : 2048) - 256;
	nested_alt = guarded_stack(NESTED_SIZE);
	stack_t ss = {.ss_sp = nested_alt, .ss_size = NESTED_SIZE};
	struct sigaction sa = {.sa_sigaction = on_segv, .sa_flags = SA_SIGINFO};
	sigemptyset(&sa.sa_mask);
	sigaction(SIGSEGV, &sa, NULL);
	sa = (struct sigaction){.sa_handler = on_nested_inner};
	sigaction(SIGUSR2, &sa, NULL);
	sa = (struct sigaction){.sa_handler = on_nested_outer,
				.sa_flags = SA_ONSTACK};
	sigaction(SIGUSR1, &sa, NULL);
	if (!nested_alt || sigaltstack(&ss, NULL) != 0)
		exit(2);
	raise(SIGUSR1);
	printf("nested: survived\n");
}

/* ---- a signal due while a handler computes where little is left ---- */

#define LOW_LEFT 1600
static volatile int low_alarms, low_during;
static timer_t low_timer;

static void on_low_alarm(int sig)
{
	(void)sig;
	low_alarms++;
}

static uint64_t now_ns(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (uint64_t)t.tv_sec * 1000000000 + (uint64_t)t.tv_nsec;
}

/* Computes for 300 ms with LOW_LEFT bytes of the stack left; the
 * timer's signal is due from 20 ms on.  Armed here, once the stack is
 * nearly full: the signal cannot be due while there is still room, so
 * a host stall before the alloca cannot make it run early. */
static void on_low_outer(int sig)
{
	volatile char here;
	(void)sig;
	size_t above = (size_t)((uintptr_t)&here - (uintptr_t)nested_alt);
	volatile char *low = alloca(above - LOW_LEFT);
	low[0] = 1;
	struct itimerspec its = {.it_value = {0, 20 * 1000 * 1000}};
	timer_settime(low_timer, 0, &its, NULL);
	uint64_t end = now_ns() + 300 * 1000 * 1000;
	while (now_ns() < end)
		for (int i = 0; i < 100000; i++)
			__asm__ volatile("" : : "r"(i));
	low_during = low_alarms;
}

static void async_low_room(void)
{
	nested_alt = guarded_stack(NESTED_SIZE);
	stack_t ss = {.ss_sp = nested_alt, .ss_size = NESTED_SIZE};
	struct sigaction sa = {.sa_handler = on_low_alarm};
	sigemptyset(&sa.sa_mask);
	sigaction(SIGALRM, &sa, NULL);
	sa = (struct sigaction){.sa_handler = on_low_outer,
				.sa_flags = SA_ONSTACK};
	sigaction(SIGUSR1, &sa, NULL);
	if (!nested_alt || sigaltstack(&ss, NULL) != 0)
		exit(2);
	struct sigevent ev = {.sigev_notify = SIGEV_SIGNAL,
			      .sigev_signo = SIGALRM};
	if (timer_create(CLOCK_MONOTONIC, &ev, &low_timer) != 0)
		exit(2);
	raise(SIGUSR1);
	timer_delete(low_timer);
	printf("low_room=<%d %d>\n", low_during, low_alarms);
}

int main(int argc, char **argv)
{
	setvbuf(stdout, NULL, _IOLBF, 0);
	if (argc > 1 && strcmp(argv[1], "nested-no-room") == 0) {
		nested_no_room();
		return 0;
	}
	if (argc > 1 && strcmp(argv[1], "async-low-room") == 0) {
		async_low_room();
		return 0;
	}
	pthread_t w;
	pthread_create(&w, NULL, watchdog, NULL);
	pthread_detach(w);
	test_timer_edit();
	test_thread_edit();
	test_ymm_kept();
	test_chained();
	test_libc_then_program();
	test_no_room();
	test_autodisarm();
	printf("done=<1>\n");
	return 0;
}
