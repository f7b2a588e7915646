/*
 * bench/blk's guest side: a kernel whose app_main measures vblk0 with
 * asynchronous requests that complete by interrupt.  Each figure runs
 * for about RUN_NS of the monotonic clock, with `depth` I/Os in flight:
 *
 *   seq_write_1m / seq_read_1m   1 MiB I/Os one after the other (each
 *                                split into the device's largest
 *                                requests, submitted together)
 *   rand_read_4k / rand_write_4k 4 KiB I/Os at random aligned offsets
 *
 * and prints "figure_qdN MB/s IOPS" lines for bench/blk to collect.
 */
#include <stdio.h>

#include "app.h"
#include "blkdev.h"
#include "clock.h"
#include "mm.h"
#include "thread.h"

#define RUN_NS 1000000000ULL
#define STALL_NS 10000000000ULL
#define MAX_DEPTH 32
#define MAX_PIECES 16

struct io {
	struct blk_request req[MAX_PIECES];
	unsigned pieces, submitted, pending;
	uint8_t *buf;
	bool busy;
};

struct run {
	struct blkdev *dev;
	enum blk_op op;
	bool sequential;
	uint32_t io_sectors;
	unsigned depth;
	uint64_t next, rng, ios, bytes;
	int error;
	struct io io[MAX_DEPTH];
};

static struct waitq wq = WAITQ_INIT;
static volatile uint64_t ended;

static void on_complete(struct blk_request *r)
{
	struct io *io = r->priv;
	unsigned long flags = spin_lock(&wq.lock);
	io->pending--;
	ended++;
	waitq_wake_locked(&wq, 1);
	spin_unlock(&wq.lock, flags);
}

static uint64_t next_sector(struct run *r)
{
	uint64_t span = r->dev->sectors / r->io_sectors;
	uint64_t slot;
	if (r->sequential) {
		slot = r->next++ % span;
	} else {
		r->rng =
		    r->rng * 6364136223846793005ULL + 1442695040888963407ULL;
		slot = (r->rng >> 33) % span;
	}
	return slot * r->io_sectors;
}

static void prepare(struct run *r, struct io *io)
{
	uint64_t sector = next_sector(r);
	uint32_t max = r->dev->max_sectors, left = r->io_sectors;
	io->pieces = io->submitted = 0;
	for (uint32_t off = 0; left; io->pieces++) {
		uint32_t n = left < max ? left : max;
		io->req[io->pieces] = (struct blk_request){
		    .op = r->op,
		    .sector = sector + off,
		    .count = n,
		    .buf = io->buf + (size_t)off * BLKDEV_SECTOR_SIZE,
		    .complete = on_complete,
		    .priv = io};
		off += n;
		left -= n;
	}
	io->pending = io->pieces;
	io->busy = true;
}

/* Submits what the device takes of io's pieces; false on an error. */
static bool push(struct run *r, struct io *io)
{
	while (io->submitted < io->pieces) {
		int rc = blkdev_submit(r->dev, &io->req[io->submitted]);
		if (rc == -EAGAIN)
			return true;
		if (rc) {
			r->error = rc;
			return false;
		}
		io->submitted++;
	}
	return true;
}

static bool all_done(const struct io *io)
{
	return io->submitted == io->pieces && io->pending == 0;
}

static void reap(struct run *r, struct io *io)
{
	for (unsigned i = 0; i < io->pieces; i++)
		if (io->req[i].status)
			r->error = io->req[i].status;
	r->ios++;
	r->bytes += (uint64_t)r->io_sectors * BLKDEV_SECTOR_SIZE;
	io->busy = false;
}

/* Until a completion after `seen`; false after STALL_NS without one. */
static bool wait_any(uint64_t seen)
{
	uint64_t deadline = clock_monotonic() + STALL_NS;
	unsigned long flags = spin_lock(&wq.lock);
	while (ended == seen && clock_monotonic() < deadline)
		waitq_wait_locked(&wq, deadline, false);
	bool moved = ended != seen;
	spin_unlock(&wq.lock, flags);
	return moved;
}

static bool idle(const struct run *r)
{
	for (unsigned i = 0; i < r->depth; i++)
		if (r->io[i].busy)
			return false;
	return true;
}

static void measure(struct run *r, uint64_t deadline)
{
	while (!r->error) {
		bool running = clock_monotonic() < deadline;
		if (!running && idle(r))
			return;
		uint64_t seen = ended;
		for (unsigned i = 0; i < r->depth; i++) {
			struct io *io = &r->io[i];
			if (io->busy && all_done(io))
				reap(r, io);
			if (!io->busy && running)
				prepare(r, io);
			if (io->busy && !push(r, io))
				return;
		}
		if (!idle(r) && !wait_any(seen)) {
			printf("blk: no completion in %llu s, %u in flight\n",
			       STALL_NS / 1000000000ULL, r->dev->in_flight);
			r->error = -ETIMEDOUT;
		}
	}
}

static int figure(struct blkdev *dev, const char *name, enum blk_op op,
		  bool sequential, uint32_t io_bytes, unsigned depth)
{
	static struct run r;
	uint32_t max = dev->max_sectors,
		 sectors = io_bytes / BLKDEV_SECTOR_SIZE;
	if ((sectors + max - 1) / max > MAX_PIECES) {
		printf("%s_qd%u: requests of %u sectors are too small\n", name,
		       depth, max);
		return 1;
	}
	r = (struct run){.dev = dev,
			 .op = op,
			 .sequential = sequential,
			 .io_sectors = io_bytes / BLKDEV_SECTOR_SIZE,
			 .depth = depth,
			 .rng = 12345};
	for (unsigned i = 0; i < depth; i++) {
		r.io[i].buf = page_alloc(io_bytes <= 4096 ? 0 : 8);
		if (!r.io[i].buf)
			return 1;
		for (uint32_t b = 0; b < io_bytes; b++)
			r.io[i].buf[b] = (uint8_t)(b * 7 + i);
	}
	uint64_t start = clock_monotonic();
	measure(&r, start + RUN_NS);
	uint64_t ns = clock_monotonic() - start;
	if (r.error) { /* buffers kept: the device may still write them */
		printf("%s_qd%u: error %d\n", name, depth, r.error);
		return 1;
	}
	for (unsigned i = 0; i < depth; i++)
		page_free(r.io[i].buf, io_bytes <= 4096 ? 0 : 8);
	printf("%s_qd%u %lu.%02lu %lu\n", name, depth, r.bytes * 1000 / ns,
	       r.bytes * 100000 / ns % 100,
	       (unsigned long)(r.ios * 1000000000ULL / ns));
	return 0;
}

int app_main(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	struct blkdev *dev = blkdev_find("vblk0");
	if (!dev || dev->sectors < 2048 * 64) {
		printf("blk: needs a vblk0 of 64 MiB or more\n");
		return 2;
	}
	printf("blk: vblk0 %lu MiB, %s\n", dev->sectors / 2048,
	       dev->irq_vector >= 0 ? "interrupts" : "polled");
	/* an error ends the run: its requests may still be in flight */
	static const unsigned depths[] = {1, 32};
	for (unsigned d = 0; d < 2; d++) {
		unsigned qd = depths[d];
		if (figure(dev, "seq_write_1m", BLK_WRITE, true, 1 << 20, qd) ||
		    figure(dev, "seq_read_1m", BLK_READ, true, 1 << 20, qd) ||
		    figure(dev, "rand_write_4k", BLK_WRITE, false, 4096, qd) ||
		    figure(dev, "rand_read_4k", BLK_READ, false, 4096, qd))
			return 1;
	}
	return 0;
}
