/*
 * <search.h>'s binary trees against glibc's: the same random inserts,
 * finds and deletes on both, whose answers (found or not, the key the
 * node holds) must agree; twalk's in-order visits (postorder and leaf)
 * list the same keys, in order; the tree stays balanced (depth within
 * AVL's bound) whatever the order of the keys; tdestroy frees each key
 * once.  Output is TAP.
 */
#define _GNU_SOURCE
#include <math.h>
#include <search.h>

#include "difftest.h"

void *osv_tsearch(const void *key, void **rootp,
		  int (*cmp)(const void *, const void *));
void *osv_tfind(const void *key, void *const *rootp,
		int (*cmp)(const void *, const void *));
void *osv_tdelete(const void *key, void **rootp,
		  int (*cmp)(const void *, const void *));
void osv_twalk(const void *root, void (*action)(const void *, VISIT, int));
void osv_twalk_r(const void *root, void (*action)(const void *, VISIT, void *),
		 void *closure);
void osv_tdestroy(void *root, void (*free_key)(void *));

#define KEYS 512

static int keys[KEYS];

static int compare(const void *a, const void *b)
{
	return dt_sign((long)*(const int *)a - *(const int *)b);
}

/* The key a returned node holds (NULL: none). */
static const int *key_of(void *node)
{
	return node ? *(const int **)node : NULL;
}

/* The in-order keys twalk visits, and the depth it reaches. */
static struct {
	int key[KEYS];
	int n, depth, visits, leaves;
} seen;

static void record(const void *node, VISIT v, int depth)
{
	seen.visits++;
	seen.leaves += v == leaf;
	if (depth > seen.depth)
		seen.depth = depth;
	if ((v == postorder || v == leaf) && seen.n < KEYS)
		seen.key[seen.n++] = **(const int *const *)node;
}

static void record_r(const void *node, VISIT v, void *closure)
{
	(*(int *)closure)++;
	record(node, v, 0);
}

/* The in-order keys of a tree; the walk's greatest depth. */
static int walk(void (*twalk_fn)(const void *,
				 void (*)(const void *, VISIT, int)),
		const void *root, int *out)
{
	memset(&seen, 0, sizeof(seen));
	twalk_fn(root, record);
	memcpy(out, seen.key, seen.n * sizeof(int));
	return seen.n;
}

static void keep_key(void *key)
{
	(void)key;
}

static void compare_random_operations(unsigned range, unsigned ops)
{
	void *glibc_root = NULL, *osv_root = NULL;
	for (unsigned i = 0; i < ops; i++) {
		int *key = &keys[dt_below(range)];
		unsigned op = dt_below(3);
		void *a, *b;
		if (op == 0) {
			a = tsearch(key, &glibc_root, compare);
			b = osv_tsearch(key, &osv_root, compare);
			CHECK(key_of(a) && key_of(b) &&
				  *key_of(a) == *key_of(b) &&
				  key_of(a) == key_of(b),
			      "tsearch(%d): glibc %p, osv %p", *key, (void *)a,
			      (void *)b);
		} else if (op == 1) {
			a = tfind(key, &glibc_root, compare);
			b = osv_tfind(key, &osv_root, compare);
			CHECK(key_of(a) == key_of(b), "tfind(%d)", *key);
		} else {
			a = tdelete(key, &glibc_root, compare);
			b = osv_tdelete(key, &osv_root, compare);
			CHECK(!a == !b, "tdelete(%d): glibc %s, osv %s", *key,
			      a ? "found" : "none", b ? "found" : "none");
		}
	}
	static int in_glibc[KEYS], in_osv[KEYS];
	int n = walk(twalk, glibc_root, in_glibc);
	int m = walk(osv_twalk, osv_root, in_osv);
	int live = m;
	CHECK(n == m && !memcmp(in_glibc, in_osv, n * sizeof(int)),
	      "twalk's in-order keys differ (glibc %d, osv %d)", n, m);
	/* AVL: height below 1.45 log2(n + 2). */
	walk(osv_twalk, osv_root, in_osv);
	CHECK(seen.depth < 1.45 * log2(live + 2),
	      "depth %d for %d keys: not balanced", seen.depth, live);
	CHECK(seen.visits == seen.leaves + 3 * (live - seen.leaves),
	      "twalk: %d visits for %d nodes, %d of them leaves", seen.visits,
	      live, seen.leaves);
	tdestroy(glibc_root, keep_key); /* glibc's needs a function */
	osv_tdestroy(osv_root, NULL);
}

static void check_ascending_keys(void)
{
	void *root = NULL;
	for (int i = 0; i < KEYS; i++)
		osv_tsearch(&keys[i], &root, compare);
	int out[KEYS];
	int n = walk(osv_twalk, root, out);
	CHECK(n == KEYS, "%d keys walked of %d", n, KEYS);
	for (int i = 0; i < n; i++)
		CHECK(out[i] == i, "in-order key %d is %d", i, out[i]);
	CHECK(seen.depth <= 9, "ascending keys: depth %d for 512 keys",
	      seen.depth);
	CHECK(osv_tsearch(&keys[7], &root, compare) ==
		  osv_tfind(&keys[7], &root, compare),
	      "tsearch of a key in the tree returns its node");
	int closure = 0;
	memset(&seen, 0, sizeof(seen));
	osv_twalk_r(root, record_r, &closure);
	CHECK(closure == seen.visits && seen.n == KEYS,
	      "twalk_r passes the closure on each visit");
	for (int i = 0; i < KEYS; i += 2)
		CHECK(osv_tdelete(&keys[i], &root, compare) != NULL,
		      "tdelete(%d)", i);
	CHECK(osv_tdelete(&keys[0], &root, compare) == NULL,
	      "tdelete of a deleted key");
	n = walk(osv_twalk, root, out);
	CHECK(n == KEYS / 2 && out[0] == 1 && out[n - 1] == KEYS - 1,
	      "after deleting the even keys: %d left", n);
	osv_tdestroy(root, NULL);
}

static int freed;

static void count_free(void *key)
{
	(void)key;
	freed++;
}

static void check_tdestroy(void)
{
	void *root = NULL;
	for (int i = 0; i < 100; i++)
		osv_tsearch(&keys[(i * 37) % 100], &root, compare);
	osv_tdestroy(root, count_free);
	CHECK(freed == 100, "tdestroy freed %d keys of 100", freed);
	CHECK(!osv_tsearch(&keys[0], NULL, compare) &&
		  !osv_tfind(&keys[0], NULL, compare) &&
		  !osv_tdelete(&keys[0], NULL, compare),
	      "a NULL root pointer: NULL");
}

int main(void)
{
	for (int i = 0; i < KEYS; i++)
		keys[i] = i;
	compare_random_operations(64, 2000);
	dt_group_end("random tsearch/tfind/tdelete on 64 keys");
	compare_random_operations(KEYS, 20000);
	dt_group_end("random tsearch/tfind/tdelete on 512 keys");
	check_ascending_keys();
	dt_group_end("ascending keys: balanced, in order, twalk_r, tdelete");
	check_tdestroy();
	dt_group_end("tdestroy and NULL root pointers");
	return dt_done();
}
