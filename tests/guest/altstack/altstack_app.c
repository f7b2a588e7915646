/*
 * Alternate signal stacks sized as getauxval(AT_MINSIGSTKSZ) says: the
 * process's auxiliary vector gives the same value as getauxval and
 * sysconf, sigaltstack takes a stack of exactly that size (and refuses
 * one byte less than MINSIGSTKSZ's 2048), and a signal raised and a fault,
 * both with SA_ONSTACK, run their handler on such a stack (and the
 * handler's own room) installed between unmapped pages, and the program
 * survives them.  Lines "name=<value>" must be the same on the host; the
 * "stack:" lines say how much of the alternate stack delivery and the handler
 * used.
 */
#define _GNU_SOURCE
#include <elf.h>
#include <errno.h>
#include <setjmp.h>
#include <stdbool.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/auxv.h>
#include <sys/mman.h>
#include <ucontext.h>
#include <unistd.h>

#ifndef AT_MINSIGSTKSZ
#define AT_MINSIGSTKSZ 51
#endif
#define PATTERN 0x5a
/* <signal.h>'s constant (without _GNU_SOURCE: with it, a sysconf). */
#define LEGACY_MINSIGSTKSZ 2048
/*
 * What the handlers below need of the stack besides the frame: Linux's
 * AT_MINSIGSTKSZ is the frame alone (on a CPU with AVX-512, 3376 bytes
 * of 3376), so a handler run on a stack of exactly that size writes
 * below it.
 */
#define HANDLER_ROOM 1024

static unsigned char *alt;
static size_t alt_size;
static sigjmp_buf back;
static volatile int handled;
static volatile uintptr_t handler_sp, interrupted_sp;

/* The auxiliary vector the process started with, after envp. */
static unsigned long auxv_entry(char **envp, unsigned long type)
{
	while (*envp)
		envp++;
	for (Elf64_auxv_t *a = (Elf64_auxv_t *)(envp + 1); a->a_type != AT_NULL;
	     a++)
		if (a->a_type == type)
			return a->a_un.a_val;
	return 0;
}

static void on_signal(int sig, siginfo_t *info, void *uc)
{
	volatile char here;
	(void)info;
	handler_sp = (uintptr_t)&here;
	interrupted_sp =
	    uc ? (uintptr_t)((ucontext_t *)uc)->uc_mcontext.gregs[REG_RSP]
	       : handler_sp;
	handled++;
	if (sig == SIGSEGV)
		siglongjmp(back, 1);
}

static size_t alt_bytes_touched(void)
{
	size_t n = 0;
	for (size_t i = 0; i < alt_size; i++)
		n += alt[i] != PATTERN;
	return n;
}

static bool on_alt(uintptr_t sp)
{
	return sp >= (uintptr_t)alt && sp < (uintptr_t)alt + alt_size;
}

static void report(const char *what)
{
	printf("%s_handler_on_altstack=<%d>\n", what, on_alt(handler_sp));
	printf("stack: %s: handler on the alternate stack %d, %zu bytes of it "
	       "touched, handler %ld bytes below the interrupted stack\n",
	       what, on_alt(handler_sp), alt_bytes_touched(),
	       on_alt(handler_sp) ? 0L : (long)(interrupted_sp - handler_sp));
	memset(alt, PATTERN, alt_size);
}

int main(int argc, char **argv, char **envp)
{
	(void)argc;
	(void)argv;
	long page = sysconf(_SC_PAGESIZE);
	unsigned long min = getauxval(AT_MINSIGSTKSZ);
	printf("auxv_matches_getauxval=<%d>\n",
	       auxv_entry(envp, AT_MINSIGSTKSZ) == min);
	printf("sysconf_matches_getauxval=<%d>\n",
	       sysconf(_SC_MINSIGSTKSZ) == (long)min);
	printf("sigstksz_is_four_times=<%d>\n",
	       sysconf(_SC_SIGSTKSZ) == 4 * (long)min);
	printf("at_least_MINSIGSTKSZ=<%d>\n", min >= LEGACY_MINSIGSTKSZ);

	static char small[LEGACY_MINSIGSTKSZ];
	stack_t ss = {.ss_sp = small, .ss_size = LEGACY_MINSIGSTKSZ - 1};
	errno = 0;
	int r = sigaltstack(&ss, NULL);
	printf("one_byte_short=<%d %s>\n", r, strerrorname_np(errno));

	/* The stack, min bytes and the handler's, ends where unmapped pages
	 * begin. */
	size_t size = min + HANDLER_ROOM;
	size_t span = (size + (size_t)page - 1) / (size_t)page * (size_t)page;
	unsigned char *map =
	    mmap(NULL, span + 2 * (size_t)page, PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (map == MAP_FAILED)
		return 1;
	mprotect(map, (size_t)page, PROT_NONE);
	mprotect(map + page + span, (size_t)page, PROT_NONE);
	alt = map + page + span - size;
	alt_size = size;
	memset(alt, PATTERN, alt_size);
	ss = (stack_t){.ss_sp = alt + HANDLER_ROOM, .ss_size = min};
	printf("exact_size=<%d>\n", sigaltstack(&ss, NULL));
	ss = (stack_t){.ss_sp = alt, .ss_size = size};
	if (sigaltstack(&ss, NULL) != 0)
		return 1;

	struct sigaction sa = {.sa_sigaction = on_signal,
			       .sa_flags = SA_SIGINFO | SA_ONSTACK};
	sigemptyset(&sa.sa_mask);
	sigaction(SIGUSR1, &sa, NULL);
	sigaction(SIGSEGV, &sa, NULL);

	raise(SIGUSR1);
	printf("raise_survived=<%d>\n", handled == 1);
	report("raise");
	if (!sigsetjmp(back, 1))
		*(volatile int *)map = 1; /* the unmapped page below */
	printf("fault_survived=<%d>\n", handled == 2);
	report("fault");
	return 0;
}
