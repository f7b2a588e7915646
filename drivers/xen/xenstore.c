/*
 * XenStore client over the shared ring page (io/xs_wire.h): two byte
 * rings of 1 KiB, requests from us and responses to us, each with
 * free-running producer and consumer indexes.  A message is a 16-byte
 * header (type, request id, transaction id, length) and its payload:
 * NUL-terminated strings, the value of a write unterminated.  After
 * writing we notify the store's event channel; we read replies by
 * polling the ring with a timeout (xen_hv.h), so the client works in
 * early boot and fails cleanly when the store does not answer.
 *
 * One request is outstanding at a time (the busy flag, which does not
 * mask interrupts: a reply may take long).  Watch events can arrive
 * between replies; they are queued by token for xs_wait_watch().
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "klog.h"
#include "xen.h"
#include "xen_hv.h"

#define REPLY_TIMEOUT_NS (5 * 1000000000ULL)
#define EVENTS_MAX 16
#define TOKEN_MAX 32

static volatile struct xen_xs_interface *ring;
static xen_evtchn_port_t store_port;
static volatile int busy;
static uint32_t next_req_id = 1;
static char reply[XEN_XS_PAYLOAD_MAX + 1];
static char events[EVENTS_MAX][TOKEN_MAX]; /* tokens of queued events */
static unsigned event_count;

int xs_init(void *page, xen_evtchn_port_t port)
{
	ring = page;
	store_port = port;
	return 0;
}

static void take(void)
{
	while (__atomic_exchange_n(&busy, 1, __ATOMIC_ACQUIRE))
		xen_hv_relax();
}

static void give(void)
{
	__atomic_store_n(&busy, 0, __ATOMIC_RELEASE);
}

static int put_bytes(const void *p, uint32_t n, uint64_t deadline)
{
	const char *s = p;
	while (n) {
		uint32_t prod = ring->req_prod;
		uint32_t space = XEN_XS_RING_SIZE - (prod - ring->req_cons);
		if (!space) {
			evtchn_notify(store_port);
			if (xen_hv_now_ns() > deadline)
				return -ETIMEDOUT;
			xen_hv_relax();
			continue;
		}
		uint32_t k = 0;
		for (; k < space && k < n; k++)
			ring->req[(prod + k) % XEN_XS_RING_SIZE] = s[k];
		__atomic_thread_fence(__ATOMIC_RELEASE);
		ring->req_prod = prod + k;
		s += k;
		n -= k;
	}
	return 0;
}

static int get_bytes(void *p, uint32_t n, uint64_t deadline)
{
	char *d = p;
	while (n) {
		uint32_t cons = ring->rsp_cons;
		uint32_t avail = ring->rsp_prod - cons;
		if (!avail) {
			if (xen_hv_now_ns() > deadline)
				return -ETIMEDOUT;
			xen_hv_relax();
			continue;
		}
		__atomic_thread_fence(__ATOMIC_ACQUIRE);
		uint32_t k = 0;
		for (; k < avail && k < n; k++)
			d[k] = ring->rsp[(cons + k) % XEN_XS_RING_SIZE];
		__atomic_thread_fence(__ATOMIC_RELEASE);
		ring->rsp_cons = cons + k;
		evtchn_notify(store_port);
		d += k;
		n -= k;
	}
	return 0;
}

/* Reads one message into reply; -EIO when it is too long to hold. */
static int get_message(struct xen_xs_msg *m, uint64_t deadline)
{
	int rc = get_bytes(m, sizeof(*m), deadline);
	if (rc)
		return rc;
	if (m->len > XEN_XS_PAYLOAD_MAX)
		return -EIO;
	rc = get_bytes(reply, m->len, deadline);
	reply[m->len] = 0;
	return rc;
}

/* A watch event's payload is the path, then the token. */
static void queue_event(uint32_t len)
{
	size_t plen = strnlen(reply, len);
	if (plen + 1 >= len)
		return;
	if (event_count == EVENTS_MAX) { /* the oldest goes */
		memmove(events[0], events[1], sizeof(events) - TOKEN_MAX);
		event_count--;
	}
	snprintf(events[event_count++], TOKEN_MAX, "%s", reply + plen + 1);
}

static const struct {
	const char *name;
	int errnum;
} errors[] = {
    {"ENOENT", ENOENT}, {"EACCES", EACCES}, {"EEXIST", EEXIST},
    {"EAGAIN", EAGAIN}, {"EINVAL", EINVAL}, {"ENOSPC", ENOSPC},
    {"EBUSY", EBUSY},	{"EISDIR", EISDIR}, {"E2BIG", E2BIG},
};

static int error_of(const char *name)
{
	for (size_t i = 0; i < sizeof(errors) / sizeof(errors[0]); i++)
		if (!strcmp(name, errors[i].name))
			return -errors[i].errnum;
	return -EIO;
}

/*
 * Sends a request of n parts and waits for its reply (in reply, its
 * length returned).  The caller holds the busy flag.
 */
static int transact(uint32_t type, uint32_t tx, const char *const *parts,
		    const uint32_t *lens, unsigned n)
{
	if (!ring)
		return -ENODEV;
	uint64_t deadline = xen_hv_now_ns() + REPLY_TIMEOUT_NS;
	struct xen_xs_msg m = {
	    .type = type, .req_id = next_req_id++, .tx_id = tx};
	for (unsigned i = 0; i < n; i++)
		m.len += lens[i];
	if (m.len > XEN_XS_PAYLOAD_MAX)
		return -E2BIG;
	int rc = put_bytes(&m, sizeof(m), deadline);
	for (unsigned i = 0; !rc && i < n; i++)
		rc = put_bytes(parts[i], lens[i], deadline);
	if (rc)
		return rc;
	evtchn_notify(store_port);
	uint32_t want = m.req_id;
	for (;;) {
		rc = get_message(&m, deadline);
		if (rc)
			return rc;
		if (m.type == XS_WATCH_EVENT) {
			queue_event(m.len);
			continue;
		}
		if (m.req_id != want)
			continue; /* a stale reply: skip it */
		if (m.type == XS_ERROR)
			return error_of(reply);
		return (int)m.len;
	}
}

/* A request whose payload is strings, each sent with its NUL. */
static int request(uint32_t type, uint32_t tx, const char *a, const char *b)
{
	const char *parts[2] = {a, b};
	uint32_t lens[2] = {(uint32_t)strlen(a) + 1,
			    b ? (uint32_t)strlen(b) + 1 : 0};
	take();
	int rc = transact(type, tx, parts, lens, b ? 2 : 1);
	give();
	return rc;
}

int xs_read(uint32_t tx, const char *path, char *buf, size_t size)
{
	take();
	const char *parts[1] = {path};
	uint32_t lens[1] = {(uint32_t)strlen(path) + 1};
	int n = transact(XS_READ, tx, parts, lens, 1);
	if (n >= 0 && size)
		snprintf(buf, size, "%.*s", n, reply);
	give();
	return n;
}

int xs_read_u64(uint32_t tx, const char *path, uint64_t *value)
{
	char buf[32];
	int n = xs_read(tx, path, buf, sizeof(buf));
	if (n < 0)
		return n;
	if (n == 0 || n >= (int)sizeof(buf))
		return -EINVAL;
	uint64_t v = 0;
	for (int i = 0; i < n; i++) {
		if (buf[i] < '0' || buf[i] > '9')
			return -EINVAL;
		v = v * 10 + (uint64_t)(buf[i] - '0');
	}
	*value = v;
	return 0;
}

int xs_write(uint32_t tx, const char *path, const char *value)
{
	/* The value goes without its NUL. */
	const char *parts[2] = {path, value};
	uint32_t lens[2] = {(uint32_t)strlen(path) + 1,
			    (uint32_t)strlen(value)};
	take();
	int rc = transact(XS_WRITE, tx, parts, lens, 2);
	give();
	return rc < 0 ? rc : 0;
}

int xs_printf(uint32_t tx, const char *path, const char *fmt, ...)
{
	char value[128];
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(value, sizeof(value), fmt, ap);
	va_end(ap);
	if (n < 0 || n >= (int)sizeof(value))
		return -E2BIG;
	return xs_write(tx, path, value);
}

int xs_directory(const char *path, char *buf, size_t size)
{
	take();
	const char *parts[1] = {path};
	uint32_t lens[1] = {(uint32_t)strlen(path) + 1};
	int n = transact(XS_DIRECTORY, XS_TX_NONE, parts, lens, 1);
	if (n >= 0) {
		if ((size_t)n > size)
			n = -E2BIG;
		else
			memcpy(buf, reply, (size_t)n);
	}
	give();
	return n;
}

int xs_rm(uint32_t tx, const char *path)
{
	int rc = request(XS_RM, tx, path, NULL);
	return rc < 0 ? rc : 0;
}

int xs_transaction_start(uint32_t *tx)
{
	take();
	const char *parts[1] = {""};
	uint32_t lens[1] = {1};
	int n = transact(XS_TRANSACTION_START, XS_TX_NONE, parts, lens, 1);
	uint32_t id = 0;
	for (int i = 0; n > 0 && i < n && reply[i]; i++)
		id = id * 10 + (uint32_t)(reply[i] - '0');
	give();
	if (n < 0)
		return n;
	*tx = id;
	return id ? 0 : -EIO;
}

int xs_transaction_end(uint32_t tx, bool commit)
{
	int rc = request(XS_TRANSACTION_END, tx, commit ? "T" : "F", NULL);
	return rc < 0 ? rc : 0;
}

int xs_watch(const char *path, const char *token)
{
	int rc = request(XS_WATCH, XS_TX_NONE, path, token);
	return rc < 0 ? rc : 0;
}

int xs_unwatch(const char *path, const char *token)
{
	int rc = request(XS_UNWATCH, XS_TX_NONE, path, token);
	return rc < 0 ? rc : 0;
}

/* Takes a queued event for token; true when there was one. */
static bool take_event(const char *token)
{
	for (unsigned i = 0; i < event_count; i++) {
		if (strcmp(events[i], token))
			continue;
		memmove(events[i], events[i + 1],
			(event_count - i - 1) * sizeof(events[0]));
		event_count--;
		return true;
	}
	return false;
}

int xs_wait_watch(const char *token, uint64_t timeout_ns)
{
	uint64_t deadline = xen_hv_now_ns() + timeout_ns;
	take();
	int rc = 0;
	while (!take_event(token)) {
		struct xen_xs_msg m;
		rc = get_message(&m, deadline);
		if (rc)
			break;
		if (m.type == XS_WATCH_EVENT)
			queue_event(m.len);
	}
	give();
	return rc;
}
