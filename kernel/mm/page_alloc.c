/*
 * Physical page allocator: a binary buddy system that carves the RAM it is
 * given into blocks only as allocations need them.
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
 * page.  Descriptors are found through a static hash table of 1024 buckets
 * keyed by chunk number: every chunk below 64 GiB has a bucket to itself,
 * making the lookup one load and one compare; beyond that short chains keep
 * it correct.  The cost is 4 KiB per 64 MiB chunk (64 bytes per MiB) plus
 * the 8 KiB table.
 *
 * Pending ranges.  Cutting a range into blocks when it arrives writes a
 * header every few MiB across all of RAM, and a hypervisor that backs guest
 * RAM on first touch (QEMU with transparent huge pages: 100-200 us per
 * 2 MiB) then makes boot time grow with RAM size.  So
 * page_alloc_add_range() writes nothing into the range: it only records it
 * in a small sorted table of pending ranges, merged with a pending range it
 * touches.  Pending memory counts as free; it is carved into blocks when
 * page_alloc() finds no free block big enough.  Then the lowest pending
 * range that can help gives up the largest aligned block at its start that
 * fits in it and is no bigger than the order asked for; that block is freed
 * like any other (merging with free neighbours), and this repeats until a
 * big enough block is free.  Carving no more than was asked for matches a
 * buddy split: what stays pending is exactly the blocks a split would have
 * put on the free lists, not yet written.  And since free lists are tried
 * first, memory already touched is reused before new memory is touched:
 * touched memory grows with what is allocated, not with RAM.
 *
 * A range can help with order k if it holds an aligned block of order k,
 * or if the page just below or just above it is free: pending ranges never
 * touch each other (they are merged), so that is the only way carving it can
 * complete a block of order k by merging.  So page_alloc() returns NULL only
 * if no block of order k could be formed even by carving everything, and
 * a doomed request (a block bigger than RAM) carves nothing.  A range that
 * holds a block of order k gives it after fewer than k smaller blocks,
 * which stay free for later requests.
 *
 * While nothing at all is listed (through the boot, typically), a request
 * skips the carving: the first aligned block of the order in the lowest
 * range holding one is handed out directly, and the pages before and after
 * it stay pending as two ranges.  With no free block around, carving would
 * only have listed the block to unlist it, and listed the smaller blocks
 * before it without need.  A descriptor needed then takes its page from
 * pending memory in a chunk already known (what such takes left), else
 * from the start of the range.  (A full table, or a block bigger than a
 * chunk, goes the general way.)
 *
 * Pending memory has no head bits, so merges and the double-free checks
 * never read it; page_free() also looks the block up in the pending table
 * (a binary search), since a pending page is free already.
 *
 * The chunk that holds the start of the first range ever added gets a
 * static descriptor at once (2 KiB of the kernel's data, no page of the
 * range and no reservation): the boot's first allocations are there, and
 * making a descriptor is code the boot would otherwise run once (under
 * TCG, what a boot costs).  Every other chunk's descriptor is a page, as
 * below.
 *
 * A chunk's descriptor is made when a block in it is first carved, for
 * every chunk a carved block covers, so all carved memory has one.  Its page
 * is the smallest free block (splitting keeps the big ones) or, when
 * nothing is free, the first page of the range being carved.  So that the
 * free byte count does not drop when an allocation happens to carve a new
 * chunk, a page is reserved (counted as bookkeeping, not as free) for each
 * chunk that holds pending memory but has no descriptor yet.
 *
 * The table holds PENDING_MAX ranges, more than the boot code can produce
 * (BOOT_MAX_RAM ranges, cut by a few reserved ones).  A range that would
 * not fit has the smallest range carved at once, the eager way.
 *
 * Held ranges.  Programs linked at a fixed address (ET_EXEC, typically
 * from 0x400000) need exactly those frames, as physical memory is
 * identity-mapped.  So RAM below hold_end (page_alloc_hold_below()) is
 * not pending but held: kept aside, counted as free, untouched, and given
 * to the pending table only when a page_alloc() finds nothing else
 * (release_held(), off the hot path).  Not for page_alloc_try(): a caller
 * with a smaller order to fall back to (ramfs's multi-page appends) would
 * otherwise release it all on fragmentation alone, and an ET_EXEC loaded
 * later would find its frames gone.  Its last, order-0 request is a
 * page_alloc(), which releases only when memory is really short.
 * Until then page_alloc_claim() takes exact frames out of a held range
 * (a claim that splits one when the table is full first hands the
 * smallest other one to the pending table: held ranges come from the
 * boot and from freed initrd pages, so small ones can fill it).  Claimed frames
 * are never given back: their chunk may have no descriptor.  Held memory
 * reserves no descriptor page either, so its release costs the free count a
 * page per chunk it brings.  Like pending memory it is free already, so a
 * page_free() of it is reported; its chunk may have a descriptor (a line
 * inside a chunk, or a range held after a release), so the head bits
 * would not tell.  That costs page_free() one compare above hold_end.
 *
 * Costs: page_alloc_add_range() is O(PENDING_MAX) and writes nothing into
 * the range.  page_alloc() is O(PAGE_ORDER_MAX) when a big enough block is
 * free; otherwise each carving step (one block, or one descriptor page)
 * costs O(PAGE_ORDER_MAX) plus a scan of the table.  A range holding a
 * block of the order yields it within PAGE_ORDER_MAX steps plus one per
 * chunk the block covers (16 for 1 GiB); a range that helps only by merging
 * is smaller than two blocks of the order, so about 2 * PAGE_ORDER_MAX steps
 * use it up, and it is gone from the table afterwards.
 */
#include "mm.h"

#define CHUNK_SHIFT 26
#define CHUNK_SIZE ((uintptr_t)1 << CHUNK_SHIFT)
#define CHUNK_PAGES (CHUNK_SIZE >> PAGE_SHIFT)
#define CHUNK_BUCKETS 1024
#define FREE_MAGIC ((uintptr_t)0x6672656570616765) /* "freepage" */
#define PENDING_MAX 128
#define HELD_MAX 8

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

/* Page-aligned, non-empty; the table is sorted and no two touch. */
struct pending_range {
	uintptr_t start, end;
};

static struct chunk *chunk_table[CHUNK_BUCKETS];
static struct chunk first_chunk; /* the first range's first chunk's */
static struct free_block *free_lists[PAGE_ORDER_MAX + 1];
static size_t free_block_count[PAGE_ORDER_MAX + 1];
/* One slot to spare: a range is inserted before the table is trimmed. */
static struct pending_range pending[PENDING_MAX + 1];
static unsigned npending;
/* Unsorted, disjoint; see "Held ranges" above. */
static struct pending_range held[HELD_MAX];
static unsigned nheld;
static uintptr_t hold_end;
static bool first_chunk_given;
/*
 * Free RAM is listed_pages + pending_pages + held_pages - reserved_pages;
 * bookkeeping is meta_pages (descriptors made) + reserved_pages
 * (descriptors to come).
 */
static size_t listed_pages, pending_pages, held_pages, reserved_pages;
static size_t total_pages, meta_pages;

/*
 * Everything below runs between these.  The kernel's scheduler provides
 * the lock (kernel/sched/mm_locks.c: a spinlock that masks interrupts);
 * the host tests have none and get these empty weak definitions, which
 * the kernel's override.  (Called unconditionally: a test of a weak
 * reference would cost each call site a translated block more at boot.)
 * The heap has its own pair and calls in here with it held, so the two
 * must stay distinct locks (heap first, then pages).
 */
void mm_page_lock(void);
void mm_page_unlock(void);

__attribute__((weak)) void mm_page_lock(void)
{
}

__attribute__((weak)) void mm_page_unlock(void)
{
}

static inline void mm_lock(void)
{
	mm_page_lock();
}

static inline void mm_unlock(void)
{
	mm_page_unlock();
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

/* Whether a listed block of this order or a bigger one is free. */
static bool listed_at_least(unsigned order)
{
	for (unsigned k = order; k <= PAGE_ORDER_MAX; k++)
		if (free_lists[k])
			return true;
	return false;
}

/* From the free lists only: never carves. */
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
	listed_pages -= (size_t)1 << order;
	return b;
}

/*
 * Whether the block at a lies in a free block, or one starts where it does.
 * A free block holding a starts at a rounded down to that block's order, so
 * it is one of the distinct heads got by clearing a's address bits from the
 * lowest set one upwards.  The first free head met settles it: if its block
 * stops short of a, a bigger one around a would overlap it, and free blocks
 * are disjoint.  Pending memory is not looked at.
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

/* The index of the first pending range that ends after a, or npending. */
static unsigned pending_after(uintptr_t a)
{
	unsigned lo = 0, hi = npending;

	while (lo < hi) {
		unsigned mid = (lo + hi) / 2;

		if (pending[mid].end > a)
			hi = mid;
		else
			lo = mid + 1;
	}
	return lo;
}

/* Whether any of [a, a + len) is pending; len > 0 and a + len does not wrap. */
static bool is_pending(uintptr_t a, uintptr_t len)
{
	unsigned i = pending_after(a);

	return i < npending && pending[i].start < a + len;
}

/* Whether any of [a, a + len) is held; one compare above hold_end. */
static bool is_held(uintptr_t a, uintptr_t len)
{
	for (unsigned i = 0; a < hold_end && i < nheld; i++)
		if (a < held[i].end && held[i].start < a + len)
			return true;
	return false;
}

static void free_block(uintptr_t a, unsigned order)
{
	if (order > PAGE_ORDER_MAX || !a || (a & (block_bytes(order) - 1))) {
		mm_corruption("page_free: misaligned block", (void *)a);
		return;
	}
	/*
	 * Checked first: pending memory may lie in chunks not yet known.
	 * Held memory is free too, and its chunk may be known.
	 */
	if (is_pending(a, block_bytes(order)) ||
	    is_held(a, block_bytes(order))) {
		mm_corruption("page_free: block is already free", (void *)a);
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
	listed_pages += (size_t)1 << order;
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

static void pending_remove(unsigned i)
{
	npending--;
	for (; i < npending; i++)
		pending[i] = pending[i + 1];
}

static void pending_insert(unsigned i, uintptr_t s, uintptr_t e)
{
	for (unsigned j = npending; j > i; j--)
		pending[j] = pending[j - 1];
	pending[i] = (struct pending_range){s, e};
	npending++;
}

/* Takes the first page of pending range i; true if that emptied it. */
static bool take_pending_page(unsigned i, uintptr_t *page)
{
	*page = pending[i].start;
	pending[i].start += PAGE_SIZE;
	pending_pages--;
	if (pending[i].start < pending[i].end)
		return false;
	pending_remove(i);
	return true;
}

/* The page turns from a reservation into the descriptor of chunk base. */
static void make_chunk(uintptr_t page, uintptr_t base)
{
	chunk_insert((struct chunk *)page, base);
	reserved_pages--;
	meta_pages++;
}

/*
 * Gives every chunk of the block at a descriptor; a is the start of pending
 * range i.  The pages come from the free lists while they last; if they run
 * out, the range's first page is taken, which moves the block, so false
 * tells the caller to look again.  *emptied says whether range i is gone.
 */
static bool chunks_ready(unsigned i, uintptr_t a, unsigned order, bool *emptied)
{
	for (uintptr_t off = 0; off < block_bytes(order); off += CHUNK_SIZE) {
		uintptr_t base = (a + off) & ~(CHUNK_SIZE - 1);
		uintptr_t page;

		if (chunk_find(base))
			continue;
		page = (uintptr_t)alloc_block(0);
		if (!page) {
			*emptied = take_pending_page(i, &page);
			make_chunk(page, base);
			return false;
		}
		make_chunk(page, base);
	}
	return true;
}

/*
 * One carving step on pending range i: its first block, no bigger than
 * 2^cap pages, goes to the free lists (or a page of it to a descriptor).
 * Returns whether the range was used up and removed.
 */
static bool carve_step(unsigned i, unsigned cap)
{
	uintptr_t a = pending[i].start;
	unsigned k = fit_order(a, pending[i].end);
	bool emptied = false;

	if (k > cap)
		k = cap;
	if (!chunks_ready(i, a, k, &emptied))
		return emptied;
	pending[i].start += block_bytes(k);
	pending_pages -= (size_t)1 << k;
	if (pending[i].start == pending[i].end) {
		pending_remove(i);
		emptied = true;
	}
	/* Only an add_range() overlapping carved memory gets here. */
	if (starts_in_free_block(a, k) || has_free_inside(a, k)) {
		mm_corruption("page_alloc: added range overlaps free memory",
			      (void *)a);
		return emptied;
	}
	listed_pages += (size_t)1 << k;
	merge_and_push(a, k);
	return emptied;
}

/* Whether the page at a is part of a carved free block. */
static bool page_is_listed(uintptr_t a)
{
	return starts_in_free_block(a, 0);
}

/* Whether carving pending range r can complete a block of the order. */
static bool range_can_help(const struct pending_range *r, unsigned order)
{
	uintptr_t size = block_bytes(order);
	uintptr_t first = (r->start + size - 1) & ~(size - 1);

	if (first >= r->start && first < r->end && r->end - first >= size)
		return true;
	return ((r->start & (size - 1)) &&
		page_is_listed(r->start - PAGE_SIZE)) ||
	       ((r->end & (size - 1)) && page_is_listed(r->end));
}

/* Carves until a block of the order is listed; false if none can be. */
static bool carve_for(unsigned order)
{
	while (!listed_at_least(order)) {
		unsigned i = 0;

		while (i < npending && !range_can_help(&pending[i], order))
			i++;
		if (i == npending)
			return false;
		carve_step(i, order);
	}
	return true;
}

/* The table overflowed: the smallest range is carved right away. */
static void carve_smallest(void)
{
	unsigned min = 0;

	for (unsigned i = 1; i < npending; i++)
		if (pending[i].end - pending[i].start <
		    pending[min].end - pending[min].start)
			min = i;
	while (!carve_step(min, PAGE_ORDER_MAX))
		;
}

/*
 * Whether chunk number n already has a descriptor or a reservation, for a
 * range to be inserted at index i of the table: only the ranges next to it
 * can share a chunk with it.
 */
static bool chunk_claimed(uintptr_t n, unsigned i)
{
	return chunk_find(n << CHUNK_SHIFT) ||
	       (i > 0 && (pending[i - 1].end - 1) >> CHUNK_SHIFT == n) ||
	       (i < npending && pending[i].start >> CHUNK_SHIFT == n);
}

/* The pages to reserve for descriptors when [s, e) goes in at index i. */
static size_t new_reservations(uintptr_t s, uintptr_t e, unsigned i)
{
	uintptr_t first = s >> CHUNK_SHIFT, last = (e - 1) >> CHUNK_SHIFT;
	size_t n = last - first + 1;

	/* A chunk strictly inside the range can hold no other memory. */
	if (chunk_claimed(first, i))
		n--;
	if (last != first && chunk_claimed(last, i))
		n--;
	return n;
}

/* [s, e) is page-aligned and non-empty. */
static void add_pending(uintptr_t s, uintptr_t e)
{
	unsigned i = pending_after(s);
	bool joins_prev, joins_next;

	if (i < npending && pending[i].start < e) {
		mm_corruption("page_alloc_add_range: overlaps free memory",
			      (void *)s);
		return;
	}
	if (!first_chunk_given) { /* the first range: its static descriptor */
		first_chunk_given = true;
		first_chunk.base = s & ~(CHUNK_SIZE - 1);
		chunk_table[(s >> CHUNK_SHIFT) % CHUNK_BUCKETS] = &first_chunk;
	}
	reserved_pages += new_reservations(s, e, i);
	total_pages += (e - s) >> PAGE_SHIFT;
	pending_pages += (e - s) >> PAGE_SHIFT;
	joins_prev = i > 0 && pending[i - 1].end == s;
	joins_next = i < npending && pending[i].start == e;
	if (joins_prev && joins_next) {
		pending[i - 1].end = pending[i].end;
		pending_remove(i);
	} else if (joins_prev) {
		pending[i - 1].end = e;
	} else if (joins_next) {
		pending[i].start = s;
	} else {
		pending_insert(i, s, e);
		if (npending > PENDING_MAX)
			carve_smallest();
	}
}

/* Keeps [s, e) aside (see "Held ranges"); false if the table is full. */
static bool hold(uintptr_t s, uintptr_t e)
{
	if (nheld == HELD_MAX)
		return false;
	held[nheld++] = (struct pending_range){s, e};
	held_pages += (e - s) >> PAGE_SHIFT;
	total_pages += (e - s) >> PAGE_SHIFT;
	return true;
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
	if (s >= e)
		return;
	mm_lock();
	if (s < hold_end && hold(s, e < hold_end ? e : hold_end))
		s = e < hold_end ? e : hold_end;
	if (s < e)
		add_pending(s, e);
	mm_unlock();
}

void page_alloc_hold_below(uintptr_t end)
{
	hold_end = end;
}

/* Hands held range i to the pending table; the last takes its slot. */
static void unhold(unsigned i)
{
	struct pending_range r = held[i];
	size_t n = (r.end - r.start) >> PAGE_SHIFT;

	held[i] = held[--nheld];
	held_pages -= n;
	total_pages -= n; /* add_pending() counts them again */
	add_pending(r.start, r.end);
}

/*
 * Releases every held range to the pending table for a request of the
 * order; false if none was, or if a request bigger than all free memory
 * could not use them.
 */
static bool release_held(unsigned order)
{
	if (!nheld ||
	    listed_pages + pending_pages + held_pages < ((size_t)1 << order))
		return false;
	while (nheld)
		unhold(nheld - 1);
	return true;
}

/*
 * Frees a slot of the full table for a claim that splits held range i:
 * the smallest other range goes pending.  Returns i's index afterwards.
 */
static unsigned make_held_slot(unsigned i)
{
	unsigned min = i == 0;

	for (unsigned j = 0; j < nheld; j++)
		if (j != i && held[j].end - held[j].start <
				  held[min].end - held[min].start)
			min = j;
	unhold(min);
	return i == nheld ? min : i;
}

/* Takes [lo, hi) out of the held range holding it whole, if any. */
static bool claim_held(uintptr_t lo, uintptr_t hi)
{
	for (unsigned i = 0; i < nheld; i++) {
		struct pending_range *r = &held[i];
		bool before = r->start < lo, after = hi < r->end;

		if (lo < r->start || r->end < hi)
			continue;
		if (before && after && nheld == HELD_MAX)
			r = &held[make_held_slot(i)];
		if (before && after)
			held[nheld++] = (struct pending_range){hi, r->end};
		if (before)
			r->end = lo;
		else if (after)
			r->start = hi;
		else
			*r = held[--nheld];
		held_pages -= (hi - lo) >> PAGE_SHIFT;
		return true;
	}
	return false;
}

bool page_alloc_claim(uintptr_t lo, uintptr_t hi)
{
	bool ok;

	if ((lo | hi) & (PAGE_SIZE - 1) || lo >= hi)
		return false;
	mm_lock();
	ok = claim_held(lo, hi);
	mm_unlock();
	return ok;
}

/*
 * Takes [a, a + size) out of pending range i, which holds it; the pieces
 * before and after it stay pending.  False if that needs a table slot and
 * there is none.
 */
static bool cut_pending(unsigned i, uintptr_t a, uintptr_t size)
{
	uintptr_t end = pending[i].end;
	bool before = pending[i].start < a, after = a + size < end;

	if (before && after && npending == PENDING_MAX)
		return false;
	pending_pages -= size >> PAGE_SHIFT;
	if (before)
		pending[i].end = a;
	else if (after)
		pending[i].start = a + size;
	else
		pending_remove(i);
	if (before && after)
		pending_insert(i + 1, a + size, end);
	return true;
}

/*
 * Gives the chunk of a, in pending range i, a descriptor.  Its page comes
 * from pending memory left around blocks taken before, as chunks_ready()
 * takes the smallest free block, so that big ranges keep their alignment;
 * else it is the range's own first page.
 */
static void new_descriptor(unsigned i, uintptr_t a)
{
	uintptr_t page;
	unsigned j = 0;

	while (j < npending && !chunk_find(pending[j].start))
		j++;
	take_pending_page(j < npending ? j : i, &page);
	make_chunk(page, a & ~(CHUNK_SIZE - 1));
}

/*
 * page_alloc() while nothing at all is listed, as through the boot: the
 * first aligned block of the order in the lowest range holding one is
 * handed out as it is, and the pages around it stay pending.  The carving
 * loop would instead list the smaller blocks before it (writing their
 * headers) and, with no free buddy to merge with, list and unlist the
 * block itself.  Besides touching less memory, this runs far less code,
 * which is what the boot pays for under TCG: each block of code run once
 * costs its translation.  NULL leaves the request to the general path.
 */
static void *take_first_block(unsigned order)
{
	uintptr_t size = block_bytes(order), first = 0;
	unsigned i;

	if (size > CHUNK_SIZE)
		return NULL;
	/* A loop, not a call again: one copy of the code to translate. */
	for (;;) {
		for (i = 0; i < npending; i++) {
			first = (pending[i].start + size - 1) & ~(size - 1);
			if (first >= pending[i].start &&
			    first < pending[i].end &&
			    pending[i].end - first >= size)
				break;
		}
		if (i == npending)
			return NULL;
		if (chunk_find(first))
			break;
		new_descriptor(i, first);
	}
	return cut_pending(i, first, size) ? (void *)first : NULL;
}

/* page_alloc(), releasing held memory only if may_release. */
static void *alloc_pages(unsigned order, bool may_release)
{
	void *p = NULL;

	if (order > PAGE_ORDER_MAX)
		return NULL;
	mm_lock();
	if (!listed_pages)
		p = take_first_block(order);
	if (!p && carve_for(order))
		p = alloc_block(order);
	if (!p && may_release && release_held(order) && carve_for(order))
		p = alloc_block(order);
	mm_unlock();
	return p;
}

void *page_alloc(unsigned order)
{
	return alloc_pages(order, true);
}

void *page_alloc_try(unsigned order)
{
	return alloc_pages(order, false);
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
	return (listed_pages + pending_pages + held_pages - reserved_pages)
	       << PAGE_SHIFT;
}

size_t page_alloc_total_bytes(void)
{
	return total_pages << PAGE_SHIFT;
}

size_t page_alloc_meta_bytes(void)
{
	return (meta_pages + reserved_pages) << PAGE_SHIFT;
}

size_t page_alloc_pending_bytes(void)
{
	return (pending_pages + held_pages) << PAGE_SHIFT;
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
		if (!chunks_known(a, k))
			return check_failed("check: block in unknown chunk", b);
		if (is_pending(a, block_bytes(k)))
			return check_failed("check: listed block pending", b);
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

/*
 * The pending table: sorted, page-aligned, no two ranges touching, and the
 * page and reservation counts right.  Reads no pending memory.
 */
static bool check_pending(void)
{
	size_t pages = 0, unknown = 0;
	uintptr_t last_chunk = 0;
	bool have_last = false;

	if (npending > PENDING_MAX)
		return check_failed("check: pending table overfull", NULL);
	for (unsigned i = 0; i < npending; i++) {
		const struct pending_range *r = &pending[i];

		if ((r->start | r->end) & (PAGE_SIZE - 1) || !r->start ||
		    r->start >= r->end)
			return check_failed("check: bad pending range",
					    (void *)r->start);
		if (i > 0 && pending[i - 1].end >= r->start)
			return check_failed("check: pending ranges unmerged",
					    (void *)r->start);
		pages += (r->end - r->start) >> PAGE_SHIFT;
		for (uintptr_t n = r->start >> CHUNK_SHIFT;
		     n <= (r->end - 1) >> CHUNK_SHIFT; n++) {
			if (have_last && n == last_chunk)
				continue;
			unknown += !chunk_find(n << CHUNK_SHIFT);
			last_chunk = n;
			have_last = true;
		}
	}
	if (pages != pending_pages)
		return check_failed("check: pending page count is off", NULL);
	if (unknown != reserved_pages)
		return check_failed("check: reservations are off", NULL);
	/* Reserved pages are still pending: they are not extra. */
	if (reserved_pages > pending_pages ||
	    listed_pages + pending_pages + held_pages + meta_pages >
		total_pages)
		return check_failed("check: more pages than were added", NULL);
	return true;
}

bool page_alloc_check(void)
{
	size_t blocks = 0, pages = 0;
	bool ok = true;

	mm_lock();
	for (unsigned k = 0; ok && k <= PAGE_ORDER_MAX; k++)
		ok = check_list(k, &blocks, &pages);
	if (ok && pages != listed_pages)
		ok = check_failed("check: free page count is off", NULL);
	if (ok && count_head_bits() != blocks)
		ok = check_failed("check: stray free-head bits", NULL);
	if (ok)
		ok = check_pending();
	mm_unlock();
	return ok;
}
