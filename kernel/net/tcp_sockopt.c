/*
 * TCP sockets' options: SOL_SOCKET's (those a stream has) and
 * IPPROTO_TCP's, most of them the engine's (tcp_setopt), with Linux's
 * units and quirks: SO_SNDBUF and SO_RCVBUF store twice what is given,
 * SO_LINGER is a struct linger, TCP_INFO Linux's struct tcp_info (as
 * glibc's netinet/tcp.h has it) from the engine's tcp_info.
 */
#include <errno.h>
#include <string.h>
#include <sys/time.h>

#include "clock.h"
#include "tcp_sock.h"

#define TCP_NODELAY 1
#define TCP_MAXSEG 2
#define TCP_KEEPIDLE 4
#define TCP_KEEPINTVL 5
#define TCP_KEEPCNT 6
#define TCP_INFO 11
#define TCPI_OPT_TIMESTAMPS 1
#define TCPI_OPT_SACK 2
#define TCPI_OPT_WSCALE 4

/* Linux's struct tcp_info, the part glibc's header declares. */
struct linux_tcp_info {
	uint8_t state, ca_state, retransmits, probes, backoff, options;
	uint8_t wscale; /* snd_wscale : 4, rcv_wscale : 4 */
	uint8_t flags;
	uint32_t rto, ato, snd_mss, rcv_mss;
	uint32_t unacked, sacked, lost, retrans, fackets;
	uint32_t last_data_sent, last_ack_sent, last_data_recv, last_ack_recv;
	uint32_t pmtu, rcv_ssthresh, rtt, rttvar, snd_ssthresh, snd_cwnd;
	uint32_t advmss, reordering, rcv_rtt, rcv_space, total_retrans;
};

_Static_assert(sizeof(struct linux_tcp_info) == 104, "glibc's tcp_info");

/* Linux's TCP_* state numbers, by the engine's enum tcp_state. */
static const uint8_t linux_state[] = {
    [TCP_CLOSED] = 7,	  [TCP_LISTEN] = 10,	 [TCP_SYN_SENT] = 2,
    [TCP_SYN_RCVD] = 3,	  [TCP_ESTABLISHED] = 1, [TCP_FIN_WAIT_1] = 4,
    [TCP_FIN_WAIT_2] = 5, [TCP_CLOSE_WAIT] = 8,	 [TCP_CLOSING] = 11,
    [TCP_LAST_ACK] = 9,	  [TCP_TIME_WAIT] = 6,
};

static uint32_t segments(uint32_t bytes, uint32_t mss)
{
	if (bytes >= 0x7fffffffu / 2)
		return 0x7fffffff; /* Linux's "infinite" ssthresh */
	return mss ? (bytes + mss - 1) / mss : 0;
}

static void fill_info(const struct tcp_conn *c, struct linux_tcp_info *ti)
{
	struct tcp_conn_info in;
	tcp_info(c, &in);
	memset(ti, 0, sizeof(*ti));
	ti->state = linux_state[in.state];
	ti->retransmits = ti->backoff = (uint8_t)in.backoff;
	ti->options = (in.snd_wscale || in.rcv_wscale ? TCPI_OPT_WSCALE : 0) |
		      (in.timestamps ? TCPI_OPT_TIMESTAMPS : 0) |
		      (in.sack ? TCPI_OPT_SACK : 0);
	ti->wscale = (uint8_t)(in.snd_wscale | in.rcv_wscale << 4);
	ti->rto = (uint32_t)(in.rto / 1000);
	ti->snd_mss = in.snd_mss;
	ti->rcv_mss = in.rcv_mss;
	ti->advmss = in.rcv_mss;
	ti->pmtu = in.rcv_mss + 40;
	ti->unacked = segments(in.unacked, in.snd_mss);
	ti->rtt = (uint32_t)(in.srtt / 1000);
	ti->rttvar = (uint32_t)(in.rttvar / 1000);
	ti->snd_cwnd = segments(in.cwnd, in.snd_mss);
	ti->snd_ssthresh = segments(in.ssthresh, in.snd_mss);
	ti->reordering = 3;
	ti->total_retrans = (uint32_t)in.retransmits;
}

static int int_of(const void *val, socklen_t len, int *v)
{
	if (len < sizeof(int))
		return -EINVAL;
	memcpy(v, val, sizeof(int));
	return 0;
}

/* Linux doubles what is asked, for its bookkeeping. */
static int buf_size(int v)
{
	return v < 0 ? 0 : v > INT32_MAX / 2 ? INT32_MAX : 2 * v;
}

static int set_socket_opt(struct tcp_conn *c, int name, const void *val,
			  socklen_t len, uint64_t now)
{
	int v;
	if (name == SO_LINGER) {
		struct linger l;
		if (len < sizeof(l))
			return -EINVAL;
		memcpy(&l, val, sizeof(l));
		v = !l.l_onoff ? -1 : l.l_linger < 0 ? 0 : l.l_linger;
		return tcp_setopt(c, TCP_OPT_LINGER, v > 65535 ? 65535 : v,
				  now);
	}
	int r = int_of(val, len, &v);
	if (r)
		return r;
	switch (name) {
	case SO_REUSEADDR:
		return tcp_setopt(c, TCP_OPT_REUSEADDR, v != 0, now);
	case SO_KEEPALIVE:
		return tcp_setopt(c, TCP_OPT_KEEPALIVE, v != 0, now);
	case SO_SNDBUF:
		return tcp_setopt(c, TCP_OPT_SNDBUF, buf_size(v), now);
	case SO_RCVBUF:
		return tcp_setopt(c, TCP_OPT_RCVBUF, buf_size(v), now);
	}
	return -ENOPROTOOPT;
}

static int set_tcp_opt(struct tcp_conn *c, int name, const void *val,
		       socklen_t len, uint64_t now)
{
	int v;
	int r = int_of(val, len, &v);
	if (r)
		return r;
	switch (name) {
	case TCP_NODELAY:
		return tcp_setopt(c, TCP_OPT_NODELAY, v != 0, now);
	case TCP_KEEPIDLE:
		return tcp_setopt(c, TCP_OPT_KEEPIDLE, v, now);
	case TCP_KEEPINTVL:
		return tcp_setopt(c, TCP_OPT_KEEPINTVL, v, now);
	case TCP_KEEPCNT:
		return tcp_setopt(c, TCP_OPT_KEEPCNT, v, now);
	}
	return -ENOPROTOOPT; /* TCP_MAXSEG included: the engine's alone */
}

int tcp_sock_setsockopt(struct file *f, int level, int name, const void *val,
			socklen_t len)
{
	struct tcp_sock *s = tcp_sock_of(f);
	if (level == SOL_SOCKET && (name == SO_RCVTIMEO || name == SO_SNDTIMEO))
		return socket_timeout_set(name == SO_RCVTIMEO ? &s->rcvtimeo
							      : &s->sndtimeo,
					  val, len);
	if (level != SOL_SOCKET && level != IPPROTO_TCP)
		return -ENOPROTOOPT;
	unsigned long fl = ip4_lock();
	uint64_t now = clock_monotonic();
	int r = level == SOL_SOCKET
		    ? set_socket_opt(s->conn, name, val, len, now)
		    : set_tcp_opt(s->conn, name, val, len, now);
	tcp_sock_kick();
	ip4_changed();
	ip4_unlock(fl);
	return r;
}

static int socket_opt(struct tcp_sock *s, int name, int *v)
{
	struct tcp_conn_info info;
	switch (name) {
	case SO_TYPE:
		return *v = SOCK_STREAM, 0;
	case SO_DOMAIN:
		return *v = AF_INET, 0;
	case SO_PROTOCOL:
		return *v = IPPROTO_TCP, 0;
	case SO_ERROR:
		return *v = tcp_sock_take_error(s), 0;
	case SO_ACCEPTCONN:
		tcp_info(s->conn, &info);
		return *v = info.state == TCP_LISTEN, 0;
	case SO_SNDBUF:
		return tcp_getopt(s->conn, TCP_OPT_SNDBUF, v);
	case SO_RCVBUF:
		return tcp_getopt(s->conn, TCP_OPT_RCVBUF, v);
	case SO_REUSEADDR:
		return tcp_getopt(s->conn, TCP_OPT_REUSEADDR, v);
	case SO_KEEPALIVE:
		return tcp_getopt(s->conn, TCP_OPT_KEEPALIVE, v);
	}
	return -ENOPROTOOPT;
}

static int tcp_opt(struct tcp_sock *s, int name, int *v)
{
	switch (name) {
	case TCP_NODELAY:
		return tcp_getopt(s->conn, TCP_OPT_NODELAY, v);
	case TCP_MAXSEG:
		return tcp_getopt(s->conn, TCP_OPT_MAXSEG, v);
	case TCP_KEEPIDLE:
		return tcp_getopt(s->conn, TCP_OPT_KEEPIDLE, v);
	case TCP_KEEPINTVL:
		return tcp_getopt(s->conn, TCP_OPT_KEEPINTVL, v);
	case TCP_KEEPCNT:
		return tcp_getopt(s->conn, TCP_OPT_KEEPCNT, v);
	}
	return -ENOPROTOOPT;
}

/* The option's value into u, its size into *size; the lock held. */
static int get_locked(struct tcp_sock *s, int level, int name, void *u,
		      size_t *size)
{
	if (level == SOL_SOCKET && name == SO_LINGER) {
		int secs;
		tcp_getopt(s->conn, TCP_OPT_LINGER, &secs);
		struct linger l = {secs >= 0, secs >= 0 ? secs : 0};
		memcpy(u, &l, sizeof(l));
		*size = sizeof(l);
		return 0;
	}
	if (level == IPPROTO_TCP && name == TCP_INFO) {
		fill_info(s->conn, u);
		*size = sizeof(struct linux_tcp_info);
		return 0;
	}
	*size = sizeof(int);
	if (level == SOL_SOCKET)
		return socket_opt(s, name, u);
	return level == IPPROTO_TCP ? tcp_opt(s, name, u) : -ENOPROTOOPT;
}

int tcp_sock_getsockopt(struct file *f, int level, int name, void *val,
			socklen_t *len)
{
	struct tcp_sock *s = tcp_sock_of(f);
	union {
		int i;
		struct timeval tv;
		struct linger l;
		struct linux_tcp_info ti;
	} u;
	size_t size;
	int r;
	if (level == SOL_SOCKET &&
	    (name == SO_RCVTIMEO || name == SO_SNDTIMEO)) {
		size = sizeof(struct timeval);
		socket_timeout_get(
		    name == SO_RCVTIMEO ? s->rcvtimeo : s->sndtimeo, &u.tv);
		r = 0;
	} else {
		unsigned long fl = ip4_lock();
		r = get_locked(s, level, name, &u, &size);
		ip4_unlock(fl);
	}
	if (r)
		return r;
	return socket_opt_out(val, len, &u, size);
}
