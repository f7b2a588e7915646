/*
 * Timers.  Each connection has four deadlines: t_rexmt (retransmission,
 * or the persist or nothing else, by rexmt_mode), t_delack, t_keep and
 * t_close (TIME_WAIT and the orphaned FIN_WAIT_2).  tcp_timers_run scans
 * every connection when the earliest deadline has come, and recomputes
 * it.  The RTO follows RFC 6298 with Karn's algorithm (the sender times
 * only segments never resent) and a 200 ms floor as Linux.
 */
#include <errno.h>

#include "tcp_impl.h"

void tcp_rtt_sample(struct tcp_conn *c, uint64_t rtt)
{
	const struct tcp_config *cfg = &c->eng->cfg;
	uint64_t var;

	if (!c->srtt && !c->rttvar) {
		c->srtt = rtt;
		c->rttvar = rtt / 2;
	} else {
		uint64_t delta = c->srtt > rtt ? c->srtt - rtt : rtt - c->srtt;

		c->rttvar = (3 * c->rttvar + delta) / 4;
		c->srtt = (7 * c->srtt + rtt) / 8;
	}
	var = 4 * c->rttvar > TCP_MS ? 4 * c->rttvar : TCP_MS;
	c->rto = c->srtt + var;
	if (c->rto < cfg->rto_min)
		c->rto = cfg->rto_min;
	if (c->rto > cfg->rto_max)
		c->rto = cfg->rto_max;
}

static uint64_t backed_off(const struct tcp_conn *c, unsigned shift)
{
	uint64_t max = c->eng->cfg.rto_max;

	if (shift > 30 || (c->rto << shift) > max)
		return max;
	return c->rto << shift;
}

uint64_t tcp_rto_backed_off(const struct tcp_conn *c)
{
	return backed_off(c, c->backoff);
}

void tcp_rexmt_start(struct tcp_conn *c, uint64_t now)
{
	c->rexmt_mode = TCP_RX_RTO;
	tcp_timer_set(c, &c->t_rexmt, now + tcp_rto_backed_off(c));
}

void tcp_persist_start(struct tcp_conn *c, uint64_t now)
{
	c->rexmt_mode = TCP_RX_PERSIST;
	tcp_timer_set(c, &c->t_rexmt, now + backed_off(c, c->pbackoff));
}

static bool keeps_alive(const struct tcp_conn *c)
{
	return c->state == TCP_ESTABLISHED || c->state == TCP_CLOSE_WAIT ||
	       c->state == TCP_FIN_WAIT_1 || c->state == TCP_FIN_WAIT_2;
}

void tcp_keep_reset(struct tcp_conn *c, uint64_t now)
{
	c->kprobes = 0;
	if (c->keepalive && keeps_alive(c))
		tcp_timer_set(c, &c->t_keep,
			      now + (uint64_t)c->keepidle * TCP_SEC);
	else
		c->t_keep = 0;
}

void tcp_time_wait(struct tcp_conn *c, uint64_t now)
{
	c->state = TCP_TIME_WAIT;
	c->t_rexmt = c->t_keep = 0;
	tcp_timer_set(c, &c->t_close, now + 2 * c->eng->cfg.msl);
	tcp_notify(c);
}

static unsigned retry_limit(const struct tcp_conn *c)
{
	const struct tcp_config *cfg = &c->eng->cfg;

	if (c->state == TCP_SYN_SENT)
		return cfg->syn_retries;
	if (c->state == TCP_SYN_RCVD && c->passive)
		return cfg->synack_retries;
	return cfg->retries;
}

/* As Linux: an ICMP error since the last progress says more. */
static void give_up(struct tcp_conn *c)
{
	tcp_set_error(c, c->soft_error ? c->soft_error : ETIMEDOUT);
	tcp_done(c);
}

/* RFC 6298 5.4-5.6 and RFC 5681 (3.1, eq. 4): false if c is gone. */
static bool rto_expired(struct tcp_conn *c, uint64_t now)
{
	uint32_t half = tcp_flight(c) / 2;

	if (c->snd_una == c->snd_max)
		return true;
	if (c->backoff >= retry_limit(c)) {
		give_up(c);
		return false;
	}
	c->backoff++;
	c->eng->stats.timeouts++;
	c->ssthresh = half > 2 * c->smss ? half : 2 * c->smss;
	c->cwnd = c->smss;
	c->ca_acked = 0;
	c->in_recovery = false;
	c->dupacks = 0;
	c->recover = c->snd_max;
	c->rtt_timing = false;
	c->ts_rexmit = tcp_ts_now(c, now);
	c->snd_nxt = c->snd_una;
	tcp_rexmt_start(c, now);
	tcp_output(c, now);
	return true;
}

static bool persist_expired(struct tcp_conn *c, uint64_t now)
{
	if (c->snd_una != c->snd_max ||
	    c->sndq.len <= c->snd_max - c->snd_buf_seq)
		return true;
	if (c->probes >= c->eng->cfg.retries) {
		give_up(c);
		return false;
	}
	c->probes++;
	if (c->snd_wnd)
		tcp_output_force(c, now);
	else
		tcp_send_probe(c, now);
	if (c->snd_una == c->snd_max) {
		c->pbackoff++;
		tcp_persist_start(c, now);
	}
	return true;
}

static bool keep_expired(struct tcp_conn *c, uint64_t now)
{
	if (!c->keepalive || !keeps_alive(c))
		return true;
	if (c->snd_una != c->snd_max) {
		tcp_keep_reset(c, now);
		return true;
	}
	if (c->kprobes >= (unsigned)c->keepcnt) {
		give_up(c);
		return false;
	}
	c->kprobes++;
	tcp_send_probe(c, now);
	tcp_timer_set(c, &c->t_keep, now + (uint64_t)c->keepintvl * TCP_SEC);
	return true;
}

static bool due(uint64_t *t, uint64_t now)
{
	if (!*t || *t > now)
		return false;
	*t = 0;
	return true;
}

/* Runs what is due on c: false if c is gone. */
static bool run_conn(struct tcp_conn *c, uint64_t now)
{
	if (due(&c->t_close, now) && tcp_done(c))
		return false;
	if (due(&c->t_delack, now) && c->unacked_bytes)
		tcp_send_ack(c, now);
	if (due(&c->t_rexmt, now)) {
		bool alive = c->rexmt_mode == TCP_RX_PERSIST
				 ? persist_expired(c, now)
				 : rto_expired(c, now);
		if (!alive)
			return false;
	}
	if (due(&c->t_keep, now) && !keep_expired(c, now))
		return false;
	return true;
}

static uint64_t earliest(const struct tcp_conn *c, uint64_t d)
{
	const uint64_t t[] = {c->t_rexmt, c->t_delack, c->t_keep, c->t_close};

	for (unsigned i = 0; i < 4; i++)
		if (t[i] && t[i] < d)
			d = t[i];
	return d;
}

uint64_t tcp_next_deadline(const struct tcp_engine *eng)
{
	return eng->deadline;
}

void tcp_timers_run(struct tcp_engine *eng, uint64_t now)
{
	struct tcp_conn *c, *next;
	uint64_t d = UINT64_MAX;

	if (now < eng->deadline)
		return;
	eng->deadline = UINT64_MAX;
	for (c = eng->all; c; c = next) {
		next = c->next;
		if (run_conn(c, now))
			d = earliest(c, d);
	}
	if (d < eng->deadline)
		eng->deadline = d;
}
