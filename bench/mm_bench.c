/*
 * Host micro-benchmark of kernel/mm: time per page_alloc/page_free and
 * heap_alloc/heap_free pair, with the host's malloc for scale.  Not part of
 * make check; build and run by hand:
 *
 *   gcc -O2 -std=gnu11 -Ikernel/include bench/mm_bench.c \
 *       kernel/mm/page_alloc.c kernel/mm/heap.c -o /tmp/mm_bench
 *   /tmp/mm_bench
 *
 * The arena is populated up front so page faults do not count.  Each case
 * reports the best of a few rounds, in nanoseconds per pair.
 */
#define _GNU_SOURCE
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <time.h>

#include "mm.h"

#define ARENA_SIZE ((size_t)256 << 20)
#define ROUNDS 5
#define LIVE 10000

void mm_corruption(const char *what, const void *p)
{
	fprintf(stderr, "mm_corruption: %s at %p\n", what, p);
	abort();
}

static uint64_t rng = 88172645463325252ull;

static uint64_t rnd(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng;
}

static double now_ns(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec * 1e9 + t.tv_nsec;
}

/* Best of ROUNDS runs of fn(n), in ns per iteration. */
static double best(void (*fn)(long), long n)
{
	double min = 1e30;

	for (int r = 0; r < ROUNDS; r++) {
		double t = now_ns();

		fn(n);
		t = (now_ns() - t) / n;
		if (t < min)
			min = t;
	}
	return min;
}

static void page_pair_order0(long n)
{
	for (long i = 0; i < n; i++)
		page_free(page_alloc(0), 0);
}

static void page_pair_order4(long n)
{
	for (long i = 0; i < n; i++)
		page_free(page_alloc(4), 4);
}

/* LIVE pages held, a random one replaced each time: lists stay mixed. */
static void page_random(long n)
{
	static void *v[LIVE];

	for (int i = 0; i < LIVE; i++)
		v[i] = page_alloc(0);
	for (long i = 0; i < n; i++) {
		void **slot = &v[rnd() % LIVE];

		page_free(*slot, 0);
		*slot = page_alloc(0);
	}
	for (int i = 0; i < LIVE; i++)
		page_free(v[i], 0);
}

static void heap_pair_64(long n)
{
	for (long i = 0; i < n; i++)
		heap_free(heap_alloc(64));
}

static void heap_pair_16k(long n)
{
	for (long i = 0; i < n; i++)
		heap_free(heap_alloc(16384));
}

static void malloc_pair_64(long n)
{
	for (long i = 0; i < n; i++) {
		void *volatile p = malloc(64);
		free(p);
	}
}

/* LIVE objects of 1..512 bytes held, a random one replaced each time. */
static void random_small(long n, void *(*alloc)(size_t),
			 void (*release)(void *))
{
	static void *v[LIVE];

	for (int i = 0; i < LIVE; i++)
		v[i] = alloc(rnd() % 512 + 1);
	for (long i = 0; i < n; i++) {
		void **slot = &v[rnd() % LIVE];

		release(*slot);
		*slot = alloc(rnd() % 512 + 1);
	}
	for (int i = 0; i < LIVE; i++)
		release(v[i]);
}

static void heap_random(long n)
{
	random_small(n, heap_alloc, heap_free);
}

static void malloc_random(long n)
{
	random_small(n, malloc, free);
}

int main(void)
{
	char *arena = mmap(NULL, ARENA_SIZE, PROT_READ | PROT_WRITE,
			   MAP_PRIVATE | MAP_ANONYMOUS | MAP_POPULATE, -1, 0);
	void *keep;

	if (arena == MAP_FAILED)
		return 1;
	page_alloc_add_range((uintptr_t)arena, (uintptr_t)arena + ARENA_SIZE);
	printf("page allocator: %zu MiB managed, %zu bytes of metadata "
	       "(%zu per MiB)\n",
	       page_alloc_total_bytes() >> 20, page_alloc_meta_bytes(),
	       page_alloc_meta_bytes() / (page_alloc_total_bytes() >> 20));

	/* With everything free, each pair splits and merges every order. */
	printf("page_alloc(0)+page_free, full split/merge: %6.1f ns\n",
	       best(page_pair_order0, 2000000));
	keep = page_alloc(0);
	printf("page_alloc(0)+page_free, buddy in use:     %6.1f ns\n",
	       best(page_pair_order0, 2000000));
	printf("page_alloc(4)+page_free:                   %6.1f ns\n",
	       best(page_pair_order4, 2000000));
	printf("page free+alloc, random among %d live:  %6.1f ns\n", LIVE,
	       best(page_random, 2000000));
	page_free(keep, 0);

	printf("heap_alloc(64)+heap_free:                  %6.1f ns\n",
	       best(heap_pair_64, 5000000));
	printf("malloc(64)+free (host libc):               %6.1f ns\n",
	       best(malloc_pair_64, 5000000));
	printf("heap_alloc(16K)+heap_free:                 %6.1f ns\n",
	       best(heap_pair_16k, 2000000));
	printf("heap free+alloc, 1..512 B, %d live:     %6.1f ns\n", LIVE,
	       best(heap_random, 5000000));
	printf("free+malloc, 1..512 B, %d live (libc):  %6.1f ns\n", LIVE,
	       best(malloc_random, 5000000));
	return 0;
}
