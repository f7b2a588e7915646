/*
 * kernel/entropy.c on the host: with no source registered the bytes
 * come from the CPU, RDSEED first when it has it (then RDRAND); a
 * registered source is used first and, when it stops giving bytes, the
 * CPU fills in the rest.  Checks that need an instruction the host CPU
 * lacks are skipped, saying so.
 */
#include <cpuid.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "arch.h"
#include "entropy.h"
#include "tap.h"

static bool host_has(unsigned leaf, unsigned reg, unsigned bit)
{
	unsigned r[4];
	if (!__get_cpuid_count(leaf, 0, &r[0], &r[1], &r[2], &r[3]))
		return false;
	return r[reg] & (1U << bit);
}

static unsigned distinct(const uint8_t *p, size_t n)
{
	bool seen[256] = {false};
	unsigned count = 0;
	for (size_t i = 0; i < n; i++)
		if (!seen[p[i]]) {
			seen[p[i]] = true;
			count++;
		}
	return count;
}

static unsigned fake_left = 100;

static size_t fake_read(void *buf, size_t len)
{
	size_t n = len < fake_left ? len : fake_left;
	memset(buf, 0xab, n);
	fake_left -= (unsigned)n;
	return n;
}

static const struct entropy_source fake = {"fake", 10, fake_read};

int main(void)
{
	bool seed = host_has(7, 1, 18), rand = host_has(1, 2, 30);
	static uint8_t buf[65536];
	const char *want = seed ? "rdseed" : rand ? "rdrand" : "none";
	TAP_OK(!strcmp(entropy_source_name(), want),
	       "no source registered: the CPU's %s (%s)", want,
	       entropy_source_name());
	if (seed) {
		uint64_t a = 0, b = 0;
		TAP_OK(rdseed64(&a) && rdseed64(&b) && a != b,
		       "RDSEED gives seeds");
	} else {
		printf("ok %d - RDSEED gives seeds # SKIP the host CPU has no "
		       "RDSEED\n",
		       ++tap_count);
	}
	if (!seed && !rand) {
		printf("ok %d - # SKIP the host CPU has neither RDSEED nor "
		       "RDRAND\n",
		       ++tap_count);
		return tap_done();
	}
	size_t n = entropy_read(buf, sizeof(buf));
	TAP_OK(n == sizeof(buf) && distinct(buf, n) == 256,
	       "64 KiB from the CPU, all 256 byte values (%zu bytes)", n);

	TAP_OK(entropy_register(&fake) == 0 &&
		   !strcmp(entropy_source_name(), "fake"),
	       "a registered source comes first");
	memset(buf, 0, 4096);
	n = entropy_read(buf, 4096);
	bool from_fake = true;
	for (unsigned i = 0; i < 100; i++)
		from_fake &= buf[i] == 0xab;
	TAP_OK(n == 4096 && from_fake && fake_left == 0,
	       "its bytes first (%zu bytes read)", n);
	TAP_OK(distinct(buf + 100, 4096 - 100) > 200,
	       "once it gives no more, the CPU fills in the rest");
	return tap_done();
}
