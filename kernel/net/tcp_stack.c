/*
 * The kernel's one TCP engine on the IPv4 stack: its wire (segments out
 * through ip4_output, in from the stack's demultiplexer with their
 * checksum verified), its routes, its ISNs, its one timer and the ICMP
 * errors of its connections, which the engine takes.  TCP is registered
 * with the stack when it starts, but the engine is made at the first
 * TCP socket, so that a boot pays for no engine: until then every port
 * is closed, and a segment gets the reset a closed port gives (as on
 * Linux, whose peers' connects fail at once).
 *
 * Segments go out without DF: the engine does no path MTU discovery
 * (tcp_core.h), so a DF segment larger than a path's MTU would be lost
 * for good, while a fragment reaches its peer.  Its segments fit the
 * first hop's MTU anyway (its MSS is the route's).
 */
#include <errno.h>

#include "clock.h"
#include "klog.h"
#include "power_hooks.h"
#include "tcp_sock.h"

#define IPPROTO_TCP_NUM 6
#define POLL_RDHUP 0x2000 /* Linux's POLLRDHUP */

struct tcp_engine *tcp_sock_engine;
static struct ip4_timer timer;

static void emit(void *ctx, uint32_t src, uint32_t dst, const void *seg,
		 size_t len)
{
	(void)ctx;
	struct ip4_send o = {.src = src, .dst = dst, .proto = IPPROTO_TCP_NUM};
	ip4_output(&o, seg, len);
}

static int route(void *ctx, uint32_t raddr, uint32_t *laddr, uint32_t *mtu)
{
	(void)ctx;
	struct ip4_route rt;
	int r = ip4_route(raddr, 0, &rt);
	if (r)
		return r;
	if (!*laddr)
		*laddr = rt.src;
	*mtu = rt.mtu;
	return 0;
}

static uint32_t isn(void *ctx, uint32_t laddr, uint16_t lport, uint32_t raddr,
		    uint16_t rport, uint64_t now)
{
	(void)ctx;
	return tcp_isn(laddr, lport, raddr, rport, now);
}

unsigned tcp_sock_events(const struct tcp_sock *s)
{
	unsigned t = tcp_poll(s->conn), ev = 0;
	struct tcp_conn_info info;
	tcp_info(s->conn, &info);
	if (t & TCP_POLL_IN)
		ev |= FILE_POLL_IN;
	if (t & TCP_POLL_OUT)
		ev |= FILE_POLL_OUT;
	if (t & TCP_POLL_HUP)
		ev |= FILE_POLL_HUP;
	if (t & TCP_POLL_RDHUP)
		ev |= POLL_RDHUP;
	if ((t & TCP_POLL_ERR) || s->error)
		ev |= FILE_POLL_ERR;
	/* Linux: a socket never connected is writable and hung up. */
	if (info.state == TCP_CLOSED && !s->connecting)
		ev |= FILE_POLL_OUT | FILE_POLL_HUP;
	return ev;
}

static void event(void *ctx, struct tcp_conn *c)
{
	(void)ctx;
	struct tcp_sock *s = tcp_user(c);
	ip4_changed();
	if (s)
		file_poll_notify(&s->poll, tcp_sock_events(s));
}

static const struct tcp_ops ops = {
    .emit = emit,
    .isn = isn,
    .route = route,
    .event = event,
};

void tcp_sock_kick(void)
{
	uint64_t when = tcp_next_deadline(tcp_sock_engine);
	if (when == UINT64_MAX)
		ip4_timer_cancel(&timer);
	else if (!timer.armed || timer.when != when)
		ip4_timer_arm(&timer, when);
}

static void timer_fired(struct ip4_timer *t)
{
	(void)t;
	tcp_timers_run(tcp_sock_engine, clock_monotonic());
	tcp_sock_kick();
}

/*
 * A FIN acknowledged on a closed socket's connection wakes nobody (the
 * engine tells the glue of the connections it holds only), so the wait
 * looks again now and then (ip4_wait_drained).
 */
static unsigned owing_now(void *engine)
{
	return tcp_owing(engine);
}

static void drain(void)
{
	unsigned long fl = ip4_lock();
	tcp_finish_all(tcp_sock_engine, clock_monotonic());
	tcp_sock_kick();
	unsigned owing =
	    ip4_wait_drained(owing_now, tcp_sock_engine, TCP_SOCK_DRAIN_MS);
	ip4_unlock(fl);
	if (owing)
		kprintf("tcp: power-off: %u connection%s still owed data or a "
			"FIN after %u ms\n",
			owing, owing == 1 ? "" : "s", TCP_SOCK_DRAIN_MS);
}

static const struct power_hook drain_hook = {
    .name = "tcp",
    .priority = NETDEV_DRAIN_PRIORITY + 2, /* before ARP's */
    .drain = drain,
};

/* A reset from a closed port, before the engine is made. */
static void closed_port(const struct ip4_packet *p)
{
	uint8_t rst[TCP_RST_LEN];
	if (!tcp_closed_reply(p->src, p->dst, p->data, p->len, rst))
		return;
	struct ip4_send o = {
	    .src = p->dst, .dst = p->src, .proto = IPPROTO_TCP_NUM};
	ip4_output(&o, rst, sizeof(rst));
}

static void input(const struct ip4_packet *p)
{
	uint32_t sum = inet_pseudo_sum(p->src, p->dst, IPPROTO_TCP_NUM, p->len);
	bool multicast = ip4_ntohl(p->dst) >> 28 == 14;
	if (p->len < 20 || inet_fold(inet_sum(p->data, p->len, sum)) != 0 ||
	    ip4_is_broadcast(p->dst) || multicast) {
		ip4_stats.in_bad++;
		return;
	}
	if (!tcp_sock_engine) {
		closed_port(p);
		return;
	}
	tcp_input(tcp_sock_engine, p->src, p->dst, p->data, p->len,
		  clock_monotonic());
	tcp_sock_kick();
}

/* An ICMP error about a segment we sent: the engine's (tcp_core.h). */
static void icmp_error(int err, uint32_t src, uint32_t dst, const uint8_t *q,
		       size_t len)
{
	if (!tcp_sock_engine)
		return;
	tcp_icmp_error(tcp_sock_engine, err, src, dst, q, len);
	tcp_sock_kick();
}

int tcp_sock_register(void)
{
	int r = ip4_set_proto(IPPROTO_TCP_NUM, input);
	if (!r)
		ip4_set_error_handler(IPPROTO_TCP_NUM, icmp_error);
	return r;
}

int tcp_sock_init(void)
{
	static int done; /* 0, 1 done, -errno */
	if (__atomic_load_n(&done, __ATOMIC_ACQUIRE) == 1)
		return 0;
	tcp_isn_init();
	unsigned long fl = ip4_lock();
	int r = 0;
	if (!tcp_sock_engine) {
		timer.fn = timer_fired;
		tcp_sock_engine = tcp_engine_create(&ops, NULL);
		if (!tcp_sock_engine)
			r = -ENOMEM;
		else
			power_hook_register(&drain_hook);
	}
	if (!r)
		__atomic_store_n(&done, 1, __ATOMIC_RELEASE);
	ip4_unlock(fl);
	return r;
}
