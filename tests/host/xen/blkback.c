/*
 * A block backend for the harness (io/blkif.h), serving a host file
 * the way Xen's blkback does: it publishes the disk under
 * backend/vbd/1/<id> and goes InitWait; when the frontend is
 * Initialised it maps the ring through its grant reference, checks the
 * event channel, and goes Connected.  It serves requests when notified
 * (and asks for the next notification through req_event, rechecking
 * as io/ring.h's final check does), mapping each segment's grant with
 * the access the operation needs, and notifies the frontend only when
 * rsp_event asks.  Options make it close instead of connecting, hold
 * requests on the ring, or serve a few per run.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "xen_sim.h"

#define GUEST_DOMID 1
#define DEVS 4

struct dev {
	bool used, connected, closed;
	struct blkback_config cfg;
	char fe[64], be[64];
	int fd;
	volatile struct xen_blkif_sring *sring;
	xen_grant_ref_t ring_ref;
	xen_evtchn_port_t port;
	unsigned kicks_seen;
	uint32_t req_cons, rsp_prod_pvt;
};

static struct dev devs[DEVS];
static struct blkback_stats stats;
static bool released;

static void node(const struct dev *d, const char *name, const char *fmt,
		 unsigned long long v)
{
	char path[128], value[32];
	snprintf(path, sizeof(path), "%s/%s", d->be, name);
	snprintf(value, sizeof(value), fmt, v);
	store_set(path, value);
}

void blkback_add(unsigned id, const struct blkback_config *cfg)
{
	struct dev *d = &devs[id % DEVS];
	memset(d, 0, sizeof(*d));
	d->used = true;
	d->cfg = *cfg;
	d->fd = open(cfg->file, cfg->read_only ? O_RDONLY : O_RDWR);
	if (d->fd < 0)
		abort();
	memset(&stats, 0, sizeof(stats));
	released = false;
	snprintf(d->fe, sizeof(d->fe), "device/vbd/%u", 768 + id * 16);
	snprintf(d->be, sizeof(d->be), "backend/vbd/%d/%u", GUEST_DOMID,
		 768 + id * 16);
	char path[128];
	snprintf(path, sizeof(path), "%s/backend", d->fe);
	store_set(path, d->be);
	snprintf(path, sizeof(path), "%s/backend-id", d->fe);
	store_set(path, "0");
	snprintf(path, sizeof(path), "%s/state", d->fe);
	store_set(path, "1");
	node(d, "sectors", "%llu", cfg->sectors);
	node(d, "sector-size", "%llu", 512);
	node(d, "info", "%llu", cfg->read_only ? XEN_VDISK_READONLY : 0);
	node(d, "feature-flush-cache", "%llu", cfg->flush);
	node(d, "state", "%llu",
	     cfg->silent ? XENBUS_INITIALISING : XENBUS_INITWAIT);
	d->closed = cfg->silent; /* never looks at the frontend */
}

void blkback_release(void)
{
	released = true;
	for (unsigned i = 0; i < DEVS; i++)
		devs[i].kicks_seen = (unsigned)-1; /* look at the ring again */
}

void blkback_stats(struct blkback_stats *out)
{
	*out = stats;
	out->req_cons = devs[0].req_cons;
	out->connected = devs[0].connected;
}

static uint64_t fe_u64(const struct dev *d, const char *name)
{
	char path[128];
	snprintf(path, sizeof(path), "%s/%s", d->fe, name);
	const char *v = store_get(path);
	return v ? strtoull(v, NULL, 10) : (uint64_t)-1;
}

static void try_connect(struct dev *d)
{
	if (fe_u64(d, "state") != XENBUS_INITIALISED)
		return;
	if (d->cfg.close_early) {
		d->closed = true;
		node(d, "state", "%llu", XENBUS_CLOSING);
		return;
	}
	const char *why = "bad event channel";
	uint64_t ref = fe_u64(d, "ring-ref"), port = fe_u64(d, "event-channel");
	void *ring = NULL;
	if (port < SIM_PORTS && sim.ports[port].owner == PORT_GUEST &&
	    sim.ports[port].remote == SIM_BACKEND_DOMID)
		ring = sim_map_grant((xen_grant_ref_t)ref, SIM_BACKEND_DOMID,
				     true, &why);
	if (!ring) {
		fprintf(stderr, "# blkback: %s: %s\n", d->fe, why);
		d->closed = true;
		node(d, "state", "%llu", XENBUS_CLOSING);
		return;
	}
	d->sring = ring;
	d->ring_ref = (xen_grant_ref_t)ref;
	d->port = (xen_evtchn_port_t)port;
	d->kicks_seen = sim.ports[port].kicks;
	d->connected = true;
	node(d, "state", "%llu", XENBUS_CONNECTED);
}

/* One segment's bytes to or from the file; 0 or -1. */
static int do_segment(struct dev *d, const struct xen_blkif_segment *s,
		      bool to_guest, off_t *pos)
{
	if (s->first_sect > s->last_sect || s->last_sect > 7)
		return -1;
	const char *why;
	char *page = sim_map_grant(s->gref, SIM_BACKEND_DOMID, to_guest, &why);
	if (!page) {
		fprintf(stderr, "# blkback: grant %u: %s\n", s->gref, why);
		stats.bad_grants++;
		return -1;
	}
	size_t len = (size_t)(s->last_sect - s->first_sect + 1) * 512;
	char *p = page + s->first_sect * 512;
	ssize_t n =
	    to_guest ? pread(d->fd, p, len, *pos) : pwrite(d->fd, p, len, *pos);
	sim_unmap_grant(s->gref, to_guest);
	*pos += (off_t)len;
	return n == (ssize_t)len ? 0 : -1;
}

static int16_t serve(struct dev *d, const struct xen_blkif_request *r)
{
	if (r->operation == XEN_BLKIF_OP_FLUSH_DISKCACHE) {
		stats.flushes++;
		return fsync(d->fd) ? XEN_BLKIF_RSP_ERROR : XEN_BLKIF_RSP_OKAY;
	}
	if (r->operation != XEN_BLKIF_OP_READ &&
	    r->operation != XEN_BLKIF_OP_WRITE)
		return XEN_BLKIF_RSP_EOPNOTSUPP;
	bool to_guest = r->operation == XEN_BLKIF_OP_READ;
	if (!to_guest && d->cfg.read_only)
		return XEN_BLKIF_RSP_ERROR;
	if (r->nr_segments == 0 || r->nr_segments > XEN_BLKIF_MAX_SEGMENTS)
		return XEN_BLKIF_RSP_ERROR;
	off_t pos = (off_t)r->sector_number * 512;
	for (unsigned i = 0; i < r->nr_segments; i++) {
		if ((uint64_t)pos / 512 >= d->cfg.sectors ||
		    do_segment(d, &r->seg[i], to_guest, &pos))
			return XEN_BLKIF_RSP_ERROR;
	}
	return (uint64_t)pos / 512 <= d->cfg.sectors ? XEN_BLKIF_RSP_OKAY
						     : XEN_BLKIF_RSP_ERROR;
}

static void push_responses(struct dev *d)
{
	uint32_t old = d->sring->h.rsp_prod, now = d->rsp_prod_pvt;
	__atomic_thread_fence(__ATOMIC_RELEASE);
	d->sring->h.rsp_prod = now;
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	if (now - d->sring->h.rsp_event < now - old)
		sim_raise(d->port);
}

/* Serves what is on the ring (within the per-run budget). */
static bool serve_ring(struct dev *d)
{
	unsigned budget = d->cfg.per_run ? d->cfg.per_run : ~0u;
	bool did = false;
	for (;;) {
		uint32_t rp = d->sring->h.req_prod;
		__atomic_thread_fence(__ATOMIC_ACQUIRE);
		if (rp - d->rsp_prod_pvt > stats.max_pending)
			stats.max_pending = rp - d->rsp_prod_pvt;
		while (d->req_cons != rp && budget) {
			struct xen_blkif_request r;
			memcpy(&r,
			       (const void *)&d->sring
				   ->ring[d->req_cons % XEN_BLKIF_RING_SIZE]
				   .req,
			       sizeof(r));
			d->req_cons++;
			budget--;
			stats.requests++;
			struct xen_blkif_response rsp = {
			    .id = r.id,
			    .operation = r.operation,
			    .status = serve(d, &r),
			};
			memcpy(
			    (void *)&d->sring
				->ring[d->rsp_prod_pvt++ % XEN_BLKIF_RING_SIZE]
				.rsp,
			    &rsp, sizeof(rsp));
			did = true;
		}
		if (did)
			push_responses(d);
		if (!budget)
			return did; /* more next run */
		/* Final check: ask for a notification, then look again. */
		d->sring->h.req_event = d->req_cons + 1;
		__atomic_thread_fence(__ATOMIC_SEQ_CST);
		if (d->sring->h.req_prod == d->req_cons)
			return did;
	}
}

bool blkback_run(void)
{
	bool did = false;
	for (unsigned i = 0; i < DEVS; i++) {
		struct dev *d = &devs[i];
		if (!d->used || d->closed)
			continue;
		if (!d->connected) {
			try_connect(d);
			did |= d->connected || d->closed;
			continue;
		}
		if (d->cfg.hold && !released)
			continue;
		unsigned kicks = sim.ports[d->port].kicks;
		bool more = d->sring->h.req_prod != d->req_cons &&
			    d->cfg.per_run; /* budget left work behind */
		if (kicks == d->kicks_seen && !more)
			continue;
		d->kicks_seen = kicks;
		did |= serve_ring(d);
	}
	return did;
}
