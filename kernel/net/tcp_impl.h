/*
 * The TCP engine's private layouts and the functions its files share.
 * Only kernel/net/tcp_*.c include this.
 */
#ifndef KERNEL_NET_TCP_IMPL_H
#define KERNEL_NET_TCP_IMPL_H

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>

#include "tcp_core.h"

/* The host tests substitute an allocator that fails on demand and
 * counts what is live. */
#ifdef TCP_MALLOC
void *TCP_MALLOC(size_t n);
void TCP_FREE(void *p);
#else
#define TCP_MALLOC malloc
#define TCP_FREE free
#endif

#define TCP_MS 1000000ull
#define TCP_SEC 1000000000ull

#define TCP_HDR_LEN 20
#define TCP_OPT_SPACE 40
#define TCP_MSS_DEFAULT 536
#define TCP_TS_LEN 12 /* NOP, NOP, kind 8, length 10, TSval, TSecr */
#define TCP_TS_IDLE (24ull * 86400 * TCP_SEC) /* RFC 7323 5.5 */
#define TCP_MAX_WSCALE 14
#define TCP_OOO_MAX 16 /* holes the reassembly tracks */
#define TCP_BUCKETS 1024
#define TCP_BUF_MIN 4096

#define TH_FIN 0x01
#define TH_SYN 0x02
#define TH_RST 0x04
#define TH_PSH 0x08
#define TH_ACK 0x10
#define TH_URG 0x20

/* Sequence space comparisons, modulo 2^32 (RFC 9293 3.4). */
/* Big-endian fields of a segment. */
static inline uint32_t get16(const uint8_t *p)
{
	return (uint32_t)p[0] << 8 | p[1];
}

static inline uint32_t get32(const uint8_t *p)
{
	return get16(p) << 16 | get16(p + 2);
}

static inline bool seq_lt(uint32_t a, uint32_t b)
{
	return (int32_t)(a - b) < 0;
}
static inline bool seq_le(uint32_t a, uint32_t b)
{
	return (int32_t)(a - b) <= 0;
}
static inline bool seq_gt(uint32_t a, uint32_t b)
{
	return (int32_t)(a - b) > 0;
}
static inline bool seq_ge(uint32_t a, uint32_t b)
{
	return (int32_t)(a - b) >= 0;
}
static inline uint32_t seq_max(uint32_t a, uint32_t b)
{
	return seq_gt(a, b) ? a : b;
}

/* A byte ring: `len` bytes from `head`. */
struct tcp_ring {
	uint8_t *buf;
	uint32_t size, head, len;
};

int tcp_ring_alloc(struct tcp_ring *r, uint32_t size);
int tcp_ring_resize(struct tcp_ring *r, uint32_t size);
void tcp_ring_free(struct tcp_ring *r);
uint32_t tcp_ring_append(struct tcp_ring *r, const void *src, uint32_t n);
void tcp_ring_copy(const struct tcp_ring *r, uint32_t off, void *dst,
		   uint32_t n);
void tcp_ring_put(struct tcp_ring *r, uint32_t off, const void *src,
		  uint32_t n);
void tcp_ring_drop(struct tcp_ring *r, uint32_t n);

/* A received segment, parsed. */
struct tcp_seg {
	uint32_t src, dst;
	uint16_t sport, dport;
	uint32_t seq, ack;
	uint8_t flags;
	uint16_t wnd;
	const uint8_t *data;
	uint32_t len; /* payload bytes */
	int mss;      /* -1: no option */
	int wscale;   /* -1: no option */
	bool has_ts;
	bool sack_perm;
	uint32_t ts_val, ts_ecr;
};

enum tcp_rexmt_mode { TCP_RX_RTO, TCP_RX_PERSIST };

struct tcp_conn {
	struct tcp_engine *eng;
	struct tcp_conn *hnext;	      /* the 4-tuple table */
	struct tcp_conn *bnext;	      /* the port table */
	struct tcp_conn *prev, *next; /* every connection, for timers */
	struct tcp_conn *listener;    /* while in its queues */
	struct tcp_conn *qnext;	      /* the accept queue */
	void *user;

	enum tcp_state state;
	bool hashed, bound, detached, reuseaddr, nodelay, keepalive;
	bool passive;	 /* opened by a listener */
	bool fin_queued; /* the user is done sending */
	bool fin_rcvd;	 /* the peer's FIN, in order */
	bool shut_rd;
	bool ws_ok;
	bool ts_ok;   /* timestamps on every segment (RFC 7323) */
	bool sack_ok; /* the peer reads SACK blocks (RFC 2018) */
	bool ack_now, in_recovery, rtt_timing;
	bool drained; /* power-off waits for its data, FIN (tcp_finish_all) */
	uint32_t laddr, raddr;
	uint16_t lport, rport;

	/* listeners */
	struct tcp_conn *acc_head, *acc_tail;
	unsigned acc_len, syn_len, backlog;

	/* sending */
	uint32_t iss, snd_una, snd_nxt, snd_max, snd_wnd, max_sndwnd;
	uint32_t snd_wl1, snd_wl2;
	uint32_t snd_buf_seq; /* the sequence number of sndq's first byte */
	struct tcp_ring sndq;
	uint32_t sndbuf;
	uint32_t smss, rmss; /* theirs (clamped by ours), ours */
	uint32_t cwnd, ssthresh, recover;
	uint32_t ca_acked; /* bytes acknowledged in congestion avoidance */
	unsigned dupacks;
	uint8_t snd_wscale, rcv_wscale;

	/* timestamps: ours are ms plus ts_offset */
	uint32_t ts_recent, ts_offset, last_ack_sent;
	uint32_t ts_rexmit; /* our clock when the last loss was resent */
	uint64_t ts_recent_at;

	/* round trip (RFC 6298), in ns */
	uint32_t rtt_seq;
	uint64_t rtt_start, srtt, rttvar, rto;
	unsigned backoff;
	uint64_t retransmits;

	/* receiving */
	uint32_t irs, rcv_nxt, rcv_adv;
	struct tcp_ring rcvq;
	uint32_t rcvbuf;
	struct {
		uint32_t start, end;
	} ooo[TCP_OOO_MAX];
	unsigned n_ooo;
	bool ooo_fin;
	uint32_t ooo_fin_seq;
	uint32_t ooo_last; /* the latest out-of-order segment: SACK's first */
	uint32_t unacked_bytes; /* received, not yet acknowledged */

	/* timers: absolute ns, 0 when off */
	uint64_t t_rexmt, t_delack, t_keep, t_close;
	enum tcp_rexmt_mode rexmt_mode;
	unsigned probes;   /* unanswered window probes */
	unsigned pbackoff; /* the persist timer's exponent */
	unsigned kprobes;  /* unanswered keepalive probes */

	int so_error;
	int soft_error; /* the latest ICMP error, for a timeout to report */
	int linger;
	int keepidle, keepintvl, keepcnt;
};

struct tcp_engine {
	struct tcp_ops ops;
	struct tcp_config cfg;
	struct tcp_conn *conn_table[TCP_BUCKETS];
	struct tcp_conn *port_table[TCP_BUCKETS];
	struct tcp_conn *all;
	unsigned n_conns;
	uint16_t port_next;
	uint64_t deadline; /* no timer is due before this */
	uint8_t *scratch;  /* one outgoing segment */
	uint32_t scratch_len;
	struct tcp_stats stats;
	bool finished; /* tcp_finish_all() ran: listeners take no SYN */
};

/* tcp_table.c: the connection and port tables */
struct tcp_conn *tcp_conn_new(struct tcp_engine *eng);
void tcp_conn_free(struct tcp_conn *c);
void tcp_hash(struct tcp_conn *c);
void tcp_unhash(struct tcp_conn *c);
void tcp_port_add(struct tcp_conn *c);
struct tcp_conn *tcp_lookup(struct tcp_engine *eng, uint32_t laddr,
			    uint16_t lport, uint32_t raddr, uint16_t rport);
struct tcp_conn *tcp_lookup_listener(struct tcp_engine *eng, uint32_t laddr,
				     uint16_t lport);
int tcp_port_bind(struct tcp_conn *c, uint32_t addr, uint16_t port);
void tcp_timer_set(struct tcp_conn *c, uint64_t *timer, uint64_t when);

/* tcp_output.c: segments out */
void tcp_output(struct tcp_conn *c, uint64_t now);
void tcp_send_ack(struct tcp_conn *c, uint64_t now);
void tcp_send_synack(struct tcp_conn *c, uint64_t now);
void tcp_send_rst(struct tcp_conn *c);
void tcp_send_probe(struct tcp_conn *c, uint64_t now);
void tcp_output_force(struct tcp_conn *c, uint64_t now);
void tcp_retransmit_first(struct tcp_conn *c, uint64_t now);
/* The reset that answers s (RFC 9293 3.10.7.1), its checksum 0, into
 * h (TCP_HDR_LEN bytes): false for a RST, which gets none. */
bool tcp_rst_for(const struct tcp_seg *s, uint8_t *h);
void tcp_reply_rst(struct tcp_engine *eng, const struct tcp_seg *s);
uint32_t tcp_rcv_window(const struct tcp_conn *c);
uint32_t tcp_flight(const struct tcp_conn *c);
uint32_t tcp_seg_mss(const struct tcp_conn *c);
uint32_t tcp_ts_now(const struct tcp_conn *c, uint64_t now);

/* tcp_input.c */
void tcp_established(struct tcp_conn *c, uint64_t now);

/* tcp_timer.c: RTO, persist, keepalive, delayed ACK, TIME_WAIT */
void tcp_rtt_sample(struct tcp_conn *c, uint64_t rtt);
uint64_t tcp_rto_backed_off(const struct tcp_conn *c);
void tcp_rexmt_start(struct tcp_conn *c, uint64_t now);
void tcp_persist_start(struct tcp_conn *c, uint64_t now);
void tcp_keep_reset(struct tcp_conn *c, uint64_t now);
void tcp_time_wait(struct tcp_conn *c, uint64_t now);

/* tcp_listen.c: the SYN and accept queues */
void tcp_listen_syn(struct tcp_conn *l, const struct tcp_seg *s, uint64_t now);
void tcp_listen_ready(struct tcp_conn *child);
void tcp_listen_drop(struct tcp_conn *child);
void tcp_listen_close(struct tcp_conn *l);

/* tcp_user.c: what the states mean to the application */
void tcp_notify(struct tcp_conn *c);
void tcp_set_error(struct tcp_conn *c, int err);
bool tcp_done(struct tcp_conn *c);
bool tcp_synchronized(const struct tcp_conn *c);
uint8_t tcp_wscale_for(uint32_t buf_max);
int tcp_buffers_alloc(struct tcp_conn *c);
void tcp_set_mss(struct tcp_conn *c, uint32_t mtu, int peer_mss);
void tcp_cc_init(struct tcp_conn *c);

#endif
