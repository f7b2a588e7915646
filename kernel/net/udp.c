/*
 * UDP (RFC 768): ports, input and the ICMP errors of what we sent.
 *
 * A datagram goes to the bound socket that matches it best: one
 * connected to its sender, then one bound to its destination address,
 * then one bound to INADDR_ANY; a broadcast goes to every match.  A
 * unicast nobody takes is answered with ICMP port unreachable.  A
 * queue holds at most SO_RCVBUF (one datagram always fits an empty
 * queue); beyond it datagrams are dropped, as on a wire.
 *
 * Binding follows Linux's UDP: a port is taken for an overlapping
 * address (equal, or either INADDR_ANY) unless both sockets set
 * SO_REUSEADDR, or both SO_REUSEPORT.
 *
 * Ping sockets take the echo replies whose id is their port.
 */
#include <errno.h>
#include <string.h>

#include "icmp.h"
#include "mm.h"
#include "udp_impl.h"

struct udp_sock *udp_bound, *ping_bound;
static uint16_t kernel_port;
static udp_port_fn kernel_port_fn;

void udp_set_port_fn(uint16_t port, udp_port_fn fn)
{
	kernel_port = port;
	kernel_port_fn = fn;
}

static bool conflicts(const struct udp_sock *a, const struct udp_sock *b)
{
	if (a->lport != b->lport)
		return false;
	if (a->laddr && b->laddr && a->laddr != b->laddr)
		return false;
	return !(a->reuseaddr && b->reuseaddr) &&
	       !(a->reuseport && b->reuseport);
}

static struct udp_sock **list_of(const struct udp_sock *s)
{
	return s->ping ? &ping_bound : &udp_bound;
}

static bool port_free(const struct udp_sock *s)
{
	for (const struct udp_sock *t = *list_of(s); t; t = t->next)
		if (t != s && conflicts(s, t))
			return false;
	return true;
}

int udp_bind_port(struct udp_sock *s, uint32_t laddr, uint16_t lport)
{
	static unsigned next = UDP_PORT_LOW;
	unsigned span = UDP_PORT_HIGH - UDP_PORT_LOW + 1;
	s->laddr = laddr;
	s->lport = lport;
	for (unsigned i = 0; !lport && !s->lport && i < span; i++) {
		s->lport = ip4_htons((uint16_t)next);
		next = next == UDP_PORT_HIGH ? UDP_PORT_LOW : next + 1;
		if (!port_free(s))
			s->lport = 0;
	}
	if (!s->lport || !port_free(s)) {
		int r = s->lport ? -EADDRINUSE : -EAGAIN;
		s->laddr = 0;
		s->lport = 0;
		return r;
	}
	s->next = *list_of(s);
	*list_of(s) = s;
	return 0;
}

void udp_unbind(struct udp_sock *s)
{
	struct udp_sock **pp = list_of(s);
	while (*pp && *pp != s)
		pp = &(*pp)->next;
	if (*pp)
		*pp = s->next;
	s->lport = 0;
}

/* How well s takes a datagram to dst:dport from src:sport; 0: not. */
static int score(const struct udp_sock *s, uint32_t src, uint16_t sport,
		 uint32_t dst, uint16_t dport)
{
	if (s->lport != dport || s->rd_shut)
		return 0;
	if (s->laddr && s->laddr != dst && !ip4_is_broadcast(dst))
		return 0;
	if (s->connected && (s->raddr != src || s->rport != sport))
		return 0;
	return 1 + (s->laddr != 0) + 2 * s->connected;
}

static void enqueue(struct udp_sock *s, const struct ip4_packet *p,
		    uint16_t sport, const uint8_t *data, size_t len)
{
	if (s->rq_bytes >= (size_t)s->rcvbuf) {
		s->drops++;
		return;
	}
	struct udp_dgram *d = heap_alloc(sizeof(*d) + len);
	if (!d) {
		s->drops++;
		return;
	}
	d->next = NULL;
	d->src = p->src;
	d->dst = p->dst;
	d->sport = sport;
	d->ifindex = p->dev->index;
	d->ttl = p->ttl;
	d->tos = p->tos;
	d->len = len;
	memcpy(d->data, data, len);
	*s->rq_tail = d;
	s->rq_tail = &d->next;
	s->rq_bytes += len + UDP_MSG_COST;
	ip4_changed();
	file_poll_notify(&s->poll, FILE_POLL_IN);
}

static bool checksum_ok(const struct ip4_packet *p, size_t len)
{
	uint16_t field;
	memcpy(&field, p->data + 6, 2);
	if (!field) /* the sender computed none */
		return true;
	uint32_t sum = inet_pseudo_sum(p->src, p->dst, IPPROTO_UDP, len);
	return inet_fold(inet_sum(p->data, len, sum)) == 0;
}

static void udp_input(const struct ip4_packet *p)
{
	const uint8_t *h = p->data;
	size_t len = p->len < UDP_HLEN ? 0 : (size_t)(h[4] << 8 | h[5]);
	if (len < UDP_HLEN || len > p->len || !checksum_ok(p, len)) {
		ip4_stats.in_bad++;
		return;
	}
	uint16_t sport, dport;
	memcpy(&sport, h, 2);
	memcpy(&dport, h + 2, 2);
	if (kernel_port_fn && dport == kernel_port &&
	    kernel_port_fn(p, h + UDP_HLEN, len - UDP_HLEN))
		return;
	bool bcast = ip4_is_broadcast(p->dst);
	struct udp_sock *best = NULL;
	int best_score = 0;
	for (struct udp_sock *s = udp_bound; s; s = s->next) {
		int sc = score(s, p->src, sport, p->dst, dport);
		if (sc && bcast)
			enqueue(s, p, sport, h + UDP_HLEN, len - UDP_HLEN);
		else if (sc > best_score) {
			best = s;
			best_score = sc;
		}
	}
	if (best)
		enqueue(best, p, sport, h + UDP_HLEN, len - UDP_HLEN);
	else if (!bcast)
		icmp_send_error(p, ICMP_UNREACH, ICMP_UNREACH_PORT);
}

/*
 * An ICMP error about a datagram we sent: Linux gives it to the socket
 * that sent it only when that one is connected (or asked for errors
 * with IP_RECVERR); the next call on it returns the error.
 */
static void udp_error(int err, uint32_t src, uint32_t dst, const uint8_t *q,
		      size_t len)
{
	if (len < 4)
		return;
	uint16_t sport, dport;
	memcpy(&sport, q, 2);
	memcpy(&dport, q + 2, 2);
	for (struct udp_sock *s = udp_bound; s; s = s->next) {
		if (s->lport != sport || (s->laddr && s->laddr != src))
			continue;
		if (!(s->connected && s->raddr == dst && s->rport == dport) &&
		    !s->recverr)
			continue;
		s->error = -err;
		ip4_changed();
		file_poll_notify(&s->poll, FILE_POLL_ERR | FILE_POLL_IN);
	}
}

/* An echo reply to the ping socket of its id (connected: its peer's). */
static void ping_input(const struct ip4_packet *p)
{
	uint16_t id;
	memcpy(&id, p->data + 4, 2);
	for (struct udp_sock *s = ping_bound; s; s = s->next)
		if (s->lport == id && !s->rd_shut &&
		    (!s->connected || s->raddr == p->src)) {
			enqueue(s, p, 0, p->data, p->len);
			return;
		}
}

int udp_init(void)
{
	icmp_set_echo_reply_fn(ping_input);
	ip4_set_error_handler(IPPROTO_UDP, udp_error);
	return ip4_set_proto(IPPROTO_UDP, udp_input);
}
