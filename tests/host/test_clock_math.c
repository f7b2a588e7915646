/*
 * The clock subsystem's arithmetic on the host: RTC register decoding
 * (BCD and binary, 12- and 24-hour, century) against glibc's timegm,
 * days_from_civil over four centuries, and pvclock reads of fabricated
 * pages (scaling with both shift signs, the version protocol, the TSC
 * frequency and the wall clock), and the rule by which the RTC refines
 * the TSC frequency.
 */
#define _GNU_SOURCE
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "pvclock.h"
#include "tap.h"
#include "time_impl.h"

static uint8_t bcd(int v)
{
	return (uint8_t)((v / 10) << 4 | v % 10);
}

static int64_t host_time(int y, int mo, int d, int h, int mi, int s)
{
	struct tm tm = {.tm_year = y - 1900,
			.tm_mon = mo - 1,
			.tm_mday = d,
			.tm_hour = h,
			.tm_min = mi,
			.tm_sec = s};
	return timegm(&tm);
}

static struct rtc_regs regs(int y, int mo, int d, int h, int mi, int s,
			    bool binary, bool h24)
{
	uint8_t (*enc)(int) = binary ? NULL : bcd;
	int hour = h;
	uint8_t pm = 0;
	if (!h24) {
		pm = h >= 12 ? 0x80 : 0;
		hour = h % 12 == 0 ? 12 : h % 12;
	}
#define E(v) (enc ? enc(v) : (uint8_t)(v))
	struct rtc_regs r = {E(s),
			     E(mi),
			     (uint8_t)(E(hour) | pm),
			     E(d),
			     E(mo),
			     E(y % 100),
			     E(y / 100),
			     (uint8_t)((binary ? 4 : 0) | (h24 ? 2 : 0))};
#undef E
	return r;
}

static void test_rtc(void)
{
	int bad = 0, n = 0;
	srand(7);
	for (int i = 0; i < 20000; i++) {
		int y = 1970 + rand() % 130, mo = 1 + rand() % 12;
		int d = 1 + rand() % 28, h = rand() % 24, mi = rand() % 60;
		int s = rand() % 60;
		for (int mode = 0; mode < 4; mode++, n++) {
			struct rtc_regs r =
			    regs(y, mo, d, h, mi, s, mode & 1, mode & 2);
			bad += rtc_to_unix(&r) != host_time(y, mo, d, h, mi, s);
		}
	}
	TAP_OK(bad == 0,
	       "%d random times in BCD/binary, 12/24-hour agree "
	       "with timegm (%d differ)",
	       n, bad);

	struct rtc_regs r = regs(2024, 2, 29, 23, 59, 59, false, true);
	TAP_OK(rtc_to_unix(&r) == host_time(2024, 2, 29, 23, 59, 59),
	       "a leap day");
	r = regs(2023, 2, 29, 0, 0, 0, false, true);
	TAP_OK(rtc_to_unix(&r) == -1,
	       "29 February of a common year is refused");
	r = regs(2026, 11, 27, 0, 30, 0, false, false);
	TAP_OK(rtc_to_unix(&r) == host_time(2026, 11, 27, 0, 30, 0),
	       "12 AM in 12-hour mode is hour 0");
	r = regs(2026, 11, 27, 12, 30, 0, true, false);
	TAP_OK(rtc_to_unix(&r) == host_time(2026, 11, 27, 12, 30, 0),
	       "12 PM in 12-hour mode is hour 12");
	r = regs(2026, 1, 1, 0, 0, 0, false, true);
	r.sec = 0x5a;
	TAP_OK(rtc_to_unix(&r) == -1, "a BCD digit above 9 is refused");
	/* Each field just outside its range, in BCD, 24-hour mode. */
	static const struct {
		size_t off;
		uint8_t v;
	} out_of_range[] = {
	    {offsetof(struct rtc_regs, sec), 0x60},
	    {offsetof(struct rtc_regs, min), 0x60},
	    {offsetof(struct rtc_regs, hour), 0x24},
	    {offsetof(struct rtc_regs, day), 0x00},
	    {offsetof(struct rtc_regs, day), 0x32},
	    {offsetof(struct rtc_regs, month), 0x00},
	    {offsetof(struct rtc_regs, month), 0x13},
	    {offsetof(struct rtc_regs, year), 0xa0},
	};
	int accepted = 0;
	for (size_t i = 0; i < sizeof(out_of_range) / sizeof(*out_of_range);
	     i++) {
		r = regs(2026, 1, 1, 0, 0, 0, false, true);
		((uint8_t *)&r)[out_of_range[i].off] = out_of_range[i].v;
		accepted += rtc_to_unix(&r) != -1;
	}
	r = regs(2026, 1, 1, 0, 0, 0, false, false);
	r.hour = 0x00; /* no hour 0 on a 12-hour clock */
	accepted += rtc_to_unix(&r) != -1;
	TAP_OK(accepted == 0,
	       "each field outside its range is refused (%d accepted)",
	       accepted);
	r = regs(2031, 5, 6, 7, 8, 9, false, true);
	r.century = 0;
	TAP_OK(rtc_to_unix(&r) == host_time(2031, 5, 6, 7, 8, 9),
	       "no century register: 20xx");
	r.century = 0xff;
	TAP_OK(rtc_to_unix(&r) == host_time(2031, 5, 6, 7, 8, 9),
	       "a garbage century register is ignored");

	bool civil_ok = true;
	for (int64_t y = 1600; y <= 2400 && civil_ok; y++)
		for (unsigned m = 1; m <= 12; m += 11)
			civil_ok &= days_from_civil(y, m, 1) * 86400 ==
				    host_time((int)y, (int)m, 1, 0, 0, 0);
	TAP_OK(civil_ok, "days_from_civil agrees with timegm, 1600-2400");
}

static uint64_t fake_tsc;
static volatile struct pvclock_time_info page;
static int reads_until_stable;

static uint64_t read_fake_tsc(void)
{
	/* the "host" finishes an update while the guest reads */
	if (reads_until_stable > 0 && --reads_until_stable == 0)
		page.version += 1;
	return fake_tsc;
}

static void test_pvclock(void)
{
	TAP_OK(pvclock_scale(1000, 1u << 31, 0) == 500, "mul 0.5, no shift");
	TAP_OK(pvclock_scale(1000, 1u << 31, 1) == 1000, "shift left");
	TAP_OK(pvclock_scale(1000, 1u << 31, -2) == 125, "shift right");
	TAP_OK(pvclock_scale(1ULL << 40, 0xffffffffu, 0) ==
		   (uint64_t)(((unsigned __int128)1 << 40) * 0xffffffffu >> 32),
	       "no overflow on large deltas");

	/* a 2.5 GHz TSC: 0.4 ns per cycle = 0.8 * 2^-1 */
	page.version = 2;
	page.tsc_timestamp = 1000000;
	page.system_time = 5000000000ULL;
	page.tsc_to_system_mul = (uint32_t)(0.8 * 4294967296.0);
	page.tsc_shift = -1;
	page.flags = PVCLOCK_TSC_STABLE;
	fake_tsc = 1000000 + 2500000000ULL; /* one second later */
	uint8_t flags = 0;
	uint64_t t = pvclock_read(&page, read_fake_tsc, &flags);
	TAP_OK(t >= 5999999990ULL && t <= 6000000000ULL,
	       "one second of a 2.5 GHz TSC (got %lu)", t);
	TAP_OK(flags == PVCLOCK_TSC_STABLE, "flags are read");
	uint64_t hz = pvclock_tsc_hz(page.tsc_to_system_mul, page.tsc_shift);
	TAP_OK(hz >= 2499999990ULL && hz <= 2500000010ULL,
	       "the frequency from mul and shift (%lu)", hz);

	page.version = 3; /* update in progress */
	reads_until_stable = 3;
	t = pvclock_read(&page, read_fake_tsc, &flags);
	TAP_OK(page.version == 4 && reads_until_stable == 0 &&
		   t >= 5999999990ULL,
	       "an odd version is waited out");

	struct pvclock_wall_clock wc = {2, 1700000000, 123};
	TAP_OK(pvclock_wall_base(&wc) == 1700000000ULL * 1000000000 + 123,
	       "the wall clock base");
}

static void test_muldiv(void)
{
	TAP_OK(muldiv64(1ULL << 62, 1000000000, 2500000000ULL) ==
		   (uint64_t)(((unsigned __int128)1 << 62) * 1000000000 /
			      2500000000ULL),
	       "muldiv64 with a 128-bit product");
	TAP_OK(muldiv64(UINT64_MAX, UINT64_MAX, 1) == UINT64_MAX,
	       "muldiv64 saturates");
}

/*
 * clock.c's refinement on a TSC of TRUE_HZ: the RTC's edges 2, 4 ... 64
 * s after the first, each interrupt late by delay_ms[i] (index 0: the
 * first edge), each estimate put to refinement_accepted() against the
 * clock's rate, which starts at pit_hz.  The rate at the end; *worst:
 * the farthest from the truth any accepted rate was, in parts per
 * 10000.
 */
#define TRUE_HZ 2600000000ULL

static uint64_t off_ppm(uint64_t hz)
{
	uint64_t diff = hz > TRUE_HZ ? hz - TRUE_HZ : TRUE_HZ - hz;
	return diff * 1000000 / TRUE_HZ;
}

static uint64_t refine_run(uint64_t pit_hz, const unsigned delay_ms[7],
			   uint64_t *worst_ppm)
{
	uint64_t rate = pit_hz, refused = 0;
	uint64_t first = delay_ms[0] * (TRUE_HZ / 1000);
	*worst_ppm = 0;
	for (int i = 1; i < 7; i++) {
		uint64_t secs = 1ULL << i;
		uint64_t edge = secs * TRUE_HZ + delay_ms[i] * (TRUE_HZ / 1000);
		uint64_t hz = (edge - first) / secs;
		if (refinement_accepted(hz, rate, &refused)) {
			rate = hz;
			if (off_ppm(hz) > *worst_ppm)
				*worst_ppm = off_ppm(hz);
		}
	}
	return rate;
}

static void test_refinement(void)
{
	static const unsigned none[7];
	uint64_t worst;
	uint64_t hz = refine_run(TRUE_HZ * 10 / 16, none, &worst);
	TAP_OK(off_ppm(hz) <= 100,
	       "a PIT 1.6x off: the RTC's agreeing estimates win (%lu Hz)", hz);
	hz = refine_run(TRUE_HZ * 1004 / 1000, none, &worst);
	TAP_OK(off_ppm(hz) <= 100,
	       "a PIT 0.4%% off: refined to the RTC's (%lu Hz)", hz);

	/* One late interrupt at any edge, from 5 to 200 ms. */
	static const unsigned delays[] = {5, 20, 50, 200};
	int bad = 0;
	uint64_t worst_all = 0;
	for (size_t d = 0; d < sizeof delays / sizeof delays[0]; d++)
		for (int at = 0; at < 7; at++) {
			unsigned late[7] = {0};
			late[at] = delays[d];
			hz = refine_run(TRUE_HZ, late, &worst);
			bad += off_ppm(hz) > 5000 || worst > 5000;
			worst_all = worst > worst_all ? worst : worst_all;
		}
	TAP_OK(bad == 0,
	       "one late RTC interrupt (5-200 ms, any edge) never takes the "
	       "rate more than 0.5%% off (%d runs do; worst %lu ppm)",
	       bad, worst_all);
}

int main(void)
{
	test_rtc();
	test_pvclock();
	test_muldiv();
	test_refinement();
	return tap_done();
}
