/*
 * tsearch, tfind, tdelete, twalk, twalk_r, tdestroy: an AVL tree, so
 * that a search is O(log n) whatever order the keys come in.  A node's
 * first member is the key pointer, as POSIX asks: the node pointers
 * returned (and passed to twalk's action) read as a pointer to the key.
 */
#include <search.h>
#include <stdlib.h>

struct tnode {
	const void *key;
	struct tnode *left, *right;
	int height;
};

typedef int compare_fn(const void *, const void *);

static int height(const struct tnode *n)
{
	return n ? n->height : 0;
}

static void update(struct tnode *n)
{
	int l = height(n->left), r = height(n->right);
	n->height = 1 + (l > r ? l : r);
}

static struct tnode *rotate_right(struct tnode *n)
{
	struct tnode *l = n->left;
	n->left = l->right;
	l->right = n;
	update(n);
	update(l);
	return l;
}

static struct tnode *rotate_left(struct tnode *n)
{
	struct tnode *r = n->right;
	n->right = r->left;
	r->left = n;
	update(n);
	update(r);
	return r;
}

/* Restores the AVL balance at n, whose subtrees are balanced. */
static struct tnode *rebalance(struct tnode *n)
{
	update(n);
	int balance = height(n->left) - height(n->right);
	if (balance > 1) {
		if (height(n->left->left) < height(n->left->right))
			n->left = rotate_left(n->left);
		return rotate_right(n);
	}
	if (balance < -1) {
		if (height(n->right->right) < height(n->right->left))
			n->right = rotate_right(n->right);
		return rotate_left(n);
	}
	return n;
}

/*
 * Inserts key under n unless it is there; *found is the node holding
 * it, NULL when there was no memory.
 */
static struct tnode *insert(struct tnode *n, const void *key, compare_fn *cmp,
			    struct tnode **found)
{
	if (!n) {
		n = malloc(sizeof(*n));
		if (n)
			*n = (struct tnode){.key = key, .height = 1};
		*found = n;
		return n;
	}
	int c = cmp(key, n->key);
	if (c == 0) {
		*found = n;
		return n;
	}
	if (c < 0)
		n->left = insert(n->left, key, cmp, found);
	else
		n->right = insert(n->right, key, cmp, found);
	return rebalance(n);
}

void *tsearch(const void *key, void **rootp, compare_fn *cmp)
{
	if (!rootp)
		return NULL;
	struct tnode *found;
	*rootp = insert(*rootp, key, cmp, &found);
	return found;
}

void *tfind(const void *key, void *const *rootp, compare_fn *cmp)
{
	if (!rootp)
		return NULL;
	struct tnode *n = *rootp;
	while (n) {
		int c = cmp(key, n->key);
		if (c == 0)
			return n;
		n = c < 0 ? n->left : n->right;
	}
	return NULL;
}

/* Detaches the leftmost node of n into *min; n without it, balanced. */
static struct tnode *detach_min(struct tnode *n, struct tnode **min)
{
	if (!n->left) {
		*min = n;
		return n->right;
	}
	n->left = detach_min(n->left, min);
	return rebalance(n);
}

/* The node that takes n's place when n leaves the tree. */
static struct tnode *unlink_node(struct tnode *n)
{
	if (!n->left || !n->right)
		return n->left ? n->left : n->right;
	struct tnode *successor;
	struct tnode *right = detach_min(n->right, &successor);
	successor->left = n->left;
	successor->right = right;
	return rebalance(successor);
}

/*
 * Removes key from under n; *parent becomes the removed node's parent
 * (up for the node at n), left alone when key is absent.
 */
static struct tnode *remove_key(struct tnode *n, const void *key,
				compare_fn *cmp, struct tnode *up,
				struct tnode **parent, int *removed)
{
	if (!n)
		return NULL;
	int c = cmp(key, n->key);
	if (c == 0) {
		struct tnode *replacement = unlink_node(n);
		*parent = up;
		*removed = 1;
		free(n);
		return replacement;
	}
	if (c < 0)
		n->left = remove_key(n->left, key, cmp, n, parent, removed);
	else
		n->right = remove_key(n->right, key, cmp, n, parent, removed);
	return rebalance(n);
}

/*
 * POSIX: the removed node's parent, or some other non-NULL pointer when
 * it was the root (here rootp itself), NULL when key is not there.
 */
void *tdelete(const void *restrict key, void **restrict rootp, compare_fn *cmp)
{
	if (!rootp)
		return NULL;
	struct tnode *parent = NULL;
	int removed = 0;
	*rootp = remove_key(*rootp, key, cmp, NULL, &parent, &removed);
	if (!removed)
		return NULL;
	return parent ? (void *)parent : (void *)rootp;
}

/* twalk's action (with the depth) or twalk_r's (with a closure). */
struct walk_action {
	void (*with_depth)(const void *, VISIT, int);
	void (*with_closure)(const void *, VISIT, void *);
	void *closure;
};

static void visit(const struct walk_action *a, const struct tnode *n, VISIT v,
		  int depth)
{
	if (a->with_depth)
		a->with_depth(n, v, depth);
	else
		a->with_closure(n, v, a->closure);
}

static void walk(const struct tnode *n, int depth, const struct walk_action *a)
{
	if (!n->left && !n->right) {
		visit(a, n, leaf, depth);
		return;
	}
	visit(a, n, preorder, depth);
	if (n->left)
		walk(n->left, depth + 1, a);
	visit(a, n, postorder, depth);
	if (n->right)
		walk(n->right, depth + 1, a);
	visit(a, n, endorder, depth);
}

void twalk(const void *root, void (*action)(const void *, VISIT, int))
{
	struct walk_action a = {.with_depth = action};
	if (root && action)
		walk(root, 0, &a);
}

void twalk_r(const void *root, void (*action)(const void *, VISIT, void *),
	     void *closure)
{
	struct walk_action a = {.with_closure = action, .closure = closure};
	if (root && action)
		walk(root, 0, &a);
}

void tdestroy(void *root, void (*free_key)(void *))
{
	struct tnode *n = root;
	if (!n)
		return;
	tdestroy(n->left, free_key);
	tdestroy(n->right, free_key);
	if (free_key)
		free_key((void *)n->key);
	free(n);
}
