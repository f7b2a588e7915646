/*
 * Returning the initrd's memory.  The ramfs root borrows its files'
 * bytes from the boot archives in place, so the archives cannot go
 * whole once unpacked; but a page of them in which no file's bytes lie
 * (cpio headers and names, entries the ramfs did not take, what an
 * archive's later entry overrode) serves nobody after the fill, and a
 * page whose files are all removed or truncated away serves nobody
 * either.  Those go to the page allocator: at the release, the pages
 * between the files; later, as the ramfs drops a file's bytes
 * (bootfs_drop), the pages no other file's bytes touch.
 *
 * What is still borrowed is a table of [start, end) ranges sorted by
 * address (a file's bytes are contiguous and files do not overlap;
 * hard links share one range); a range no file uses any more stays in
 * it, marked gone, so that a drop costs a binary search and a look at
 * the ranges sharing its first and last pages.  A page is freed exactly
 * once: when the last range touching it goes, or at the release when
 * none did.  Pages a boot module shares with other memory (its partial
 * first and last pages) are never freed.
 */
#include <string.h>

#include "boot_info.h"
#include "bootfs.h"
#include "cpio_newc.h"
#include "klog.h"
#include "mm.h"
#include "spinlock.h"

struct borrowed {
	uintptr_t start, end; /* the bytes still used: end > start */
	uintptr_t lo, hi;     /* the pages of its boot module, whole */
	bool gone;	      /* none used: kept for the order only */
};

static struct borrowed *ranges;
static size_t nranges, cap;
static struct spinlock lock;

struct collect {
	const struct boot_info *boot;
	bool failed;
};

/* The whole pages of the boot module holding [start, end), if any. */
static bool module_pages(const struct boot_info *boot, uintptr_t start,
			 uintptr_t end, struct borrowed *r)
{
	for (unsigned i = 0; i < boot->module_count; i++) {
		const struct boot_range *m = &boot->modules[i];
		if (start >= m->start && end <= m->end) {
			r->lo = (m->start + PAGE_SIZE - 1) & ~(PAGE_SIZE - 1);
			r->hi = m->end & ~(PAGE_SIZE - 1);
			return true;
		}
	}
	return false;
}

static void collect(const struct bootfs_file *f, void *arg)
{
	struct collect *c = arg;
	uint32_t type = f->mode & CPIO_S_IFMT;
	if (c->failed || f->size == 0 ||
	    (type != CPIO_S_IFREG && type != CPIO_S_IFLNK))
		return;
	struct borrowed r = {(uintptr_t)f->data, (uintptr_t)f->data + f->size,
			     0, 0, false};
	if (!module_pages(c->boot, r.start, r.end, &r))
		return;
	if (nranges == cap) {
		size_t n = cap ? 2 * cap : 64;
		struct borrowed *bigger = heap_alloc(n * sizeof(*bigger));
		if (!bigger) {
			c->failed = true;
			return;
		}
		memcpy(bigger, ranges, nranges * sizeof(*ranges));
		heap_free(ranges);
		ranges = bigger;
		cap = n;
	}
	ranges[nranges++] = r;
}

/* By address: the archive's order already, but for entries a later one
 * overrode (they keep their place), so an insertion sort is linear. */
static void sort_ranges(void)
{
	for (size_t i = 1; i < nranges; i++) {
		struct borrowed r = ranges[i];
		size_t j = i;
		for (; j > 0 && ranges[j - 1].start > r.start; j--)
			ranges[j] = ranges[j - 1];
		ranges[j] = r;
	}
}

/* Frees the pages of [from, to) that no range but skip touches. */
static size_t free_between(size_t skip, uintptr_t from, uintptr_t to,
			   const struct borrowed *in)
{
	uintptr_t lo = from & ~(PAGE_SIZE - 1);
	uintptr_t hi = (to + PAGE_SIZE - 1) & ~(PAGE_SIZE - 1);
	if (lo < in->lo)
		lo = in->lo;
	if (hi > in->hi)
		hi = in->hi;
	/* The pages of the nearest ranges still used stay.  Starts and
	 * ends both grow with the index (disjoint ranges), so the search
	 * stops at the first range that cannot reach the pages. */
	for (size_t i = skip; i-- > 0 && ranges[i].end > lo;)
		if (!ranges[i].gone) {
			lo = (ranges[i].end + PAGE_SIZE - 1) & ~(PAGE_SIZE - 1);
			break;
		}
	for (size_t i = skip + 1; i < nranges && ranges[i].start < hi; i++)
		if (!ranges[i].gone) {
			hi = ranges[i].start & ~(PAGE_SIZE - 1);
			break;
		}
	if (lo >= hi)
		return 0;
	page_alloc_add_range(lo, hi);
	return hi - lo;
}

/* The pages of module m between the ranges (all of it when none). */
static size_t free_gaps(const struct boot_range *m)
{
	uintptr_t at = m->start, end = m->end & ~(PAGE_SIZE - 1);
	size_t freed = 0;
	for (size_t i = 0; i < nranges; i++) {
		if (ranges[i].start < m->start || ranges[i].end > m->end)
			continue;
		uintptr_t lo = (at + PAGE_SIZE - 1) & ~(PAGE_SIZE - 1);
		uintptr_t hi = ranges[i].start & ~(PAGE_SIZE - 1);
		if (lo < hi) {
			page_alloc_add_range(lo, hi);
			freed += hi - lo;
		}
		at = ranges[i].end;
	}
	uintptr_t lo = (at + PAGE_SIZE - 1) & ~(PAGE_SIZE - 1);
	if (lo < end) {
		page_alloc_add_range(lo, end);
		freed += end - lo;
	}
	return freed;
}

void bootfs_release(void)
{
	const struct boot_info *boot = boot_get_info();
	struct collect c = {boot, false};
	if (!boot || !boot->module_count || bootfs_error())
		return; /* (a shut tree lists no file: every page is kept) */
	if (!bootfs_for_each_entry(collect, &c)) /* initrd fill */
		bootfs_for_each(collect, &c);
	if (c.failed) { /* no table: keep every page */
		heap_free(ranges);
		ranges = NULL;
		nranges = cap = 0;
		return;
	}
	sort_ranges();
	/* hard links: one range */
	size_t n = 0;
	for (size_t i = 0; i < nranges; i++)
		if (n == 0 || ranges[i].start != ranges[n - 1].start)
			ranges[n++] = ranges[i];
	nranges = n;
	bootfs_clear(); /* its nodes point into pages about to go */
	size_t freed = 0;
	for (unsigned i = 0; i < boot->module_count; i++)
		freed += free_gaps(&boot->modules[i]);
	kinfo("osv: initrd: %zu KiB returned, %zu files keep their bytes "
	      "in place\n",
	      freed >> 10, nranges);
}

void bootfs_drop(const void *data, size_t keep)
{
	uintptr_t start = (uintptr_t)data;
	unsigned long flags = spin_lock(&lock);
	size_t lo = 0, hi = nranges;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (ranges[mid].start < start)
			lo = mid + 1;
		else
			hi = mid;
	}
	struct borrowed *r = lo < nranges ? &ranges[lo] : NULL;
	if (r && r->start == start && !r->gone && start + keep < r->end) {
		uintptr_t from = start, to = r->end;
		if (keep) { /* the page holding the new end stays */
			r->end = start + keep;
			from = (r->end + PAGE_SIZE - 1) & ~(PAGE_SIZE - 1);
		}
		r->gone = !keep;
		free_between(lo, from, to, r);
	}
	spin_unlock(&lock, flags);
}
