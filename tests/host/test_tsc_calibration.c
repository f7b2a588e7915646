/*
 * The PIT calibration of the TSC (drivers/clock/pit.c) against a
 * simulated TSC and PIT (pit_sim/arch.h) that follow one clock, as both
 * follow the host's under QEMU TCG without icount.  A host stall of a
 * few ms between a PIT access and the TSC read that dates it made the
 * kernel's clock run many times too fast or too slow for good; here a
 * stall of 2 or 20 ms is put before each access of a calibration in
 * turn (three boots: one taking the estimate, one closing the boot's
 * window, one too long for it), and every result must stay within 1%
 * of the true frequency.  Each calibration runs in a child, pit.c
 * keeping its state in statics.  The driver's init and its rate
 * reference are reached through the stand-ins for driver.h and clock.h's
 * registration below.
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#include "arch.h"
#include "clock.h"
#include "driver.h"
#include "klog.h"
#include "tap.h"

#define TSC_HZ 2600000000ULL
#define PIT_HZ 1193182ULL
#define NS 1000000000ULL
#define IO_NS 1000 /* a port access under emulation */
#define TSC_NS 20

static uint64_t now_ns;
static long accesses, stall_at = -1; /* stall before this access */
static uint64_t stall_ns;
static bool have_pit = true;

/* PIT channel 0: loaded at load_ns, in mode 0, read through latches. */
static uint64_t load_ns;
static unsigned writes_pending;
static uint8_t latched[3];
static unsigned latched_n, latched_pos;

static void spend(uint64_t cost)
{
	if (accesses++ == stall_at)
		now_ns += stall_ns;
	now_ns += cost;
}

uint64_t rdtsc(void)
{
	spend(TSC_NS);
	return (uint64_t)((unsigned __int128)now_ns * TSC_HZ / NS);
}

static uint64_t ticks(void)
{
	return have_pit ? (now_ns - load_ns) * PIT_HZ / NS : 0;
}

static void latch(bool status)
{
	uint64_t t = ticks();
	uint16_t count = (uint16_t)(0xffff - t);
	latched_n = latched_pos = 0;
	if (status)
		latched[latched_n++] = t >= 0xffff ? 0x80 : 0;
	latched[latched_n++] = (uint8_t)count;
	latched[latched_n++] = (uint8_t)(count >> 8);
}

void outb(uint16_t port, uint8_t v)
{
	spend(IO_NS);
	if (port == 0x43 && v == 0x30)
		writes_pending = 2;
	else if (port == 0x43 && v == 0x00)
		latch(false);
	else if (port == 0x43 && v == 0xc2)
		latch(true);
	else if (port == 0x40 && writes_pending && !--writes_pending)
		load_ns = now_ns;
}

uint8_t inb(uint16_t port)
{
	spend(IO_NS);
	if (port != 0x40 || latched_pos == latched_n)
		return 0xff;
	return latched[latched_pos++];
}

extern int (*const sim_driver_init)(void);
static const struct clock_rate_ref *ref;

bool clock_add_rate_ref(const struct clock_rate_ref *r)
{
	ref = r;
	return true;
}

int kprintf(const char *fmt, ...)
{
	(void)fmt;
	return 0;
}

/*
 * The boot's use: the window opens, the boot runs boot_ns, a first
 * reading of the clock takes the estimate, the clock's line matures,
 * and the measured frequency closes the window.  Boots longer than the
 * count's 55 ms measure a fresh window.
 */
struct result {
	uint64_t estimate, hz;
	long accesses;
};

static struct result boot(uint64_t boot_ns)
{
	struct result r = {0, 0, 0};
	uint64_t mature = 0;
	sim_driver_init();
	now_ns += boot_ns;
	r.hz = ref->tsc_hz(&mature);
	if (mature) {
		r.estimate = r.hz;
		while (rdtsc() < mature)
			now_ns += 10000;
		r.hz = ref->tsc_hz(&mature);
	}
	r.hz = mature ? 0 : r.hz; /* a final figure at maturity */
	r.accesses = accesses;
	return r;
}

/* boot() in a child, with a stall before access number stall. */
static struct result boot_stalled(uint64_t boot_ns, long stall)
{
	int fd[2];
	struct result r = {0, 0, -1};
	if (pipe(fd))
		return r;
	pid_t pid = fork();
	if (pid == 0) {
		close(fd[0]);
		now_ns = 1000000000;
		stall_at = stall;
		r = boot(boot_ns);
		_exit(write(fd[1], &r, sizeof r) == sizeof r ? 0 : 1);
	}
	close(fd[1]);
	if (pid < 0 || read(fd[0], &r, sizeof r) != sizeof r)
		r.accesses = -1;
	close(fd[0]);
	waitpid(pid, NULL, 0);
	return r;
}

static bool within(uint64_t hz, uint64_t percent)
{
	uint64_t diff = hz > TSC_HZ ? hz - TSC_HZ : TSC_HZ - hz;
	return diff * 100 <= TSC_HZ * percent;
}

/*
 * A stall of stall_ms before each access in turn of a boot of boot_ns:
 * the final figure within 1% every time; when the boot is short enough
 * for an estimate (60 PIT ticks), the estimate within 5%.
 */
static void check_stalls(const char *what, uint64_t boot_ns, uint64_t stall_ms,
			 bool estimated)
{
	stall_ns = 0;
	long n = boot_stalled(boot_ns, -1).accesses;
	stall_ns = stall_ms * 1000000;
	long bad = 0, estimates = 0, bad_estimates = 0;
	uint64_t low = UINT64_MAX, high = 0;
	for (long i = 0; i < n; i++) {
		struct result r = boot_stalled(boot_ns, i);
		bad += !within(r.hz, 1);
		low = r.hz < low ? r.hz : low;
		high = r.hz > high ? r.hz : high;
		estimates += r.estimate != 0;
		bad_estimates += r.estimate && !within(r.estimate, 5);
	}
	TAP_OK(n > 0 && bad == 0,
	       "%s: a %llu ms stall before any of its %ld accesses leaves the "
	       "frequency within 1%% (%ld do not; %llu to %llu Hz)",
	       what, (unsigned long long)stall_ms, n, bad,
	       (unsigned long long)low, (unsigned long long)high);
	if (estimated)
		TAP_OK(estimates && !bad_estimates,
		       "%s: and the estimate within 5%% (%ld of %ld are not)",
		       what, bad_estimates, estimates);
}

static void check_no_pit(void)
{
	have_pit = false;
	struct result r = boot_stalled(3000000, -1);
	TAP_OK(r.accesses >= 0 && r.hz == 0, "without a PIT: 0 Hz (%llu)",
	       (unsigned long long)r.hz);
	have_pit = true;
}

int main(void)
{
	stall_ns = 0;
	struct result clean = boot_stalled(3000000, -1);
	TAP_OK(within(clean.hz, 1), "no stall: %llu Hz",
	       (unsigned long long)clean.hz);
	for (uint64_t ms = 2; ms <= 20; ms *= 10) {
		check_stalls("a 20 us boot (an estimate first)", 20000, ms,
			     true);
		check_stalls("a 3 ms boot (the boot's window)", 3000000, ms,
			     false);
		check_stalls("a 100 ms boot (a fresh window)", 100000000, ms,
			     false);
	}
	check_no_pit();
	return tap_done();
}
