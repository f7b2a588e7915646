/*
 * Segments out: what may be sent now (the peer's window, cwnd, Nagle and
 * sender-side silly-window avoidance), the window we advertise
 * (receiver-side silly-window avoidance), and the control segments (ACK,
 * RST, probes).  Every segment goes through emit_seg, which fills in the
 * checksum and hands it to the glue.
 */
#include <string.h>

#include "tcp_impl.h"

static void put16(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}

static void put32(uint8_t *p, uint32_t v)
{
	put16(p, v >> 16);
	put16(p + 2, v);
}

static uint32_t min32(uint32_t a, uint32_t b)
{
	return a < b ? a : b;
}

/* The free space of the receive buffer. */
uint32_t tcp_rcv_window(const struct tcp_conn *c)
{
	if (!c->rcvq.buf)
		return c->rcvbuf;
	return c->rcvq.size - c->rcvq.len;
}

/*
 * The window field to send.  The right edge never moves left, and moves
 * right only by at least min(buffer/2, MSS) (RFC 9293 3.8.6.2.2).
 */
static uint16_t window_field(struct tcp_conn *c, uint8_t flags)
{
	uint32_t space = tcp_rcv_window(c);
	uint32_t cur =
	    seq_gt(c->rcv_adv, c->rcv_nxt) ? c->rcv_adv - c->rcv_nxt : 0;
	uint32_t size = c->rcvq.buf ? c->rcvq.size : c->rcvbuf;
	uint32_t wnd = space, field;

	if (flags & TH_SYN)
		return (uint16_t)min32(wnd, 65535);
	if (space < cur || space - cur < min32(size / 2, c->rmss))
		wnd = cur;
	field = min32(wnd >> c->rcv_wscale, 65535);
	if (seq_gt(c->rcv_nxt + (field << c->rcv_wscale), c->rcv_adv))
		c->rcv_adv = c->rcv_nxt + (field << c->rcv_wscale);
	return (uint16_t)field;
}

uint32_t tcp_ts_now(const struct tcp_conn *c, uint64_t now)
{
	return (uint32_t)(now / TCP_MS) + c->ts_offset;
}

/* The data a segment can carry: the MSS less the options it always has. */
uint32_t tcp_seg_mss(const struct tcp_conn *c)
{
	return c->smss - (c->ts_ok ? TCP_TS_LEN : 0);
}

static uint32_t ts_option(const struct tcp_conn *c, uint8_t *o, uint64_t now)
{
	o[0] = o[1] = 1; /* NOP */
	o[2] = 8;
	o[3] = 10;
	put32(o + 4, tcp_ts_now(c, now));
	put32(o + 8, c->ts_recent);
	return TCP_TS_LEN;
}

/* A SYN offers every option; a SYN-ACK answers those the SYN had. */
static uint32_t syn_options(const struct tcp_conn *c, uint8_t *o, uint64_t now)
{
	bool offer = c->state == TCP_SYN_SENT;
	uint32_t len = 4;

	o[0] = 2; /* MSS */
	o[1] = 4;
	put16(o + 2, c->rmss);
	if (offer || c->ws_ok) {
		o[4] = 1; /* NOP */
		o[5] = 3; /* window scale */
		o[6] = 3;
		o[7] = c->rcv_wscale;
		len = 8;
	}
	if (offer || c->ts_ok)
		len += ts_option(c, o + len, now);
	if (offer || c->sack_ok) {
		o[len] = o[len + 1] = 1; /* NOP */
		o[len + 2] = 4;		 /* SACK permitted */
		o[len + 3] = 2;
		len += 4;
	}
	return len;
}

static void put_block(uint8_t *o, const struct tcp_conn *c, unsigned i)
{
	put32(o, c->ooo[i].start);
	put32(o + 4, c->ooo[i].end);
}

/*
 * What lies past the hole(s), for a sender that reads SACK (RFC 2018 4):
 * first the block holding the latest segment, then the others in order,
 * as many as fit beside the timestamps.
 */
static uint32_t sack_option(const struct tcp_conn *c, uint8_t *o, uint32_t room)
{
	unsigned first = 0, n = 1, max = (room - 4) / 8;

	for (unsigned i = 0; i < c->n_ooo; i++)
		if (seq_le(c->ooo[i].start, c->ooo_last) &&
		    seq_lt(c->ooo_last, c->ooo[i].end))
			first = i;
	o[0] = o[1] = 1; /* NOP */
	o[2] = 5;
	put_block(o + 4, c, first);
	for (unsigned i = 0; i < c->n_ooo && n < max; i++)
		if (i != first)
			put_block(o + 4 + 8 * n++, c, i);
	o[3] = (uint8_t)(2 + 8 * n);
	return 4 + 8 * n;
}

/* SACK blocks ride on segments without data: data segments keep the
 * size the MSS and the timestamps leave them. */
static uint32_t options(const struct tcp_conn *c, uint8_t *o, uint8_t flags,
			uint32_t n, uint64_t now)
{
	uint32_t len = 0;

	if (flags & TH_SYN)
		return syn_options(c, o, now);
	if (flags & TH_RST)
		return 0;
	if (c->ts_ok)
		len = ts_option(c, o, now);
	if (c->sack_ok && c->n_ooo && !n)
		len += sack_option(c, o + len, TCP_OPT_SPACE - len);
	return len;
}

static void emit_seg(struct tcp_engine *eng, uint32_t src, uint32_t dst,
		     uint8_t *seg, size_t len)
{
	put16(seg + 16, tcp_checksum(src, dst, seg, len));
	eng->stats.out_segs++;
	if (seg[13] & TH_RST)
		eng->stats.out_rsts++;
	eng->ops.emit(eng->ops.ctx, src, dst, seg, len);
}

static void fill_header(uint8_t *h, uint16_t sport, uint16_t dport,
			uint32_t seq, uint32_t ack, uint8_t flags,
			uint32_t optlen, uint16_t wnd)
{
	memcpy(h, &sport, 2);
	memcpy(h + 2, &dport, 2);
	put32(h + 4, seq);
	put32(h + 8, ack);
	h[12] = (uint8_t)((TCP_HDR_LEN + optlen) / 4 << 4);
	h[13] = flags;
	put16(h + 14, wnd);
	put32(h + 16, 0); /* checksum, urgent pointer */
}

/* One segment of the connection: `n` bytes of data from `seq`. */
static void send_segment(struct tcp_conn *c, uint32_t seq, uint32_t n,
			 uint8_t flags, uint64_t now)
{
	struct tcp_engine *eng = c->eng;
	uint8_t *h = eng->scratch;
	uint32_t optlen = options(c, h + TCP_HDR_LEN, flags, n, now);
	uint32_t ack = flags & TH_ACK ? c->rcv_nxt : 0;

	fill_header(h, c->lport, c->rport, seq, ack, flags, optlen,
		    window_field(c, flags));
	if (n)
		tcp_ring_copy(&c->sndq, seq - c->snd_buf_seq,
			      h + TCP_HDR_LEN + optlen, n);
	emit_seg(eng, c->laddr, c->raddr, h, TCP_HDR_LEN + optlen + n);
	if (flags & TH_ACK) {
		c->last_ack_sent = c->rcv_nxt;
		c->ack_now = false;
		c->t_delack = 0;
		c->unacked_bytes = 0;
	}
}

uint32_t tcp_flight(const struct tcp_conn *c)
{
	return c->snd_max - c->snd_una;
}

/* Sends what lies at snd_nxt, advancing it; Karn: time only new data. */
static void transmit(struct tcp_conn *c, uint32_t n, uint8_t flags,
		     uint64_t now)
{
	uint32_t seq = c->snd_nxt;
	uint32_t span = n + !!(flags & (TH_SYN | TH_FIN));

	send_segment(c, seq, n, flags, now);
	if (seq_lt(seq, c->snd_max)) {
		c->retransmits++;
		c->eng->stats.retrans++;
	} else if (span && !c->rtt_timing) {
		c->rtt_timing = true;
		c->rtt_seq = seq;
		c->rtt_start = now;
	}
	c->snd_nxt += span;
	if (seq_gt(c->snd_nxt, c->snd_max))
		c->snd_max = c->snd_nxt;
	if (span && (!c->t_rexmt || c->rexmt_mode != TCP_RX_RTO))
		tcp_rexmt_start(c, now);
}

/* The next data segment allowed now: its length, or -1 for none. */
static int64_t next_len(struct tcp_conn *c, bool *fin)
{
	uint32_t off = c->snd_nxt - c->snd_buf_seq;
	uint32_t avail = off <= c->sndq.len ? c->sndq.len - off : 0;
	uint32_t wnd = min32(c->snd_wnd, c->cwnd);
	uint32_t flight = c->snd_nxt - c->snd_una;
	uint32_t mss = tcp_seg_mss(c);
	uint32_t n = min32(min32(avail, wnd > flight ? wnd - flight : 0), mss);
	bool resend = seq_lt(c->snd_nxt, c->snd_max);

	*fin = c->fin_queued && off <= c->sndq.len && n == avail &&
	       seq_le(c->snd_nxt + n, c->snd_buf_seq + c->sndq.len);
	if (*fin && n == 0)
		return 0;
	if (!n)
		return -1;
	if (n == mss || resend || *fin)
		return n;
	if (n == avail && (c->nodelay || c->snd_nxt == c->snd_una))
		return n;
	if (c->max_sndwnd && n >= c->max_sndwnd / 2)
		return n;
	return -1;
}

static bool syn_state(const struct tcp_conn *c)
{
	return c->state == TCP_SYN_SENT || c->state == TCP_SYN_RCVD;
}

void tcp_output(struct tcp_conn *c, uint64_t now)
{
	bool fin;
	int64_t n;

	if (c->state == TCP_CLOSED || c->state == TCP_LISTEN)
		return;
	if (syn_state(c)) {
		if (c->snd_nxt == c->iss)
			transmit(c, 0,
				 c->state == TCP_SYN_SENT ? TH_SYN
							  : TH_SYN | TH_ACK,
				 now);
		else if (c->ack_now)
			tcp_send_ack(c, now);
		return;
	}
	while ((n = next_len(c, &fin)) >= 0) {
		uint8_t flags = TH_ACK;

		if (fin)
			flags |= TH_FIN;
		if (n && c->snd_nxt + n == c->snd_buf_seq + c->sndq.len)
			flags |= TH_PSH;
		transmit(c, (uint32_t)n, flags, now);
	}
	if (c->ack_now)
		tcp_send_ack(c, now);
	/* a zero window, or one too small to use: probe or force it */
	if (c->sndq.len > c->snd_max - c->snd_buf_seq &&
	    c->snd_una == c->snd_max && !c->t_rexmt)
		tcp_persist_start(c, now);
}

/* The first unacknowledged segment again (fast retransmit, NewReno). */
void tcp_retransmit_first(struct tcp_conn *c, uint64_t now)
{
	uint32_t off = c->snd_una - c->snd_buf_seq;
	uint32_t avail = off <= c->sndq.len ? c->sndq.len - off : 0;
	uint32_t n = min32(avail, tcp_seg_mss(c));
	uint8_t flags = TH_ACK;

	if (c->fin_queued && n == avail && seq_lt(c->snd_una, c->snd_max))
		flags |= TH_FIN;
	if (!n && !(flags & TH_FIN))
		return;
	send_segment(c, c->snd_una, n, flags, now);
	c->retransmits++;
	c->eng->stats.retrans++;
	c->rtt_timing = false;
}

/*
 * After a timeout snd_nxt goes back to snd_una (go-back-N) while the peer
 * may hold everything up to snd_max: a segment without data carries
 * snd_max, else the peer finds it old and ignores its ACK (as BSD).
 */
void tcp_send_ack(struct tcp_conn *c, uint64_t now)
{
	send_segment(c, c->snd_max, 0, TH_ACK, now);
}

void tcp_send_synack(struct tcp_conn *c, uint64_t now)
{
	send_segment(c, c->iss, 0, TH_SYN | TH_ACK, now);
}

void tcp_send_rst(struct tcp_conn *c)
{
	send_segment(c, c->snd_max, 0, TH_RST | TH_ACK, 0);
}

/* A segment the peer must acknowledge without taking any data
 * (keepalive and zero-window probes, as Linux). */
void tcp_send_probe(struct tcp_conn *c, uint64_t now)
{
	send_segment(c, c->snd_una - 1, 0, TH_ACK, now);
}

/* RFC 9293 3.10.7.1: the reset for a segment to no connection. */
bool tcp_rst_for(const struct tcp_seg *s, uint8_t *h)
{
	if (s->flags & TH_RST)
		return false;
	if (s->flags & TH_ACK)
		fill_header(h, s->dport, s->sport, s->ack, 0, TH_RST, 0, 0);
	else
		fill_header(h, s->dport, s->sport, 0,
			    s->seq + s->len + !!(s->flags & TH_SYN) +
				!!(s->flags & TH_FIN),
			    TH_RST | TH_ACK, 0, 0);
	return true;
}

void tcp_reply_rst(struct tcp_engine *eng, const struct tcp_seg *s)
{
	if (tcp_rst_for(s, eng->scratch))
		emit_seg(eng, s->dst, s->src, eng->scratch, TCP_HDR_LEN);
}

/* The persist timer's way past silly-window avoidance and Nagle. */
void tcp_output_force(struct tcp_conn *c, uint64_t now)
{
	uint32_t off = c->snd_nxt - c->snd_buf_seq;
	uint32_t avail = off <= c->sndq.len ? c->sndq.len - off : 0;
	uint32_t n = min32(min32(avail, c->snd_wnd), tcp_seg_mss(c));

	if (n)
		transmit(c, n, TH_ACK | TH_PSH, now);
}
