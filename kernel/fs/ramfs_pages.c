/*
 * A ramfs file's data in pages, through a radix tree (ramfs_pages.h).
 *
 * A tree of height h spans 512^h pages: its root is a node of 512
 * slots, each the root of a tree of height h - 1, down to height 0,
 * where the "root" is the page of data itself.  It grows by putting the
 * old root under slot 0 of a new one, and never shrinks in height (a
 * truncated file keeps its empty top, a few slots at most).
 */
#include <errno.h>
#include <string.h>

#include "arch.h"
#include "bootfs.h" /* initrd release */
#include "mm.h"
#include "ramfs_pages.h"
#include "uaccess.h"
#include "vm.h"

#define SLOT_BITS 9
#define SLOTS (1U << SLOT_BITS)

static void count(struct ramfs_pages *d, long pages)
{
	__atomic_add_fetch(d->counter, (size_t)(pages * (long)PAGE_SIZE),
			   __ATOMIC_RELAXED);
}

void ramfs_pages_init(struct ramfs_pages *d, size_t *counter)
{
	*d = (struct ramfs_pages){.counter = counter};
}

void ramfs_pages_borrow(struct ramfs_pages *d, const void *data, size_t size)
{
	d->borrowed = data;
	d->borrowed_len = d->size = size;
}

/* A zeroed page for a tree node; NULL when none is left. */
static void *new_page(struct ramfs_pages *d)
{
	void *p = page_alloc(0);
	if (p) {
		page_clear(p);
		count(d, 1);
	}
	return p;
}

static void free_page(struct ramfs_pages *d, void *p)
{
	page_free(p, 0);
	count(d, -1);
}

/*
 * The slot of page idx (caller holds d->lock), making the nodes on the
 * way when make (NULL when out of memory), else NULL when absent.
 */
static void **slot_of(struct ramfs_pages *d, uint64_t idx, bool make)
{
	while (idx >> (SLOT_BITS * d->height)) {
		if (!make)
			return NULL;
		if (d->root) {
			void **top = new_page(d);
			if (!top)
				return NULL;
			top[0] = d->root;
			d->root = top;
		}
		d->height++;
	}
	void **slot = &d->root;
	for (unsigned level = d->height; level > 0; level--) {
		void **node = *slot;
		if (!node) {
			if (!make || !(node = new_page(d)))
				return NULL;
			*slot = node;
		}
		slot = &node[(idx >> (SLOT_BITS * (level - 1))) & (SLOTS - 1)];
	}
	return slot;
}

/* Page idx, or NULL (a hole, or still borrowed). */
static char *page_at(struct ramfs_pages *d, uint64_t idx)
{
	unsigned long flags = spin_lock(&d->lock);
	void **slot = slot_of(d, idx, false);
	char *page = slot ? *slot : NULL;
	spin_unlock(&d->lock, flags);
	return page;
}

/* Copies into buf the bytes [off, off + len) where no page holds them. */
static void unpaged_bytes(const struct ramfs_pages *d, uint64_t off, char *buf,
			  size_t len)
{
	size_t n = 0;
	if (off < d->borrowed_len) {
		n = d->borrowed_len - off < len ? d->borrowed_len - off : len;
		memcpy(buf, d->borrowed + off, n);
	}
	memset(buf + n, 0, len - n);
}

/*
 * unpaged_bytes() into the program's buf, through uaccess.h: the bytes
 * not copied, which a bad buf leaves.
 */
static size_t unpaged_bytes_out(const struct ramfs_pages *d, uint64_t off,
				char *buf, size_t len)
{
	size_t n = 0;
	if (off < d->borrowed_len) {
		n = d->borrowed_len - off < len ? d->borrowed_len - off : len;
		size_t left = copy_to_program(buf, d->borrowed + off, n);
		if (left)
			return left + (len - n);
	}
	return clear_program(buf + n, len - n);
}

/*
 * Pages idx, idx + 1, ... into out (NULL for none), as many as are in
 * the same tree node as idx, n at most (n > 0): their count.  One lock
 * and one walk for a run of pages.
 */
static size_t pages_at(struct ramfs_pages *d, uint64_t idx, size_t n,
		       char **out)
{
	unsigned long flags = spin_lock(&d->lock);
	if (d->height == 0 || idx >> (SLOT_BITS * d->height)) {
		/* one page, or past what the tree spans */
		out[0] = idx == 0 && d->height == 0 ? d->root : NULL;
		n = 1;
	} else {
		void **node = d->root;
		for (unsigned level = d->height; level > 1 && node; level--)
			node = node[(idx >> (SLOT_BITS * (level - 1))) &
				    (SLOTS - 1)];
		size_t left = SLOTS - (idx & (SLOTS - 1));
		if (n > left)
			n = left;
		for (size_t i = 0; i < n; i++)
			out[i] = node ? node[(idx + i) & (SLOTS - 1)] : NULL;
	}
	spin_unlock(&d->lock, flags);
	return n;
}

/*
 * Page idx, made when absent from the borrowed bytes (caller holds
 * d->lock); NULL when out of memory.
 */
static char *make_page(struct ramfs_pages *d, uint64_t idx)
{
	void **slot = slot_of(d, idx, true);
	if (!slot)
		return NULL;
	if (!*slot) {
		char *page = page_alloc(0);
		if (!page)
			return NULL;
		count(d, 1);
		unpaged_bytes(d, idx * PAGE_SIZE, page, PAGE_SIZE);
		*slot = page;
	}
	return *slot;
}

long ramfs_pages_read(struct ramfs_pages *d, void *buf, size_t len,
		      uint64_t off)
{
	if (off >= d->size)
		return 0;
	if (len > d->size - off)
		len = d->size - off;
	char *out = buf;
	if (!d->root) { /* all borrowed or holes: one copy */
		size_t moved = len - unpaged_bytes_out(d, off, out, len);
		return moved || !len ? (long)moved : -EFAULT;
	}
	size_t done = 0;
	while (done < len) {
		uint64_t idx = (off + done) / PAGE_SIZE;
		char *pages[64];
		size_t want = (off + len - 1) / PAGE_SIZE - idx + 1;
		size_t got = pages_at(d, idx, want < 64 ? want : 64, pages);
		/*
		 * a run of pages that lie one after the other in memory
		 * (an append's block) in one copy, as a run of missing ones
		 */
		for (size_t i = 0, j; i < got && done < len; i = j) {
			size_t in = (off + done) % PAGE_SIZE;
			for (j = i + 1;
			     j < got &&
			     (pages[i] ? pages[j] == pages[j - 1] + PAGE_SIZE
				       : !pages[j]);
			     j++)
				;
			size_t n = (j - i) * PAGE_SIZE - in;
			if (n > len - done)
				n = len - done;
			/* out is the program's: a bad one is EFAULT */
			size_t left =
			    pages[i]
				? copy_to_program(out + done, pages[i] + in, n)
				: unpaged_bytes_out(d, off + done, out + done,
						    n);
			done += n - left;
			if (left)
				return done ? (long)done : -EFAULT;
		}
	}
	return (long)len;
}

/* Zeroes [from, to) of the page holding from, if there is one. */
static void zero_tail(struct ramfs_pages *d, uint64_t from, uint64_t to)
{
	size_t in = from % PAGE_SIZE;
	if (in == 0)
		return;
	char *page = page_at(d, from / PAGE_SIZE);
	size_t n = PAGE_SIZE - in;
	if (to - from < n)
		n = to - from;
	if (page)
		memset(page + in, 0, n);
}

/*
 * The copies of a write come from the program's buffer: a bad one stops
 * the write where it is (a short write, or EFAULT when no byte was
 * copied, the file unchanged, as Linux).  Each returns the bytes
 * written, or a negative errno when none were.
 */

/* Copies n bytes from the program to page; the rest of its last page zeroed. */
static size_t fill_page(char *page, const char *src, size_t n)
{
	size_t got = n - copy_from_program(page, src, n);
	if (got % PAGE_SIZE)
		memset(page + got, 0, PAGE_SIZE - got % PAGE_SIZE);
	return got;
}

/*
 * Writes a whole page idx from src: a new page is filled before it is
 * entered, so that a mapping never sees it half written.
 */
static long write_page(struct ramfs_pages *d, uint64_t idx, const char *src)
{
	char *page = page_at(d, idx);
	if (page) {
		size_t got =
		    PAGE_SIZE - copy_from_program(page, src, PAGE_SIZE);
		return got ? (long)got : -EFAULT;
	}
	char *fresh = page_alloc(0);
	if (!fresh)
		return -ENOSPC;
	size_t got = fill_page(fresh, src, PAGE_SIZE);
	if (!got) {
		page_free(fresh, 0);
		return -EFAULT;
	}
	unsigned long flags = spin_lock(&d->lock);
	void **slot = slot_of(d, idx, true);
	if (slot && !*slot) {
		*slot = fresh;
		count(d, 1);
		fresh = NULL;
	}
	page = slot ? *slot : NULL;
	spin_unlock(&d->lock, flags);
	if (!fresh)
		return (long)got;
	if (page)
		memcpy(page, fresh, got); /* a mapping made it meanwhile */
	page_free(fresh, 0);
	return page ? (long)got : -ENOSPC;
}

#define APPEND_ORDER_MAX 4 /* 16 pages: one allocation, one lock */

/*
 * Appends up to n whole pages from idx on, all past the file's last page
 * (so no page is there, and none can appear: a mapping gets pages only
 * below the size, which the write sets last).  They come as one block
 * from the page allocator (each is freed alone later) and are entered
 * under one lock.
 */
static long append_pages(struct ramfs_pages *d, uint64_t idx, const char *src,
			 size_t n)
{
	unsigned order = 0;
	while (order < APPEND_ORDER_MAX && (2UL << order) <= n)
		order++;
	/* Only the last, order-0 try may release the frames kept for an
	 * ET_EXEC: the others have a fallback. */
	char *block = order ? page_alloc_try(order) : page_alloc(0);
	while (!block && order > 0) {
		order--;
		block = order ? page_alloc_try(order) : page_alloc(0);
	}
	if (!block)
		return -ENOSPC;
	size_t pages = 1UL << order, entered = 0;
	size_t got = fill_page(block, src, pages * PAGE_SIZE);
	size_t filled = (got + PAGE_SIZE - 1) / PAGE_SIZE;
	unsigned long flags = spin_lock(&d->lock);
	for (; entered < filled; entered++) {
		void **slot = slot_of(d, idx + entered, true);
		if (!slot)
			break;
		*slot = block + entered * PAGE_SIZE;
	}
	spin_unlock(&d->lock, flags);
	count(d, (long)entered);
	for (size_t i = entered; i < pages; i++)
		page_free(block + i * PAGE_SIZE, 0);
	if (entered * PAGE_SIZE < got)
		got = entered * PAGE_SIZE;
	return got ? (long)got : !entered && filled ? -ENOSPC : -EFAULT;
}

/* Writes n bytes from src at in of page idx, within the page. */
static long write_in_page(struct ramfs_pages *d, uint64_t idx, size_t in,
			  const char *src, size_t n)
{
	unsigned long flags = spin_lock(&d->lock);
	char *page = make_page(d, idx);
	spin_unlock(&d->lock, flags);
	if (!page)
		return -ENOSPC;
	size_t got = n - copy_from_program(page + in, src, n);
	return got ? (long)got : -EFAULT;
}

long ramfs_pages_write(struct ramfs_pages *d, const void *buf, size_t len,
		       uint64_t off)
{
	uint64_t last = (d->size + PAGE_SIZE - 1) / PAGE_SIZE;
	if (off > d->size)
		zero_tail(d, d->size, off);
	const char *src = buf;
	long r = 0;
	size_t done = 0;
	while (done < len) {
		uint64_t idx = (off + done) / PAGE_SIZE;
		size_t in = (off + done) % PAGE_SIZE;
		size_t n =
		    PAGE_SIZE - in < len - done ? PAGE_SIZE - in : len - done;
		if (n == PAGE_SIZE && idx >= last)
			r = append_pages(d, idx, src + done,
					 (len - done) / PAGE_SIZE);
		else if (n == PAGE_SIZE)
			r = write_page(d, idx, src + done);
		else
			r = write_in_page(d, idx, in, src + done, n);
		if (r < 0)
			break;
		done += (size_t)r;
		if ((size_t)r < n && (size_t)r % PAGE_SIZE)
			break; /* a bad buffer: a short write */
	}
	/* what was written stays, as a short write; nothing, no change */
	if (done && off + done > d->size) {
		unsigned long flags = spin_lock(&d->lock);
		d->size = off + done;
		spin_unlock(&d->lock, flags);
	}
	return done || !len ? (long)done : r;
}

/*
 * Frees the pages at indices from first on under *slot, the root of a
 * subtree of height level spanning the pages from base on, and the
 * nodes left with nothing.
 */
static void prune(struct ramfs_pages *d, void **slot, unsigned level,
		  uint64_t base, uint64_t first)
{
	uint64_t span = 1ULL << (SLOT_BITS * level);
	if (!*slot || base + span <= first)
		return;
	if (level > 0) {
		void **node = *slot;
		uint64_t child = span / SLOTS;
		for (unsigned i = 0; i < SLOTS; i++)
			prune(d, &node[i], level - 1, base + i * child, first);
		if (base < first)
			return; /* it keeps pages before first */
	}
	free_page(d, *slot);
	*slot = NULL;
}

int ramfs_pages_truncate(struct ramfs_pages *d, uint64_t size, const void *file)
{
	uint64_t old = d->size;
	if (size > old)
		zero_tail(d, old, size);
	unsigned long flags = spin_lock(&d->lock);
	d->size = size;
	bool drops = d->borrowed_len > size; /* initrd release */
	if (drops)
		d->borrowed_len = size;
	spin_unlock(&d->lock, flags);
	if (drops) /* initrd release */
		bootfs_drop(d->borrowed, size);
	if (size >= old)
		return 0;
	/* no mapping may keep a page that goes: unmap them first */
	uint64_t first = (size + PAGE_SIZE - 1) / PAGE_SIZE;
	vm_file_truncated(file, first * PAGE_SIZE);
	flags = spin_lock(&d->lock);
	prune(d, &d->root, d->height, 0, first);
	spin_unlock(&d->lock, flags);
	zero_tail(d, size, first * PAGE_SIZE);
	return 0;
}

void ramfs_pages_free(struct ramfs_pages *d)
{
	prune(d, &d->root, d->height, 0, 0);
	d->height = 0;
	if (d->borrowed_len) /* initrd release */
		bootfs_drop(d->borrowed, 0);
	d->size = d->borrowed_len = 0;
	d->borrowed = NULL;
}

int ramfs_pages_map(struct ramfs_pages *d, uint64_t off, uint64_t *pa)
{
	unsigned long flags = spin_lock(&d->lock);
	int err = 0;
	if (off >= ((d->size + PAGE_SIZE - 1) & ~(PAGE_SIZE - 1)))
		err = -ENXIO;
	char *page = err ? NULL : make_page(d, off / PAGE_SIZE);
	if (!err && !page)
		err = -ENOMEM;
	spin_unlock(&d->lock, flags);
	if (page)
		*pa = (uint64_t)(uintptr_t)page;
	return err;
}

const void *ramfs_pages_direct(struct ramfs_pages *d, uint64_t off, size_t len)
{
	if (!d->root && off + len <= d->borrowed_len)
		return d->borrowed + off;
	if (len == 0 || (off + len - 1) / PAGE_SIZE != off / PAGE_SIZE)
		return NULL;
	const char *page = page_at(d, off / PAGE_SIZE);
	return page ? page + off % PAGE_SIZE : NULL;
}
