/* Socket options and the TCP_INFO-like snapshot. */
#include <errno.h>

#include "tcp_impl.h"

static uint32_t clamp_buf(const struct tcp_conn *c, int v)
{
	uint32_t max = c->eng->cfg.buf_max;

	if (v < TCP_BUF_MIN)
		return TCP_BUF_MIN;
	return (uint32_t)v > max ? max : (uint32_t)v;
}

/* The send ring keeps its bytes; it never drops below them. */
static int set_sndbuf(struct tcp_conn *c, int v)
{
	uint32_t size = clamp_buf(c, v);

	if (c->sndq.buf && tcp_ring_resize(&c->sndq, size))
		return -ENOMEM;
	c->sndbuf = size;
	return 0;
}

/*
 * The receive ring never shrinks below its bytes plus the window already
 * advertised.  Out-of-order data is forgotten: the peer resends it.
 */
static int set_rcvbuf(struct tcp_conn *c, int v)
{
	uint32_t size = clamp_buf(c, v);
	uint32_t adv =
	    seq_gt(c->rcv_adv, c->rcv_nxt) ? c->rcv_adv - c->rcv_nxt : 0;

	if (c->rcvq.buf) {
		if (size < c->rcvq.len + adv)
			size = c->rcvq.len + adv;
		if (tcp_ring_resize(&c->rcvq, size))
			return -ENOMEM;
		c->n_ooo = 0;
		c->ooo_fin = false;
	}
	c->rcvbuf = size;
	return 0;
}

static int set_flag(bool *flag, int v)
{
	if (v != 0 && v != 1)
		return -EINVAL;
	*flag = v;
	return 0;
}

static int set_range(int *field, int v, int lo, int hi)
{
	if (v < lo || v > hi)
		return -EINVAL;
	*field = v;
	return 0;
}

int tcp_setopt(struct tcp_conn *c, enum tcp_option opt, int v, uint64_t now)
{
	int err;

	switch (opt) {
	case TCP_OPT_SNDBUF:
		err = set_sndbuf(c, v);
		tcp_notify(c);
		return err;
	case TCP_OPT_RCVBUF:
		return set_rcvbuf(c, v);
	case TCP_OPT_NODELAY:
		if ((err = set_flag(&c->nodelay, v)))
			return err;
		tcp_output(c, now);
		return 0;
	case TCP_OPT_KEEPALIVE:
		if ((err = set_flag(&c->keepalive, v)))
			return err;
		tcp_keep_reset(c, now);
		return 0;
	case TCP_OPT_KEEPIDLE:
		if ((err = set_range(&c->keepidle, v, 1, 32767)))
			return err;
		tcp_keep_reset(c, now);
		return 0;
	case TCP_OPT_KEEPINTVL:
		return set_range(&c->keepintvl, v, 1, 32767);
	case TCP_OPT_KEEPCNT:
		return set_range(&c->keepcnt, v, 1, 127);
	case TCP_OPT_LINGER:
		return set_range(&c->linger, v, -1, 65535);
	case TCP_OPT_REUSEADDR:
		return set_flag(&c->reuseaddr, v);
	default:
		return -EINVAL;
	}
}

int tcp_getopt(const struct tcp_conn *c, enum tcp_option opt, int *v)
{
	switch (opt) {
	case TCP_OPT_SNDBUF:
		*v = (int)c->sndbuf;
		return 0;
	case TCP_OPT_RCVBUF:
		*v = (int)c->rcvbuf;
		return 0;
	case TCP_OPT_NODELAY:
		*v = c->nodelay;
		return 0;
	case TCP_OPT_KEEPALIVE:
		*v = c->keepalive;
		return 0;
	case TCP_OPT_KEEPIDLE:
		*v = c->keepidle;
		return 0;
	case TCP_OPT_KEEPINTVL:
		*v = c->keepintvl;
		return 0;
	case TCP_OPT_KEEPCNT:
		*v = c->keepcnt;
		return 0;
	case TCP_OPT_LINGER:
		*v = c->linger;
		return 0;
	case TCP_OPT_REUSEADDR:
		*v = c->reuseaddr;
		return 0;
	case TCP_OPT_MAXSEG:
		*v = (int)tcp_seg_mss(c);
		return 0;
	}
	return -EINVAL;
}

void tcp_info(const struct tcp_conn *c, struct tcp_conn_info *info)
{
	*info = (struct tcp_conn_info){
	    .state = c->state,
	    .snd_mss = c->smss,
	    .rcv_mss = c->rmss,
	    .timestamps = c->ts_ok,
	    .sack = c->sack_ok,
	    .snd_wscale = c->snd_wscale,
	    .rcv_wscale = c->rcv_wscale,
	    .rto = c->rto,
	    .srtt = c->srtt,
	    .rttvar = c->rttvar,
	    .cwnd = c->cwnd,
	    .ssthresh = c->ssthresh,
	    .unacked = tcp_flight(c),
	    .snd_wnd = c->snd_wnd,
	    .backoff = c->backoff,
	    .retransmits = c->retransmits,
	    .rcv_queued = c->shut_rd ? 0 : c->rcvq.len,
	    .snd_queued = c->sndq.len,
	};
}
