/*
 * kernel/net/tcp_*.c on the host: engines joined by tcp_sim's network,
 * checked for what a peer and an application see: handshakes, bulk
 * transfer under loss, reordering and duplication, throughput, closes,
 * resets, the RFC 6298 backoff, ICMP errors, TIME_WAIT, persist, Nagle,
 * delayed ACK, backlog, RFC 5961, keepalive and allocation failures.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "tap.h"
#include "tcp_sim.h"

#define MS 1000000ull
#define SEC 1000000000ull

/* Allocation failure injection (TCP_MALLOC, see tcp_impl.h). */
static long malloc_fail_in = -1; /* fail the Nth next call; -1: never */
static unsigned malloc_every;	 /* fail every Nth call; 0: never */
static unsigned long malloc_calls;
static long live_allocs;

void *test_malloc(size_t n);
void test_free(void *p);

void *test_malloc(size_t n)
{
	void *p;

	malloc_calls++;
	if (malloc_fail_in >= 0 && malloc_fail_in-- == 0)
		return NULL;
	if (malloc_every && malloc_calls % malloc_every == 0)
		return NULL;
	p = malloc(n);
	live_allocs += p != NULL;
	return p;
}

void test_free(void *p)
{
	live_allocs -= p != NULL;
	free(p);
}

static struct sim S;
static struct tcp_config cfg;

static void fresh(uint64_t seed)
{
	tcp_config_default(&cfg);
	sim_init(&S, seed, &cfg);
}

static void fresh_cfg(uint64_t seed)
{
	sim_init(&S, seed, &cfg);
}

static void settle(uint64_t ns)
{
	sim_run(&S, S.now + ns, NULL, NULL);
}

static struct tcp_conn *listener(int host, uint16_t port, int backlog)
{
	struct tcp_conn *l = tcp_open(S.host[host].eng);

	if (!l || tcp_bind(l, 0, sim_port(port)) || tcp_listen(l, backlog))
		abort();
	return l;
}

static struct tcp_conn *dial(int from, int to, uint16_t port)
{
	struct tcp_conn *c = tcp_open(S.host[from].eng);

	if (!c ||
	    tcp_connect(c, sim_addr(to), sim_port(port), S.now) != -EINPROGRESS)
		abort();
	return c;
}

static enum tcp_state state(const struct tcp_conn *c)
{
	struct tcp_conn_info i;

	tcp_info(c, &i);
	return i.state;
}

struct pair {
	struct tcp_conn *lst, *cli, *srv;
};

static bool accepted(struct sim *s, void *arg)
{
	struct pair *p = arg;

	(void)s;
	if (!p->srv && tcp_accept(p->lst, &p->srv))
		p->srv = NULL;
	return p->srv && state(p->cli) == TCP_ESTABLISHED;
}

/* A listener on host 1, a client on host 0 and the accepted child. */
static bool connect_pair(struct pair *p, uint16_t port)
{
	p->lst = listener(1, port, 8);
	p->cli = dial(0, 1, port);
	p->srv = NULL;
	return sim_run(&S, S.now + 10 * SEC, accepted, p);
}

/*
 * connect_pair() with 1 MiB buffers, set before the handshake fixes the
 * window scale: a long fat link needs more than 64 KiB in flight.
 */
static bool connect_wide_pair(struct pair *p, uint16_t port)
{
	p->lst = listener(1, port, 8);
	tcp_setopt(p->lst, TCP_OPT_RCVBUF, 1 << 20, S.now);
	p->cli = tcp_open(S.host[0].eng);
	tcp_setopt(p->cli, TCP_OPT_SNDBUF, 1 << 20, S.now);
	tcp_connect(p->cli, sim_addr(1), sim_port(port), S.now);
	p->srv = NULL;
	return sim_run(&S, S.now + SEC, accepted, p);
}

static uint8_t pattern(uint64_t i)
{
	return (uint8_t)(i * 2654435761u >> 13);
}

struct xfer {
	struct tcp_conn *from, *to;
	uint64_t total, sent, got;
	bool bad;
	bool close_after; /* the sender closes when all is sent */
	bool closed;
	bool stop_reading;
};

static void pump_send(struct xfer *x)
{
	uint8_t buf[8192];

	while (x->sent < x->total) {
		size_t n = x->total - x->sent < sizeof(buf)
			       ? (size_t)(x->total - x->sent)
			       : sizeof(buf);
		long r;

		for (size_t i = 0; i < n; i++)
			buf[i] = pattern(x->sent + i);
		r = tcp_send(x->from, buf, n, S.now);
		if (r <= 0)
			break;
		x->sent += (uint64_t)r;
	}
	if (x->close_after && x->sent == x->total && !x->closed) {
		tcp_close(x->from, S.now);
		x->closed = true;
	}
}

static void pump_recv(struct xfer *x)
{
	uint8_t buf[8192];
	long r;

	while (!x->stop_reading &&
	       (r = tcp_recv(x->to, buf, sizeof(buf), 0, S.now)) > 0) {
		for (long i = 0; i < r; i++)
			if (buf[i] != pattern(x->got + (uint64_t)i))
				x->bad = true;
		x->got += (uint64_t)r;
	}
}

static bool pumped(struct sim *s, void *arg)
{
	struct xfer *x = arg;

	(void)s;
	pump_send(x);
	pump_recv(x);
	return x->got >= x->total;
}

static bool no_conns(struct sim *s, void *arg)
{
	struct tcp_stats a, b;

	(void)arg;
	tcp_engine_stats(s->host[0].eng, &a);
	tcp_engine_stats(s->host[1].eng, &b);
	return a.conns + b.conns == 0;
}

static unsigned conns(int host)
{
	struct tcp_stats st;

	tcp_engine_stats(S.host[host].eng, &st);
	return st.conns;
}

static bool drop_all(struct sim *s, const struct sim_seg *g)
{
	(void)s;
	(void)g;
	return true;
}

static bool drop_from0(struct sim *s, const struct sim_seg *g)
{
	(void)s;
	return g->from == 0;
}

static unsigned count_segs(int from, bool (*pred)(const struct sim_seg *))
{
	unsigned n = 0;

	for (unsigned i = 0; i < S.n_trace; i++)
		if (S.trace[i].from == from && (!pred || pred(&S.trace[i])))
			n++;
	return n;
}

static bool has_data(const struct sim_seg *g)
{
	return g->len > 0;
}

static bool is_rst(const struct sim_seg *g)
{
	return g->flags & 0x04;
}

/* The sequence number after everything `host` has sent. */
static uint32_t next_seq_from(int host)
{
	uint32_t next = 0;
	bool any = false;

	for (unsigned i = 0; i < S.n_trace; i++) {
		const struct sim_seg *g = &S.trace[i];
		uint32_t end =
		    g->seq + g->len + !!(g->flags & 2) + !!(g->flags & 1);

		if (g->from != host || (g->flags & 4))
			continue;
		if (!any || (int32_t)(end - next) > 0)
			next = end;
		any = true;
	}
	return next;
}

static void test_handshake(void)
{
	struct pair p;
	struct tcp_conn_info ci, si;
	uint32_t a;
	uint16_t port, cport;
	int mss;

	fresh(1);
	TAP_OK(connect_pair(&p, 80), "handshake: client connects, server "
				     "accepts");
	TAP_OK(S.n_trace == 3 && S.trace[0].flags == 0x02 &&
		   S.trace[1].flags == 0x12 && S.trace[2].flags == 0x10,
	       "handshake: SYN, SYN-ACK, ACK");
	tcp_info(p.cli, &ci);
	tcp_info(p.srv, &si);
	TAP_OK(ci.snd_mss == 1460 && si.snd_mss == 1460,
	       "handshake: MSS 1460 both ways from MTU 1500");
	TAP_OK(ci.snd_wscale == 7 && ci.rcv_wscale == 7 && si.snd_wscale == 7,
	       "handshake: window scale 7 negotiated");
	TAP_OK(ci.timestamps && si.timestamps &&
		   tcp_getopt(p.cli, TCP_OPT_MAXSEG, &mss) == 0 && mss == 1448,
	       "handshake: timestamps negotiated, 1448 bytes a segment");
	TAP_OK(tcp_local(p.cli, &a, &cport) == 0 && a == sim_addr(0) &&
		   sim_port(cport) >= 32768 && sim_port(cport) <= 60999,
	       "handshake: client on an ephemeral port of 32768-60999");
	TAP_OK(tcp_peer(p.srv, &a, &port) == 0 && a == sim_addr(0) &&
		   port == cport,
	       "handshake: the child's peer is the client");
	TAP_OK(tcp_poll(p.cli) == TCP_POLL_OUT &&
		   tcp_poll(p.srv) == TCP_POLL_OUT,
	       "handshake: both writable, nothing else");
	TAP_OK(tcp_accept(p.lst, &p.srv) == -EAGAIN,
	       "handshake: no second connection to accept");
	sim_fini(&S);
}

static bool both_drained(struct sim *s, void *arg)
{
	(void)arg;
	return no_conns(s, NULL);
}

static void test_bulk_lossy(void)
{
	struct pair p;
	struct xfer x = {.total = 4u << 20, .close_after = true};
	struct tcp_stats st;
	bool done;
	long r;

	tcp_config_default(&cfg);
	cfg.msl = SEC;
	fresh_cfg(2);
	S.loss = 20;
	S.dup = 10;
	S.reorder = 50;
	S.reorder_delay = 3 * MS;
	S.rate = 10000000;
	TAP_OK(connect_pair(&p, 81), "bulk: connected over a lossy link");
	x.from = p.cli;
	x.to = p.srv;
	/* the sender's view before it lets go */
	pump_send(&x);
	done = sim_run(&S, S.now + 300 * SEC, pumped, &x);
	TAP_OK(done && x.got == x.total && !x.bad,
	       "bulk: 4 MiB arrive byte-exact through 2%% loss, 1%% "
	       "duplicates, 5%% reordering");
	TAP_OK(S.bad_csum == 0, "bulk: every segment's checksum verifies");
	tcp_engine_stats(S.host[0].eng, &st);
	TAP_OK(st.retrans > 0 && S.n_segs > (4u << 20) / 1460,
	       "bulk: the sender retransmitted (%llu segments)",
	       (unsigned long long)st.retrans);
	done = sim_run(&S, S.now + 60 * SEC, NULL, NULL);
	r = tcp_recv(p.srv, NULL, 0, 0, S.now);
	TAP_OK(r == 0, "bulk: the receiver sees the end of the stream (%ld)",
	       r);
	tcp_close(p.srv, S.now);
	tcp_close(p.lst, S.now);
	TAP_OK(sim_run(&S, S.now + 120 * SEC, both_drained, NULL),
	       "bulk: both sides free every connection after the close");
	sim_fini(&S);
}

static void test_bulk_both_ways(void)
{
	struct pair p;
	struct xfer a = {.total = 1u << 20}, b = {.total = 1u << 20};
	bool ok = true;

	fresh(3);
	S.loss = 10;
	S.reorder = 30;
	S.reorder_delay = 2 * MS;
	connect_pair(&p, 82);
	a.from = b.to = p.cli;
	a.to = b.from = p.srv;
	for (int i = 0; i < 100000 && (a.got < a.total || b.got < b.total);
	     i++) {
		pumped(&S, &a);
		pumped(&S, &b);
		sim_run(&S, S.now + 10 * MS, NULL, NULL);
	}
	ok = a.got == a.total && b.got == b.total && !a.bad && !b.bad;
	TAP_OK(ok, "bulk: 1 MiB each way at once, byte-exact");
	sim_fini(&S);
}

static void test_throughput(void)
{
	struct pair p;
	struct xfer x = {.total = 8u << 20};
	struct tcp_conn_info ci;
	uint64_t start, took;
	bool done;

	fresh(4);
	S.delay = 10 * MS; /* 20 ms RTT */
	S.rate = 12500000; /* 100 Mbit/s: 250 KB in flight fill it */
	S.queue_limit = 1 << 20;
	connect_wide_pair(&p, 83);
	x.from = p.cli;
	x.to = p.srv;
	start = S.now;
	done = sim_run(&S, S.now + 30 * SEC, pumped, &x);
	took = S.now - start;
	tcp_info(p.cli, &ci);
	/* the link alone takes 0.7 s; a 64 KiB window would take 2.6 s */
	TAP_OK(done && !x.bad && took < 1200 * MS,
	       "throughput: 8 MiB over 100 Mbit/s, 20 ms RTT in %llu ms "
	       "(cwnd %u, peer window %u)",
	       (unsigned long long)(took / MS), ci.cwnd, ci.snd_wnd);
	TAP_OK(ci.snd_wnd > 65535, "throughput: the scaled window exceeds "
				   "64 KiB");
	sim_fini(&S);
}

/* A bottleneck that drops what overflows its queue: NewReno's case. */
static void test_congestion(void)
{
	struct pair p;
	struct xfer x = {.total = 4u << 20};
	struct tcp_stats st;
	uint64_t start, ideal;
	bool done;

	fresh(24);
	S.delay = 10 * MS;
	S.rate = 2000000; /* 2 MB/s */
	S.queue_limit = 30000;
	connect_wide_pair(&p, 100);
	x.from = p.cli;
	x.to = p.srv;
	start = S.now;
	done = sim_run(&S, S.now + 60 * SEC, pumped, &x);
	ideal = (uint64_t)x.total * (1460 + 40) / 1460 * SEC / S.rate;
	tcp_engine_stats(S.host[0].eng, &st);
	TAP_OK(done && !x.bad, "congestion: 4 MiB through a 30 KB queue");
	TAP_OK(st.fast_retransmits > 0 && st.timeouts <= st.fast_retransmits,
	       "congestion: queue drops are mostly fast-retransmitted "
	       "(%llu fast, %llu timeouts)",
	       (unsigned long long)st.fast_retransmits,
	       (unsigned long long)st.timeouts);
	/* NewReno without SACK mends one hole per RTT after slow start's
	 * overshoot: allow half again the link's time */
	TAP_OK(S.now - start < ideal * 3 / 2,
	       "congestion: within 50%% of the link's time (%llu ms, ideal "
	       "%llu)",
	       (unsigned long long)((S.now - start) / MS),
	       (unsigned long long)(ideal / MS));
	sim_fini(&S);
}

static unsigned first_data_dropped;

static bool drop_first_data(struct sim *s, const struct sim_seg *g)
{
	(void)s;
	if (g->from == 0 && g->len && !first_data_dropped) {
		first_data_dropped++;
		return true;
	}
	return false;
}

/* RFC 5681 3.2 and RFC 6582: three duplicate ACKs resend the hole. */
static void test_fast_retransmit(void)
{
	struct pair p;
	struct xfer x = {.total = 20 * 1460};
	struct tcp_stats st;
	uint64_t start;

	fresh(26);
	connect_pair(&p, 102);
	tcp_setopt(p.cli, TCP_OPT_NODELAY, 1, S.now);
	S.filter = drop_first_data;
	x.from = p.cli;
	x.to = p.srv;
	start = S.now;
	TAP_OK(sim_run(&S, S.now + 10 * SEC, pumped, &x) && !x.bad,
	       "fast retransmit: the data arrives");
	tcp_engine_stats(S.host[0].eng, &st);
	TAP_OK(first_data_dropped == 1 && st.fast_retransmits == 1 &&
		   st.timeouts == 0 && S.now - start < 100 * MS,
	       "fast retransmit: the first segment lost is resent on the "
	       "third duplicate ACK, no timeout (%llu ms)",
	       (unsigned long long)((S.now - start) / MS));
	sim_fini(&S);
}

/*
 * 17% loss both ways with timestamps: RTT samples must not take in the
 * backoff (an echo from before a retransmission), or the RTO feeds on
 * itself up to its ceiling.
 */
static void test_rto_sane(void)
{
	struct pair p;
	struct xfer a = {.total = 600000}, b = {.total = 200000};
	struct tcp_conn_info ci;
	uint64_t worst = 0;

	fresh(2365);
	S.loss = 170;
	S.dup = 30;
	S.reorder = 100;
	S.reorder_delay = 8 * MS;
	S.rate = 2000000;
	S.queue_limit = 30000;
	connect_pair(&p, 106);
	a.from = b.to = p.cli;
	a.to = b.from = p.srv;
	for (int i = 0; i < 100000 && (a.got < a.total || b.got < b.total);
	     i++) {
		pumped(&S, &a);
		pumped(&S, &b);
		sim_run(&S, S.now + 10 * MS, NULL, NULL);
		tcp_info(p.cli, &ci);
		if (ci.rto > worst)
			worst = ci.rto;
	}
	TAP_OK(a.got == a.total && b.got == b.total && !a.bad && !b.bad,
	       "17%% loss: both ways byte-exact");
	TAP_OK(worst < 10 * SEC,
	       "17%% loss: the RTO stays under 10 s (at "
	       "most %llu ms) on a 10 ms path",
	       (unsigned long long)(worst / MS));
	sim_fini(&S);
}

static unsigned sack_seen;

static bool drop_second_and_fourth(struct sim *s, const struct sim_seg *g)
{
	(void)s;
	if (g->from != 0 || !g->len)
		return false;
	return ++sack_seen == 2 || sack_seen == 4;
}

/* RFC 2018: the receiver tells what it holds past the holes. */
static void test_sack_blocks(void)
{
	struct pair p;
	struct tcp_conn_info si;
	static char buf[6 * 1448];
	const struct sim_seg *g = NULL;
	uint32_t base;
	bool ok;

	fresh(37);
	connect_pair(&p, 113);
	tcp_info(p.srv, &si);
	TAP_OK(si.sack && S.trace[0].sack_perm && S.trace[1].sack_perm,
	       "SACK: permitted both ways in the handshake");
	tcp_setopt(p.cli, TCP_OPT_NODELAY, 1, S.now);
	base = next_seq_from(0);
	S.filter = drop_second_and_fourth;
	sim_trace_reset(&S);
	tcp_send(p.cli, buf, sizeof(buf), S.now);
	settle(5 * MS + 1);
	/* the server's last ACK before any retransmission arrives */
	for (unsigned i = 0; i < S.n_trace; i++)
		if (S.trace[i].from == 1)
			g = &S.trace[i];
	ok = g && g->ack == base + 1448 && g->n_sack == 2 &&
	     g->sack[0][0] == base + 4 * 1448 &&
	     g->sack[0][1] == base + 6 * 1448 &&
	     g->sack[1][0] == base + 2 * 1448 &&
	     g->sack[1][1] == base + 3 * 1448;
	TAP_OK(ok, "SACK: the duplicate ACK names both blocks, the latest "
		   "first");
	S.filter = NULL;
	settle(SEC);
	TAP_OK(tcp_recv(p.srv, buf, sizeof(buf), 0, S.now) == sizeof(buf),
	       "SACK: the holes are filled");
	sim_fini(&S);
}

/* Many seeds of a hostile network, both ways at once, then the closes. */
static void test_seeds(void)
{
	unsigned failed = 0, seeds = 40;

	for (unsigned seed = 100; seed < 100 + seeds; seed++) {
		struct pair p;
		struct xfer a = {.total = 100000 + seed * 1000u};
		struct xfer b = {.total = 60000};
		bool ok;

		tcp_config_default(&cfg);
		cfg.msl = SEC;
		cfg.retries = 30;
		fresh_cfg(seed);
		S.loss = 50 + (seed % 7) * 20;
		S.dup = 30;
		S.reorder = 100 + (seed % 5) * 50;
		S.reorder_delay = (1 + seed % 9) * MS;
		S.rate = seed % 3 ? 2000000 : 0;
		S.queue_limit = seed % 2 ? 30000 : 0;
		p.lst = listener(1, 80, 8);
		if (seed % 4 == 0)
			tcp_setopt(p.lst, TCP_OPT_RCVBUF, 5000, S.now);
		p.cli = dial(0, 1, 80);
		p.srv = NULL;
		ok = sim_run(&S, S.now + 100 * SEC, accepted, &p);
		if (ok && seed % 3 == 0)
			tcp_setopt(p.cli, TCP_OPT_NODELAY, 1, S.now);
		a.from = b.to = p.cli;
		a.to = b.from = p.srv;
		for (int i = 0;
		     ok && i < 100000 && (a.got < a.total || b.got < b.total);
		     i++) {
			pumped(&S, &a);
			pumped(&S, &b);
			sim_run(&S, S.now + 10 * MS, NULL, NULL);
		}
		ok = ok && a.got == a.total && b.got == b.total && !a.bad &&
		     !b.bad;
		if (ok) {
			tcp_close(p.cli, S.now);
			tcp_close(p.srv, S.now);
			tcp_close(p.lst, S.now);
			ok = sim_run(&S, S.now + 600 * SEC, both_drained, NULL);
		}
		if (!ok) {
			printf("# seed %u: %llu/%llu and %llu/%llu\n", seed,
			       (unsigned long long)a.got,
			       (unsigned long long)a.total,
			       (unsigned long long)b.got,
			       (unsigned long long)b.total);
			failed++;
		}
		sim_fini(&S);
	}
	TAP_OK(!failed,
	       "%u seeds of 5-17%% loss, duplicates, reordering, small "
	       "queues and buffers: byte-exact both ways, then closed (%u "
	       "failed)",
	       seeds, failed);
}

static long recv_str(struct tcp_conn *c, char *buf, size_t len)
{
	long r = tcp_recv(c, buf, len - 1, 0, S.now);

	buf[r > 0 ? r : 0] = 0;
	return r;
}

static void test_half_close(void)
{
	struct pair p;
	char buf[64];
	long r;

	fresh(5);
	connect_pair(&p, 84);
	tcp_send(p.cli, "hello", 5, S.now);
	tcp_shutdown(p.cli, 1, S.now);
	settle(100 * MS);
	r = recv_str(p.srv, buf, sizeof(buf));
	TAP_OK(r == 5 && !strcmp(buf, "hello"), "half-close: data before FIN");
	TAP_OK(tcp_recv(p.srv, buf, sizeof(buf), 0, S.now) == 0 &&
		   (tcp_poll(p.srv) & TCP_POLL_RDHUP),
	       "half-close: then the end of stream (RDHUP)");
	TAP_OK(state(p.cli) == TCP_FIN_WAIT_2 && state(p.srv) == TCP_CLOSE_WAIT,
	       "half-close: FIN_WAIT_2 and CLOSE_WAIT");
	TAP_OK(tcp_send(p.cli, "x", 1, S.now) == -EPIPE,
	       "half-close: a send after SHUT_WR is EPIPE");
	TAP_OK(tcp_send(p.srv, "world", 5, S.now) == 5,
	       "half-close: the other way still takes data");
	settle(100 * MS);
	r = recv_str(p.cli, buf, sizeof(buf));
	TAP_OK(r == 5 && !strcmp(buf, "world"),
	       "half-close: the half-closed side still receives");
	tcp_close(p.srv, S.now);
	settle(100 * MS);
	TAP_OK(tcp_recv(p.cli, buf, sizeof(buf), 0, S.now) == 0 &&
		   state(p.cli) == TCP_TIME_WAIT && conns(1) == 1,
	       "half-close: EOF, client in TIME_WAIT, server child freed");
	tcp_close(p.cli, S.now);
	tcp_close(p.lst, S.now);
	sim_fini(&S);

	/* the other way: the server stops sending first */
	fresh(6);
	connect_pair(&p, 85);
	tcp_shutdown(p.srv, 1, S.now);
	settle(100 * MS);
	TAP_OK(tcp_recv(p.cli, buf, sizeof(buf), 0, S.now) == 0 &&
		   tcp_send(p.cli, "late", 4, S.now) == 4,
	       "half-close: server SHUT_WR: client sees EOF, still sends");
	settle(100 * MS);
	r = recv_str(p.srv, buf, sizeof(buf));
	TAP_OK(r == 4 && !strcmp(buf, "late"),
	       "half-close: the server reads after its SHUT_WR");
	tcp_close(p.cli, S.now);
	settle(100 * MS);
	TAP_OK(state(p.srv) == TCP_TIME_WAIT ||
		   (tcp_poll(p.srv) & TCP_POLL_HUP),
	       "half-close: both FINs done, server HUP");
	sim_fini(&S);
}

static void test_refused(void)
{
	struct tcp_conn *c;

	fresh(7);
	c = dial(0, 1, 9999);
	settle(100 * MS);
	TAP_OK(count_segs(1, is_rst) == 1, "refused: the closed port resets");
	TAP_OK((tcp_poll(c) & TCP_POLL_ERR) &&
		   tcp_take_error(c) == ECONNREFUSED && tcp_take_error(c) == 0,
	       "refused: ECONNREFUSED as SO_ERROR, once");
	TAP_OK(state(c) == TCP_CLOSED && conns(1) == 0,
	       "refused: CLOSED, nothing left on the server");
	sim_fini(&S);
}

static uint32_t be32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	       (uint32_t)p[2] << 8 | p[3];
}

/* A 20-byte header, then `n` bytes of data, from port 1234 to 80. */
static size_t segment(uint8_t *b, uint32_t seq, uint32_t ack, uint8_t flags,
		      size_t n)
{
	memset(b, 0, 20 + n);
	b[0] = 1234 >> 8, b[1] = 1234 & 255, b[3] = 80;
	b[4] = (uint8_t)(seq >> 24), b[5] = (uint8_t)(seq >> 16);
	b[6] = (uint8_t)(seq >> 8), b[7] = (uint8_t)seq;
	b[8] = (uint8_t)(ack >> 24), b[9] = (uint8_t)(ack >> 16);
	b[10] = (uint8_t)(ack >> 8), b[11] = (uint8_t)ack;
	b[12] = 5 << 4, b[13] = flags, b[14] = 0xff;
	return 20 + n;
}

/* What a closed port answers, with no engine (RFC 9293 3.10.7.1). */
static void test_closed_reply(void)
{
	uint32_t a = sim_addr(0), b = sim_addr(1);
	uint8_t seg[32], rst[TCP_RST_LEN];
	size_t n;
	bool ok;

	n = segment(seg, 1000, 0, 0x02, 0);
	ok = tcp_closed_reply(a, b, seg, n, rst);
	TAP_OK(ok && rst[0] == 0 && rst[1] == 80 && rst[2] == 1234 >> 8 &&
		   rst[3] == (1234 & 255) && rst[13] == 0x14 &&
		   be32(rst + 4) == 0 && be32(rst + 8) == 1001 &&
		   rst[12] == 5 << 4 &&
		   tcp_checksum(b, a, rst, sizeof(rst)) == 0,
	       "closed port: a SYN gets RST|ACK acknowledging it, checksummed");
	n = segment(seg, 1000, 0, 0x03, 3);
	TAP_OK(tcp_closed_reply(a, b, seg, n, rst) && be32(rst + 8) == 1005,
	       "closed port: the ACK counts data, SYN and FIN");
	n = segment(seg, 1000, 777, 0x10, 0);
	TAP_OK(tcp_closed_reply(a, b, seg, n, rst) && rst[13] == 0x04 &&
		   be32(rst + 4) == 777,
	       "closed port: an ACK gets a RST with its sequence number");
	n = segment(seg, 1000, 777, 0x14, 0);
	TAP_OK(!tcp_closed_reply(a, b, seg, n, rst) &&
		   !tcp_closed_reply(a, b, seg, 19, rst),
	       "closed port: no reply to a RST or to a malformed segment");
}

static void test_reset(void)
{
	struct pair p;
	char buf[8];

	fresh(8);
	connect_pair(&p, 86);
	tcp_abort(p.srv);
	settle(100 * MS);
	TAP_OK(tcp_poll(p.cli) & TCP_POLL_ERR, "reset: the peer's RST is seen");
	TAP_OK(tcp_recv(p.cli, buf, sizeof(buf), 0, S.now) == -ECONNRESET,
	       "reset: recv gives ECONNRESET");
	TAP_OK(tcp_send(p.cli, "x", 1, S.now) == -EPIPE,
	       "reset: then send gives EPIPE");
	TAP_OK(tcp_recv(p.cli, buf, sizeof(buf), 0, S.now) == 0,
	       "reset: and recv end of stream");
	sim_fini(&S);

	/* closing with unread data resets, as Linux */
	fresh(9);
	connect_pair(&p, 87);
	tcp_send(p.cli, "unread", 6, S.now);
	settle(100 * MS);
	tcp_close(p.srv, S.now);
	settle(100 * MS);
	TAP_OK(count_segs(1, is_rst) == 1 &&
		   tcp_take_error(p.cli) == ECONNRESET,
	       "reset: close with unread data sends RST");
	sim_fini(&S);

	/* SO_LINGER 0 */
	fresh(10);
	connect_pair(&p, 88);
	tcp_setopt(p.cli, TCP_OPT_LINGER, 0, S.now);
	tcp_close(p.cli, S.now);
	settle(100 * MS);
	TAP_OK(count_segs(0, is_rst) == 1 &&
		   tcp_take_error(p.srv) == ECONNRESET && conns(0) == 0,
	       "reset: SO_LINGER 0 close sends RST and frees at once");
	sim_fini(&S);
}

static bool errored(struct sim *s, void *arg)
{
	(void)s;
	return tcp_poll(arg) & TCP_POLL_ERR;
}

static void test_backoff(void)
{
	struct pair p;
	struct xfer x = {.total = 20000};
	struct tcp_conn_info ci;
	uint64_t t[8], start;
	unsigned n = 0;
	bool ok = true;

	tcp_config_default(&cfg);
	cfg.retries = 4;
	fresh_cfg(11);
	S.delay = 50 * MS;
	connect_pair(&p, 89);
	x.from = p.cli;
	x.to = p.srv;
	sim_run(&S, S.now + 10 * SEC, pumped, &x);
	settle(SEC);
	tcp_info(p.cli, &ci);
	TAP_OK(ci.srtt >= 95 * MS && ci.srtt <= 150 * MS,
	       "backoff: SRTT %llu ms measures the 100 ms RTT",
	       (unsigned long long)(ci.srtt / MS));
	TAP_OK(ci.rto == (ci.srtt + 4 * ci.rttvar > 200 * MS
			      ? ci.srtt + 4 * ci.rttvar
			      : 200 * MS),
	       "backoff: RTO = max(200 ms, SRTT + 4 RTTVAR) = %llu ms",
	       (unsigned long long)(ci.rto / MS));
	S.filter = drop_from0;
	sim_trace_reset(&S);
	start = S.now;
	tcp_send(p.cli, "lost", 4, S.now);
	TAP_OK(sim_run(&S, S.now + 100 * SEC, errored, p.cli) &&
		   tcp_take_error(p.cli) == ETIMEDOUT,
	       "backoff: ETIMEDOUT after the retries");
	for (unsigned i = 0; i < S.n_trace && n < 8; i++)
		if (S.trace[i].from == 0 && S.trace[i].len)
			t[n++] = S.trace[i].at - start;
	ok = n == 5;
	for (unsigned i = 1; ok && i < n; i++)
		ok = t[i] - t[i - 1] == ci.rto << (i - 1);
	TAP_OK(ok,
	       "backoff: 1 + 4 transmissions, the RTO doubling between "
	       "them (%u sent)",
	       n);
	TAP_OK(S.now - start == 31 * ci.rto,
	       "backoff: given up at 31 RTO (the last timer doubled too)");
	TAP_OK(state(p.cli) == TCP_CLOSED, "backoff: CLOSED");
	sim_fini(&S);
}

static void test_syn_timeout(void)
{
	struct tcp_conn *c;
	uint64_t start;
	uint64_t want[] = {0, 1, 3, 7};
	bool ok;

	tcp_config_default(&cfg);
	cfg.syn_retries = 3;
	fresh_cfg(12);
	S.filter = drop_all;
	start = S.now;
	c = dial(0, 1, 90);
	TAP_OK(sim_run(&S, S.now + 100 * SEC, errored, c) &&
		   tcp_take_error(c) == ETIMEDOUT,
	       "SYN timeout: ETIMEDOUT");
	ok = S.n_trace == 4;
	for (unsigned i = 0; ok && i < 4; i++)
		ok = S.trace[i].flags == 0x02 &&
		     S.trace[i].at - start == want[i] * SEC;
	TAP_OK(ok, "SYN timeout: SYNs at 0, 1, 3, 7 s");
	TAP_OK(S.now - start == 15 * SEC, "SYN timeout: given up at 15 s");
	sim_fini(&S);
}

/*
 * Host i's engine hears an ICMP error quoting the n-th traced segment,
 * its sequence number moved by `off`.
 */
static void icmp_about(unsigned n, int err, uint32_t off)
{
	const struct sim_seg *g = &S.trace[n];
	uint32_t seq = g->seq + off;
	uint8_t q[8] = {[4] = (uint8_t)(seq >> 24),
			(uint8_t)(seq >> 16),
			(uint8_t)(seq >> 8),
			(uint8_t)seq};

	memcpy(q, &g->sport, 2);
	memcpy(q + 2, &g->dport, 2);
	tcp_icmp_error(S.host[g->from].eng, err, sim_addr(g->from),
		       sim_addr(g->to), q, sizeof(q));
}

static unsigned last_data_from(int from)
{
	for (unsigned i = S.n_trace; i-- > 0;)
		if (S.trace[i].from == from && S.trace[i].len)
			return i;
	abort();
}

static void test_icmp_connect(void)
{
	static const int errs[] = {ECONNREFUSED, ENOPROTOOPT, EHOSTUNREACH,
				   ENETUNREACH};
	struct tcp_conn *c;
	struct pair p;
	uint32_t addr, addr2;
	uint16_t port, port2;
	bool ok = true;

	fresh(40);
	S.filter = drop_all;
	c = dial(0, 1, 91);
	tcp_local(c, &addr, &port);
	icmp_about(0, -ECONNREFUSED, 2);
	icmp_about(0, -ECONNREFUSED, (uint32_t)-1);
	TAP_OK(state(c) == TCP_SYN_SENT && !(tcp_poll(c) & TCP_POLL_ERR),
	       "ICMP: a quote with a sequence number not in flight is ignored");
	icmp_about(0, -EMSGSIZE, 0);
	TAP_OK(state(c) == TCP_SYN_SENT && !(tcp_poll(c) & TCP_POLL_ERR),
	       "ICMP: fragmentation needed leaves a connect alone");
	icmp_about(0, -ECONNREFUSED, 0);
	TAP_OK(state(c) == TCP_CLOSED && (tcp_poll(c) & TCP_POLL_ERR) &&
		   tcp_take_error(c) == ECONNREFUSED && tcp_take_error(c) == 0,
	       "ICMP: port unreachable ends a connect, ECONNREFUSED once");
	settle(10 * SEC);
	TAP_OK(S.n_trace == 1, "ICMP: no SYN resent after it (%u sent)",
	       S.n_trace);
	TAP_OK(!tcp_local(c, &addr2, &port2) && port2 == port &&
		   addr2 == addr && conns(0) == 1,
	       "ICMP: the connection keeps its local port until closed");
	S.filter = NULL;
	p = (struct pair){.lst = listener(1, 91, 1), .cli = c};
	TAP_OK(tcp_connect(c, sim_addr(1), sim_port(91), S.now) ==
		       -EINPROGRESS &&
		   sim_run(&S, S.now + SEC, accepted, &p),
	       "ICMP: a connect after it succeeds");
	sim_fini(&S);

	for (unsigned i = 0; i < sizeof(errs) / sizeof(*errs); i++) {
		fresh(41 + i);
		S.filter = drop_all;
		c = dial(0, 1, 92);
		icmp_about(0, -errs[i], 0);
		ok &= state(c) == TCP_CLOSED && tcp_take_error(c) == errs[i];
		sim_fini(&S);
	}
	TAP_OK(ok, "ICMP: ECONNREFUSED, ENOPROTOOPT, EHOSTUNREACH and "
		   "ENETUNREACH each end a connect with themselves");
}

static void test_icmp_established(void)
{
	struct pair p;
	unsigned n;

	tcp_config_default(&cfg);
	cfg.retries = 4;
	fresh_cfg(50);
	connect_pair(&p, 93);
	S.filter = drop_from0;
	tcp_send(p.cli, "lost", 4, S.now);
	n = last_data_from(0);
	icmp_about(n, -ECONNREFUSED, 0);
	icmp_about(n, -EHOSTUNREACH, 0);
	settle(100 * MS);
	TAP_OK(state(p.cli) == TCP_ESTABLISHED &&
		   !(tcp_poll(p.cli) & TCP_POLL_ERR),
	       "ICMP: errors, hard ones too, are soft once established");
	TAP_OK(sim_run(&S, S.now + 100 * SEC, errored, p.cli) &&
		   tcp_take_error(p.cli) == EHOSTUNREACH,
	       "ICMP: the timeout reports the latest, EHOSTUNREACH");
	sim_fini(&S);

	/* an acknowledgment since says the path works again */
	fresh_cfg(51);
	connect_pair(&p, 94);
	tcp_send(p.cli, "seen", 4, S.now);
	icmp_about(last_data_from(0), -EHOSTUNREACH, 0);
	settle(SEC);
	S.filter = drop_from0;
	tcp_send(p.cli, "lost", 4, S.now);
	TAP_OK(sim_run(&S, S.now + 100 * SEC, errored, p.cli) &&
		   tcp_take_error(p.cli) == ETIMEDOUT,
	       "ICMP: after an ACK of new data the timeout is ETIMEDOUT");
	sim_fini(&S);
}

static uint64_t last_seg_at(int from)
{
	for (unsigned i = S.n_trace; i-- > 0;)
		if (S.trace[i].from == from)
			return S.trace[i].at;
	return 0;
}

static bool host_empty(struct sim *s, void *arg)
{
	struct tcp_stats st;

	tcp_engine_stats(s->host[*(int *)arg].eng, &st);
	return st.conns == 0;
}

static void test_time_wait(void)
{
	struct pair p;
	struct tcp_conn *c;
	uint64_t entered;
	int host = 1;

	tcp_config_default(&cfg);
	cfg.msl = SEC;
	fresh_cfg(13);
	connect_pair(&p, 91);
	tcp_close(p.srv, S.now); /* the server closes first: its TIME_WAIT */
	settle(50 * MS);
	tcp_close(p.cli, S.now);
	tcp_close(p.lst, S.now);
	settle(50 * MS);
	entered = last_seg_at(1);
	TAP_OK(conns(1) == 1 && conns(0) == 0,
	       "TIME_WAIT: the active closer keeps its end, the other not");
	c = tcp_open(S.host[1].eng);
	TAP_OK(tcp_bind(c, 0, sim_port(91)) == -EADDRINUSE,
	       "TIME_WAIT: binding its port is EADDRINUSE");
	tcp_setopt(c, TCP_OPT_REUSEADDR, 1, S.now);
	TAP_OK(tcp_bind(c, 0, sim_port(91)) == 0,
	       "TIME_WAIT: SO_REUSEADDR binds over it");
	tcp_close(c, S.now);
	TAP_OK(sim_run(&S, S.now + 10 * SEC, host_empty, &host) &&
		   S.now - entered == 2 * SEC,
	       "TIME_WAIT: lasts 2 MSL exactly (%llu ms)",
	       (unsigned long long)((S.now - entered) / MS));
	c = tcp_open(S.host[1].eng);
	TAP_OK(tcp_bind(c, 0, sim_port(91)) == 0,
	       "TIME_WAIT: the port is free after it");
	tcp_close(c, S.now);
	sim_fini(&S);
}

static unsigned window_updates_dropped;

static bool drop_window_update(struct sim *s, const struct sim_seg *g)
{
	(void)s;
	if (g->from == 1 && g->wnd > 0 && !window_updates_dropped) {
		window_updates_dropped++;
		return true;
	}
	return false;
}

static void test_persist(void)
{
	struct pair p;
	struct xfer x = {.total = 200000, .stop_reading = true};
	struct tcp_conn_info ci;
	uint64_t t[16];
	unsigned n = 0;
	uint32_t una;
	bool ok;

	fresh(14);
	p.lst = listener(1, 92, 8);
	tcp_setopt(p.lst, TCP_OPT_RCVBUF, 16384, S.now);
	p.cli = dial(0, 1, 92);
	p.srv = NULL;
	sim_run(&S, S.now + SEC, accepted, &p);
	x.from = p.cli;
	x.to = p.srv;
	sim_run(&S, S.now + SEC, pumped, &x);
	tcp_info(p.cli, &ci);
	TAP_OK(ci.snd_wnd == 0 && ci.unacked == 0,
	       "persist: the receiver's window closed, all sent acked");
	sim_trace_reset(&S);
	una = next_seq_from(0);
	settle(20 * SEC);
	for (unsigned i = 0; i < S.n_trace && n < 16; i++)
		if (S.trace[i].from == 0 && !S.trace[i].len)
			t[n++] = S.trace[i].at;
	ok = n >= 4;
	for (unsigned i = 2; ok && i < n; i++)
		ok = t[i] - t[i - 1] == 2 * (t[i - 1] - t[i - 2]) ||
		     t[i] - t[i - 1] == 120 * SEC;
	TAP_OK(ok, "persist: %u probes, their intervals doubling", n);
	(void)una;
	S.filter = drop_window_update;
	x.stop_reading = false;
	TAP_OK(sim_run(&S, S.now + 200 * SEC, pumped, &x) && !x.bad &&
		   window_updates_dropped == 1,
	       "persist: a lost window update is recovered by a probe");
	sim_fini(&S);
}

static void small_writes(int nodelay, unsigned *segs)
{
	struct pair p;
	char buf[128];
	long got = 0, r;

	fresh(15);
	connect_pair(&p, 93);
	tcp_setopt(p.cli, TCP_OPT_NODELAY, nodelay, S.now);
	sim_trace_reset(&S);
	for (int i = 0; i < 10; i++)
		tcp_send(p.cli, "0123456789", 10, S.now);
	settle(SEC);
	while ((r = tcp_recv(p.srv, buf, sizeof(buf), 0, S.now)) > 0)
		got += r;
	*segs = got == 100 ? count_segs(0, has_data) : 0;
	sim_fini(&S);
}

static void test_nagle(void)
{
	unsigned with, without;

	small_writes(0, &with);
	small_writes(1, &without);
	TAP_OK(with == 2, "Nagle: ten small writes go in 2 segments (%u)",
	       with);
	TAP_OK(without == 10, "NODELAY: ten small writes, ten segments (%u)",
	       without);
}

static void test_delayed_ack(void)
{
	struct pair p;
	static char big[65536];
	int mss;
	uint64_t arrive = 0, acked = 0;

	fresh(16);
	connect_pair(&p, 94);
	tcp_setopt(p.cli, TCP_OPT_NODELAY, 1, S.now);
	settle(SEC);
	sim_trace_reset(&S);
	tcp_send(p.cli, "ping", 4, S.now);
	arrive = S.now + S.delay;
	settle(SEC);
	for (unsigned i = 0; i < S.n_trace; i++)
		if (S.trace[i].from == 1)
			acked = S.trace[i].at;
	TAP_OK(acked - arrive == 40 * MS,
	       "delayed ACK: one small segment is acked after 40 ms (%llu)",
	       (unsigned long long)((acked - arrive) / MS));
	sim_trace_reset(&S);
	tcp_getopt(p.cli, TCP_OPT_MAXSEG, &mss);
	tcp_send(p.cli, big, 2 * (size_t)mss, S.now);
	arrive = S.now + S.delay;
	settle(SEC);
	acked = 0;
	for (unsigned i = 0; i < S.n_trace; i++)
		if (S.trace[i].from == 1 && !acked)
			acked = S.trace[i].at;
	TAP_OK(count_segs(0, has_data) == 2 && acked == arrive &&
		   count_segs(1, NULL) == 1,
	       "delayed ACK: the second full segment is acked at once");
	sim_fini(&S);
}

static void test_backlog(void)
{
	struct tcp_conn *l, *c[3], *a;
	struct tcp_stats st;
	int n = 0;

	fresh(17);
	l = listener(1, 95, 2);
	for (int i = 0; i < 3; i++)
		c[i] = dial(0, 1, 95);
	settle(500 * MS);
	tcp_engine_stats(S.host[1].eng, &st);
	TAP_OK(state(c[0]) == TCP_ESTABLISHED &&
		   state(c[1]) == TCP_ESTABLISHED &&
		   state(c[2]) == TCP_SYN_SENT && st.drops == 1,
	       "backlog 2: the third SYN is dropped");
	while (tcp_accept(l, &a) == 0)
		n++;
	TAP_OK(n == 2, "backlog: two to accept");
	settle(2 * SEC);
	TAP_OK(state(c[2]) == TCP_ESTABLISHED && tcp_accept(l, &a) == 0,
	       "backlog: the SYN's retry gets in once there is room");
	sim_fini(&S);
}

static void test_rst_window(void)
{
	struct pair p;
	uint16_t cport, sport = sim_port(96);
	uint32_t a, rcv_nxt, before;

	fresh(18);
	connect_pair(&p, 96);
	tcp_local(p.cli, &a, &cport);
	rcv_nxt = next_seq_from(1);
	before = S.n_trace;
	sim_inject(&S, 1, 0, sport, cport, rcv_nxt + 1000, 0, 0x04, 0);
	TAP_OK(state(p.cli) == TCP_ESTABLISHED && S.n_trace == before + 1 &&
		   S.trace[before].flags == 0x10 &&
		   S.trace[before].ack == rcv_nxt,
	       "RFC 5961: an in-window RST draws a challenge ACK, no reset");
	before = S.n_trace;
	sim_inject(&S, 1, 0, sport, cport, rcv_nxt + 100000000, 0, 0x04, 0);
	TAP_OK(state(p.cli) == TCP_ESTABLISHED && S.n_trace == before,
	       "RFC 5961: an out-of-window RST is ignored");
	sim_inject(&S, 1, 0, sport, cport, rcv_nxt + 5, 0, 0x02, 1000);
	TAP_OK(state(p.cli) == TCP_ESTABLISHED && S.n_trace == before + 1 &&
		   S.trace[before].flags == 0x10,
	       "RFC 5961: a SYN on a connection draws a challenge ACK");
	before = S.n_trace;
	sim_inject(&S, 1, 0, sport, cport, next_seq_from(1) + 1, 0x7fffffff,
		   0x10, 1000);
	TAP_OK(state(p.cli) == TCP_ESTABLISHED && S.n_trace == before + 1,
	       "RFC 5961: an ACK of unsent data draws an ACK, is dropped");
	sim_inject(&S, 1, 0, sport, cport, rcv_nxt, 0, 0x04, 0);
	TAP_OK(state(p.cli) == TCP_CLOSED &&
		   tcp_take_error(p.cli) == ECONNRESET,
	       "RFC 5961: the RST at rcv_nxt resets");
	sim_fini(&S);
}

static bool drop_from1(struct sim *s, const struct sim_seg *g)
{
	(void)s;
	return g->from == 1;
}

/* RFC 9293 3.10.7: the resets for unacceptable ACKs in the SYN states. */
static void test_syn_states(void)
{
	struct tcp_conn *l, *c, *child;
	struct tcp_conn_info ci;
	uint16_t cport, lport = sim_port(101), fake = sim_port(4444);
	uint32_t a, iss, before;
	unsigned events;

	fresh(25);
	l = listener(1, 101, 4);
	S.filter = drop_from1;
	c = dial(0, 1, 101);
	tcp_local(c, &a, &cport);
	iss = S.trace[0].seq;
	before = S.n_trace;
	sim_inject(&S, 1, 0, lport, cport, 5000, iss + 1000, 0x12, 1000);
	TAP_OK(state(c) == TCP_SYN_SENT && S.n_trace == before + 1 &&
		   S.trace[before].flags == 0x04 &&
		   S.trace[before].seq == iss + 1000,
	       "SYN_SENT: a SYN-ACK acking the wrong ISN draws <SEQ=ACK><RST>");
	before = S.n_trace;
	sim_inject(&S, 0, 1, fake, lport, 7000, 123456, 0x10, 1000);
	TAP_OK(S.n_trace == before + 1 && S.trace[before].flags == 0x04 &&
		   S.trace[before].seq == 123456,
	       "LISTEN: an ACK draws <SEQ=ACK><RST>");
	sim_inject(&S, 0, 1, fake, lport, 7000, 0, 0x02, 1000);
	before = S.n_trace;
	sim_inject(&S, 0, 1, fake, lport, 7001, 42, 0x10, 1000);
	TAP_OK(conns(1) == 2 && S.n_trace == before + 1 &&
		   S.trace[before].flags == 0x04 && S.trace[before].seq == 42,
	       "SYN_RCVD: an ACK of the wrong ISN draws <SEQ=ACK><RST>");
	sim_inject(&S, 0, 1, sim_port(4445), lport, 9000, 0, 0x02, 1000);
	sim_inject(&S, 0, 1, sim_port(4445), lport, 9001,
		   S.trace[S.n_trace - 1].seq + 1, 0x10, 1000);
	TAP_OK(tcp_accept(l, &child) == 0 && state(child) == TCP_ESTABLISHED,
	       "SYN without options: accepted");
	tcp_info(child, &ci);
	TAP_OK(ci.snd_mss == 536 && ci.snd_wscale == 0 && ci.rcv_wscale == 0 &&
		   !ci.timestamps && ci.snd_wnd == 1000,
	       "SYN without options: MSS 536, no window scaling, no "
	       "timestamps");
	S.filter = NULL;
	events = S.host[1].events;
	settle(2 * SEC);
	TAP_OK(state(c) == TCP_ESTABLISHED && S.host[1].events > events &&
		   (tcp_poll(l) & TCP_POLL_IN),
	       "LISTEN: the event callback and POLL_IN tell of a connection");
	sim_fini(&S);
}

static uint32_t last_tsval_from(int host)
{
	for (unsigned i = S.n_trace; i-- > 0;)
		if (S.trace[i].from == host && S.trace[i].has_ts)
			return S.trace[i].tsval;
	return 0;
}

/* RFC 7323 5: an in-window segment with an old timestamp is a wrapped
 * sequence number's ghost: dropped, answered with an ACK. */
static void test_paws(void)
{
	struct pair p;
	uint16_t cport, sport = sim_port(105);
	uint32_t a, ts, before;
	char buf[16];

	fresh(29);
	connect_pair(&p, 105);
	tcp_send(p.srv, "a", 1, S.now);
	settle(SEC);
	tcp_recv(p.cli, buf, sizeof(buf), 0, S.now);
	tcp_local(p.cli, &a, &cport);
	ts = last_tsval_from(1);
	before = S.n_trace;
	sim_inject_ts(&S, 1, 0, sport, cport, next_seq_from(1),
		      next_seq_from(0), ts - 1000, "ghost", 5);
	TAP_OK(tcp_recv(p.cli, buf, sizeof(buf), 0, S.now) == -EAGAIN &&
		   S.n_trace == before + 1 && S.trace[before].flags == 0x10,
	       "PAWS: an old timestamp's data is dropped, an ACK sent");
	sim_inject_ts(&S, 1, 0, sport, cport, next_seq_from(1),
		      next_seq_from(0), ts + 5, "fresh", 5);
	TAP_OK(tcp_recv(p.cli, buf, sizeof(buf), 0, S.now) == 5 &&
		   !memcmp(buf, "fresh", 5),
	       "PAWS: the same with a newer timestamp is taken");
	sim_fini(&S);
}

static bool is_fin(const struct sim_seg *g)
{
	return g->flags & 0x01;
}

static void test_simultaneous(void)
{
	struct pair p;
	struct tcp_conn *a, *b;
	char buf[8];
	int host = 0;

	tcp_config_default(&cfg);
	cfg.msl = SEC;
	fresh_cfg(19);
	connect_pair(&p, 97);
	tcp_close(p.lst, S.now);
	sim_trace_reset(&S);
	tcp_close(p.cli, S.now);
	tcp_close(p.srv, S.now);
	TAP_OK(count_segs(0, is_fin) == 1 && count_segs(1, is_fin) == 1,
	       "simultaneous close: both FINs leave at once");
	settle(100 * MS);
	TAP_OK(conns(0) == 1 && conns(1) == 1,
	       "simultaneous close: both sides in TIME_WAIT");
	TAP_OK(sim_run(&S, S.now + 3 * SEC, host_empty, &host) && conns(1) == 0,
	       "simultaneous close: both gone after 2 MSL");
	sim_fini(&S);

	fresh(20);
	a = tcp_open(S.host[0].eng);
	b = tcp_open(S.host[1].eng);
	tcp_bind(a, 0, sim_port(5000));
	tcp_bind(b, 0, sim_port(6000));
	tcp_connect(a, sim_addr(1), sim_port(6000), S.now);
	tcp_connect(b, sim_addr(0), sim_port(5000), S.now);
	settle(SEC);
	TAP_OK(state(a) == TCP_ESTABLISHED && state(b) == TCP_ESTABLISHED,
	       "simultaneous open: both ESTABLISHED");
	tcp_send(a, "ab", 2, S.now);
	tcp_send(b, "ba", 2, S.now);
	settle(SEC);
	TAP_OK(tcp_recv(a, buf, 8, 0, S.now) == 2 && buf[0] == 'b' &&
		   tcp_recv(b, buf, 8, 0, S.now) == 2 && buf[0] == 'a',
	       "simultaneous open: data both ways");
	sim_fini(&S);
}

static void test_alloc_failures(void)
{
	struct tcp_conn *l, *c;
	struct tcp_stats st;
	struct tcp_ops ops = {0};

	fresh(21);
	malloc_fail_in = 0;
	TAP_OK(tcp_open(S.host[0].eng) == NULL, "ENOMEM: tcp_open gives NULL");
	malloc_fail_in = 1;
	TAP_OK(tcp_engine_create(&ops, NULL) == NULL,
	       "ENOMEM: tcp_engine_create gives NULL, leaks nothing");
	c = tcp_open(S.host[0].eng);
	malloc_fail_in = 1; /* the receive ring */
	TAP_OK(tcp_connect(c, sim_addr(1), sim_port(98), S.now) == -ENOMEM,
	       "ENOMEM: connect says so");
	l = listener(1, 98, 4);
	TAP_OK(tcp_connect(c, sim_addr(1), sim_port(98), S.now) == -EINPROGRESS,
	       "ENOMEM: connect works once memory is back");
	malloc_fail_in = 0; /* the SYN's child */
	settle(100 * MS);
	tcp_engine_stats(S.host[1].eng, &st);
	TAP_OK(state(c) == TCP_SYN_SENT && st.drops == 1 && conns(1) == 1,
	       "ENOMEM: the listener drops the SYN it cannot keep");
	malloc_fail_in = 1; /* the child's send ring */
	settle(1500 * MS);
	tcp_engine_stats(S.host[1].eng, &st);
	TAP_OK(state(c) == TCP_SYN_SENT && st.drops == 2 && conns(1) == 1,
	       "ENOMEM: and one whose buffers it cannot have");
	settle(3 * SEC);
	TAP_OK(state(c) == TCP_ESTABLISHED && tcp_accept(l, &c) == 0,
	       "ENOMEM: the SYN's retry then gets through");
	malloc_fail_in = 0;
	TAP_OK(tcp_setopt(c, TCP_OPT_SNDBUF, 1 << 20, S.now) == -ENOMEM,
	       "ENOMEM: growing a buffer says so");
	malloc_fail_in = -1;
	sim_fini(&S);
}

static void test_keepalive(void)
{
	struct pair p;
	uint64_t start;

	fresh(22);
	connect_pair(&p, 99);
	tcp_setopt(p.cli, TCP_OPT_KEEPIDLE, 10, S.now);
	tcp_setopt(p.cli, TCP_OPT_KEEPINTVL, 2, S.now);
	tcp_setopt(p.cli, TCP_OPT_KEEPCNT, 3, S.now);
	tcp_setopt(p.cli, TCP_OPT_KEEPALIVE, 1, S.now);
	sim_trace_reset(&S);
	settle(35 * SEC);
	TAP_OK(state(p.cli) == TCP_ESTABLISHED && count_segs(0, NULL) == 3 &&
		   count_segs(1, NULL) == 3,
	       "keepalive: answered probes every 10 s keep it up");
	S.filter = drop_all;
	sim_trace_reset(&S);
	start = S.now;
	TAP_OK(sim_run(&S, S.now + 100 * SEC, errored, p.cli) &&
		   tcp_take_error(p.cli) == ETIMEDOUT,
	       "keepalive: unanswered, ETIMEDOUT");
	TAP_OK(count_segs(0, NULL) == 3 &&
		   S.now - S.trace[0].at == 3 * 2 * SEC && start < S.now,
	       "keepalive: after 3 probes 2 s apart");
	sim_fini(&S);
}

static void test_bad_input(void)
{
	struct tcp_stats st;
	uint8_t seg[40] = {0};
	struct tcp_conn *a, *b, *c;

	fresh(23);
	tcp_input(S.host[0].eng, sim_addr(1), sim_addr(0), seg, 10, S.now);
	seg[12] = 0xf0; /* data offset 60 > 40 */
	tcp_input(S.host[0].eng, sim_addr(1), sim_addr(0), seg, 40, S.now);
	tcp_engine_stats(S.host[0].eng, &st);
	TAP_OK(st.in_errs == 2 && S.n_trace == 0,
	       "bad input: short and overlong headers dropped, counted");
	a = tcp_open(S.host[0].eng);
	b = tcp_open(S.host[0].eng);
	c = tcp_open(S.host[0].eng);
	TAP_OK(tcp_bind(a, sim_addr(0), sim_port(7)) == 0 &&
		   tcp_bind(b, 0, sim_port(7)) == -EADDRINUSE &&
		   tcp_bind(a, 0, sim_port(8)) == -EINVAL,
	       "bind: the wildcard conflicts with an address; twice EINVAL");
	TAP_OK(tcp_listen(a, 1) == 0 &&
		   tcp_bind(c, sim_addr(1), sim_port(7)) == 0,
	       "bind: different addresses share a port");
	TAP_OK(tcp_setopt(a, TCP_OPT_KEEPCNT, 0, S.now) == -EINVAL &&
		   tcp_setopt(a, TCP_OPT_NODELAY, 2, S.now) == -EINVAL &&
		   tcp_setopt(a, TCP_OPT_MAXSEG, 1, S.now) == -EINVAL,
	       "options: out of range values are EINVAL");
	TAP_OK(tcp_connect(b, sim_addr(1), 0, S.now) == -EINVAL &&
		   tcp_send(b, "x", 1, S.now) == -ENOTCONN &&
		   tcp_recv(b, seg, 1, 0, S.now) == -ENOTCONN,
	       "unconnected: EINVAL for port 0, ENOTCONN for I/O");
	sim_fini(&S);
}

static void test_peek_and_buffers(void)
{
	struct pair p;
	struct xfer x = {.total = 2u << 20};
	char a[8], b[8];

	fresh(30);
	connect_pair(&p, 107);
	tcp_send(p.cli, "peekaboo", 8, S.now);
	settle(SEC);
	TAP_OK(tcp_recv(p.srv, a, 4, TCP_RECV_PEEK, S.now) == 4 &&
		   tcp_recv(p.srv, b, 8, TCP_RECV_PEEK, S.now) == 8 &&
		   !memcmp(a, b, 4) && tcp_recv(p.srv, b, 8, 0, S.now) == 8 &&
		   !memcmp(b, "peekaboo", 8) &&
		   tcp_recv(p.srv, b, 8, 0, S.now) == -EAGAIN,
	       "peek: reads without consuming");
	S.loss = 20;
	S.reorder = 100;
	S.reorder_delay = 3 * MS;
	x.from = p.cli;
	x.to = p.srv;
	for (int i = 0; i < 100000 && x.got < x.total; i++) {
		pumped(&S, &x);
		if (i == 50)
			tcp_setopt(p.srv, TCP_OPT_RCVBUF, 1 << 20, S.now);
		if (i == 80)
			tcp_setopt(p.cli, TCP_OPT_SNDBUF, 8192, S.now);
		if (i == 120)
			tcp_setopt(p.srv, TCP_OPT_RCVBUF, 4096, S.now);
		sim_run(&S, S.now + 5 * MS, NULL, NULL);
	}
	TAP_OK(x.got == x.total && !x.bad,
	       "buffers: resized both ways mid-transfer under loss, "
	       "byte-exact");
	sim_fini(&S);
}

static bool drop_acks_from0(struct sim *s, const struct sim_seg *g)
{
	(void)s;
	return g->from == 0 && (g->flags & 0x10);
}

static void test_listener_close(void)
{
	struct tcp_conn *l, *c[2], *child;
	char buf[4];

	fresh(31);
	l = listener(1, 108, 4);
	c[0] = dial(0, 1, 108);
	settle(SEC);
	S.filter = drop_acks_from0; /* the second stays half open */
	c[1] = dial(0, 1, 108);
	settle(100 * MS);
	S.filter = NULL;
	TAP_OK(conns(1) == 3, "listener close: one queued, one half open");
	tcp_close(l, S.now);
	settle(SEC);
	TAP_OK(conns(1) == 0 && tcp_take_error(c[0]) == ECONNRESET &&
		   state(c[1]) == TCP_CLOSED,
	       "listener close: its children are reset and freed");
	sim_fini(&S);

	fresh(32);
	l = listener(1, 109, 4);
	c[0] = dial(0, 1, 109);
	settle(SEC);
	tcp_abort(c[0]);
	settle(SEC);
	TAP_OK(tcp_accept(l, &child) == 0 &&
		   tcp_recv(child, buf, 4, 0, S.now) == -ECONNRESET,
	       "accept queue: a child reset before accept gives "
	       "ECONNRESET");
	tcp_close(child, S.now);
	sim_fini(&S);
}

static void test_orphans(void)
{
	struct pair p;
	uint64_t closed;
	int host = 0;

	tcp_config_default(&cfg);
	cfg.fin_timeout = 5 * SEC;
	fresh_cfg(33);
	connect_pair(&p, 110);
	closed = S.now;
	tcp_close(p.cli, S.now);
	settle(SEC);
	TAP_OK(conns(0) == 1 && state(p.srv) == TCP_CLOSE_WAIT,
	       "orphan: the closed client waits in FIN_WAIT_2");
	TAP_OK(sim_run(&S, S.now + 10 * SEC, host_empty, &host) &&
		   S.now - closed == 5 * SEC + 2 * S.delay,
	       "orphan: FIN_WAIT_2 ends fin_timeout after the FIN's ACK");
	sim_fini(&S);

	fresh(34);
	connect_pair(&p, 111);
	tcp_close(p.cli, S.now); /* FIN_WAIT_2, nobody reading */
	settle(SEC);
	tcp_send(p.srv, "late", 4, S.now);
	settle(SEC);
	TAP_OK(count_segs(0, is_rst) == 1 && conns(0) == 0 &&
		   tcp_take_error(p.srv) == ECONNRESET,
	       "orphan: data for a closed socket is answered with RST");
	sim_fini(&S);
}

static void test_time_wait_takeover(void)
{
	struct pair p;
	struct tcp_conn *c;

	fresh(35);
	connect_pair(&p, 112);
	tcp_close(p.srv, S.now); /* the server ends in TIME_WAIT */
	settle(100 * MS);
	tcp_close(p.cli, S.now);
	settle(100 * MS);
	TAP_OK(conns(1) == 2 && conns(0) == 0,
	       "TIME_WAIT takeover: the server holds TIME_WAIT");
	c = tcp_open(S.host[0].eng);
	tcp_bind(c, 0, S.trace[0].sport);
	tcp_connect(c, sim_addr(1), sim_port(112), S.now);
	settle(100 * MS);
	TAP_OK(state(c) == TCP_ESTABLISHED && conns(1) == 2 &&
		   tcp_accept(p.lst, &p.srv) == 0,
	       "TIME_WAIT takeover: a new SYN on its 4-tuple connects");
	sim_fini(&S);
}

static void test_limits(void)
{
	struct tcp_conn *a, *b, *c;

	tcp_config_default(&cfg);
	cfg.max_conns = 2;
	cfg.port_first = cfg.port_last = cfg.port_start = 40000;
	fresh_cfg(36);
	a = tcp_open(S.host[0].eng);
	b = tcp_open(S.host[0].eng);
	c = tcp_open(S.host[0].eng);
	TAP_OK(a && b && !c, "limits: max_conns connections, no more");
	TAP_OK(tcp_connect(a, sim_addr(1), sim_port(80), S.now) ==
		       -EINPROGRESS &&
		   tcp_connect(b, sim_addr(1), sim_port(80), S.now) ==
		       -EADDRNOTAVAIL,
	       "limits: the one ephemeral port used, EADDRNOTAVAIL");
	TAP_OK(tcp_connect(a, sim_addr(1), sim_port(80), S.now) == -EALREADY,
	       "limits: a second connect while connecting is EALREADY");
	sim_fini(&S);
}

/* Random segments at a listener and a connection, then a transfer. */
static void test_fuzz(void)
{
	struct pair p;
	struct xfer x = {.total = 100000};
	uint16_t cport, lport = sim_port(103);
	uint32_t a, base;
	uint8_t seg[20 + 40 + 600];
	struct tcp_stats st;

	fresh(27);
	connect_pair(&p, 103);
	tcp_local(p.cli, &a, &cport);
	base = next_seq_from(1);
	for (int i = 0; i < 200000; i++) {
		uint32_t r = sim_rand(&S), len = 20 + sim_rand(&S) % 640;
		uint32_t seq =
		    r & 1 ? base + sim_rand(&S) % 300000 - 1000 : sim_rand(&S);

		for (uint32_t j = 0; j < len; j++)
			seg[j] = (uint8_t)sim_rand(&S);
		memcpy(seg, r & 2 ? &lport : &cport, 2);
		memcpy(seg + 2, r & 4 ? &cport : &lport, 2);
		if (r & 8) {
			seg[4] = (uint8_t)(seq >> 24);
			seg[5] = (uint8_t)(seq >> 16);
			seg[6] = (uint8_t)(seq >> 8);
			seg[7] = (uint8_t)seq;
		}
		if (r & 16)
			seg[12] = (uint8_t)((5 + r % 11) << 4);
		tcp_input(S.host[r & 32 ? 0 : 1].eng, sim_addr(r & 32 ? 1 : 0),
			  sim_addr(r & 32 ? 0 : 1), seg, len, S.now);
		if (i % 1000 == 0)
			settle(10 * MS);
	}
	tcp_engine_stats(S.host[0].eng, &st);
	TAP_OK(st.in_segs > 100000, "fuzz: 200000 random segments taken");
	settle(10 * SEC);
	tcp_close(p.cli, S.now);
	tcp_close(p.srv, S.now);
	p.srv = NULL;
	p.cli = dial(0, 1, 103);
	TAP_OK(sim_run(&S, S.now + 10 * SEC, accepted, &p),
	       "fuzz: the listener still accepts");
	x.from = p.cli;
	x.to = p.srv;
	TAP_OK(sim_run(&S, S.now + 10 * SEC, pumped, &x) && !x.bad,
	       "fuzz: and a new connection carries data");
	sim_fini(&S);
}

/* Every 7th allocation fails while connections come and go. */
static void test_alloc_storm(void)
{
	unsigned connected = 0;

	fresh(28);
	malloc_every = 7;
	for (int round = 0; round < 30; round++) {
		struct pair p = {.lst = tcp_open(S.host[1].eng)};
		struct xfer x = {.total = 30000, .close_after = true};

		if (!p.lst)
			continue;
		if (tcp_bind(p.lst, 0, sim_port(104)) || tcp_listen(p.lst, 4)) {
			tcp_close(p.lst, S.now);
			continue;
		}
		p.cli = tcp_open(S.host[0].eng);
		if (p.cli &&
		    tcp_connect(p.cli, sim_addr(1), sim_port(104), S.now) ==
			-EINPROGRESS &&
		    sim_run(&S, S.now + 30 * SEC, accepted, &p)) {
			connected++;
			x.from = p.cli;
			x.to = p.srv;
			sim_run(&S, S.now + 30 * SEC, pumped, &x);
			tcp_close(p.srv, S.now);
		} else if (p.cli) {
			tcp_close(p.cli, S.now);
		}
		tcp_close(p.lst, S.now);
		settle(SEC);
	}
	malloc_every = 0;
	TAP_OK(connected > 0, "ENOMEM storm: %u of 30 connections made it",
	       connected);
	sim_fini(&S);
	TAP_OK(live_allocs == 0,
	       "ENOMEM storm: every allocation freed (%ld live)", live_allocs);
}

/*
 * Power-off (tcp_finish_all, tcp_owing) on host 0, as a process's exit
 * on Linux closes every socket it holds: FIN after the data, waited for
 * only when data was owed; a reset when data was left unread, as
 * close() does, and for a listener's connections never accepted.
 */
static void test_power_off(void)
{
	struct pair p;
	char buf[16];

	fresh(40);
	connect_pair(&p, 140);
	tcp_set_user(p.cli, p.cli);
	tcp_finish_all(S.host[0].eng, S.now);
	TAP_OK(state(p.cli) == TCP_FIN_WAIT_1 && tcp_owing(S.host[0].eng) == 0,
	       "power-off: an idle connection gets its FIN, owes nothing");
	settle(100 * MS);
	TAP_OK(tcp_recv(p.srv, buf, sizeof(buf), 0, S.now) == 0,
	       "power-off: the peer reads the end of stream");
	sim_fini(&S);

	fresh(41);
	connect_pair(&p, 141);
	tcp_set_user(p.cli, p.cli);
	tcp_send(p.cli, "last words", 10, S.now);
	tcp_finish_all(S.host[0].eng, S.now);
	TAP_OK(tcp_owing(S.host[0].eng) == 1,
	       "power-off: data unacknowledged is owed");
	settle(100 * MS);
	TAP_OK(tcp_owing(S.host[0].eng) == 0 &&
		   recv_str(p.srv, buf, sizeof(buf)) == 10 &&
		   !strcmp(buf, "last words") &&
		   tcp_recv(p.srv, buf, sizeof(buf), 0, S.now) == 0,
	       "power-off: the data, then the FIN, acknowledged");
	sim_fini(&S);

	fresh(42);
	connect_pair(&p, 142);
	tcp_set_user(p.cli, p.cli);
	tcp_send(p.srv, "unread", 6, S.now);
	settle(100 * MS);
	sim_trace_reset(&S);
	tcp_finish_all(S.host[0].eng, S.now);
	settle(100 * MS);
	TAP_OK(count_segs(0, is_rst) == 1 &&
		   tcp_take_error(p.srv) == ECONNRESET &&
		   tcp_owing(S.host[0].eng) == 0,
	       "power-off: unread data resets, as close() does");
	sim_fini(&S);

	/* on host 1: drop_acks_from0 keeps a handshake half open */
	struct tcp_conn *l, *c[3];
	fresh(43);
	l = listener(1, 143, 4);
	tcp_set_user(l, l);
	c[0] = dial(0, 1, 143);
	settle(SEC);
	S.filter = drop_acks_from0;
	c[1] = dial(0, 1, 143);
	settle(100 * MS);
	S.filter = NULL;
	tcp_finish_all(S.host[1].eng, S.now);
	settle(SEC);
	TAP_OK(conns(1) == 1 && tcp_take_error(c[0]) == ECONNRESET &&
		   state(c[1]) == TCP_CLOSED && tcp_owing(S.host[1].eng) == 0,
	       "power-off: a listener's connections not accepted, queued "
	       "or half open, are reset, as close() does");
	c[2] = dial(0, 1, 143);
	settle(SEC);
	TAP_OK(state(c[2]) == TCP_CLOSED &&
		   tcp_take_error(c[2]) == ECONNREFUSED && conns(1) == 1,
	       "power-off: a SYN after it is refused, as by a closed "
	       "listener");
	/* the program's own close of the listener, its children gone */
	tcp_close(l, S.now);
	TAP_OK(conns(1) == 0,
	       "power-off: the program closes the listener after it");
	sim_fini(&S);
}

int main(void)
{
	setvbuf(stdout, NULL, _IONBF, 0);
	test_handshake();
	test_bulk_lossy();
	test_bulk_both_ways();
	test_throughput();
	test_congestion();
	test_fast_retransmit();
	test_rto_sane();
	test_sack_blocks();
	test_seeds();
	test_half_close();
	test_refused();
	test_closed_reply();
	test_reset();
	test_backoff();
	test_syn_timeout();
	test_icmp_connect();
	test_icmp_established();
	test_time_wait();
	test_persist();
	test_nagle();
	test_delayed_ack();
	test_backlog();
	test_rst_window();
	test_simultaneous();
	test_syn_states();
	test_paws();
	test_alloc_failures();
	test_keepalive();
	test_bad_input();
	test_peek_and_buffers();
	test_listener_close();
	test_orphans();
	test_time_wait_takeover();
	test_limits();
	test_fuzz();
	test_alloc_storm();
	test_power_off();
	TAP_OK(live_allocs == 0,
	       "memory: the engines freed all they allocated (%ld live)",
	       live_allocs);
	return tap_done();
}
