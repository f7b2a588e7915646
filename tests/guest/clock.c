/*
 * Clocks and timers on a real machine, through the libc's calls: sleeps
 * last at least what was asked and not much more, CLOCK_MONOTONIC never
 * goes back, the wall clock agrees with the host's (the .test script
 * compares), timer interrupts arrive while the idle CPU halts, and the
 * CPU-time clocks count running, not sleeping.  With "refine" on the
 * command line, it also waits for the RTC to refine the TSC frequency.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#include "app.h"
#include "clock.h"
#include "thread.h"
#include "timer.h"

#define MONOTONIC_READS 1000000
#define SLEEPS 10

static uint64_t now_ns(clockid_t id)
{
	struct timespec ts;
	clock_gettime(id, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ULL + (uint64_t)ts.tv_nsec;
}

static void sort(uint64_t *v, int n)
{
	for (int i = 1; i < n; i++)
		for (int j = i; j > 0 && v[j] < v[j - 1]; j--) {
			uint64_t x = v[j];
			v[j] = v[j - 1];
			v[j - 1] = x;
		}
}

/*
 * Rounds of ten 10 ms sleeps: none may be short, the shortest must be
 * close, and a round must have none very long.  A loaded host (TCG, two
 * cores shared by several QEMUs) only ever adds time to a sleep: the
 * vCPU thread waits for a host CPU before it runs the timer interrupt,
 * and a host that stops the QEMU process for seconds adds them to the
 * sleep under way.  So the median and the longest of a loaded round
 * measure the host's scheduler, but the shortest still measures the
 * kernel: a timer programmed late, a wrong APIC rate or a wake-up held
 * to some later event makes every sleep long, the shortest too.  A host
 * slow for a while may delay all ten of a round; another round (up to
 * SLEEP_ROUNDS) then looks for one sleep that is not, which a kernel
 * that always oversleeps never gives.  The longest gets only a bound a
 * lost wake-up would break (the sleep then lasts until some unrelated
 * event), far above what a loaded host adds (tens of ms).  A host that
 * stops the QEMU process stretches the one sleep under way past it, so
 * one such sleep is allowed, among at least SLEEP_MIN_ROUNDS rounds: a
 * kernel that loses one wake-up in 20 then shows two or more in 50
 * sleeps about three times in four (one round of ten, allowed none,
 * caught it two times in five).
 */
#define SLEEP_ROUNDS 10
#define SLEEP_MIN_ROUNDS 5
#define SLEEP_CLOSE_NS 12500000ULL
#define SLEEP_LONG_NS 1000000000ULL

/* One round: its sleeps' durations, sorted. */
static void sleep_round(uint64_t *took)
{
	for (int i = 0; i < SLEEPS; i++) {
		struct timespec req = {0, 10000000};
		uint64_t t0 = now_ns(CLOCK_MONOTONIC);
		nanosleep(&req, NULL);
		took[i] = now_ns(CLOCK_MONOTONIC) - t0;
	}
	sort(took, SLEEPS);
}

static void check_sleep(void)
{
	uint64_t took[SLEEPS], shortest = UINT64_MAX, longest = 0;
	bool close = false;
	int rounds = 0, long_sleeps = 0;
	while (rounds < SLEEP_ROUNDS && long_sleeps < 2 &&
	       !(close && rounds >= SLEEP_MIN_ROUNDS)) {
		sleep_round(took);
		rounds++;
		if (took[0] < shortest)
			shortest = took[0];
		if (took[SLEEPS - 1] > longest)
			longest = took[SLEEPS - 1];
		close |= took[0] < SLEEP_CLOSE_NS;
		for (int i = 0; i < SLEEPS; i++)
			long_sleeps += took[i] >= SLEEP_LONG_NS;
	}
	printf("10 ms sleeps: %d rounds of %d, shortest %lu us, last round's "
	       "median %lu us, longest %lu us, %d over 1 s\n",
	       rounds, SLEEPS, shortest / 1000, took[SLEEPS / 2] / 1000,
	       longest / 1000, long_sleeps);
	printf("sleep never short: %s\n", shortest >= 10000000 ? "yes" : "no");
	printf("shortest sleep within 2.5 ms: %s\n", close ? "yes" : "no");
	printf("at most one sleep over 1 s: %s\n",
	       long_sleeps <= 1 ? "yes" : "no");
}

static void check_other_sleeps(void)
{
	uint64_t t0 = now_ns(CLOCK_MONOTONIC);
	usleep(5000);
	uint64_t t1 = now_ns(CLOCK_MONOTONIC);
	struct timespec abs;
	clock_gettime(CLOCK_MONOTONIC, &abs);
	abs.tv_nsec += 20000000;
	if (abs.tv_nsec >= 1000000000) {
		abs.tv_sec++;
		abs.tv_nsec -= 1000000000;
	}
	int r = clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &abs, NULL);
	uint64_t t2 = now_ns(CLOCK_MONOTONIC);
	struct timespec rel = {0, 15000000};
	int r2 = clock_nanosleep(CLOCK_REALTIME, 0, &rel, NULL);
	uint64_t t3 = now_ns(CLOCK_MONOTONIC);
	uint64_t abs_ns = (uint64_t)abs.tv_sec * 1000000000ULL + abs.tv_nsec;
	printf("usleep 5 ms: %s\n", t1 - t0 >= 5000000 ? "ok" : "short");
	printf("absolute sleep: %s\n", !r && t2 >= abs_ns ? "ok" : "short");
	printf("realtime sleep 15 ms: %s\n",
	       !r2 && t3 - t2 >= 15000000 ? "ok" : "short");
	struct timespec bad = {0, 1000000000};
	printf("bad timespec: %s\n",
	       clock_nanosleep(CLOCK_MONOTONIC, 0, &bad, NULL) == EINVAL
		   ? "EINVAL"
		   : "accepted");
}

static void check_monotonic(void)
{
	uint64_t prev = now_ns(CLOCK_MONOTONIC), backwards = 0;
	for (int i = 0; i < MONOTONIC_READS; i++) {
		uint64_t t = now_ns(CLOCK_MONOTONIC);
		backwards += t < prev;
		prev = t;
	}
	printf("monotonic went back %lu times in %d reads\n", backwards,
	       MONOTONIC_READS);
}

static void check_idle(void)
{
	struct timer_stats t0, t1;
	struct sched_stats s0, s1;
	timer_get_stats(&t0);
	sched_get_stats(&s0);
	struct timespec req = {0, 100000000};
	nanosleep(&req, NULL);
	timer_get_stats(&t1);
	sched_get_stats(&s1);
	uint64_t irqs = t1.interrupts - t0.interrupts;
	printf("timer interrupts in a 100 ms sleep: %lu (%s; %lu early, APIC "
	       "timer at %lu Hz)\n",
	       irqs, irqs >= 1 && irqs <= 4 ? "tickless" : "unexpected",
	       t1.early - t0.early, t1.apic_hz);
	printf("idle halted: %s\n",
	       s1.idle_halts > s0.idle_halts ? "yes" : "no");
	printf("timer mode: %s\n",
	       t1.tsc_deadline ? "tsc-deadline" : "one-shot");
}

/*
 * The upper bounds are what a clock counting the sleep would break (50
 * ms asleep): the thread's at half the sleep, the process's below the
 * spin plus the sleep.  A loaded host's stalls while the thread runs
 * (before it halts, after it wakes, after the spin) are CPU time to the
 * guest: a round they put over a bound is measured again (up to
 * CPU_TIME_ROUNDS), as a clock that counts the sleep breaks every round.
 */
#define CPU_TIME_ROUNDS 5

struct cpu_times {
	uint64_t asleep, spinning, process;
};

static void cpu_time_round(struct cpu_times *t)
{
	uint64_t p0 = now_ns(CLOCK_PROCESS_CPUTIME_ID);
	uint64_t c0 = now_ns(CLOCK_THREAD_CPUTIME_ID);
	struct timespec req = {0, 50000000};
	nanosleep(&req, NULL);
	uint64_t c1 = now_ns(CLOCK_THREAD_CPUTIME_ID);
	uint64_t m0 = now_ns(CLOCK_MONOTONIC);
	while (now_ns(CLOCK_MONOTONIC) - m0 < 30000000)
		;
	uint64_t c2 = now_ns(CLOCK_THREAD_CPUTIME_ID);
	uint64_t p1 = now_ns(CLOCK_PROCESS_CPUTIME_ID);
	*t = (struct cpu_times){c1 - c0, c2 - c1, p1 - p0};
}

static void check_cpu_time(void)
{
	bool small = false, counted = true, process = false;
	int rounds = 0;
	while (rounds < CPU_TIME_ROUNDS && !(small && process)) {
		struct cpu_times t;
		cpu_time_round(&t);
		rounds++;
		small |= t.asleep < 25000000;
		counted &= t.spinning >= 30000000;
		process |= t.process >= 30000000 && t.process < 80000000;
	}
	printf("CPU time rounds: %d\n", rounds);
	printf("thread CPU time while sleeping: %s\n",
	       small ? "small" : "large");
	printf("thread CPU time while spinning: %s\n",
	       counted ? "counted" : "missing");
	printf("process CPU time: %s\n", process ? "ok" : "wrong");
}

static void check_calls(void)
{
	struct timespec res;
	printf("resolution: %s\n", !clock_getres(CLOCK_MONOTONIC, &res) &&
					   res.tv_sec == 0 && res.tv_nsec == 1
				       ? "1 ns"
				       : "wrong");
	errno = 0;
	int r = clock_gettime(42, &res);
	printf("unknown clock: %s\n",
	       r == -1 && errno == EINVAL ? "EINVAL" : "accepted");
	struct timeval tv;
	gettimeofday(&tv, NULL);
	time_t t = time(NULL);
	printf("time and gettimeofday agree: %s\n",
	       t - tv.tv_sec <= 1 && t >= tv.tv_sec ? "yes" : "no");
}

/*
 * Waits (1.5 s) for the wall clock to sit on an RTC edge, longer (5 s)
 * while no update interrupt came: a host stall may hold the first one
 * past a bound on the time alone.
 */
static void print_wall_clock(void)
{
	struct clock_info ci;
	uint64_t start = now_ns(CLOCK_MONOTONIC), waited;
	do {
		clock_get_info(&ci);
		if (ci.wall_aligned || !ci.wall_from_rtc)
			break;
		usleep(10000);
		waited = now_ns(CLOCK_MONOTONIC) - start;
	} while (waited < (ci.rtc_interrupts ? 1500000000ULL : 5000000000ULL));
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	printf("realtime %ld.%09ld (aligned %s)\n", (long)ts.tv_sec, ts.tv_nsec,
	       ci.wall_aligned ? "yes" : "no");
}

/*
 * Whether the rate moved from the refinement decisions between two
 * looks as refine.c's rule allows: not at all on a refusal; within 0.5%
 * of the rate before for each estimate applied, or within the few per
 * cent a stalled PIT window gives when it followed a refusal it agreed
 * with (the PIT's window was off, as a loaded host makes it by
 * 0.5-0.7%).  Each step, not the sum: a loaded host delays an edge by
 * ms, so the first may move the rate 0.4% and the next 0.4% further.
 */
static bool step_allowed(const struct clock_info *was,
			 const struct clock_info *now, bool after_refusal)
{
	uint64_t diff = now->tsc_hz > was->tsc_hz ? now->tsc_hz - was->tsc_hz
						  : was->tsc_hz - now->tsc_hz;
	unsigned applied = now->refinements - was->refinements;
	bool confirmed = after_refusal || now->refused != was->refused;
	if (!applied)
		return diff == 0;
	return diff <= was->tsc_hz / 200 * applied ||
	       (confirmed && diff <= was->tsc_hz / 20);
}

/*
 * The RTC's edges 2 and 4 s after the first refine the frequency, or
 * later ones (8, 16 s) when a host stall held an edge past the next;
 * each decision is looked at (every 100 ms; they come seconds apart).
 */
static void wait_refinement(void)
{
	struct clock_info was, ci;
	clock_get_info(&ci);
	/* From the boot's rate: decisions a stalled host let come before
	 * this call are checked too (as one step). */
	was = ci;
	was.refinements = was.refused = 0;
	was.tsc_hz = was.boot_tsc_hz;
	bool steps_allowed = true, after_refusal = false;
	uint64_t start = now_ns(CLOCK_MONOTONIC);
	for (;;) {
		if (ci.refinements != was.refinements ||
		    ci.refused != was.refused) {
			steps_allowed &= step_allowed(&was, &ci, after_refusal);
			after_refusal = ci.refinements == was.refinements;
			was = ci;
		}
		if (ci.refinements + ci.refused >= 2 ||
		    now_ns(CLOCK_MONOTONIC) - start >= 20000000000ULL)
			break;
		usleep(100000);
		clock_get_info(&ci);
	}
	printf("RTC update interrupts: %u\n", ci.rtc_interrupts);
	printf("TSC refinements: %u applied, %u refused (boot %lu Hz, now "
	       "%lu Hz)\n",
	       ci.refinements, ci.refused, ci.boot_tsc_hz, ci.tsc_hz);
	printf("TSC refinement ran: %s\n",
	       ci.refinements + ci.refused >= 2 ? "yes" : "no");
	printf("TSC rate moved by each refinement as refine.c allows: %s\n",
	       steps_allowed ? "yes" : "no");
}

/*
 * The boot's mounts stamp their roots before the wall clock is first
 * read (the kernel reads the RTC then, not at boot): a stat that comes
 * first must still give the boot's wall time, in range, and the same
 * time when asked again.
 */
static void check_boot_stamps(void)
{
	struct stat root, dev, again;
	int r = stat("/", &root) | stat("/dev", &dev) | stat("/", &again);
	int64_t boot =
	    (int64_t)((now_ns(CLOCK_REALTIME) - now_ns(CLOCK_MONOTONIC)) /
		      1000000000ULL);
	bool near = root.st_mtim.tv_sec >= boot - 1 &&
		    root.st_mtim.tv_sec <= boot + 1 &&
		    dev.st_mtim.tv_sec >= boot - 1 &&
		    dev.st_mtim.tv_sec <= boot + 1;
	bool valid =
	    root.st_mtim.tv_nsec >= 0 && root.st_mtim.tv_nsec < 1000000000 &&
	    dev.st_ctim.tv_nsec >= 0 && dev.st_ctim.tv_nsec < 1000000000;
	bool same = again.st_mtim.tv_sec == root.st_mtim.tv_sec &&
		    again.st_mtim.tv_nsec == root.st_mtim.tv_nsec;
	printf("boot stamps: %s (/ %ld, /dev %ld, boot %ld)\n",
	       !r && near && valid && same ? "ok" : "wrong",
	       (long)root.st_mtim.tv_sec, (long)dev.st_mtim.tv_sec, (long)boot);
}

int app_main(int argc, char **argv)
{
	check_boot_stamps();
	struct clock_info ci;
	clock_get_info(&ci);
	printf("clock: %s, calibrated by %s, %lu Hz\n", ci.source,
	       ci.calibration, ci.tsc_hz);
	check_calls();
	check_sleep();
	check_other_sleeps();
	check_monotonic();
	check_idle();
	check_cpu_time();
	print_wall_clock();
	if (argc > 0 && !strcmp(argv[0], "refine"))
		wait_refinement();
	return 0;
}
