/*
 * The application side: what the glue's socket calls do to a connection,
 * and what the connection's state means to them (poll, errors).
 */
#include <errno.h>
#include <string.h>

#include "tcp_impl.h"

struct tcp_conn *tcp_open(struct tcp_engine *eng)
{
	return tcp_conn_new(eng);
}

void tcp_set_user(struct tcp_conn *c, void *user)
{
	c->user = user;
}

void *tcp_user(const struct tcp_conn *c)
{
	return c->user;
}

void tcp_notify(struct tcp_conn *c)
{
	struct tcp_engine *eng = c->eng;

	if (!c->detached && eng->ops.event)
		eng->ops.event(eng->ops.ctx, c);
}

void tcp_set_error(struct tcp_conn *c, int err)
{
	c->so_error = err;
}

bool tcp_synchronized(const struct tcp_conn *c)
{
	return c->state >= TCP_SYN_RCVD;
}

/* The connection is over: true if it was freed (the glue had let go). */
bool tcp_done(struct tcp_conn *c)
{
	c->t_rexmt = c->t_delack = c->t_keep = c->t_close = 0;
	tcp_unhash(c);
	c->state = TCP_CLOSED;
	if (c->listener && c->detached)
		tcp_listen_drop(c);
	if (c->detached) {
		tcp_conn_free(c);
		return true;
	}
	tcp_notify(c);
	return false;
}

uint8_t tcp_wscale_for(uint32_t buf_max)
{
	uint8_t ws = 0;

	while (ws < TCP_MAX_WSCALE && (65535u << ws) < buf_max)
		ws++;
	return ws;
}

int tcp_buffers_alloc(struct tcp_conn *c)
{
	tcp_ring_free(&c->sndq);
	tcp_ring_free(&c->rcvq);
	if (tcp_ring_alloc(&c->sndq, c->sndbuf))
		return -ENOMEM;
	if (tcp_ring_alloc(&c->rcvq, c->rcvbuf)) {
		tcp_ring_free(&c->sndq);
		return -ENOMEM;
	}
	return 0;
}

/* Ours from the route's MTU (40: the IPv4 and TCP headers); theirs
 * from their option, 536 without one (RFC 9293 3.7.1). */
void tcp_set_mss(struct tcp_conn *c, uint32_t mtu, int peer_mss)
{
	uint32_t mine = mtu > 40 + 64 ? mtu - 40 : TCP_MSS_DEFAULT;
	uint32_t theirs = peer_mss > 0 ? (uint32_t)peer_mss : TCP_MSS_DEFAULT;

	if (mine > 65495)
		mine = 65495;
	c->rmss = mine;
	c->smss = theirs < mine ? theirs : mine;
	if (c->smss < 64)
		c->smss = 64;
}

/* The initial window of RFC 6928 (Linux's ten segments). */
void tcp_cc_init(struct tcp_conn *c)
{
	uint32_t iw = 2 * c->smss > 14600 ? 2 * c->smss : 14600;

	c->cwnd = 10 * c->smss < iw ? 10 * c->smss : iw;
	c->ssthresh = UINT32_MAX / 2;
	c->ca_acked = 0;
	c->dupacks = 0;
	c->in_recovery = false;
}

int tcp_bind(struct tcp_conn *c, uint32_t addr, uint16_t port)
{
	return tcp_port_bind(c, addr, port);
}

int tcp_listen(struct tcp_conn *c, int backlog)
{
	int err;

	if (c->state == TCP_LISTEN) {
		c->backlog = backlog < 1 ? 1u : (unsigned)backlog;
		return 0;
	}
	if (c->state != TCP_CLOSED || c->hashed || c->raddr)
		return -EINVAL;
	if (!c->bound && (err = tcp_port_bind(c, 0, 0)))
		return err;
	c->backlog = backlog < 1 ? 1u : (unsigned)backlog;
	c->state = TCP_LISTEN;
	return 0;
}

static int connect_route(struct tcp_conn *c, uint32_t addr, uint32_t *mtu)
{
	struct tcp_engine *eng = c->eng;
	uint32_t laddr = c->laddr;
	int err = eng->ops.route(eng->ops.ctx, addr, &laddr, mtu);

	if (err)
		return err;
	if (!c->bound) {
		err = tcp_port_bind(c, laddr, 0);
		if (err)
			return err;
	}
	c->laddr = laddr;
	return 0;
}

/* A connect after a failed one starts clean. */
static void forget_past(struct tcp_conn *c)
{
	c->so_error = c->soft_error = 0;
	c->fin_queued = c->fin_rcvd = c->shut_rd = c->ooo_fin = false;
	c->ack_now = c->in_recovery = c->rtt_timing = false;
	c->n_ooo = c->unacked_bytes = 0;
	c->backoff = c->probes = c->pbackoff = c->kprobes = 0;
	c->srtt = c->rttvar = 0;
	c->rto = c->eng->cfg.rto_initial;
	c->snd_wnd = c->max_sndwnd = 0;
	c->snd_wscale = 0;
	c->ws_ok = c->ts_ok = c->sack_ok = false;
	c->ts_recent = 0;
	c->ts_offset = c->iss;
}

int tcp_connect(struct tcp_conn *c, uint32_t addr, uint16_t port, uint64_t now)
{
	struct tcp_engine *eng = c->eng;
	uint32_t mtu = 0;
	int err;

	if (c->state == TCP_SYN_SENT)
		return -EALREADY;
	if (c->state == TCP_LISTEN)
		return -EINVAL;
	if (c->state != TCP_CLOSED || c->hashed)
		return -EISCONN;
	if (!addr || !port)
		return -EINVAL;
	if ((err = connect_route(c, addr, &mtu)))
		return err;
	if (tcp_lookup(eng, c->laddr, c->lport, addr, port))
		return -EADDRNOTAVAIL;
	if (tcp_buffers_alloc(c))
		return -ENOMEM;
	c->raddr = addr;
	c->rport = port;
	tcp_set_mss(c, mtu, -1);
	c->rcv_wscale = tcp_wscale_for(eng->cfg.buf_max);
	c->iss =
	    eng->ops.isn(eng->ops.ctx, c->laddr, c->lport, addr, port, now);
	c->snd_una = c->snd_nxt = c->snd_max = c->iss;
	c->snd_buf_seq = c->recover = c->iss + 1;
	forget_past(c);
	c->state = TCP_SYN_SENT;
	tcp_hash(c);
	tcp_output(c, now);
	return -EINPROGRESS;
}

int tcp_take_error(struct tcp_conn *c)
{
	int err = c->so_error;

	c->so_error = 0;
	return err;
}

/* A connection that existed and is gone (reset, timed out, closed). */
static bool was_connected(const struct tcp_conn *c)
{
	return c->state == TCP_CLOSED && c->raddr;
}

long tcp_send(struct tcp_conn *c, const void *buf, size_t len, uint64_t now)
{
	uint32_t n;

	if (c->so_error)
		return -tcp_take_error(c);
	if (c->state == TCP_SYN_SENT || c->state == TCP_SYN_RCVD)
		return -EAGAIN;
	if (c->fin_queued || was_connected(c))
		return -EPIPE;
	if (c->state != TCP_ESTABLISHED && c->state != TCP_CLOSE_WAIT)
		return -ENOTCONN;
	if (len > UINT32_MAX)
		len = UINT32_MAX;
	n = tcp_ring_append(&c->sndq, buf, (uint32_t)len);
	if (!n)
		return -EAGAIN;
	tcp_output(c, now);
	return n;
}

static bool takes_more_data(const struct tcp_conn *c)
{
	return c->state == TCP_ESTABLISHED || c->state == TCP_FIN_WAIT_1 ||
	       c->state == TCP_FIN_WAIT_2;
}

/* After the application reads: a window update if the window has grown
 * enough for the peer to care (it had less than half the buffer). */
static void window_opened(struct tcp_conn *c, uint64_t now)
{
	uint32_t space = tcp_rcv_window(c);
	uint32_t cur =
	    seq_gt(c->rcv_adv, c->rcv_nxt) ? c->rcv_adv - c->rcv_nxt : 0;
	uint32_t half = c->rcvq.size / 2;
	uint32_t step = 2 * c->rmss < half ? 2 * c->rmss : half;

	if (!takes_more_data(c) || cur > half || space < cur + step)
		return;
	c->ack_now = true;
	tcp_output(c, now);
}

long tcp_recv(struct tcp_conn *c, void *buf, size_t len, int flags,
	      uint64_t now)
{
	uint32_t n = c->rcvq.len;

	if (c->state == TCP_LISTEN)
		return -ENOTCONN;
	if (n && !c->shut_rd) {
		if (len < n)
			n = (uint32_t)len;
		tcp_ring_copy(&c->rcvq, 0, buf, n);
		if (!(flags & TCP_RECV_PEEK)) {
			tcp_ring_drop(&c->rcvq, n);
			window_opened(c, now);
		}
		return n;
	}
	if (c->so_error)
		return -tcp_take_error(c);
	if (c->fin_rcvd || c->shut_rd || was_connected(c))
		return 0;
	if (c->state == TCP_CLOSED)
		return -ENOTCONN;
	return -EAGAIN;
}

static void queue_fin(struct tcp_conn *c, uint64_t now)
{
	if (c->fin_queued)
		return;
	c->fin_queued = true;
	if (c->state == TCP_ESTABLISHED || c->state == TCP_SYN_RCVD)
		c->state = TCP_FIN_WAIT_1;
	else if (c->state == TCP_CLOSE_WAIT)
		c->state = TCP_LAST_ACK;
	tcp_output(c, now);
}

int tcp_shutdown(struct tcp_conn *c, int how, uint64_t now)
{
	if (how < 0 || how > 2)
		return -EINVAL;
	if (!tcp_synchronized(c))
		return -ENOTCONN;
	if (how != 1) {
		c->shut_rd = true;
		tcp_ring_drop(&c->rcvq, c->rcvq.len);
	}
	if (how != 0 && c->state != TCP_SYN_RCVD)
		queue_fin(c, now);
	tcp_notify(c);
	return 0;
}

void tcp_abort(struct tcp_conn *c)
{
	c->detached = true;
	if (c->state == TCP_LISTEN)
		tcp_listen_close(c);
	else if (tcp_synchronized(c) && c->state != TCP_TIME_WAIT)
		tcp_send_rst(c);
	tcp_done(c);
}

void tcp_close(struct tcp_conn *c, uint64_t now)
{
	bool unread = c->rcvq.len && !c->shut_rd;

	if (c->state == TCP_LISTEN || c->state == TCP_CLOSED ||
	    c->state == TCP_SYN_SENT || c->state == TCP_SYN_RCVD || unread ||
	    c->linger == 0) {
		tcp_abort(c);
		return;
	}
	c->detached = true;
	c->shut_rd = true;
	queue_fin(c, now);
	if (c->state == TCP_FIN_WAIT_2)
		tcp_timer_set(c, &c->t_close, now + c->eng->cfg.fin_timeout);
}

/* Data unsent or unacknowledged, or a FIN not acknowledged yet. */
static bool owes_peer(const struct tcp_conn *c)
{
	switch (c->state) {
	case TCP_FIN_WAIT_1:
	case TCP_CLOSING:
	case TCP_LAST_ACK:
		return true;
	case TCP_ESTABLISHED:
	case TCP_CLOSE_WAIT:
		return c->sndq.len != 0;
	default:
		return false;
	}
}

/*
 * As tcp_close(): data left unread (or SO_LINGER 0) is a reset, which
 * tells the peer that its data was lost, and so are a listener's
 * connections not accepted, whose peers would otherwise wait on a
 * machine gone; the connection stays the glue's (tcp_done() frees only
 * a detached one).
 */
static void finish(struct tcp_conn *c, uint64_t now)
{
	bool unread = c->rcvq.len && !c->shut_rd;
	if (c->state == TCP_LISTEN) {
		tcp_listen_close(c);
	} else if (tcp_synchronized(c) && c->state != TCP_TIME_WAIT &&
		   (unread || c->linger == 0)) {
		c->drained = false;
		tcp_send_rst(c);
		tcp_done(c);
	} else if (c->state == TCP_ESTABLISHED || c->state == TCP_CLOSE_WAIT) {
		queue_fin(c, now);
		tcp_notify(c);
	}
}

void tcp_finish_all(struct tcp_engine *eng, uint64_t now)
{
	eng->finished = true;
	/* finish() may free a listener's children, never c: c->next holds */
	for (struct tcp_conn *c = eng->all; c; c = c->next) {
		c->drained = owes_peer(c);
		if (!c->detached && c->user)
			finish(c, now);
	}
}

unsigned tcp_owing(const struct tcp_engine *eng)
{
	unsigned n = 0;
	for (const struct tcp_conn *c = eng->all; c; c = c->next)
		n += c->drained && owes_peer(c);
	return n;
}

unsigned tcp_poll(const struct tcp_conn *c)
{
	unsigned ev = c->so_error ? TCP_POLL_ERR : 0;

	if (c->state == TCP_LISTEN)
		return ev | (c->acc_len ? TCP_POLL_IN : 0);
	if (c->rcvq.len || c->fin_rcvd || c->shut_rd || was_connected(c))
		ev |= TCP_POLL_IN;
	if (c->fin_rcvd)
		ev |= TCP_POLL_RDHUP;
	if ((c->fin_rcvd && c->fin_queued) || was_connected(c))
		ev |= TCP_POLL_HUP;
	if (c->fin_queued || was_connected(c))
		ev |= TCP_POLL_OUT; /* a send fails at once */
	else if ((c->state == TCP_ESTABLISHED || c->state == TCP_CLOSE_WAIT) &&
		 c->sndq.len < c->sndq.size)
		ev |= TCP_POLL_OUT;
	return ev;
}

int tcp_local(const struct tcp_conn *c, uint32_t *addr, uint16_t *port)
{
	if (!c->bound)
		return -ENOTCONN;
	*addr = c->laddr;
	*port = c->lport;
	return 0;
}

int tcp_peer(const struct tcp_conn *c, uint32_t *addr, uint16_t *port)
{
	if (!c->hashed || c->state == TCP_SYN_SENT)
		return -ENOTCONN;
	*addr = c->raddr;
	*port = c->rport;
	return 0;
}
