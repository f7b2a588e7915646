/*
 * A XenStore server on the guest's store ring (io/xs_wire.h), for the
 * harness: a flat table of nodes (a write creates the missing parents),
 * directory listings of immediate children, watches that fire once
 * when set and then on every write or removal at or below their path,
 * and transactions whose writes apply at a committing end (a test can
 * make one end fail with EAGAIN, as a conflict does).  Replies queue in
 * an output buffer and go into the response ring as room appears, so
 * long replies wrap the ring like the real daemon's.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xen_sim.h"

#define NODES 512
#define WATCHES 32
#define TXS 8
#define TX_WRITES 32
#define STORE_PORT 1

struct node {
	char path[128];
	char value[256];
	bool used;
};

static struct node nodes[NODES];
static struct {
	char path[128], token[64];
	bool used;
} watches[WATCHES];
static struct {
	uint32_t id;
	unsigned n;
	struct node writes[TX_WRITES];
} txs[TXS];
static uint32_t next_tx;
static bool fail_commit;
static unsigned conflicts;
static unsigned requests;
static char out[65536];
static size_t out_len;

static struct node *find(const char *path)
{
	for (unsigned i = 0; i < NODES; i++)
		if (nodes[i].used && !strcmp(nodes[i].path, path))
			return &nodes[i];
	return NULL;
}

void store_reset(void)
{
	memset(nodes, 0, sizeof(nodes));
	memset(watches, 0, sizeof(watches));
	memset(txs, 0, sizeof(txs));
	next_tx = 1;
	fail_commit = false;
	requests = 0;
	out_len = 0;
}

unsigned store_conflicts(void)
{
	return conflicts;
}

unsigned store_requests(void)
{
	return requests;
}

void store_fail_next_commit(void)
{
	fail_commit = true;
}

const char *store_get(const char *path)
{
	struct node *n = find(path);
	return n ? n->value : NULL;
}

static void queue_msg(uint32_t type, uint32_t req_id, uint32_t tx,
		      const void *payload, uint32_t len)
{
	struct xen_xs_msg m = {type, req_id, tx, len};
	if (out_len + sizeof(m) + len > sizeof(out))
		abort(); /* the harness's own limit: a test bug */
	memcpy(out + out_len, &m, sizeof(m));
	memcpy(out + out_len + sizeof(m), payload, len);
	out_len += sizeof(m) + len;
}

/* path is at or below base (a whole path component). */
static bool below(const char *path, const char *base)
{
	size_t n = strlen(base);
	return !strncmp(path, base, n) && (path[n] == 0 || path[n] == '/');
}

static void fire_watches(const char *path)
{
	for (unsigned i = 0; i < WATCHES; i++) {
		if (!watches[i].used || !below(path, watches[i].path))
			continue;
		char p[256];
		size_t a = strlen(path) + 1, b = strlen(watches[i].token) + 1;
		memcpy(p, path, a);
		memcpy(p + a, watches[i].token, b);
		queue_msg(XS_WATCH_EVENT, 0, 0, p, (uint32_t)(a + b));
	}
}

static void set_one(const char *path, const char *value)
{
	struct node *n = find(path);
	for (unsigned i = 0; !n && i < NODES; i++)
		if (!nodes[i].used)
			n = &nodes[i];
	if (!n)
		abort();
	n->used = true;
	snprintf(n->path, sizeof(n->path), "%s", path);
	snprintf(n->value, sizeof(n->value), "%s", value);
}

void store_set(const char *path, const char *value)
{
	char parent[128];
	snprintf(parent, sizeof(parent), "%s", path);
	for (char *s = strchr(parent, '/'); s; s = strchr(s + 1, '/')) {
		*s = 0;
		if (!find(parent))
			set_one(parent, "");
		*s = '/';
	}
	set_one(path, value);
	fire_watches(path);
}

static void store_rm(const char *path)
{
	for (unsigned i = 0; i < NODES; i++)
		if (nodes[i].used && below(nodes[i].path, path))
			nodes[i].used = false;
	fire_watches(path);
}

static void error(uint32_t req_id, uint32_t tx, const char *e)
{
	queue_msg(XS_ERROR, req_id, tx, e, (uint32_t)strlen(e) + 1);
}

static void ok(uint32_t type, uint32_t req_id, uint32_t tx)
{
	queue_msg(type, req_id, tx, "OK", 3);
}

static int tx_index(uint32_t id)
{
	for (int i = 0; i < TXS; i++)
		if (txs[i].id && txs[i].id == id)
			return i;
	return -1;
}

static void directory(const struct xen_xs_msg *m, const char *path)
{
	char list[4096];
	size_t len = 0, plen = strlen(path);
	if (!find(path)) {
		error(m->req_id, m->tx_id, "ENOENT");
		return;
	}
	for (unsigned i = 0; i < NODES; i++) {
		const char *p = nodes[i].path;
		if (!nodes[i].used || strncmp(p, path, plen) ||
		    p[plen] != '/' || strchr(p + plen + 1, '/'))
			continue;
		size_t n = strlen(p + plen + 1) + 1;
		memcpy(list + len, p + plen + 1, n);
		len += n;
	}
	queue_msg(XS_DIRECTORY, m->req_id, m->tx_id, list, (uint32_t)len);
}

static void read_node(const struct xen_xs_msg *m, const char *path)
{
	int t = tx_index(m->tx_id);
	for (unsigned i = 0; t >= 0 && i < txs[t].n; i++)
		if (!strcmp(txs[t].writes[i].path, path)) {
			const char *v = txs[t].writes[i].value;
			queue_msg(XS_READ, m->req_id, m->tx_id, v,
				  (uint32_t)strlen(v));
			return;
		}
	struct node *n = find(path);
	if (!n)
		error(m->req_id, m->tx_id, "ENOENT");
	else
		queue_msg(XS_READ, m->req_id, m->tx_id, n->value,
			  (uint32_t)strlen(n->value));
}

static void write_node(const struct xen_xs_msg *m, const char *body)
{
	size_t plen = strnlen(body, m->len);
	if (plen == m->len) {
		error(m->req_id, m->tx_id, "EINVAL");
		return;
	}
	char value[256];
	snprintf(value, sizeof(value), "%.*s", (int)(m->len - plen - 1),
		 body + plen + 1);
	if (m->tx_id) {
		int t = tx_index(m->tx_id);
		if (t < 0 || txs[t].n == TX_WRITES) {
			error(m->req_id, m->tx_id, t < 0 ? "ENOENT" : "ENOSPC");
			return;
		}
		struct node *w = &txs[t].writes[txs[t].n++];
		snprintf(w->path, sizeof(w->path), "%s", body);
		snprintf(w->value, sizeof(w->value), "%s", value);
	} else {
		store_set(body, value);
	}
	ok(XS_WRITE, m->req_id, m->tx_id);
}

static void tx_start(const struct xen_xs_msg *m)
{
	for (int i = 0; i < TXS; i++) {
		if (txs[i].id)
			continue;
		txs[i].id = next_tx++;
		txs[i].n = 0;
		char id[16];
		int n = snprintf(id, sizeof(id), "%u", txs[i].id);
		queue_msg(XS_TRANSACTION_START, m->req_id, 0, id,
			  (uint32_t)n + 1);
		return;
	}
	error(m->req_id, 0, "EAGAIN");
}

static void tx_end(const struct xen_xs_msg *m, const char *arg)
{
	int t = tx_index(m->tx_id);
	if (t < 0) {
		error(m->req_id, m->tx_id, "ENOENT");
		return;
	}
	bool commit = !strcmp(arg, "T");
	if (commit && fail_commit) {
		fail_commit = false;
		conflicts++;
		txs[t].id = 0;
		error(m->req_id, m->tx_id, "EAGAIN");
		return;
	}
	for (unsigned i = 0; commit && i < txs[t].n; i++)
		store_set(txs[t].writes[i].path, txs[t].writes[i].value);
	txs[t].id = 0;
	ok(XS_TRANSACTION_END, m->req_id, m->tx_id);
}

static void watch(const struct xen_xs_msg *m, const char *body, bool add)
{
	size_t plen = strnlen(body, m->len);
	const char *token = body + plen + 1;
	if (plen + 1 >= m->len) {
		error(m->req_id, 0, "EINVAL");
		return;
	}
	for (unsigned i = 0; i < WATCHES; i++) {
		if (add && !watches[i].used) {
			watches[i].used = true;
			snprintf(watches[i].path, sizeof(watches[i].path), "%s",
				 body);
			snprintf(watches[i].token, sizeof(watches[i].token),
				 "%s", token);
			ok(XS_WATCH, m->req_id, 0);
			/* A new watch fires once at once. */
			char p[256];
			size_t a = plen + 1, b = strlen(token) + 1;
			memcpy(p, body, a);
			memcpy(p + a, token, b);
			queue_msg(XS_WATCH_EVENT, 0, 0, p, (uint32_t)(a + b));
			return;
		}
		if (!add && watches[i].used && !strcmp(watches[i].path, body) &&
		    !strcmp(watches[i].token, token)) {
			watches[i].used = false;
			ok(XS_UNWATCH, m->req_id, 0);
			return;
		}
	}
	error(m->req_id, 0, add ? "ENOSPC" : "ENOENT");
}

static void handle(const struct xen_xs_msg *m, char *body)
{
	requests++;
	body[m->len] = 0;
	switch (m->type) {
	case XS_READ:
		read_node(m, body);
		break;
	case XS_WRITE:
		write_node(m, body);
		break;
	case XS_DIRECTORY:
		directory(m, body);
		break;
	case XS_RM:
		store_rm(body);
		ok(XS_RM, m->req_id, m->tx_id);
		break;
	case XS_TRANSACTION_START:
		tx_start(m);
		break;
	case XS_TRANSACTION_END:
		tx_end(m, body);
		break;
	case XS_WATCH:
	case XS_UNWATCH:
		watch(m, body, m->type == XS_WATCH);
		break;
	default:
		error(m->req_id, m->tx_id, "ENOSYS");
	}
}

/* Takes one whole request off the ring; false when none is complete. */
static bool take_request(volatile struct xen_xs_interface *r)
{
	struct xen_xs_msg m;
	static char body[XEN_XS_PAYLOAD_MAX + 1];
	uint32_t avail = r->req_prod - r->req_cons;
	if (avail < sizeof(m))
		return false;
	char *d = (char *)&m;
	for (uint32_t i = 0; i < sizeof(m); i++)
		d[i] = r->req[(r->req_cons + i) % XEN_XS_RING_SIZE];
	if (m.len > XEN_XS_PAYLOAD_MAX)
		abort(); /* the client must never send this */
	if (avail < sizeof(m) + m.len)
		return false;
	for (uint32_t i = 0; i < m.len; i++)
		body[i] =
		    r->req[(r->req_cons + sizeof(m) + i) % XEN_XS_RING_SIZE];
	r->req_cons += sizeof(m) + m.len;
	handle(&m, body);
	return true;
}

/* Moves queued replies into the response ring as far as room allows. */
static bool flush_out(volatile struct xen_xs_interface *r)
{
	uint32_t room = XEN_XS_RING_SIZE - (r->rsp_prod - r->rsp_cons);
	size_t n = out_len < room ? out_len : room;
	for (size_t i = 0; i < n; i++)
		r->rsp[(r->rsp_prod + i) % XEN_XS_RING_SIZE] = out[i];
	__atomic_thread_fence(__ATOMIC_RELEASE);
	r->rsp_prod += (uint32_t)n;
	memmove(out, out + n, out_len - n);
	out_len -= n;
	return n > 0;
}

bool store_run(void)
{
	volatile struct xen_xs_interface *r = sim.store_page;
	bool did = false;
	while (take_request(r))
		did = true;
	if (flush_out(r)) {
		sim_raise(STORE_PORT);
		did = true;
	}
	return did;
}
