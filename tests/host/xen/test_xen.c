/*
 * The Xen drivers (drivers/xen/, built unchanged for the host)
 * against the simulated hypervisor and backends of xen_sim.h: the
 * detection message without Xen; the shared info page, the upcall
 * vector and the grant frames; event delivery and masking; the
 * XenStore client (read, write, directory, watches, transactions with
 * a conflict, ring wrap-around); the PV console (long output through
 * the ring, a write inside a write, a backend that stops); blkfront through
 * xenbus to Connected, then a file written and read back byte for byte with the
 * ring full (32 requests in flight), misaligned buffers, wrap-around,
 * polling without interrupts, a flush, an error; a backend that closes
 * early, one that never answers;
 * SCHEDOP_shutdown with the right reason.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "blkdev.h"
#include "console.h"
#include "klog.h"
#include "mm.h"
#include "power_hooks.h"
#include "tap.h"
#include "xen.h"
#include "xen_sim.h"

#include "../fault_page.h"

extern uintptr_t sim_ram_lo, sim_ram_hi;

/* ---- what the drivers use of the kernel ---- */

static char klog[65536];
static size_t klog_len;

static void klog_add(const char *fmt, va_list ap)
{
	int n = vsnprintf(klog + klog_len, sizeof(klog) - klog_len, fmt, ap);
	if (n > 0 && klog_len + (size_t)n < sizeof(klog))
		klog_len += (size_t)n;
}

int kprintf(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	klog_add(fmt, ap);
	va_end(ap);
	return 0;
}

/* Whether the kernel runs with --verbose: kinfo prints only then. */
static bool verbose = true;

void kinfo(const char *fmt, ...)
{
	if (!verbose)
		return;
	va_list ap;
	va_start(ap, fmt);
	klog_add(fmt, ap);
	va_end(ap);
}

void mm_corruption(const char *what, const void *p)
{
	printf("# mm corruption: %s at %p\n", what, p);
	abort();
}

static struct console *consoles[4];
static unsigned nconsoles;

void console_register(struct console *c)
{
	consoles[nconsoles++] = c;
}

static unsigned input_signals; /* console_input_ready() calls */

void console_input_ready(void)
{
	input_signals++;
}

static const struct power_hook *hook;

int power_hook_register(const struct power_hook *h)
{
	hook = h;
	return 0;
}

static struct blkdev *disks[4];
static unsigned ndisks;

int blkdev_register(struct blkdev *dev, const char *prefix)
{
	snprintf(dev->name, sizeof(dev->name), "%s%u", prefix, ndisks);
	disks[ndisks++] = dev;
	return 0;
}

static unsigned completions;

void blkdev_complete(struct blkdev *dev, struct blk_request *req, int status)
{
	(void)dev;
	req->status = status;
	req->done = true;
	completions++;
}

/* ---- tests ---- */

static void test_no_xen(void)
{
	sim_reset();
	sim.no_xen = true;
	klog_len = 0;
	TAP_OK(xen_init() == -1 && !xen_present(),
	       "without Xen, xen_init fails");
	TAP_OK(strstr(klog, "xen: no Xen hypervisor found\n") != NULL,
	       "and says (with --verbose): xen: no Xen hypervisor found");
	TAP_OK(sim.hypercalls == 0, "and makes no hypercall");
	sim_reset();
	sim.no_xen = true;
	klog_len = 0;
	klog[0] = 0;
	verbose = false;
	TAP_OK(xen_init() == -1 && !xen_present() && klog_len == 0,
	       "without --verbose, it fails without a word");
	verbose = true;
}

static void test_init(void)
{
	sim_reset();
	klog_len = 0;
	TAP_OK(xen_init() == 0 && xen_present(), "xen_init on Xen 4.10");
	TAP_OK(strstr(klog, "xen: Xen 4.10\n") != NULL,
	       "announces the version");
	TAP_OK(sim.shinfo && sim.shinfo == xen_shared_info(),
	       "the shared info page is where add_to_physmap put it");
	TAP_OK(sim.callback_via >> 56 == 2 && (sim.callback_via & 0xff) == 0xf0,
	       "HVM_PARAM_CALLBACK_IRQ names the upcall vector (type 2)");
	TAP_OK(sim.grant_nframes == 4, "4 grant frames mapped");
	TAP_OK(gnttab_free_count() == 4 * 512 - 8,
	       "grant references free but the 8 reserved");
}

static unsigned events_seen[8];

static void count_event(xen_evtchn_port_t port, void *arg)
{
	(void)arg;
	events_seen[port % 8]++;
}

static void test_events(void)
{
	xen_evtchn_port_t a, b;
	TAP_OK(!evtchn_alloc_unbound(0, &a) && !evtchn_alloc_unbound(0, &b) &&
		   a != b,
	       "two event channels allocated (%u, %u)", a, b);
	evtchn_bind(a, count_event, NULL);
	sim_raise(a);
	TAP_OK(events_seen[a % 8] == 1 && events_seen[b % 8] == 0,
	       "an event runs its port's handler only");
	sim_raise(b); /* not bound: still masked */
	TAP_OK(events_seen[b % 8] == 0, "a masked port's event waits");
	evtchn_bind(b, count_event, NULL);
	TAP_OK(events_seen[b % 8] == 1, "and runs when the port is unmasked");
	sim.irq_off = true;
	sim_raise(a);
	sim_raise(b);
	TAP_OK(events_seen[a % 8] == 1, "no upcall while delivery is off");
	sim.irq_off = false;
	evtchn_upcall();
	TAP_OK(events_seen[a % 8] == 2 && events_seen[b % 8] == 2,
	       "one upcall runs both pending ports");
	evtchn_close(a);
	evtchn_close(b);
}

static void test_store(void)
{
	char buf[256];
	TAP_OK(xs_write(XS_TX_NONE, "data/greeting", "hello") == 0, "xs_write");
	TAP_OK(xs_read(XS_TX_NONE, "data/greeting", buf, sizeof(buf)) == 5 &&
		   !strcmp(buf, "hello"),
	       "xs_read gives it back");
	TAP_OK(xs_read(XS_TX_NONE, "data/absent", buf, sizeof(buf)) == -ENOENT,
	       "an absent node is -ENOENT");
	xs_write(XS_TX_NONE, "data/n", "1234");
	uint64_t v = 0;
	TAP_OK(xs_read_u64(XS_TX_NONE, "data/n", &v) == 0 && v == 1234,
	       "xs_read_u64");
	TAP_OK(xs_read_u64(XS_TX_NONE, "data/greeting", &v) == -EINVAL,
	       "a non-number is -EINVAL");
	int n = xs_directory("data", buf, sizeof(buf));
	TAP_OK(n == 11 && !memcmp(buf, "greeting\0n\0", 11),
	       "xs_directory lists the children (%d bytes)", n);
	/* Watches */
	TAP_OK(xs_watch("data/w", "tok") == 0 &&
		   xs_wait_watch("tok", 1000000000ULL) == 0,
	       "a watch fires once when set");
	TAP_OK(xs_wait_watch("tok", 50000000ULL) == -ETIMEDOUT,
	       "and not again without a change");
	xs_write(XS_TX_NONE, "data/w/x", "1");
	TAP_OK(xs_wait_watch("tok", 1000000000ULL) == 0,
	       "a write below the watched path fires it");
	TAP_OK(xs_unwatch("data/w", "tok") == 0, "xs_unwatch");
	xs_write(XS_TX_NONE, "data/w/x", "2");
	TAP_OK(xs_wait_watch("tok", 50000000ULL) == -ETIMEDOUT,
	       "an unwatched path fires nothing");
	/* Transactions */
	uint32_t tx;
	TAP_OK(xs_transaction_start(&tx) == 0 && tx != 0,
	       "xs_transaction_start gives an id");
	xs_write(tx, "data/t", "inside");
	TAP_OK(xs_read(XS_TX_NONE, "data/t", buf, sizeof(buf)) == -ENOENT,
	       "a transaction's write is not seen outside it");
	TAP_OK(xs_read(tx, "data/t", buf, sizeof(buf)) == 6,
	       "but is inside it");
	TAP_OK(xs_transaction_end(tx, true) == 0 &&
		   xs_read(XS_TX_NONE, "data/t", buf, sizeof(buf)) == 6,
	       "committed, it is seen");
	xs_transaction_start(&tx);
	xs_write(tx, "data/t2", "x");
	store_fail_next_commit();
	TAP_OK(xs_transaction_end(tx, true) == -EAGAIN &&
		   xs_read(XS_TX_NONE, "data/t2", buf, sizeof(buf)) == -ENOENT,
	       "a conflicting commit is -EAGAIN and applies nothing");
	xs_transaction_start(&tx);
	xs_write(tx, "data/t3", "x");
	TAP_OK(xs_transaction_end(tx, false) == 0 &&
		   xs_read(XS_TX_NONE, "data/t3", buf, sizeof(buf)) == -ENOENT,
	       "an aborted transaction applies nothing");
	/* Many requests: the 1 KiB rings wrap many times. */
	volatile struct xen_xs_interface *r = sim.store_page;
	bool all = true;
	for (unsigned i = 0; i < 300; i++) {
		char path[32], val[64];
		snprintf(path, sizeof(path), "data/many/%u", i);
		snprintf(val, sizeof(val), "value-%u-%0*u", i, (int)(i % 40),
			 i);
		all &= xs_write(XS_TX_NONE, path, val) == 0;
		all &= xs_read(XS_TX_NONE, path, buf, sizeof(buf)) ==
			   (int)strlen(val) &&
		       !strcmp(buf, val);
	}
	TAP_OK(all && r->req_prod > 20 * XEN_XS_RING_SIZE &&
		   r->rsp_prod > 10 * XEN_XS_RING_SIZE,
	       "600 requests through wrapping rings (req %u, rsp %u bytes)",
	       r->req_prod, r->rsp_prod);
	n = xs_directory("data/many", buf, 64);
	TAP_OK(n == -E2BIG, "a listing larger than the buffer is -E2BIG");
	static char big[XEN_XS_PAYLOAD_MAX];
	n = xs_directory("data/many", big, sizeof(big));
	TAP_OK(n > XEN_XS_RING_SIZE,
	       "a %d-byte listing comes through the 1 KiB ring", n);
}

static const char inner[] = "[a write inside the other]";

static void write_inner(void)
{
	consoles[0]->write(inner, strlen(inner));
}

/*
 * A write made inside another, at a fault the kernel recovers from
 * (../fault_page.h): its bytes go in at the fault, the outer write's
 * after them, none written over.
 */
static void check_console_nested(void)
{
	static const char outer[] = "the outer write, faulting 20 bytes in\n";
	const size_t k = 20, n = strlen(outer);
	const char *p = fault_page_place(outer, n, k, write_inner);
	if (!p) {
		TAP_OK(false, "a write inside a write: set up");
		return;
	}
	sim.console_len = 0;
	consoles[0]->write(p, n);
	sim_run();
	char want[128];
	memcpy(want, outer, k);
	memcpy(want + k, inner, strlen(inner));
	memcpy(want + k + strlen(inner), outer + k, n - k);
	size_t len = n + strlen(inner);
	TAP_OK(fault_page_faults == 1 && sim.console_len == len &&
		   !memcmp(sim.console_out, want, len),
	       "a write inside a write, at a fault it recovers from, goes "
	       "in its place; the outer one's bytes after it (%zu of %zu "
	       "bytes)",
	       sim.console_len, len);
}

static void test_console(void)
{
	TAP_OK(xen_console_start() == 0 && nconsoles == 1 &&
		   !strcmp(consoles[0]->name, "xen"),
	       "the PV console registers as a console");
	const char *hello = "osv on the xen console\n";
	consoles[0]->write(hello, strlen(hello));
	sim_run(); /* the backend, as if on another CPU */
	TAP_OK(sim.console_len == strlen(hello) &&
		   !memcmp(sim.console_out, hello, strlen(hello)),
	       "its output arrives at the backend");
	static char text[10000];
	for (size_t i = 0; i < sizeof(text); i++)
		text[i] = (char)('a' + i % 23);
	sim.console_len = 0;
	sim.console_stuck = true; /* the ring fills before the backend runs */
	volatile struct xen_cons_interface *c = sim.console_page;
	consoles[0]->write(text, 100);
	TAP_OK(c->out_prod - c->out_cons == 100, "output waits in the ring");
	sim.console_stuck = false;
	consoles[0]->write(text + 100, sizeof(text) - 100);
	sim_run();
	TAP_OK(sim.console_len == sizeof(text) &&
		   !memcmp(sim.console_out, text, sizeof(text)),
	       "10000 bytes through the 2 KiB ring, in order");
	check_console_nested();
	sim.console_stuck = true;
	sim.console_len = 0;
	consoles[0]->write(text, sizeof(text));
	TAP_OK(c->out_prod - c->out_cons == XEN_CONS_OUT_SIZE,
	       "a backend that stops consuming does not hang the writer");
	sim.console_stuck = false;
	sim_run();
	consoles[0]->write("x", 1);
	TAP_OK(sim.console_len == XEN_CONS_OUT_SIZE,
	       "after a stall output is dropped, not blocked on");
	TAP_OK(!consoles[0]->input_irq && consoles[0]->start_input,
	       "input starts at the first read, not at boot");
	if (consoles[0]->start_input) /* what console.c does at that read */
		consoles[0]->start_input();
	TAP_OK(consoles[0]->input_irq,
	       "events come by interrupt: readers need not poll");
	c->in[c->in_prod++ % XEN_CONS_IN_SIZE] = 'k';
	uint64_t cport = 0;
	xen_hvm_get_param(XEN_HVM_PARAM_CONSOLE_EVTCHN, &cport);
	unsigned before = input_signals;
	sim_raise((xen_evtchn_port_t)cport);
	TAP_OK(input_signals == before + 1,
	       "the backend's event on the console port wakes the readers");
	TAP_OK(consoles[0]->read() == 'k' && consoles[0]->read() == -1,
	       "input comes from the in ring");
}

/* ---- blkfront ---- */

#define DISK_SECTORS 8192 /* 4 MiB */

static char disk_path[] = "/tmp/osv-xen-disk-XXXXXX";
static uint8_t *model; /* what the disk should hold */

static void fill(uint8_t *p, size_t n, unsigned seed)
{
	uint32_t x = seed * 2654435761u + 1;
	for (size_t i = 0; i < n; i++) {
		x = x * 1103515245u + 12345u;
		p[i] = (uint8_t)(x >> 16);
	}
}

static bool file_matches_model(void)
{
	static uint8_t buf[DISK_SECTORS * 512];
	FILE *f = fopen(disk_path, "rb");
	size_t n = f ? fread(buf, 1, sizeof(buf), f) : 0;
	if (f)
		fclose(f);
	return n == sizeof(buf) && !memcmp(buf, model, sizeof(buf));
}

struct io {
	struct blk_request req;
	uint8_t *mem; /* allocation the buffer is carved from */
};

/* A request of count sectors at sector, its buffer offset by skew. */
static void io_make(struct io *io, enum blk_op op, uint64_t sector,
		    uint32_t count, unsigned skew, unsigned seed)
{
	memset(io, 0, sizeof(*io));
	io->mem = heap_memalign(4096, count * 512 + 4096 + skew);
	io->req.op = op;
	io->req.sector = sector;
	io->req.count = count;
	io->req.buf = io->mem + skew;
	if (op == BLK_WRITE) {
		fill(io->req.buf, count * 512, seed);
		memcpy(model + sector * 512, io->req.buf, count * 512);
	}
}

/* Runs the backend, polls when interrupts are off; true when all done. */
static bool io_finish(struct blkdev *d, struct io *ios, unsigned n)
{
	for (int round = 0; round < 10000; round++) {
		bool all = true;
		for (unsigned i = 0; i < n; i++)
			all &= ios[i].req.done;
		if (all)
			return true;
		sim_run();
		if (sim.irq_off)
			d->ops->poll(d);
	}
	return false;
}

static bool io_ok(struct io *ios, unsigned n)
{
	bool ok = true;
	for (unsigned i = 0; i < n; i++) {
		ok &= ios[i].req.status == 0;
		if (ios[i].req.op == BLK_READ)
			ok &= !memcmp(ios[i].req.buf,
				      model + ios[i].req.sector * 512,
				      ios[i].req.count * 512);
	}
	return ok;
}

static void io_free(struct io *ios, unsigned n)
{
	for (unsigned i = 0; i < n; i++)
		heap_free(ios[i].mem);
}

static void make_disk(void)
{
	int fd = mkstemp(disk_path);
	model = calloc(DISK_SECTORS, 512);
	fill(model, DISK_SECTORS * 512, 7);
	if (fd < 0 ||
	    write(fd, model, DISK_SECTORS * 512) != DISK_SECTORS * 512)
		abort();
	close(fd);
}

static void test_blkfront_connect(void)
{
	make_disk();
	struct blkback_config cfg = {.file = disk_path,
				     .sectors = DISK_SECTORS,
				     .flush = true,
				     .hold = true};
	blkback_add(0, &cfg);
	blkfront_start();
	klog_len = 0;
	unsigned conflicts = store_conflicts();
	store_fail_next_commit(); /* blkfront must redo its transaction */
	xenbus_probe_all();
	struct xenbus_device *dev = xenbus_device_at(0);
	TAP_OK(dev && !strcmp(dev->nodename, "device/vbd/768") &&
		   !strcmp(dev->otherend, "backend/vbd/1/768"),
	       "xenbus finds device/vbd/768 and its backend");
	TAP_OK(ndisks == 1 && !strcmp(disks[0]->name, "vblk0") &&
		   disks[0]->sectors == DISK_SECTORS && disks[0]->can_flush &&
		   !disks[0]->read_only,
	       "blkfront registers vblk0: %u sectors, flush",
	       ndisks ? (unsigned)disks[0]->sectors : 0);
	const char *fe = store_get("device/vbd/768/state"),
		   *be = store_get("backend/vbd/1/768/state");
	TAP_OK(fe && be && !strcmp(fe, "4") && !strcmp(be, "4"),
	       "both ends are Connected (front %s, back %s)", fe ? fe : "-",
	       be ? be : "-");
	TAP_OK(store_conflicts() == conflicts + 1 &&
		   store_get("device/vbd/768/ring-ref"),
	       "its ring was published again after a transaction conflict");
	TAP_OK(store_get("device/vbd/768/protocol") &&
		   !strcmp(store_get("device/vbd/768/protocol"), "x86_64-abi"),
	       "the frontend published its protocol");
	TAP_OK(
	    strstr(klog, "blkfront: vblk0 at device/vbd/768: 8192 sectors") !=
		NULL,
	    "and says where the disk is");
}

static void test_blkfront_full_ring(struct blkdev *d)
{
	static struct io ios[XEN_BLKIF_RING_SIZE + 1];
	unsigned base = gnttab_free_count();
	int rc = 0;
	for (unsigned i = 0; i < XEN_BLKIF_RING_SIZE; i++) {
		io_make(&ios[i], BLK_WRITE, i * 200, 1 + i * 5 % 80,
			i % 3 * 100, i);
		rc |= d->ops->submit(d, &ios[i].req);
	}
	TAP_OK(rc == 0,
	       "32 writes submitted (1 to 80 sectors, some misaligned)");
	io_make(&ios[32], BLK_READ, 0, 1, 0, 0);
	TAP_OK(d->ops->submit(d, &ios[32].req) == -EAGAIN,
	       "a 33rd request finds the ring full: -EAGAIN");
	sim_run();
	struct blkback_stats st;
	blkback_stats(&st);
	TAP_OK(st.requests == 0, "the backend holds them");
	blkback_release();
	sim_run();
	blkback_stats(&st);
	TAP_OK(st.max_pending == 32, "the backend saw 32 requests in flight");
	TAP_OK(io_finish(d, ios, 32) && io_ok(ios, 32),
	       "all 32 complete, status 0");
	TAP_OK(file_matches_model(), "the file holds what was written");
	TAP_OK(gnttab_free_count() == base, "every grant was revoked");
	TAP_OK(st.bad_grants == 0, "the backend found every grant valid");
	io_free(ios, 33);
}

/* Random mixes of reads and writes, count requests at a time. */
static bool mixed_rounds(struct blkdev *d, unsigned rounds, unsigned count)
{
	static struct io ios[XEN_BLKIF_RING_SIZE];
	bool ok = true;
	uint32_t x = 99;
	for (unsigned r = 0; r < rounds; r++) {
		for (unsigned i = 0; i < count; i++) {
			x = x * 1103515245u + 12345u;
			uint32_t n = 1 + (x >> 8) % 80;
			/* Disjoint ranges within a round. */
			uint64_t sector =
			    i * (DISK_SECTORS / count) +
			    (x >> 20) % (DISK_SECTORS / count - n);
			io_make(&ios[i], (x >> 4) & 1 ? BLK_WRITE : BLK_READ,
				sector, n, (x >> 12) % 7 * 512 + (x & 1) * 3,
				x);
			ok &= d->ops->submit(d, &ios[i].req) == 0;
		}
		ok &= io_finish(d, ios, count) && io_ok(ios, count);
		io_free(ios, count);
	}
	return ok;
}

static void test_blkfront_io(struct blkdev *d)
{
	unsigned upcalls0 = sim.upcalls;
	TAP_OK(mixed_rounds(d, 20, 16), "20 rounds of 16 mixed requests");
	TAP_OK(sim.upcalls >= upcalls0 + 20,
	       "completions came through event upcalls (%u for 20 batches)",
	       sim.upcalls - upcalls0);
	struct blkback_stats st;
	blkback_stats(&st);
	TAP_OK(st.req_cons > 10 * XEN_BLKIF_RING_SIZE,
	       "the ring wrapped %u times", st.req_cons / XEN_BLKIF_RING_SIZE);
	TAP_OK(file_matches_model(), "the file matches byte for byte");
	unsigned upcalls = sim.upcalls;
	sim.irq_off = true;
	TAP_OK(mixed_rounds(d, 5, 32), "without interrupts, polling completes");
	TAP_OK(sim.upcalls == upcalls, "(no upcall was delivered meanwhile)");
	sim.irq_off = false;
	struct io fl;
	memset(&fl, 0, sizeof(fl));
	fl.req.op = BLK_FLUSH;
	TAP_OK(d->ops->submit(d, &fl.req) == 0 && io_finish(d, &fl, 1) &&
		   fl.req.status == 0,
	       "a flush completes");
	blkback_stats(&st);
	TAP_OK(st.flushes == 1, "and reached the backend as FLUSH_DISKCACHE");
	TAP_OK(file_matches_model(), "the file still matches");
	struct io past;
	io_make(&past, BLK_READ, DISK_SECTORS - 4, 8, 0, 0);
	TAP_OK(d->ops->submit(d, &past.req) == 0 && io_finish(d, &past, 1) &&
		   past.req.status == -EIO,
	       "a request the backend fails (past the end) completes -EIO");
	io_free(&past, 1);
	struct io big;
	io_make(&big, BLK_READ, 0, 81, 0, 0);
	TAP_OK(d->ops->submit(d, &big.req) == -EINVAL,
	       "a request over max_sectors (80) is refused: -EINVAL");
	io_free(&big, 1);
}

static void test_blkfront_close_early(void)
{
	struct blkback_config cfg = {
	    .file = disk_path, .sectors = DISK_SECTORS, .close_early = true};
	blkback_add(1, &cfg);
	klog_len = 0;
	xenbus_probe_all();
	TAP_OK(ndisks == 1, "a backend that closes early gives no disk");
	const char *fe = store_get("device/vbd/784/state");
	TAP_OK(fe && !strcmp(fe, "6"), "the frontend closed its end (state %s)",
	       fe ? fe : "-");
	TAP_OK(strstr(klog, "blkfront: device/vbd/784: the backend did not "
			    "connect (backend Closing)") != NULL,
	       "and says why");
	TAP_OK(xenbus_device_at(1) == NULL, "the device is not kept");
}

static void test_blkfront_silent(void)
{
	struct blkback_config cfg = {
	    .file = disk_path, .sectors = DISK_SECTORS, .silent = true};
	blkback_add(2, &cfg);
	klog_len = 0;
	uint64_t t0 = sim.now_ns;
	xenbus_probe_all();
	TAP_OK(ndisks == 1 && xenbus_device_at(1) == NULL,
	       "a backend that never answers gives no disk");
	TAP_OK(sim.now_ns - t0 >= 10000000000ULL &&
		   sim.now_ns - t0 < 11000000000ULL,
	       "the frontend waited its 10 s for it (%llu ms)",
	       (unsigned long long)((sim.now_ns - t0) / 1000000));
	TAP_OK(strstr(klog, "blkfront: device/vbd/800: the backend is not "
			    "ready (backend silent)") != NULL,
	       "and says why");
}

static void test_power(void)
{
	TAP_OK(xen_power_start() == 0 && hook && hook->priority > 10,
	       "the shutdown hook registers before ACPI's");
	hook->poweroff(3);
	TAP_OK(sim.shutdown_reason == XEN_SHUTDOWN_POWEROFF,
	       "poweroff: SCHEDOP_shutdown, reason poweroff");
	hook->reboot();
	TAP_OK(sim.shutdown_reason == XEN_SHUTDOWN_REBOOT,
	       "reboot: SCHEDOP_shutdown, reason reboot");
}

int main(void)
{
	/* Below 2 GiB: a v1 grant holds a 32-bit frame number. */
	size_t bytes = 32 << 20, align = 2 << 20;
	char *map = mmap(NULL, bytes + align, PROT_READ | PROT_WRITE,
			 MAP_PRIVATE | MAP_ANONYMOUS | MAP_32BIT, -1, 0);
	if (map == MAP_FAILED)
		return 99;
	uintptr_t ram = ((uintptr_t)map + align - 1) & ~(uintptr_t)(align - 1);
	sim_ram_lo = ram;
	sim_ram_hi = sim_ram_lo + bytes;
	page_alloc_add_range(sim_ram_lo, sim_ram_hi);
	test_no_xen();
	test_init();
	test_events();
	test_store();
	test_console();
	test_blkfront_connect();
	if (ndisks == 1) {
		test_blkfront_full_ring(disks[0]);
		test_blkfront_io(disks[0]);
	}
	test_blkfront_close_early();
	test_blkfront_silent();
	test_power();
	unlink(disk_path);
	return tap_done();
}
