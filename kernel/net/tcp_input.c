/*
 * Segments in (RFC 9293 3.10.7): find the connection, then the checks in
 * the RFC's order: sequence acceptability, RST (RFC 5961 3), SYN (RFC
 * 5961 4), ACK (RFC 5961 5, RFC 5681, RFC 6582), data, FIN.  Data lands
 * in the receive ring at its offset from rcv_nxt; c->ooo lists what sits
 * beyond the in-order bytes.
 */
#include <errno.h>
#include <string.h>

#include "tcp_impl.h"

static void parse_options(struct tcp_seg *s, const uint8_t *o, uint32_t len)
{
	uint32_t i = 0;

	while (i < len && o[i] != 0) {
		if (o[i] == 1) {
			i++;
			continue;
		}
		if (i + 1 >= len || o[i + 1] < 2 || i + o[i + 1] > len)
			return;
		if (o[i] == 2 && o[i + 1] == 4)
			s->mss = (int)get16(o + i + 2);
		if (o[i] == 3 && o[i + 1] == 3)
			s->wscale = o[i + 2];
		if (o[i] == 4 && o[i + 1] == 2)
			s->sack_perm = true;
		if (o[i] == 8 && o[i + 1] == 10) {
			s->has_ts = true;
			s->ts_val = get32(o + i + 2);
			s->ts_ecr = get32(o + i + 6);
		}
		i += o[i + 1];
	}
}

static bool parse(struct tcp_seg *s, const uint8_t *p, size_t len)
{
	uint32_t doff;

	if (len < TCP_HDR_LEN || len > 65535)
		return false;
	doff = (uint32_t)(p[12] >> 4) * 4;
	if (doff < TCP_HDR_LEN || doff > len)
		return false;
	memcpy(&s->sport, p, 2);
	memcpy(&s->dport, p + 2, 2);
	s->seq = get32(p + 4);
	s->ack = get32(p + 8);
	s->flags = p[13] & 0x3f;
	s->wnd = (uint16_t)get16(p + 14);
	s->data = p + doff;
	s->len = (uint32_t)len - doff;
	s->mss = -1;
	s->wscale = -1;
	s->has_ts = s->sack_perm = false;
	parse_options(s, p + TCP_HDR_LEN, doff - TCP_HDR_LEN);
	return s->sport && s->dport;
}

void tcp_established(struct tcp_conn *c, uint64_t now)
{
	c->state = TCP_ESTABLISHED;
	c->backoff = 0;
	c->t_rexmt = 0;
	tcp_keep_reset(c, now);
	if (c->passive && c->listener)
		tcp_listen_ready(c);
	tcp_notify(c);
}

static void take_syn_options(struct tcp_conn *c, const struct tcp_seg *s)
{
	c->ws_ok = s->wscale >= 0;
	c->snd_wscale =
	    c->ws_ok ? (uint8_t)(s->wscale > TCP_MAX_WSCALE ? TCP_MAX_WSCALE
							    : s->wscale)
		     : 0;
	if (!c->ws_ok)
		c->rcv_wscale = 0;
	c->smss = s->mss > 0 && (uint32_t)s->mss < c->rmss ? (uint32_t)s->mss
							   : c->rmss;
	if (s->mss < 0 && c->smss > TCP_MSS_DEFAULT)
		c->smss = TCP_MSS_DEFAULT;
	if (c->smss < 64)
		c->smss = 64;
	c->snd_wnd = c->max_sndwnd = s->wnd;
	c->snd_wl1 = s->seq;
	c->snd_wl2 = s->ack;
	c->ts_ok = s->has_ts;
	c->ts_recent = s->has_ts ? s->ts_val : 0;
	c->sack_ok = s->sack_perm;
}

static void syn_sent_input(struct tcp_conn *c, const struct tcp_seg *s,
			   uint64_t now)
{
	if ((s->flags & TH_ACK) &&
	    (seq_le(s->ack, c->iss) || seq_gt(s->ack, c->snd_max))) {
		tcp_reply_rst(c->eng, s);
		return;
	}
	if (s->flags & TH_RST) {
		if (s->flags & TH_ACK) {
			tcp_set_error(c, ECONNREFUSED);
			tcp_done(c);
		}
		return;
	}
	if (!(s->flags & TH_SYN))
		return;
	c->irs = s->seq;
	c->rcv_nxt = c->rcv_adv = s->seq + 1;
	take_syn_options(c, s);
	c->ts_recent_at = now;
	c->ts_rexmit = tcp_ts_now(c, now);
	c->last_ack_sent = c->rcv_nxt;
	tcp_cc_init(c);
	if (!(s->flags & TH_ACK)) {
		/* simultaneous open */
		c->state = TCP_SYN_RCVD;
		c->snd_wl2 = c->iss;
		tcp_send_synack(c, now);
		return;
	}
	if (c->rtt_timing)
		tcp_rtt_sample(c, now - c->rtt_start);
	c->rtt_timing = false;
	c->snd_una = s->ack;
	tcp_established(c, now);
	c->ack_now = true;
	tcp_output(c, now);
}

static uint32_t seg_span(const struct tcp_seg *s)
{
	return s->len + !!(s->flags & TH_SYN) + !!(s->flags & TH_FIN);
}

static bool in_window(uint32_t x, uint32_t lo, uint32_t wnd)
{
	return seq_ge(x, lo) && seq_lt(x, lo + wnd);
}

static bool acceptable(const struct tcp_conn *c, const struct tcp_seg *s)
{
	uint32_t wnd = tcp_rcv_window(c);
	uint32_t span = seg_span(s);

	if (!wnd)
		return s->seq == c->rcv_nxt;
	if (!span)
		return in_window(s->seq, c->rcv_nxt, wnd);
	return in_window(s->seq, c->rcv_nxt, wnd) ||
	       in_window(s->seq + span - 1, c->rcv_nxt, wnd);
}

/* Cuts what lies before rcv_nxt or past the receive ring's free space. */
static void trim(const struct tcp_conn *c, struct tcp_seg *s)
{
	uint32_t right = c->rcv_nxt + tcp_rcv_window(c);

	if ((s->flags & TH_SYN) && seq_lt(s->seq, c->rcv_nxt)) {
		s->flags &= (uint8_t)~TH_SYN;
		s->seq++;
	}
	if (seq_lt(s->seq, c->rcv_nxt)) {
		uint32_t d = c->rcv_nxt - s->seq;

		if (d > s->len) {
			s->flags &= (uint8_t)~TH_FIN;
			d = s->len;
		}
		s->data += d;
		s->len -= d;
		s->seq = c->rcv_nxt;
	}
	if (seq_gt(s->seq + s->len, right)) {
		s->len = seq_gt(right, s->seq) ? right - s->seq : 0;
		s->flags &= (uint8_t)~TH_FIN;
	}
}

static void challenge_ack(struct tcp_conn *c, uint64_t now)
{
	tcp_send_ack(c, now);
}

static void reset_received(struct tcp_conn *c)
{
	switch (c->state) {
	case TCP_SYN_RCVD:
		if (!c->passive)
			tcp_set_error(c, ECONNREFUSED);
		break;
	case TCP_ESTABLISHED:
	case TCP_FIN_WAIT_1:
	case TCP_FIN_WAIT_2:
	case TCP_CLOSE_WAIT:
		tcp_set_error(c, ECONNRESET);
		break;
	default:
		break;
	}
	tcp_done(c);
}

static void enter_recovery(struct tcp_conn *c, uint64_t now)
{
	uint32_t half = tcp_flight(c) / 2;

	c->ssthresh = half > 2 * c->smss ? half : 2 * c->smss;
	c->recover = c->snd_max;
	c->in_recovery = true;
	c->rtt_timing = false;
	c->ts_rexmit = tcp_ts_now(c, now);
	c->eng->stats.fast_retransmits++;
	tcp_retransmit_first(c, now);
	c->cwnd = c->ssthresh + 3 * c->smss;
}

/*
 * recover holds snd_max as of the last loss: RFC 6582's "highest sequence
 * number transmitted" plus one, hence >= where the RFC says "more than".
 */
static void dup_ack(struct tcp_conn *c, uint64_t now)
{
	if (++c->dupacks < 3 && !c->in_recovery)
		return;
	if (c->in_recovery)
		c->cwnd += c->smss;
	else if (c->dupacks == 3 && seq_ge(c->snd_una, c->recover))
		enter_recovery(c, now);
}

static void grow_cwnd(struct tcp_conn *c, uint32_t acked)
{
	if (c->cwnd >= (1u << 30))
		return;
	if (c->cwnd < c->ssthresh) {
		c->cwnd += acked < c->smss ? acked : c->smss;
		return;
	}
	/* appropriate byte counting (RFC 3465): an MSS per cwnd acked */
	c->ca_acked += acked;
	if (c->ca_acked >= c->cwnd) {
		c->ca_acked -= c->cwnd;
		c->cwnd += c->smss;
	}
}

/* `flight`: what was outstanding before this ACK.  cwnd grows only while
 * it is what limits the sender (RFC 7661's idea), not the peer's window
 * or the application. */
static void after_new_ack(struct tcp_conn *c, uint32_t acked, uint32_t flight,
			  uint64_t now)
{
	if (!c->in_recovery) {
		c->dupacks = 0;
		if (2 * (uint64_t)flight >= c->cwnd)
			grow_cwnd(c, acked);
		return;
	}
	if (seq_ge(c->snd_una, c->recover)) {
		c->in_recovery = false;
		c->dupacks = 0;
		c->cwnd = c->ssthresh;
		return;
	}
	/* a partial ACK: the next hole is lost too (RFC 6582 3.2 step 3) */
	tcp_retransmit_first(c, now);
	c->cwnd = (c->cwnd > acked ? c->cwnd - acked : 0) + c->smss;
	tcp_rexmt_start(c, now);
}

/* Frees what the ACK covers: data, then our FIN.  True if FIN acked. */
static bool release_acked(struct tcp_conn *c, uint32_t ack)
{
	uint32_t fin_seq;

	if (seq_gt(ack, c->snd_buf_seq)) {
		uint32_t n = ack - c->snd_buf_seq;

		if (n > c->sndq.len)
			n = c->sndq.len;
		tcp_ring_drop(&c->sndq, n);
		c->snd_buf_seq += n;
	}
	fin_seq = c->snd_buf_seq + c->sndq.len;
	return c->fin_queued && seq_gt(ack, fin_seq);
}

/*
 * With timestamps an ACK of new data times the segment it echoes (RFC
 * 7323 4), but not one sent before the last loss was resent: a receiver
 * answering duplicates echoes the last segment that advanced its window,
 * which may be long before, and such samples would feed on the backoff.
 * Without timestamps one segment at a time, never a resent one (Karn).
 */
static void rtt_measure(struct tcp_conn *c, const struct tcp_seg *s,
			uint64_t now)
{
	if (c->ts_ok && s->has_ts && s->ts_ecr) {
		uint32_t ms = tcp_ts_now(c, now) - s->ts_ecr;

		if (seq_ge(s->ts_ecr, c->ts_rexmit) && ms < 0x7fffffff)
			tcp_rtt_sample(c, ms * TCP_MS);
		c->rtt_timing = false;
	} else if (c->rtt_timing && seq_gt(s->ack, c->rtt_seq)) {
		tcp_rtt_sample(c, now - c->rtt_start);
		c->rtt_timing = false;
	}
}

static void new_ack(struct tcp_conn *c, const struct tcp_seg *s, uint64_t now)
{
	uint32_t ack = s->ack;
	uint32_t acked = ack - c->snd_una;
	uint32_t flight = tcp_flight(c);
	bool fin_acked;

	rtt_measure(c, s, now);
	fin_acked = release_acked(c, ack);
	c->snd_una = ack;
	if (seq_lt(c->snd_nxt, ack))
		c->snd_nxt = ack;
	c->backoff = 0;
	c->soft_error = 0; /* the path works */
	after_new_ack(c, acked, flight, now);
	if (c->snd_una == c->snd_max)
		c->t_rexmt = 0;
	else if (c->rexmt_mode == TCP_RX_RTO)
		tcp_rexmt_start(c, now);
	if (!fin_acked)
		return;
	if (c->state == TCP_FIN_WAIT_1) {
		c->state = TCP_FIN_WAIT_2;
		if (c->detached)
			tcp_timer_set(c, &c->t_close,
				      now + c->eng->cfg.fin_timeout);
	} else if (c->state == TCP_CLOSING) {
		tcp_time_wait(c, now);
	}
}

static void window_update(struct tcp_conn *c, const struct tcp_seg *s,
			  bool *changed)
{
	uint32_t wnd = (uint32_t)s->wnd << c->snd_wscale;

	if (!(seq_lt(c->snd_wl1, s->seq) ||
	      (c->snd_wl1 == s->seq && seq_le(c->snd_wl2, s->ack))))
		return;
	*changed = wnd != c->snd_wnd;
	c->snd_wnd = wnd;
	c->snd_wl1 = s->seq;
	c->snd_wl2 = s->ack;
	if (wnd > c->max_sndwnd)
		c->max_sndwnd = wnd;
	if (wnd) {
		c->pbackoff = 0;
		if (c->rexmt_mode == TCP_RX_PERSIST)
			c->t_rexmt = 0;
	}
}

/* RFC 9293 3.10.7.4, fifth: false when the segment is done with. */
static bool ack_input(struct tcp_conn *c, const struct tcp_seg *s, uint64_t now)
{
	bool wnd_changed = false;

	if (c->state == TCP_SYN_RCVD) {
		if (!seq_gt(s->ack, c->snd_una) || seq_gt(s->ack, c->snd_max)) {
			tcp_reply_rst(c->eng, s);
			return false;
		}
		if (c->listener && c->listener->acc_len >= c->listener->backlog)
			return false; /* the SYN-ACK's retransmission retries */
		c->snd_wnd = (uint32_t)s->wnd << c->snd_wscale;
		c->snd_wl1 = s->seq;
		c->snd_wl2 = s->ack;
		tcp_established(c, now);
	}
	if (seq_gt(s->ack, c->snd_max) ||
	    seq_lt(s->ack, c->snd_una - c->max_sndwnd)) {
		challenge_ack(c, now);
		return false;
	}
	if (!c->detached)
		c->probes = 0; /* an orphan's window probes are bounded */
	window_update(c, s, &wnd_changed);
	if (seq_gt(s->ack, c->snd_una)) {
		new_ack(c, s, now);
		tcp_notify(c);
	} else if (s->ack == c->snd_una && !s->len &&
		   !(s->flags & (TH_SYN | TH_FIN)) && !wnd_changed &&
		   c->snd_max != c->snd_una) {
		dup_ack(c, now);
	}
	if (c->state == TCP_LAST_ACK && c->fin_queued &&
	    c->snd_una == c->snd_max && !c->sndq.len) {
		tcp_done(c);
		return false;
	}
	return true;
}

static void ooo_add(struct tcp_conn *c, uint32_t start, uint32_t end)
{
	unsigned i = 0, j;

	while (i < c->n_ooo && seq_lt(c->ooo[i].end, start))
		i++;
	/* merge every range that touches [start, end) into slot i */
	for (j = i; j < c->n_ooo && seq_le(c->ooo[j].start, end); j++) {
		if (seq_lt(c->ooo[j].start, start))
			start = c->ooo[j].start;
		end = seq_max(end, c->ooo[j].end);
	}
	if (j == i && c->n_ooo == TCP_OOO_MAX)
		return; /* too many holes: the data is dropped */
	memmove(&c->ooo[i + 1], &c->ooo[j], (c->n_ooo - j) * sizeof(c->ooo[0]));
	c->n_ooo = c->n_ooo - (j - i) + 1;
	c->ooo[i].start = start;
	c->ooo[i].end = end;
}

/* Moves rcv_nxt over out-of-order data that has become in order. */
static bool ooo_pull(struct tcp_conn *c)
{
	bool filled = false;

	while (c->n_ooo && seq_le(c->ooo[0].start, c->rcv_nxt)) {
		if (seq_gt(c->ooo[0].end, c->rcv_nxt)) {
			c->rcvq.len += c->ooo[0].end - c->rcv_nxt;
			c->rcv_nxt = c->ooo[0].end;
		}
		memmove(&c->ooo[0], &c->ooo[1],
			(c->n_ooo - 1) * sizeof(c->ooo[0]));
		c->n_ooo--;
		filled = true;
	}
	return filled;
}

static void fin_input(struct tcp_conn *c, uint64_t now)
{
	c->rcv_nxt++;
	c->fin_rcvd = true;
	c->ack_now = true;
	c->ooo_fin = false;
	switch (c->state) {
	case TCP_SYN_RCVD:
	case TCP_ESTABLISHED:
		c->state = TCP_CLOSE_WAIT;
		break;
	case TCP_FIN_WAIT_1:
		c->state = TCP_CLOSING;
		break;
	case TCP_FIN_WAIT_2:
	case TCP_TIME_WAIT:
		tcp_time_wait(c, now);
		break;
	default:
		break;
	}
}

static void data_input(struct tcp_conn *c, const struct tcp_seg *s,
		       uint64_t now)
{
	uint32_t off = s->seq - c->rcv_nxt;

	tcp_ring_put(&c->rcvq, c->rcvq.len + off, s->data, s->len);
	if (off) {
		ooo_add(c, s->seq, s->seq + s->len);
		c->ooo_last = s->seq;
		c->ack_now = true; /* the duplicate ACK fast retransmit needs */
		return;
	}
	c->rcvq.len += s->len;
	c->rcv_nxt += s->len;
	c->unacked_bytes += s->len;
	if (ooo_pull(c) ||
	    c->unacked_bytes >= 2 * (c->rmss - (c->ts_ok ? TCP_TS_LEN : 0)))
		c->ack_now = true;
	else if (!c->t_delack)
		tcp_timer_set(c, &c->t_delack, now + c->eng->cfg.delack);
	if (c->shut_rd)
		tcp_ring_drop(&c->rcvq, c->rcvq.len);
}

static bool takes_data(const struct tcp_conn *c)
{
	return c->state == TCP_ESTABLISHED || c->state == TCP_FIN_WAIT_1 ||
	       c->state == TCP_FIN_WAIT_2;
}

static void text_input(struct tcp_conn *c, struct tcp_seg *s, uint64_t now)
{
	bool fin = (s->flags & TH_FIN) && takes_data(c);

	if (s->len && takes_data(c)) {
		if (c->detached) {
			/* nobody will read it: as Linux, reset */
			tcp_send_rst(c);
			tcp_done(c);
			return;
		}
		data_input(c, s, now);
		tcp_notify(c);
	}
	if (fin && s->seq + s->len != c->rcv_nxt) {
		c->ooo_fin = true;
		c->ooo_fin_seq = s->seq + s->len;
		fin = false;
	}
	if (!fin && c->ooo_fin && c->ooo_fin_seq == c->rcv_nxt)
		fin = true;
	if (fin) {
		fin_input(c, now);
		tcp_notify(c);
	}
	tcp_output(c, now);
}

/* RFC 6191 style: a new SYN may take over a TIME_WAIT 4-tuple. */
static bool time_wait_reuse(struct tcp_conn *c, const struct tcp_seg *s,
			    uint64_t now)
{
	struct tcp_conn *l;

	if (c->state != TCP_TIME_WAIT || !c->detached ||
	    (s->flags & (TH_SYN | TH_RST | TH_ACK)) != TH_SYN ||
	    !seq_gt(s->seq, c->rcv_nxt))
		return false;
	l = tcp_lookup_listener(c->eng, c->laddr, c->lport);
	if (!l)
		return false;
	tcp_done(c);
	tcp_listen_syn(l, s, now);
	return true;
}

/* RFC 7323 5.3 R1: a timestamp older than the last in-order one. */
static bool paws_rejects(const struct tcp_conn *c, const struct tcp_seg *s,
			 uint64_t now)
{
	return c->ts_ok && s->has_ts && !(s->flags & TH_RST) &&
	       seq_lt(s->ts_val, c->ts_recent) &&
	       now - c->ts_recent_at < TCP_TS_IDLE;
}

/* R3: the timestamp to echo is that of the segment our last ACK covers. */
static void ts_update(struct tcp_conn *c, const struct tcp_seg *s, uint64_t now)
{
	if (c->ts_ok && s->has_ts && seq_le(s->seq, c->last_ack_sent)) {
		c->ts_recent = s->ts_val;
		c->ts_recent_at = now;
	}
}

static void synced_input(struct tcp_conn *c, struct tcp_seg *s, uint64_t now)
{
	uint32_t span;

	if (time_wait_reuse(c, s, now))
		return;
	if (paws_rejects(c, s, now)) {
		tcp_send_ack(c, now);
		return;
	}
	if (!acceptable(c, s)) {
		if (c->state == TCP_SYN_RCVD &&
		    (s->flags & (TH_SYN | TH_ACK | TH_RST)) == TH_SYN)
			tcp_send_synack(c, now); /* the SYN again */
		else if (!(s->flags & TH_RST))
			tcp_send_ack(c, now);
		return;
	}
	ts_update(c, s, now);
	if (s->flags & TH_RST) {
		if (s->seq == c->rcv_nxt)
			reset_received(c);
		else
			challenge_ack(c, now);
		return;
	}
	span = seg_span(s);
	trim(c, s);
	if (seg_span(s) != span)
		c->ack_now = true; /* duplicate, or past the window */
	if (s->flags & TH_SYN) {
		challenge_ack(c, now);
		return;
	}
	if (!(s->flags & TH_ACK))
		return;
	tcp_keep_reset(c, now);
	if (!ack_input(c, s, now))
		return;
	text_input(c, s, now);
}

bool tcp_closed_reply(uint32_t src, uint32_t dst, const void *seg, size_t len,
		      uint8_t rst[TCP_RST_LEN])
{
	struct tcp_seg s = {.src = src, .dst = dst};
	uint16_t sum;

	if (!parse(&s, seg, len) || !tcp_rst_for(&s, rst))
		return false;
	sum = tcp_checksum(dst, src, rst, TCP_RST_LEN);
	rst[16] = (uint8_t)(sum >> 8);
	rst[17] = (uint8_t)sum;
	return true;
}

void tcp_input(struct tcp_engine *eng, uint32_t src, uint32_t dst,
	       const void *seg, size_t len, uint64_t now)
{
	struct tcp_seg s = {.src = src, .dst = dst};
	struct tcp_conn *c;

	eng->stats.in_segs++;
	if (!parse(&s, seg, len)) {
		eng->stats.in_errs++;
		return;
	}
	c = tcp_lookup(eng, dst, s.dport, src, s.sport);
	if (c && c->state == TCP_SYN_SENT) {
		syn_sent_input(c, &s, now);
	} else if (c) {
		synced_input(c, &s, now);
	} else if ((c = tcp_lookup_listener(eng, dst, s.dport))) {
		if (s.flags & TH_RST)
			return;
		if (s.flags & TH_ACK)
			tcp_reply_rst(eng, &s);
		else if (s.flags & TH_SYN)
			tcp_listen_syn(c, &s, now);
	} else {
		tcp_reply_rst(eng, &s);
	}
}
