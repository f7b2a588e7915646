/*
 * The kernel's libm and misc libc as an application sees them, built
 * with the host's glibc headers and linked with -lm: each libm call of
 * libm_cases.h against glibc's value computed on the host at build time
 * (within 1 ulp), floating-point exception flags, sysconf, uname, ids,
 * resource limits, signals (handlers, masks, pending, SA_RESETHAND,
 * SA_SIGINFO) and the process calls that fail with ENOSYS.  Prints one
 * line a fact for tests/guest/libc.test.  With an argument
 * "die SIGNAL-NUMBER" it raises that signal with its default action
 * last (the test expects the status 128 + SIGNAL-NUMBER).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <gnu/libc-version.h>
#include <grp.h>
#include <libintl.h>
#include <nl_types.h>
#include <linux/futex.h>
#include <fenv.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <spawn.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/single_threaded.h>
#include <string.h>
#include <sys/auxv.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <sys/sysinfo.h>
#include <sys/times.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <unistd.h>

#include "libm_cases.h"
#include "libm_expected.h"

/* Distance in units of the last place of the function's type. */
static int64_t key(long double v, int type)
{
	if (type == 'd') {
		double d = (double)v;
		int64_t i;
		memcpy(&i, &d, 8);
		return i < 0 ? -(i & INT64_MAX) : i;
	}
	if (type == 'f') {
		float f = (float)v;
		int32_t i;
		memcpy(&i, &f, 4);
		return i < 0 ? -(int64_t)(i & INT32_MAX) : i;
	}
	/* long double: exponent and fraction below the integer bit. */
	struct {
		uint64_t m;
		uint16_t se;
	} b;
	memcpy(&b, &v, 10);
	int64_t mag = ((int64_t)(b.se & 0x7fff) << 48) |
		      (int64_t)((b.m & INT64_MAX) >> 15);
	return b.se & 0x8000 ? -mag : mag;
}

static void check_libm(void)
{
	int bad = 0, n = 0;
	for (int fn = 0; fn < LIBM_N; fn++)
		for (size_t i = 0; i < LIBM_NPOINTS; i++) {
			long double got =
			    libm_call(fn, libm_points[i][0], libm_points[i][1]);
			long double want = libm_expected[fn][i];
			int t = libm_type(fn);
			int64_t d = key(got, t) - key(want, t);
			int same =
			    (isnan(got) && isnan(want)) ||
			    (!isnan(got) && !isnan(want) && d >= -1 && d <= 1);
			n++;
			if (!same) {
				bad++;
				printf("libm: %s at %La,%La: %La, glibc %La\n",
				       libm_name(fn), libm_points[i][0],
				       libm_points[i][1], got, want);
			}
		}
	printf("libm checked=%d wrong=%d\n", n, bad);
}

static void check_fenv(void)
{
	volatile double zero = 0.0, big = 1e308;
	feclearexcept(FE_ALL_EXCEPT);
	volatile double r = log(zero);
	int div = fetestexcept(FE_DIVBYZERO) != 0;
	feclearexcept(FE_ALL_EXCEPT);
	r = exp(big);
	int ovf = fetestexcept(FE_OVERFLOW) != 0;
	(void)r;
	fesetround(FE_UPWARD);
	volatile double h = 2.5;
	double up = rint(h);
	fesetround(FE_TONEAREST);
	printf("fenv divbyzero=%d overflow=%d rint_up=%g\n", div, ovf, up);
}

static void check_system(void)
{
	struct utsname u;
	int r = uname(&u);
	printf("uname=%d sysname=%s machine=%s\n", r, u.sysname, u.machine);
	printf("pagesize=%ld getpagesize=%d clk_tck=%ld\n",
	       sysconf(_SC_PAGESIZE), getpagesize(), sysconf(_SC_CLK_TCK));
	printf("nprocs=%ld/%ld\n", sysconf(_SC_NPROCESSORS_ONLN),
	       sysconf(_SC_NPROCESSORS_CONF));
	long phys = sysconf(_SC_PHYS_PAGES), av = sysconf(_SC_AVPHYS_PAGES);
	printf("phys_mib=%ld avphys_le_phys=%d avphys_pos=%d\n",
	       phys * 4096 / (1024 * 1024), av <= phys, av > 0);
	errno = 0;
	long bad = sysconf(-1);
	printf("sysconf_bad=%ld errno=%d\n", bad, errno);
	printf("open_max=%ld\n", sysconf(_SC_OPEN_MAX));
	printf("ids pid=%d ppid=%d uid=%d euid=%d gid=%d egid=%d tid_pos=%d\n",
	       getpid(), getppid(), getuid(), geteuid(), getgid(), getegid(),
	       gettid() > 0);
	struct rlimit rl;
	getrlimit(RLIMIT_NOFILE, &rl);
	printf("nofile=%lu/%lu\n", (unsigned long)rl.rlim_cur,
	       (unsigned long)rl.rlim_max);
	rl.rlim_cur = 100;
	/* (Each call before the printf: argument order is unspecified.) */
	r = setrlimit(RLIMIT_NOFILE, &rl);
	printf("setrlimit=%d open_max=%ld\n", r, sysconf(_SC_OPEN_MAX));
	rl.rlim_cur = rl.rlim_max + 1;
	errno = 0;
	r = setrlimit(RLIMIT_NOFILE, &rl);
	printf("setrlimit_cur_over_max=%d errno=%d\n", r, errno);
	cpu_set_t set;
	CPU_ZERO(&set);
	r = sched_getaffinity(0, sizeof(set), &set);
	printf("affinity=%d count=%d cpu=%d\n", r, CPU_COUNT(&set),
	       sched_getcpu());
}

static volatile int caught[_NSIG];
static volatile int last_code, last_signo, blocked_inside;

static void on_signal(int sig)
{
	caught[sig]++;
	sigset_t now;
	sigprocmask(SIG_BLOCK, NULL, &now);
	blocked_inside = sigismember(&now, sig);
}

static void on_info(int sig, siginfo_t *info, void *ctx)
{
	(void)ctx;
	caught[sig]++;
	last_signo = info->si_signo;
	last_code = info->si_code;
}

static void check_signals(void)
{
	signal(SIGUSR1, on_signal);
	int r = raise(SIGUSR1);
	printf("raise=%d caught=%d blocked_inside=%d\n", r, caught[SIGUSR1],
	       blocked_inside);
	sighandler_t prev = signal(SIGUSR1, SIG_IGN);
	r = raise(SIGUSR1);
	printf("prev_is_handler=%d ignored=%d caught=%d\n", prev == on_signal,
	       r, caught[SIGUSR1]);

	struct sigaction sa;
	memset(&sa, 0, sizeof(sa));
	sa.sa_sigaction = on_info;
	sa.sa_flags = SA_SIGINFO | SA_RESETHAND;
	sigaction(SIGUSR2, &sa, NULL);
	kill(getpid(), SIGUSR2);
	struct sigaction now;
	sigaction(SIGUSR2, NULL, &now);
	printf("siginfo caught=%d signo=%d code=%d reset=%d\n", caught[SIGUSR2],
	       last_signo, last_code, now.sa_handler == SIG_DFL);

	signal(SIGHUP, on_signal);
	sigset_t block, pend;
	sigemptyset(&block);
	sigaddset(&block, SIGHUP);
	sigprocmask(SIG_BLOCK, &block, NULL);
	raise(SIGHUP);
	sigpending(&pend);
	int before = caught[SIGHUP];
	sigprocmask(SIG_UNBLOCK, &block, NULL);
	printf("blocked: pending=%d before=%d after=%d\n",
	       sigismember(&pend, SIGHUP), before, caught[SIGHUP]);

	errno = 0;
	r = kill(4242, SIGUSR1);
	printf("kill_other=%d errno=%d\n", r, errno);
	errno = 0;
	r = sigaction(SIGKILL, &sa, NULL);
	printf("sigaction_kill=%d errno=%d\n", r, errno);
	printf("kill0=%d\n", kill(getpid(), 0));
	printf("sigchld_default=%d\n", raise(SIGCHLD));
	printf("strsignal=%s\n", strsignal(SIGTERM));
}

static void check_processes(void)
{
	errno = 0;
	int r = fork();
	printf("fork=%d errno=%d\n", r, errno);
	errno = 0;
	r = system("true");
	int e = errno;
	printf("system=%d errno=%d system_null=%d\n", r, e, system(NULL));
	errno = 0;
	FILE *p = popen("ls", "r");
	printf("popen_null=%d errno=%d\n", p == NULL, errno);
	errno = 0;
	char *argv[] = {"x", NULL};
	r = execve("/x", argv, argv + 1);
	printf("execve=%d errno=%d\n", r, errno);
	errno = 0;
	r = waitpid(-1, NULL, 0);
	printf("waitpid=%d errno=%d\n", r, errno);
	pid_t pid;
	printf("posix_spawn=%d\n",
	       posix_spawn(&pid, "/x", NULL, NULL, argv, argv + 1));
}

static void *raise_later(void *arg)
{
	(void)arg;
	struct timespec ts = {0, 20 * 1000 * 1000};
	nanosleep(&ts, NULL);
	kill(getpid(), SIGUSR2);
	return NULL;
}

/* Waiting for signals, alternate stacks, and the rest of the process
 * interfaces (run last: it changes the user id). */
/* The time of clock id since t0, in ns. */
static long ns_since(clockid_t id, const struct timespec *t0)
{
	struct timespec t;
	clock_gettime(id, &t);
	return (t.tv_sec - t0->tv_sec) * 1000000000L + t.tv_nsec - t0->tv_nsec;
}

static void check_more(void)
{
	printf("auxv pagesz=%lu clktck=%lu sse2=%d random=%d bogus=%lu\n",
	       getauxval(AT_PAGESZ), getauxval(AT_CLKTCK),
	       (int)(getauxval(AT_HWCAP) >> 26 & 1), getauxval(AT_RANDOM) != 0,
	       getauxval(12345));
	struct rusage ru;
	int r = getrusage(RUSAGE_SELF, &ru);
	printf("rusage=%d cpu=%d maxrss=%d\n", r,
	       ru.ru_utime.tv_sec > 0 || ru.ru_utime.tv_usec > 0,
	       ru.ru_maxrss > 0);
	struct tms t;
	clock_t up = times(&t);
	printf("times up=%d utime=%d\n", up > 0, t.tms_utime >= 0);
	errno = 0;
	r = setsid();
	printf("pgrp=%d sid=%d setsid=%d errno=%d\n", getpgrp(), getsid(0), r,
	       errno);

	stack_t ss = {malloc(SIGSTKSZ), 0, SIGSTKSZ}, old;
	r = sigaltstack(&ss, &old);
	stack_t now;
	sigaltstack(NULL, &now);
	/* SIGSTKSZ is sysconf(_SC_SIGSTKSZ) under _GNU_SOURCE */
	printf("sigaltstack=%d old_disabled=%d now_set=%d\n", r,
	       (old.ss_flags & SS_DISABLE) != 0,
	       now.ss_sp == ss.ss_sp && now.ss_size == ss.ss_size);

	sigset_t set;
	sigemptyset(&set);
	sigaddset(&set, SIGUSR1);
	sigprocmask(SIG_BLOCK, &set, NULL);
	raise(SIGUSR1);
	int sig = 0;
	r = sigwait(&set, &sig);
	printf("sigwait=%d sig=%d\n", r, sig);
	struct timespec ten_ms = {0, 10 * 1000 * 1000};
	errno = 0;
	r = sigtimedwait(&set, NULL, &ten_ms);
	printf("sigtimedwait=%d errno=%d\n", r, errno);
	sigprocmask(SIG_UNBLOCK, &set, NULL);

	/* Another thread's kill of the program ends sigsuspend (a raise
	 * there would be that thread's: its handler would run there). */
	signal(SIGUSR2, on_signal);
	int before = caught[SIGUSR2];
	pthread_t th;
	pthread_create(&th, NULL, raise_later, NULL);
	sigset_t none;
	sigemptyset(&none);
	errno = 0;
	r = sigsuspend(&none);
	int e = errno;
	pthread_join(th, NULL);
	printf("sigsuspend=%d errno=%d handled=%d\n", r, e,
	       caught[SIGUSR2] - before);

	signal(SIGUSR1, on_signal);
	before = caught[SIGUSR1];
	r = killpg(0, SIGUSR1);
	printf("killpg=%d caught=%d\n", r, caught[SIGUSR1] - before);

	posix_spawnattr_t attr;
	short flags = 0;
	posix_spawnattr_init(&attr);
	posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETSIGMASK);
	posix_spawnattr_getflags(&attr, &flags);
	posix_spawn_file_actions_t fa;
	posix_spawn_file_actions_init(&fa);
	printf("spawnattr flags=%d addclose_bad=%d\n", flags,
	       posix_spawn_file_actions_addclose(&fa, -1));
	posix_spawn_file_actions_destroy(&fa);
	posix_spawnattr_destroy(&attr);

	printf("gettext=%s ngettext=%s/%s domain=%s bound=%s default=%s\n",
	       gettext("hello"), ngettext("file", "files", 1),
	       ngettext("file", "files", 2), textdomain("demo"),
	       bindtextdomain("demo", "/opt/locale"),
	       bindtextdomain("other", NULL));
	errno = 0;
	nl_catd cat = catopen("demo", 0);
	int ce = errno;
	printf("catopen_fails=%d errno=%d catgets=%s single_threaded=%d\n",
	       cat == (nl_catd)-1, ce, catgets(cat, 1, 1, "fallback"),
	       __libc_single_threaded);
	char cs[64];
	confstr(_CS_GNU_LIBC_VERSION, cs, sizeof(cs));
	printf("confstr=%s version=%s nprocs=%d dtablesize=%d\n", cs,
	       gnu_get_libc_version(), get_nprocs(), getdtablesize());
	gid_t gl[2] = {5, 6}, got[4];
	r = setgroups(2, gl);
	int ng = getgroups(4, got);
	printf("setgroups=%d getgroups=%d first=%d\n", r, ng, got[0]);
	unsigned char rb[16];
	long sr = syscall(SYS_getrandom, rb, sizeof(rb), 0);
	printf("syscall tid_ok=%d getrandom=%ld\n",
	       syscall(SYS_gettid) == gettid(), sr);
	static int word = 7;
	struct timespec ms = {0, 1000 * 1000};
	long w0 =
	    syscall(SYS_futex, &word, FUTEX_WAKE_PRIVATE, 1, NULL, NULL, 0);
	errno = 0;
	long w1 =
	    syscall(SYS_futex, &word, FUTEX_WAIT_PRIVATE, 8, &ms, NULL, 0);
	int ew1 = errno;
	errno = 0;
	long w2 =
	    syscall(SYS_futex, &word, FUTEX_WAIT_PRIVATE, 7, &ms, NULL, 0);
	int ew2 = errno;
	errno = 0;
	long bad = syscall(9999);
	printf("futex wake=%ld mismatch=%ld/%d timeout=%ld/%d nosys=%ld/%d\n",
	       w0, w1, ew1, w2, ew2, bad, errno);

	/* The real-time timer: SIGALRM from the timer thread. */
	signal(SIGALRM, on_signal);
	struct itimerval it = {{0, 20000}, {0, 30000}}, cur;
	before = caught[SIGALRM];
	setitimer(ITIMER_REAL, &it, NULL);
	errno = 0;
	r = pause();
	e = errno;
	int after_pause = caught[SIGALRM] - before;
	sigset_t alrm;
	sigemptyset(&alrm);
	sigaddset(&alrm, SIGALRM);
	sigprocmask(SIG_BLOCK, &alrm, NULL);
	int waited = 0;
	for (int i = 0; i < 3; i++)
		if (sigwait(&alrm, &sig) == 0 && sig == SIGALRM)
			waited++;
	getitimer(ITIMER_REAL, &cur);
	it.it_value.tv_usec = 0;
	setitimer(ITIMER_REAL, &it, NULL);
	sigprocmask(SIG_UNBLOCK, &alrm, NULL);
	printf("itimer pause=%d errno=%d handled=%d sigwait=%d interval=%ld\n",
	       r, e, after_pause, waited, (long)cur.it_interval.tv_usec);
	unsigned a0 = alarm(5);
	unsigned a1 = alarm(0);
	printf("alarm first=%u left=%u\n", a0, a1);
	/* The CPU-time timers: their signal once the program has run for
	 * the time, not while it sleeps (a second: the timer thread's
	 * looks must not count).  A thread that only computes takes
	 * signals at an interrupt's end (signal.c), or at its next wait:
	 * spin past the time, then wait, which finds it either way.
	 * Linux counts by ticks: it rounds the value up to one
	 * (getitimer may say more than was set). */
	static const int cpu_timers[][2] = {{ITIMER_VIRTUAL, SIGVTALRM},
					    {ITIMER_PROF, SIGPROF}};
	for (int i = 0; i < 2; i++) {
		int which = cpu_timers[i][0], s = cpu_timers[i][1];
		struct itimerval cpu = {{0, 0}, {0, 5000}}, left;
		signal(s, on_signal);
		before = caught[s];
		struct timespec c0;
		clock_gettime(CLOCK_THREAD_CPUTIME_ID, &c0);
		r = setitimer(which, &cpu, NULL);
		getitimer(which, &left);
		usleep(1000000); /* asleep: no CPU time, no signal */
		/* unless this thread ran for the time (a loaded host can
		 * stall the guest's CPU between setitimer and usleep) */
		int early = caught[s] - before &&
			    ns_since(CLOCK_THREAD_CPUTIME_ID, &c0) < 5000000;
		clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &c0);
		do { /* user time for Linux's ITIMER_VIRTUAL */
			for (volatile int k = 0; k < 100000; k++)
				;
		} while (ns_since(CLOCK_PROCESS_CPUTIME_ID, &c0) < 60000000);
		for (int w = 0; w < 1000 && caught[s] == before; w++)
			usleep(10000);
		printf("itimer_cpu%d=%d left_ok=%d early=%d caught=%d\n", which,
		       r,
		       left.it_value.tv_sec == 0 && left.it_value.tv_usec > 0,
		       early, caught[s] - before);
	}

	int nv = nice(5);
	printf("nice=%d getpriority=%d\n", nv, getpriority(PRIO_PROCESS, 0));
	r = setuid(1000);
	printf("setuid=%d uid=%d euid=%d\n", r, getuid(), geteuid());
	errno = 0;
	r = setuid(0);
	int e1 = errno;
	errno = 0;
	int n = nice(-1);
	printf("back_to_root=%d errno=%d nice_lower=%d errno=%d\n", r, e1, n,
	       errno);
}

int main(int argc, char **argv)
{
	check_libm();
	check_fenv();
	check_system();
	check_signals();
	check_processes();
	check_more();
	if (argc == 3 && !strcmp(argv[1], "die")) {
		int sig = atoi(argv[2]);
		signal(sig, SIG_DFL);
		if (sig == SIGALRM) {
			printf("waiting for the alarm\n");
			alarm(1);
			pause();
		}
		printf("raising %d\n", sig);
		raise(sig);
		printf("still alive\n");
	}
	return 0;
}
