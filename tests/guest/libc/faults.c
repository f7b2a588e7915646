/*
 * CPU faults as signals, as an application built with glibc's headers
 * sees them: a SIGSEGV handler gets si_addr and si_code for a read of
 * an unmapped page and a write to a read-only one and leaves with
 * siglongjmp (which restores the signal mask sigsetjmp saved); SIGFPE
 * for an integer division by zero; SIGILL for ud2, where the handler
 * skips the instruction through the ucontext's REG_RIP and returns;
 * SIGTRAP for int3, returning past it; abort() running a SIGABRT
 * handler first.  With the argument "abort", a second abort whose
 * handler returns ends the program (134); with "default", SIGSEGV is
 * back to SIG_DFL and a fault ends the program as before (the kernel's
 * report).
 * Prints one line a fact for tests/guest/libc.test.
 */
#define _GNU_SOURCE
#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <ucontext.h>

static sigjmp_buf env;
static volatile int last_sig, last_code, traps;
static void *volatile last_addr;
static volatile greg_t last_rip;

static void on_fault(int sig, siginfo_t *info, void *ctx)
{
	ucontext_t *uc = ctx;
	last_sig = sig;
	last_code = info->si_code;
	last_addr = info->si_addr;
	last_rip = uc->uc_mcontext.gregs[REG_RIP];
	siglongjmp(env, 1);
}

static void on_ill(int sig, siginfo_t *info, void *ctx)
{
	ucontext_t *uc = ctx;
	last_sig = sig;
	last_code = info->si_code;
	last_addr = info->si_addr;
	uc->uc_mcontext.gregs[REG_RIP] += 2; /* past ud2 */
}

static void on_trap(int sig)
{
	last_sig = sig;
	traps++;
}

static volatile int aborts;

static void on_abort(int sig)
{
	last_sig = sig;
	aborts++;
	if (aborts == 1)
		siglongjmp(env, 1);
	printf("abort handler returns\n");
}

static void catch_with(int sig, void (*fn)(int, siginfo_t *, void *))
{
	struct sigaction sa;
	memset(&sa, 0, sizeof(sa));
	sa.sa_sigaction = fn;
	sa.sa_flags = SA_SIGINFO;
	sigaction(sig, &sa, NULL);
}

int main(int argc, char **argv)
{
	catch_with(SIGSEGV, on_fault);
	catch_with(SIGFPE, on_fault);
	catch_with(SIGILL, on_ill);
	signal(SIGTRAP, on_trap);

	volatile int *unmapped = (volatile int *)(uintptr_t)0x18;
	for (int round = 0; round < 3; round++) {
		last_sig = 0;
		if (sigsetjmp(env, 1) == 0) {
			(void)*unmapped;
			printf("read: no fault\n");
		}
		printf("read round=%d sig=%d code=%d addr=%p\n", round,
		       last_sig, last_code, last_addr);
	}
	sigset_t now;
	sigprocmask(SIG_BLOCK, NULL, &now);
	printf("mask restored: segv_blocked=%d\n", sigismember(&now, SIGSEGV));

	static const char text[] = "constant";
	last_sig = 0;
	if (sigsetjmp(env, 1) == 0)
		*(volatile char *)text = 'x';
	printf("write sig=%d code=%d addr_ok=%d\n", last_sig, last_code,
	       last_addr == (void *)text);

	volatile int zero = 0, n = 7;
	last_sig = 0;
	if (sigsetjmp(env, 1) == 0)
		printf("div %d\n", n / zero);
	printf("div sig=%d code=%d rip_is_addr=%d\n", last_sig, last_code,
	       (greg_t)(uintptr_t)last_addr == last_rip);

	last_sig = 0;
	__asm__ volatile("ud2");
	printf("ud2 sig=%d code=%d resumed=1\n", last_sig, last_code);

	__asm__ volatile("int3");
	__asm__ volatile("int3");
	printf("int3 sig=%d traps=%d\n", last_sig, traps);

	/* abort runs a SIGABRT handler first; leaving it keeps the program. */
	signal(SIGABRT, on_abort);
	if (sigsetjmp(env, 1) == 0)
		abort();
	printf("abort sig=%d aborts=%d\n", last_sig, aborts);

	if (argc > 1 && !strcmp(argv[1], "abort"))
		abort(); /* the handler returns: status 134 */
	if (argc > 1) {
		signal(SIGSEGV, SIG_DFL);
		printf("default segv\n");
		(void)*unmapped;
		printf("still alive\n");
	}
	return 0;
}
