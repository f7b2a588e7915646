/*
 * The engine and its tables.  Connections with a 4-tuple (SYN_SENT
 * onwards) are in conn_table; every bound connection, listeners included,
 * is in port_table by local port, which bind conflicts and listener
 * lookups walk.  All connections are on one list that the timers scan;
 * eng->deadline keeps that scan off the common path.
 */
#include <errno.h>
#include <string.h>

#include "tcp_impl.h"

void tcp_config_default(struct tcp_config *cfg)
{
	*cfg = (struct tcp_config){
	    .msl = 30 * TCP_SEC,
	    .rto_initial = TCP_SEC,
	    .rto_min = 200 * TCP_MS,
	    .rto_max = 120 * TCP_SEC,
	    .delack = 40 * TCP_MS,
	    .fin_timeout = 60 * TCP_SEC,
	    .retries = 15,
	    .syn_retries = 6,
	    .synack_retries = 5,
	    .sndbuf = 128 * 1024,
	    .rcvbuf = 128 * 1024,
	    .buf_max = 4 * 1024 * 1024,
	    .max_conns = 4096,
	    .port_first = 32768,
	    .port_last = 60999,
	    .port_start = 32768,
	};
}

struct tcp_engine *tcp_engine_create(const struct tcp_ops *ops,
				     const struct tcp_config *cfg)
{
	struct tcp_engine *eng = TCP_MALLOC(sizeof(*eng));

	if (!eng)
		return NULL;
	memset(eng, 0, sizeof(*eng));
	eng->ops = *ops;
	if (cfg)
		eng->cfg = *cfg;
	else
		tcp_config_default(&eng->cfg);
	if (eng->cfg.buf_max < TCP_BUF_MIN)
		eng->cfg.buf_max = TCP_BUF_MIN;
	eng->port_next = eng->cfg.port_start;
	eng->deadline = UINT64_MAX;
	eng->scratch_len = TCP_HDR_LEN + TCP_OPT_SPACE + 65535;
	eng->scratch = TCP_MALLOC(eng->scratch_len);
	if (!eng->scratch) {
		TCP_FREE(eng);
		return NULL;
	}
	return eng;
}

void tcp_engine_destroy(struct tcp_engine *eng)
{
	while (eng->all)
		tcp_conn_free(eng->all);
	TCP_FREE(eng->scratch);
	TCP_FREE(eng);
}

void tcp_engine_stats(const struct tcp_engine *eng, struct tcp_stats *st)
{
	*st = eng->stats;
	st->conns = eng->n_conns;
}

struct tcp_conn *tcp_conn_new(struct tcp_engine *eng)
{
	struct tcp_conn *c;

	if (eng->n_conns >= eng->cfg.max_conns)
		return NULL;
	c = TCP_MALLOC(sizeof(*c));
	if (!c)
		return NULL;
	memset(c, 0, sizeof(*c));
	c->eng = eng;
	c->state = TCP_CLOSED;
	c->sndbuf = eng->cfg.sndbuf;
	c->rcvbuf = eng->cfg.rcvbuf;
	c->linger = -1;
	c->keepidle = 7200;
	c->keepintvl = 75;
	c->keepcnt = 9;
	c->rto = eng->cfg.rto_initial;
	c->smss = c->rmss = TCP_MSS_DEFAULT;
	c->next = eng->all;
	if (eng->all)
		eng->all->prev = c;
	eng->all = c;
	eng->n_conns++;
	return c;
}

static unsigned port_bucket(uint16_t port)
{
	return port % TCP_BUCKETS;
}

static unsigned conn_bucket(uint32_t laddr, uint16_t lport, uint32_t raddr,
			    uint16_t rport)
{
	uint32_t h = laddr * 0x9e3779b1u ^ raddr * 0x85ebca6bu;

	h ^= ((uint32_t)lport << 16 | rport) * 0xc2b2ae35u;
	return (h ^ h >> 15) % TCP_BUCKETS;
}

static void unlink_from(struct tcp_conn **head, struct tcp_conn *c,
			bool by_port)
{
	for (; *head; head = by_port ? &(*head)->bnext : &(*head)->hnext) {
		if (*head == c) {
			*head = by_port ? c->bnext : c->hnext;
			return;
		}
	}
}

void tcp_conn_free(struct tcp_conn *c)
{
	struct tcp_engine *eng = c->eng;

	tcp_unhash(c);
	if (c->bound)
		unlink_from(&eng->port_table[port_bucket(c->lport)], c, true);
	if (c->prev)
		c->prev->next = c->next;
	else
		eng->all = c->next;
	if (c->next)
		c->next->prev = c->prev;
	tcp_ring_free(&c->sndq);
	tcp_ring_free(&c->rcvq);
	eng->n_conns--;
	TCP_FREE(c);
}

void tcp_hash(struct tcp_conn *c)
{
	struct tcp_conn **head = &c->eng->conn_table[conn_bucket(
	    c->laddr, c->lport, c->raddr, c->rport)];

	c->hnext = *head;
	*head = c;
	c->hashed = true;
}

void tcp_unhash(struct tcp_conn *c)
{
	if (!c->hashed)
		return;
	unlink_from(&c->eng->conn_table[conn_bucket(c->laddr, c->lport,
						    c->raddr, c->rport)],
		    c, false);
	c->hashed = false;
}

void tcp_port_add(struct tcp_conn *c)
{
	struct tcp_conn **head = &c->eng->port_table[port_bucket(c->lport)];

	c->bnext = *head;
	*head = c;
	c->bound = true;
}

struct tcp_conn *tcp_lookup(struct tcp_engine *eng, uint32_t laddr,
			    uint16_t lport, uint32_t raddr, uint16_t rport)
{
	struct tcp_conn *c =
	    eng->conn_table[conn_bucket(laddr, lport, raddr, rport)];

	for (; c; c = c->hnext)
		if (c->laddr == laddr && c->lport == lport &&
		    c->raddr == raddr && c->rport == rport)
			return c;
	return NULL;
}

struct tcp_conn *tcp_lookup_listener(struct tcp_engine *eng, uint32_t laddr,
				     uint16_t lport)
{
	struct tcp_conn *c = eng->port_table[port_bucket(lport)];
	struct tcp_conn *wild = NULL;

	for (; c; c = c->bnext) {
		if (c->state != TCP_LISTEN || c->lport != lport)
			continue;
		if (c->laddr == laddr)
			return c;
		if (c->laddr == 0)
			wild = c;
	}
	return wild;
}

/*
 * Another user of the port blocks a bind unless the addresses differ
 * (neither wildcard), or SO_REUSEADDR is on and the other is in
 * TIME_WAIT, or both have it and neither listens (as Linux).
 */
static bool conflicts(const struct tcp_conn *c, const struct tcp_conn *o,
		      uint32_t addr)
{
	if (o == c)
		return false;
	if (addr && o->laddr && addr != o->laddr)
		return false;
	if (c->reuseaddr && o->state == TCP_TIME_WAIT)
		return false;
	if (c->reuseaddr && o->reuseaddr && o->state != TCP_LISTEN)
		return false;
	return true;
}

static bool port_free(struct tcp_conn *c, uint32_t addr, uint16_t port)
{
	struct tcp_conn *o = c->eng->port_table[port_bucket(port)];

	for (; o; o = o->bnext)
		if (o->lport == port && conflicts(c, o, addr))
			return false;
	return true;
}

/* An ephemeral port has no other user at all, TIME_WAIT included. */
static bool port_unused(struct tcp_engine *eng, uint16_t port)
{
	struct tcp_conn *o = eng->port_table[port_bucket(port)];

	for (; o; o = o->bnext)
		if (o->lport == port)
			return false;
	return true;
}

static uint16_t to_net16(uint16_t v)
{
	const uint8_t b[2] = {(uint8_t)(v >> 8), (uint8_t)v};
	uint16_t n;

	memcpy(&n, b, 2);
	return n;
}

static int ephemeral(struct tcp_conn *c, uint16_t *port)
{
	struct tcp_engine *eng = c->eng;
	unsigned span = eng->cfg.port_last - eng->cfg.port_first + 1u;

	for (unsigned i = 0; i < span; i++) {
		uint16_t p = eng->port_next;

		eng->port_next =
		    p >= eng->cfg.port_last ? eng->cfg.port_first : p + 1;
		if (p < eng->cfg.port_first || p > eng->cfg.port_last)
			continue;
		if (port_unused(eng, to_net16(p))) {
			*port = to_net16(p);
			return 0;
		}
	}
	return -EADDRNOTAVAIL;
}

int tcp_port_bind(struct tcp_conn *c, uint32_t addr, uint16_t port)
{
	int err;

	if (c->bound || c->state != TCP_CLOSED)
		return -EINVAL;
	if (!port) {
		err = ephemeral(c, &port);
		if (err)
			return err;
	} else if (!port_free(c, addr, port)) {
		return -EADDRINUSE;
	}
	c->laddr = addr;
	c->lport = port;
	tcp_port_add(c);
	return 0;
}

void tcp_timer_set(struct tcp_conn *c, uint64_t *timer, uint64_t when)
{
	*timer = when;
	if (when && when < c->eng->deadline)
		c->eng->deadline = when;
}
