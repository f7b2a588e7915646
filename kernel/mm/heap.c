/*
 * Kernel heap: size-classed slabs for small objects, page runs for large.
 *
 * Every pointer the heap hands out has a header at the start of the page
 * holding the byte just before it, i.e. at (p - 1) rounded down to a page.
 * Small objects (up to 2016 bytes) live in one-page slabs whose 64-byte
 * header sits at the page start; a large object gets a run of whole pages
 * whose first page starts with a 16-byte header, the data following it (or
 * beginning on the next page when it must be page-aligned).  So heap_free()
 * needs nothing but the pointer: it reads that header, whose tag (a magic
 * number xor the page number) says which kind it is and turns away pointers
 * the heap never returned.
 *
 * One-page slabs keep that rule simple and let an empty slab go straight
 * back to the page allocator.  The class sizes are, for a range of counts n,
 * the largest multiple of 16 of which n fit in the 4032 bytes after the
 * header, so a slab wastes little.  Objects are laid out downward from the
 * end of the page, which makes each one aligned to the largest power of two
 * dividing its class size; heap_memalign() uses that to serve small aligned
 * requests from ordinary slabs.
 *
 * A slab keeps its freed objects on a list threaded through them, plus a
 * bitmap of allocated objects: the bitmap catches double frees exactly, and
 * catches a free list overwritten through a stale pointer (an object popped
 * from it must not be marked allocated).  Objects never handed out are not
 * on the list: they are those from the index "fresh" up, taken in order
 * once the list is empty, so that a new slab costs no list building (under
 * TCG the boot pays for each loop it runs once).  Slabs with free objects
 * are on
 * their class's partial list, full ones on no list (a free finds them from
 * the pointer).  A slab that empties becomes its class's spare, so that an
 * alternating alloc/free does not churn the page allocator; a second empty
 * slab is released.  heap_trim() releases the spares.
 *
 * A large object is allocated as a buddy block whose unused tail (and, for
 * alignments above a page, unused head) goes straight back, so it wastes
 * less than a page besides its header.  A size or alignment beyond the
 * largest buddy block fails.
 */
#include "mm.h"

#define SLAB_HDR 64
#define SLAB_SPACE (PAGE_SIZE - SLAB_HDR)
#define SMALL_MAX 2016
#define LARGE_HDR 16
#define LARGE_MAX ((size_t)PAGE_SIZE << PAGE_ORDER_MAX)
#define SLAB_MAGIC 0x51ab0b1eu
#define LARGE_MAGIC 0x1a26e0b1u

struct slab {
	uint32_t tag; /* SLAB_MAGIC ^ page number */
	uint8_t cls;
	uint8_t fresh; /* objects from this index up were never handed out */
	uint16_t inuse;
	void *free;		  /* first freed object; each holds the next */
	struct slab *next, *prev; /* on the class's partial list */
	uint64_t used[4];	  /* bit i: object i is allocated */
};

struct large {
	uint32_t tag;	   /* LARGE_MAGIC ^ page number */
	uint32_t data_off; /* the pointer handed out is header + data_off */
	size_t npages;	   /* the run starts at the header */
};

_Static_assert(sizeof(struct slab) == SLAB_HDR, "slab header size");
_Static_assert(sizeof(struct large) == LARGE_HDR, "large header size");
_Static_assert(SLAB_HDR % HEAP_ALIGN == 0 && LARGE_HDR % HEAP_ALIGN == 0,
	       "headers must keep data aligned");

/*
 * Steps of 16 up to 128.  Beyond, for n objects per slab, the largest
 * multiple of 16 of which n fit in SLAB_SPACE: little of a slab is wasted.
 */
static const uint16_t class_size[] = {
    16,	 32,  48,  64,	80,   96,   112,       128, /* n = 252 .. 31 */
    160, 192, 224, 256, 288,  336,  400,       448, /* n = 25 .. 9 */
    496, 576, 672, 800, 1008, 1344, SMALL_MAX,	    /* n = 8 .. 2 */
};

#define NCLASSES (sizeof(class_size) / sizeof(class_size[0]))

/*
 * The class of a size, by its count of 16-byte units ((size + 15) / 16,
 * which is 0 for size 0): one load, where a search of class_size[] would
 * run a loop of branches (under TCG the boot pays for each block it runs
 * once).  Each range ends at a class size / 16; heap_check() checks the
 * table against class_size[].
 */
static const uint8_t class_by_units[SMALL_MAX / 16 + 1] = {
    [0 ... 1] = 0,    [2] = 1,		[3] = 2,	   [4] = 3,
    [5] = 4,	      [6] = 5,		[7] = 6,	   [8] = 7,
    [9 ... 10] = 8,   [11 ... 12] = 9,	[13 ... 14] = 10,  [15 ... 16] = 11,
    [17 ... 18] = 12, [19 ... 21] = 13, [22 ... 25] = 14,  [26 ... 28] = 15,
    [29 ... 31] = 16, [32 ... 36] = 17, [37 ... 42] = 18,  [43 ... 50] = 19,
    [51 ... 63] = 20, [64 ... 84] = 21, [85 ... 126] = 22,
};

_Static_assert(SMALL_MAX / 16 == 126 && NCLASSES == 23,
	       "class_by_units[] follows class_size[]");

_Static_assert(SLAB_SPACE / 16 <= 64 * 4, "used[] too small");
_Static_assert(SLAB_SPACE / 16 <= 255 && NCLASSES <= 256,
	       "fresh and cls are bytes");

static struct {
	struct slab *partial;
	struct slab *spare;
} classes[NCLASSES];

enum kind { NOT_OURS, SMALL, LARGE };

/* What heap_usage() reports, kept under the heap's lock. */
static struct heap_usage usage;

/*
 * Everything below runs between these.  The kernel's scheduler provides
 * the lock (kernel/sched/mm_locks.c: a spinlock that masks interrupts);
 * the host tests have none and get these empty weak definitions, which
 * the kernel's override.  (Called unconditionally: a test of a weak
 * reference would cost each call site a translated block more at boot.)
 * This lock is held while calling the page allocator, which has its own.
 */
void mm_heap_lock(void);
void mm_heap_unlock(void);

__attribute__((weak)) void mm_heap_lock(void)
{
}

__attribute__((weak)) void mm_heap_unlock(void)
{
}

static inline void mm_lock(void)
{
	mm_heap_lock();
}

static inline void mm_unlock(void)
{
	mm_heap_unlock();
}

static uint32_t tag_of(uint32_t magic, const void *hdr)
{
	return magic ^ (uint32_t)((uintptr_t)hdr >> PAGE_SHIFT);
}

static size_t page_round(size_t n)
{
	return (n + PAGE_SIZE - 1) & ~(PAGE_SIZE - 1);
}

static unsigned order_of_pages(size_t npages)
{
	unsigned k = 0;

	while (((size_t)1 << k) < npages)
		k++;
	return k;
}

/* The smallest class holding size bytes; size <= SMALL_MAX. */
static unsigned class_of(size_t size)
{
	return class_by_units[(size + 15) / 16];
}

static unsigned objects_per_slab(unsigned cls)
{
	return SLAB_SPACE / class_size[cls];
}

/* Whether the slab has an object to hand out. */
static bool has_room(const struct slab *s)
{
	return s->free || s->fresh < objects_per_slab(s->cls);
}

static uintptr_t object_addr(const struct slab *s, unsigned i)
{
	return (uintptr_t)s + PAGE_SIZE - (i + 1) * class_size[s->cls];
}

/* Index of the object starting at p, or -1 if none does. */
static int object_index(const struct slab *s, uintptr_t p)
{
	uintptr_t end = (uintptr_t)s + PAGE_SIZE;
	size_t size = class_size[s->cls];
	size_t back = end - p;

	/* Past the last object, the next would overlap the header. */
	if (p < (uintptr_t)s + SLAB_HDR || p >= end || back % size)
		return -1;
	return (int)(back / size) - 1;
}

static bool used_bit(const struct slab *s, unsigned i)
{
	return s->used[i / 64] >> (i % 64) & 1;
}

static void flip_used_bit(struct slab *s, unsigned i)
{
	s->used[i / 64] ^= (uint64_t)1 << (i % 64);
}

static void partial_push(struct slab **head, struct slab *s)
{
	s->prev = NULL;
	s->next = *head;
	if (s->next)
		s->next->prev = s;
	*head = s;
}

static void partial_remove(struct slab **head, struct slab *s)
{
	if (s->prev)
		s->prev->next = s->next;
	else
		*head = s->next;
	if (s->next)
		s->next->prev = s->prev;
}

static struct slab *slab_create(unsigned cls)
{
	struct slab *s = page_alloc(0);

	if (!s)
		return NULL;
	__builtin_memset(s, 0, sizeof(*s));
	s->tag = tag_of(SLAB_MAGIC, s);
	s->cls = cls;
	usage.held += PAGE_SIZE;
	return s;
}

static void slab_release(struct slab *s)
{
	s->tag = 0;
	usage.held -= PAGE_SIZE;
	page_free(s, 0);
}

/* The head of the partial list, refilled from the spare or a new slab. */
static struct slab *slab_with_room(unsigned cls)
{
	struct slab *s = classes[cls].partial;

	if (s)
		return s;
	s = classes[cls].spare;
	classes[cls].spare = NULL;
	if (!s)
		s = slab_create(cls);
	if (s)
		partial_push(&classes[cls].partial, s);
	return s;
}

static void *slab_alloc(unsigned cls)
{
	struct slab *s = slab_with_room(cls);
	void *obj;
	int i;

	if (!s)
		return NULL;
	obj = s->free;
	if (obj) {
		i = object_index(s, (uintptr_t)obj);
		if (i < 0 || i >= s->fresh || used_bit(s, i)) {
			mm_corruption("heap: slab free list overwritten", obj);
			return NULL;
		}
		s->free = *(void **)obj;
	} else {
		i = s->fresh++; /* on the partial list: there is one */
		obj = (void *)object_addr(s, i);
	}
	flip_used_bit(s, i);
	s->inuse++;
	usage.in_use += class_size[cls];
	if (!has_room(s))
		partial_remove(&classes[cls].partial, s);
	return obj;
}

static void slab_free(struct slab *s, void *p)
{
	int i = object_index(s, (uintptr_t)p);
	bool was_full = !has_room(s);

	if (i < 0) {
		mm_corruption("heap_free: pointer into the middle of an object",
			      p);
		return;
	}
	if (!used_bit(s, i)) {
		mm_corruption("heap_free: double free", p);
		return;
	}
	flip_used_bit(s, i);
	usage.in_use -= class_size[s->cls];
	*(void **)p = s->free;
	s->free = p;
	s->inuse--;
	if (was_full)
		partial_push(&classes[s->cls].partial, s);
	if (s->inuse)
		return;
	partial_remove(&classes[s->cls].partial, s);
	if (classes[s->cls].spare)
		slab_release(s);
	else
		classes[s->cls].spare = s;
}

/*
 * The data starts data_off bytes into the run's first page, where the header
 * is; for alignments above a page the run starts align - PAGE_SIZE into an
 * align-aligned block, so that the data lands on the next boundary.
 */
static void *large_alloc(size_t size, size_t align)
{
	size_t off, lead, run;
	unsigned order;
	uintptr_t block, h;
	struct large *l;

	if (size > LARGE_MAX || align > LARGE_MAX)
		return NULL;
	off = align < PAGE_SIZE ? (align > LARGE_HDR ? align : LARGE_HDR)
				: PAGE_SIZE;
	lead = align > PAGE_SIZE ? align - PAGE_SIZE : 0;
	run = page_round(off + size);
	order = order_of_pages((lead + run) >> PAGE_SHIFT);
	if (order > PAGE_ORDER_MAX)
		return NULL;
	block = (uintptr_t)page_alloc(order);
	if (!block)
		return NULL;
	h = block + lead;
	page_free_run((void *)block, lead >> PAGE_SHIFT);
	page_free_run((void *)(h + run),
		      (((size_t)1 << order) - ((lead + run) >> PAGE_SHIFT)));
	l = (struct large *)h;
	l->tag = tag_of(LARGE_MAGIC, l);
	l->data_off = off;
	l->npages = run >> PAGE_SHIFT;
	usage.held += run;
	usage.in_use += run - off;
	return (void *)(h + off);
}

static void large_free(struct large *l)
{
	l->tag = 0;
	usage.held -= l->npages << PAGE_SHIFT;
	usage.in_use -= (l->npages << PAGE_SHIFT) - l->data_off;
	page_free_run(l, l->npages);
}

/* Shrink in place when size still needs a large object; else say no. */
static bool large_resize(struct large *l, size_t size)
{
	size_t npages;

	if (size <= SMALL_MAX || size > LARGE_MAX)
		return false;
	npages = page_round(l->data_off + size) >> PAGE_SHIFT;
	if (npages > l->npages)
		return false;
	page_free_run((char *)l + (npages << PAGE_SHIFT), l->npages - npages);
	usage.held -= (l->npages - npages) << PAGE_SHIFT;
	usage.in_use -= (l->npages - npages) << PAGE_SHIFT;
	l->npages = npages;
	return true;
}

/* Find p's header and what kind of object p is. */
static enum kind kind_of(const void *p, void **hdr)
{
	uintptr_t a = (uintptr_t)p;
	uintptr_t h = (a - 1) & ~(PAGE_SIZE - 1);
	struct slab *s = (struct slab *)h;
	struct large *l = (struct large *)h;

	*hdr = (void *)h;
	if (a <= PAGE_SIZE || a % HEAP_ALIGN)
		return NOT_OURS;
	if (s->tag == tag_of(SLAB_MAGIC, s) && s->cls < NCLASSES)
		return SMALL;
	if (l->tag == tag_of(LARGE_MAGIC, l) && a == h + l->data_off)
		return LARGE;
	return NOT_OURS;
}

static size_t usable_size(enum kind k, void *hdr)
{
	struct large *l = hdr;

	if (k == SMALL)
		return class_size[((struct slab *)hdr)->cls];
	return (l->npages << PAGE_SHIFT) - l->data_off;
}

static void free_object(enum kind k, void *hdr, void *p)
{
	if (k == SMALL)
		slab_free(hdr, p);
	else
		large_free(hdr);
}

/*
 * A small request takes the first class from size's up whose objects are
 * aligned enough (every class is for HEAP_ALIGN, so that is size's own);
 * align is a power of two.
 */
static void *alloc_unlocked(size_t align, size_t size)
{
	unsigned c;

	if (size > SMALL_MAX || align >= PAGE_SIZE)
		return large_alloc(size, align);
	for (c = class_of(size); c < NCLASSES; c++)
		if (!(class_size[c] & (align - 1)))
			return slab_alloc(c);
	return large_alloc(size, align);
}

/*
 * Every allocating entry point comes here: one copy of the locking and
 * of the choice between slab and pages for the boot to translate.
 */
static __attribute__((noinline)) void *alloc_locked(size_t align, size_t size)
{
	void *p;

	mm_lock();
	p = alloc_unlocked(align, size);
	mm_unlock();
	return p;
}

static void *realloc_unlocked(void *p, size_t size)
{
	void *hdr, *q;
	enum kind k = kind_of(p, &hdr);
	size_t old;

	if (k == NOT_OURS) {
		mm_corruption("heap_realloc: not a heap pointer", p);
		return NULL;
	}
	if (k == SMALL && size <= SMALL_MAX &&
	    class_of(size) == ((struct slab *)hdr)->cls)
		return p;
	if (k == LARGE && large_resize(hdr, size))
		return p;
	q = alloc_unlocked(HEAP_ALIGN, size);
	if (!q)
		return NULL;
	old = usable_size(k, hdr);
	__builtin_memcpy(q, p, old < size ? old : size);
	free_object(k, hdr, p);
	return q;
}

void *heap_alloc(size_t size)
{
	return alloc_locked(HEAP_ALIGN, size);
}

void heap_free(void *p)
{
	void *hdr;
	enum kind k;

	if (!p)
		return;
	mm_lock();
	k = kind_of(p, &hdr);
	if (k == NOT_OURS)
		mm_corruption("heap_free: not a heap pointer", p);
	else
		free_object(k, hdr, p);
	mm_unlock();
}

void *heap_realloc(void *p, size_t size)
{
	void *q;

	if (!p)
		return heap_alloc(size);
	mm_lock();
	q = realloc_unlocked(p, size);
	mm_unlock();
	return q;
}

void *heap_calloc(size_t n, size_t size)
{
	size_t bytes;
	void *p;

	if (__builtin_mul_overflow(n, size, &bytes))
		return NULL;
	p = heap_alloc(bytes);
	if (p)
		__builtin_memset(p, 0, bytes);
	return p;
}

void *heap_memalign(size_t align, size_t size)
{
	if (align < sizeof(void *) || (align & (align - 1)))
		return NULL;
	return alloc_locked(align, size);
}

size_t heap_usable_size(void *p)
{
	void *hdr;
	enum kind k;
	size_t n = 0;

	if (!p)
		return 0;
	mm_lock();
	k = kind_of(p, &hdr);
	if (k == NOT_OURS)
		mm_corruption("heap_usable_size: not a heap pointer", p);
	else
		n = usable_size(k, hdr);
	mm_unlock();
	return n;
}

size_t heap_trim(void)
{
	size_t released = 0;

	mm_lock();
	for (unsigned c = 0; c < NCLASSES; c++) {
		if (classes[c].spare) {
			slab_release(classes[c].spare);
			classes[c].spare = NULL;
			released += PAGE_SIZE;
		}
	}
	mm_unlock();
	return released;
}

void heap_usage(struct heap_usage *out)
{
	mm_lock();
	*out = usage;
	out->spare = 0;
	for (unsigned c = 0; c < NCLASSES; c++)
		if (classes[c].spare)
			out->spare += PAGE_SIZE;
	mm_unlock();
}

static bool check_failed(const char *what, const void *p)
{
	mm_corruption(what, p);
	return false;
}

/*
 * The free list, the never-used objects and the bitmap must agree with
 * each other and inuse.
 */
static bool check_slab(const struct slab *s, unsigned cls)
{
	unsigned nobj = objects_per_slab(cls), nfree = 0, nused = 0;

	if (s->tag != tag_of(SLAB_MAGIC, s) || s->cls != cls || s->fresh > nobj)
		return check_failed("heap_check: bad slab header", s);
	for (void *const *obj = s->free; obj; obj = *obj) {
		int i = object_index(s, (uintptr_t)obj);

		if (i < 0 || i >= s->fresh || used_bit(s, i) || ++nfree > nobj)
			return check_failed("heap_check: bad free list", obj);
	}
	for (unsigned i = 0; i < nobj; i++) {
		if (i >= s->fresh && used_bit(s, i))
			return check_failed("heap_check: a never-used object "
					    "marked allocated",
					    (void *)object_addr(s, i));
		nused += used_bit(s, i);
	}
	if (nused != s->inuse || nfree + nused != s->fresh)
		return check_failed("heap_check: bad object counts", s);
	return true;
}

static bool check_class(unsigned cls)
{
	const struct slab *spare = classes[cls].spare;
	size_t n = 0;

	for (const struct slab *s = classes[cls].partial; s; s = s->next) {
		if (!check_slab(s, cls))
			return false;
		if (!has_room(s) || !s->inuse ||
		    (s->next && s->next->prev != s))
			return check_failed("heap_check: bad partial slab", s);
		if (++n > page_alloc_total_bytes() / PAGE_SIZE)
			return check_failed("heap_check: list loops", s);
	}
	if (spare && (!check_slab(spare, cls) || spare->inuse))
		return check_failed("heap_check: bad spare slab", spare);
	return true;
}

/* Each entry of class_by_units[] is the smallest class big enough. */
static bool check_class_table(void)
{
	for (unsigned u = 0; u <= SMALL_MAX / 16; u++) {
		unsigned c = class_by_units[u];

		if (c >= NCLASSES || class_size[c] < u * 16 ||
		    (c > 0 && class_size[c - 1] >= u * 16))
			return check_failed("heap_check: class table wrong",
					    &class_by_units[u]);
	}
	return true;
}

bool heap_check(void)
{
	bool ok = check_class_table();

	mm_lock();
	for (unsigned c = 0; ok && c < NCLASSES; c++)
		ok = check_class(c);
	mm_unlock();
	return ok;
}
