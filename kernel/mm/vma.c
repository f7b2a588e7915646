/*
 * The address space's memory areas (vm.h): a list sorted by address,
 * one spinlock over it and over the page-table changes made for it.
 *
 * Every call that changes a range first cuts the areas at the range's
 * ends (split_at), so that the rest of the work deals in whole areas.
 * Private pages are allocated one at a time by the fault handler (or by
 * populate) and belong to the area that maps them; a shared file page
 * belongs to its file.  So freeing a range is: unmap each page, and give
 * it back to the page allocator unless the area is a shared file one.
 *
 * Lock order: vm_lock, then the heap's and the page allocator's, then
 * the page tables' (paging.c).  Nothing here touches mapped memory under
 * vm_lock (pages are zeroed through the identity map), so a fault never
 * finds the lock held by its own thread.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>

#include "arch.h"
#include "klog.h"
#include "mm.h"
#include "spinlock.h"
#include "vm.h"

struct vma {
	uint64_t start, end;
	int prot, flags;
	int max_prot;	     /* what mprotect may give (a file's mode) */
	struct vm_file file; /* ops NULL: anonymous */
	uint64_t offset;     /* the file offset of start */
	struct vma *next;
};

static struct spinlock vm_lock;
static struct vma *areas; /* sorted by start, never overlapping */
/*
 * Areas removed under vm_lock, whose file reference is dropped after it
 * (the last reference of an unlinked file frees it, which takes the
 * filesystem's sleeping lock): see unlock_and_reap.
 */
static struct vma *removed;
static struct vm_stats stats;

#define PROT_KNOWN (PROT_READ | PROT_WRITE | PROT_EXEC)
#define MAP_KNOWN                                                              \
	(MAP_TYPE | MAP_FIXED | MAP_ANONYMOUS | MAP_32BIT | MAP_GROWSDOWN |    \
	 MAP_DENYWRITE | MAP_EXECUTABLE | MAP_LOCKED | MAP_NORESERVE |         \
	 MAP_POPULATE | MAP_NONBLOCK | MAP_STACK | MAP_HUGETLB |               \
	 MAP_FIXED_NOREPLACE | (MAP_HUGE_MASK << MAP_HUGE_SHIFT))

static bool page_aligned(uint64_t v)
{
	return (v & (PAGE_SIZE - 1)) == 0;
}

/* len rounded up to pages; 0 when that overflows. */
static uint64_t page_round(size_t len)
{
	uint64_t r = ((uint64_t)len + PAGE_SIZE - 1) & ~(PAGE_SIZE - 1);
	return r < len ? 0 : r;
}

static bool in_region(uint64_t start, uint64_t len)
{
	return start >= VM_REGION_START && len <= VM_REGION_END - start;
}

/* Private pages, and copies of a file that cannot share its pages. */
static bool owns_pages(const struct vma *v)
{
	return !v->file.ops || !v->file.ops->shared_page ||
	       (v->flags & MAP_TYPE) == MAP_PRIVATE;
}

/* Shared file pages mapped read-only while clean (vm_file_ops.load). */
static bool tracks_dirt(const struct vma *v)
{
	return !owns_pages(v) && v->file.ops->load;
}

/* The rights v's pages get: a store to a tracked page must fault. */
static unsigned mapped_prot(const struct vma *v)
{
	return (unsigned)(tracks_dirt(v) ? v->prot & ~PROT_WRITE : v->prot);
}

/* ---- The list (caller holds vm_lock) ---- */

/* The link to the first area that ends after addr. */
static struct vma **first_after(uint64_t addr)
{
	struct vma **p = &areas;
	while (*p && (*p)->end <= addr)
		p = &(*p)->next;
	return p;
}

static struct vma *area_at(uint64_t addr)
{
	struct vma *v = *first_after(addr);
	return v && v->start <= addr ? v : NULL;
}

static bool range_free(uint64_t start, uint64_t end)
{
	struct vma *v = *first_after(start);
	return !v || v->start >= end;
}

/* Whether [start, end) is mapped with no hole. */
static bool range_covered(uint64_t start, uint64_t end)
{
	for (struct vma *v = *first_after(start); start < end; v = v->next) {
		if (!v || v->start > start)
			return false;
		start = v->end;
	}
	return true;
}

/*
 * Cuts the area containing addr (if any) in two at addr.  false when
 * out of memory for the second half.
 */
static bool split_at(uint64_t addr)
{
	struct vma *v = area_at(addr);
	if (!v || v->start == addr)
		return true;
	struct vma *tail = heap_alloc(sizeof(*tail));
	if (!tail)
		return false;
	*tail = *v;
	tail->start = addr;
	tail->offset += addr - v->start;
	if (tail->file.ops)
		tail->file.ops->hold(tail->file.file);
	v->end = addr;
	v->next = tail;
	stats.areas++;
	return true;
}

static bool split_range(uint64_t start, uint64_t end)
{
	return split_at(start) && split_at(end);
}

/* Unmaps v's pages in [start, end), freeing those the area owns. */
static void drop_pages(const struct vma *v, uint64_t start, uint64_t end)
{
	for (uint64_t va = paging_next_mapped(start, end); va < end;
	     va = paging_next_mapped(va + PAGE_SIZE, end)) {
		uint64_t pa;
		if (!paging_unmap_page(va, &pa) || !owns_pages(v))
			continue;
		page_free((void *)pa, 0);
		stats.private_pages--;
	}
}

static void free_area(struct vma *v)
{
	drop_pages(v, v->start, v->end);
	stats.areas--;
	stats.mapped_bytes -= v->end - v->start;
	v->next = removed;
	removed = v;
}

/* Releases vm_lock, then the files and memory of the removed areas. */
static void unlock_and_reap(unsigned long flags)
{
	struct vma *v = removed;
	removed = NULL;
	spin_unlock(&vm_lock, flags);
	while (v) {
		struct vma *next = v->next;
		if (v->file.ops)
			v->file.ops->release(v->file.file);
		heap_free(v);
		v = next;
	}
}

/* Removes every area inside [start, end), which split_range() cut. */
static void remove_range(uint64_t start, uint64_t end)
{
	struct vma **p = first_after(start);
	while (*p && (*p)->start < end) {
		struct vma *v = *p;
		*p = v->next;
		free_area(v);
	}
}

static void insert(struct vma *v)
{
	struct vma **p = first_after(v->start);
	v->next = *p;
	*p = v;
	stats.areas++;
	stats.mapped_bytes += v->end - v->start;
}

/* A free range of len bytes: at hint if it is free, else the lowest. */
static uint64_t find_room(uint64_t hint, uint64_t len)
{
	if (hint && page_aligned(hint) && in_region(hint, len) &&
	    range_free(hint, hint + len))
		return hint;
	uint64_t start = VM_REGION_START; /* the lowest address past v's */
	for (struct vma *v = areas; v; v = v->next) {
		if (v->start - start >= len)
			return start;
		start = v->end;
	}
	return in_region(start, len) ? start : 0;
}

/* ---- Filling pages ---- */

/* Maps a zeroed page for v at va (page-aligned); false when out of pages. */
static bool map_zero_page(const struct vma *v, uint64_t va)
{
	void *page = page_alloc(0);
	if (!page)
		return false;
	memset(page, 0, PAGE_SIZE);
	if (paging_map(va, (uint64_t)page, PAGE_SIZE, (unsigned)v->prot) != 0) {
		page_free(page, 0);
		return false;
	}
	stats.private_pages++;
	return true;
}

/*
 * Maps (or, for a store, makes writable) the file's own page at va of
 * shared v, loading it first with vm_lock released when the file says
 * so.  Called and returns with vm_lock held (flags: its interrupt
 * state); v may be gone after.
 */
static enum vm_fault_result map_shared_page(struct vma *v, uint64_t va,
					    bool write, unsigned long *flags)
{
	struct vm_file f = v->file;
	uint64_t off = v->offset + (va - v->start), pa;
	int r = f.ops->shared_page(f.file, off, write, &pa);
	if (r == -EAGAIN && f.ops->load) {
		f.ops->hold(f.file);
		spin_unlock(&vm_lock, *flags);
		r = f.ops->load(f.file, off);
		f.ops->release(f.file);
		*flags = spin_lock(&vm_lock);
		return r ? VM_FAULT_FILE_ERR : VM_FAULT_DONE; /* faults again */
	}
	if (r < 0)
		return VM_FAULT_FILE_ERR;
	unsigned prot = r == VM_PAGE_CLEAN ? mapped_prot(v) : (unsigned)v->prot;
	if (paging_query(va, NULL))
		return paging_protect(va, PAGE_SIZE, prot) == 0
			   ? VM_FAULT_DONE
			   : VM_FAULT_NOMEM;
	return paging_map(va, pa, PAGE_SIZE, prot) == 0 ? VM_FAULT_DONE
							: VM_FAULT_NOMEM;
}

/*
 * Maps a private copy of the page at va of file-backed v, filled with
 * vm_lock released; vm_lock held as above.
 */
static enum vm_fault_result map_file_page(struct vma *v, uint64_t va,
					  unsigned long *flags)
{
	struct vm_file f = v->file;
	uint64_t off = v->offset + (va - v->start);
	void *page = page_alloc(0);
	if (!page)
		return VM_FAULT_NOMEM;
	f.ops->hold(f.file);
	spin_unlock(&vm_lock, *flags);
	int err = f.ops->fill(f.file, off, page);
	*flags = spin_lock(&vm_lock);
	/* the area may have changed meanwhile: map only into what is there */
	struct vma *now = area_at(va);
	enum vm_fault_result r = err ? VM_FAULT_FILE_ERR : VM_FAULT_DONE;
	if (err || !now || now->file.file != f.file ||
	    now->offset + (va - now->start) != off || paging_query(va, NULL) ||
	    paging_map(va, (uint64_t)page, PAGE_SIZE, (unsigned)now->prot))
		page_free(page, 0);
	else
		stats.private_pages++;
	/* the area may be gone: ours may be the file's last reference */
	spin_unlock(&vm_lock, *flags);
	f.ops->release(f.file);
	*flags = spin_lock(&vm_lock);
	return r;
}

/*
 * Maps the page at va of v unless it is there (or makes a shared page
 * writable for a store); vm_lock held as above.
 */
static enum vm_fault_result fill_page(struct vma *v, uint64_t va, bool write,
				      unsigned long *flags)
{
	bool mapped = paging_query(va, NULL);
	if (v->file.ops && !owns_pages(v) && (write || !mapped))
		return map_shared_page(v, va, write, flags);
	if (mapped)
		return VM_FAULT_DONE;
	if (v->file.ops)
		return map_file_page(v, va, flags);
	return map_zero_page(v, va) ? VM_FAULT_DONE : VM_FAULT_NOMEM;
}

int vm_populate(uint64_t addr, size_t len)
{
	uint64_t end = addr + page_round(len);
	if (!page_aligned(addr) || end < addr)
		return -EINVAL;
	unsigned long flags = spin_lock(&vm_lock);
	int err = range_covered(addr, end) ? 0 : -ENOMEM;
	/* one page at a time, so that others get the lock in between */
	for (uint64_t va = addr; va < end && !err; va += PAGE_SIZE) {
		struct vma *v = area_at(va);
		if (v && v->prot != PROT_NONE &&
		    fill_page(v, va, false, &flags) != VM_FAULT_DONE)
			err = -ENOMEM;
		spin_unlock(&vm_lock, flags);
		flags = spin_lock(&vm_lock);
	}
	spin_unlock(&vm_lock, flags);
	return err;
}

int vm_lock_range(uint64_t addr, size_t len, bool populate)
{
	uint64_t end = addr + page_round(len);
	if (!page_aligned(addr) || end < addr)
		return -EINVAL;
	uint64_t in_start = addr > VM_REGION_START ? addr : VM_REGION_START;
	uint64_t in_end = end < VM_REGION_END ? end : VM_REGION_END;
	/* the parts outside the mappings: mapped is resident */
	if ((addr < in_start &&
	     !paging_readable(addr,
			      (in_start < end ? in_start : end) - addr)) ||
	    (end > in_end &&
	     !paging_readable(addr > in_end ? addr : in_end,
			      end - (addr > in_end ? addr : in_end))))
		return -ENOMEM;
	if (in_start >= in_end)
		return 0;
	if (populate)
		return vm_populate(in_start, in_end - in_start);
	unsigned long flags = spin_lock(&vm_lock);
	bool covered = range_covered(in_start, in_end);
	spin_unlock(&vm_lock, flags);
	return covered ? 0 : -ENOMEM;
}

/* ---- mmap ---- */

static int check_map_args(uint64_t addr, uint64_t len, int prot, int flags,
			  const struct vm_file *file, uint64_t offset)
{
	int type = flags & MAP_TYPE;
	if (!len || !page_aligned(offset) || (prot & ~PROT_KNOWN))
		return -EINVAL;
	if (type == MAP_SHARED_VALIDATE && (flags & ~MAP_KNOWN))
		return -EOPNOTSUPP;
	if (type != MAP_SHARED && type != MAP_PRIVATE &&
	    type != MAP_SHARED_VALIDATE)
		return -EINVAL;
	if ((flags & (MAP_FIXED | MAP_FIXED_NOREPLACE)) && !page_aligned(addr))
		return -EINVAL;
	if (file && type != MAP_PRIVATE) {
		if (prot & ~file->max_prot)
			return -EACCES;
		if (!file->ops->shared_page)
			return -ENODEV;
	}
	bool reserve = !(flags & MAP_NORESERVE) && (prot & PROT_WRITE) &&
		       type == MAP_PRIVATE;
	if (reserve && len > page_alloc_total_bytes())
		return -ENOMEM;
	return 0;
}

/* A new area for vm_map() (not yet in the list). */
static void init_area(struct vma *v, uint64_t addr, uint64_t len, int prot,
		      int flags, const struct vm_file *file, uint64_t offset)
{
	*v = (struct vma){.start = addr,
			  .end = addr + len,
			  .prot = prot,
			  .flags = flags,
			  .max_prot = PROT_KNOWN,
			  .offset = offset};
	if ((flags & MAP_TYPE) == MAP_SHARED_VALIDATE)
		v->flags = (flags & ~MAP_TYPE) | MAP_SHARED;
	if (!file)
		return;
	v->file = *file;
	file->ops->hold(file->file);
	if ((v->flags & MAP_TYPE) == MAP_SHARED)
		v->max_prot = file->max_prot;
}

/*
 * Where vm_map() puts len bytes asked at addr (caller holds vm_lock):
 * *at gets the address, or the error is returned.
 */
static int place(uint64_t addr, uint64_t len, int flags, uint64_t *at)
{
	*at = addr;
	if (flags & MAP_FIXED_NOREPLACE)
		return range_free(addr, addr + len) ? 0 : -EEXIST;
	if (flags & MAP_FIXED) {
		if (!split_range(addr, addr + len))
			return -ENOMEM;
		remove_range(addr, addr + len); /* replaced */
		return 0;
	}
	*at = find_room(addr & ~(PAGE_SIZE - 1), len);
	return *at ? 0 : -ENOMEM;
}

int vm_map(uint64_t addr, size_t length, int prot, int flags,
	   const struct vm_file *file, uint64_t offset, uint64_t *out)
{
	uint64_t len = page_round(length);
	if (length && !len)
		return -ENOMEM;
	int err = check_map_args(addr, len, prot, flags, file, offset);
	if (err)
		return err;
	bool fixed = flags & (MAP_FIXED | MAP_FIXED_NOREPLACE);
	if (fixed && !in_region(addr, len))
		return -ENOMEM;
	struct vma *v = heap_alloc(sizeof(*v));
	if (!v)
		return -ENOMEM;
	unsigned long irq = spin_lock(&vm_lock);
	err = place(addr, len, flags, &addr);
	if (!err) {
		init_area(v, addr, len, prot, flags, file, offset);
		insert(v);
	}
	unlock_and_reap(irq);
	if (err) {
		heap_free(v);
		return err;
	}
	/* as Linux, a failure to populate is not reported */
	if ((flags & (MAP_POPULATE | MAP_LOCKED)) && prot != PROT_NONE)
		vm_populate(addr, len);
	*out = addr;
	return 0;
}

/* ---- munmap, mprotect, madvise, msync, mincore ---- */

/* Checks a range argument; *end gets its rounded end. */
static int check_range(uint64_t addr, size_t len, uint64_t *end)
{
	uint64_t l = page_round(len);
	if (!page_aligned(addr) || (len && !l))
		return -EINVAL;
	*end = addr + l;
	return *end < addr ? -EINVAL : 0;
}

int vm_unmap(uint64_t addr, size_t len)
{
	uint64_t end;
	int err = check_range(addr, len, &end);
	if (err || !len)
		return -EINVAL;
	if (addr >= VM_REGION_END || end <= VM_REGION_START)
		return 0; /* nothing of ours there */
	unsigned long flags = spin_lock(&vm_lock);
	if (split_range(addr, end))
		remove_range(addr, end);
	else
		err = -ENOMEM;
	unlock_and_reap(flags);
	return err;
}

int vm_protect(uint64_t addr, size_t len, int prot)
{
	uint64_t end;
	int err = check_range(addr, len, &end);
	if (err)
		return err;
	bool grows = prot & PROT_GROWSDOWN;
	prot &= ~PROT_GROWSDOWN;
	if (prot & ~PROT_KNOWN)
		return -EINVAL;
	if (!len)
		return 0;
	unsigned long flags = spin_lock(&vm_lock);
	if (!range_covered(addr, end))
		err = -ENOMEM;
	for (struct vma *v = *first_after(addr); !err && v && v->start < end;
	     v = v->next) {
		if (grows && !(v->flags & MAP_GROWSDOWN))
			err = -EINVAL;
		else if (prot & ~v->max_prot)
			err = -EACCES;
	}
	if (!err && !split_range(addr, end))
		err = -ENOMEM;
	for (struct vma *v = *first_after(addr); !err && v && v->start < end;
	     v = v->next) {
		v->prot = prot;
		paging_protect_mapped(v->start, v->end - v->start,
				      mapped_prot(v));
	}
	spin_unlock(&vm_lock, flags);
	return err;
}

static int advise_range(uint64_t addr, uint64_t end, int advice)
{
	for (struct vma *v = *first_after(addr); v && v->start < end;
	     v = v->next) {
		uint64_t s = v->start > addr ? v->start : addr;
		uint64_t e = v->end < end ? v->end : end;
		if (advice == MADV_REMOVE && owns_pages(v))
			return -EINVAL;
		drop_pages(v, s,
			   e); /* file pages come back at the next fault */
	}
	return 0;
}

/* Linux's advice values that madvise() accepts. */
static bool known_advice(int advice)
{
	static const unsigned char known[] = {
	    MADV_NORMAL,     MADV_RANDOM,	 MADV_SEQUENTIAL,
	    MADV_WILLNEED,   MADV_DONTNEED,	 MADV_FREE,
	    MADV_REMOVE,     MADV_DONTFORK,	 MADV_DOFORK,
	    MADV_MERGEABLE,  MADV_UNMERGEABLE,	 MADV_HUGEPAGE,
	    MADV_NOHUGEPAGE, MADV_DONTDUMP,	 MADV_DODUMP,
	    MADV_WIPEONFORK, MADV_KEEPONFORK,	 MADV_COLD,
	    MADV_PAGEOUT,    MADV_POPULATE_READ, MADV_POPULATE_WRITE};
	for (size_t i = 0; i < sizeof(known); i++)
		if (advice == known[i])
			return true;
	return false;
}

int vm_advise(uint64_t addr, size_t len, int advice)
{
	uint64_t end;
	int err = check_range(addr, len, &end);
	if (err)
		return err;
	if (!known_advice(advice))
		return -EINVAL;
	if (!len)
		return 0;
	if (advice == MADV_WILLNEED || advice == MADV_POPULATE_READ ||
	    advice == MADV_POPULATE_WRITE)
		return vm_populate(addr, end - addr);
	unsigned long flags = spin_lock(&vm_lock);
	bool covered = range_covered(addr, end);
	if (advice == MADV_DONTNEED || advice == MADV_FREE ||
	    advice == MADV_REMOVE)
		err = advise_range(addr, end, advice);
	spin_unlock(&vm_lock, flags);
	return err ? err : covered ? 0 : -ENOMEM;
}

/*
 * The next shared file area from *cursor below end that has a sync
 * operation, held, with its range clipped; false when none is left.
 */
static bool next_to_sync(uint64_t *cursor, uint64_t end, struct vm_file *f,
			 uint64_t *off, uint64_t *len)
{
	if (*cursor >= end)
		return false; /* an area past end would give an empty range */
	for (struct vma *v = *first_after(*cursor); v && v->start < end;
	     v = v->next) {
		if (owns_pages(v) || !v->file.ops->sync)
			continue;
		uint64_t s = v->start > *cursor ? v->start : *cursor;
		uint64_t e = v->end < end ? v->end : end;
		*f = v->file;
		*off = v->offset + (s - v->start);
		*len = e - s;
		*cursor = e;
		f->ops->hold(f->file);
		return true;
	}
	return false;
}

int vm_sync(uint64_t addr, size_t len, int flags)
{
	uint64_t end;
	int err = check_range(addr, len, &end);
	if (err || (flags & ~(MS_ASYNC | MS_SYNC | MS_INVALIDATE)) ||
	    (flags & (MS_ASYNC | MS_SYNC)) == (MS_ASYNC | MS_SYNC))
		return -EINVAL;
	unsigned long irq = spin_lock(&vm_lock);
	if (!range_covered(addr, end))
		err = -ENOMEM;
	/*
	 * shared file areas write back, each with the lock released; with
	 * MS_ASYNC too, since nothing else writes them back
	 */
	struct vm_file f;
	uint64_t cursor = addr, off, n;
	while (!err && (flags & (MS_SYNC | MS_ASYNC)) &&
	       next_to_sync(&cursor, end, &f, &off, &n)) {
		spin_unlock(&vm_lock, irq);
		err = f.ops->sync(f.file, off, n);
		f.ops->release(f.file);
		irq = spin_lock(&vm_lock);
	}
	spin_unlock(&vm_lock, irq);
	return err;
}

int vm_incore(uint64_t addr, size_t len, unsigned char *vec)
{
	uint64_t end;
	int err = check_range(addr, len, &end);
	if (err)
		return err;
	unsigned long flags = spin_lock(&vm_lock);
	err = range_covered(addr, end) ? 0 : -ENOMEM;
	spin_unlock(&vm_lock, flags);
	for (uint64_t va = addr; !err && va < end; va += PAGE_SIZE)
		vec[(va - addr) / PAGE_SIZE] = paging_query(va, NULL);
	return err;
}

void vm_file_truncated(const void *file, uint64_t off)
{
	unsigned long flags = spin_lock(&vm_lock);
	for (struct vma *v = areas; v; v = v->next) {
		if (v->file.file != file || !v->file.ops || owns_pages(v))
			continue;
		uint64_t past = v->offset + (v->end - v->start);
		if (past <= off)
			continue;
		uint64_t from =
		    off > v->offset ? v->start + (off - v->offset) : v->start;
		drop_pages(v, from, v->end);
	}
	spin_unlock(&vm_lock, flags);
}

void vm_file_clean(const void *file, uint64_t off)
{
	unsigned long flags = spin_lock(&vm_lock);
	for (struct vma *v = areas; v; v = v->next) {
		uint64_t past = v->offset + (v->end - v->start);
		if (v->file.file != file || !v->file.ops || owns_pages(v) ||
		    off < v->offset || off >= past)
			continue;
		paging_protect_mapped(v->start + (off - v->offset), PAGE_SIZE,
				      mapped_prot(v));
	}
	spin_unlock(&vm_lock, flags);
}

/* ---- mremap ---- */

/* Moves v's pages of [from, from + len) to to, keeping them. */
static void move_pages(const struct vma *v, uint64_t from, uint64_t to,
		       uint64_t len)
{
	for (uint64_t va = paging_next_mapped(from, from + len);
	     va < from + len;
	     va = paging_next_mapped(va + PAGE_SIZE, from + len)) {
		uint64_t pa;
		if (paging_unmap_page(va, &pa))
			paging_map(to + (va - from), pa, PAGE_SIZE,
				   mapped_prot(v));
	}
}

/*
 * Moves [old, old + old_len) of area v to a new area of new_len at to
 * (free), under vm_lock; the old range becomes empty (kept with
 * MREMAP_DONTUNMAP, else unmapped).
 */
static int move_area(struct vma *v, uint64_t old, uint64_t old_len,
		     uint64_t new_len, uint64_t to, int flags)
{
	struct vma *n = heap_alloc(sizeof(*n));
	if (!n || !split_range(old, old + old_len)) {
		heap_free(n);
		return -ENOMEM;
	}
	v = area_at(old);
	*n = *v;
	n->start = to;
	n->end = to + new_len;
	if (n->file.ops)
		n->file.ops->hold(n->file.file);
	uint64_t moved = old_len < new_len ? old_len : new_len;
	move_pages(v, old, to, moved);
	insert(n);
	if (!(flags & MREMAP_DONTUNMAP))
		remove_range(old, old + old_len);
	return 0;
}

static int remap_locked(uint64_t old, uint64_t old_len, uint64_t new_len,
			int flags, uint64_t new_addr, uint64_t *out)
{
	struct vma *v = area_at(old);
	if (!v || old_len > v->end - old)
		return -EFAULT;
	if (flags & MREMAP_FIXED) {
		/* what was at new_addr goes, as with MAP_FIXED */
		if (!split_range(new_addr, new_addr + new_len))
			return -ENOMEM;
		remove_range(new_addr, new_addr + new_len);
		*out = new_addr;
		return move_area(v, old, old_len, new_len, new_addr, flags);
	}
	if (new_len <= old_len && !(flags & MREMAP_DONTUNMAP)) {
		if (!split_range(old + new_len, old + old_len))
			return -ENOMEM;
		remove_range(old + new_len, old + old_len);
		*out = old;
		return 0;
	}
	uint64_t grow = new_len - old_len;
	if (!(flags & MREMAP_DONTUNMAP) && old + old_len == v->end &&
	    in_region(v->end, grow) && range_free(v->end, v->end + grow)) {
		v->end += grow;
		stats.mapped_bytes += grow;
		*out = old;
		return 0;
	}
	if (!(flags & MREMAP_MAYMOVE))
		return -ENOMEM;
	uint64_t to = find_room(0, new_len);
	if (!to)
		return -ENOMEM;
	*out = to;
	return move_area(v, old, old_len, new_len, to, flags);
}

int vm_remap(uint64_t old, size_t old_len, size_t new_len, int flags,
	     uint64_t new_addr, uint64_t *out)
{
	uint64_t ol = page_round(old_len), nl = page_round(new_len);
	if (!page_aligned(old) ||
	    (flags & ~(MREMAP_MAYMOVE | MREMAP_FIXED | MREMAP_DONTUNMAP)) ||
	    ((flags & (MREMAP_FIXED | MREMAP_DONTUNMAP)) &&
	     !(flags & MREMAP_MAYMOVE)) ||
	    !new_len || !old_len)
		return -EINVAL;
	if (!ol || !nl || old + ol < old)
		return -ENOMEM;
	if ((flags & MREMAP_DONTUNMAP) && ol != nl)
		return -EINVAL;
	if (flags & MREMAP_FIXED) {
		if (!page_aligned(new_addr))
			return -EINVAL;
		if (!in_region(new_addr, nl))
			return -ENOMEM;
		if (new_addr < old + ol && old < new_addr + nl)
			return -EINVAL; /* overlapping */
	}
	unsigned long irq = spin_lock(&vm_lock);
	int err = remap_locked(old, ol, nl, flags, new_addr, out);
	unlock_and_reap(irq);
	return err;
}

/* ---- Faults ---- */

static bool allows(int prot, unsigned access)
{
	if (access & VM_ACCESS_EXEC)
		return prot & PROT_EXEC;
	if (access & VM_ACCESS_WRITE)
		return prot & PROT_WRITE;
	return prot != PROT_NONE; /* x86: any right lets reads through */
}

enum vm_fault_result vm_fault(uint64_t addr, unsigned access)
{
	if (addr < VM_REGION_START || addr >= VM_REGION_END)
		return VM_FAULT_NO_AREA;
	uint64_t va = addr & ~(PAGE_SIZE - 1);
	unsigned long flags = spin_lock(&vm_lock);
	struct vma *v = area_at(addr);
	enum vm_fault_result r;
	if (!v)
		r = VM_FAULT_NO_AREA;
	else if (!allows(v->prot, access) ||
		 ((access & VM_ACCESS_PRESENT) &&
		  !((access & VM_ACCESS_WRITE) && tracks_dirt(v))))
		r = VM_FAULT_DENIED;
	else
		r = fill_page(v, va, access & VM_ACCESS_WRITE, &flags);
	if (r == VM_FAULT_DONE)
		stats.faults++;
	spin_unlock(&vm_lock, flags);
	return r;
}

/* ---- Checking a program's buffer ---- */

/*
 * The end of the stretch from addr (in the region) that access may
 * touch, up to end; addr when none may.
 */
static uint64_t accessible_in_areas(uint64_t addr, uint64_t end,
				    unsigned access)
{
	unsigned long flags = spin_lock(&vm_lock);
	for (struct vma *v = *first_after(addr); addr < end; v = v->next) {
		if (!v || v->start > addr || !allows(v->prot, access))
			break;
		addr = v->end < end ? v->end : end;
	}
	spin_unlock(&vm_lock, flags);
	return addr;
}

/* Outside the areas a page is there or not: what the tables say. */
static bool page_accessible(uint64_t page, unsigned access)
{
	if (!paging_readable(page, PAGE_SIZE))
		return false;
	int rights = paging_rights(page);
	return !(access & VM_ACCESS_WRITE) ||
	       (rights >= 0 && (rights & PAGING_WRITE));
}

size_t vm_accessible(uint64_t addr, size_t len, unsigned access)
{
	uint64_t end = addr + len < addr ? UINT64_MAX : addr + len, at = addr;
	while (at < end) {
		uint64_t next;
		if (at >= VM_REGION_START && at < VM_REGION_END)
			next = accessible_in_areas(
			    at, end < VM_REGION_END ? end : VM_REGION_END,
			    access);
		else if (page_accessible(at & ~(PAGE_SIZE - 1), access))
			next = (at & ~(PAGE_SIZE - 1)) + PAGE_SIZE;
		else
			next = at;
		if (next == at)
			break;
		at = next < end ? next : end;
	}
	return (size_t)(at - addr);
}

/* ---- Preparing a program's buffer ---- */

/* Whether access to the page holding va goes through without a fault. */
static bool page_ready(uint64_t va, unsigned access)
{
	int rights = paging_rights(va);
	return rights >= 0 &&
	       (!(access & VM_ACCESS_WRITE) || (rights & PAGING_WRITE));
}

/*
 * Faults the page at va in as trap.c would; false when it cannot be.
 * Several rounds when a shared page is first loaded (it is mapped by
 * the fault after) or dropped again meanwhile.  Whether the page is
 * there is asked before whether it is ready, and asked again after a
 * refusal: another thread may map or drop it in between, and a fault
 * said to be on a present page is refused unless it marks a shared
 * page dirty (a page mapped meanwhile would give a false EFAULT).
 */
static bool fault_in(uint64_t va, unsigned access)
{
	for (;;) {
		bool present = paging_query(va, NULL);
		if (page_ready(va, access))
			return true;
		unsigned how = access | (present ? VM_ACCESS_PRESENT : 0);
		if (vm_fault(va, how) != VM_FAULT_DONE &&
		    paging_query(va, NULL) == present)
			return false;
	}
}

/*
 * Only the part in the mappings' region is walked: elsewhere (RAM, the
 * programs' images, the thread stacks) a page is there or never will
 * be, no fault can fill it, and a walk on every call with a buffer on
 * the stack would cost more than the call's copy.  Page 0 is checked,
 * that a NULL buffer gets EFAULT.
 */
int vm_prepare_in_region(const void *addr, size_t len, unsigned access)
{
	uint64_t start = (uint64_t)addr, end = start + len;
	/* nothing is touched: any address will do, as for Linux */
	if (!len)
		return 0;
	if (end < start || start < PAGE_SIZE)
		return -EFAULT;
	if (start < VM_REGION_START)
		start = VM_REGION_START;
	if (end > VM_REGION_END)
		end = VM_REGION_END;
	/* only the write right is asked of the page tables */
	access &= VM_ACCESS_WRITE;
	for (uint64_t va = start & ~(PAGE_SIZE - 1); va < end; va += PAGE_SIZE)
		if (!page_ready(va, access) && !fault_in(va, access))
			return -EFAULT;
	return 0;
}

static void prot_string(int prot, int flags, char out[5])
{
	out[0] = prot & PROT_READ ? 'r' : '-';
	out[1] = prot & PROT_WRITE ? 'w' : '-';
	out[2] = prot & PROT_EXEC ? 'x' : '-';
	out[3] = (flags & MAP_TYPE) == MAP_PRIVATE ? 'p' : 's';
	out[4] = 0;
}

void vm_explain_fault(uint64_t addr, enum vm_fault_result result)
{
	if (result == VM_FAULT_NO_AREA) {
		if (addr >= VM_REGION_START && addr < VM_REGION_END)
			kprintf("osv: no memory mapping contains 0x%lx\n",
				addr);
		return;
	}
	/* the lock may be held by the faulting code: look without it */
	struct vma *v = area_at(addr);
	char rights[5] = "?";
	if (v)
		prot_string(v->prot, v->flags, rights);
	kprintf("osv: 0x%lx is in the mapping 0x%lx-0x%lx (%s%s)%s\n", addr,
		v ? v->start : 0, v ? v->end : 0, rights,
		v && v->file.ops ? ", file" : "",
		result == VM_FAULT_DENIED     ? ", whose rights forbid it"
		: result == VM_FAULT_NOMEM    ? ": out of memory for its page"
		: result == VM_FAULT_FILE_ERR ? ": its file failed to supply it"
					      : "");
}

/* ---- Statistics ---- */

void vm_get_stats(struct vm_stats *out)
{
	unsigned long flags = spin_lock(&vm_lock);
	*out = stats;
	spin_unlock(&vm_lock, flags);
}

void vm_for_each_area(void (*fn)(uint64_t start, uint64_t end, int prot,
				 int flags, void *arg),
		      void *arg)
{
	unsigned long flags = spin_lock(&vm_lock);
	for (struct vma *v = areas; v; v = v->next)
		fn(v->start, v->end, v->prot, v->flags, arg);
	spin_unlock(&vm_lock, flags);
}
