/*
 * The pages of a file's shared mappings, for filesystems that keep no
 * pages of their own (no map_page: ZFS, rofs).  Each such vnode has a
 * table of page-sized copies of its bytes, made at the first fault
 * (load) and kept until the vnode's last reference goes; every shared
 * area of the file maps the same page, so that stores are seen by all.
 *
 * Dirt is tracked a page at a time by write protection: a clean page
 * is mapped read-only, and the store that faults on it marks it dirty
 * (shared_page, under the VM's spinlock) before the VM makes it
 * writable.  A writeback clears the mark, write-protects the page
 * again (vm_file_clean), then writes it through the filesystem's
 * write: a store made meanwhile either reaches this write or marks the
 * page again.  Writebacks happen at msync(), fsync(), the last unmap,
 * sync() (and so at poweroff), and before a read() of the bytes (so
 * that read() sees the stores); write() and truncation update the
 * pages in place (vfs_changed).
 *
 * Locks: sync_lock, then the mount's lock (vfs_lock), then tables_lock
 * (the list of tables), then the table's sleeping lock
 * (loads, writebacks, updates: while it is held no page is freed), then
 * the VM's spinlock, then the table's spinlock (lookups and dirty
 * marks, which shared_page makes under the VM's spinlock).
 */
#include <string.h>

#include "mm.h"
#include "spinlock.h"
#include "vfs_impl.h"

#define PAGES_BUCKETS 64

struct cached_page {
	uint64_t off;
	void *data; /* a page of the allocator's, identity-mapped */
	bool dirty;
	struct cached_page *next;
};

struct vnode_pages {
	struct vnode *vn;
	struct vnode_pages *next, *prev; /* tables, under tables_lock */
	struct vnode_pages *to_sync;	 /* vfs_pages_sync_all's, sync_lock */
	struct spinlock lock;
	struct sleeplock io;
	unsigned maps;	      /* areas mapping the vnode */
	unsigned dirty_pages; /* under lock; read alone: nothing to flush */
	uint64_t high;	      /* past the highest page loaded */
	struct cached_page *bucket[PAGES_BUCKETS];
};

static struct sleeplock tables_lock, sync_lock;
static struct vnode_pages *tables;

static struct cached_page **bucket_of(struct vnode_pages *c, uint64_t off)
{
	return &c->bucket[(off / PAGE_SIZE) % PAGES_BUCKETS];
}

/* Caller holds c->lock or c->io. */
static struct cached_page *find(struct vnode_pages *c, uint64_t off)
{
	struct cached_page *p = *bucket_of(c, off);
	while (p && p->off != off)
		p = p->next;
	return p;
}

/*
 * The file's size in *size, or the error of a filesystem that cannot
 * say (then nothing is known of the end: no page may be taken for one
 * past it); vfs_lock held.
 */
static int file_size(struct vnode *vn, uint64_t *size)
{
	struct vfs_attr attr = {0};
	int r = vn->ops->getattr ? vn->ops->getattr(vn, &attr) : -EOPNOTSUPP;
	*size = attr.size;
	return r;
}

int vnode_pages_init(struct vnode *vn)
{
	if (__atomic_load_n(&vn->pages, __ATOMIC_ACQUIRE))
		return 0;
	struct vnode_pages *c = heap_calloc(1, sizeof(*c)), *none = NULL;
	if (!c)
		return -ENOMEM;
	c->vn = vn;
	sleep_lock(&tables_lock);
	if (__atomic_compare_exchange_n(&vn->pages, &none, c, false,
					__ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE)) {
		c->next = tables;
		if (tables)
			tables->prev = c;
		tables = c;
		c = NULL;
	}
	sleep_unlock(&tables_lock);
	heap_free(c); /* another mapping made it first */
	return 0;
}

/* ---- The VM's side (vm_file_ops) ---- */

static int pages_shared_page(void *file, uint64_t off, bool write, uint64_t *pa)
{
	struct vnode_pages *c = ((struct vnode *)file)->pages;
	unsigned long flags = spin_lock(&c->lock);
	struct cached_page *p = find(c, off);
	int r = -EAGAIN;
	if (p) {
		if (write && !p->dirty) {
			p->dirty = true;
			c->dirty_pages++;
		}
		*pa = (uint64_t)p->data;
		r = p->dirty ? 0 : VM_PAGE_CLEAN;
	}
	spin_unlock(&c->lock, flags);
	return r;
}

/* Reads the page at off into the table; vfs_lock and c->io held. */
static int load_locked(struct vnode *vn, struct vnode_pages *c, uint64_t off)
{
	if (find(c, off))
		return 0;
	uint64_t size;
	int r = file_size(vn, &size);
	if (r)
		return r;
	if (off >= size)
		return -ENXIO; /* SIGBUS, as Linux past the end */
	struct cached_page *p = heap_alloc(sizeof(*p));
	void *data = page_alloc(0);
	long n =
	    p && data ? vn->ops->read(vn, data, PAGE_SIZE, off, 0) : -ENOMEM;
	if (n < 0) {
		heap_free(p);
		if (data)
			page_free(data, 0);
		return (int)n;
	}
	memset((char *)data + n, 0, PAGE_SIZE - (size_t)n);
	*p = (struct cached_page){.off = off, .data = data};
	if (c->high < off + PAGE_SIZE)
		c->high = off + PAGE_SIZE;
	struct cached_page **b = bucket_of(c, off);
	unsigned long flags = spin_lock(&c->lock);
	p->next = *b;
	*b = p;
	spin_unlock(&c->lock, flags);
	return 0;
}

static int pages_load(void *file, uint64_t off)
{
	struct vnode *vn = file;
	vfs_lock(vn);
	sleep_lock(&vn->pages->io);
	int r = load_locked(vn, vn->pages, off);
	sleep_unlock(&vn->pages->io);
	vfs_unlock(vn);
	return r;
}

/* Writes back p (dirty) up to the file's end; vfs_lock and c->io held. */
static int write_back(struct vnode *vn, struct vnode_pages *c,
		      struct cached_page *p, uint64_t size)
{
	unsigned long flags = spin_lock(&c->lock);
	if (p->dirty) {
		p->dirty = false;
		c->dirty_pages--;
	}
	spin_unlock(&c->lock, flags);
	vm_file_clean(vn, p->off);
	if (p->off >= size)
		return 0; /* past the end: nothing of the file */
	size_t n = size - p->off < PAGE_SIZE ? size - p->off : PAGE_SIZE;
	long r = vn->ops->write(vn, p->data, n, p->off, 0);
	if (r == (long)n)
		return 0;
	flags = spin_lock(&c->lock);
	if (!p->dirty) { /* kept for a later try */
		p->dirty = true;
		c->dirty_pages++;
	}
	spin_unlock(&c->lock, flags);
	return r < 0 ? (int)r : -EIO;
}

int vfs_pages_flush(struct vnode *vn, uint64_t off, uint64_t len)
{
	struct vnode_pages *c = __atomic_load_n(&vn->pages, __ATOMIC_ACQUIRE);
	/* every read() of a mapped file comes here: most find nothing */
	if (!c || !vn->ops->write ||
	    !__atomic_load_n(&c->dirty_pages, __ATOMIC_RELAXED))
		return 0;
	uint64_t end = len > UINT64_MAX - off ? UINT64_MAX : off + len;
	uint64_t size, stop;
	sleep_lock(&c->io);
	/* high is raised under c->io (load_locked): read it held */
	stop = end < c->high ? end : c->high;
	/* no size, no writeback: the pages stay dirty, msync fails */
	int err = file_size(vn, &size);
	/*
	 * In the file's order: the filesystem then fills its records one
	 * after the other (ZFS, given one 4 KiB page of each of many
	 * records, holds them all dirty at once)
	 */
	for (uint64_t at = off & ~(PAGE_SIZE - 1); at < stop && !err;
	     at += PAGE_SIZE) {
		struct cached_page *p = find(c, at);
		if (p && __atomic_load_n(&p->dirty, __ATOMIC_RELAXED))
			err = write_back(vn, c, p, size);
	}
	sleep_unlock(&c->io);
	return err;
}

static int pages_sync(void *file, uint64_t off, size_t len)
{
	struct vnode *vn = file;
	vfs_lock(vn);
	int r = vfs_pages_flush(vn, off, len);
	vfs_unlock(vn);
	return r;
}

static void pages_hold(void *file)
{
	struct vnode *vn = vnode_ref(file);
	__atomic_add_fetch(&vn->pages->maps, 1, __ATOMIC_RELAXED);
}

/* The last unmap writes back what its stores left (errors: see fsync). */
static void pages_release(void *file)
{
	struct vnode *vn = file;
	if (!__atomic_sub_fetch(&vn->pages->maps, 1, __ATOMIC_ACQ_REL))
		pages_sync(vn, 0, UINT64_MAX);
	vnode_release(vn);
}

const struct vm_file_ops vnode_pages_ops = {
    .fill = vnode_page_copy,
    .shared_page = pages_shared_page,
    .load = pages_load,
    .sync = pages_sync,
    .hold = pages_hold,
    .release = pages_release,
};

/* ---- The VFS's side ---- */

/* Removes the pages wholly past size, unmapped first; c->io held. */
static void drop_past(struct vnode *vn, struct vnode_pages *c, uint64_t size)
{
	uint64_t keep = (size + PAGE_SIZE - 1) & ~(PAGE_SIZE - 1);
	struct cached_page *gone = NULL;
	unsigned long flags = spin_lock(&c->lock);
	for (size_t i = 0; i < PAGES_BUCKETS; i++)
		for (struct cached_page **l = &c->bucket[i]; *l;) {
			struct cached_page *p = *l;
			if (p->off < keep) {
				l = &p->next;
				continue;
			}
			*l = p->next;
			p->next = gone;
			gone = p;
			if (p->dirty)
				c->dirty_pages--;
		}
	spin_unlock(&c->lock, flags);
	if (!gone)
		return;
	vm_file_truncated(vn, keep);
	while (gone) {
		struct cached_page *next = gone->next;
		page_free(gone->data, 0);
		heap_free(gone);
		gone = next;
	}
}

/* Reads p's bytes [from, to) (inside the page and the file) again. */
static void refresh(struct vnode *vn, struct cached_page *p, uint64_t from,
		    uint64_t to)
{
	long n = vn->ops->read(vn, (char *)p->data + (from - p->off), to - from,
			       from, 0);
	if (n < 0)
		n = 0;
	memset((char *)p->data + (from - p->off) + n, 0, to - from - (size_t)n);
}

void vfs_changed(struct vnode *vn, uint64_t off, uint64_t len)
{
	struct vnode_pages *c = __atomic_load_n(&vn->pages, __ATOMIC_ACQUIRE);
	if (!c)
		return;
	uint64_t end = len > UINT64_MAX - off ? UINT64_MAX : off + len;
	sleep_lock(&c->io);
	uint64_t size;
	/* no size: the changed bytes are read again, no page is dropped */
	if (file_size(vn, &size))
		size = UINT64_MAX;
	else
		drop_past(vn, c, size);
	for (size_t i = 0; i < PAGES_BUCKETS; i++)
		for (struct cached_page *p = c->bucket[i]; p; p = p->next) {
			uint64_t page_end = p->off + PAGE_SIZE;
			uint64_t eof = size < page_end ? size : page_end;
			/* the bytes past the end read as zeros, as mapped */
			if (eof < page_end)
				memset((char *)p->data + (eof - p->off), 0,
				       page_end - eof);
			uint64_t from = off > p->off ? off : p->off;
			uint64_t to = end < eof ? end : eof;
			if (from < to)
				refresh(vn, p, from, to);
		}
	sleep_unlock(&c->io);
}

void vfs_pages_free(struct vnode *vn)
{
	struct vnode_pages *c = vn->pages;
	if (!c)
		return;
	sleep_lock(&tables_lock);
	if (c->prev)
		c->prev->next = c->next;
	else
		tables = c->next;
	if (c->next)
		c->next->prev = c->prev;
	sleep_unlock(&tables_lock);
	for (size_t i = 0; i < PAGES_BUCKETS; i++)
		while (c->bucket[i]) {
			struct cached_page *p = c->bucket[i];
			c->bucket[i] = p->next;
			page_free(p->data, 0);
			heap_free(p);
		}
	heap_free(c);
	vn->pages = NULL;
}

/* A reference on vn unless it has none left (it is being freed). */
static bool ref_if_live(struct vnode *vn)
{
	unsigned refs = __atomic_load_n(&vn->refs, __ATOMIC_RELAXED);
	while (refs)
		if (__atomic_compare_exchange_n(&vn->refs, &refs, refs + 1,
						false, __ATOMIC_ACQ_REL,
						__ATOMIC_RELAXED))
			return true;
	return false;
}

int vfs_pages_sync_all(void)
{
	/* most poweroffs: nothing was ever mapped so */
	if (!__atomic_load_n(&tables, __ATOMIC_RELAXED))
		return 0;
	int err = 0;
	sleep_lock(&sync_lock);
	struct vnode_pages *list = NULL;
	sleep_lock(&tables_lock);
	for (struct vnode_pages *c = tables; c; c = c->next)
		if (ref_if_live(c->vn)) {
			c->to_sync = list;
			list = c;
		}
	sleep_unlock(&tables_lock);
	while (list) {
		struct vnode_pages *c = list;
		list = c->to_sync;
		vfs_lock(c->vn);
		int r = vfs_pages_flush(c->vn, 0, UINT64_MAX);
		vfs_unlock(c->vn);
		err = err ? err : r;
		vnode_release(c->vn);
	}
	sleep_unlock(&sync_lock);
	return err;
}
