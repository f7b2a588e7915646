/*
 * kernel/time/timer_heap.c on the host: the pairing heap against a
 * brute-force model, over random inserts, removals (of the minimum and
 * of arbitrary timers, re-arming included) with equal deadlines among
 * them, then draining it in order.
 */
#include <stdlib.h>
#include <string.h>

#include "tap.h"
#include "timer.h"

#define N 2000
#define OPS 200000

static struct timer timers[N];
static bool in_heap[N];

static int model_min(void)
{
	int best = -1;
	for (int i = 0; i < N; i++)
		if (in_heap[i] &&
		    (best < 0 || timers[i].deadline < timers[best].deadline))
			best = i;
	return best;
}

/* Checks the heap property and the links of the subtree at t. */
static unsigned check_subtree(const struct timer *t, bool *ok)
{
	unsigned n = 1;
	const struct timer *prev = t;
	for (const struct timer *c = t->child; c; prev = c, c = c->next) {
		if (c->deadline < t->deadline || c->prev != prev)
			*ok = false;
		n += check_subtree(c, ok);
	}
	return n;
}

static bool heap_valid(const struct timer_heap *h)
{
	bool ok = true;
	unsigned n = h->root ? check_subtree(h->root, &ok) : 0;
	return ok && n == h->count && (!h->root || !h->root->prev);
}

static int random_ops(struct timer_heap *h)
{
	int mismatches = 0;
	for (int op = 0; op < OPS; op++) {
		int i = rand() % N;
		int kind = rand() % 4;
		if (kind < 2 && !in_heap[i]) {
			timers[i].deadline = rand() % 1000; /* many ties */
			timer_heap_insert(h, &timers[i]);
			in_heap[i] = true;
		} else if (kind == 2 && in_heap[i]) {
			timer_heap_remove(h, &timers[i]);
			in_heap[i] = false;
		} else if (kind == 3) {
			int want = model_min();
			struct timer *got = timer_heap_pop(h);
			if (want < 0 ? got != NULL
				     : !got || got->deadline !=
						   timers[want].deadline)
				mismatches++;
			if (got)
				in_heap[got - timers] = false;
		}
	}
	return mismatches;
}

int main(void)
{
	struct timer_heap h = {0};
	srand(4);
	TAP_OK(timer_heap_pop(&h) == NULL, "an empty heap pops nothing");
	timers[0].deadline = 5;
	timer_heap_insert(&h, &timers[0]);
	TAP_OK(timer_heap_min(&h) == &timers[0] && h.count == 1,
	       "one timer is the minimum");
	timer_heap_remove(&h, &timers[0]);
	TAP_OK(h.root == NULL && h.count == 0, "removing the root empties it");

	int mismatches = random_ops(&h);
	TAP_OK(mismatches == 0,
	       "pops agree with the model over %d operations "
	       "(%d mismatches)",
	       OPS, mismatches);
	TAP_OK(heap_valid(&h), "heap order and links hold after them");
	unsigned count = 0;
	for (int i = 0; i < N; i++)
		count += in_heap[i];
	TAP_OK(h.count == count, "count matches (%u)", count);

	uint64_t last = 0;
	bool sorted = true;
	struct timer *t;
	while ((t = timer_heap_pop(&h))) {
		sorted &= t->deadline >= last;
		last = t->deadline;
		in_heap[t - timers] = false;
	}
	TAP_OK(sorted && h.count == 0,
	       "draining gives non-decreasing deadlines");

	for (int i = 0; i < N; i++) {
		timers[i].deadline = N - i;
		timer_heap_insert(&h, &timers[i]);
	}
	for (int i = 0; i < N; i += 2)
		timer_heap_remove(&h, &timers[i]);
	bool odd_only = true;
	last = 0;
	while ((t = timer_heap_pop(&h))) {
		odd_only &= (t - timers) % 2 == 1 && t->deadline > last;
		last = t->deadline;
	}
	TAP_OK(odd_only, "removing every other timer leaves the rest in order");
	return tap_done();
}
