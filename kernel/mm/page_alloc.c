/*
 * Physical page allocator: a binary buddy system.
 *
 * Free memory is kept as blocks of 2^order pages, each aligned to its own
 * size, on one doubly linked list per order.  A block's buddy is found by
 * flipping one address bit, so splitting on allocation and merging on free
 * take one step per order: both are O(PAGE_ORDER_MAX).
 *
 * The list links and the order live in the first bytes of each free block,
 * since free RAM costs nothing to use.  But a merge must not trust memory it
 * does not own: a buddy that is allocated may hold anything.  So whether a
 * page is the first page of a free block is recorded outside the blocks, in
 * one bit per page, and a block's header is read only when its bit is set.
 * Those bits also make a double free cheap to catch: a block being freed
 * must not lie inside a free block, whose first page can only be its address
 * rounded down to some order, so at most PAGE_ORDER_MAX + 1 bits need
 * testing (free blocks inside it are looked for only in small blocks).
 *
 * The bits are grouped by "chunk", a 64 MiB aligned piece of the address
 * space.  A chunk's descriptor (its base and its 16384 bits) fits in one
 * page, which is taken from memory already free or else from the range being
 * added, so any range of at least one page can be accepted and nothing is
 * needed from the heap.  Descriptors are found through a static hash table
 * of 1024 buckets keyed by chunk number: every chunk below 64 GiB has a
 * bucket to itself, making the lookup one load and one compare; beyond that
 * short chains keep it correct.  The cost is 4 KiB per 64 MiB chunk touched
 * (64 bytes per MiB) plus the 8 KiB table.
 *
 * Ranges may arrive in any order: each one is trimmed to whole pages, cut
 * into the largest aligned blocks that fit and freed like any block, so it
 * merges with neighbours that arrived earlier.
 */
#include "mm.h"

#define CHUNK_SHIFT 26
#define CHUNK_SIZE ((uintptr_t)1 << CHUNK_SHIFT)
#define CHUNK_PAGES (CHUNK_SIZE >> PAGE_SHIFT)
#define CHUNK_BUCKETS 1024
#define FREE_MAGIC ((uintptr_t)0x6672656570616765) /* "freepage" */

struct chunk {
	uintptr_t base;
	struct chunk *next; /* in the same hash bucket */
	uint64_t free_head[CHUNK_PAGES / 64];
};

_Static_assert(sizeof(struct chunk) <= PAGE_SIZE,
	       "a chunk descriptor must fit in the page it is given");

/* Lives in the first bytes of every free block. */
struct free_block {
	struct free_block *next, *prev;
	/* FREE_MAGIC ^ own address: catches stray writes into free memory */
	uintptr_t tag;
	unsigned order;
};

static struct chunk *chunk_table[CHUNK_BUCKETS];
static struct free_block *free_lists[PAGE_ORDER_MAX + 1];
static size_t free_block_count[PAGE_ORDER_MAX + 1];
static size_t free_pages, total_pages, meta_pages;

/*
 * Everything below runs between these.  They are empty while the kernel has
 * one CPU and interrupt handlers do not allocate; a spinlock goes here later.
 * The heap has its own pair and calls in here with it held, so the two must
 * stay distinct locks (heap first, then pages).
 */
static inline void mm_lock(void)
{
}

static inline void mm_unlock(void)
{
}

static uintptr_t block_bytes(unsigned order)
{
	return (uintptr_t)PAGE_SIZE << order;
}

static struct chunk *chunk_find(uintptr_t a)
{
	uintptr_t base = a & ~(CHUNK_SIZE - 1);
	struct chunk *c = chunk_table[(a >> CHUNK_SHIFT) % CHUNK_BUCKETS];

	while (c && c->base != base)
		c = c->next;
	return c;
}

/*
 * The chunk of a, reusing c if a lies in it: a block's buddies and enclosing
 * blocks share its chunk up to 64 MiB, so loops over them look up only once.
 */
static struct chunk *chunk_near(struct chunk *c, uintptr_t a)
{
	return c && a - c->base < CHUNK_SIZE ? c : chunk_find(a);
}

static void chunk_insert(struct chunk *c, uintptr_t base)
{
	struct chunk **bucket =
	    &chunk_table[(base >> CHUNK_SHIFT) % CHUNK_BUCKETS];

	__builtin_memset(c, 0, sizeof(*c));
	c->base = base;
	c->next = *bucket;
	*bucket = c;
}

static uint64_t *head_bit(struct chunk *c, uintptr_t a, uint64_t *mask)
{
	uintptr_t page = (a - c->base) >> PAGE_SHIFT;

	*mask = (uint64_t)1 << (page % 64);
	return &c->free_head[page / 64];
}

static void set_head_bit(uintptr_t a, bool on)
{
	uint64_t mask;
	uint64_t *word = head_bit(chunk_find(a), a, &mask);

	*word = on ? *word | mask : *word & ~mask;
}

static bool is_head_in(struct chunk *c, uintptr_t a)
{
	uint64_t mask;

	return c && (*head_bit(c, a, &mask) & mask);
}

static bool is_free_head(uintptr_t a)
{
	return is_head_in(chunk_find(a), a);
}

static bool header_ok(const struct free_block *b, unsigned order)
{
	return b->tag == (FREE_MAGIC ^ (uintptr_t)b) && b->order == order;
}

/* The free block starting at a, which lies in chunk c, or NULL. */
static struct free_block *free_block_in(struct chunk *c, uintptr_t a)
{
	struct free_block *b = (struct free_block *)a;

	if (!is_head_in(c, a))
		return NULL;
	if (b->tag != (FREE_MAGIC ^ a) || b->order > PAGE_ORDER_MAX) {
		mm_corruption("page_alloc: free page overwritten", b);
		return NULL;
	}
	return b;
}

static struct free_block *free_block_at(uintptr_t a)
{
	return free_block_in(chunk_find(a), a);
}

static void push_free(uintptr_t a, unsigned order)
{
	struct free_block *b = (struct free_block *)a;

	set_head_bit(a, true);
	b->tag = FREE_MAGIC ^ a;
	b->order = order;
	b->prev = NULL;
	b->next = free_lists[order];
	if (b->next)
		b->next->prev = b;
	free_lists[order] = b;
	free_block_count[order]++;
}

static void unlink_free(struct free_block *b)
{
	set_head_bit((uintptr_t)b, false);
	if (b->prev)
		b->prev->next = b->next;
	else
		free_lists[b->order] = b->next;
	if (b->next)
		b->next->prev = b->prev;
	free_block_count[b->order]--;
	/* A stale tag in handed-out memory must never pass for a live one. */
	b->tag = 0;
}

static void *alloc_block(unsigned order)
{
	unsigned k = order;
	struct free_block *b;
	uintptr_t a;

	while (k <= PAGE_ORDER_MAX && !free_lists[k])
		k++;
	if (k > PAGE_ORDER_MAX)
		return NULL;
	b = free_lists[k];
	a = (uintptr_t)b;
	if (!is_free_head(a) || !header_ok(b, k)) {
		mm_corruption("page_alloc: free list corrupt", b);
		return NULL;
	}
	unlink_free(b);
	while (k > order) {
		k--;
		push_free(a + block_bytes(k), k);
	}
	free_pages -= (size_t)1 << order;
	return b;
}

/*
 * Whether the block at a lies in a free block, or one starts where it does.
 * A free block holding a starts at a rounded down to that block's order, so
 * it is one of the distinct heads got by clearing a's address bits from the
 * lowest set one upwards.  The first free head met settles it: if its block
 * stops short of a, a bigger one around a would overlap it, and free blocks
 * are disjoint.
 */
static bool starts_in_free_block(uintptr_t a, unsigned order)
{
	uintptr_t bits =
	    a & (block_bytes(PAGE_ORDER_MAX) - 1) & ~(block_bytes(order) - 1);
	struct chunk *c = chunk_find(a);

	if (is_head_in(c, a))
		return true;
	for (; bits; bits &= bits - 1) {
		uintptr_t head = a & ~((bits ^ (bits - 1)));
		struct free_block *b;

		c = chunk_near(c, head);
		b = free_block_in(c, head);
		if (b)
			return head + block_bytes(b->order) > a;
	}
	return false;
}

/*
 * Whether a free block starts anywhere in the block at a.  Only blocks of up
 * to 64 pages are looked at, whose bits share one word: this stays O(1).
 */
static bool has_free_inside(uintptr_t a, unsigned order)
{
	unsigned pages = 1u << order;
	uint64_t mask, *word;

	if (pages > 64)
		return false;
	word = head_bit(chunk_find(a), a, &mask);
	return *word &
	       (pages == 64 ? ~(uint64_t)0 : mask * ((1ull << pages) - 1));
}

static void merge_and_push(uintptr_t a, unsigned order)
{
	struct chunk *c = NULL;

	while (order < PAGE_ORDER_MAX) {
		uintptr_t buddy_addr = a ^ block_bytes(order);
		struct free_block *buddy;

		c = chunk_near(c, buddy_addr);
		buddy = free_block_in(c, buddy_addr);

		if (!buddy || buddy->order != order)
			break;
		unlink_free(buddy);
		a &= ~block_bytes(order);
		order++;
	}
	push_free(a, order);
}

/* Whether every chunk the block touches has a descriptor. */
static bool chunks_known(uintptr_t a, unsigned order)
{
	for (uintptr_t off = 0; off < block_bytes(order); off += CHUNK_SIZE)
		if (!chunk_find(a + off))
			return false;
	return true;
}

static void free_block(uintptr_t a, unsigned order)
{
	if (order > PAGE_ORDER_MAX || !a || (a & (block_bytes(order) - 1))) {
		mm_corruption("page_free: misaligned block", (void *)a);
		return;
	}
	if (!chunks_known(a, order)) {
		mm_corruption("page_free: not managed memory", (void *)a);
		return;
	}
	if (starts_in_free_block(a, order) || has_free_inside(a, order)) {
		mm_corruption("page_free: block is already free", (void *)a);
		return;
	}
	free_pages += (size_t)1 << order;
	merge_and_push(a, order);
}

/* The order of the largest aligned block that starts at s and ends by e. */
static unsigned fit_order(uintptr_t s, uintptr_t e)
{
	unsigned k = 0;

	while (k < PAGE_ORDER_MAX && !(s & block_bytes(k)) &&
	       e - s >= block_bytes(k + 1))
		k++;
	return k;
}

/* Free the page-aligned [s, e) as the fewest aligned blocks. */
static void free_range(uintptr_t s, uintptr_t e)
{
	while (s < e) {
		unsigned k = fit_order(s, e);

		free_block(s, k);
		s += block_bytes(k);
	}
}

/* [s, e) is page-aligned, non-empty and within one chunk. */
static void add_chunk_piece(uintptr_t s, uintptr_t e)
{
	uintptr_t base = s & ~(CHUNK_SIZE - 1);
	struct chunk *c;

	total_pages += (e - s) >> PAGE_SHIFT;
	if (!chunk_find(base)) {
		/*
		 * The smallest free block is the cheapest page to spend;
		 * only the very first range has to pay from itself.
		 */
		c = alloc_block(0);
		if (!c) {
			c = (struct chunk *)s;
			s += PAGE_SIZE;
		}
		chunk_insert(c, base);
		meta_pages++;
	}
	free_range(s, e);
}

void page_alloc_add_range(uintptr_t start, uintptr_t end)
{
	uintptr_t s, e;

	if (start > UINTPTR_MAX - PAGE_SIZE)
		return;
	s = (start + PAGE_SIZE - 1) & ~(PAGE_SIZE - 1);
	e = end & ~(PAGE_SIZE - 1);
	if (s == 0)
		s = PAGE_SIZE;
	mm_lock();
	while (s < e) {
		uintptr_t chunk_end = (s | (CHUNK_SIZE - 1)) + 1;
		uintptr_t piece_end =
		    chunk_end && chunk_end < e ? chunk_end : e;

		add_chunk_piece(s, piece_end);
		s = piece_end;
	}
	mm_unlock();
}

void *page_alloc(unsigned order)
{
	void *p = NULL;

	if (order > PAGE_ORDER_MAX)
		return NULL;
	mm_lock();
	p = alloc_block(order);
	mm_unlock();
	return p;
}

void page_free(void *p, unsigned order)
{
	mm_lock();
	free_block((uintptr_t)p, order);
	mm_unlock();
}

void page_free_run(void *p, size_t npages)
{
	uintptr_t a = (uintptr_t)p;

	if (!npages)
		return;
	if ((a & (PAGE_SIZE - 1)) || npages > (UINTPTR_MAX - a) >> PAGE_SHIFT) {
		mm_corruption("page_free_run: bad range", p);
		return;
	}
	mm_lock();
	free_range(a, a + (npages << PAGE_SHIFT));
	mm_unlock();
}

size_t page_alloc_free_bytes(void)
{
	return free_pages << PAGE_SHIFT;
}

size_t page_alloc_total_bytes(void)
{
	return total_pages << PAGE_SHIFT;
}

size_t page_alloc_meta_bytes(void)
{
	return meta_pages << PAGE_SHIFT;
}

size_t page_alloc_free_blocks(unsigned order)
{
	return order <= PAGE_ORDER_MAX ? free_block_count[order] : 0;
}

static bool check_failed(const char *what, const void *p)
{
	mm_corruption(what, p);
	return false;
}

/* Checks one free list; adds its blocks and pages to the totals. */
static bool check_list(unsigned k, size_t *blocks, size_t *pages)
{
	size_t n = 0;

	for (struct free_block *b = free_lists[k]; b; b = b->next) {
		uintptr_t a = (uintptr_t)b;
		struct free_block *buddy;

		if (!is_free_head(a) || !header_ok(b, k))
			return check_failed("check: listed block not free", b);
		if (a & (block_bytes(k) - 1))
			return check_failed("check: misaligned block", b);
		if (b->next && b->next->prev != b)
			return check_failed("check: broken list link", b);
		buddy = k < PAGE_ORDER_MAX ? free_block_at(a ^ block_bytes(k))
					   : NULL;
		if (buddy && buddy->order == k)
			return check_failed("check: unmerged buddies", b);
		if (++n > total_pages)
			return check_failed("check: list loops", b);
	}
	if (n != free_block_count[k])
		return check_failed("check: wrong block count", free_lists[k]);
	*blocks += n;
	*pages += n << k;
	return true;
}

/* Counts the set bits of every chunk, i.e. the free blocks they claim. */
static size_t count_head_bits(void)
{
	size_t n = 0;

	for (unsigned i = 0; i < CHUNK_BUCKETS; i++)
		for (struct chunk *c = chunk_table[i]; c; c = c->next)
			for (unsigned w = 0; w < CHUNK_PAGES / 64; w++)
				for (uint64_t x = c->free_head[w]; x;
				     x &= x - 1)
					n++;
	return n;
}

bool page_alloc_check(void)
{
	size_t blocks = 0, pages = 0;
	bool ok = true;

	mm_lock();
	for (unsigned k = 0; ok && k <= PAGE_ORDER_MAX; k++)
		ok = check_list(k, &blocks, &pages);
	if (ok && pages != free_pages)
		ok = check_failed("check: free page count is off", NULL);
	if (ok && count_head_bits() != blocks)
		ok = check_failed("check: stray free-head bits", NULL);
	mm_unlock();
	return ok;
}
