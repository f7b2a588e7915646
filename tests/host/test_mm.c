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
 * The test keeps its own record of everything it allocated: a byte per page
 * of the arena for page blocks (catching any overlap at once) and, for heap
 * objects, a pattern written over each object's whole requested size and
 * verified before it is freed (catching overlap and stray writes).  After
 * every phase everything is freed and the allocator must be back in exactly
 * its starting state: same free bytes, same number of free blocks per order
 * (the buddy decomposition of a set of free pages is unique, so this proves
 * that merging worked).
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
static size_t initial_blocks[NORDERS];

static size_t trimmed_bytes(const struct range *r)
{
	size_t s = (r->start + PAGE_SIZE - 1) & ~(PAGE_SIZE - 1);
	size_t e = r->end & ~(PAGE_SIZE - 1);

	return e > s ? e - s : 0;
}

static void record_initial_state(void)
{
	initial_free = page_alloc_free_bytes();
	for (unsigned k = 0; k < NORDERS; k++)
		initial_blocks[k] = page_alloc_free_blocks(k);
}

/* Everything free again, and merged back exactly as at the start. */
static void check_initial_state(const char *when)
{
	check(page_alloc_free_bytes() == initial_free,
	      "%s: %zu bytes free, expected %zu", when, page_alloc_free_bytes(),
	      initial_free);
	for (unsigned k = 0; k < NORDERS; k++)
		check(page_alloc_free_blocks(k) == initial_blocks[k],
		      "%s: %zu free blocks of order %u, expected %zu", when,
		      page_alloc_free_blocks(k), k, initial_blocks[k]);
	check(page_alloc_check(), "%s: page_alloc_check failed", when);
}

static void test_add_ranges(void)
{
	size_t expect_total = 0;

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
	/* Only [16M, 32M) is whole, and only r1 and r2 together cover it. */
	check(page_alloc_free_blocks(12) == 1, "%zu free 16 MiB blocks",
	      page_alloc_free_blocks(12));
	for (unsigned k = 13; k < NORDERS; k++)
		check(page_alloc_free_blocks(k) == 0, "free block of order %u",
		      k);
	check(page_alloc_check(), "page_alloc_check failed");
	record_initial_state();
	test_point("ranges: trimmed, counted and merged across boundaries");

	void *p = page_alloc(12);
	check(p == (void *)(arena + 16 * MiB), "16 MiB block at %p", p);
	check(page_alloc(12) == NULL, "a second 16 MiB block");
	page_free(p, 12);
	check(page_alloc(PAGE_ORDER_MAX) == NULL, "1 GiB block from 65 MiB");
	check(page_alloc(PAGE_ORDER_MAX + 1) == NULL, "order beyond max");
	check(page_alloc(1000) == NULL, "order 1000");
	check_initial_state("after largest block");
	test_point("page_alloc: largest block is the merged one");
}

/* ------------------------------------------------------------------ */
/* Page allocator */

static bool in_arena(uintptr_t a, size_t len)
{
	uintptr_t side = arena + SIDE_OFFSET;

	return (a >= arena && a + len <= arena + MAIN_SIZE) ||
	       (a >= side && a + len <= side + SIDE_SIZE);
}

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
	check(page_alloc(0) == NULL, "page after exhaustion");
	freeable = malloc(SPAN / PAGE_SIZE);
	memcpy(freeable, shadow, SPAN / PAGE_SIZE);
	check(page_alloc_check(), "page_alloc_check failed when empty");
	shuffle(v, NULL, n);
	for (size_t i = 0; i < n; i++) {
		unclaim(v[i], 0);
		page_free(v[i], 0);
	}
	check_initial_state("after freeing all pages");
	check(page_alloc(12) != NULL, "no 16 MiB block after refill");
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
