/*
 * kernel/entropy.c on the host: with no source registered the bytes
 * come from the CPU, RDSEED first when it has it (then RDRAND, then the
 * kernel's generator); a registered source is used first and, when it
 * stops giving bytes, the CPU fills in the rest.  The RDSEED check is
 * skipped on a host CPU without it, saying so.  kernel/chacha20.c, the
 * generator's block function, gives RFC 8439's example.
 */
#include <cpuid.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "arch.h"
#include "chacha20.h"
#include "entropy.h"
#include "entropy_test.h"
#include "tap.h"

static bool host_has(unsigned leaf, unsigned reg, unsigned bit)
{
	unsigned r[4];
	if (!__get_cpuid_count(leaf, 0, &r[0], &r[1], &r[2], &r[3]))
		return false;
	return r[reg] & (1U << bit);
}

/* RFC 8439, 2.3.2: key 00 01 .. 1f, nonce 00:00:00:09:00:00:00:4a:00:00:00:00,
 * block 1. */
static bool chacha20_example(void)
{
	static const uint8_t want[CHACHA20_BLOCK_BYTES] = {
	    0x10, 0xf1, 0xe7, 0xe4, 0xd1, 0x3b, 0x59, 0x15, 0x50, 0x0f, 0xdd,
	    0x1f, 0xa3, 0x20, 0x71, 0xc4, 0xc7, 0xd1, 0xf4, 0xc7, 0x33, 0xc0,
	    0x68, 0x03, 0x04, 0x22, 0xaa, 0x9a, 0xc3, 0xd4, 0x6c, 0x4e, 0xd2,
	    0x82, 0x64, 0x46, 0x07, 0x9f, 0xaa, 0x09, 0x14, 0xc2, 0xd7, 0x05,
	    0xd9, 0x8b, 0x02, 0xa2, 0xb5, 0x12, 0x9c, 0xd1, 0xde, 0x16, 0x4e,
	    0xb9, 0xcb, 0xd0, 0x83, 0xe8, 0xa2, 0x50, 0x3c, 0x4e};
	uint32_t key[CHACHA20_KEY_WORDS];
	for (int i = 0; i < CHACHA20_KEY_WORDS; i++)
		key[i] = (uint32_t)(4 * i) | (uint32_t)(4 * i + 1) << 8 |
			 (uint32_t)(4 * i + 2) << 16 |
			 (uint32_t)(4 * i + 3) << 24;
	const uint32_t nonce[CHACHA20_NONCE_WORDS] = {0x09000000, 0x4a000000,
						      0};
	uint8_t got[CHACHA20_BLOCK_BYTES];
	chacha20_block(key, 1, nonce, got);
	return memcmp(got, want, sizeof(want)) == 0;
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
	TAP_OK(chacha20_example(), "ChaCha20's block is RFC 8439's example");
	const char *want = seed ? "rdseed" : rand ? "rdrand" : "jitter";
	TAP_OK(!strcmp(entropy_source_name(), want),
	       "no source registered: the CPU's %s (%s)", want,
	       entropy_source_name());
	entropy_report();
	TAP_OK(kprintf_calls == (seed || rand ? 0u : 1u),
	       "the kernel's generator is announced only when it is all "
	       "there is (%u lines)",
	       kprintf_calls);
	if (seed) {
		uint64_t a = 0, b = 0;
		TAP_OK(rdseed64(&a) && rdseed64(&b) && a != b,
		       "RDSEED gives seeds");
	} else {
		printf("ok %d - RDSEED gives seeds # SKIP the host CPU has no "
		       "RDSEED\n",
		       ++tap_count);
	}
	size_t n = entropy_read(buf, sizeof(buf));
	TAP_OK(n == sizeof(buf) && distinct(buf, n) == 256,
	       "64 KiB from the CPU (or the kernel's generator), all 256 "
	       "byte values (%zu bytes)",
	       n);

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
