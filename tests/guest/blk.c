/*
 * Block device test kernel (tests/guest/virtio_blk.test, ahci.test):
 *   blk write SEED [DEV [UNIT]]  the pattern across the whole disk, then
 *                          flush
 *   blk read SEED [DEV [UNIT]]   reads the whole disk and checks the
 *                          pattern
 *   blk readonly [DEV]     a write must fail with EROFS, a read work
 *   blk odd [DEV]          prints what a read into an odd address gives
 *   blk unaligned [DEV]    a request for sector 1 fails with EINVAL (a
 *                          device of 4096-byte blocks)
 *   blk rmw SEED [DEV]     through the synchronous helpers in pieces
 *                          not of whole blocks: THREADS threads write
 *                          the pattern over the first half, sector by
 *                          sector interleaved (each block written by
 *                          all at once); then, block by block over
 *                          the second half, a whole-block write while
 *                          another thread's write of a sector of that
 *                          block is reading it; then the same with
 *                          the other thread writing bytes of the block
 *                          through /dev/DEV and this one a sector
 *                          through the helper; then pieces of cycling sizes
 *                          write the second half (inside a block,
 *                          across two, up to the disk's end); then the
 *                          whole disk is read back in such pieces and
 *                          checked; prints how many of each kind ran
 *   blk threads SEED [DEV] THREADS threads, each writing the pattern over
 *                          its own part of the disk, then reading it
 *                          back and checking it, all at once
 *   blk stress SEED N [DEV] N reads of 4 KiB at random places of a disk
 *                          holding the pattern, STRESS_DEPTH in flight
 *                          at all times, each checked; a stall (no
 *                          completion for STALL_NS) fails, a pause
 *                          (PAUSE_NS, then completions again: the host
 *                          did not run QEMU) is reported; prints the
 *                          notifications and interrupts it took
 *   blk share OTHER DEV    with interrupts off, fills the queue DEV
 *                          shares with disk OTHER (one controller) with
 *                          OTHER's reads, then reads from DEV: the
 *                          read must start although the queue is full
 *                          (DEV has none of its own to wait for)
 *   blk exitbusy SEED DEV  writes the pattern over the whole disk
 *                          (SLOTS requests at most) and exits while
 *                          they are in flight
 *   blk late DEV           at power-off, after every other quiesce (a
 *                          disk controller's shutdown), writes and reads
 *                          sector 0 of DEV and prints what they give
 *   blk badcid DEV         NVMe: completions the device never posted
 *                          (identifiers out of range, not in flight)
 *                          must end no request (blk_nvme.c)
 *   blk nvmebreak DEV HOW  NVMe: leaves the controller disabled or
 *                          failed for the power-off (blk_nvme.c)
 *   blk both SEED DEV OTHER  THREADS threads at once, all but one
 *                          keeping SLOTS requests each in flight on DEV
 *                          (which fills a queue it shares with disk
 *                          OTHER), one writing and reading OTHER
 *                          through the synchronous helpers; all data
 *                          checked
 *   blk resized 0 DEV      marks sector 1 "WAITING!", then reads
 *                          sector 0 until the host (which resizes the
 *                          disk once it sees the mark) writes
 *                          "RESIZED!" there: every read must succeed
 *                          (the resize's UNIT ATTENTION is retried);
 *                          prints the size, and a read of the first
 *                          sector past the old end (the size re-read)
 *   blk list ...           lists the disks and counts its arguments
 *   blk whole SEED [DEV]   the pattern across the whole disk in one
 *                          synchronous write (the block layer splits it
 *                          by the device's max_sectors), flush, then one
 *                          read of the whole disk, checked; prints how
 *                          many requests each took
 *   blk fault SECTOR [DEV] a one-sector write at SECTOR must fail with
 *                          EIO (the host's drive fails it), then a
 *                          write and a read elsewhere must work
 * Transfers run with up to SLOTS requests in flight, of sizes cycling
 * through SIZES, rounded to multiples of UNIT sectors (1 unless given;
 * a disk of 4096-byte blocks takes 8); the disk is DEV or vblk0.  The
 * kernel sleeps until a request's completion function (run by the
 * device's interrupt) wakes it; it polls only a device without
 * interrupts.
 */
#include <fcntl.h>
#include <stdio.h>
#include <string.h>

#include "app.h"
#include "blk_pattern.h"
#include "blkdev.h"
#include "clock.h"
#include "fs_calls.h"
#include "irq.h"
#include "mm.h"
#include "power_hooks.h"
#include "thread.h"
#if CONF_drivers_nvme
#include "blk_nvme.h"
#endif

#define SLOTS 16
#define MAX_CHUNK 128

static const uint32_t sizes[] = {1, 8, 3, 64, 17, 128, 2, 33, 256};
static uint32_t unit = 1; /* every request a multiple of it */

struct req_slot {
	struct blk_request req;
	bool busy;
	volatile bool ended; /* its completion function ran */
};

static struct waitq ended_wq = WAITQ_INIT;
static volatile unsigned ended_count;

static void on_complete(struct blk_request *r)
{
	struct req_slot *s = r->priv;
	unsigned long flags = spin_lock(&ended_wq.lock);
	s->ended = true;
	ended_count++;
	waitq_wake_locked(&ended_wq, 1 << 30); /* passes of several threads */
	spin_unlock(&ended_wq.lock, flags);
}

struct pass {
	struct blkdev *dev;
	enum blk_op op;
	uint64_t seed, next, end; /* sectors next..end-1 */
	unsigned turn, in_flight, max_in_flight, seen;
	unsigned full; /* submissions refused with EAGAIN */
	int error;
	struct req_slot slots[SLOTS];
};

static uint32_t next_count(struct pass *p)
{
	uint32_t n = sizes[p->turn++ % (sizeof(sizes) / sizeof(sizes[0]))];
	n = n < unit ? unit : n / unit * unit;
	if (n > MAX_CHUNK)
		n = MAX_CHUNK;
	if (n > p->dev->max_sectors)
		n = p->dev->max_sectors;
	if (n > p->end - p->next)
		n = (uint32_t)(p->end - p->next);
	uint32_t block = p->dev->block_sectors ? p->dev->block_sectors : 1;
	return n < block ? block : n - n % block;
}

/* Starts a request in slot s; false when the device's queue is full. */
static bool start(struct pass *p, struct req_slot *s)
{
	struct blk_request *r = &s->req;
	r->op = p->op;
	r->sector = p->next;
	r->count = next_count(p);
	r->complete = on_complete;
	r->priv = s;
	s->ended = false;
	if (p->op == BLK_WRITE)
		blk_pattern_fill(r->buf, r->sector, r->count, p->seed);
	int rc = blkdev_submit(p->dev, r);
	if (rc == -EAGAIN) {
		p->full++;
		return false;
	}
	if (rc) {
		printf("submit at sector %lu: error %d\n", r->sector, rc);
		p->error = rc;
		return false;
	}
	p->next += r->count;
	s->busy = true;
	p->in_flight++;
	return true;
}

static void finish(struct pass *p, struct req_slot *s)
{
	struct blk_request *r = &s->req;
	s->busy = false;
	p->in_flight--;
	if (r->status) {
		printf("request at sector %lu: error %d\n", r->sector,
		       r->status);
		p->error = r->status;
	} else if (p->op == BLK_READ) {
		int64_t bad =
		    blk_pattern_check(r->buf, r->sector, r->count, p->seed);
		if (bad >= 0) {
			printf("pattern wrong at byte %ld\n", bad * 8);
			p->error = -1;
		}
	}
}

static void fill_slots(struct pass *p)
{
	for (unsigned i = 0; i < SLOTS && p->next < p->end; i++)
		if (!p->slots[i].busy && !start(p, &p->slots[i]))
			break;
	if (p->in_flight > p->max_in_flight)
		p->max_in_flight = p->in_flight;
}

/* Until a request ends (sleeping), or one poll of a polled device. */
static void wait_ended(struct pass *p)
{
	if (p->dev->irq_vector < 0) {
		p->dev->ops->poll(p->dev);
		return;
	}
	unsigned long flags = spin_lock(&ended_wq.lock);
	while (ended_count == p->seen && p->in_flight)
		waitq_wait_locked(&ended_wq, THREAD_NO_DEADLINE, false);
	p->seen = ended_count;
	spin_unlock(&ended_wq.lock, flags);
}

static int run_pass(struct pass *p)
{
	for (unsigned i = 0; i < SLOTS; i++)
		p->slots[i].req.buf =
		    heap_alloc(MAX_CHUNK * BLKDEV_SECTOR_SIZE);
	for (unsigned i = 0; i < SLOTS; i++)
		if (!p->slots[i].req.buf)
			p->error = -1; /* freed below, with the others */
	while (!p->error && (p->next < p->end || p->in_flight)) {
		fill_slots(p);
		wait_ended(p);
		for (unsigned i = 0; i < SLOTS; i++)
			if (p->slots[i].busy && p->slots[i].ended)
				finish(p, &p->slots[i]);
	}
	for (unsigned i = 0; i < SLOTS; i++)
		heap_free(p->slots[i].req.buf);
	return p->error;
}

static int transfer(struct blkdev *dev, enum blk_op op, uint64_t seed)
{
	struct pass p = {
	    .dev = dev, .op = op, .seed = seed, .end = dev->sectors};
	uint64_t irqs = dev->irq_vector >= 0 ? irq_count(dev->irq_vector) : 0;
	p.seen = ended_count;
	int rc = run_pass(&p);
	if (dev->irq_vector >= 0)
		irqs = irq_count(dev->irq_vector) - irqs;
	printf("%s: %s, %lu interrupts, %lu polls\n", dev->name,
	       dev->irq_vector >= 0 ? "interrupts" : "polled", irqs,
	       dev->polls);
	printf("%s: %s %lu sectors, up to %u requests in flight: %s\n",
	       dev->name, op == BLK_WRITE ? "wrote" : "read", p.next,
	       p.max_in_flight, rc ? "failed" : "ok");
	if (rc || op != BLK_WRITE)
		return rc ? 1 : 0;
	rc = blkdev_flush(dev);
	printf("%s: flush: %d\n", dev->name, rc);
	return rc ? 1 : 0;
}

static int readonly(struct blkdev *dev)
{
	uint8_t *buf = heap_alloc(BLKDEV_SECTOR_SIZE);
	printf("%s: read-only %s\n", dev->name, dev->read_only ? "yes" : "no");
	int rc = blkdev_write(dev, 0, buf, 1);
	printf("%s: write: %d%s\n", dev->name, rc,
	       rc == -EROFS ? " (EROFS)" : "");
	int rd = blkdev_read(dev, 0, buf, 1);
	printf("%s: read: %d\n", dev->name, rd);
	heap_free(buf);
	return rc == -EROFS && rd == 0 ? 0 : 1;
}

/* One request, submitted and waited for (no splitting, no bounce). */
static int request(struct blkdev *dev, uint64_t sector, void *buf,
		   uint32_t count)
{
	struct blk_request r = {
	    .op = BLK_READ, .sector = sector, .count = count, .buf = buf};
	int rc = blkdev_submit(dev, &r);
	return rc ? rc : blkdev_wait(dev, &r);
}

/* A request not in whole blocks of the device. */
static int unaligned(struct blkdev *dev)
{
	uint8_t *buf = heap_alloc(BLKDEV_SECTOR_SIZE);
	int rd = request(dev, 1, buf, 1);
	printf("%s: blocks of %u sectors, a read of sector 1: %d\n", dev->name,
	       dev->block_sectors, rd);
	heap_free(buf);
	return rd == -EINVAL ? 0 : 1;
}

/*
 * blkdev_io() at byte offsets near the end: past it, across it, its
 * last 100 bytes, none at it, an offset that wraps, and an op that is
 * neither a read nor a write (rewriting the bytes just read, in case
 * it were taken for a write).  0 when each answers as it should.
 */
static int byte_bounds(struct blkdev *dev, uint8_t *buf)
{
	uint64_t size = dev->sectors * BLKDEV_SECTOR_SIZE;
	int past = blkdev_io(dev, BLK_READ, size + 1, buf, 0);
	int across = blkdev_io(dev, BLK_READ, size - 100, buf, 101);
	int last = blkdev_io(dev, BLK_READ, size - 100, buf, 100);
	int none = blkdev_io(dev, BLK_READ, size, buf, 0);
	int wrap = blkdev_io(dev, BLK_READ, UINT64_MAX - 99, buf, 200);
	int op = blkdev_io(dev, (enum blk_op)7, size - 100, buf, 100);
	printf("%s: bytes past the end %d, across the end %d, the last 100 "
	       "%d, none at the end %d, a wrapping offset %d, op 7 %d\n",
	       dev->name, past, across, last, none, wrap, op);
	return past == -EINVAL && across == -EINVAL && !last && !none &&
		       wrap == -EINVAL && op == -EINVAL
		   ? 0
		   : 1;
}

/* Reads of UNIT sectors past, across and at the end. */
static int bounds(struct blkdev *dev)
{
	uint8_t *buf = heap_alloc(2 * unit * BLKDEV_SECTOR_SIZE);
	int past = blkdev_read(dev, dev->sectors, buf, unit);
	int across = blkdev_read(dev, dev->sectors - unit, buf, 2 * unit);
	int last = blkdev_read(dev, dev->sectors - unit, buf, unit);
	printf("%s: past the end %d, across the end %d, last sector %d\n",
	       dev->name, past, across, last);
	int bad = 0;
	if (unit > 1) {
		/* requests for part of a block, or from inside one */
		int part = request(dev, 0, buf, 1);
		int inside = request(dev, 1, buf, unit);
		/* the helpers: past the end from inside the last block */
		int tail = blkdev_read(dev, dev->sectors - 1, buf, 2);
		printf("%s: part of a block %d, from inside a block %d, "
		       "across the end from inside a block %d\n",
		       dev->name, part, inside, tail);
		bad = part != -EINVAL || inside != -EINVAL || tail != -EINVAL;
	}
	bad |= byte_bounds(dev, buf);
	heap_free(buf);
	return past == -EINVAL && across == -EINVAL && last == 0 && !bad ? 0
									 : 1;
}

static void list(void)
{
	struct blkdev *d;
	for (unsigned i = 0; (d = blkdev_at(i)); i++)
		printf("disk %s: %lu sectors%s\n", d->name, d->sectors,
		       d->read_only ? " read-only" : "");
}

#define THREADS 8

struct worker {
	struct blkdev *dev;
	uint64_t seed, first, count;
	uint8_t *buf;
	int error;
	unsigned full; /* async_main: submissions refused with EAGAIN */
	bool async;    /* both_main: async_main, else worker_main */
};

/* Synchronous transfers of the worker's part, in varying sizes. */
static int worker_pass(struct worker *w, bool write)
{
	uint64_t sector = w->first, end = w->first + w->count;
	for (unsigned turn = 0; sector < end; turn++) {
		uint32_t n = sizes[turn % (sizeof(sizes) / sizeof(sizes[0]))];
		if (n > MAX_CHUNK)
			n = MAX_CHUNK;
		if (n > end - sector)
			n = (uint32_t)(end - sector);
		int rc;
		if (write) {
			blk_pattern_fill(w->buf, sector, n, w->seed);
			rc = blkdev_write(w->dev, sector, w->buf, n);
		} else {
			rc = blkdev_read(w->dev, sector, w->buf, n);
			if (!rc &&
			    blk_pattern_check(w->buf, sector, n, w->seed) >= 0)
				rc = -1;
		}
		if (rc) {
			printf("thread at sector %lu: %s error %d\n", sector,
			       write ? "write" : "read", rc);
			return rc;
		}
		sector += n;
	}
	return 0;
}

static void worker_write(void *arg)
{
	struct worker *w = arg;
	w->error = worker_pass(w, true);
}

static void worker_read(void *arg)
{
	struct worker *w = arg;
	w->error = worker_pass(w, false);
}

/* Both passes in one thread (a disk beside an asynchronous one). */
static void worker_main(void *arg)
{
	struct worker *w = arg;
	w->error = worker_pass(w, true);
	if (!w->error)
		w->error = worker_pass(w, false);
}

/*
 * Runs fn on each of the THREADS workers (their buffers allocated by
 * the caller, NULL when that failed) at once and waits for them all.
 * 1 when a worker failed or could not start.
 */
static int run_workers(struct worker *workers, void (*fn)(void *))
{
	struct thread *t[THREADS];
	unsigned started = 0;
	while (started < THREADS && workers[started].buf &&
	       (t[started] = thread_create(fn, &workers[started], NULL)))
		started++;
	int failed = started < THREADS;
	for (unsigned i = 0; i < started; i++) {
		thread_join(t[i], false);
		failed |= workers[i].error != 0;
	}
	return failed;
}

static void free_workers(struct worker *workers)
{
	for (unsigned i = 0; i < THREADS; i++)
		heap_free(workers[i].buf);
}

static int threads(struct blkdev *dev, uint64_t seed)
{
	static struct worker workers[THREADS];
	uint64_t part = dev->sectors / THREADS;
	uint64_t irqs = dev->irq_vector >= 0 ? irq_count(dev->irq_vector) : 0;
	dev->max_in_flight = 0;
	for (unsigned i = 0; i < THREADS; i++)
		workers[i] = (struct worker){
		    dev, seed, i * part, part, heap_alloc(MAX_CHUNK * 512),
		    0,	 0,    false};
	/* all write, then all read: the writes' own concurrency shows */
	int failed = run_workers(workers, worker_write);
	unsigned writes = dev->max_in_flight;
	failed = failed || run_workers(workers, worker_read);
	free_workers(workers);
	if (dev->irq_vector >= 0)
		irqs = irq_count(dev->irq_vector) - irqs;
	printf("%s: %u threads wrote and read back %lu sectors: %s\n",
	       dev->name, THREADS, part * THREADS, failed ? "failed" : "ok");
	printf("%s: up to %u requests in flight\n", dev->name,
	       dev->max_in_flight);
	printf("%s: up to %u writes in flight\n", dev->name, writes);
	printf("%s: %s, %lu interrupts, %lu polls\n", dev->name,
	       dev->irq_vector >= 0 ? "interrupts" : "polled", irqs,
	       dev->polls);
	return failed || blkdev_flush(dev) ? 1 : 0;
}

/*
 * The worker's part written then read back and checked by a pass of
 * SLOTS requests in flight, submitted by blkdev_submit (which may
 * refuse them with EAGAIN when the device's queue is full).
 */
static void async_main(void *arg)
{
	struct worker *w = arg;
	for (unsigned i = 0; i < 2 && !w->error; i++) {
		struct pass p = {.dev = w->dev,
				 .op = i ? BLK_READ : BLK_WRITE,
				 .seed = w->seed,
				 .next = w->first,
				 .end = w->first + w->count,
				 .seen = ended_count};
		w->error = run_pass(&p);
		w->full += p.full;
	}
}

static void both_main(void *arg)
{
	struct worker *w = arg;
	if (w->async)
		async_main(w);
	else
		worker_main(w);
}

/*
 * Two disks sharing one controller's queue: all workers but the last
 * keep SLOTS requests each in flight on dev, more than the queue holds
 * (EAGAIN), while the last writes and reads other through the
 * synchronous helpers, one request at a time: when the queue is full
 * none of other's own is in it.  Every byte is checked on both.
 */
static int both(struct blkdev *dev, struct blkdev *other, uint64_t seed)
{
	static struct worker workers[THREADS];
	const unsigned async = THREADS - 1;
	uint64_t part = dev->sectors / async;
	for (unsigned i = 0; i < async; i++)
		workers[i] = (struct worker){
		    .dev = dev,
		    .seed = seed,
		    .first = i * part,
		    .count = i + 1 < async ? part : dev->sectors - i * part,
		    .buf = heap_alloc(MAX_CHUNK * 512),
		    .async = true};
	workers[async] = (struct worker){.dev = other,
					 .seed = seed,
					 .count = other->sectors,
					 .buf = heap_alloc(MAX_CHUNK * 512)};
	int failed = run_workers(workers, both_main);
	free_workers(workers);
	unsigned full = 0;
	for (unsigned i = 0; i < async; i++)
		full += workers[i].full;
	printf("%s and %s: %u threads wrote and read back: %s\n", dev->name,
	       other->name, THREADS, failed ? "failed" : "ok");
	printf("%s: queue full %s\n", dev->name, full ? "seen" : "never");
	return failed || blkdev_flush(dev) || blkdev_flush(other) ? 1 : 0;
}

#define STRESS_DEPTH 32
#define STRESS_SECTORS 8
#define PAUSE_NS 10000000000ULL
#define STALL_NS 60000000000ULL

/* Until a request ends after `seen`; false after ns without one. */
static bool wait_after(unsigned seen, uint64_t ns)
{
	uint64_t deadline = clock_monotonic() + ns;
	unsigned long flags = spin_lock(&ended_wq.lock);
	while (ended_count == seen && clock_monotonic() < deadline)
		waitq_wait_locked(&ended_wq, deadline, false);
	bool moved = ended_count != seen;
	spin_unlock(&ended_wq.lock, flags);
	return moved;
}

struct stress {
	struct blkdev *dev;
	uint64_t seed, rng, started, done;
	struct req_slot slots[STRESS_DEPTH];
};

static int stress_start(struct stress *st, struct req_slot *s)
{
	st->rng = st->rng * 6364136223846793005ULL + 1442695040888963407ULL;
	struct blk_request *r = &s->req;
	r->op = BLK_READ;
	r->sector = (st->rng >> 33) % (st->dev->sectors / STRESS_SECTORS) *
		    STRESS_SECTORS;
	r->count = STRESS_SECTORS;
	r->complete = on_complete;
	r->priv = s;
	s->ended = false;
	s->busy = true;
	st->started++;
	int rc = blkdev_submit(st->dev, r);
	if (rc)
		printf("submit at sector %lu: error %d\n", r->sector, rc);
	return rc;
}

static int stress_finish(struct stress *st, struct req_slot *s)
{
	struct blk_request *r = &s->req;
	s->busy = false;
	st->done++;
	if (r->status) {
		printf("read at sector %lu: error %d\n", r->sector, r->status);
		return r->status;
	}
	if (blk_pattern_check(r->buf, r->sector, r->count, st->seed) >= 0) {
		printf("read at sector %lu: wrong data\n", r->sector);
		return -1;
	}
	return 0;
}

/* After PAUSE_NS without a completion: true when one came later. */
static bool stress_stalled(struct blkdev *dev, const struct stress *st,
			   unsigned seen, uint64_t total)
{
	printf("%s: no completion in %llu s, %u in flight, %lu of %lu done\n",
	       dev->name, PAUSE_NS / 1000000000ULL, dev->in_flight, st->done,
	       total);
	if (dev->ops->describe)
		dev->ops->describe(dev);
	uint64_t start = clock_monotonic();
	if (wait_after(seen, STALL_NS - PAUSE_NS)) {
		printf("%s: pause: completions again after %lu ms more\n",
		       dev->name, (clock_monotonic() - start) / 1000000);
		return true;
	}
	printf("%s: stall: no completion in %llu s\n", dev->name,
	       STALL_NS / 1000000000ULL);
	if (dev->ops->describe)
		dev->ops->describe(dev);
	return false;
}

static int stress(struct blkdev *dev, uint64_t seed, uint64_t total)
{
	static struct stress st;
	st = (struct stress){.dev = dev, .seed = seed, .rng = seed};
	if (dev->irq_vector < 0 || dev->sectors < STRESS_SECTORS) {
		printf("%s: stress needs interrupts and a disk\n", dev->name);
		return 1;
	}
	for (unsigned i = 0; i < STRESS_DEPTH; i++)
		if (!(st.slots[i].req.buf =
			  heap_alloc(STRESS_SECTORS * BLKDEV_SECTOR_SIZE)))
			return 1;
	uint64_t irqs = irq_count(dev->irq_vector), notifies = dev->notifies;
	dev->max_in_flight = 0;
	int error = 0;
	unsigned seen = ended_count;
	while (!error && st.done < total) {
		for (unsigned i = 0; i < STRESS_DEPTH && !error; i++) {
			struct req_slot *s = &st.slots[i];
			if (s->busy && s->ended)
				error = stress_finish(&st, s);
			if (!error && !s->busy && st.started < total)
				error = stress_start(&st, s);
		}
		if (!error && st.done < total && !wait_after(seen, PAUSE_NS) &&
		    !stress_stalled(dev, &st, seen, total))
			return 1; /* the buffers stay: the device may write */
		seen = ended_count;
	}
	irqs = irq_count(dev->irq_vector) - irqs;
	notifies = dev->notifies - notifies;
	printf("%s: stress: %lu reads, up to %u in flight: %s\n", dev->name,
	       st.done, dev->max_in_flight, error ? "failed" : "ok");
	printf("%s: stress: %lu notifications, %lu interrupts, per 1000 "
	       "requests %lu and %lu\n",
	       dev->name, notifies, irqs, notifies * 1000 / st.done,
	       irqs * 1000 / st.done);
	for (unsigned i = 0; i < STRESS_DEPTH && !error; i++)
		heap_free(st.slots[i].req.buf);
	return error ? 1 : 0;
}

#define SHARE_MAX 1024

/* Waits for the first n of reqs on dev; the first failure, or 0. */
static int wait_all(struct blkdev *dev, struct blk_request *reqs, unsigned n)
{
	int rc = 0;
	for (unsigned i = 0; i < n; i++) {
		int r = blkdev_wait(dev, &reqs[i]);
		rc = rc ? rc : r;
	}
	return rc;
}

/*
 * Interrupts stay off from the first submission to the last wait, so
 * nothing takes completions off the full queue before dev's read is
 * submitted (the waits poll).
 */
static int share(struct blkdev *dev, struct blkdev *other)
{
	static struct blk_request reqs[SHARE_MAX];
	uint8_t *buf = heap_alloc(2 * BLKDEV_SECTOR_SIZE);
	if (!buf)
		return 4;
	unsigned long flags = irq_save();
	unsigned n = 0;
	int full = 0;
	while (n < SHARE_MAX && !full) {
		reqs[n] = (struct blk_request){
		    .op = BLK_READ, .sector = 0, .count = 1, .buf = buf};
		full = blkdev_submit(other, &reqs[n]);
		n += !full;
	}
	struct blk_request mine = {.op = BLK_READ,
				   .sector = 0,
				   .count = 1,
				   .buf = buf + BLKDEV_SECTOR_SIZE};
	int rc = full == -EAGAIN ? blkdev_submit(dev, &mine) : full;
	int others = wait_all(other, reqs, n);
	if (!rc)
		rc = blkdev_wait(dev, &mine);
	irq_restore(flags);
	heap_free(buf);
	printf("%s: %u reads filled the queue (%d), %d; %s's read: %d\n",
	       other->name, n, full, others, dev->name, rc);
	return full != -EAGAIN || others || rc;
}

#define RESIZE_WAIT_NS 60000000000ull

static int resized(struct blkdev *dev)
{
	uint8_t *buf = heap_alloc(BLKDEV_SECTOR_SIZE);
	if (!buf)
		return 4;
	memset(buf, 0, BLKDEV_SECTOR_SIZE);
	memcpy(buf, "WAITING!", 8);
	uint64_t old = dev->sectors;
	int rc = blkdev_write(dev, 1, buf, 1);
	rc = rc ? rc : blkdev_flush(dev);
	uint64_t deadline = clock_monotonic() + RESIZE_WAIT_NS;
	unsigned reads = 0;
	while (!rc && memcmp(buf, "RESIZED!", 8) &&
	       clock_monotonic() < deadline) {
		rc = blkdev_read(dev, 0, buf, 1);
		reads++;
	}
	bool marked = !memcmp(buf, "RESIZED!", 8);
	int past = blkdev_read(dev, old, buf, 1);
	heap_free(buf);
	printf("%s: %u reads until the host's mark: %d%s\n", dev->name, reads,
	       rc, marked ? "" : ", no mark");
	printf("%s: %lu sectors (were %lu), a read at sector %lu: %d\n",
	       dev->name, dev->sectors, old, old, past);
	return rc || !marked || past;
}

/* count requests for one synchronous call: the device's completions. */
static int whole_pass(struct blkdev *dev, enum blk_op op, uint8_t *buf)
{
	uint64_t before = dev->completed;
	uint32_t count = (uint32_t)dev->sectors;
	int rc = op == BLK_WRITE ? blkdev_write(dev, 0, buf, count)
				 : blkdev_read(dev, 0, buf, count);
	printf("%s: %s %u sectors in %lu request(s) of at most %u: %d\n",
	       dev->name, op == BLK_WRITE ? "wrote" : "read", count,
	       dev->completed - before, dev->max_sectors, rc);
	return rc;
}

/*
 * One synchronous write of the whole disk, a flush, then one read of it
 * (the block layer splits both at max_sectors), from a buffer that
 * starts inside a page.
 */
static int whole(struct blkdev *dev, uint64_t seed)
{
	uint8_t *mem = heap_alloc(dev->sectors * BLKDEV_SECTOR_SIZE + 4096);
	if (!mem || dev->sectors > UINT32_MAX) {
		printf("%s: no memory for the whole disk\n", dev->name);
		return 1;
	}
	uint8_t *buf = mem + 512;
	blk_pattern_fill(buf, 0, (uint32_t)dev->sectors, seed);
	int rc = whole_pass(dev, BLK_WRITE, buf);
	int fl = blkdev_flush(dev);
	memset(buf, 0, dev->sectors * BLKDEV_SECTOR_SIZE);
	int rd = whole_pass(dev, BLK_READ, buf);
	int64_t bad = blk_pattern_check(buf, 0, (uint32_t)dev->sectors, seed);
	printf("%s: flush %d, read back: %s\n", dev->name, fl,
	       bad < 0 ? "ok" : "wrong");
	heap_free(mem);
	return rc || fl || rd || bad >= 0 ? 1 : 0;
}

static int fault(struct blkdev *dev, uint64_t sector)
{
	uint8_t *buf = heap_alloc(BLKDEV_SECTOR_SIZE);
	blk_pattern_fill(buf, sector, 1, 1);
	int bad = blkdev_write(dev, sector, buf, 1);
	printf("%s: write at %lu: %d%s\n", dev->name, sector, bad,
	       bad == -EIO ? " (EIO)" : "");
	int wr = blkdev_write(dev, 0, buf, 1);
	memset(buf, 0, BLKDEV_SECTOR_SIZE);
	int rd = blkdev_read(dev, 0, buf, 1);
	bool same = blk_pattern_check(buf, sector, 1, 1) < 0;
	printf("%s: then a write %d, a read %d, %s\n", dev->name, wr, rd,
	       same ? "the same data" : "other data");
	heap_free(buf);
	return bad == -EIO && !wr && !rd && same ? 0 : 1;
}

/* A one-sector read into an odd address (AHCI and NVMe refuse it). */
static int odd(struct blkdev *dev)
{
	uint8_t *buf = heap_alloc(2 * BLKDEV_SECTOR_SIZE);
	if (!buf)
		return 1;
	int rc = blkdev_read(dev, 0, buf + 1, 1);
	printf("%s: read into an odd address: %d\n", dev->name, rc);
	heap_free(buf);
	return 0;
}

/* Kinds of the pieces rmw_pass moved, by where they lie. */
struct rmw_count {
	unsigned inside, across, whole, at_end;
};

/* The pattern over [first, end) through the helpers, in odd pieces. */
static int rmw_pass(struct blkdev *dev, uint64_t first, uint64_t end,
		    uint64_t seed, bool write, struct rmw_count *c)
{
	static const uint32_t odd_sizes[] = {1, 3, 9, 2, 17, 8, 5, 30, 7};
	uint8_t *buf = heap_alloc(32 * BLKDEV_SECTOR_SIZE);
	uint32_t block = dev->block_sectors;
	int rc = buf ? 0 : -ENOMEM;
	for (unsigned turn = 0; first < end && !rc; turn++) {
		uint32_t n = odd_sizes[turn % 9];
		if (n > end - first)
			n = (uint32_t)(end - first);
		uint64_t last = first + n - 1;
		if (first % block == 0 && n % block == 0)
			c->whole++;
		else if (first / block == last / block)
			c->inside++;
		else
			c->across++;
		if (last == dev->sectors - 1 && (first % block || n < block))
			c->at_end++;
		if (write) {
			blk_pattern_fill(buf, first, n, seed);
			rc = blkdev_write(dev, first, buf, n);
		} else {
			rc = blkdev_read(dev, first, buf, n);
			if (!rc && blk_pattern_check(buf, first, n, seed) >= 0)
				rc = -1;
		}
		if (rc)
			printf("%s: %s of %u at sector %lu: %d\n", dev->name,
			       write ? "write" : "read", n, first, rc);
		first += n;
	}
	heap_free(buf);
	return rc;
}

/* Writes sector i + k * THREADS for each k, a sector at a time. */
static void interleaved_main(void *arg)
{
	struct worker *w = arg;
	uint64_t end = w->first + w->count;
	for (uint64_t s = w->first; s < end && !w->error; s += THREADS) {
		blk_pattern_fill(w->buf, s, 1, w->seed);
		w->error = blkdev_write(w->dev, s, w->buf, 1);
	}
}

static int interleaved(struct blkdev *dev, uint64_t seed, uint64_t count)
{
	static struct worker workers[THREADS];
	for (unsigned i = 0; i < THREADS; i++)
		workers[i] = (struct worker){
		    dev, seed, i,    count - i, heap_alloc(BLKDEV_SECTOR_SIZE),
		    0,	 0,    false};
	int failed = run_workers(workers, interleaved_main);
	free_workers(workers);
	/* a write-back of a stale block shows as another thread's sector */
	uint8_t *buf = heap_alloc(count * BLKDEV_SECTOR_SIZE);
	if (failed || !buf || blkdev_read(dev, 0, buf, (uint32_t)count))
		failed = 1;
	int64_t wrong =
	    failed ? -1 : blk_pattern_check(buf, 0, (uint32_t)count, seed);
	heap_free(buf);
	printf("%s: %u threads interleaved over %lu sectors: %s", dev->name,
	       THREADS, count,
	       failed	   ? "failed\n"
	       : wrong < 0 ? "ok\n"
			   : "");
	if (wrong >= 0)
		printf("sector %ld lost\n", wrong / 64);
	return failed || wrong >= 0;
}

/* A one-sector write of another thread's (racer_main). */
struct racer {
	struct blkdev *dev;
	uint64_t sector;
	uint8_t *buf;
	volatile bool started;
	int error;
};

static void racer_main(void *arg)
{
	struct racer *r = arg;
	r->started = true;
	r->error = blkdev_write(r->dev, r->sector, r->buf, 1);
}

/*
 * For each block of [first, end): another thread writes its sector 1
 * (a read-modify-write of the block), and once that thread's read is in
 * flight this one writes the whole block; the block must then hold
 * both, not the block as the other thread read it.
 */
static int overlap(struct blkdev *dev, uint64_t seed, uint64_t first,
		   uint64_t end)
{
	uint32_t block = dev->block_sectors;
	size_t bytes = (size_t)block * BLKDEV_SECTOR_SIZE;
	uint8_t *whole = heap_alloc(bytes), *back = heap_alloc(bytes);
	uint8_t *one = heap_alloc(BLKDEV_SECTOR_SIZE);
	unsigned blocks = 0, lost = 0;
	int rc = whole && back && one ? 0 : -ENOMEM;
	if (block == 1) /* a sector is no part of a block: nothing to do */
		end = first;
	for (uint64_t b = first; !rc && b + block <= end; b += block) {
		blk_pattern_fill(whole, b, block, seed);
		blk_pattern_fill(one, b + 1, 1, seed);
		struct racer r = {dev, b + 1, one, false, 0};
		struct thread *t = thread_create(racer_main, &r, NULL);
		if (!t) {
			rc = -ENOMEM;
			break;
		}
		for (unsigned k = 0;
		     (!r.started || !dev->in_flight) && k < 1000; k++)
			thread_yield();
		rc = blkdev_write(dev, b, whole, block);
		thread_join(t, false);
		rc = rc	       ? rc
		     : r.error ? r.error
			       : blkdev_read(dev, b, back, block);
		lost += !rc && blk_pattern_check(back, b, block, seed) >= 0;
		blocks++;
	}
	printf("%s: whole-block writes during another's read-modify-write of "
	       "the block: %u of %u lost, %d\n",
	       dev->name, lost, blocks, rc);
	heap_free(whole);
	heap_free(back);
	heap_free(one);
	return rc || lost;
}

/* A write through /dev/NAME of another thread's (devfs_racer_main). */
struct devfs_racer {
	int fd;
	const uint8_t *buf;
	size_t len;
	uint64_t off;
	volatile bool started;
	long done;
};

static void devfs_racer_main(void *arg)
{
	struct devfs_racer *r = arg;
	r->started = true;
	r->done = fs_pwrite(r->fd, r->buf, r->len, (int64_t)r->off);
}

#define DEVFS_AT 100 /* the bytes devfs writes: a block's [100, 300) */
#define DEVFS_LEN 200
#define HELPER_SECTOR 5 /* the sector of the block the helper writes */

/* The disk's /dev node, opened read-write. */
static int open_dev_node(struct blkdev *dev)
{
	char path[8 + BLKDEV_NAME_MAX];
	snprintf(path, sizeof(path), "/dev/%s", dev->name);
	return fs_openat(AT_FDCWD, path, O_RDWR, 0);
}

/*
 * Another thread writes bytes DEVFS_AT to DEVFS_AT + DEVFS_LEN of the
 * block at b through /dev (fd), from theirs at those offsets; once its
 * read of the block is in flight this one writes count sectors of buf at
 * sector.  Then the block is read back into back.
 */
static int race_devfs(struct blkdev *dev, int fd, uint64_t b,
		      const uint8_t *theirs, uint64_t sector,
		      const uint8_t *buf, uint32_t count, uint8_t *back)
{
	struct devfs_racer r = {.fd = fd,
				.buf = theirs + DEVFS_AT,
				.len = DEVFS_LEN,
				.off = b * BLKDEV_SECTOR_SIZE + DEVFS_AT};
	struct thread *t = thread_create(devfs_racer_main, &r, NULL);
	if (!t)
		return -ENOMEM;
	for (unsigned k = 0; (!r.started || !dev->in_flight) && k < 1000; k++)
		thread_yield();
	int rc = blkdev_write(dev, sector, buf, count);
	thread_join(t, false);
	if (!rc && r.done != DEVFS_LEN)
		rc = r.done < 0 ? (int)r.done : -EIO;
	return rc ? rc : blkdev_read(dev, b, back, dev->block_sectors);
}

/*
 * For each block of [first, end): another thread writes bytes 100 to
 * 299 of the block through /dev (devfs), and once that thread's read of
 * the block is in flight this one writes sector 5 of it through
 * blkdev_write(); the block must then hold both writes.  devfs and the
 * helper must share one read-modify-write, under one lock.
 */
static int devfs_overlap(struct blkdev *dev, uint64_t seed, uint64_t first,
			 uint64_t end)
{
	uint32_t block = dev->block_sectors;
	size_t bytes = (size_t)block * BLKDEV_SECTOR_SIZE;
	size_t at = HELPER_SECTOR * BLKDEV_SECTOR_SIZE;
	uint8_t *want = heap_alloc(bytes), *ours = heap_alloc(bytes);
	uint8_t *back = heap_alloc(bytes);
	int fd = open_dev_node(dev);
	unsigned blocks = 0, lost = 0;
	int rc = fd < 0 ? fd : want && ours && back ? 0 : -ENOMEM;
	if (block <= HELPER_SECTOR) /* no sector 5: nothing to do */
		end = first;
	for (uint64_t b = first; !rc && b + block <= end; b += block) {
		blk_pattern_fill(want, b, block, seed + 1);
		blk_pattern_fill(ours, b, block, seed);
		rc = blkdev_write(dev, b, want, block);
		if (!rc)
			rc = race_devfs(dev, fd, b, ours, b + HELPER_SECTOR,
					ours + at, 1, back);
		/* the block as it was but for the two writes */
		memcpy(want + DEVFS_AT, ours + DEVFS_AT, DEVFS_LEN);
		memcpy(want + at, ours + at, BLKDEV_SECTOR_SIZE);
		lost += !rc && memcmp(back, want, bytes);
		blocks++;
	}
	printf("%s: a helper's write during a /dev write of another part of "
	       "the block: %u of %u lost, %d\n",
	       dev->name, lost, blocks, rc);
	if (fd >= 0)
		fs_close(fd);
	heap_free(want);
	heap_free(ours);
	heap_free(back);
	return rc || lost;
}

#define WHOLE_BLOCKS 32 /* blocks whole_in_rmw tries */

/*
 * For each of the first WHOLE_BLOCKS blocks of [first, end): another
 * thread writes bytes 100 to 299 of the block through /dev (a
 * read-modify-write of it, even of a 512-byte sector), and once that
 * thread's read is in flight this one writes the whole block through
 * blkdev_write().  The block must then be the whole write, with or
 * without the /dev bytes over it (either order), never the block as the
 * other thread read it: a whole-block write, which runs beside other
 * whole-block writes, must still wait for a read-modify-write.
 */
static int whole_in_rmw(struct blkdev *dev, uint64_t seed, uint64_t first,
			uint64_t end)
{
	uint32_t block = dev->block_sectors;
	size_t bytes = (size_t)block * BLKDEV_SECTOR_SIZE;
	uint8_t *whole = heap_alloc(bytes), *theirs = heap_alloc(bytes);
	uint8_t *back = heap_alloc(bytes);
	int fd = open_dev_node(dev);
	unsigned blocks = 0, lost = 0;
	int rc = fd < 0 ? fd : whole && theirs && back ? 0 : -ENOMEM;
	for (uint64_t b = first;
	     !rc && b + block <= end && blocks < WHOLE_BLOCKS; b += block) {
		blk_pattern_fill(back, b, block, seed + 1); /* the old block */
		blk_pattern_fill(theirs, b, block, seed);
		blk_pattern_fill(whole, b, block, seed + 2);
		rc = blkdev_write(dev, b, back, block);
		if (!rc)
			rc = race_devfs(dev, fd, b, theirs, b, whole, block,
					back);
		bool whole_last = !memcmp(back, whole, bytes);
		memcpy(whole + DEVFS_AT, theirs + DEVFS_AT, DEVFS_LEN);
		lost += !rc && !whole_last && memcmp(back, whole, bytes);
		blocks++;
	}
	printf("%s: whole-block writes during a /dev write of part of the "
	       "block: %u of %u lost, %d\n",
	       dev->name, lost, blocks, rc);
	if (fd >= 0)
		fs_close(fd);
	heap_free(whole);
	heap_free(theirs);
	heap_free(back);
	return rc || lost;
}

#define SPAN_BYTES (128 * 1024 - 1024) /* two of devfs's 64 KiB pieces */

/*
 * A /dev write of SPAN_BYTES from sector 1 of the block at first (a
 * multiple of the block), then read back: on a disk of 4096-byte blocks
 * the partial blocks are its first and last only, a read and a write
 * each, and the two whole runs a request each: 6 requests when devfs's
 * pieces end on block boundaries, 10 when each piece has partial blocks
 * at both ends.
 */
static int devfs_span(struct blkdev *dev, uint64_t seed, uint64_t first)
{
	uint32_t sectors = SPAN_BYTES / BLKDEV_SECTOR_SIZE;
	uint8_t *buf = heap_alloc(SPAN_BYTES), *back = heap_alloc(SPAN_BYTES);
	int fd = open_dev_node(dev);
	int rc = fd < 0 ? fd : buf && back ? 0 : -ENOMEM;
	if (!rc && first + 1 + sectors > dev->sectors)
		rc = -ENOSPC;
	uint64_t requests = 0;
	if (!rc) {
		blk_pattern_fill(buf, first + 1, sectors, seed);
		uint64_t before = dev->completed;
		long done =
		    fs_pwrite(fd, buf, SPAN_BYTES,
			      (int64_t)(first + 1) * BLKDEV_SECTOR_SIZE);
		requests = dev->completed - before;
		rc = done == SPAN_BYTES ? 0 : done < 0 ? (int)done : -EIO;
	}
	if (!rc)
		rc = blkdev_read(dev, first + 1, back, sectors);
	if (!rc && memcmp(back, buf, SPAN_BYTES))
		rc = -1;
	printf("%s: a /dev write of %u bytes from sector 1 of a block: %lu "
	       "requests, %d\n",
	       dev->name, SPAN_BYTES, requests, rc);
	if (fd >= 0)
		fs_close(fd);
	heap_free(buf);
	heap_free(back);
	return rc;
}

/* Takes every free page, then every unit-sized heap object; a list. */
static void **take_all_memory(size_t unit)
{
	void **held = NULL, **p;
	for (int order = PAGE_ORDER_MAX; order >= 0; order--)
		while ((p = page_alloc_try((unsigned)order))) {
			p[0] = held;
			p[1] = (void *)(uintptr_t)order;
			held = p;
		}
	while ((p = heap_memalign(BLKDEV_SECTOR_SIZE, unit))) {
		p[0] = held;
		p[1] = (void *)(uintptr_t)-1; /* a heap object */
		held = p;
	}
	return held;
}

static void give_back(void **held)
{
	while (held) {
		void **next = held[0];
		uintptr_t order = (uintptr_t)held[1];
		if (order == (uintptr_t)-1)
			heap_free(held);
		else
			page_free(held, (unsigned)order);
		held = next;
	}
}

/*
 * A write of the block at first and 100 bytes of the next, with no
 * memory left for the bounce buffer of the partial block: it must fail
 * with ENOMEM before writing anything, not after the whole block.
 */
static int nomem_write(struct blkdev *dev, uint64_t seed, uint64_t first)
{
	uint32_t block = dev->block_sectors;
	size_t unit = (size_t)block * BLKDEV_SECTOR_SIZE;
	uint8_t *buf = heap_alloc(unit + 100), *old = heap_alloc(unit);
	uint8_t *back = heap_alloc(unit);
	int rc = buf && old && back ? 0 : -ENOMEM;
	if (!rc)
		rc = blkdev_read(dev, first, old, block);
	int wr = 0;
	if (!rc) {
		blk_pattern_fill(buf, first, block, seed + 3);
		memset(buf + unit, 0x5a, 100);
		void **held = take_all_memory(unit);
		wr = blkdev_io(dev, BLK_WRITE, first * BLKDEV_SECTOR_SIZE, buf,
			       unit + 100);
		give_back(held);
		rc = blkdev_read(dev, first, back, block);
	}
	bool same = !rc && !memcmp(back, old, unit);
	printf("%s: a write whose partial block finds no memory: %d, %s, %d\n",
	       dev->name, wr, same ? "nothing written" : "written", rc);
	heap_free(buf);
	heap_free(old);
	heap_free(back);
	return rc || wr != -ENOMEM || !same;
}

static int rmw(struct blkdev *dev, uint64_t seed)
{
	uint64_t half = dev->sectors / 2;
	struct rmw_count w = {0}, r = {0};
	int threads_rc = interleaved(dev, seed, half);
	threads_rc |= overlap(dev, seed, half, dev->sectors);
	threads_rc |= devfs_overlap(dev, seed, half, dev->sectors);
	threads_rc |= whole_in_rmw(dev, seed, half, dev->sectors);
	threads_rc |= devfs_span(dev, seed, half);
	threads_rc |= nomem_write(dev, seed, half);
	int wr = rmw_pass(dev, half, dev->sectors, seed, true, &w);
	int fl = blkdev_flush(dev);
	int rd = rmw_pass(dev, 0, dev->sectors, seed, false, &r);
	printf("%s: wrote %u inside a block, %u across blocks, %u whole, "
	       "%u at the end: %d\n",
	       dev->name, w.inside, w.across, w.whole, w.at_end, wr);
	printf("%s: flush %d, read %u inside a block, %u across blocks, "
	       "%u whole, %u at the end: %s\n",
	       dev->name, fl, r.inside, r.across, r.whole, r.at_end,
	       rd ? "wrong" : "ok");
	return threads_rc || wr || fl || rd;
}

/*
 * Writes the pattern over the whole disk (up to SLOTS requests) and
 * exits with every write still in flight: the power-off that follows
 * must let them complete before it shuts the device down.
 */
static int exit_busy(struct blkdev *dev, uint64_t seed)
{
	uint32_t n =
	    dev->max_sectors < MAX_CHUNK ? dev->max_sectors : MAX_CHUNK;
	unsigned started = 0;
	for (uint64_t sector = 0; sector < dev->sectors && started < SLOTS;
	     sector += n, started++) {
		struct blk_request *r = heap_alloc(sizeof(*r));
		uint8_t *buf = heap_alloc((size_t)n * BLKDEV_SECTOR_SIZE);
		if (!r || !buf)
			return 1;
		*r = (struct blk_request){
		    .op = BLK_WRITE, .sector = sector, .count = n, .buf = buf};
		blk_pattern_fill(buf, sector, n, seed);
		int rc = blkdev_submit(dev, r);
		if (rc) {
			printf("%s: write at %lu: %d\n", dev->name, sector, rc);
			return 1;
		}
	}
	printf("%s: exit with %u writes in flight\n", dev->name, started);
	return 0;
}

static struct blkdev *late_dev;

/* Runs after the controllers' shutdown: a write then must fail. */
static void late_io(void)
{
	uint32_t n = late_dev->block_sectors;
	uint8_t *buf = heap_alloc((size_t)n * BLKDEV_SECTOR_SIZE);
	if (!buf)
		return;
	memset(buf, 0xa5, (size_t)n * BLKDEV_SECTOR_SIZE);
	int wr = blkdev_write(late_dev, 0, buf, n);
	int rd = blkdev_read(late_dev, 0, buf, n);
	printf("%s: after the shutdown: write %d, read %d\n", late_dev->name,
	       wr, rd);
	heap_free(buf);
}

static const struct power_hook late_hook = {
    .name = "blk late", .priority = -1, .quiesce = late_io};

/* I/O at power-off after the quiesces, which must end (late_io). */
static int late(struct blkdev *dev)
{
	late_dev = dev;
	return power_hook_register(&late_hook) ? 5 : 0;
}

static uint64_t seed_of(const char *s)
{
	uint64_t v = 0;
	while (*s >= '0' && *s <= '9')
		v = v * 10 + (uint64_t)(*s++ - '0');
	return v;
}

int app_main(int argc, char **argv)
{
	list();
	if (argc < 2)
		return 2;
	if (!strcmp(argv[1], "list")) {
		printf("list: %d argument(s)\n", argc);
		return 0;
	}
	int skip = !strcmp(argv[1], "readonly") || !strcmp(argv[1], "odd") ||
			   !strcmp(argv[1], "badcid") ||
			   !strcmp(argv[1], "nvmebreak") ||
			   !strcmp(argv[1], "late") ||
			   !strcmp(argv[1], "unaligned")
		       ? 0
		   : !strcmp(argv[1], "stress") ? 2
						: 1;
	const char *name = argc > 2 + skip ? argv[2 + skip] : "vblk0";
	struct blkdev *dev = blkdev_find(name);
	if (!dev) {
		printf("no disk %s\n", name);
		return 3;
	}
	if (!strcmp(argv[1], "readonly"))
		return readonly(dev);
#if CONF_drivers_nvme
	if (!strcmp(argv[1], "badcid"))
		return blk_nvme_badcid(dev);
	if (!strcmp(argv[1], "nvmebreak"))
		return argc > 3 ? blk_nvme_break(dev, argv[3]) : 2;
#endif
	if (!strcmp(argv[1], "late"))
		return late(dev);
	if (!strcmp(argv[1], "odd"))
		return odd(dev);
	if (!strcmp(argv[1], "unaligned"))
		return unaligned(dev);
	if (argc < 3)
		return 2;
	if (!strcmp(argv[1], "both")) {
		struct blkdev *other = argc > 4 ? blkdev_find(argv[4]) : NULL;
		return other ? both(dev, other, seed_of(argv[2])) : 3;
	}
	if (argc > 4)
		unit = (uint32_t)seed_of(argv[4]);
	if (!unit || MAX_CHUNK % unit)
		return 2;
	if (!strcmp(argv[1], "write"))
		return transfer(dev, BLK_WRITE, seed_of(argv[2]));
	if (!strcmp(argv[1], "whole"))
		return whole(dev, seed_of(argv[2]));
	if (!strcmp(argv[1], "threads"))
		return threads(dev, seed_of(argv[2]));
	if (!strcmp(argv[1], "exitbusy"))
		return exit_busy(dev, seed_of(argv[2]));
	if (!strcmp(argv[1], "rmw"))
		return rmw(dev, seed_of(argv[2]));
	if (!strcmp(argv[1], "stress") && argc > 3)
		return stress(dev, seed_of(argv[2]), seed_of(argv[3]));
	if (!strcmp(argv[1], "resized"))
		return resized(dev);
	if (!strcmp(argv[1], "share")) {
		struct blkdev *other = blkdev_find(argv[2]);
		return other ? share(dev, other) : 3;
	}
	if (!strcmp(argv[1], "fault"))
		return fault(dev, seed_of(argv[2]));
	if (!strcmp(argv[1], "read"))
		return transfer(dev, BLK_READ, seed_of(argv[2])) | bounds(dev);
	return 2;
}
