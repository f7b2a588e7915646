/*
 * The TCP protocol engine (RFC 9293): connections, listeners, the state
 * machine, retransmission (RFC 6298), congestion control (RFC 5681 with
 * NewReno, RFC 6582), window scaling, timestamps and PAWS (RFC 7323) and
 * the RFC 5961 defences.  It is pure: no locks, no clock, no randomness, no
 * kernel headers.  The glue (the AF_INET socket layer) holds one lock around
 * every call, passes `now` (ns of a monotonic clock) into every call that
 * may act, and supplies the ISN, routes and the wire through tcp_ops.
 *
 * Byte order: addresses and ports are in network byte order everywhere,
 * as in struct sockaddr_in.  INADDR_ANY is 0.
 *
 * Not supported: urgent data (URG is ignored and its bytes are ordinary
 * data), SACK as a sender (the SACK blocks a receiver sends are ignored;
 * ours are sent, RFC 2018), IP options and ICMP-driven path MTU
 * changes (fragmentation needed is ignored).
 *
 * Ownership: a connection returned by tcp_open() or tcp_accept() belongs
 * to the glue until tcp_close() or tcp_abort(); after that the engine
 * frees it when the protocol is done with it, and the glue must not touch
 * it again.  The engine never frees a connection the glue still holds.
 *
 * Callbacks run inside engine calls and must not call back into the
 * engine.
 */
#ifndef KERNEL_NET_TCP_CORE_H
#define KERNEL_NET_TCP_CORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct tcp_engine;
struct tcp_conn;

struct tcp_ops {
	void *ctx;
	/*
	 * Sends one TCP segment, checksum filled in, from `src` to `dst`.
	 * The glue adds the IPv4 header.  `seg` is valid only during the
	 * call.  A failure is a loss to the engine.
	 */
	void (*emit)(void *ctx, uint32_t src, uint32_t dst, const void *seg,
		     size_t len);
	/* The initial sequence number of a new connection (RFC 6528). */
	uint32_t (*isn)(void *ctx, uint32_t laddr, uint16_t lport,
			uint32_t raddr, uint16_t rport, uint64_t now);
	/*
	 * The route to `raddr`: fills *laddr with the source address when
	 * it is INADDR_ANY, and *mtu with the route's MTU.  Returns 0 or a
	 * negative errno (-ENETUNREACH).
	 */
	int (*route)(void *ctx, uint32_t raddr, uint32_t *laddr, uint32_t *mtu);
	/*
	 * A connection's readiness (tcp_poll) may have changed, or a
	 * listener has a connection to accept.  Optional.
	 */
	void (*event)(void *ctx, struct tcp_conn *c);
};

/* Engine parameters; tcp_config_default() gives Linux-like values. */
struct tcp_config {
	uint64_t msl;		 /* TIME_WAIT is 2 * msl; default 30 s */
	uint64_t rto_initial;	 /* 1 s (RFC 6298) */
	uint64_t rto_min;	 /* 200 ms, as Linux */
	uint64_t rto_max;	 /* 120 s */
	uint64_t delack;	 /* delayed ACK timer, 40 ms */
	uint64_t fin_timeout;	 /* orphaned FIN_WAIT_2, 60 s */
	unsigned retries;	 /* data retransmissions before ETIMEDOUT, 15 */
	unsigned syn_retries;	 /* SYN retransmissions, 6 */
	unsigned synack_retries; /* SYN-ACK retransmissions, 5 */
	uint32_t sndbuf;	 /* default SO_SNDBUF, 128 KiB */
	uint32_t rcvbuf;	 /* default SO_RCVBUF, 128 KiB */
	uint32_t buf_max;	 /* the largest SO_*BUF, 4 MiB */
	unsigned max_conns;	 /* connections of all states, 4096 */
	uint16_t port_first;	 /* ephemeral ports, host order: 32768 */
	uint16_t port_last;	 /* 60999 */
	uint16_t port_start;	 /* where the ephemeral search starts */
};

void tcp_config_default(struct tcp_config *cfg);

/*
 * A new engine with `ops` and `cfg` (NULL: the defaults).  NULL when
 * memory is short.  tcp_engine_destroy frees every connection without
 * sending anything.
 */
struct tcp_engine *tcp_engine_create(const struct tcp_ops *ops,
				     const struct tcp_config *cfg);
void tcp_engine_destroy(struct tcp_engine *eng);

/*
 * A received segment (header and payload) from `src` to `dst`.  The glue
 * has verified its checksum (tcp_checksum() over it is 0) and dropped
 * segments to broadcast or multicast addresses.  Malformed segments are
 * dropped and counted.
 */
void tcp_input(struct tcp_engine *eng, uint32_t src, uint32_t dst,
	       const void *seg, size_t len, uint64_t now);

/*
 * An ICMP error (RFC 792) about a segment we sent: err is its errno
 * (negative: -ECONNREFUSED for port unreachable, -ENOPROTOOPT for
 * protocol unreachable, -EHOSTUNREACH, -ENETUNREACH, -EMSGSIZE for
 * fragmentation needed), src and dst the quoted IPv4 header's
 * addresses, `quoted` the quoted TCP header (len >= 8: the ports and
 * the sequence number).  A quote that names no connection, or a
 * sequence number outside what it has in flight, is ignored (RFC 5927
 * 4.1).  In SYN_SENT the error ends the connect as a reset does: the
 * connection is CLOSED with the error pending, still bound to its
 * port.  In synchronized states every error is soft (RFC 1122
 * 4.2.3.9, RFC 5927 5.2): the connection goes on, and the latest is
 * what a timeout reports instead of ETIMEDOUT.  -EMSGSIZE is ignored
 * (no path MTU discovery).
 */
void tcp_icmp_error(struct tcp_engine *eng, int err, uint32_t src, uint32_t dst,
		    const void *quoted, size_t len);

/*
 * The reset (RFC 9293 3.10.7.1) that answers a segment from src to dst
 * when every port is closed, before there is an engine: its header,
 * checksum filled in, into rst, to send from dst to src.  False when
 * none is due: the segment is a reset, or malformed.  An engine sends
 * the same for a segment to a port nobody listens on.
 */
#define TCP_RST_LEN 20
bool tcp_closed_reply(uint32_t src, uint32_t dst, const void *seg, size_t len,
		      uint8_t rst[TCP_RST_LEN]);

/*
 * The Internet checksum of a TCP segment with its IPv4 pseudo-header, in
 * host order: the value to store big-endian at offset 16 (with the field
 * zero), or 0 over a segment that carries a correct one.
 */
uint16_t tcp_checksum(uint32_t src, uint32_t dst, const void *seg, size_t len);

/*
 * The earliest time at which tcp_timers_run has work (UINT64_MAX: none).
 * It may be early (a timer since stopped); never late.
 */
uint64_t tcp_next_deadline(const struct tcp_engine *eng);
void tcp_timers_run(struct tcp_engine *eng, uint64_t now);

/* The application side.  Errors are negative errno values. */

/* A new unbound connection, or NULL (out of memory, or max_conns). */
struct tcp_conn *tcp_open(struct tcp_engine *eng);
void tcp_set_user(struct tcp_conn *c, void *user);
void *tcp_user(const struct tcp_conn *c);

/* Port 0 picks an ephemeral port.  -EADDRINUSE, -EINVAL (bound). */
int tcp_bind(struct tcp_conn *c, uint32_t addr, uint16_t port);
/* Binds an ephemeral port if unbound.  backlog < 1 counts as 1. */
int tcp_listen(struct tcp_conn *c, int backlog);
/* The next established connection, or -EAGAIN; -EINVAL if no listener. */
int tcp_accept(struct tcp_conn *l, struct tcp_conn **child);
/*
 * Starts an active open; returns -EINPROGRESS (the glue waits for
 * TCP_POLL_OUT or TCP_POLL_ERR), or -EISCONN, -EALREADY, -EADDRNOTAVAIL,
 * -ENOMEM or the route's error.
 */
int tcp_connect(struct tcp_conn *c, uint32_t addr, uint16_t port, uint64_t now);
/*
 * Copies up to `len` bytes into the send buffer: the count, -EAGAIN when
 * full, -ENOTCONN before the connection, -EPIPE after shutdown or reset
 * (a pending error such as -ECONNRESET is returned, and cleared, first).
 */
long tcp_send(struct tcp_conn *c, const void *buf, size_t len, uint64_t now);
#define TCP_RECV_PEEK 1
/*
 * Copies up to `len` received bytes: the count, 0 at end of stream,
 * -EAGAIN when none yet, -ENOTCONN, or a pending error (cleared).
 */
long tcp_recv(struct tcp_conn *c, void *buf, size_t len, int flags,
	      uint64_t now);
/* how: 0 SHUT_RD, 1 SHUT_WR, 2 SHUT_RDWR.  -ENOTCONN, -EINVAL. */
int tcp_shutdown(struct tcp_conn *c, int how, uint64_t now);
/*
 * Gives the connection to the engine: an orderly FIN, or a RST when
 * received data is unread or SO_LINGER is on with 0 seconds.  A nonzero
 * linger time is the glue's: it waits for tcp_poll's TCP_POLL_HUP first.
 */
void tcp_close(struct tcp_conn *c, uint64_t now);
/* Resets the connection (RST if synchronized) and gives it up. */
void tcp_abort(struct tcp_conn *c);

/*
 * Power-off, as a process's exit on Linux: every connection the glue
 * still holds (not closed) and that is ESTABLISHED or CLOSE_WAIT gets
 * its FIN after its data, as tcp_shutdown's SHUT_WR; one with data
 * left unread (or SO_LINGER 0) is reset instead, as tcp_close() does.
 * The connections that then still owe their peer data or a FIN, and
 * already did before this call, are the ones tcp_owing() counts; an
 * idle connection's FIN is sent but not waited for.  A listener's
 * connections not accepted yet are reset, as when it is closed, and a
 * SYN from then on is answered with a reset: the program will accept
 * none.
 */
void tcp_finish_all(struct tcp_engine *eng, uint64_t now);
/*
 * The connections tcp_finish_all() marked that still have data unsent
 * or unacknowledged, or their FIN unacknowledged.
 */
unsigned tcp_owing(const struct tcp_engine *eng);

enum tcp_option {
	TCP_OPT_SNDBUF,	   /* bytes */
	TCP_OPT_RCVBUF,	   /* bytes */
	TCP_OPT_NODELAY,   /* 0/1 */
	TCP_OPT_KEEPALIVE, /* 0/1 */
	TCP_OPT_KEEPIDLE,  /* seconds, default 7200 */
	TCP_OPT_KEEPINTVL, /* seconds, default 75 */
	TCP_OPT_KEEPCNT,   /* probes, default 9 */
	TCP_OPT_LINGER,	   /* seconds, -1 off */
	TCP_OPT_REUSEADDR, /* 0/1 */
	TCP_OPT_MAXSEG,	   /* read only: data per segment */
};
/* -EINVAL for an unknown option or a value out of range. */
int tcp_setopt(struct tcp_conn *c, enum tcp_option opt, int value,
	       uint64_t now);
int tcp_getopt(const struct tcp_conn *c, enum tcp_option opt, int *value);

#define TCP_POLL_IN 1	 /* data, end of stream, or a connection to accept */
#define TCP_POLL_OUT 2	 /* send buffer space (once established) */
#define TCP_POLL_HUP 4	 /* both directions closed */
#define TCP_POLL_RDHUP 8 /* the peer's FIN */
#define TCP_POLL_ERR 16	 /* an error pending */
unsigned tcp_poll(const struct tcp_conn *c);
/* The pending error as SO_ERROR (positive errno or 0); clears it. */
int tcp_take_error(struct tcp_conn *c);

/* -ENOTCONN when there is no such address yet. */
int tcp_local(const struct tcp_conn *c, uint32_t *addr, uint16_t *port);
int tcp_peer(const struct tcp_conn *c, uint32_t *addr, uint16_t *port);

enum tcp_state {
	TCP_CLOSED,
	TCP_LISTEN,
	TCP_SYN_SENT,
	TCP_SYN_RCVD,
	TCP_ESTABLISHED,
	TCP_FIN_WAIT_1,
	TCP_FIN_WAIT_2,
	TCP_CLOSE_WAIT,
	TCP_CLOSING,
	TCP_LAST_ACK,
	TCP_TIME_WAIT,
};

struct tcp_conn_info {
	enum tcp_state state;
	uint32_t snd_mss, rcv_mss;
	uint8_t snd_wscale, rcv_wscale;
	bool timestamps;
	bool sack; /* we send SACK blocks; we do not read them */
	uint64_t rto, srtt, rttvar; /* ns */
	uint32_t cwnd, ssthresh;    /* bytes */
	uint32_t unacked;	    /* bytes in flight */
	uint32_t snd_wnd;	    /* the peer's window */
	unsigned backoff;	    /* consecutive timeouts */
	uint64_t retransmits;	    /* segments resent, ever */
	uint32_t rcv_queued;	    /* received, unread (0 after SHUT_RD) */
	uint32_t snd_queued;	    /* in the send buffer: unsent or unacked */
};
void tcp_info(const struct tcp_conn *c, struct tcp_conn_info *info);

struct tcp_stats {
	uint64_t in_segs, out_segs, retrans, in_errs, out_rsts, drops;
	uint64_t timeouts, fast_retransmits;
	unsigned conns;
};
void tcp_engine_stats(const struct tcp_engine *eng, struct tcp_stats *st);

#endif
