/*
 * getcontext, setcontext, swapcontext, makecontext (libc/ucontext/)
 * against glibc's: the fields getcontext fills must be glibc's (fpregs
 * at __fpregs_mem, the x87 control word, MXCSR, the signal mask), and
 * contexts made by one and switched by the other, in all four pairings,
 * must run a function with eight arguments (two on the stack), keep
 * each context's rounding mode and signal mask, and return through
 * uc_link; a function without uc_link ends the program with status 0.
 * Output is TAP.
 */
#define _GNU_SOURCE
#include <fenv.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <ucontext.h>
#include <unistd.h>

#include "tap.h"

int osv_getcontext(ucontext_t *ucp);
int osv_setcontext(const ucontext_t *ucp);
int osv_swapcontext(ucontext_t *oucp, const ucontext_t *ucp);
void osv_makecontext(ucontext_t *ucp, void (*func)(void), int argc, ...);

struct impl {
	const char *name;
	int (*get)(ucontext_t *);
	int (*set)(const ucontext_t *);
	int (*swap)(ucontext_t *, const ucontext_t *);
	void (*make)(ucontext_t *, void (*)(void), int, ...);
};

static const struct impl impls[2] = {
    {"glibc", getcontext, setcontext, swapcontext, makecontext},
    {"osv", osv_getcontext, osv_setcontext, osv_swapcontext, osv_makecontext},
};

/* The floating-point control of the thread: x87 control word, MXCSR. */
struct fpctl {
	uint16_t cw;
	uint32_t mxcsr;
};

static struct fpctl fpctl_now(void)
{
	struct fpctl c;
	__asm__ volatile("fnstcw %0; stmxcsr %1" : "=m"(c.cw), "=m"(c.mxcsr));
	return c;
}

static int blocked(int sig)
{
	sigset_t s;
	sigprocmask(SIG_BLOCK, NULL, &s);
	return sigismember(&s, sig);
}

static void set_blocked(int sig, int on)
{
	sigset_t s;
	sigemptyset(&s);
	sigaddset(&s, sig);
	sigprocmask(on ? SIG_BLOCK : SIG_UNBLOCK, &s, NULL);
}

static void test_getcontext_fields(void)
{
	ucontext_t g, o;
	memset(&g, 0xa5, sizeof(g));
	memset(&o, 0x5a, sizeof(o));
	fesetround(FE_UPWARD);
	set_blocked(SIGUSR2, 1);
	int rg = getcontext(&g);
	int ro = osv_getcontext(&o);
	struct fpctl after = fpctl_now();
	set_blocked(SIGUSR2, 0);
	fesetround(FE_TONEAREST);
	TAP_OK(rg == 0 && ro == 0, "getcontext returns 0");
	TAP_OK(o.uc_mcontext.fpregs == &o.__fpregs_mem,
	       "fpregs points at __fpregs_mem, as glibc's %d",
	       g.uc_mcontext.fpregs == &g.__fpregs_mem);
	TAP_OK(o.__fpregs_mem.cwd == g.__fpregs_mem.cwd,
	       "x87 control word %#x, glibc %#x", o.__fpregs_mem.cwd,
	       g.__fpregs_mem.cwd);
	TAP_OK(o.__fpregs_mem.mxcsr == g.__fpregs_mem.mxcsr,
	       "MXCSR %#x, glibc %#x", o.__fpregs_mem.mxcsr,
	       g.__fpregs_mem.mxcsr);
	TAP_OK(sigismember(&o.uc_sigmask, SIGUSR2) &&
		   !memcmp(&o.uc_sigmask, &g.uc_sigmask, 8),
	       "the signal mask, as glibc's");
	TAP_OK(after.cw == g.__fpregs_mem.cwd &&
		   after.mxcsr == g.__fpregs_mem.mxcsr,
	       "getcontext leaves the FPU control as it was (cw %#x)",
	       after.cw);
}

static void test_get_set_loop(const struct impl *im)
{
	volatile int n = 0;
	ucontext_t uc;
	im->get(&uc);
	if (++n < 3)
		im->set(&uc);
	TAP_OK(n == 3, "%s: setcontext resumes getcontext's return (%d)",
	       im->name, n);
}

static ucontext_t main_ctx, co_ctx;
static const struct impl *switcher;
static long args_seen[8];
static struct fpctl co_start, co_resumed;
static int co_start_blocked, co_done;

static void co_fn(long a, long b, long c, long d, long e, long f, long g,
		  long h)
{
	long v[8] = {a, b, c, d, e, f, g, h};
	memcpy(args_seen, v, sizeof(v));
	co_start = fpctl_now();
	co_start_blocked = blocked(SIGUSR1);
	fesetround(FE_DOWNWARD);
	switcher->swap(&co_ctx, &main_ctx);
	co_resumed = fpctl_now();
	co_done = 1;
}

static char co_stack[64 * 1024] __attribute__((aligned(16)));

/* Contexts made by maker, switched by sw. */
static void test_pair(const struct impl *maker, const struct impl *sw)
{
	switcher = sw;
	co_done = 0;
	memset(args_seen, 0, sizeof(args_seen));
	fesetround(FE_TONEAREST);
	set_blocked(SIGUSR1, 1);
	maker->get(&co_ctx);
	set_blocked(SIGUSR1, 0);
	co_ctx.uc_stack.ss_sp = co_stack;
	co_ctx.uc_stack.ss_size = sizeof(co_stack);
	co_ctx.uc_link = &main_ctx;
	maker->make(&co_ctx, (void (*)(void))co_fn, 8, 1L, -2L, 3L,
		    0x123456789L, 5L, 6L, 7L, -8L);
	fesetround(FE_UPWARD);
	struct fpctl main_before = fpctl_now();
	sw->swap(&main_ctx, &co_ctx);
	struct fpctl main_between = fpctl_now();
	int main_blocked = blocked(SIGUSR1);
	sw->swap(&main_ctx, &co_ctx);
	struct fpctl main_after = fpctl_now();
	fesetround(FE_TONEAREST);
	long want[8] = {1, -2, 3, 0x123456789L, 5, 6, 7, -8};
	TAP_OK(!memcmp(args_seen, want, sizeof(want)),
	       "made by %s, switched by %s: eight arguments passed",
	       maker->name, sw->name);
	TAP_OK(co_start.cw == (main_before.cw & ~0xc00) &&
		   co_start.mxcsr == (main_before.mxcsr & ~0x6000u),
	       "made by %s, switched by %s: the function starts with its "
	       "context's rounding (cw %#x mxcsr %#x)",
	       maker->name, sw->name, co_start.cw, co_start.mxcsr);
	TAP_OK(co_start_blocked && !main_blocked,
	       "made by %s, switched by %s: each context's signal mask",
	       maker->name, sw->name);
	TAP_OK(main_between.cw == main_before.cw &&
		   main_between.mxcsr == main_before.mxcsr,
	       "made by %s, switched by %s: the first context keeps its "
	       "rounding",
	       maker->name, sw->name);
	TAP_OK((co_resumed.cw & 0xc00) == 0x400 &&
		   (co_resumed.mxcsr & 0x6000) == 0x2000,
	       "made by %s, switched by %s: the second keeps its own",
	       maker->name, sw->name);
	TAP_OK(co_done && main_after.cw == main_before.cw,
	       "made by %s, switched by %s: the function's return resumes "
	       "uc_link",
	       maker->name, sw->name);
}

static int exit_fn_ran;

static void exit_fn(void)
{
	exit_fn_ran = 1;
}

static void check_ran(void)
{
	if (!exit_fn_ran)
		_exit(4);
}

/* Without uc_link the function's return ends the program: status 0. */
static void test_no_link(const struct impl *im)
{
	fflush(stdout);
	pid_t pid = fork();
	if (pid == 0) {
		atexit(check_ran);
		im->get(&co_ctx);
		co_ctx.uc_stack.ss_sp = co_stack;
		co_ctx.uc_stack.ss_size = sizeof(co_stack);
		co_ctx.uc_link = NULL;
		im->make(&co_ctx, exit_fn, 0);
		im->swap(&main_ctx, &co_ctx);
		_exit(3);
	}
	int status = -1;
	waitpid(pid, &status, 0);
	TAP_OK(WIFEXITED(status) && WEXITSTATUS(status) == 0,
	       "%s: a function without uc_link exits with status 0 (%#x)",
	       im->name, status);
}

int main(void)
{
	test_getcontext_fields();
	for (int i = 0; i < 2; i++)
		test_get_set_loop(&impls[i]);
	for (int m = 0; m < 2; m++)
		for (int s = 0; s < 2; s++)
			test_pair(&impls[m], &impls[s]);
	for (int i = 0; i < 2; i++)
		test_no_link(&impls[i]);
	return tap_done();
}
