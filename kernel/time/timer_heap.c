/*
 * A pairing heap of timers by deadline (Fredman, Sedgewick, Sleator and
 * Tarjan, 1986), intrusive so that arming a timer never allocates.  Each
 * node points to its leftmost child (child), its right sibling (next)
 * and its left sibling, or its parent when it is the leftmost child
 * (prev).  Insert and meld are O(1); removing the minimum merges its
 * children in two passes (pairs left to right, then the pairs right to
 * left) in O(log n) amortized; removing any other node cuts its subtree
 * out, removes its root the same way and melds the rest back.
 *
 * Pure code: the caller serializes (timer.c holds the CPU's queue lock),
 * and the host tests run it against a brute-force model.
 */
#include <stddef.h>

#include "timer.h"

/* The root of two heaps melded; a and b are roots (no siblings). */
static struct timer *meld(struct timer *a, struct timer *b)
{
	if (!a)
		return b;
	if (!b)
		return a;
	if (b->deadline < a->deadline) {
		struct timer *t = a;
		a = b;
		b = t;
	}
	b->prev = a;
	b->next = a->child;
	if (a->child)
		a->child->prev = b;
	a->child = b;
	return a;
}

/* Melds a list of siblings, starting at first, into one heap. */
static struct timer *merge_pairs(struct timer *first)
{
	struct timer *pairs = NULL; /* a stack, linked through next */
	while (first) {
		struct timer *a = first, *b = first->next;
		first = b ? b->next : NULL;
		a->next = a->prev = NULL;
		if (b)
			b->next = b->prev = NULL;
		struct timer *m = meld(a, b);
		m->next = pairs;
		pairs = m;
	}
	struct timer *root = NULL;
	while (pairs) {
		struct timer *p = pairs;
		pairs = p->next;
		p->next = NULL;
		root = meld(root, p);
	}
	if (root)
		root->prev = root->next = NULL;
	return root;
}

void timer_heap_insert(struct timer_heap *h, struct timer *t)
{
	t->child = t->next = t->prev = NULL;
	h->root = meld(h->root, t);
	h->root->prev = h->root->next = NULL;
	h->count++;
}

struct timer *timer_heap_pop(struct timer_heap *h)
{
	struct timer *min = h->root;
	if (!min)
		return NULL;
	h->root = merge_pairs(min->child);
	min->child = NULL;
	h->count--;
	return min;
}

void timer_heap_remove(struct timer_heap *h, struct timer *t)
{
	if (t == h->root) {
		timer_heap_pop(h);
		return;
	}
	if (t->prev->child == t)
		t->prev->child = t->next;
	else
		t->prev->next = t->next;
	if (t->next)
		t->next->prev = t->prev;
	t->next = t->prev = NULL;
	struct timer *rest = merge_pairs(t->child);
	t->child = NULL;
	h->root = meld(h->root, rest);
	h->count--;
}
