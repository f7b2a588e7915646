/*
 * The HPET driver (drivers/clock/hpet.c) against a simulated timer
 * block: registers in memory whose main counter follows a simulated
 * clock (10 ns a tick, as QEMU's) that the TSC (2.6 GHz) follows too.
 * A working HPET gives the TSC's rate, an estimate first and the final
 * figure once its window is a millisecond wide, a 32-bit counter
 * included across its wrap; what is not a working HPET (registers that
 * cannot be mapped, a period of 0 or past the specification's 100 ns,
 * registers reading all ones, a counter that does not advance) is said
 * and not used.  The driver's init and its reference are reached through
 * the stand-ins for driver.h (test_uart's) and clock.h's registration.
 */
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "arch.h"
#include "clock.h"
#include "hpet.h"
#include "klog.h"
#include "platform.h"
#include "tap.h"

#define TSC_HZ 2600000000ULL
#define NS 1000000000ULL
#define TICK_NS 10

extern int (*const sim_driver_init)(void);

static uint64_t regs[HPET_REGS_SIZE / 8];
static uint64_t now_ns, enabled_ns;
static uint64_t count_start, count_mask;
static bool enabled, stuck, mappable, present;
static const struct clock_rate_ref *ref;
static char logbuf[512];

/* The counter runs from the driver's enabling write, unless stuck. */
static void update_counter(void)
{
	if (!enabled && (regs[HPET_CONFIG / 8] & HPET_CONFIG_ENABLE)) {
		enabled = true;
		enabled_ns = now_ns;
	}
	if (enabled && !stuck)
		regs[HPET_COUNTER / 8] =
		    (count_start + (now_ns - enabled_ns) / TICK_NS) &
		    count_mask;
}

uint64_t rdtsc(void)
{
	now_ns += 20;
	update_counter();
	return (uint64_t)((unsigned __int128)now_ns * TSC_HZ / NS);
}

const struct platform_device *platform_find(enum platform_type type, unsigned i)
{
	static const struct platform_device dev = {
	    PLATFORM_HPET, 0xfed00000, HPET_REGS_SIZE, PLATFORM_NO_IRQ, 0, 0};
	return present && type == PLATFORM_HPET && i == 0 ? &dev : NULL;
}

volatile void *mmio_map(uint64_t pa, size_t len, unsigned flags)
{
	(void)pa, (void)len, (void)flags;
	return mappable ? regs : NULL;
}

bool clock_add_rate_ref(const struct clock_rate_ref *r)
{
	ref = r;
	return true;
}

int kprintf(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	size_t n = strlen(logbuf);
	vsnprintf(logbuf + n, sizeof(logbuf) - n, fmt, ap);
	va_end(ap);
	for (char *nl; (nl = strchr(logbuf, '\n'));)
		*nl = ' '; /* one line of TAP */
	return 0;
}

/* A fresh machine: an HPET with this capabilities register. */
static void machine(uint64_t capabilities)
{
	memset(regs, 0, sizeof(regs));
	regs[HPET_CAPABILITIES / 8] = capabilities;
	now_ns = 1000000;
	enabled = stuck = false;
	mappable = present = true;
	count_start = 0;
	count_mask = capabilities & HPET_CAP_COUNT_64 ? UINT64_MAX : UINT32_MAX;
	ref = NULL;
	logbuf[0] = 0;
}

/* QEMU's: 10 ns, 64-bit counter (bit 13), 3 timers, revision 1. */
#define CAPS_QEMU ((uint64_t)10000000 << 32 | 0x8086a201u)

static bool within(uint64_t hz, uint64_t ppm)
{
	uint64_t diff = hz > TSC_HZ ? hz - TSC_HZ : TSC_HZ - hz;
	return diff * 1000000 <= TSC_HZ * ppm;
}

/* The boot's use: a first reading after boot_ns, then at maturity. */
static void check_rates(const char *what)
{
	uint64_t mature = 1;
	now_ns += 100000; /* the boot goes on 100 us */
	uint64_t estimate = ref ? ref->tsc_hz(&mature) : 0;
	TAP_OK(estimate && mature && within(estimate, 1000),
	       "%s: an estimate within 0.1%% before the window is 1 ms wide "
	       "(%llu Hz)",
	       what, (unsigned long long)estimate);
	while (rdtsc() < mature)
		now_ns += 10000;
	uint64_t hz = ref ? ref->tsc_hz(&mature) : 0;
	TAP_OK(!mature && within(hz, 10),
	       "%s: then the final figure, within 10 ppm (%llu Hz)", what,
	       (unsigned long long)hz);
}

static void check_working(void)
{
	machine(CAPS_QEMU);
	TAP_OK(sim_driver_init() == 0 && ref && !strcmp(ref->name, "hpet") &&
		   enabled && !logbuf[0],
	       "QEMU's HPET: enabled and registered as \"hpet\", silently");
	check_rates("QEMU's HPET");
	/* A 32-bit counter (bit 13 clear) 5 us before its wrap. */
	machine((uint64_t)10000000 << 32 | 0x80868201u);
	count_start = UINT32_MAX - 500;
	TAP_OK(sim_driver_init() == 0, "a 32-bit counter: registered");
	check_rates("a 32-bit counter across its wrap");
}

static void check_refused(const char *what, uint64_t capabilities,
			  const char *message)
{
	machine(capabilities);
	int r = sim_driver_init();
	TAP_OK(r < 0 && !ref && strstr(logbuf, message),
	       "%s: not used, said (%s)", what, logbuf);
}

static void check_broken(void)
{
	check_refused("a period of 0", 0x8086a201u, "period 0 fs");
	check_refused("a period of 100.000001 ns",
		      (uint64_t)(HPET_MAX_PERIOD_FS + 1) << 32 | 0x8086a201u,
		      "period 100000001 fs");
	check_refused("registers reading all ones", UINT64_MAX,
		      "capabilities 0xffffffffffffffff");
	machine(CAPS_QEMU);
	mappable = false;
	TAP_OK(sim_driver_init() < 0 && !ref &&
		   strstr(logbuf, "0xfed00000 cannot be mapped"),
	       "registers that cannot be mapped: not used, said (%s)", logbuf);
	machine(CAPS_QEMU);
	present = false;
	TAP_OK(sim_driver_init() < 0 && !ref && !logbuf[0],
	       "no HPET: nothing registered, nothing said");
	machine(CAPS_QEMU);
	stuck = true;
	uint64_t mature = 0;
	uint64_t hz = sim_driver_init() == 0 ? ref->tsc_hz(&mature) : 1;
	TAP_OK(hz == 0 && strstr(logbuf, "does not advance"),
	       "a counter that does not advance: 0 Hz (the clock asks the "
	       "PIT), said (%s)",
	       logbuf);
}

int main(void)
{
	check_working();
	check_broken();
	return tap_done();
}
