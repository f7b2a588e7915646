/*
 * ramfs: files in memory, the root filesystem and /tmp.
 *
 * A node embeds its vnode, so a file has one vnode for its whole life:
 * lookups take a reference to it, and when the last reference goes and
 * no name is left (nlink 0) the node is freed.  A directory keeps its
 * entries in a list in creation order, each with a cookie (its place in
 * that order) that readdir and seekdir use, and from 16 entries on a
 * hash table of them for lookups; a directory knows its parent for
 * "..".
 *
 * File data is kept in pages (ramfs_pages.h): a file of the boot archive
 * borrows its bytes from it and gets a page of its own only where it is
 * written (copy on write, page by page), ops->direct hands out the
 * bytes in place, and ops->map_page gives a shared mapping the file's
 * own pages.  A symlink's target is borrowed or on the heap.
 *
 * The VFS serialises the operations of a mount, so nothing here locks,
 * except the page index, which map_page reaches beside them.
 */
#include <errno.h>
#include <stddef.h>
#include <string.h>

#include "bootfs.h" /* initrd release */
#include "clock.h"
#include "image.h"
#include "mm.h"
#include "ramfs.h"
#include "ramfs_pages.h"
#include "vfs_impl.h" /* the default boot's tree */

#define RAMFS_MAGIC 0x858458f6 /* Linux's */
#define COOKIE_DOT 1
#define COOKIE_DOTDOT 2
#define COOKIE_FIRST 3

struct ramfs_entry {
	struct ramfs_entry *next, *prev; /* creation order */
	struct ramfs_entry *chain;	 /* the next in its hash bucket */
	struct ramfs_node *node;
	uint64_t cookie;
	size_t len;
	char name[];
};

struct ramfs_node {
	struct vnode vn;
	uint32_t mode; /* permission bits; the type is vn.type */
	uint32_t nlink;
	uint32_t uid, gid;
	struct timespec atime, mtime, ctime, btime;
	union {
		/* directory */
		struct {
			struct ramfs_node *parent;
			struct ramfs_entry *first, *last;
			struct ramfs_entry *hint;     /* readdir's last */
			struct ramfs_entry **buckets; /* once it grows */
			size_t nbuckets;
			uint64_t next_cookie;
			size_t count;
		} dir;
		struct ramfs_pages file;
		/* symlink: its target, owned (heap) or borrowed */
		struct {
			const char *target;
			size_t len;
			bool owned;
		} link;
	};
};

struct ramfs {
	uint64_t next_ino;
	size_t nodes;
	size_t bytes; /* pages and symlink targets */
};

static const struct vnode_ops ramfs_ops;

static struct ramfs_node *node_of(struct vnode *vn)
{
	return (struct ramfs_node *)vn;
}

/* Pending until the wall clock's first use (vop_getattr resolves it). */
static void now(struct timespec *ts)
{
	clock_stamp(ts);
}

static void touch(struct ramfs_node *n, bool modified)
{
	now(&n->ctime);
	if (modified)
		n->mtime = n->ctime;
}

/* Sets up the zeroed node n, with one reference. */
static void init_node(struct ramfs_node *n, struct vfs_mount *mnt,
		      uint32_t type, uint32_t mode)
{
	struct ramfs *fs = mnt->data;
	vnode_init(&n->vn, mnt, &ramfs_ops, type, ++fs->next_ino, n);
	n->mode = mode & 07777;
	n->nlink = type == VFS_IFDIR ? 2 : 1;
	now(&n->ctime);
	n->atime = n->mtime = n->btime = n->ctime;
	if (type == VFS_IFDIR)
		n->dir.next_cookie = COOKIE_FIRST;
	else if (type != VFS_IFLNK)
		ramfs_pages_init(&n->file, &fs->bytes);
	__atomic_add_fetch(&fs->nodes, 1, __ATOMIC_RELAXED);
}

static struct ramfs_node *new_node(struct vfs_mount *mnt, uint32_t type,
				   uint32_t mode)
{
	struct ramfs_node *n = heap_calloc(1, sizeof(*n));
	if (n)
		init_node(n, mnt, type, mode);
	return n;
}

/*
 * The boot's directories in a ramfs root (ramfs_new_dir): the first
 * BOOT_DIRS nodes and entries ramfs_new_dir makes are static, not from
 * the heap (under an emulator the boot pays for the translation of the
 * heap's code it would run only for them).  One removed is not reused.
 */
#define BOOT_DIRS 3
#define BOOT_NAME_MAX 7
static struct {
	struct ramfs_node node;
	struct ramfs_entry entry;
	char name[BOOT_NAME_MAX + 1]; /* entry's */
} boot_dirs[BOOT_DIRS];
static unsigned boot_dirs_used;
_Static_assert(offsetof(typeof(boot_dirs[0]), name) ==
		   offsetof(typeof(boot_dirs[0]), entry) +
		       offsetof(struct ramfs_entry, name),
	       "a boot entry's name follows it");

/* heap_free() but for static storage (boot_dirs, the default tree) */
static void free_mem(void *p)
{
	if (!image_holds(p))
		heap_free(p);
}

static void free_node(struct ramfs_node *n)
{
	struct ramfs *fs = n->vn.mount->data;
	if (n->vn.type == VFS_IFDIR)
		heap_free(n->dir.buckets);
	else if (n->vn.type != VFS_IFLNK)
		ramfs_pages_free(&n->file);
	else if (n->link.owned) {
		__atomic_sub_fetch(&fs->bytes, n->link.len, __ATOMIC_RELAXED);
		heap_free((void *)n->link.target);
	} else if (n->link.len) /* initrd release */
		bootfs_drop(n->link.target, 0);
	__atomic_sub_fetch(&fs->nodes, 1, __ATOMIC_RELAXED);
	free_mem(n);
}

/* ---- Directories ---- */

/*
 * A directory's names: a list in creation order (for readdir), and,
 * from HASH_MIN entries on, a hash table of chains beside it (for
 * lookups), doubled as it fills.
 */
#define HASH_MIN 16

static size_t name_hash(const char *name, size_t len)
{
	size_t h = 14695981039346656037ULL; /* FNV-1a */
	for (size_t i = 0; i < len; i++)
		h = (h ^ (unsigned char)name[i]) * 1099511628211ULL;
	return h;
}

static struct ramfs_entry **bucket(struct ramfs_node *dir, const char *name,
				   size_t len)
{
	size_t i = name_hash(name, len) & (dir->dir.nbuckets - 1);
	return &dir->dir.buckets[i];
}

/* Rebuilds the table with n buckets (a power of two); false: no memory. */
static bool rehash(struct ramfs_node *dir, size_t n)
{
	struct ramfs_entry **b = heap_calloc(n, sizeof(*b));
	if (!b)
		return false;
	heap_free(dir->dir.buckets);
	dir->dir.buckets = b;
	dir->dir.nbuckets = n;
	for (struct ramfs_entry *e = dir->dir.first; e; e = e->next) {
		struct ramfs_entry **head = bucket(dir, e->name, e->len);
		e->chain = *head;
		*head = e;
	}
	return true;
}

static struct ramfs_entry *find_entry(struct ramfs_node *dir, const char *name,
				      size_t len)
{
	struct ramfs_entry *e =
	    dir->dir.buckets ? *bucket(dir, name, len) : dir->dir.first;
	for (; e; e = dir->dir.buckets ? e->chain : e->next)
		/* the first byte first: most names differ there, and the
		 * boot's ("dev", "tmp") then never call memcmp */
		if (e->len == len && e->name[0] == name[0] &&
		    memcmp(e->name, name, len) == 0)
			return e;
	return NULL;
}

static struct ramfs_node *find(struct ramfs_node *dir, const char *name,
			       size_t len)
{
	struct ramfs_entry *e = find_entry(dir, name, len);
	return e ? e->node : NULL;
}

static struct ramfs_entry *new_entry(const char *name, size_t len)
{
	struct ramfs_entry *e = heap_alloc(sizeof(*e) + len + 1);
	if (e) {
		memcpy(e->name, name, len);
		e->name[len] = 0;
		e->len = len;
		e->next = e->prev = e->chain = NULL;
	}
	return e;
}

/* Enters n in dir under e's name; n's own nlink is the caller's. */
static void insert(struct ramfs_node *dir, struct ramfs_entry *e,
		   struct ramfs_node *n)
{
	e->node = n;
	e->cookie = dir->dir.next_cookie++;
	e->prev = dir->dir.last;
	e->next = NULL;
	if (dir->dir.last)
		dir->dir.last->next = e;
	else
		dir->dir.first = e;
	dir->dir.last = e;
	dir->dir.count++;
	if (dir->dir.buckets) {
		struct ramfs_entry **head = bucket(dir, e->name, e->len);
		e->chain = *head;
		*head = e;
	}
	/* a table from HASH_MIN entries on, kept at most one per bucket */
	if (dir->dir.nbuckets ? dir->dir.count > dir->dir.nbuckets
			      : dir->dir.count >= HASH_MIN)
		rehash(dir, dir->dir.nbuckets ? 2 * dir->dir.nbuckets
					      : 2 * HASH_MIN);
	if (n->vn.type == VFS_IFDIR) {
		n->dir.parent = dir;
		dir->nlink++; /* its ".." */
	}
	touch(dir, true);
}

static int add_entry(struct ramfs_node *dir, const char *name, size_t len,
		     struct ramfs_node *n)
{
	struct ramfs_entry *e = new_entry(name, len);
	if (!e)
		return -ENOMEM;
	insert(dir, e, n);
	return 0;
}

/* Takes e out of dir and frees it; returns its node. */
static struct ramfs_node *detach(struct ramfs_node *dir, struct ramfs_entry *e)
{
	if (e->prev)
		e->prev->next = e->next;
	else
		dir->dir.first = e->next;
	if (e->next)
		e->next->prev = e->prev;
	else
		dir->dir.last = e->prev;
	if (dir->dir.buckets) {
		struct ramfs_entry **p = bucket(dir, e->name, e->len);
		while (*p != e)
			p = &(*p)->chain;
		*p = e->chain;
	}
	if (dir->dir.hint == e)
		dir->dir.hint = NULL;
	dir->dir.count--;
	struct ramfs_node *n = e->node;
	if (n->vn.type == VFS_IFDIR)
		dir->nlink--;
	touch(dir, true);
	free_mem(e);
	return n;
}

/* The node loses the name just detached. */
static void drop_name(struct ramfs_node *n)
{
	if (n->vn.type == VFS_IFDIR)
		n->nlink = 0;
	else
		n->nlink--;
	touch(n, false);
}

static int ramfs_lookup(struct vnode *dirv, const char *name, size_t len,
			struct vnode **out)
{
	struct ramfs_node *dir = node_of(dirv);
	struct ramfs_node *n;
	if (len == 2 && name[0] == '.' && name[1] == '.')
		n = dir->dir.parent ? dir->dir.parent : dir;
	else
		n = find(dir, name, len);
	if (!n)
		return -ENOENT;
	*out = vnode_ref(&n->vn);
	return 0;
}

/* A new node named name in dir; the caller gets a reference if out. */
static int make(struct vnode *dirv, const char *name, size_t len, uint32_t type,
		uint32_t mode, struct ramfs_node **out)
{
	struct ramfs_node *dir = node_of(dirv);
	if (dir->nlink == 0)
		return -ENOENT; /* removed while we stood in it */
	if (find(dir, name, len))
		return -EEXIST;
	struct ramfs_node *n = new_node(dirv->mount, type, mode);
	if (!n)
		return -ENOMEM;
	int r = add_entry(dir, name, len, n);
	if (r) {
		n->nlink = 0;
		vnode_release_locked(&n->vn);
		return r;
	}
	if (out)
		*out = n;
	else
		vnode_release_locked(&n->vn);
	return 0;
}

static int ramfs_create(struct vnode *dir, const char *name, size_t len,
			uint32_t mode, struct vnode **out)
{
	struct ramfs_node *n;
	int r = make(dir, name, len, VFS_IFREG, mode, &n);
	if (r == 0)
		*out = &n->vn;
	return r;
}

static int ramfs_tmpfile(struct vnode *dirv, uint32_t mode, struct vnode **out)
{
	if (node_of(dirv)->nlink == 0)
		return -ENOENT;
	struct ramfs_node *n = new_node(dirv->mount, VFS_IFREG, mode);
	if (!n)
		return -ENOMEM;
	n->nlink = 0; /* no name: freed with its last reference */
	*out = &n->vn;
	return 0;
}

static int ramfs_mkdir(struct vnode *dir, const char *name, size_t len,
		       uint32_t mode)
{
	return make(dir, name, len, VFS_IFDIR, mode, NULL);
}

static int ramfs_mknod(struct vnode *dir, const char *name, size_t len,
		       uint32_t mode, struct vnode **out)
{
	struct ramfs_node *n;
	int r = make(dir, name, len, mode & VFS_IFMT, mode & 07777, &n);
	if (r == 0)
		*out = &n->vn;
	return r;
}

static int set_target(struct ramfs_node *n, const char *data, size_t size)
{
	char *p = heap_alloc(size ? size : 1);
	if (!p)
		return -ENOMEM;
	memcpy(p, data, size);
	n->link.target = p;
	n->link.len = size;
	n->link.owned = true;
	__atomic_add_fetch(&((struct ramfs *)n->vn.mount->data)->bytes, size,
			   __ATOMIC_RELAXED);
	return 0;
}

static int ramfs_symlink(struct vnode *dir, const char *name, size_t len,
			 const char *target)
{
	struct ramfs_node *n;
	int r = make(dir, name, len, VFS_IFLNK, 0777, &n);
	if (r)
		return r;
	r = set_target(n, target, strlen(target));
	if (r) {
		drop_name(
		    detach(node_of(dir), find_entry(node_of(dir), name, len)));
	}
	vnode_release_locked(&n->vn);
	return r;
}

static int ramfs_link(struct vnode *dirv, const char *name, size_t len,
		      struct vnode *vn)
{
	struct ramfs_node *dir = node_of(dirv), *n = node_of(vn);
	if (n->nlink == 0)
		return -ENOENT;
	if (find(dir, name, len))
		return -EEXIST;
	int r = add_entry(dir, name, len, n);
	if (r == 0) {
		n->nlink++;
		touch(n, false);
	}
	return r;
}

static int ramfs_unlink(struct vnode *dirv, const char *name, size_t len)
{
	struct ramfs_entry *e = find_entry(node_of(dirv), name, len);
	if (!e)
		return -ENOENT;
	if (e->node->vn.type == VFS_IFDIR)
		return -EISDIR;
	drop_name(detach(node_of(dirv), e));
	return 0;
}

static int ramfs_rmdir(struct vnode *dirv, const char *name, size_t len)
{
	struct ramfs_entry *e = find_entry(node_of(dirv), name, len);
	if (!e)
		return -ENOENT;
	struct ramfs_node *n = e->node;
	if (n->vn.type != VFS_IFDIR)
		return -ENOTDIR;
	if (n->dir.count)
		return -ENOTEMPTY;
	drop_name(detach(node_of(dirv), e));
	return 0;
}

/*
 * The VFS holds references to both nodes, so a replaced node lives on
 * until its last reference goes (inactive then frees it).
 */
static int ramfs_rename(struct vnode *odirv, const char *oname, size_t olen,
			struct vnode *ndirv, const char *nname, size_t nlen)
{
	struct ramfs_node *odir = node_of(odirv), *ndir = node_of(ndirv);
	struct ramfs_entry *oe = find_entry(odir, oname, olen);
	if (!oe)
		return -ENOENT;
	struct ramfs_node *n = oe->node;
	struct ramfs_entry *ne = find_entry(ndir, nname, nlen);
	if (ne && ne->node->vn.type == VFS_IFDIR && ne->node->dir.count)
		return -ENOTEMPTY;
	struct ramfs_entry *e = new_entry(nname, nlen);
	if (!e)
		return -ENOMEM;
	if (ne)
		drop_name(detach(ndir, ne));
	detach(odir, oe);
	insert(ndir, e, n);
	touch(n, false);
	return 0;
}

/*
 * The two entries trade nodes; a directory that changes parent takes
 * its ".." (a link of the parent) along.
 */
static int ramfs_exchange(struct vnode *odirv, const char *oname, size_t olen,
			  struct vnode *ndirv, const char *nname, size_t nlen)
{
	struct ramfs_node *odir = node_of(odirv), *ndir = node_of(ndirv);
	struct ramfs_entry *oe = find_entry(odir, oname, olen);
	struct ramfs_entry *ne = find_entry(ndir, nname, nlen);
	if (!oe || !ne)
		return -ENOENT;
	struct ramfs_node *o = oe->node, *n = ne->node;
	oe->node = n;
	ne->node = o;
	if (o->vn.type == VFS_IFDIR) {
		o->dir.parent = ndir;
		odir->nlink--;
		ndir->nlink++;
	}
	if (n->vn.type == VFS_IFDIR) {
		n->dir.parent = odir;
		ndir->nlink--;
		odir->nlink++;
	}
	odir->dir.hint = ndir->dir.hint = NULL;
	touch(odir, true);
	touch(ndir, true);
	touch(o, false);
	touch(n, false);
	return 0;
}

/* ---- Files ---- */

static long ramfs_read(struct vnode *vn, void *buf, size_t len, uint64_t off,
		       int ioflags)
{
	(void)ioflags;
	return ramfs_pages_read(&node_of(vn)->file, buf, len, off);
}

static long ramfs_write(struct vnode *vn, const void *buf, size_t len,
			uint64_t off, int ioflags)
{
	struct ramfs_node *n = node_of(vn);
	if (ioflags & VNODE_IO_APPEND)
		off = n->file.size;
	if (off + len < off || off + len > (1ULL << 40))
		return -EFBIG;
	if (len == 0)
		return 0;
	long r = ramfs_pages_write(&n->file, buf, len, off);
	if (r > 0)
		touch(n, true);
	return r;
}

static int ramfs_truncate(struct vnode *vn, uint64_t size)
{
	struct ramfs_node *n = node_of(vn);
	if (size > (1ULL << 40))
		return -EFBIG;
	int r = ramfs_pages_truncate(&n->file, size, vn);
	if (r == 0)
		touch(n, true);
	return r;
}

static int ramfs_getattr(struct vnode *vn, struct vfs_attr *a)
{
	struct ramfs_node *n = node_of(vn);
	a->mode = n->mode;
	a->nlink = n->nlink;
	a->uid = n->uid;
	a->gid = n->gid;
	if (vn->type == VFS_IFDIR)
		a->size = 4096;
	else if (vn->type == VFS_IFLNK)
		a->size = n->link.len;
	else
		a->size = n->file.size;
	a->blocks = vn->type == VFS_IFDIR ? 8 : (a->size + 511) / 512;
	a->atime = n->atime;
	a->mtime = n->mtime;
	a->ctime = n->ctime;
	a->btime = n->btime;
	return 0;
}

static int ramfs_setattr(struct vnode *vn, const struct vfs_attr *a,
			 unsigned mask)
{
	struct ramfs_node *n = node_of(vn);
	if (mask & VFS_ATTR_MODE)
		n->mode = a->mode & 07777;
	if (mask & VFS_ATTR_UID)
		n->uid = a->uid;
	if (mask & VFS_ATTR_GID)
		n->gid = a->gid;
	if (mask & VFS_ATTR_ATIME)
		n->atime = a->atime;
	if (mask & VFS_ATTR_MTIME)
		n->mtime = a->mtime;
	if (mask & VFS_ATTR_CTIME)
		n->ctime = a->ctime;
	return 0;
}

static long ramfs_readlink(struct vnode *vn, char *buf, size_t len)
{
	struct ramfs_node *n = node_of(vn);
	if (len > n->link.len)
		len = n->link.len;
	memcpy(buf, n->link.target, len);
	return (long)len;
}

static int ramfs_readdir(struct vnode *dirv, uint64_t *cookie,
			 struct vfs_dirent *out)
{
	struct ramfs_node *dir = node_of(dirv);
	const char *name;
	struct ramfs_node *n;
	if (*cookie < COOKIE_DOT) {
		name = ".";
		n = dir;
		*cookie = COOKIE_DOT;
	} else if (*cookie < COOKIE_DOTDOT) {
		name = "..";
		n = dir->dir.parent ? dir->dir.parent : dir;
		*cookie = COOKIE_DOTDOT;
	} else {
		/* listing in order costs O(1) an entry, seeking O(entries) */
		struct ramfs_entry *e = dir->dir.hint;
		if (e && e->cookie == *cookie)
			e = e->next;
		else
			for (e = dir->dir.first; e && e->cookie <= *cookie;)
				e = e->next;
		if (!e)
			return 0;
		dir->dir.hint = e;
		name = e->name;
		n = e->node;
		*cookie = e->cookie;
	}
	out->ino = n->vn.ino;
	out->type = n->vn.type;
	out->namelen = (uint16_t)strlen(name);
	memcpy(out->name, name, out->namelen + 1);
	return 1;
}

static int ramfs_direct(struct vnode *vn, uint64_t off, size_t len,
			const void **data)
{
	struct ramfs_node *n = node_of(vn);
	if (vn->type != VFS_IFREG || off > n->file.size ||
	    len > n->file.size - off)
		return -EINVAL;
	*data = ramfs_pages_direct(&n->file, off, len);
	return *data ? 0 : -EOPNOTSUPP;
}

static int ramfs_map_page(struct vnode *vn, uint64_t off, uint64_t *pa)
{
	return ramfs_pages_map(&node_of(vn)->file, off, pa);
}

static void ramfs_inactive(struct vnode *vn)
{
	struct ramfs_node *n = node_of(vn);
	if (n->nlink == 0)
		free_node(n);
}

static const struct vnode_ops ramfs_ops = {
    .lookup = ramfs_lookup,
    .create = ramfs_create,
    .mkdir = ramfs_mkdir,
    .mknod = ramfs_mknod,
    .symlink = ramfs_symlink,
    .link = ramfs_link,
    .unlink = ramfs_unlink,
    .rmdir = ramfs_rmdir,
    .rename = ramfs_rename,
    .exchange = ramfs_exchange,
    .tmpfile = ramfs_tmpfile,
    .readdir = ramfs_readdir,
    .read = ramfs_read,
    .write = ramfs_write,
    .truncate = ramfs_truncate,
    .getattr = ramfs_getattr,
    .setattr = ramfs_setattr,
    .readlink = ramfs_readlink,
    .direct = ramfs_direct,
    .map_page = ramfs_map_page,
    .inactive = ramfs_inactive,
};

/* ---- The filesystem type ---- */

static int ramfs_mount(struct vfs_mount *mnt, const char *source,
		       const void *data)
{
	(void)source;
	(void)data;
	struct ramfs *fs = heap_calloc(1, sizeof(*fs));
	if (!fs)
		return -ENOMEM;
	mnt->data = fs;
	/* /tmp is for everyone, sticky */
	uint32_t mode = strcmp(mnt->path, "/tmp") ? 0755 : 01777;
	struct ramfs_node *root = new_node(mnt, VFS_IFDIR, mode);
	if (!root) {
		heap_free(fs);
		return -ENOMEM;
	}
	mnt->root = &root->vn;
	return 0;
}

/* Frees the whole tree; nothing in it is referenced any more. */
static void free_tree(struct ramfs_node *dir)
{
	struct ramfs_entry *e = dir->dir.first;
	while (e) {
		struct ramfs_entry *next = e->next;
		struct ramfs_node *n = e->node;
		if (n->vn.type == VFS_IFDIR)
			free_tree(n);
		else if (--n->nlink == 0)
			free_node(n);
		free_mem(e);
		e = next;
	}
	free_node(dir);
}

static int ramfs_unmount(struct vfs_mount *mnt)
{
	free_tree(node_of(mnt->root));
	free_mem(mnt->data);
	return 0;
}

static int ramfs_statfs(struct vfs_mount *mnt, struct vfs_statfs *st)
{
	struct ramfs *fs = mnt->data;
	st->magic = RAMFS_MAGIC;
	st->bsize = 4096;
	size_t free_pages = page_alloc_free_bytes() / 4096;
	st->blocks = fs->bytes / 4096 + free_pages;
	st->bfree = st->bavail = free_pages;
	st->files = fs->nodes + free_pages;
	st->ffree = free_pages;
	return 0;
}

struct vfs_fstype ramfs_type = {
    .name = "ramfs",
    .flags = VFS_FS_NODEV,
    .mount = ramfs_mount,
    .unmount = ramfs_unmount,
    .statfs = ramfs_statfs,
};

/* ---- Filling from the boot archive ---- */

int ramfs_add(struct vnode *dir, const char *name, size_t len, uint32_t mode,
	      const void *data, size_t size, struct vnode **out)
{
	uint32_t type = mode & VFS_IFMT;
	struct ramfs_node *n = find(node_of(dir), name, len);
	if (n) { /* a later archive overrides, a directory stays */
		if (type == VFS_IFDIR && n->vn.type == VFS_IFDIR) {
			n->mode = mode & 07777;
			if (out)
				*out = vnode_ref(&n->vn);
			return 0;
		}
		int r = n->vn.type == VFS_IFDIR ? ramfs_rmdir(dir, name, len)
						: ramfs_unlink(dir, name, len);
		if (r)
			return r;
	}
	int r = make(dir, name, len, type, mode, &n);
	if (r)
		return r;
	if (type == VFS_IFLNK) {
		n->link.target = data; /* borrowed */
		n->link.len = size;
	} else if (type != VFS_IFDIR) {
		ramfs_pages_borrow(&n->file, data, size);
	}
	if (out)
		*out = &n->vn;
	else
		vnode_release_locked(&n->vn);
	return 0;
}

int ramfs_new_dir(struct vnode *dirv, const char *name, size_t len,
		  uint32_t mode, bool known_new, struct vnode **out)
{
	struct ramfs_node *dir = node_of(dirv), *n;
	unsigned i = boot_dirs_used;
	if (i >= BOOT_DIRS || len > BOOT_NAME_MAX || dir->nlink == 0) {
		int r = make(dirv, name, len, VFS_IFDIR, mode, &n);
		if (r == 0)
			*out = &n->vn;
		return r;
	}
	if (!known_new && find(dir, name, len))
		return -EEXIST;
	boot_dirs_used = i + 1; /* the boot's: no other thread yet */
	n = &boot_dirs[i].node;
	init_node(n, dirv->mount, VFS_IFDIR, mode);
	struct ramfs_entry *e = &boot_dirs[i].entry;
	memcpy(e->name, name, len); /* zeroed: the name ends with a NUL */
	e->len = len;
	insert(dir, e, n);
	*out = &n->vn;
	return 0;
}

/* BEGIN the default boot's tree */
/*
 * ramfs's part of the default boot's tree (vfs_impl.h): the root
 * holding dev, proc and tmp, the root of /tmp, and their mounts, as
 * vfs_boot_mount(), ramfs_mount() and ramfs_new_dir() would leave them.
 */
enum { TREE_DEV, TREE_PROC, TREE_TMP = TREE_PROC + CONF_procfs, TREE_DIRS };

#define TREE_TIMES                                                             \
	.atime = CLOCK_STAMP_BOOT, .mtime = CLOCK_STAMP_BOOT,                  \
	.ctime = CLOCK_STAMP_BOOT, .btime = CLOCK_STAMP_BOOT

/* A directory node of mnt with refs references (the vnode's first). */
#define TREE_DIR(self, mnt, number, references, bits, links, ...)              \
	{                                                                      \
		.vn = {.ops = &ramfs_ops,                                      \
		       .mount = mnt,                                           \
		       .data = self,                                           \
		       .ino = number,                                          \
		       .type = VFS_IFDIR,                                      \
		       .refs = references},                                    \
		.mode = bits, .nlink = links, TREE_TIMES,                      \
		.dir = { __VA_ARGS__ }                                         \
	}

static struct ramfs tree_fs = {.next_ino = 1 + TREE_DIRS,
			       .nodes = 1 + TREE_DIRS};
static struct ramfs tree_tmp_fs = {.next_ino = 1, .nodes = 1};
static struct ramfs_node tree_root, tree_tmp_dir, tree_tmp_root;

static struct {
	struct ramfs_entry e;
	char name[BOOT_NAME_MAX + 1]; /* e's */
} tree_entries[TREE_DIRS] = {
    [TREE_DEV] = {.e = {.next = &tree_entries[TREE_DEV + 1].e,
			.node = &ramfs_tree_dev,
			.cookie = COOKIE_FIRST + TREE_DEV,
			.len = 3},
		  .name = "dev"},
#if CONF_procfs
    [TREE_PROC] = {.e = {.next = &tree_entries[TREE_TMP].e,
			 .prev = &tree_entries[TREE_DEV].e,
			 .node = &ramfs_tree_proc,
			 .cookie = COOKIE_FIRST + TREE_PROC,
			 .len = 4},
		   .name = "proc"},
#endif
    [TREE_TMP] = {.e = {.prev = &tree_entries[TREE_TMP - 1].e,
			.node = &tree_tmp_dir,
			.cookie = COOKIE_FIRST + TREE_TMP,
			.len = 3},
		  .name = "tmp"},
};

/* referenced by its mount, vfs_root and vfs_cwd */
static struct ramfs_node tree_root = TREE_DIR(
    &tree_root, &vfs_tree_root, 1, 3, 0755, 2 + TREE_DIRS,
    .first = &tree_entries[0].e, .last = &tree_entries[TREE_DIRS - 1].e,
    .next_cookie = COOKIE_FIRST + TREE_DIRS, .count = TREE_DIRS);
/* the covered directories: referenced by their mounts */
struct ramfs_node ramfs_tree_dev =
    TREE_DIR(&ramfs_tree_dev, &vfs_tree_root, 2 + TREE_DEV, 1, 0755, 2,
	     .parent = &tree_root, .next_cookie = COOKIE_FIRST);
#if CONF_procfs
struct ramfs_node ramfs_tree_proc =
    TREE_DIR(&ramfs_tree_proc, &vfs_tree_root, 2 + TREE_PROC, 1, 0555, 2,
	     .parent = &tree_root, .next_cookie = COOKIE_FIRST);
#endif
static struct ramfs_node tree_tmp_dir =
    TREE_DIR(&tree_tmp_dir, &vfs_tree_root, 2 + TREE_TMP, 1, 01777, 2,
	     .parent = &tree_root, .next_cookie = COOKIE_FIRST);
static struct ramfs_node tree_tmp_root = TREE_DIR(
    &tree_tmp_root, &vfs_tree_tmp, 1, 1, 01777, 2, .next_cookie = COOKIE_FIRST);

struct vfs_mount vfs_tree_root = {
    .type = &ramfs_type,
    .root = &tree_root.vn,
    .data = &tree_fs,
    .dev = 1,
    .busy = 1 + TREE_DIRS, /* the root and the covered directories */
    .path = "/",
    .source = "rootfs",
    .next = &vfs_tree_dev,
};

struct vfs_mount vfs_tree_tmp = {
    .type = &ramfs_type,
    .root = &tree_tmp_root.vn,
    .data = &tree_tmp_fs,
    .dev = VFS_TREE_MOUNTS,
    .covered = &tree_tmp_dir.vn,
    .parent = &vfs_tree_root,
    .busy = 1,
    .path = "/tmp",
    .source = "ramfs",
};
/* END the default boot's tree */
/* BEGIN initrd fill */
int ramfs_add_path(struct vnode *root, const char *path, uint32_t mode,
		   const void *data, size_t size)
{
	struct ramfs_node *dir = node_of(root);
	const char *p = path + 1, *end;
	/* The directories on the way, found or made without a reference
	 * taken and dropped at every step (the mount is the boot's). */
	while (*(end = strchrnul(p, '/'))) {
		size_t len = (size_t)(end - p);
		struct ramfs_node *n = find(dir, p, len);
		if (!n) {
			int r = make(&dir->vn, p, len, VFS_IFDIR, 0755, &n);
			if (r)
				return r;
			vnode_release_locked(&n->vn); /* its name holds it */
		} else if (n->vn.type != VFS_IFDIR) {
			return -ENOTDIR;
		}
		dir = n;
		p = end + 1;
	}
	uint32_t type = mode & VFS_IFMT;
	if (type != VFS_IFDIR && type != VFS_IFREG && type != VFS_IFLNK)
		return 0; /* devices and fifos of an initrd: devfs has ours */
	return ramfs_add(&dir->vn, p, (size_t)(end - p), mode, data, size,
			 NULL);
}
/* END initrd fill */
