/*
 * The boot filesystem: the entries of newc cpio archives (parsed by
 * kernel/fs/cpio_newc.c) in one tree of nodes, found by path.
 *
 * Every node is named by its normalised absolute path ("/", "/lib",
 * "/lib/x.so") and lives in a chained hash table keyed by that path; the
 * hash is FNV-1a, whose state after "/lib" is the starting state for
 * "/lib/x.so", so the key of a child is hashed from its parent's stored
 * hash plus "/name".  Every node also points to its parent directory.
 * Lookup therefore walks a path one component at a time, each step one
 * hash probe on the component alone, without assembling any path in a
 * buffer: O(path length) on average, with a few words of stack, and
 * symbolic links are followed as POSIX does (".." after a link goes to
 * the parent of where the link led).  A link's target is pushed on a
 * small stack of strings still to walk; the limit of 8 links per lookup
 * bounds that stack and ends loops.
 *
 * Directories need not be in the archive: inserting "/a/b/c" creates "/a"
 * and "/a/b" as directories (mode 040755) if they do not exist, so that
 * every node's parent exists; an entry for the directory that comes later
 * just sets its mode.  An entry whose path exists already (from an earlier
 * archive, or twice in one) overrides the node in place: its pointer and
 * its place in the listing order stay, its contents change.
 *
 * Hard links: newc stores the data once, on one of the links (GNU cpio
 * puts it on the last), and writes the others with size 0.  At the end of
 * an archive each such empty link gets the data of the link with the same
 * (ino, devmajor, devminor) that has some.
 *
 * An archive is checked completely before anything is added, so a bad one
 * changes nothing.  Only running out of heap can leave an archive half
 * added: then the tree is shut (lookups find nothing, listings list
 * nothing) and bootfs_error() names the entry that could not be added,
 * so that a boot fails saying so instead of going on without files.
 * Nodes are never freed; there is no locking (boot time only).
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "bootfs.h"
#include "cpio_newc.h"
#include "mm.h"

#define MAX_LINKS 8
#define IMPLICIT_DIR_MODE (CPIO_S_IFDIR | 0755)
#define FNV_BASIS 2166136261u
#define FNV_PRIME 16777619u
#define MIN_BUCKETS 64

struct node {
	struct bootfs_file f; /* what callers see; f.path is path below */
	struct node *parent;  /* the root's is the root */
	struct node *hash_next;
	struct node *order_next;
	uint32_t hash; /* of f.path */
	size_t path_len;
	size_t name_len; /* of the last component; 0 for the root */
	char path[];
};

static struct node **buckets;
static size_t nbuckets, nnodes;
static struct node *root, *first_node, *last_node;
static const char no_data[1];

static const char *const out_of_memory =
    "bootfs: out of memory reading an archive into the tree";
/* why the tree is shut (an archive half added), or NULL */
static const char *tree_error;
static char error_text[CPIO_NAME_MAX + 64];

static uint32_t fnv(uint32_t h, const char *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		h = (h ^ (uint8_t)p[i]) * FNV_PRIME;
	return h;
}

static bool is_type(const struct node *n, uint32_t type)
{
	return (n->f.mode & CPIO_S_IFMT) == type;
}

/* The key of dir's child called name: fnv(dir's path + "/" + name). */
static uint32_t child_hash(const struct node *dir, const char *name, size_t len)
{
	uint32_t h = dir == root ? FNV_BASIS : dir->hash;

	return fnv(fnv(h, "/", 1), name, len);
}

static struct node *find_hashed(uint32_t h, const struct node *dir,
				const char *name, size_t len)
{
	struct node *n;

	if (!nbuckets)
		return NULL;
	for (n = buckets[h & (nbuckets - 1)]; n; n = n->hash_next)
		if (n->hash == h && n->parent == dir && n->name_len == len &&
		    n != root &&
		    memcmp(n->path + n->path_len - len, name, len) == 0)
			return n;
	return NULL;
}

static struct node *find_child(const struct node *dir, const char *name,
			       size_t len)
{
	return find_hashed(child_hash(dir, name, len), dir, name, len);
}

/* Doubles the table; when the heap says no, chains just get longer. */
static void grow_table(void)
{
	size_t count = nbuckets ? 2 * nbuckets : MIN_BUCKETS;
	struct node **b = heap_calloc(count, sizeof(*b));

	if (!b)
		return;
	for (size_t i = 0; i < nbuckets; i++) {
		struct node *n = buckets[i], *next;

		for (; n; n = next) {
			next = n->hash_next;
			n->hash_next = b[n->hash & (count - 1)];
			b[n->hash & (count - 1)] = n;
		}
	}
	heap_free(buckets);
	buckets = b;
	nbuckets = count;
}

/* A new implicit directory path[0, len) under parent, with hash h. */
static struct node *new_node(const char *path, size_t len, struct node *parent,
			     uint32_t h)
{
	struct node *n;
	size_t i = len;

	if (nnodes >= nbuckets)
		grow_table();
	if (!nbuckets) /* no table: the node could never be found */
		return NULL;
	n = heap_alloc(sizeof(*n) + len + 1);
	if (!n)
		return NULL;
	memcpy(n->path, path, len);
	n->path[len] = '\0';
	while (i > 0 && path[i - 1] != '/')
		i--;
	n->path_len = len;
	n->name_len = len - i;
	n->f = (struct bootfs_file){n->path, no_data, 0, IMPLICIT_DIR_MODE};
	n->parent = parent ? parent : n;
	n->hash = h;
	n->order_next = NULL;
	if (last_node)
		last_node->order_next = n;
	else
		first_node = n;
	last_node = n;
	n->hash_next = buckets[h & (nbuckets - 1)];
	buckets[h & (nbuckets - 1)] = n;
	nnodes++;
	return n;
}

/*
 * The node of the normalised path[0, len), created with any missing
 * directories on the way; NULL when out of memory.
 */
static struct node *get_node(const char *path, size_t len)
{
	uint32_t h = FNV_BASIS;
	size_t done = 0;
	struct node *n;

	if (!root) {
		root = new_node("/", 1, NULL, fnv(FNV_BASIS, "/", 1));
		if (!root)
			return NULL;
	}
	n = root;
	while (len > 1 && done < len) {
		size_t end = done + 1;
		struct node *child;

		while (end < len && path[end] != '/')
			end++;
		h = fnv(h, path + done, end - done);
		child = find_hashed(h, n, path + done + 1, end - done - 1);
		if (!child)
			child = new_node(path, end, n, h);
		if (!child)
			return NULL;
		n = child;
		done = end;
	}
	return n;
}

/*
 * Writes the absolute form of name[0, len) to out (room for len + 1):
 * empty and "." components dropped, ".." removing the one before it but
 * never going above "/", no "//" and no trailing '/'.  Returns its length.
 */
static size_t normalise(const char *name, size_t len, char *out)
{
	size_t o = 0, i = 0;

	out[o++] = '/';
	while (i < len) {
		size_t start, n;

		while (i < len && name[i] == '/')
			i++;
		start = i;
		while (i < len && name[i] != '/')
			i++;
		n = i - start;
		if (n == 0 || (n == 1 && name[start] == '.'))
			continue;
		if (n == 2 && name[start] == '.' && name[start + 1] == '.') {
			while (o > 1 && out[o - 1] != '/')
				o--;
			if (o > 1)
				o--;
			continue;
		}
		if (o > 1)
			out[o++] = '/';
		memcpy(out + o, name + start, n);
		o += n;
	}
	return o;
}

/* A regular file with other hard links, as it appeared in the archive. */
struct link {
	uint32_t ino, dev_major, dev_minor;
	const uint8_t *data;
	size_t size;
	struct node *node;
};

static bool has_links(const struct cpio_entry *e)
{
	return (e->mode & CPIO_S_IFMT) == CPIO_S_IFREG && e->nlink > 1;
}

static bool same_inode(const struct link *a, const struct link *b)
{
	return a->ino == b->ino && a->dev_major == b->dev_major &&
	       a->dev_minor == b->dev_minor;
}

static uint32_t link_hash(const struct link *l)
{
	uint32_t key[3] = {l->ino, l->dev_major, l->dev_minor};

	return fnv(FNV_BASIS, (const char *)key, sizeof(key));
}

/*
 * Gives each empty link of links[0, n) the data of a link to the same
 * inode that has some, through an open-addressing table of the links
 * with data.  False when out of memory.
 */
static bool resolve_links(const struct link *links, size_t n)
{
	size_t count = 4, mask, i, j;
	const struct link **table;

	while (count < 2 * n)
		count *= 2;
	mask = count - 1;
	table = heap_calloc(count, sizeof(*table));
	if (!table)
		return false;
	for (i = 0; i < n; i++) {
		if (links[i].size == 0)
			continue;
		for (j = link_hash(&links[i]) & mask; table[j];
		     j = (j + 1) & mask)
			if (same_inode(table[j], &links[i]))
				break;
		if (!table[j])
			table[j] = &links[i];
	}
	for (i = 0; i < n; i++) {
		const struct link *l = &links[i];
		struct node *node = l->node;

		/* Skip links with data, and nodes a later entry took over. */
		if (l->size != 0 || node->f.data != l->data)
			continue;
		for (j = link_hash(l) & mask; table[j]; j = (j + 1) & mask)
			if (same_inode(table[j], l))
				break;
		if (table[j]) {
			node->f.data = table[j]->data;
			node->f.size = table[j]->size;
		}
	}
	heap_free(table);
	return true;
}

/* Checks the whole archive; counts the entries with hard links. */
static const char *validate(const uint8_t *archive, size_t size, size_t *nlinks)
{
	struct cpio_entry e;
	size_t off = 0;

	*nlinks = 0;
	do {
		const char *err = cpio_newc_next(archive, size, &off, true, &e);

		if (err)
			return err;
		if (has_links(&e))
			(*nlinks)++;
	} while (!e.trailer);
	return NULL;
}

/* Adds the entries of a validated archive; NULL, or why not (no memory). */
static const char *add_entries(const uint8_t *archive, size_t size,
			       char *scratch, struct link *links)
{
	struct cpio_entry e;
	size_t off = 0, k = 0;

	for (;;) {
		struct node *n;

		/* Cannot fail: validate() read the same bytes. */
		cpio_newc_next(archive, size, &off, false, &e);
		if (e.trailer)
			break;
		size_t len = normalise(e.name, e.name_len, scratch);
		n = get_node(scratch, len);
		if (!n) {
			scratch[len] = '\0';
			snprintf(error_text, sizeof(error_text),
				 "bootfs: out of memory: cannot add %s",
				 scratch);
			return error_text;
		}
		/* Whatever ".." or "." claims, the root stays a directory. */
		if (n == root && (e.mode & CPIO_S_IFMT) != CPIO_S_IFDIR)
			continue;
		n->f.mode = e.mode;
		n->f.data = e.data;
		n->f.size = e.size;
		if (has_links(&e))
			links[k++] = (struct link){
			    e.ino, e.dev_major, e.dev_minor, e.data, e.size, n};
	}
	if (k && !resolve_links(links, k))
		return "bootfs: out of memory: cannot give hard links their "
		       "data";
	return NULL;
}

static bool archive_added;

bool bootfs_has_archive(void)
{
	return archive_added;
}

/* Reads a validated archive into the tree; an error shuts the tree. */
static const char *add_to_tree(const uint8_t *archive, size_t size,
			       size_t nlinks)
{
	const char *err = out_of_memory;
	char *scratch = heap_alloc(CPIO_NAME_MAX + 2);
	struct link *links = heap_calloc(nlinks ? nlinks : 1, sizeof(*links));

	if (scratch && links)
		err = add_entries(archive, size, scratch, links);
	heap_free(links);
	heap_free(scratch);
	if (err && !tree_error)
		tree_error = err;
	return err;
}

const char *bootfs_error(void)
{
	return tree_error;
}

/* BEGIN initrd fill */
/*
 * Archives without hard links wait here, unread, while no tree exists:
 * the usual boot fills its ramfs root straight from them
 * (bootfs_for_each_entry) and never builds the tree.  The first lookup
 * or listing reads them into it, in order.
 */
#define MAX_PENDING 8

static struct {
	const uint8_t *archive;
	size_t size;
} pending[MAX_PENDING];
static size_t npending;

static const char *read_pending(void)
{
	const char *err = NULL;

	for (size_t i = 0; i < npending && !err; i++)
		err = add_to_tree(pending[i].archive, pending[i].size, 0);
	npending = 0;
	return err;
}

bool bootfs_for_each_entry(void (*fn)(const struct bootfs_file *f, void *arg),
			   void *arg)
{
	static char path[CPIO_NAME_MAX + 2];

	if (root)
		return false;
	for (size_t i = 0; i < npending; i++) {
		struct cpio_entry e;
		size_t off = 0;

		for (;;) {
			/* Cannot fail: validate() read the same bytes. */
			cpio_newc_next(pending[i].archive, pending[i].size,
				       &off, false, &e);
			if (e.trailer)
				break;
			size_t len = normalise(e.name, e.name_len, path);
			if (len == 1)
				continue; /* the root stays a directory */
			path[len] = '\0';
			struct bootfs_file f = {path, e.data, e.size, e.mode};
			fn(&f, arg);
		}
	}
	return true;
}
/* END initrd fill */

const char *bootfs_add_archive(const void *archive, size_t size)
{
	size_t nlinks;
	const char *err = validate(archive, size, &nlinks);

	if (err)
		return err;
	archive_added = true;
	/* BEGIN initrd fill */
	if (!nlinks && !root && npending < MAX_PENDING) {
		pending[npending].archive = archive;
		pending[npending++].size = size;
		return NULL;
	}
	err = read_pending();
	/* END initrd fill */
	return err ? err : add_to_tree(archive, size, nlinks);
}

/* A piece of a path still to walk: the lookup's or a link's target. */
struct segment {
	const char *p;
	size_t len;
};

const struct bootfs_file *bootfs_lookup(const char *path)
{
	struct segment todo[MAX_LINKS + 1];
	int depth = 1, links = 0;
	struct node *cur;

	if (npending) /* initrd fill */
		read_pending();
	cur = root;
	if (!path || !*path || !root || tree_error)
		return NULL;
	todo[0] = (struct segment){path, strlen(path)};
	while (depth > 0) {
		struct segment *s = &todo[depth - 1];
		const char *name;
		size_t n = 0;
		struct node *child;

		while (s->len && *s->p == '/')
			s->p++, s->len--;
		if (!s->len) {
			depth--;
			continue;
		}
		name = s->p;
		while (n < s->len && name[n] != '/')
			n++;
		s->p += n;
		s->len -= n;
		if (!is_type(cur, CPIO_S_IFDIR))
			return NULL; /* "/file/x": not a directory */
		if (n == 1 && name[0] == '.')
			continue;
		if (n == 2 && name[0] == '.' && name[1] == '.') {
			cur = cur->parent;
			continue;
		}
		child = find_child(cur, name, n);
		if (!child)
			return NULL;
		if (!is_type(child, CPIO_S_IFLNK)) {
			cur = child;
			continue;
		}
		/* Loops end here too; an empty target names nothing. */
		if (++links > MAX_LINKS || child->f.size == 0)
			return NULL;
		todo[depth++] = (struct segment){child->f.data, child->f.size};
		if (*(const char *)child->f.data == '/')
			cur = root;
		/* A relative target starts from cur, the link's directory. */
	}
	if (is_type(cur, CPIO_S_IFDIR) || is_type(cur, CPIO_S_IFREG))
		return &cur->f;
	return NULL;
}

void bootfs_for_each(void (*fn)(const struct bootfs_file *f, void *arg),
		     void *arg)
{
	if (npending) /* initrd fill */
		read_pending();
	if (tree_error)
		return;
	for (struct node *n = first_node; n; n = n->order_next)
		fn(&n->f, arg);
}

/* BEGIN initrd release */
void bootfs_clear(void)
{
	for (struct node *n = first_node, *next; n; n = next) {
		next = n->order_next;
		heap_free(n);
	}
	heap_free(buckets);
	buckets = NULL;
	nbuckets = nnodes = 0;
	root = first_node = last_node = NULL;
	tree_error = NULL;
	npending = 0; /* initrd fill */
}
/* END initrd release */
