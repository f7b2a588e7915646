/*
 * Random bytes for getrandom() and friends.  Drivers register sources
 * (virtio-rng, ...); entropy_read() takes from the one of highest
 * priority, and falls back to the CPU's RDSEED, then RDRAND, then the
 * kernel's own generator (ChaCha20 seeded from timing jitter), for what
 * the sources did not give.
 */
#ifndef KERNEL_ENTROPY_H
#define KERNEL_ENTROPY_H

#include <stddef.h>

#define ENTROPY_MAX_SOURCES 4

struct entropy_source {
	const char *name;
	int priority;
	/* Fills up to len bytes; returns how many (0 when it failed). */
	size_t (*read)(void *buf, size_t len);
};

/* Adds a source (kept by pointer); 0, or -1 when the table is full. */
int entropy_register(const struct entropy_source *src);

/* Fills buf with len random bytes; returns len. */
size_t entropy_read(void *buf, size_t len);

/*
 * The name of the source entropy_read() uses now ("virtio-rng",
 * "rdseed", "rdrand", "jitter": the kernel's generator).
 */
const char *entropy_source_name(void);

/*
 * Says on the console when the kernel's generator is all there is (no
 * source registered, no RDSEED, no RDRAND).  Called at boot once the
 * drivers have registered their sources, so the line comes before the
 * application's output, never into the middle of one of its lines.
 */
void entropy_report(void);

#endif
