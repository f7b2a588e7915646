/*
 * The entropy sources (entropy.h): the registered one of highest
 * priority, then RDSEED, then RDRAND.  A source that stops giving bytes
 * (RDSEED does when its entropy runs short) makes entropy_read() try
 * the next.  When none gives any (no device, and a CPU without RDSEED
 * or RDRAND: older hardware, QEMU's qemu64 model, a hypervisor that
 * hides them), the kernel's own generator does, as Linux's does: a
 * caller such as OpenSSL treats a getrandom that fails as fatal.
 */
#include <string.h>

#include "arch.h"
#include "chacha20.h"
#include "entropy.h"
#include "klog.h"
#include "spinlock.h"

static const struct entropy_source *sources[ENTROPY_MAX_SOURCES];
static unsigned source_count;

int entropy_register(const struct entropy_source *src)
{
	if (source_count == ENTROPY_MAX_SOURCES)
		return -1;
	unsigned i = source_count++;
	while (i > 0 && sources[i - 1]->priority < src->priority) {
		sources[i] = sources[i - 1];
		i--;
	}
	sources[i] = src;
	return 0;
}

static size_t cpu_read(void *buf, size_t len, bool (*next)(uint64_t *))
{
	uint8_t *out = buf;
	size_t done = 0;
	uint64_t v;
	while (done < len && next(&v)) {
		size_t n = len - done < sizeof(v) ? len - done : sizeof(v);
		memcpy(out + done, &v, n);
		done += n;
	}
	return done;
}

static size_t from_sources(uint8_t *buf, size_t len)
{
	size_t done = 0;
	for (unsigned i = 0; i < source_count && done < len; i++) {
		size_t n;
		while (done < len &&
		       (n = sources[i]->read(buf + done, len - done)))
			done += n;
	}
	return done;
}

/*
 * The generator of last resort: ChaCha20 in counter mode under a key
 * that each request replaces ("fast key erasure"): the request's first
 * block gives the generator's next key and the request's own, so the
 * bytes it gave cannot be computed again from the state left behind.
 * That holds only if no copy of a key outlives its use: every key,
 * seed and block on the stack is wiped (explicit_bzero) before its
 * function returns, since that stack is the application's (getrandom
 * is a call) and a dead frame is one uninitialised read away from it.
 * The first key comes from timing jitter (jitter_seed), when first
 * needed: seeding takes a few milliseconds under TCG, which a boot
 * whose program never asks for random bytes need not pay.
 */
static struct spinlock generator_lock = SPINLOCK_INIT;
static uint32_t generator_key[CHACHA20_KEY_WORDS];
static bool generator_seeded;

#define JITTER_SAMPLES 4096

/*
 * A key from timing: the TSC read around a little memory work, whose
 * duration varies with the caches, interrupts and, in a virtual
 * machine, the host's own scheduling.  The samples are XORed into a
 * pool that ChaCha20 (keyed with the pool itself) mixes after every
 * eight, so that each bit of every sample reaches every bit of the key.
 */
static void jitter_seed(uint32_t key[CHACHA20_KEY_WORDS])
{
	static volatile uint8_t scratch[4096];
	static const uint32_t nonce[CHACHA20_NONCE_WORDS];
	uint32_t pool[CHACHA20_KEY_WORDS] = {0};
	uint8_t mixed[CHACHA20_BLOCK_BYTES];
	for (unsigned i = 0; i < JITTER_SAMPLES; i++) {
		uint64_t start = rdtsc();
		for (unsigned j = 0; j < 64; j++)
			scratch[(start + j * 67) % sizeof(scratch)] +=
			    (uint8_t)j;
		uint32_t took = (uint32_t)(rdtsc() - start);
		pool[i % CHACHA20_KEY_WORDS] ^=
		    (uint32_t)start ^ took << 16 ^ took >> 16;
		if (i % CHACHA20_KEY_WORDS == CHACHA20_KEY_WORDS - 1) {
			chacha20_block(pool, i, nonce, mixed);
			memcpy(pool, mixed, sizeof(pool));
		}
	}
	memcpy(key, pool, sizeof(pool));
	explicit_bzero(pool, sizeof(pool));
	explicit_bzero(mixed, sizeof(mixed));
}

/* The key of one request, and the generator's next, from its current. */
static void generator_next_key(uint32_t request_key[CHACHA20_KEY_WORDS])
{
	static const uint32_t nonce[CHACHA20_NONCE_WORDS];
	uint32_t seed[CHACHA20_KEY_WORDS];
	bool seeding = !__atomic_load_n(&generator_seeded, __ATOMIC_ACQUIRE);
	if (seeding)
		jitter_seed(seed); /* outside the lock: it takes a while */
	uint8_t block[CHACHA20_BLOCK_BYTES];
	unsigned long flags = spin_lock(&generator_lock);
	seeding = seeding && !generator_seeded; /* another may have seeded */
	if (seeding) {
		memcpy(generator_key, seed, sizeof(seed));
		__atomic_store_n(&generator_seeded, true, __ATOMIC_RELEASE);
	}
	chacha20_block(generator_key, 0, nonce, block);
	memcpy(generator_key, block, sizeof(generator_key));
	spin_unlock(&generator_lock, flags);
	memcpy(request_key, block + sizeof(generator_key),
	       CHACHA20_KEY_WORDS * sizeof(uint32_t));
	/* the stack is the application's: no key may outlive its use */
	explicit_bzero(block, sizeof(block));
	explicit_bzero(seed, sizeof(seed));
}

static size_t generator_read(uint8_t *out, size_t len)
{
	static const uint32_t nonce[CHACHA20_NONCE_WORDS];
	uint32_t key[CHACHA20_KEY_WORDS];
	uint8_t block[CHACHA20_BLOCK_BYTES];
	generator_next_key(key);
	for (size_t done = 0, i = 0; done < len; i++) {
		size_t n =
		    len - done < sizeof(block) ? len - done : sizeof(block);
		chacha20_block(key, (uint32_t)i, nonce, block);
		memcpy(out + done, block, n);
		done += n;
	}
	explicit_bzero(key, sizeof(key));
	explicit_bzero(block, sizeof(block));
	return len;
}

size_t entropy_read(void *buf, size_t len)
{
	uint8_t *out = buf;
	size_t done = from_sources(out, len);
	done += cpu_read(out + done, len - done, rdseed64);
	done += cpu_read(out + done, len - done, rdrand64);
	if (done < len)
		done += generator_read(out + done, len - done);
	return done;
}

const char *entropy_source_name(void)
{
	uint64_t v;
	if (source_count)
		return sources[0]->name;
	return rdseed64(&v) ? "rdseed" : rdrand64(&v) ? "rdrand" : "jitter";
}

void entropy_report(void)
{
	uint64_t v;
	/* CPUID's RDRAND bit, not rdrand64's loop: fewer blocks at boot */
	if (source_count || cpuid(1, 0).ecx & 1U << 30 || rdseed64(&v))
		return;
	kprintf("entropy: no virtio-rng, RDSEED or RDRAND: random bytes "
		"from the kernel's generator, seeded from timing jitter\n");
}
