/*
 * kernel/entropy.c's generator of last resort on the host, as on a CPU
 * without RDSEED or RDRAND (nocpu/arch.h) and with no source
 * registered: every byte comes from ChaCha20 under keys that each
 * request replaces ("fast key erasure"), seeded from timing jitter.
 *
 * Erasure only holds if no copy of a key outlives its use, and in osv
 * the stack that entropy_read runs on is the application's own (its
 * getrandom is a call): a key left in a dead frame is one uninitialised
 * read away from the program, or from whoever it sends padding to.  So
 * after a request the test reads back the stack that the request's
 * frames used and looks, at every 4-byte step, for 32 bytes that are
 * the request's key (ChaCha20 block 0 under it, zero nonce, is what the
 * request gave) or a generator key (the second half of its block 0 is a
 * request's key): the construction entropy.c describes.  The kernel says
 * that it uses its generator at boot (entropy_report), not when a
 * request seeds it: that would land in the middle of a program's output.
 */
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "arch.h"
#include "chacha20.h"
#include "entropy.h"
#include "entropy_test.h"
#include "tap.h"

#define SCAN_BYTES 16384

/* Faults in the stack below the caller, so that reading it back cannot. */
static __attribute__((noinline)) void touch_stack(void)
{
	volatile uint8_t pad[SCAN_BYTES + 4096];
	for (size_t i = 0; i < sizeof(pad); i += 64)
		pad[i] = 0;
}

/*
 * Calls fn(arg), then copies the SCAN_BYTES below the stack pointer into
 * below: what the frames of fn and its callees left there.
 */
static __attribute__((noinline)) void
run_keeping_stack(void (*fn)(void *), void *arg, uint8_t *below)
{
	touch_stack();
	fn(arg);
	uintptr_t sp;
	__asm__ volatile("mov %%rsp, %0" : "=r"(sp));
	const volatile uint8_t *dead =
	    (const volatile uint8_t *)(sp - SCAN_BYTES);
	for (size_t i = 0; i < SCAN_BYTES; i++)
		below[i] = dead[i];
}

static void read64(void *out)
{
	entropy_read(out, CHACHA20_BLOCK_BYTES);
}

static const uint32_t zero_nonce[CHACHA20_NONCE_WORDS];

/*
 * Whether 32 bytes of the stack copy are the key that gave out (64
 * bytes), or a generator key whose request's key did.
 */
static bool key_of_left(const uint8_t *below, const uint8_t *out)
{
	for (size_t at = 0; at + 32 <= SCAN_BYTES; at += 4) {
		uint32_t key[CHACHA20_KEY_WORDS];
		uint8_t block[CHACHA20_BLOCK_BYTES];
		memcpy(key, below + at, sizeof(key));
		chacha20_block(key, 0, zero_nonce, block);
		if (!memcmp(block, out, sizeof(block)))
			return true;
		memcpy(key, block + 32, sizeof(key));
		chacha20_block(key, 0, zero_nonce, block);
		if (!memcmp(block, out, sizeof(block)))
			return true;
	}
	return false;
}

/* A key in a dead frame, as a check that the scan sees one. */
static void leave_key(void *key)
{
	volatile uint32_t copy[CHACHA20_KEY_WORDS];
	for (int i = 0; i < CHACHA20_KEY_WORDS; i++)
		copy[i] = ((uint32_t *)key)[i];
}

static uint8_t stack1[SCAN_BYTES], stack2[SCAN_BYTES];

int main(void)
{
	TAP_OK(!strcmp(entropy_source_name(), "jitter"),
	       "no source, no RDSEED, no RDRAND: the kernel's generator (%s)",
	       entropy_source_name());

	uint32_t planted[CHACHA20_KEY_WORDS] = {1, 2, 3, 4, 5, 6, 7, 0xfeed};
	uint8_t planted_out[CHACHA20_BLOCK_BYTES];
	chacha20_block(planted, 0, zero_nonce, planted_out);
	run_keeping_stack(leave_key, planted, stack1);
	TAP_OK(key_of_left(stack1, planted_out),
	       "the scan finds a key that a dead frame left on the stack");

	/* the first request seeds the generator, the others do not */
	static uint8_t out1[64], out2[64], out3[64];
	run_keeping_stack(read64, out1, stack1);
	run_keeping_stack(read64, out2, stack2);
	read64(out3);
	TAP_OK(memcmp(out1, out2, 64) && memcmp(out2, out3, 64),
	       "each request gives bytes of its own");
	TAP_OK(!key_of_left(stack1, out1) && !key_of_left(stack1, out2),
	       "the request that seeded leaves neither its key, the seed, "
	       "nor the generator's next key on the stack");
	TAP_OK(!key_of_left(stack2, out2) && !key_of_left(stack2, out3),
	       "a later request leaves neither its key nor a generator's "
	       "on the stack");

	static uint8_t buf[65536];
	size_t n = entropy_read(buf, sizeof(buf));
	TAP_OK(n == sizeof(buf) && distinct(buf, n) == 256,
	       "64 KiB in one request, all 256 byte values (%zu bytes)", n);
	TAP_OK(kprintf_calls == 0,
	       "requests print nothing, not even the first (%u lines)",
	       kprintf_calls);
	entropy_report();
	TAP_OK(kprintf_calls == 1 && strstr(said, "timing jitter"),
	       "entropy_report (at boot) says where the bytes come from");
	return tap_done();
}
