/*
 * Memory mappings: the address space's areas (VMAs) that mmap() and its
 * relatives make, and the page faults that fill them on demand.  This
 * header is the subsystem's whole interface; kernel/mm/vma.c implements
 * it over the page allocator (mm.h) and the page tables (arch.h).
 *
 * One address space (the kernel is one process).  Mappings live in
 * their own region, [VM_REGION_START, VM_REGION_END), apart from the
 * identity-mapped RAM, the ELF loader's objects and the thread stacks;
 * MAP_FIXED addresses must lie in it too.  A mapping is a list of areas
 * sorted by address, each with its rights (PROT_*), its flags (MAP_*)
 * and, for a file, its backing and offset.  Pages are not allocated by
 * mmap() but by the first access: the fault handler (trap.c) calls
 * vm_fault(), which maps a zeroed page (or a page of the file) when the
 * address lies in an area whose rights allow the access.  Private pages
 * belong to the area: munmap(), MADV_DONTNEED and a failed mapping give
 * them back to the page allocator.  Pages made inaccessible (PROT_NONE)
 * keep their contents.
 *
 * Memory is overcommitted as Linux's heuristic mode does: a private
 * writable mapping fails with -ENOMEM only when it is larger than all
 * RAM, unless MAP_NORESERVE says the caller knows better; running out
 * of pages while serving a fault is fatal (there is nothing to swap to).
 *
 * Arguments use Linux's values (PROT_*, MAP_*, MADV_*, MS_*, MREMAP_*
 * from <sys/mman.h>) and every call returns 0 or a negative Linux errno
 * as the system call would (the libc's mmap() and friends are thin
 * wrappers).  All calls may be made concurrently: one spinlock guards
 * the list and the page-table changes; filling a file page and writing
 * one back happen with it released.
 */
#ifndef KERNEL_VM_H
#define KERNEL_VM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define VM_REGION_START 0x0000700000000000ULL
#define VM_REGION_END 0x0000780000000000ULL /* the thread stacks' start */

/*
 * ---- File-backed mappings (the VFS's side) ----
 *
 * What mmap() of a file needs from the file, one page at a time; the
 * VFS provides it for a vnode (fill from ops->direct or ops->read,
 * shared_page from a filesystem that keeps file data in pages, such as
 * ramfs, or from pages the VFS keeps for the mappings of the others)
 * and passes it to vm_map().  The area keeps one reference
 * (hold/release) for as long as it maps the file.
 *  - MAP_PRIVATE: a fault copies the file's page into a new private page
 *    (fill), which the area owns: writes never reach the file.
 *  - MAP_SHARED: a fault maps the file's own page (shared_page), which
 *    the file keeps; msync() calls sync.  A file that keeps its pages
 *    for the mappings alone (load) hands out clean pages read-only: a
 *    store faults, and shared_page then marks the page dirty, for the
 *    file to write it back (after vm_file_clean()).
 */
struct vm_file_ops {
	/*
	 * Copies the file's bytes [off, off + PAGE_SIZE) into page, zeros
	 * past the end of the file; 0 or a negative errno (-ENXIO when off
	 * is at or past the end: the access then gets SIGBUS, as any
	 * failure).  Called with no lock of vm.c held,
	 * from the fault handler, with interrupts enabled when the
	 * faulting code had them: it may sleep, unless the fault came
	 * from code that holds a spinlock (which kernel code touching
	 * mapped files must not).
	 */
	int (*fill)(void *file, uint64_t off, void *page);
	/*
	 * The physical page holding the file's bytes at off (a multiple of
	 * PAGE_SIZE), kept by the file while any area maps it (see
	 * vm_file_truncated); write: the access is a store.  0 (map it
	 * with the area's rights), VM_PAGE_CLEAN (map it without
	 * PROT_WRITE: a store faults and calls again), -EAGAIN (not in
	 * memory: load it, then the access faults again) or a negative
	 * errno (SIGBUS).  Called under vm.c's spinlock: must not sleep.
	 * NULL: the file cannot be mapped MAP_SHARED (mmap() fails with
	 * -ENODEV).
	 */
	int (*shared_page)(void *file, uint64_t off, bool write, uint64_t *pa);
	/*
	 * Brings the page at off into memory for shared_page; 0 or a
	 * negative errno (-ENXIO past the end: SIGBUS).  Called with no
	 * lock of vm.c held, as fill.  NULL: shared_page never says -EAGAIN.
	 */
	int (*load)(void *file, uint64_t off);
	/* Writes back [off, off + len) (msync, no lock held); may be NULL. */
	int (*sync)(void *file, uint64_t off, size_t len);
	void (*hold)(void *file);
	void (*release)(void *file);
};

#define VM_PAGE_CLEAN 1

struct vm_file {
	const struct vm_file_ops *ops;
	void *file;
	/* PROT_* the open file allows a shared mapping (its access mode) */
	int max_prot;
};

/*
 * For mmap() of a descriptor: the file behind fd, with one reference
 * the caller drops with release once vm_map() took its own.  max_prot
 * says what the open file allows (PROT_READ when opened for reading,
 * PROT_WRITE too when for writing).  -EBADF for a bad descriptor,
 * -EACCES when not open for reading, -ENODEV for what cannot be mapped
 * (directories, most devices).  Defined by the VFS's descriptor layer;
 * the libc references it weakly, so that without it every descriptor
 * is a bad one.
 */
int vm_file_of_fd(int fd, struct vm_file *out) __attribute__((weak));

/*
 * The file (vm_file.file) shrank: unmaps its pages at file offsets from
 * off (a multiple of PAGE_SIZE) on from every shared area, so that the
 * file may free them; a later access there faults again, and gets
 * SIGBUS when the file has no page there.  Private copies stay.  Called
 * by a filesystem holding no spinlock.
 */
void vm_file_truncated(const void *file, uint64_t off);

/*
 * The file's page at off is clean again (its dirty mark cleared by
 * shared_page's file): its shared mappings lose PROT_WRITE, so that
 * the next store faults and marks it again.  Called holding no
 * spinlock.
 */
void vm_file_clean(const void *file, uint64_t off);

/*
 * ---- The calls behind mmap(2) and its relatives ----
 */

/*
 * mmap(2): maps len bytes with rights prot at addr (a hint, or the
 * address with MAP_FIXED / MAP_FIXED_NOREPLACE); *out gets the address.
 * file is NULL with MAP_ANONYMOUS, else the file to map from offset.
 * MAP_POPULATE (and MAP_LOCKED) map every page at once.  Accepted and
 * otherwise ignored: MAP_NORESERVE (see above), MAP_STACK,
 * MAP_GROWSDOWN (the area does not grow), MAP_HUGETLB (4 KiB pages are
 * used), MAP_DENYWRITE, MAP_EXECUTABLE, MAP_NONBLOCK, MAP_32BIT (not
 * honoured).  Errors: -EINVAL (length 0, no mapping type, bad
 * alignment, unknown PROT bits), -EOPNOTSUPP (unknown flags with
 * MAP_SHARED_VALIDATE), -EEXIST (MAP_FIXED_NOREPLACE over a mapping),
 * -ENOMEM (no room, a MAP_FIXED address outside the region, or larger
 * than RAM without MAP_NORESERVE), -EACCES/-ENODEV (a file that cannot
 * be mapped so).
 */
int vm_map(uint64_t addr, size_t len, int prot, int flags,
	   const struct vm_file *file, uint64_t offset, uint64_t *out);

/* munmap(2): -EINVAL for a bad address or length; holes are fine. */
int vm_unmap(uint64_t addr, size_t len);

/* mprotect(2): -EINVAL, or -ENOMEM when part of the range is unmapped. */
int vm_protect(uint64_t addr, size_t len, int prot);

/*
 * madvise(2): MADV_DONTNEED and MADV_FREE drop the pages (private ones
 * read back as zeros), MADV_WILLNEED and MADV_POPULATE_* map them, the
 * other known advice is accepted.  -EINVAL for unknown advice (and
 * MADV_REMOVE on private memory), -ENOMEM when part of the range is
 * unmapped (the rest is still advised).
 */
int vm_advise(uint64_t addr, size_t len, int advice);

/* msync(2): -EINVAL for bad flags or address, -ENOMEM for holes. */
int vm_sync(uint64_t addr, size_t len, int flags);

/*
 * mremap(2): shrinks, grows in place when the pages after the area are
 * free, else moves (with MREMAP_MAYMOVE; MREMAP_FIXED to new_addr) by
 * moving the pages, not copying them.  -EFAULT when [old, old +
 * old_len) is not inside one area; -ENOMEM, -EINVAL as Linux.
 */
int vm_remap(uint64_t old, size_t old_len, size_t new_len, int flags,
	     uint64_t new_addr, uint64_t *out);

/*
 * Maps every page of [addr, addr + len) now (mlock(2), MAP_POPULATE).
 * -ENOMEM when part of the range is unmapped or no memory is left.
 */
int vm_populate(uint64_t addr, size_t len);

/*
 * mlock(2) (populate) and munlock(2): memory outside the mappings (RAM,
 * program images, stacks) is always resident, so only a range with an
 * unmapped page fails (-ENOMEM); inside the mappings, locking maps the
 * pages now.
 */
int vm_lock_range(uint64_t addr, size_t len, bool populate);

/* mincore(2): vec[i] = 1 when page i is in memory. */
int vm_incore(uint64_t addr, size_t len, unsigned char *vec);

/*
 * How many bytes from addr the program may touch with access
 * (VM_ACCESS_WRITE for a store, 0 for a load), up to len: len when all
 * of [addr, addr + len) may be, else the length of the part before the
 * first page that may not (no area, rights that forbid the access, or
 * outside the areas a page not present or read-only).  For the calls
 * that owe Linux's EFAULT for a bad buffer instead of a fault (the
 * program and the kernel share one address space); a buffer unmapped
 * by another thread after the check still faults.
 */
size_t vm_accessible(uint64_t addr, size_t len, unsigned access);

/*
 * Makes every page of [addr, addr + len) present and open to access
 * (VM_ACCESS_WRITE for a store, 0 for a load) the way a fault would,
 * reading a file's page if need be; 0, or -EFAULT when a page cannot be
 * (no mapping, rights that forbid the access, a file that fails to
 * supply it).  For the calls that copy to or from a program's buffer
 * holding a spinlock: a fault there could not sleep for a file's page,
 * and an unmapped buffer would kill the program where Linux answers
 * EFAULT.  Only the part in the mappings' region is made present:
 * elsewhere memory is there or not (a NULL buffer gets -EFAULT); a
 * buffer there costs nothing, one in the region a page-table walk a page.
 * May sleep: call it holding no spinlock, before taking the lock, on
 * no more than the copy may touch.  A bad buffer outside the region, or
 * a page another thread unmaps (or drops) after the call, makes a copy
 * through uaccess.h answer EFAULT, as Linux does; only the kernel's
 * plain stores into a program's buffer (docs/architecture.md lists
 * them) still fault there, as the program's own access would.
 * vm_prepare_in_region() is its walk of the region's part.
 */
int vm_prepare_in_region(const void *addr, size_t len, unsigned access);
static inline __attribute__((always_inline)) int
vm_prepare(const void *addr, size_t len, unsigned access)
{
	uint64_t a = (uint64_t)addr;
	/* the common buffer, on a stack or in RAM: nothing to walk */
	if (a >= 4096 /* past page 0 */ && a + len >= a &&
	    (a >= VM_REGION_END || a + len <= VM_REGION_START))
		return 0;
	return vm_prepare_in_region(addr, len, access);
}

/*
 * ---- Page faults (from trap.c) ----
 */

#define VM_ACCESS_WRITE 0x1
#define VM_ACCESS_EXEC 0x2
#define VM_ACCESS_PRESENT 0x4 /* the page was present: a rights fault */

enum vm_fault_result {
	VM_FAULT_DONE,	   /* served: retry the access */
	VM_FAULT_NO_AREA,  /* no mapping there: a plain fatal fault */
	VM_FAULT_DENIED,   /* a mapping whose rights forbid the access */
	VM_FAULT_NOMEM,	   /* no page left to serve it */
	VM_FAULT_FILE_ERR, /* the file could not supply the page: SIGBUS */
};

/* Serves a fault at addr with access VM_ACCESS_*. */
enum vm_fault_result vm_fault(uint64_t addr, unsigned access);

/*
 * Prints (for a fatal fault report) why addr could not be served: the
 * area it lies in, with its rights, or that there is none.
 */
void vm_explain_fault(uint64_t addr, enum vm_fault_result result);

/* ---- Statistics, for the tests and /proc ---- */

struct vm_stats {
	unsigned areas;		/* VMAs */
	uint64_t mapped_bytes;	/* their total length */
	uint64_t private_pages; /* pages allocated for them and mapped */
	uint64_t faults;	/* faults served */
};
void vm_get_stats(struct vm_stats *out);

/*
 * Calls fn for each area in address order, under the lock (fn must not
 * call vm_*); for /proc/self/maps.
 */
void vm_for_each_area(void (*fn)(uint64_t start, uint64_t end, int prot,
				 int flags, void *arg),
		      void *arg);

#endif
