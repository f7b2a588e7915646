/*
 * qsort_r: introsort.  Quicksort with a median-of-three pivot and a
 * Hoare partition, which splits runs of equal keys evenly; a partition
 * deeper than 2 log2(n) switches to heapsort, so the worst case stays
 * O(n log n); short ranges finish with insertion sort.  Not stable.
 */
#include <stdint.h>
#include <stdlib.h>

typedef int (*cmp_fn)(const void *, const void *, void *);

struct sorter {
	size_t size;
	cmp_fn cmp;
	void *arg;
};

/*
 * Out of line: inlined into each of its nine callers it was 1 KB of
 * copies beside a comparison that is an indirect call anyway.
 */
__attribute__((noinline)) static void swap(const struct sorter *s, char *a,
					   char *b)
{
	size_t n = s->size;
	if (n == 8 && !(((uintptr_t)a | (uintptr_t)b) & 7)) {
		uint64_t t = *(uint64_t *)a;
		*(uint64_t *)a = *(uint64_t *)b;
		*(uint64_t *)b = t;
		return;
	}
	while (n--) {
		char t = *a;
		*a++ = *b;
		*b++ = t;
	}
}

static int cmp(const struct sorter *s, const char *a, const char *b)
{
	return s->cmp(a, b, s->arg);
}

static void insertion_sort(const struct sorter *s, char *base, size_t n)
{
	for (size_t i = 1; i < n; i++)
		for (char *p = base + i * s->size;
		     p > base && cmp(s, p - s->size, p) > 0; p -= s->size)
			swap(s, p - s->size, p);
}

/* Restores the max-heap property below node i of a heap of n nodes. */
static void sift_down(const struct sorter *s, char *base, size_t i, size_t n)
{
	for (;;) {
		size_t child = 2 * i + 1;
		if (child >= n)
			return;
		if (child + 1 < n && cmp(s, base + child * s->size,
					 base + (child + 1) * s->size) < 0)
			child++;
		if (cmp(s, base + i * s->size, base + child * s->size) >= 0)
			return;
		swap(s, base + i * s->size, base + child * s->size);
		i = child;
	}
}

static void heap_sort(const struct sorter *s, char *base, size_t n)
{
	for (size_t i = n / 2; i-- > 0;)
		sift_down(s, base, i, n);
	for (size_t end = n - 1; end > 0; end--) {
		swap(s, base, base + end * s->size);
		sift_down(s, base, 0, end);
	}
}

/* Moves the median of the first, middle and last elements to the front. */
static void choose_pivot(const struct sorter *s, char *base, size_t n)
{
	char *a = base, *b = base + n / 2 * s->size,
	     *c = base + (n - 1) * s->size;
	if (cmp(s, a, b) > 0)
		swap(s, a, b);
	if (cmp(s, b, c) > 0) {
		swap(s, b, c);
		if (cmp(s, a, b) > 0)
			swap(s, a, b);
	}
	swap(s, a, b);
}

/* Partitions around the first element; returns its final index. */
static size_t partition(const struct sorter *s, char *base, size_t n)
{
	size_t i = 1, j = n - 1, sz = s->size;
	for (;;) {
		while (i <= j && cmp(s, base + i * sz, base) < 0)
			i++;
		while (i <= j && cmp(s, base + j * sz, base) > 0)
			j--;
		if (i >= j)
			break;
		swap(s, base + i * sz, base + j * sz);
		i++;
		j--;
	}
	swap(s, base, base + j * sz);
	return j;
}

static void intro_sort(const struct sorter *s, char *base, size_t n,
		       unsigned depth)
{
	while (n > 12) {
		if (depth-- == 0) {
			heap_sort(s, base, n);
			return;
		}
		choose_pivot(s, base, n);
		size_t p = partition(s, base, n);
		char *right = base + (p + 1) * s->size;
		size_t rn = n - p - 1;
		/* Recurse into the smaller side: the stack stays O(log n). */
		if (p < rn) {
			intro_sort(s, base, p, depth);
			base = right;
			n = rn;
		} else {
			intro_sort(s, right, rn, depth);
			n = p;
		}
	}
	insertion_sort(s, base, n);
}

void qsort_r(void *base, size_t n, size_t size,
	     int (*compar)(const void *, const void *, void *), void *arg)
{
	if (n < 2 || !size)
		return;
	struct sorter s = {size, compar, arg};
	unsigned depth = 2 * (unsigned)(63 - __builtin_clzll(n));
	intro_sort(&s, base, n, depth);
}
