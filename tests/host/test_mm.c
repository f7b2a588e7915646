/*
 * Host unit test of the page allocator and the kernel heap (TAP output).
 *
 * The kernel's kernel/mm sources are compiled unchanged for the host, and
 * "physical memory" is an mmap'ed arena: a 64 MiB main region aligned to
 * 1 GiB, so that which blocks fit does not depend on where mmap put it, plus
 * a 1 MiB side region 512 MiB above it (another chunk of the allocator's
 * bookkeeping).  They are handed in as unsorted ranges with ragged ends,
 * some meeting at page boundaries that are not block boundaries, so that
 * only merging across ranges can build the 16 MiB block the test expects.
 *
 * The allocator carves added ranges into blocks only as allocations need
 * them, so the arena is filled with a pattern before it is handed in: adding
 * must leave it intact, and carving may change only a few pages.  Once the
 * first exhaustion test has carved everything, the free blocks per order
 * that a full merge must give are computed from the pages it was handed
 * (the buddy decomposition of a set of free pages is unique).
 *
 * The test keeps its own record of everything it allocated: a byte per page
 * of the arena for page blocks (catching any overlap at once) and, for heap
 * objects, a pattern written over each object's whole requested size and
 * verified before it is freed (catching overlap and stray writes).  After
 * every phase everything is freed and the allocator must be back in exactly
 * its starting state: same free bytes and, once everything is carved, the
 * number of free blocks per order that proves merging worked.
 *
 * Scenarios that need an allocator of their own (a fresh one, several GiB
 * of address space, ranges that must stay untouched) run first, each in a
 * forked child, which starts from the empty allocator.  Whether the
 * allocator touched memory it was given is seen with mincore(): memory of a
 * fresh mapping is resident only once something read or wrote it.
 *
 * mm_corruption() is defined here to count reports; a report nobody expected
 * fails the test that was running.
 */
#define _GNU_SOURCE
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include "mm.h"

#define KiB ((size_t)1 << 10)
#define MiB ((size_t)1 << 20)
#define GiB ((size_t)1 << 30)
#define MAIN_SIZE (64 * MiB)
#define SIDE_OFFSET (512 * MiB)
#define SIDE_SIZE MiB
#define SPAN (SIDE_OFFSET + SIDE_SIZE)
#define NORDERS (PAGE_ORDER_MAX + 1)

static uintptr_t arena; /* 1 GiB aligned */
/* Per page of [arena, arena + SPAN): held by the test; ever handed out. */
static unsigned char *shadow, *freeable;

/* TAP bookkeeping */
static int test_count, tests_failed, check_errors;

/* mm_corruption() bookkeeping */
static int reports, unexpected_reports;
static bool expecting_report;

void mm_corruption(const char *what, const void *p)
{
	reports++;
	if (expecting_report)
		return;
	unexpected_reports++;
	printf("# unexpected mm_corruption: %s at %p\n", what, p);
}

static void check(bool cond, const char *fmt, ...)
{
	va_list ap;

	if (cond)
		return;
	if (check_errors++ < 10) {
		printf("# ");
		va_start(ap, fmt);
		vprintf(fmt, ap);
		va_end(ap);
		printf("\n");
	}
}

/* A TAP test point, failed by any check or stray report since the last. */
static void test_point(const char *desc)
{
	bool ok = check_errors == 0 && unexpected_reports == 0;

	printf("%s %d - %s\n", ok ? "ok" : "not ok", ++test_count, desc);
	if (!ok)
		tests_failed++;
	check_errors = 0;
	unexpected_reports = 0;
	fflush(stdout);
}

/* Runs stmt and checks that it made exactly one corruption report. */
#define EXPECT_REPORT(desc, stmt)                                              \
	do {                                                                   \
		int before_ = reports;                                         \
		expecting_report = true;                                       \
		stmt;                                                          \
		expecting_report = false;                                      \
		check(reports == before_ + 1, "%s: %d reports, expected 1",    \
		      desc, reports - before_);                                \
	} while (0)

static uint64_t rng_state = 0x9e3779b97f4a7c15;

static uint64_t rnd(void)
{
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return rng_state * 0x2545f4914f6cdd1d;
}

static size_t rnd_below(size_t n)
{
	return rnd() % n;
}

static void shuffle(void **v, unsigned *w, size_t n)
{
	for (size_t i = n; i > 1; i--) {
		size_t j = rnd_below(i);
		void *t = v[i - 1];
		unsigned u = w ? w[i - 1] : 0;

		v[i - 1] = v[j];
		v[j] = t;
		if (w) {
			w[i - 1] = w[j];
			w[j] = u;
		}
	}
}

/* ------------------------------------------------------------------ */
/* Arena and ranges */

static void map_arena(void)
{
	size_t reserve = SPAN + GiB;
	char *p = mmap(NULL, reserve, PROT_NONE,
		       MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);

	if (p == MAP_FAILED) {
		perror("mmap");
		exit(2);
	}
	arena = ((uintptr_t)p + GiB - 1) & ~(GiB - 1);
	if (mprotect((void *)arena, MAIN_SIZE, PROT_READ | PROT_WRITE) ||
	    mprotect((void *)(arena + SIDE_OFFSET), SIDE_SIZE,
		     PROT_READ | PROT_WRITE)) {
		perror("mprotect");
		exit(2);
	}
	shadow = calloc(SPAN / PAGE_SIZE, 1);
}

struct range {
	size_t start, end; /* offsets from arena */
};

/*
 * Not sorted; ragged ends; r1/r2 and r0/r1 meet on page boundaries inside
 * [16M, 32M), [0, 16M); r2/r3 share a partial page that neither may use.
 */
static const struct range ranges[] = {
    {40 * MiB + 12 * KiB + 123, 52 * MiB},	     /* r3 */
    {5, 8 * MiB + 4 * KiB},			     /* r0 */
    {56 * MiB - 4 * KiB + 1, 64 * MiB - 3},	     /* r5 */
    {SIDE_OFFSET + 100, SIDE_OFFSET + MiB - 100},    /* side */
    {24 * MiB + 8 * KiB, 40 * MiB + 12 * KiB + 123}, /* r2 */
    {52 * MiB + 4 * KiB, 56 * MiB - 4 * KiB},	     /* r4 */
    {8 * MiB + 4 * KiB, 24 * MiB + 8 * KiB},	     /* r1 */
    {52 * MiB + 1, 52 * MiB + 4095},		     /* no whole page */
};

#define NRANGES (sizeof(ranges) / sizeof(ranges[0]))

static size_t initial_free;
/* The fully merged shape; known once everything has been carved. */
static size_t initial_blocks[NORDERS];
static bool have_initial_blocks;

static size_t trimmed_bytes(const struct range *r)
{
	size_t s = (r->start + PAGE_SIZE - 1) & ~(PAGE_SIZE - 1);
	size_t e = r->end & ~(PAGE_SIZE - 1);

	return e > s ? e - s : 0;
}

static size_t listed_blocks(void)
{
	size_t n = 0;

	for (unsigned k = 0; k < NORDERS; k++)
		n += page_alloc_free_blocks(k);
	return n;
}

/*
 * The free blocks per order of the full buddy merge of the pages marked in
 * map, whose first page is 1 GiB aligned: each run of marked pages splits
 * into the largest aligned blocks that fit, from its start.
 */
static void merged_shape(const unsigned char *map, size_t npages,
			 size_t counts[NORDERS])
{
	size_t i = 0;

	memset(counts, 0, NORDERS * sizeof(counts[0]));
	while (i < npages) {
		size_t end = i;

		while (end < npages && map[end])
			end++;
		while (i < end) {
			unsigned k = 0;

			while (k < PAGE_ORDER_MAX && !(i & ((size_t)1 << k)) &&
			       end - i >= (size_t)2 << k)
				k++;
			counts[k]++;
			i += (size_t)1 << k;
		}
		i++;
	}
}

/* Everything free again, and merged back exactly as at the start. */
static void check_initial_state(const char *when)
{
	check(page_alloc_free_bytes() == initial_free,
	      "%s: %zu bytes free, expected %zu", when, page_alloc_free_bytes(),
	      initial_free);
	for (unsigned k = 0; have_initial_blocks && k < NORDERS; k++)
		check(page_alloc_free_blocks(k) == initial_blocks[k],
		      "%s: %zu free blocks of order %u, expected %zu", when,
		      page_alloc_free_blocks(k), k, initial_blocks[k]);
	check(page_alloc_check(), "%s: page_alloc_check failed", when);
}

static bool in_arena(uintptr_t a, size_t len)
{
	uintptr_t side = arena + SIDE_OFFSET;

	return (a >= arena && a + len <= arena + MAIN_SIZE) ||
	       (a >= side && a + len <= side + SIDE_SIZE);
}

/* What the arena holds before it is handed in: a word per 8 bytes. */
static uint64_t pattern_at(uintptr_t a)
{
	return (a * 0x9e3779b97f4a7c15) ^ 0x5a5aa5a5c3c33c3c;
}

static void fill_pattern(uintptr_t a, size_t len)
{
	for (size_t i = 0; i < len; i += 8)
		*(uint64_t *)(a + i) = pattern_at(a + i);
}

static bool page_intact(uintptr_t a)
{
	for (size_t i = 0; i < PAGE_SIZE; i += 8)
		if (*(uint64_t *)(a + i) != pattern_at(a + i))
			return false;
	return true;
}

/* Arena pages whose pattern changed, not counting [skip, skip + len). */
static size_t changed_pages(uintptr_t skip, size_t len)
{
	size_t n = 0;

	for (uintptr_t a = arena; a < arena + SPAN; a += PAGE_SIZE)
		if (in_arena(a, PAGE_SIZE) && (a < skip || a >= skip + len))
			n += !page_intact(a);
	return n;
}

static void test_add_ranges(void)
{
	size_t expect_total = 0, changed;

	fill_pattern(arena, MAIN_SIZE);
	fill_pattern(arena + SIDE_OFFSET, SIDE_SIZE);
	for (size_t i = 0; i < NRANGES; i++) {
		page_alloc_add_range(arena + ranges[i].start,
				     arena + ranges[i].end);
		expect_total += trimmed_bytes(&ranges[i]);
	}
	printf("# %zu bytes handed in, %zu kept for bookkeeping\n",
	       page_alloc_total_bytes(), page_alloc_meta_bytes());
	check(page_alloc_total_bytes() == expect_total,
	      "total %zu, expected %zu", page_alloc_total_bytes(),
	      expect_total);
	check(page_alloc_meta_bytes() > 0 &&
		  page_alloc_meta_bytes() <= 2 * PAGE_SIZE,
	      "meta %zu bytes for two chunks", page_alloc_meta_bytes());
	check(page_alloc_free_bytes() + page_alloc_meta_bytes() ==
		  page_alloc_total_bytes(),
	      "free %zu + meta %zu != total %zu", page_alloc_free_bytes(),
	      page_alloc_meta_bytes(), page_alloc_total_bytes());
	check(page_alloc_pending_bytes() == page_alloc_total_bytes(),
	      "%zu bytes pending of %zu", page_alloc_pending_bytes(),
	      page_alloc_total_bytes());
	for (unsigned k = 0; k < NORDERS; k++)
		check(page_alloc_free_blocks(k) == 0,
		      "free block of order %u before any allocation", k);
	check(page_alloc_check(), "page_alloc_check failed");
	changed = changed_pages(0, 0);
	check(changed == 0, "adding ranges wrote into %zu pages", changed);
	initial_free = page_alloc_free_bytes();
	test_point("ranges: trimmed and counted, nothing written into them");

	/* Only [16M, 32M) is whole, and only r1 and r2 together cover it. */
	void *p = page_alloc(12);
	check(p == (void *)(arena + 16 * MiB), "16 MiB block at %p", p);
	/* Carving writes the header of each block it frees, and descriptors. */
	changed = changed_pages((uintptr_t)p, 16 * MiB);
	check(changed <= listed_blocks() + page_alloc_meta_bytes() / PAGE_SIZE,
	      "%zu pages written for %zu free blocks", changed,
	      listed_blocks());
	check(page_alloc_pending_bytes() > 0, "everything carved at once");
	check(page_alloc(12) == NULL, "a second 16 MiB block");
	page_free(p, 12);
	check(page_alloc(PAGE_ORDER_MAX) == NULL, "1 GiB block from 65 MiB");
	check(page_alloc(PAGE_ORDER_MAX + 1) == NULL, "order beyond max");
	check(page_alloc(1000) == NULL, "order 1000");
	check_initial_state("after largest block");
	test_point("page_alloc: largest block is the merged one, carved late");
}

/* ------------------------------------------------------------------ */
/* Page allocator */

/* Checks a fresh block and marks its pages as the test's. */
static void claim(void *p, unsigned order)
{
	uintptr_t a = (uintptr_t)p;
	size_t n = (size_t)1 << order;

	check(a % (PAGE_SIZE << order) == 0, "order %u block %p misaligned",
	      order, p);
	if (!in_arena(a, n * PAGE_SIZE)) {
		check(false, "order %u block %p outside the arena", order, p);
		return;
	}
	for (size_t i = 0; i < n; i++) {
		unsigned char *s = &shadow[(a - arena) / PAGE_SIZE + i];

		check(!*s, "page %p handed out twice", (void *)a);
		*s = 1;
	}
	/* Writing over the block catches it overlapping allocator data. */
	memset(p, 0xa5, n * PAGE_SIZE);
}

static void unclaim(void *p, unsigned order)
{
	size_t first = ((uintptr_t)p - arena) / PAGE_SIZE;

	for (size_t i = 0; i < (size_t)1 << order; i++)
		shadow[first + i] = 0;
}

static void test_exhaust_order0(void)
{
	size_t max = initial_free / PAGE_SIZE, n = 0;
	void **v = malloc(max * sizeof(*v));
	void *p;

	while ((p = page_alloc(0)) && n < max) {
		claim(p, 0);
		v[n++] = p;
	}
	check(p == NULL, "more pages than were free");
	check(n == max, "%zu pages before NULL, %zu were free", n, max);
	check(page_alloc_free_bytes() == 0, "%zu bytes free when exhausted",
	      page_alloc_free_bytes());
	check(page_alloc_pending_bytes() == 0, "%zu bytes still pending",
	      page_alloc_pending_bytes());
	check(page_alloc(0) == NULL, "page after exhaustion");
	freeable = malloc(SPAN / PAGE_SIZE);
	memcpy(freeable, shadow, SPAN / PAGE_SIZE);
	/* All carved now: freeing every page must give exactly this. */
	merged_shape(freeable, SPAN / PAGE_SIZE, initial_blocks);
	have_initial_blocks = true;
	check(initial_blocks[12] == 1, "%zu 16 MiB blocks expected",
	      initial_blocks[12]);
	check(page_alloc_check(), "page_alloc_check failed when empty");
	shuffle(v, NULL, n);
	for (size_t i = 0; i < n; i++) {
		unclaim(v[i], 0);
		page_free(v[i], 0);
	}
	check_initial_state("after freeing all pages");
	check(page_alloc(12) == (void *)(arena + 16 * MiB),
	      "no 16 MiB block after refill");
	page_free((void *)(arena + 16 * MiB), 12);
	free(v);
	test_point("page_alloc: exhaustion by single pages, full merge back");
}

/* NULL for an order must mean no free block of that order or above. */
static void check_null_is_exhaustion(unsigned order)
{
	for (unsigned k = order; k < NORDERS; k++)
		check(page_alloc_free_blocks(k) == 0,
		      "NULL for order %u with a free block of order %u", order,
		      k);
}

static void test_exhaust_mixed(void)
{
	size_t max = initial_free / PAGE_SIZE, n = 0, used = 0;
	void **v = malloc(max * sizeof(*v));
	unsigned *ord = malloc(max * sizeof(*ord));

	for (;;) {
		unsigned k = rnd_below(13);
		void *p = page_alloc(k);

		if (!p) {
			check_null_is_exhaustion(k);
			if (k == 0)
				break;
			continue;
		}
		claim(p, k);
		v[n] = p;
		ord[n++] = k;
		used += PAGE_SIZE << k;
		check(page_alloc_free_bytes() == initial_free - used,
		      "free bytes %zu, expected %zu", page_alloc_free_bytes(),
		      initial_free - used);
	}
	check(used == initial_free, "used %zu of %zu", used, initial_free);
	shuffle(v, ord, n);
	for (size_t i = 0; i < n; i++) {
		unclaim(v[i], ord[i]);
		page_free(v[i], ord[i]);
	}
	check_initial_state("after mixed exhaustion");
	free(v);
	free(ord);
	test_point("page_alloc: exhaustion by mixed orders, exact accounting");
}

/* Orders 0..10, each about half as likely as the one below. */
static unsigned random_order(void)
{
	unsigned k = 0;

	while (k < 10 && rnd_below(2))
		k++;
	return k;
}

/* Any free page lies in a free block, so freeing it must be refused. */
static void free_a_free_page(void)
{
	size_t i;

	do
		i = rnd_below(SPAN / PAGE_SIZE);
	while (!freeable[i] || shadow[i]);
	EXPECT_REPORT("free of a free page",
		      page_free((void *)(arena + i * PAGE_SIZE), 0));
}

#define PAGE_STRESS_OPS 200000
#define PAGE_STRESS_LIVE 4096

static void test_page_stress(void)
{
	static void *v[PAGE_STRESS_LIVE];
	static unsigned ord[PAGE_STRESS_LIVE];
	size_t n = 0, used = 0, nulls = 0;

	for (int op = 0; op < PAGE_STRESS_OPS; op++) {
		bool alloc =
		    n == 0 || (n < PAGE_STRESS_LIVE && rnd_below(100) < 55);

		if (alloc) {
			unsigned k = random_order();
			void *p = page_alloc(k);

			if (!p) {
				nulls++;
				check_null_is_exhaustion(k);
			} else {
				claim(p, k);
				v[n] = p;
				ord[n++] = k;
				used += PAGE_SIZE << k;
			}
		} else {
			size_t i = rnd_below(n);

			unclaim(v[i], ord[i]);
			page_free(v[i], ord[i]);
			used -= PAGE_SIZE << ord[i];
			v[i] = v[--n];
			ord[i] = ord[n];
		}
		check(page_alloc_free_bytes() == initial_free - used,
		      "op %d: free %zu, expected %zu", op,
		      page_alloc_free_bytes(), initial_free - used);
		if (op % 50 == 0)
			free_a_free_page();
		if (op % 2000 == 0)
			check(page_alloc_check(), "op %d: check failed", op);
	}
	printf("# %d operations, %zu failed for lack of memory, %zu live\n",
	       PAGE_STRESS_OPS, nulls, n);
	while (n--) {
		unclaim(v[n], ord[n]);
		page_free(v[n], ord[n]);
	}
	check_initial_state("after stress");
	test_point("page_alloc: random stress with invariants");
}

static void test_free_run(void)
{
	char *p = page_alloc(4);

	claim(p, 4);
	/* Give back pages 5..15, then 0..4, as an odd-shaped runs. */
	page_free_run(p + 5 * PAGE_SIZE, 11);
	check(page_alloc_free_bytes() == initial_free - 5 * PAGE_SIZE,
	      "free after tail run: %zu", page_alloc_free_bytes());
	check(page_alloc_check(), "check after tail run");
	page_free_run(p, 5);
	page_free_run(p, 0);
	unclaim(p, 4);
	check_initial_state("after page_free_run");
	test_point("page_free_run: unaligned runs merge back");
}

static void test_page_misuse(void)
{
	char *p = page_alloc(2), *q;
	unsigned char saved[32];

	page_free(p, 2);
	EXPECT_REPORT("double free", page_free(p, 2));
	EXPECT_REPORT("free inside a free block", page_free(p + PAGE_SIZE, 0));
	EXPECT_REPORT("misaligned", page_free(p + 1, 0));
	EXPECT_REPORT("misaligned for order", page_free(p + PAGE_SIZE, 2));
	EXPECT_REPORT("NULL", page_free(NULL, 0));
	EXPECT_REPORT("unmanaged", page_free((void *)(arena + 2 * GiB), 0));
	EXPECT_REPORT("bad run", page_free_run(p + 8, 1));
	p = page_alloc(1);
	page_free_run(p + PAGE_SIZE, 1);
	EXPECT_REPORT("free block inside", page_free(p, 1));
	page_free(p, 0);
	check_initial_state("after misuse");

	/* Page q stays free on its own while its buddy q + 1 is allocated. */
	q = page_alloc(1);
	page_free_run(q, 1);
	memcpy(saved, q, sizeof(saved));
	memset(q, 0x5a, sizeof(saved));
	EXPECT_REPORT("use after free", check(!page_alloc_check(),
					      "check passed over a scribble"));
	memcpy(q, saved, sizeof(saved));
	page_free(q + PAGE_SIZE, 0);
	check_initial_state("after scribble test");
	test_point("page_free: misuse is reported and ignored");
}

/* ------------------------------------------------------------------ */
/* Lazy carving: each scenario in a child, with an allocator of its own */

/* Fresh memory aligned to 1 GiB, that nothing has read or written yet. */
static uintptr_t map_fresh(size_t size)
{
	char *p = mmap(NULL, size + GiB, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);

	if (p == MAP_FAILED) {
		perror("mmap");
		exit(2);
	}
	return ((uintptr_t)p + GiB - 1) & ~(GiB - 1);
}

/* What a host backing RAM with huge pages pays for on first touch. */
#define REGION (2 * MiB)

/* 2 MiB regions of [a, a + len) of which anything was read or written. */
static size_t touched_regions(uintptr_t a, size_t len)
{
	size_t pages = len / PAGE_SIZE, per = REGION / PAGE_SIZE, n = 0;
	unsigned char *vec = malloc(pages);

	if (!vec || mincore((void *)a, len, vec)) {
		perror("mincore");
		exit(2);
	}
	for (size_t r = 0; r < pages; r += per)
		for (size_t i = r; i < r + per && i < pages; i++)
			if (vec[i] & 1) {
				n++;
				break;
			}
	free(vec);
	return n;
}

/*
 * RAM below the hold line (page_alloc_hold_below) is handed out last and
 * untouched until then; page_alloc_claim() takes exact frames of it while
 * it is held, and nothing once it was released or handed out.
 */
static void held_low_memory(void)
{
	enum { MAX_PAGES = 128 * MiB / PAGE_SIZE };
	uintptr_t b = map_fresh(GiB);
	static void *v[MAX_PAGES];
	size_t n = 0, total, free0, meta0, low = 0, grown;
	void *p;

	page_alloc_hold_below(b + 64 * MiB);
	page_alloc_add_range(b + 4 * KiB, b + 128 * MiB);
	total = page_alloc_total_bytes();
	free0 = page_alloc_free_bytes();
	meta0 = page_alloc_meta_bytes();
	check(total == 128 * MiB - 4 * KiB, "total %zu", total);
	check(free0 + page_alloc_meta_bytes() == total,
	      "free %zu + meta %zu != total %zu", free0,
	      page_alloc_meta_bytes(), total);
	check(page_alloc_pending_bytes() == total, "pending %zu",
	      page_alloc_pending_bytes());

	/* 16 MiB of pages and a 4 MiB block: all above the line. */
	for (; n < 4096; n++) {
		p = v[n] = page_alloc(0);
		check(p && (uintptr_t)p >= b + 64 * MiB,
		      "page %p below the line", p);
	}
	p = page_alloc(10);
	check(p && (uintptr_t)p >= b + 64 * MiB, "block %p below the line", p);
	check(touched_regions(b, 64 * MiB) == 0,
	      "held memory touched: %zu regions", touched_regions(b, 64 * MiB));
	check(page_alloc_check(), "check after allocations");

	check(page_alloc_claim(b + 4 * MiB, b + 11 * MiB), "claim 4-11 MiB");
	check(page_alloc_free_bytes() ==
		  free0 - (4096 + 1024) * PAGE_SIZE - 7 * MiB,
	      "free %zu after the claim", page_alloc_free_bytes());
	check(!page_alloc_claim(b + 4 * MiB, b + 11 * MiB), "claimed twice");
	check(!page_alloc_claim(b + 10 * MiB, b + 12 * MiB),
	      "claim overlapping a claim");
	check(!page_alloc_claim((uintptr_t)p, (uintptr_t)p + PAGE_SIZE),
	      "claim of an allocated page");
	check(!page_alloc_claim(b + 200 * MiB, b + 201 * MiB),
	      "claim of memory never added");
	check(!page_alloc_claim(b + 60 * MiB, b + 68 * MiB),
	      "claim across the line");
	check(!page_alloc_claim(b + 20 * MiB + 1, b + 21 * MiB),
	      "claim of an unaligned range");
	check(page_alloc_claim(b + 12 * MiB, b + 13 * MiB),
	      "a second claim between two pieces");
	check(touched_regions(b, 64 * MiB) == 0, "claims touched memory");
	check(page_alloc_check(), "check after the claims");
	page_free(p, 10);
	check(!page_alloc(PAGE_ORDER_MAX), "a 1 GiB block from 128 MiB");
	check(page_alloc_claim(b + 20 * MiB, b + 21 * MiB),
	      "a claim after a request bigger than memory");

	/* Exhaustion releases the held memory, but not what was claimed. */
	while (n < MAX_PAGES && (p = page_alloc(0)) != NULL) {
		uintptr_t a = (uintptr_t)p;
		check(a < b + 4 * MiB ||
			  (a >= b + 11 * MiB && a < b + 12 * MiB) ||
			  a >= b + 13 * MiB,
		      "claimed page %p handed out", p);
		low += a < b + 64 * MiB;
		v[n++] = p;
	}
	check(low > 0, "held memory never handed out");
	check(page_alloc_free_bytes() == 0, "free %zu when exhausted",
	      page_alloc_free_bytes());
	/* held memory reserves no descriptor: its chunk's comes now */
	grown = page_alloc_meta_bytes() - meta0;
	check(grown == PAGE_SIZE, "bookkeeping grew by %zu", grown);
	check(n * PAGE_SIZE + grown == free0 - 9 * MiB, "%zu pages of %zu", n,
	      (free0 - 9 * MiB - grown) / PAGE_SIZE);
	check(!page_alloc_claim(b + 30 * MiB, b + 31 * MiB),
	      "claim after the release");
	while (n > 0)
		page_free(v[--n], 0);
	check(page_alloc_free_bytes() + grown == free0 - 9 * MiB,
	      "free %zu at the end", page_alloc_free_bytes());
	check(page_alloc_check(), "check at the end");
}

/*
 * Held memory is free memory: freeing a page of it is reported as for
 * pending memory, even where its chunk has a descriptor (a hold line
 * inside a chunk, or a range held after its chunk was carved).
 */
static void held_double_free(void)
{
	uintptr_t b = map_fresh(GiB);
	size_t free0;
	void *p;

	page_alloc_hold_below(b + 96 * MiB);
	page_alloc_add_range(b + 4 * KiB, b + 128 * MiB);
	p = page_alloc(0); /* carves chunk 64-128 MiB, above the line */
	check(p && (uintptr_t)p >= b + 96 * MiB, "page %p below the line", p);
	free0 = page_alloc_free_bytes();
	EXPECT_REPORT("free of a held page in a known chunk",
		      page_free((void *)(b + 80 * MiB), 0));
	EXPECT_REPORT("free of a held block",
		      page_free((void *)(b + 64 * MiB), 4));
	check(page_alloc_free_bytes() == free0, "free %zu, was %zu",
	      page_alloc_free_bytes(), free0);
	check(page_alloc_claim(b + 64 * MiB, b + 96 * MiB),
	      "claim of the held memory in the known chunk");
	check(page_alloc_check(), "check at the end");
}

/*
 * A claim that splits a held range when the table of held ranges is full
 * (small ranges such as freed initrd pages fill it) still succeeds: the
 * smallest other range goes pending.
 */
static void held_table_full(void)
{
	uintptr_t b = map_fresh(GiB);
	size_t free0, meta0;

	page_alloc_hold_below(b + 64 * MiB);
	page_alloc_add_range(b + 4 * KiB, b + 32 * MiB);
	for (unsigned i = 0; i < 8; i++) /* the table holds 8: one spills */
		page_alloc_add_range(b + 40 * MiB + i * 64 * KiB,
				     b + 40 * MiB + i * 64 * KiB + 8 * KiB);
	page_alloc_add_range(b + 48 * MiB, b + 56 * MiB); /* pending */
	free0 = page_alloc_free_bytes();
	meta0 = page_alloc_meta_bytes();
	check(page_alloc_claim(b + 4 * MiB, b + 11 * MiB),
	      "claim in the middle of a held range, table full");
	check(page_alloc_free_bytes() == free0 - 7 * MiB, "free %zu, was %zu",
	      page_alloc_free_bytes(), free0);
	check(page_alloc_meta_bytes() == meta0, "bookkeeping %zu, was %zu",
	      page_alloc_meta_bytes(), meta0);
	check(page_alloc_claim(b + 12 * MiB, b + 13 * MiB),
	      "a second claim splitting a range");
	check(!page_alloc_claim(b + 4 * MiB, b + 5 * MiB), "claimed twice");
	check(touched_regions(b, 64 * MiB) == 0, "claims touched memory");
	check(page_alloc_check(), "check at the end");
}

/*
 * A failed page_alloc_try() keeps held memory held, even when free memory
 * above the line is only fragmented (ramfs's order-4 try): an ET_EXEC
 * loaded later still claims its frames.  A page_alloc() of the same order,
 * which has no fallback, releases it.
 */
static void held_kept_by_try(void)
{
	enum { ABOVE = 64 * MiB / PAGE_SIZE, MAX_PAGES = 2 * ABOVE };
	uintptr_t b = map_fresh(GiB);
	static void *v[MAX_PAGES];
	size_t n = 0;
	void *p;

	page_alloc_hold_below(b + 64 * MiB);
	page_alloc_add_range(b + 4 * KiB, b + 128 * MiB);
	while (n < MAX_PAGES && (v[n] = page_alloc_try(0)))
		n++;
	check(n > ABOVE / 2 && n <= ABOVE, "took %zu pages above", n);
	for (size_t i = 0; i < n; i += 2)
		page_free(v[i], 0);
	check(!page_alloc_try(4), "an order-4 block from fragments");
	check(page_alloc_claim(b + 4 * MiB, b + 5 * MiB),
	      "held memory released by a failed try");
	p = page_alloc(4);
	check(p, "page_alloc(4) did not release held memory");
	check(page_alloc_check(), "check at the end");
}

/* Runs fn in a child, which starts with an empty allocator. */
static void run_isolated(const char *desc, void (*fn)(void))
{
	int status;
	pid_t pid;

	fflush(stdout);
	pid = fork();
	if (pid < 0) {
		perror("fork");
		exit(2);
	}
	if (pid == 0) {
		fn();
		fflush(stdout);
		_exit(check_errors || unexpected_reports ? 1 : 0);
	}
	if (waitpid(pid, &status, 0) != pid) {
		perror("waitpid");
		exit(2);
	}
	check(WIFEXITED(status) && WEXITSTATUS(status) == 0,
	      "child ended with status 0x%x", status);
	test_point(desc);
}

static void lazy_first_pages(void)
{
	enum { N = 1024 };
	uintptr_t b = map_fresh(GiB);
	static void *v[N];
	size_t total, meta, touched;
	void *p;

	page_alloc_add_range(b + 4 * KiB + 7, b + GiB - 3);
	total = page_alloc_total_bytes();
	meta = page_alloc_meta_bytes();
	check(total == GiB - 12 * KiB, "total %zu", total);
	/* the first chunk's descriptor is static: a page for the 15 others */
	check(meta == 15 * PAGE_SIZE, "meta %zu for 16 chunks", meta);
	check(page_alloc_free_bytes() == total - meta, "free %zu",
	      page_alloc_free_bytes());
	check(page_alloc_pending_bytes() == total, "pending %zu",
	      page_alloc_pending_bytes());
	check(page_alloc_check(), "check after add");
	touched = touched_regions(b, GiB);
	check(touched == 0, "adding (and checking) touched %zu regions",
	      touched);

	/* 4 MiB as single pages: carved one at a time, nothing more. */
	for (size_t i = 0; i < N; i++) {
		p = v[i] = page_alloc(0);
		if ((uintptr_t)p < b + 8 * KiB ||
		    (uintptr_t)p >= b + GiB - 4 * KiB) {
			check(false, "page %p outside the range", p);
			return;
		}
		memset(p, 0xa5, PAGE_SIZE);
	}
	check(total - page_alloc_pending_bytes() <= (N + 1) * PAGE_SIZE,
	      "%zu bytes carved for %d pages",
	      total - page_alloc_pending_bytes(), N);
	touched = touched_regions(b, GiB);
	check(touched <= 3, "%zu regions touched for 4 MiB", touched);
	check(page_alloc_free_bytes() == total - meta - N * PAGE_SIZE,
	      "free %zu after %d pages", page_alloc_free_bytes(), N);
	check(page_alloc_check(), "check after pages");
	shuffle(v, NULL, N);
	for (size_t i = 0; i < N; i++)
		page_free(v[i], 0);
	check(page_alloc_free_bytes() == total - meta, "free %zu after freeing",
	      page_alloc_free_bytes());

	/* A 256 MiB block: only the blocks before it are carved. */
	p = page_alloc(16);
	check(p == (void *)(b + 256 * MiB), "256 MiB block at %p", p);
	check(page_alloc_pending_bytes() == 512 * MiB - 4 * KiB,
	      "%zu bytes left pending", page_alloc_pending_bytes());
	touched = touched_regions(b, GiB);
	check(touched <= 3 + 2 * PAGE_ORDER_MAX,
	      "%zu regions touched carving up to 512 MiB", touched);
	printf("# 4 MiB of pages and a 256 MiB block touched %zu of %zu "
	       "regions\n",
	       touched, GiB / REGION);
	page_free(p, 16);
	check(page_alloc_free_bytes() == total - meta, "free %zu at the end",
	      page_alloc_free_bytes());
	check(page_alloc_check(), "check at the end");
}

static void lazy_gib_blocks(void)
{
	enum { MAXBLOCKS = 4096 };
	static void *v[MAXBLOCKS];
	static unsigned ord[MAXBLOCKS];
	uintptr_t b = map_fresh(4 * GiB);
	size_t total, meta, free0, used = 0, n = 0, touched;
	void *p, *q;

	page_alloc_add_range(b + 20 * KiB - 5, b + 3 * GiB + 12 * KiB);
	total = page_alloc_total_bytes();
	meta = page_alloc_meta_bytes();
	free0 = page_alloc_free_bytes();
	check(total == 3 * GiB - 8 * KiB, "total %zu", total);
	/* the first chunk's descriptor is static: a page for the 48 others */
	check(meta == 48 * PAGE_SIZE, "meta %zu for 49 chunks", meta);

	p = page_alloc(PAGE_ORDER_MAX);
	q = page_alloc(PAGE_ORDER_MAX);
	check(p == (void *)(b + GiB), "first 1 GiB block at %p", p);
	check(q == (void *)(b + 2 * GiB), "second 1 GiB block at %p", q);
	check(page_alloc(PAGE_ORDER_MAX) == NULL, "a third 1 GiB block");
	touched = touched_regions(b, 4 * GiB);
	check(touched <= 4 + 2 * PAGE_ORDER_MAX,
	      "%zu regions touched for two 1 GiB blocks", touched);
	printf("# two 1 GiB blocks out of 3 GiB touched %zu of %zu regions\n",
	       touched, 3 * GiB / REGION);
	check(page_alloc_free_bytes() == free0 - 2 * GiB, "free %zu",
	      page_alloc_free_bytes());
	check(page_alloc_check(), "check with two 1 GiB blocks out");
	page_free(p, PAGE_ORDER_MAX);
	page_free(q, PAGE_ORDER_MAX);
	check(page_alloc_free_blocks(PAGE_ORDER_MAX) == 2, "%zu free 1 GiB",
	      page_alloc_free_blocks(PAGE_ORDER_MAX));

	/* Exhaustion, biggest blocks first: few blocks, few pages touched. */
	for (unsigned k = PAGE_ORDER_MAX + 1; k-- > 0;)
		while (n < MAXBLOCKS && (p = page_alloc(k))) {
			v[n] = p;
			ord[n++] = k;
			used += PAGE_SIZE << k;
		}
	check(used == free0, "got %zu bytes of %zu", used, free0);
	check(page_alloc_free_bytes() == 0, "free %zu when exhausted",
	      page_alloc_free_bytes());
	check(page_alloc_pending_bytes() == 0, "%zu bytes still pending",
	      page_alloc_pending_bytes());
	check(page_alloc(0) == NULL, "a page after exhaustion");
	touched = touched_regions(b, 4 * GiB);
	check(touched <= n + meta / PAGE_SIZE,
	      "%zu regions touched for %zu blocks", touched, n);
	check(page_alloc_check(), "check when exhausted");
	shuffle(v, ord, n);
	for (size_t i = 0; i < n; i++)
		page_free(v[i], ord[i]);
	check(page_alloc_free_bytes() == free0, "free %zu after freeing all",
	      page_alloc_free_bytes());
	check(page_alloc_free_blocks(PAGE_ORDER_MAX) == 2,
	      "%zu free 1 GiB blocks after freeing all",
	      page_alloc_free_blocks(PAGE_ORDER_MAX));
	check(page_alloc_check(), "check at the end");
}

static void lazy_several_ranges(void)
{
	/* Unsorted; the three below 3 MiB touch and merge. */
	static const struct range rs[] = {
	    {64 * MiB + 12 * KiB + 5, 96 * MiB}, /* holds [80M, 96M) */
	    {4 * KiB, MiB + 8 * KiB},		 /* the lowest */
	    {128 * MiB, 128 * MiB + 12 * KiB},	 /* three pages */
	    {2 * MiB, 3 * MiB - 4 * KiB},	 /* touches the last */
	    {200 * MiB + 4 * KiB, 201 * MiB},	 /* ragged start */
	    {MiB + 8 * KiB, 2 * MiB},		 /* fills the gap */
	};
	const size_t nrs = sizeof(rs) / sizeof(rs[0]);
	const size_t span = 256 * MiB, npages = span / PAGE_SIZE;
	uintptr_t b = map_fresh(span);
	unsigned char *held = calloc(npages, 1);
	size_t total = 0, free0, n = 0, shape[NORDERS], top = 0;
	void **v, *p;

	for (size_t i = 0; i < nrs; i++) {
		page_alloc_add_range(b + rs[i].start, b + rs[i].end);
		total += trimmed_bytes(&rs[i]);
	}
	check(page_alloc_total_bytes() == total, "total %zu, expected %zu",
	      page_alloc_total_bytes(), total);
	check(touched_regions(b, span) == 0, "adding touched memory");
	free0 = page_alloc_free_bytes();
	v = malloc(free0 / PAGE_SIZE * sizeof(*v));
	while (n < free0 / PAGE_SIZE && (p = page_alloc(0))) {
		uintptr_t off = (uintptr_t)p - b;
		bool inside = false;

		for (size_t i = 0; i < nrs; i++)
			inside |= off >= rs[i].start && off < rs[i].end;
		if (!inside || held[off / PAGE_SIZE]) {
			check(false, "page %p outside the ranges or repeated",
			      p);
			return;
		}
		check(n > 0 || off < 3 * MiB, "first page %p not lowest", p);
		held[off / PAGE_SIZE] = 1;
		memset(p, 0x5a, PAGE_SIZE);
		v[n++] = p;
	}
	check(n == free0 / PAGE_SIZE, "%zu pages of %zu", n, free0 / PAGE_SIZE);
	check(page_alloc(0) == NULL, "a page after exhaustion");
	check(page_alloc_pending_bytes() == 0, "%zu bytes still pending",
	      page_alloc_pending_bytes());
	check(page_alloc_check(), "check when exhausted");
	shuffle(v, NULL, n);
	for (size_t i = 0; i < n; i++)
		page_free(v[i], 0);
	check(page_alloc_free_bytes() == free0, "free %zu after freeing",
	      page_alloc_free_bytes());
	merged_shape(held, npages, shape);
	for (unsigned k = 0; k < NORDERS; k++) {
		check(page_alloc_free_blocks(k) == shape[k],
		      "%zu free blocks of order %u, expected %zu",
		      page_alloc_free_blocks(k), k, shape[k]);
		if (shape[k])
			top = k;
	}
	check(top >= 12, "no 16 MiB block in [80M, 96M)");
	check(page_alloc(top) != NULL, "no block of order %zu", top);
	check(page_alloc_check(), "check at the end");
	free(v);
	free(held);
}

static void lazy_merge_later(void)
{
	uintptr_t b = map_fresh(GiB);
	size_t total, free0, touched;
	void *p, *q;

	/* A range far up, whose leftovers hold the later descriptors. */
	page_alloc_add_range(b + 512 * MiB, b + 513 * MiB);
	check(page_alloc(0) && page_alloc(4), "nothing from the first range");
	page_alloc_add_range(b, b + 8 * MiB);
	p = page_alloc(4);
	check(p == (void *)b, "order 4 block at %p, expected the new range", p);
	/* Joins the rest of [b, b + 8M), still pending, in the table. */
	page_alloc_add_range(b + 8 * MiB, b + 16 * MiB);
	/* Its buddy is pending: it must not be read, nor merged. */
	page_free(p, 4);
	check(page_alloc_free_blocks(4) >= 1, "freed block not listed");
	check(page_alloc_check(), "check with a free block next to pending");
	p = page_alloc(12);
	check(p == (void *)b, "16 MiB block at %p, expected %p", p, (void *)b);

	/* Touching ranges that come in reverse order, both pending. */
	page_alloc_add_range(b + 24 * MiB, b + 32 * MiB);
	page_alloc_add_range(b + 16 * MiB, b + 24 * MiB);
	q = page_alloc(12);
	check(q == (void *)(b + 16 * MiB), "second 16 MiB block at %p", q);
	page_free(p, 12);
	page_free(q, 12);
	check(page_alloc_free_blocks(13) == 1, "16 MiB blocks not merged");
	check(page_alloc_check(), "check after merging");

	/* Pending memory is free: a free of it is a double free. */
	page_alloc_add_range(b + 40 * MiB, b + 48 * MiB);
	page_alloc_add_range(b + 64 * MiB, b + 128 * MiB);
	total = page_alloc_total_bytes();
	free0 = page_alloc_free_bytes();
	EXPECT_REPORT("pending page, known chunk",
		      page_free((void *)(b + 40 * MiB + 4 * KiB), 0));
	EXPECT_REPORT("pending page, new chunk",
		      page_free((void *)(b + 64 * MiB), 0));
	EXPECT_REPORT("block overlapping pending memory",
		      page_free((void *)(b + 32 * MiB), 13));
	EXPECT_REPORT("added twice",
		      page_alloc_add_range(b + 44 * MiB, b + 45 * MiB));
	EXPECT_REPORT("added overlapping",
		      page_alloc_add_range(b + 100 * MiB, b + 130 * MiB));
	check(page_alloc_total_bytes() == total, "total %zu after misuse",
	      page_alloc_total_bytes());
	check(page_alloc_free_bytes() == free0, "free %zu after misuse",
	      page_alloc_free_bytes());
	touched = touched_regions(b + 40 * MiB, 8 * MiB) +
		  touched_regions(b + 64 * MiB, 64 * MiB);
	check(touched == 0, "misuse checks touched %zu pending regions",
	      touched);
	check(page_alloc_check(), "check after misuse");
}

static void lazy_table_overflow(void)
{
	enum { NSMALL = 300 };
	uintptr_t b = map_fresh(GiB);
	size_t total, touched;
	void *v[NSMALL];

	/* The biggest range: what does not fit must not carve it. */
	page_alloc_add_range(b + 512 * MiB, b + GiB);
	for (size_t i = 0; i < NSMALL; i++)
		page_alloc_add_range(b + (3 * i + 1) * PAGE_SIZE,
				     b + (3 * i + 2) * PAGE_SIZE);
	total = page_alloc_total_bytes();
	check(total == 512 * MiB + NSMALL * PAGE_SIZE, "total %zu", total);
	check(page_alloc_free_bytes() + page_alloc_meta_bytes() == total,
	      "free %zu + meta %zu", page_alloc_free_bytes(),
	      page_alloc_meta_bytes());
	check(page_alloc_pending_bytes() < total, "no range carved");
	check(page_alloc_check(), "check after overflow");
	/* One small page went to the descriptor of their chunk. */
	for (size_t i = 0; i < NSMALL; i++) {
		uintptr_t off;

		v[i] = page_alloc(0);
		off = (uintptr_t)v[i] - b;
		if (i < NSMALL - 1)
			check(off < 3 * NSMALL * PAGE_SIZE &&
				  off % (3 * PAGE_SIZE) == PAGE_SIZE,
			      "page %zu at offset 0x%zx", i, off);
	}
	touched = touched_regions(b + 512 * MiB, 512 * MiB);
	check(touched <= 1, "%zu regions of the big range touched", touched);
	for (size_t i = 0; i < NSMALL; i++)
		page_free(v[i], 0);
	check(page_alloc_free_bytes() + page_alloc_meta_bytes() == total,
	      "free %zu at the end", page_alloc_free_bytes());
	check(page_alloc_check(), "check at the end");
}

/* ------------------------------------------------------------------ */
/* Heap */

struct object {
	unsigned char *p;
	size_t size;
	unsigned char seed;
};

static size_t heap_start_free;

static void fill(struct object *o)
{
	for (size_t i = 0; i < o->size; i++)
		o->p[i] = (unsigned char)(o->seed + i);
}

/* First byte of p[0, n) that does not follow the pattern, or n. */
static size_t first_bad(const struct object *o, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (o->p[i] != (unsigned char)(o->seed + i))
			return i;
	return n;
}

static void verify(const struct object *o, const char *when)
{
	size_t bad = first_bad(o, o->size);

	check(bad == o->size, "%s: object %p (%zu bytes) corrupt at %zu", when,
	      (void *)o->p, o->size, bad);
}

/* A newly allocated object: checks, then pattern-fills it. */
static void got(struct object *o, void *p, size_t size, size_t align)
{
	o->p = p;
	o->size = size;
	o->seed = (unsigned char)rnd();
	if (!p) {
		check(false, "NULL for %zu bytes", size);
		return;
	}
	check((uintptr_t)p % align == 0, "%p for %zu bytes not %zu-aligned", p,
	      size, align);
	check(heap_usable_size(p) >= size, "usable %zu < %zu",
	      heap_usable_size(p), size);
	fill(o);
}

static void *last_freed;

static void drop(struct object *o)
{
	if (!o->p)
		return;
	verify(o, "free");
	heap_free(o->p);
	last_freed = o->p;
	o->p = NULL;
}

static int by_address(const void *a, const void *b)
{
	uintptr_t x = (uintptr_t)((const struct object *)a)->p;
	uintptr_t y = (uintptr_t)((const struct object *)b)->p;

	return x < y ? -1 : x > y;
}

/* Usable extents of live objects must not overlap. */
static void check_disjoint(const struct object *v, size_t n)
{
	struct object *s = malloc(n * sizeof(*s));
	size_t m = 0;

	for (size_t i = 0; i < n; i++)
		if (v[i].p)
			s[m++] = v[i];
	qsort(s, m, sizeof(*s), by_address);
	for (size_t i = 1; i < m; i++)
		check(s[i - 1].p + heap_usable_size(s[i - 1].p) <= s[i].p,
		      "objects %p and %p overlap", (void *)s[i - 1].p,
		      (void *)s[i].p);
	free(s);
}

static void shuffle_objects(struct object *v, size_t n)
{
	for (size_t i = n; i > 1; i--) {
		size_t j = rnd_below(i);
		struct object t = v[i - 1];

		v[i - 1] = v[j];
		v[j] = t;
	}
}

static void drop_all(struct object *v, size_t n)
{
	shuffle_objects(v, n);
	for (size_t i = 0; i < n; i++)
		drop(&v[i]);
}

/* Every heap object gone: only the spare slabs may still hold pages. */
static void check_no_leak(const char *when)
{
	size_t missing = heap_start_free - page_alloc_free_bytes();
	struct heap_usage u;
	heap_usage(&u);
	check(u.in_use == 0, "%s: heap_usage: %zu bytes in use", when,
	      u.in_use);
	check(u.held == missing && u.spare == missing,
	      "%s: heap_usage: %zu held, %zu spare, %zu missing", when, u.held,
	      u.spare, missing);
	size_t trimmed = heap_trim();

	check(heap_check(), "%s: heap_check failed", when);
	check(trimmed == missing, "%s: %zu bytes missing, trim gave %zu", when,
	      missing, trimmed);
	check(heap_trim() == 0, "%s: second trim released memory", when);
	check(page_alloc_free_bytes() == heap_start_free,
	      "%s: %zu bytes free, expected %zu", when, page_alloc_free_bytes(),
	      heap_start_free);
}

#define EVERY_SIZE_MAX 5000

static void test_every_size(void)
{
	static struct object v[EVERY_SIZE_MAX + 1];

	heap_trim();
	heap_start_free = page_alloc_free_bytes();
	for (size_t size = 0; size <= EVERY_SIZE_MAX; size++)
		got(&v[size], heap_alloc(size), size, HEAP_ALIGN);
	check(v[0].p && v[1].p && v[0].p != v[1].p, "size 0 not unique");
	check_disjoint(v, EVERY_SIZE_MAX + 1);
	check(heap_check(), "heap_check failed");
	drop_all(v, EVERY_SIZE_MAX + 1);
	check_no_leak("every size");
	test_point("heap_alloc: every size 0..5000, aligned, disjoint, intact");
}

/* Log-uniform in [1, max]: small sizes as likely as big ones per octave. */
static size_t random_size(size_t max)
{
	unsigned bits = 0;

	while (((size_t)1 << bits) < max)
		bits++;
	size_t n = rnd_below(((size_t)1 << rnd_below(bits + 1))) + 1;
	return n < max ? n : max;
}

static void test_random_sizes(void)
{
	static struct object v[300];

	for (size_t i = 0; i < 300; i++) {
		size_t size = random_size(MiB);

		got(&v[i], heap_alloc(size), size, HEAP_ALIGN);
	}
	check_disjoint(v, 300);
	drop_all(v, 300);
	check_no_leak("random sizes");
	test_point("heap_alloc: random sizes up to 1 MiB");
}

static void test_huge(void)
{
	check(heap_alloc(SIZE_MAX) == NULL, "SIZE_MAX");
	check(heap_alloc(SIZE_MAX - 4095) == NULL, "SIZE_MAX - 4095");
	check(heap_alloc((size_t)1 << 40) == NULL, "1 TiB");
	check(heap_alloc(63 * MiB) == NULL, "more than is free");
	check(heap_memalign(MiB, SIZE_MAX) == NULL, "aligned SIZE_MAX");
	check(heap_memalign((size_t)1 << 40, 16) == NULL, "1 TiB alignment");
	check(heap_memalign((size_t)1 << 63, 16) == NULL, "2^63 alignment");
	check_no_leak("huge");
	test_point("heap_alloc: impossible sizes give NULL");
}

static void test_realloc(void)
{
	static const size_t sizes[] = {
	    0,	  1,	15,   16,    17,     100, 2016,
	    2017, 4080, 4081, 10000, 100000, MiB, 3 * MiB,
	};
	const size_t n = sizeof(sizes) / sizeof(sizes[0]);
	struct object o;

	got(&o, heap_realloc(NULL, 0), 0, HEAP_ALIGN);
	/* Up, down, and up again, each step checking the common prefix. */
	for (size_t step = 1; step < 3 * n - 2; step++) {
		size_t i = step < n	      ? step
			   : step < 2 * n - 1 ? 2 * n - 2 - step
					      : step - 2 * n + 2;
		size_t keep = o.size < sizes[i] ? o.size : sizes[i];
		unsigned char *q = heap_realloc(o.p, sizes[i]);

		if (!q) {
			check(false, "realloc to %zu failed", sizes[i]);
			break;
		}
		o.p = q;
		check(first_bad(&o, keep) == keep,
		      "realloc %zu -> %zu lost data", o.size, sizes[i]);
		check(heap_usable_size(q) >= sizes[i], "usable too small");
		check((uintptr_t)q % HEAP_ALIGN == 0, "realloc misaligned");
		o.size = sizes[i];
		fill(&o);
	}
	check(heap_realloc(o.p, SIZE_MAX) == NULL, "realloc to SIZE_MAX");
	check(heap_realloc(o.p, (size_t)1 << 40) == NULL, "realloc to 1 TiB");
	verify(&o, "after failed realloc");
	drop(&o);
	check_no_leak("realloc");
	test_point("heap_realloc: grows and shrinks, keeping contents");
}

static void test_calloc(void)
{
	static const size_t sizes[] = {1, 100, 2000, 5000, 100000, 2 * MiB};

	for (size_t i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		unsigned char *p = heap_alloc(sizes[i]), *z;

		memset(p, 0xff, sizes[i]);
		heap_free(p);
		z = heap_calloc(1, sizes[i]);
		check(z != NULL, "calloc %zu", sizes[i]);
		for (size_t j = 0; z && j < sizes[i]; j++)
			if (z[j]) {
				check(false, "calloc %zu: byte %zu is %u",
				      sizes[i], j, z[j]);
				break;
			}
		heap_free(z);
	}
	check(heap_calloc(SIZE_MAX / 2 + 1, 2) == NULL, "calloc overflow 1");
	check(heap_calloc((size_t)1 << 32, (size_t)1 << 32) == NULL,
	      "calloc overflow 2");
	check(heap_calloc(SIZE_MAX, SIZE_MAX) == NULL, "calloc overflow 3");
	void *p = heap_calloc(0, 0);
	check(p != NULL, "calloc(0, 0)");
	heap_free(p);
	check_no_leak("calloc");
	test_point("heap_calloc: zeroes, and catches n * size overflow");
}

static void test_memalign(void)
{
	static const size_t sizes[] = {
	    0, 1, 8, 24, 100, 1000, 2016, 2017, 5000, 65536, 300000,
	};
	const size_t nsizes = sizeof(sizes) / sizeof(sizes[0]);
	static struct object v[18 * 11];
	size_t n = 0;

	for (size_t align = 8; align <= MiB; align *= 2)
		for (size_t i = 0; i < nsizes; i++, n++)
			got(&v[n], heap_memalign(align, sizes[i]), sizes[i],
			    align);
	check_disjoint(v, n);
	check(heap_check(), "heap_check failed");
	drop_all(v, n);
	static const size_t bad[] = {0, 1, 2, 3, 4, 12, 24, 48, 4095};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		check(heap_memalign(bad[i], 16) == NULL, "alignment %zu",
		      bad[i]);
	check_no_leak("memalign");
	test_point("heap_memalign: alignments 8..1 MiB, bad ones refused");
}

/* 80% small, 18% up to 16 KiB, 2% up to 1 MiB. */
static size_t stress_size(void)
{
	unsigned r = rnd_below(100);

	if (r < 80)
		return random_size(512) - rnd_below(2);
	if (r < 98)
		return random_size(16 * KiB);
	return random_size(MiB);
}

/* NULL is only fine if the page allocator has no block big enough. */
static void check_heap_null(size_t size)
{
	size_t pages = (size + 16 + PAGE_SIZE - 1) / PAGE_SIZE;
	unsigned k = 0;

	while (((size_t)1 << k) < pages)
		k++;
	check_null_is_exhaustion(size <= 2016 ? 0 : k);
}

#define HEAP_STRESS_OPS 200000
#define HEAP_STRESS_SLOTS 1024

static void stress_step(struct object *o, int op)
{
	unsigned r = rnd_below(100);
	size_t size = stress_size();

	if (o->p && r < 25) {
		size_t keep = o->size < size ? o->size : size;
		unsigned char *q = heap_realloc(o->p, size);

		if (!q) {
			check_heap_null(size);
			return;
		}
		o->p = q;
		check(first_bad(o, keep) == keep, "op %d: realloc lost data",
		      op);
		o->size = size;
		check((uintptr_t)q % HEAP_ALIGN == 0, "realloc misaligned");
		fill(o);
	} else if (o->p) {
		drop(o);
	} else if (r < 5) {
		size_t align = (size_t)16 << rnd_below(10);

		got(o, heap_memalign(align, size), size, align);
	} else {
		void *p = heap_alloc(size);

		if (!p)
			check_heap_null(size);
		else
			got(o, p, size, HEAP_ALIGN);
	}
}

/*
 * Whatever became of the memory a freed pointer pointed to (a slab of some
 * class, a large run, free pages), freeing the pointer again must be
 * reported, unless it was handed out anew.
 */
static void free_stale(const struct object *v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (v[i].p == last_freed)
			return;
	EXPECT_REPORT("stale pointer", heap_free(last_freed));
}

static void test_heap_stress(void)
{
	static struct object v[HEAP_STRESS_SLOTS];

	for (int op = 0; op < HEAP_STRESS_OPS; op++) {
		stress_step(&v[rnd_below(HEAP_STRESS_SLOTS)], op);
		if (op % 100 == 0 && last_freed)
			free_stale(v, HEAP_STRESS_SLOTS);
		if (op % 5000 == 0) {
			check(heap_check(), "op %d: heap_check failed", op);
			check(page_alloc_check(), "op %d: page check", op);
			check_disjoint(v, HEAP_STRESS_SLOTS);
		}
	}
	for (size_t i = 0; i < HEAP_STRESS_SLOTS; i++)
		if (v[i].p)
			verify(&v[i], "end of stress");
	check_disjoint(v, HEAP_STRESS_SLOTS);
	drop_all(v, HEAP_STRESS_SLOTS);
	check_no_leak("stress");
	test_point("heap: random alloc/free/realloc/memalign stress");
}

static void test_spare_slabs(void)
{
	static void *v[2000];

	/* Fill several slabs of one class, then empty them all. */
	for (size_t i = 0; i < 2000; i++)
		v[i] = heap_alloc(24);
	shuffle(v, NULL, 2000);
	for (size_t i = 0; i < 2000; i++)
		heap_free(v[i]);
	check(heap_start_free - page_alloc_free_bytes() == PAGE_SIZE,
	      "%zu bytes kept after emptying one class",
	      heap_start_free - page_alloc_free_bytes());
	/* Alternating alloc and free must not touch the page allocator. */
	size_t before = page_alloc_free_bytes();
	for (int i = 0; i < 1000; i++)
		heap_free(heap_alloc(24));
	check(page_alloc_free_bytes() == before, "alloc/free churns pages");

	/* Holes freed in full slabs must be refilled before new slabs. */
	for (size_t i = 0; i < 2000; i++)
		v[i] = heap_alloc(24);
	for (size_t i = 0; i < 2000; i += 2)
		heap_free(v[i]);
	before = page_alloc_free_bytes();
	for (size_t i = 0; i < 2000; i += 2)
		v[i] = heap_alloc(24);
	check(page_alloc_free_bytes() == before, "freed objects not reused");
	struct heap_usage u;
	heap_usage(&u);
	check(u.in_use == 2000 * 32 && u.held == heap_start_free - before,
	      "heap_usage: %zu in use (2000 objects of 32), %zu held", u.in_use,
	      u.held);
	check(heap_check(), "heap_check after refill");
	for (size_t i = 0; i < 2000; i++)
		heap_free(v[i]);
	check_no_leak("spare slabs");
	test_point("heap: one spare slab per class, released by heap_trim");
}

static void test_heap_misuse(void)
{
	char *p = heap_alloc(40), *big = heap_alloc(100000), *q;
	char *page = page_alloc(0);

	heap_free(p);
	EXPECT_REPORT("small double free", heap_free(p));
	heap_free(big);
	EXPECT_REPORT("large double free", heap_free(big));

	p = heap_alloc(64);
	big = heap_alloc(10000);
	memset(big, 0x33, 10000);
	EXPECT_REPORT("interior small", heap_free(p + 16));
	EXPECT_REPORT("interior large", heap_free(big + 16));
	EXPECT_REPORT("interior large page", heap_free(big + PAGE_SIZE));
	EXPECT_REPORT("misaligned", heap_free(p + 1));
	memset(page, 0, PAGE_SIZE);
	EXPECT_REPORT("never returned", heap_free(page + 64));
	EXPECT_REPORT("usable of bad", heap_usable_size(page + 64));
	EXPECT_REPORT("realloc of bad",
		      check(heap_realloc(page + 64, 10) == NULL, "realloc"));
	heap_free(NULL);
	heap_free(p);
	heap_free(big);
	page_free(page, 0);

	/* A write through a stale pointer into a free object's link. */
	p = heap_alloc(48);
	q = heap_alloc(48);
	heap_free(q);
	void *saved = *(void **)q;
	*(void **)q = p;
	EXPECT_REPORT("heap_check sees it", check(!heap_check(), "check"));
	check(heap_alloc(48) == q, "free list is not LIFO");
	EXPECT_REPORT("alloc sees it",
		      check(heap_alloc(48) == NULL, "alloc of a live object"));
	heap_free(q);
	*(void **)q = saved;
	heap_free(p);
	check_no_leak("misuse");
	test_point("heap: double and bad frees are reported and ignored");
}

int main(void)
{
	run_isolated("lazy: adding touches nothing, single pages carve "
		     "single pages",
		     lazy_first_pages);
	run_isolated("lazy: 1 GiB blocks from a 3 GiB range, exhaustion",
		     lazy_gib_blocks);
	run_isolated("lazy: several unsorted ranges, exhaustion, full merge",
		     lazy_several_ranges);
	run_isolated("lazy: freed blocks merge with buddies carved later",
		     lazy_merge_later);
	run_isolated("lazy: a full range table carves the smallest ranges",
		     lazy_table_overflow);
	run_isolated("held low memory: handed out last, claimed exactly",
		     held_low_memory);
	run_isolated("held low memory: a page_free() of it is reported",
		     held_double_free);
	run_isolated("held low memory: a claim splits a range in a full table",
		     held_table_full);
	run_isolated("held low memory: kept by a failed page_alloc_try()",
		     held_kept_by_try);
	map_arena();
	test_add_ranges();
	test_exhaust_order0();
	test_exhaust_mixed();
	test_page_stress();
	test_free_run();
	test_page_misuse();

	test_every_size();
	test_random_sizes();
	test_huge();
	test_realloc();
	test_calloc();
	test_memalign();
	test_heap_stress();
	test_spare_slabs();
	test_heap_misuse();
	check_initial_state("at the end");
	test_point("all memory back in its initial shape");

	printf("1..%d\n", test_count);
	return tests_failed ? 1 : 0;
}
