/*
 * Listeners.  A SYN makes a child in SYN_RCVD (the SYN queue, counted by
 * syn_len and owned by the engine); its handshake's ACK moves it to the
 * accept queue, from which tcp_accept hands it to the glue.  Both queues
 * are bounded by the backlog: a SYN beyond it is dropped, and an ACK that
 * finds the accept queue full is too (the SYN-ACK's retransmission gives
 * the peer another go), as Linux does.
 */
#include <errno.h>

#include "tcp_impl.h"

static void inherit(struct tcp_conn *child, const struct tcp_conn *l)
{
	child->sndbuf = l->sndbuf;
	child->rcvbuf = l->rcvbuf;
	child->nodelay = l->nodelay;
	child->keepalive = l->keepalive;
	child->keepidle = l->keepidle;
	child->keepintvl = l->keepintvl;
	child->keepcnt = l->keepcnt;
	child->linger = l->linger;
	child->reuseaddr = l->reuseaddr;
}

static void child_addresses(struct tcp_conn *child, const struct tcp_seg *s)
{
	struct tcp_engine *eng = child->eng;
	uint32_t laddr = s->dst, mtu = 0;

	child->laddr = s->dst;
	child->lport = s->dport;
	child->raddr = s->src;
	child->rport = s->sport;
	if (eng->ops.route(eng->ops.ctx, s->src, &laddr, &mtu))
		mtu = 0;
	tcp_set_mss(child, mtu, s->mss);
}

/* The child's sequence numbers and options, from the SYN. */
static void child_from_syn(struct tcp_conn *child, const struct tcp_seg *s,
			   uint64_t now)
{
	struct tcp_engine *eng = child->eng;

	child->iss = eng->ops.isn(eng->ops.ctx, child->laddr, child->lport,
				  child->raddr, child->rport, now);
	child->snd_una = child->snd_nxt = child->snd_max = child->iss;
	child->snd_buf_seq = child->recover = child->iss + 1;
	child->irs = s->seq;
	child->rcv_nxt = child->rcv_adv = child->last_ack_sent = s->seq + 1;
	/* the SYN's window is never scaled */
	child->snd_wnd = child->max_sndwnd = s->wnd;
	child->snd_wl1 = s->seq;
	child->snd_wl2 = child->iss;
	child->ws_ok = s->wscale >= 0;
	if (child->ws_ok) {
		child->snd_wscale =
		    (uint8_t)(s->wscale > TCP_MAX_WSCALE ? TCP_MAX_WSCALE
							 : s->wscale);
		child->rcv_wscale = tcp_wscale_for(eng->cfg.buf_max);
	}
	child->ts_ok = s->has_ts;
	child->sack_ok = s->sack_perm;
	child->ts_recent = s->ts_val;
	child->ts_recent_at = now;
	child->ts_offset = child->iss;
	child->ts_rexmit = tcp_ts_now(child, now);
}

void tcp_listen_syn(struct tcp_conn *l, const struct tcp_seg *s, uint64_t now)
{
	struct tcp_engine *eng = l->eng;
	struct tcp_conn *child;

	if (eng->finished) { /* powering off: as if the listener closed */
		tcp_reply_rst(eng, s);
		return;
	}
	if (l->acc_len >= l->backlog || l->syn_len >= l->backlog) {
		eng->stats.drops++;
		return;
	}
	child = tcp_conn_new(eng);
	if (!child) {
		eng->stats.drops++;
		return;
	}
	inherit(child, l);
	child_addresses(child, s);
	if (tcp_buffers_alloc(child)) {
		tcp_conn_free(child);
		eng->stats.drops++;
		return;
	}
	child->listener = l;
	child->passive = true;
	child->detached = true;
	child->state = TCP_SYN_RCVD;
	child_from_syn(child, s, now);
	tcp_cc_init(child);
	tcp_hash(child);
	tcp_port_add(child);
	l->syn_len++;
	tcp_output(child, now);
}

void tcp_listen_ready(struct tcp_conn *child)
{
	struct tcp_conn *l = child->listener;

	l->syn_len--;
	child->detached = false;
	child->qnext = NULL;
	if (l->acc_tail)
		l->acc_tail->qnext = child;
	else
		l->acc_head = child;
	l->acc_tail = child;
	l->acc_len++;
	tcp_notify(l);
}

void tcp_listen_drop(struct tcp_conn *child)
{
	struct tcp_conn *l = child->listener;
	struct tcp_conn **p;

	child->listener = NULL;
	if (child->detached) {
		l->syn_len--;
		return;
	}
	for (p = &l->acc_head; *p; p = &(*p)->qnext) {
		if (*p == child) {
			*p = child->qnext;
			l->acc_len--;
			break;
		}
	}
	l->acc_tail = NULL;
	for (p = &l->acc_head; *p; p = &(*p)->qnext)
		l->acc_tail = *p;
}

int tcp_accept(struct tcp_conn *l, struct tcp_conn **child)
{
	struct tcp_conn *c = l->acc_head;

	if (l->state != TCP_LISTEN)
		return -EINVAL;
	if (!c)
		return -EAGAIN;
	tcp_listen_drop(c);
	*child = c;
	return 0;
}

/* Resets and frees every child, queued or half open. */
void tcp_listen_close(struct tcp_conn *l)
{
	struct tcp_conn *c = l->eng->all, *next;

	for (; c; c = next) {
		next = c->next;
		if (c->listener != l)
			continue;
		if (tcp_synchronized(c))
			tcp_send_rst(c);
		tcp_conn_free(c);
	}
	l->acc_head = l->acc_tail = NULL;
	l->acc_len = l->syn_len = 0;
}
