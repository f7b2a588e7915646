/*
 * The kernel's page tables.  Physical memory is identity-mapped: RAM in
 * 2 MiB pages, writable and no-execute.  The first 2 MiB and the kernel
 * image use 4 KiB pages so that page 0 can stay unmapped (a NULL
 * dereference faults) and each section of the image gets its own rights:
 * text read-only and executable, rodata read-only, data and bss writable.
 * CR0.WP (set by boot.S) makes the kernel itself respect read-only pages.
 * EFER.NXE is boot.S's too, when the CPU has no-execute; boot_pte_nx is
 * then the entries' no-execute bit, else 0.  The platform
 * devices' window below 4 GiB (DEVICE_WINDOW_START, below) is mapped too,
 * uncached.
 *
 * After boot, paging_map() and friends map other virtual addresses (the
 * region where the ELF loader places applications, far above RAM) with
 * 4 KiB pages and per-page rights.  Those tables come from page_alloc();
 * the boot's bump allocator is only for paging_init().  Upper-level
 * entries are always present+writable and never no-execute, so the rights
 * of a page are exactly those of its last-level entry.
 *
 * Concurrency: every change to the tables after boot and every walk that
 * may create a table happens under one spinlock (which masks interrupts,
 * so a page fault handler that maps a page on demand never spins on a
 * lock its own thread holds: it takes it only after the faulting code
 * released it).  Tables are never freed, so paging_readable() and
 * paging_query() walk without the lock.  With one CPU, invlpg is the
 * whole TLB shootdown; SMP bring-up must add an IPI here.
 *
 * A page made inaccessible (PAGING_NONE) keeps its physical address in
 * a not-present entry marked PTE_PARKED, so that paging_protect() can
 * make it present again and paging_unmap_page() can return it.
 */

#include "arch.h"
#include "mm.h"
#include "spinlock.h"

#define PTE_PRESENT 0x1ULL
#define PTE_WRITE 0x2ULL
#define PTE_WRITE_THROUGH 0x8ULL
#define PTE_CACHE_DISABLE 0x10ULL
#define PTE_LARGE 0x80ULL
#define PTE_PARKED 0x200ULL /* software bit: not present, address kept */
#define PTE_NX (1ULL << 63)
#define PTE_ADDR 0x000ffffffffff000ULL
#define HUGE_SIZE 0x200000ULL
#define SMALL_SIZE 0x1000ULL
#define MAX_RAM_RANGES 64

extern char __image_start[], __text_end[], __rodata_end[], __image_end[];
extern uint64_t boot_pte_nx; /* boot.S: PTE_NX, or 0 without NX */

/* 2 MiB-aligned; cache: the PCD/PWT bits of its large pages. */
struct ram_range {
	uint64_t start, end, cache;
};

/*
 * The x86 platform devices at fixed physical addresses: microvm's
 * virtio-mmio transports from 0xfeb00000, the I/O APICs from 0xfec00000
 * (microvm's second at 0xfec10000), the HPET at 0xfed00000 and the local
 * APIC at 0xfee00000.  paging_init() maps the window uncached, in three
 * 2 MiB pages of the boot's tables, so that the boot maps none of these
 * pages one by one through paging_map() (and its first table through the
 * page allocator): under TCG, code that runs once is what a boot costs.
 */
#define DEVICE_WINDOW_START 0xfea00000ULL
#define DEVICE_WINDOW_END 0xff000000ULL

static struct ram_range mapped[MAX_RAM_RANGES];
static unsigned mapped_count;
static void *(*alloc_table)(void);
static uint64_t *kernel_pml4;
static struct spinlock tables_lock;
/*
 * The span of RAM where paging_protect_identity() parked pages (an
 * ET_EXEC's gaps between segments): there the RAM ranges no longer say
 * what is present, so paging_readable() asks the tables (the span lies in
 * the program's range, whose pages are all split).  Empty: lo = hi.
 */
static uint64_t parked_lo, parked_hi;

/* Not inlined: one copy for its three callers to translate (TCG). */
static __attribute__((noinline)) void add_range(uint64_t start, uint64_t end,
						uint64_t cache)
{
	if (mapped_count == MAX_RAM_RANGES || end <= start)
		return;
	mapped[mapped_count++] =
	    (struct ram_range){start & ~(HUGE_SIZE - 1),
			       (end + HUGE_SIZE - 1) & ~(HUGE_SIZE - 1), cache};
}

void paging_add_ram(uint64_t start, uint64_t end)
{
	add_range(start, end, 0);
}

static __attribute__((noinline)) uint64_t *next_table(uint64_t *table,
						      unsigned index)
{
	if (!(table[index] & PTE_PRESENT)) {
		uint64_t *t = alloc_table();
		table[index] = (uint64_t)t | PTE_PRESENT | PTE_WRITE;
	}
	return (uint64_t *)(table[index] & PTE_ADDR);
}

static uint64_t *page_directory(uint64_t *pml4, uint64_t va)
{
	uint64_t *pdpt = next_table(pml4, va >> 39 & 511);
	return next_table(pdpt, va >> 30 & 511);
}

/*
 * 4 KiB pages for a chunk that holds the image (its text read-only and
 * executable, its read-only data not writable) or page 0 (left
 * unmapped), in place of its 2 MiB page.  Each page's rights are computed
 * without a branch: one loop body for TCG to translate (this runs once a
 * boot, and under TCG code run once costs its translation far more than
 * the loop's few thousand instructions).  pd is the chunk's page
 * directory, which the caller has at hand; the new table is zeroed, so
 * page 0 is skipped.
 */
static void map_small_pages(uint64_t *pd, uint64_t chunk)
{
	/* text, then rodata: below ro_len from the start, read-only */
	const uint64_t text = (uint64_t)__image_start,
		       text_len = (uint64_t)__text_end - text,
		       ro_len = (uint64_t)__rodata_end - text;
	const uint64_t nx = boot_pte_nx;
	uint64_t *pt = alloc_table();
	pd[chunk >> 21 & 511] = (uint64_t)pt | PTE_PRESENT | PTE_WRITE;
	for (unsigned i = chunk == 0; i < HUGE_SIZE / SMALL_SIZE; i++) {
		uint64_t pa = chunk + i * SMALL_SIZE, off = pa - text;
		pt[i] = pa | PTE_PRESENT | (uint64_t)(off >= ro_len) * PTE_WRITE |
			(off >= text_len ? nx : 0);
	}
}

/*
 * Every chunk of every range gets a 2 MiB page, written without a test
 * of what the entry held (under TCG each branch of code run once is a
 * block to translate): the ranges are mapped last to first, so the
 * device window (added last) goes first and RAM sharing a chunk with it
 * wins.  Then the chunks below the image's end (page 0's and the
 * image's: it is loaded at 1 MiB, so they share the first GiB's page
 * directory, kept on the way as pd0) get 4 KiB pages instead.
 */
void paging_init(void *(*take_page)(void))
{
	const uint64_t image_end =
	    ((uint64_t)__image_end + HUGE_SIZE - 1) & ~(HUGE_SIZE - 1);
	uint64_t *pd0 = NULL;
	alloc_table = take_page;
	uint64_t *pml4 = alloc_table();
	kernel_pml4 = pml4;
	/* The image is mapped even if the memory map forgot it. */
	paging_add_ram(0, (uint64_t)__image_end);
	add_range(DEVICE_WINDOW_START, DEVICE_WINDOW_END,
		  PTE_CACHE_DISABLE | PTE_WRITE_THROUGH);
	for (unsigned r = mapped_count; r-- > 0;) {
		uint64_t flags = PTE_PRESENT | PTE_WRITE | PTE_LARGE |
				 boot_pte_nx | mapped[r].cache;
		for (uint64_t c = mapped[r].start; c < mapped[r].end;
		     c += HUGE_SIZE) {
			uint64_t *pd = page_directory(pml4, c);
			pd[c >> 21 & 511] = c | flags;
			pd0 = c ? pd0 : pd;
		}
	}
	for (uint64_t c = 0; c < image_end; c += HUGE_SIZE)
		map_small_pages(pd0, c);
	__asm__ volatile("mov %0, %%cr3" : : "r"(pml4) : "memory");
}

/*
 * Mappings made after boot.  Addresses must be canonical and below the
 * upper half (which the kernel does not use); va, pa and len are 4 KiB
 * multiples.
 */
#define USER_VA_LIMIT (1ULL << 47)

static bool range_ok(uint64_t va, size_t len)
{
	return (va & (SMALL_SIZE - 1)) == 0 && (len & (SMALL_SIZE - 1)) == 0 &&
	       va + len >= va && va + len <= USER_VA_LIMIT;
}

static uint64_t prot_flags(unsigned prot)
{
	uint64_t f = PTE_PRESENT;
	if (prot & PAGING_WRITE)
		f |= PTE_WRITE;
	if (!(prot & PAGING_EXEC))
		f |= boot_pte_nx;
	if (prot & PAGING_UNCACHED)
		f |= PTE_CACHE_DISABLE | PTE_WRITE_THROUGH;
	return f;
}

static uint64_t *new_table(void)
{
	uint64_t *t = page_alloc(0);
	if (t)
		page_clear(t);
	return t;
}

/*
 * The next-level table under table[index], created when create is set
 * (NULL when missing, out of memory, or a large page is in the way).
 */
static uint64_t *lower_table(uint64_t *table, unsigned index, bool create)
{
	uint64_t e = table[index];
	if (e & PTE_PRESENT)
		return e & PTE_LARGE ? NULL : (uint64_t *)(e & PTE_ADDR);
	if (!create)
		return NULL;
	uint64_t *t = new_table();
	if (t)
		table[index] = (uint64_t)t | PTE_PRESENT | PTE_WRITE;
	return t;
}

/* The last-level entry of va, or NULL when no page table covers it. */
static uint64_t *pte_of(uint64_t va, bool create)
{
	uint64_t *t = kernel_pml4;
	for (unsigned shift = 39; t && shift > 12; shift -= 9)
		t = lower_table(t, va >> shift & 511, create);
	return t ? &t[va >> 12 & 511] : NULL;
}

static void invalidate(uint64_t va)
{
	__asm__ volatile("invlpg (%0)" : : "r"(va) : "memory");
}

/* Clears the entries of [va, va + len); the caller holds tables_lock. */
static void unmap_locked(uint64_t va, size_t len)
{
	for (size_t off = 0; off < len; off += SMALL_SIZE) {
		uint64_t *pte = pte_of(va + off, false);
		if (pte && (*pte & (PTE_PRESENT | PTE_PARKED))) {
			*pte = 0;
			invalidate(va + off);
		}
	}
}

/* The entry for pa with rights prot (parked when prot is PAGING_NONE). */
static uint64_t make_pte(uint64_t pa, unsigned prot)
{
	if (!(prot & (PAGING_READ | PAGING_WRITE | PAGING_EXEC)))
		return pa | PTE_PARKED;
	return pa | prot_flags(prot);
}

int paging_map(uint64_t va, uint64_t pa, size_t len, unsigned prot)
{
	if (!range_ok(va, len) || (pa & (SMALL_SIZE - 1)))
		return -1;
	unsigned long flags = spin_lock(&tables_lock);
	for (size_t off = 0; off < len; off += SMALL_SIZE) {
		uint64_t *pte = pte_of(va + off, true);
		if (!pte || (*pte & (PTE_PRESENT | PTE_PARKED))) {
			unmap_locked(va, off);
			spin_unlock(&tables_lock, flags);
			return -1;
		}
		*pte = make_pte(pa + off, prot);
		invalidate(va + off);
	}
	spin_unlock(&tables_lock, flags);
	return 0;
}

static bool in_device_window(uint64_t addr, size_t len)
{
	return addr >= DEVICE_WINDOW_START && addr + len >= addr &&
	       addr + len <= DEVICE_WINDOW_END;
}

bool paging_device_window(uint64_t addr, size_t len)
{
	return in_device_window(addr, len);
}

/*
 * Gives the 2 MiB page holding va (of the device window or RAM) a table
 * of 4 KiB pages with its rights, so that one of its pages can get other
 * rights (a read-only mmio_map(), a program's text).  The caller holds
 * tables_lock.  Returns false when no table page is left.
 */
static bool split_large_page(uint64_t va)
{
	uint64_t *pdpt = lower_table(kernel_pml4, va >> 39 & 511, false);
	uint64_t *pd = pdpt ? lower_table(pdpt, va >> 30 & 511, false) : NULL;
	if (!pd || !(pd[va >> 21 & 511] & PTE_LARGE))
		return pd != NULL;
	uint64_t *pt = new_table();
	if (!pt)
		return false;
	uint64_t large = pd[va >> 21 & 511];
	uint64_t base = large & PTE_ADDR & ~(HUGE_SIZE - 1);
	uint64_t rights = large & (PTE_PRESENT | PTE_WRITE | PTE_WRITE_THROUGH |
				   PTE_CACHE_DISABLE | PTE_NX);
	for (unsigned i = 0; i < 512; i++)
		pt[i] = (base + i * SMALL_SIZE) | rights;
	pd[va >> 21 & 511] = (uint64_t)pt | PTE_PRESENT | PTE_WRITE;
	invalidate(base); /* drops the large page's TLB entry */
	return true;
}

int paging_protect(uint64_t va, size_t len, unsigned prot)
{
	if (!range_ok(va, len))
		return -1;
	unsigned long flags = spin_lock(&tables_lock);
	for (size_t off = 0; off < len; off += SMALL_SIZE) {
		if (in_device_window(va + off, SMALL_SIZE) &&
		    !split_large_page(va + off)) {
			spin_unlock(&tables_lock, flags);
			return -1;
		}
		uint64_t *pte = pte_of(va + off, false);
		if (!pte || !(*pte & (PTE_PRESENT | PTE_PARKED))) {
			spin_unlock(&tables_lock, flags);
			return -1;
		}
	}
	for (size_t off = 0; off < len; off += SMALL_SIZE) {
		uint64_t *pte = pte_of(va + off, false);
		*pte = make_pte(*pte & PTE_ADDR, prot);
		invalidate(va + off);
	}
	spin_unlock(&tables_lock, flags);
	return 0;
}

/*
 * The device window's pages some user mapped writable through
 * paging_map_device(), one bit a page: a read-only request leaves such
 * a page writable.  Set atomically (see paging_map_device()).
 */
#define WINDOW_PAGES ((DEVICE_WINDOW_END - DEVICE_WINDOW_START) / SMALL_SIZE)
static uint64_t window_writers[WINDOW_PAGES / 64];
/* Set before any page of the window is made read-only. */
static bool window_reader;

/* Notes [page, end) of the window as some user's writable pages. */
static void note_writers(uint64_t page, uint64_t end)
{
	for (; page < end; page += SMALL_SIZE) {
		uint64_t n = (page - DEVICE_WINDOW_START) / SMALL_SIZE;
		__atomic_fetch_or(&window_writers[n / 64], 1ULL << (n % 64),
				  __ATOMIC_SEQ_CST);
	}
}

/*
 * A page of the device window for a user that asked for prot: written
 * by some user, it stays writable; else it gets this user's rights.
 * Always uncached.  The caller holds tables_lock.
 */
static bool share_window_page(uint64_t page, unsigned prot)
{
	uint64_t n = (page - DEVICE_WINDOW_START) / SMALL_SIZE;
	if (prot & PAGING_WRITE) {
		note_writers(page, page + SMALL_SIZE);
	} else {
		/* before the test: see paging_map_device()'s writers */
		__atomic_store_n(&window_reader, true, __ATOMIC_SEQ_CST);
		if (__atomic_load_n(&window_writers[n / 64], __ATOMIC_SEQ_CST) &
		    1ULL << (n % 64))
			return true; /* a writer's page keeps its rights */
	}
	/* a writer needs no 4 KiB page while the 2 MiB one is writable */
	uint64_t *pte = pte_of(page, false);
	if (!pte && (prot & PAGING_WRITE))
		return true;
	if (!pte && !split_large_page(page))
		return false;
	pte = pte_of(page, false);
	uint64_t want = make_pte(page, (prot & PAGING_WRITE) | PAGING_READ |
					   PAGING_UNCACHED);
	if (!pte)
		return false;
	if (*pte != want) {
		*pte = want;
		invalidate(page);
	}
	return true;
}

/*
 * A page outside RAM and the window for a user that asked for prot:
 * mapped with those rights, or, mapped already (another user's), given
 * the rights of both: writable if either asked, uncached if either
 * did.  The caller holds tables_lock.
 */
static bool share_page(uint64_t page, unsigned prot)
{
	uint64_t *pte = pte_of(page, true);
	if (!pte || (*pte & PTE_PARKED))
		return false; /* a page made inaccessible is no device's */
	if (!(*pte & PTE_PRESENT)) {
		*pte = make_pte(page, prot);
		invalidate(page);
		return true;
	}
	if ((*pte & PTE_ADDR) != page)
		return false; /* not an identity mapping */
	uint64_t more = prot_flags(prot) &
			(PTE_WRITE | PTE_CACHE_DISABLE | PTE_WRITE_THROUGH);
	if ((*pte | more) != *pte) {
		*pte |= more;
		invalidate(page);
	}
	return true;
}

/* True when [pa, pa + len) lies in RAM's 2 MiB pages. */
static bool in_ram(uint64_t pa, uint64_t len)
{
	for (unsigned r = 0; r < mapped_count; r++) /* cached: not the window */
		if (!mapped[r].cache && pa >= mapped[r].start &&
		    pa + len <= mapped[r].end)
			return true;
	return false;
}

/* Widens the parked span to cover [lo, hi); the caller holds tables_lock. */
static void note_parked(uint64_t lo, uint64_t hi)
{
	if (parked_lo == parked_hi || lo < parked_lo)
		parked_lo = lo;
	if (hi > parked_hi)
		parked_hi = hi;
}

int paging_protect_identity(uint64_t pa, size_t len, unsigned prot)
{
	if (!range_ok(pa, len) || !in_ram(pa, len))
		return -1;
	unsigned long flags = spin_lock(&tables_lock);
	/* before the loop: pages parked before a failure stay known */
	if (!(prot & (PAGING_READ | PAGING_WRITE | PAGING_EXEC)))
		note_parked(pa, pa + len);
	for (size_t off = 0; off < len; off += SMALL_SIZE) {
		uint64_t *pte =
		    split_large_page(pa + off) ? pte_of(pa + off, false) : NULL;
		if (!pte) {
			spin_unlock(&tables_lock, flags);
			return -1;
		}
		*pte = make_pte(pa + off, prot);
		invalidate(pa + off);
	}
	spin_unlock(&tables_lock, flags);
	return 0;
}

/* paging_map_device() but for its writers' fast path. */
static __attribute__((noinline)) int map_device(uint64_t pa, size_t len,
						unsigned prot)
{
	uint64_t end = pa + len;
	if (pa < SMALL_SIZE || end < pa || end > USER_VA_LIMIT)
		return -1;
	if (in_ram(pa, len))
		return 0; /* a firmware table in RAM: mapped, writable */
	unsigned long flags = spin_lock(&tables_lock);
	bool ok = true;
	for (uint64_t page = pa & ~(SMALL_SIZE - 1); ok && page < end;
	     page += SMALL_SIZE)
		ok = in_device_window(page, SMALL_SIZE)
			 ? share_window_page(page, prot)
			 : in_ram(page, SMALL_SIZE) || share_page(page, prot);
	spin_unlock(&tables_lock, flags);
	return ok ? 0 : -1;
}

int paging_map_device(uint64_t pa, size_t len, unsigned prot)
{
	/*
	 * Writers of the window's pages while no page of it was made
	 * read-only: noted, without the lock or a call (the boot's case:
	 * under TCG code run once is its cost).  A reader that makes one
	 * read-only says so before it looks at the notes: either it sees
	 * this writer's note or this writer sees it and takes the lock.
	 */
	uint64_t end = pa + len;
	unsigned writer = ((prot & PAGING_WRITE) != 0) &
			  (pa >= DEVICE_WINDOW_START) & (end >= pa) &
			  (end <= DEVICE_WINDOW_END);
	__asm__("" : "+r"(writer)); /* one test, not a branch each */
	if (!writer)
		return map_device(pa, len, prot);
	note_writers(pa & ~(SMALL_SIZE - 1), end);
	if (__atomic_load_n(&window_reader, __ATOMIC_SEQ_CST))
		return map_device(pa, len, prot);
	return 0;
}

int paging_read_page0(unsigned off, void *buf, size_t len)
{
	if (off >= SMALL_SIZE || len > SMALL_SIZE - off || !kernel_pml4)
		return -1;
	unsigned long flags = spin_lock(&tables_lock);
	uint64_t *pte = pte_of(0, false);
	bool ok = pte && !*pte;
	if (ok) {
		/* interrupts masked: nothing else runs while it is mapped */
		*pte = make_pte(0, PAGING_READ);
		invalidate(0);
		const volatile uint8_t *src =
		    (const volatile uint8_t *)(uintptr_t)off;
		for (size_t i = 0; i < len; i++)
			((uint8_t *)buf)[i] = src[i];
		*pte = 0;
		invalidate(0);
	}
	spin_unlock(&tables_lock, flags);
	return ok ? 0 : -1;
}

int paging_rights(uint64_t va)
{
	if (!kernel_pml4 || va >= USER_VA_LIMIT)
		return -1;
	uint64_t *t = kernel_pml4, e = 0;
	for (unsigned shift = 39; shift >= 12; shift -= 9) {
		e = t[va >> shift & 511];
		if (!(e & PTE_PRESENT) || (e & PTE_LARGE) || shift == 12)
			break;
		t = (uint64_t *)(e & PTE_ADDR);
	}
	if (!(e & PTE_PRESENT))
		return -1;
	int prot = PAGING_READ;
	if (e & PTE_WRITE)
		prot |= PAGING_WRITE;
	if (!(e & boot_pte_nx))
		prot |= PAGING_EXEC;
	if (e & PTE_CACHE_DISABLE)
		prot |= PAGING_UNCACHED;
	return prot;
}

uint64_t paging_next_mapped(uint64_t va, uint64_t end)
{
	while (va < end && kernel_pml4 && va < USER_VA_LIMIT) {
		uint64_t *t = kernel_pml4;
		unsigned shift = 39;
		for (; shift > 12; shift -= 9) {
			uint64_t e = t[va >> shift & 511];
			if (!(e & PTE_PRESENT) || (e & PTE_LARGE))
				break;
			t = (uint64_t *)(e & PTE_ADDR);
		}
		if (shift == 12 &&
		    (t[va >> 12 & 511] & (PTE_PRESENT | PTE_PARKED)))
			return va;
		/* skip what the missing entry (or the empty PTE) covers */
		uint64_t size = 1ULL << shift;
		va = (va & ~(size - 1)) + size;
	}
	return end;
}

void paging_protect_mapped(uint64_t va, size_t len, unsigned prot)
{
	if (!range_ok(va, len))
		return;
	unsigned long flags = spin_lock(&tables_lock);
	for (uint64_t p = paging_next_mapped(va, va + len); p < va + len;
	     p = paging_next_mapped(p + SMALL_SIZE, va + len)) {
		uint64_t *pte = pte_of(p, false);
		*pte = make_pte(*pte & PTE_ADDR, prot);
		invalidate(p);
	}
	spin_unlock(&tables_lock, flags);
}

void paging_unmap(uint64_t va, size_t len)
{
	if (!range_ok(va, len))
		return;
	unsigned long flags = spin_lock(&tables_lock);
	for (uint64_t p = paging_next_mapped(va, va + len); p < va + len;
	     p = paging_next_mapped(p + SMALL_SIZE, va + len))
		unmap_locked(p, SMALL_SIZE);
	spin_unlock(&tables_lock, flags);
}

bool paging_unmap_page(uint64_t va, uint64_t *pa)
{
	if (!range_ok(va, SMALL_SIZE))
		return false;
	unsigned long flags = spin_lock(&tables_lock);
	uint64_t *pte = pte_of(va, false);
	bool mapped = pte && (*pte & (PTE_PRESENT | PTE_PARKED));
	if (mapped) {
		*pa = *pte & PTE_ADDR;
		*pte = 0;
		invalidate(va);
	}
	spin_unlock(&tables_lock, flags);
	return mapped;
}

bool paging_query(uint64_t va, uint64_t *pa)
{
	if (!kernel_pml4 || !range_ok(va & ~(SMALL_SIZE - 1), SMALL_SIZE))
		return false;
	uint64_t *pte = pte_of(va & ~(SMALL_SIZE - 1), false);
	uint64_t e = pte ? *pte : 0;
	if (!(e & (PTE_PRESENT | PTE_PARKED)))
		return false;
	if (pa)
		*pa = e & PTE_ADDR;
	return true;
}

/* True when every page of [addr, addr + len) has a present entry. */
static bool mapped_by_tables(uint64_t addr, size_t len)
{
	if (!kernel_pml4 || addr + len > USER_VA_LIMIT)
		return false;
	for (uint64_t p = addr & ~(SMALL_SIZE - 1); p < addr + len;
	     p += SMALL_SIZE) {
		uint64_t *pte = pte_of(p, false);
		if (!pte || !(*pte & PTE_PRESENT))
			return false;
	}
	return true;
}

/*
 * The device window is mapped but is not memory: a read there reaches
 * device registers (a backtrace following a corrupt frame pointer must not
 * do that), hence its own test, paging_device_window().  Only the part of
 * a range inside the parked span is asked of the tables: beyond it RAM may
 * be mapped by 2 MiB pages, which mapped_by_tables() does not read.
 */
bool paging_readable(uintptr_t addr, size_t len)
{
	if (addr < SMALL_SIZE || addr + len < addr ||
	    (addr < DEVICE_WINDOW_END && addr + len > DEVICE_WINDOW_START))
		return false;
	if (addr < parked_hi && addr + len > parked_lo) {
		uint64_t lo = addr > parked_lo ? addr : parked_lo;
		uint64_t hi = addr + len < parked_hi ? addr + len : parked_hi;
		return mapped_by_tables(lo, hi - lo) &&
		       (addr == lo || paging_readable(addr, lo - addr)) &&
		       (addr + len == hi ||
			paging_readable(hi, addr + len - hi));
	}
	for (unsigned r = 0; r < mapped_count; r++)
		if (addr >= mapped[r].start && addr + len <= mapped[r].end)
			return true;
	return mapped_by_tables(addr, len);
}
