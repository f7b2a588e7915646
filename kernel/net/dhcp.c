/*
 * A DHCP client (RFC 2131 4.4): each interface walks SELECTING
 * (DISCOVER broadcast until an OFFER), REQUESTING (REQUEST for the
 * offer until an ACK; a NAK starts again), BOUND (the address, the
 * subnet mask, the router and the DNS server of the ACK configured),
 * and at half the lease RENEWING (a REQUEST with our address, retried
 * until an ACK or the lease's end, which starts again).  Retries back
 * off from 1 s to 16 s.  Replies are taken on UDP port 68 before the
 * sockets see them.
 */
#include <errno.h>
#include <string.h>

#include "clock.h"
#include "klog.h"
#include "dhcp.h"
#include "mm.h"
#include "udp_impl.h"

#define SERVER_PORT 67
#define CLIENT_PORT 68
#define MSG_LEN 300 /* BOOTP's minimum */
#define OPT_OFF 240 /* after the magic cookie */
#define MAX_BACKOFF (16 * NSEC_PER_SEC)

enum { DISCOVER = 1, OFFER, REQUEST, DECLINE, ACK, NAK };
enum state { SELECTING, REQUESTING, BOUND, RENEWING };

struct dhcp {
	struct dhcp *next;
	struct netdev *dev;
	enum state state;
	uint32_t xid, offered, server;
	uint64_t backoff, lease_end;
	struct ip4_timer timer;
};

/* BOOTP's vendor field holding DHCP's options (RFC 2131 3) */
static const uint8_t cookie[] = {99, 130, 83, 99};
static struct dhcp *clients; /* one per interface, as many as there are */
static uint32_t dns;

static uint8_t *put_opt(uint8_t *o, uint8_t code, const void *v, uint8_t len)
{
	o[0] = code;
	o[1] = len;
	memcpy(o + 2, v, len);
	return o + 2 + len;
}

static void send_msg(struct dhcp *c, uint8_t type)
{
	static const uint8_t params[] = {1, 3, 6, 51};
	uint8_t m[UDP_HLEN + MSG_LEN] = {0}, *b = m + UDP_HLEN;
	b[0] = 1; /* BOOTREQUEST */
	b[1] = 1;
	b[2] = 6;
	memcpy(b + 4, &c->xid, 4);
	if (c->state == RENEWING)
		memcpy(b + 12, &c->offered, 4); /* ciaddr */
	else
		b[10] = 0x80; /* replies broadcast: we have no address */
	memcpy(b + 28, c->dev->mac, 6);
	memcpy(b + 236, cookie, 4);
	uint8_t *o = put_opt(b + OPT_OFF, 53, &type, 1);
	if (type == REQUEST && c->state == REQUESTING) {
		o = put_opt(o, 50, &c->offered, 4);
		o = put_opt(o, 54, &c->server, 4);
	}
	o = put_opt(o, 55, params, sizeof params);
	*o = 255;
	struct ip4_send s = {.src = c->state == RENEWING ? c->offered : 0,
			     .dst = IP4_BROADCAST,
			     .proto = IPPROTO_UDP,
			     .ifindex = c->dev->index};
	udp_put_header(m, ip4_htons(CLIENT_PORT), ip4_htons(SERVER_PORT), &s,
		       sizeof m);
	ip4_output(&s, m, sizeof m);
}

/* Sends what the state asks for and arms the retry. */
static void try_again(struct dhcp *c)
{
	send_msg(c, c->state == SELECTING ? DISCOVER : REQUEST);
	ip4_timer_arm(&c->timer, clock_monotonic() + c->backoff);
	if (c->backoff < MAX_BACKOFF)
		c->backoff *= 2;
}

static void restart(struct dhcp *c)
{
	c->state = SELECTING;
	c->xid =
	    ip4_htonl((uint32_t)clock_monotonic() ^ (uint32_t)c->dev->index);
	c->backoff = NSEC_PER_SEC;
	try_again(c);
}

static void retry_fn(struct ip4_timer *t)
{
	struct dhcp *c =
	    (struct dhcp *)((char *)t - offsetof(struct dhcp, timer));
	if (c->state == BOUND) {
		c->state = RENEWING;
		c->backoff = NSEC_PER_SEC;
	}
	if (c->state == RENEWING && clock_monotonic() >= c->lease_end) {
		ip4_set_addr(c->dev, 0, 0);
		restart(c);
		return;
	}
	try_again(c);
}

/* The value of option code (its length in *len), or NULL. */
static const uint8_t *option(const uint8_t *b, size_t len, uint8_t code,
			     uint8_t *olen)
{
	size_t i = OPT_OFF;
	while (i < len && b[i] != 255) {
		if (b[i] == 0) {
			i++;
			continue;
		}
		if (i + 2 > len || i + 2 + b[i + 1] > len)
			return NULL;
		if (b[i] == code) {
			*olen = b[i + 1];
			return b + i + 2;
		}
		i += 2 + b[i + 1];
	}
	return NULL;
}

static uint32_t opt_u32(const uint8_t *b, size_t len, uint8_t code)
{
	uint8_t l;
	const uint8_t *v = option(b, len, code, &l);
	uint32_t r = 0;
	if (v && l >= 4)
		memcpy(&r, v, 4);
	return r;
}

static void bound(struct dhcp *c, const uint8_t *b, size_t len)
{
	unsigned prefix = ip4_prefix_of(opt_u32(b, len, 1));
	if (!prefix)
		prefix = 24;
	memcpy(&c->offered, b + 16, 4);
	uint32_t lease = ip4_ntohl(opt_u32(b, len, 51));
	if (!lease)
		lease = 3600;
	bool changed = ip4_ifaddr_of(c->dev) == NULL ||
		       ip4_ifaddr_of(c->dev)->addr != c->offered;
	if (changed)
		ip4_set_addr(c->dev, c->offered, prefix);
	uint32_t router = opt_u32(b, len, 3);
	if (router)
		ip4_set_gateway(c->dev, router);
	if (opt_u32(b, len, 6))
		dns = opt_u32(b, len, 6);
	uint64_t now = clock_monotonic();
	c->lease_end = now + lease * NSEC_PER_SEC;
	c->state = BOUND;
	ip4_timer_arm(&c->timer, now + lease * NSEC_PER_SEC / 2);
	ip4_changed();
	if (changed)
		kprintf("osv: %s: DHCP address %u.%u.%u.%u/%u\n", c->dev->name,
			b[16], b[17], b[18], b[19], prefix);
}

static void reply(struct dhcp *c, const uint8_t *b, size_t len)
{
	uint8_t l;
	const uint8_t *type = option(b, len, 53, &l);
	if (!type || l != 1)
		return;
	if (*type == OFFER && c->state == SELECTING) {
		memcpy(&c->offered, b + 16, 4);
		c->server = opt_u32(b, len, 54);
		c->state = REQUESTING;
		c->backoff = NSEC_PER_SEC;
		try_again(c);
	} else if (*type == ACK &&
		   (c->state == REQUESTING || c->state == RENEWING)) {
		bound(c, b, len);
	} else if (*type == NAK && c->state != BOUND) {
		restart(c);
	}
}

static bool dhcp_input(const struct ip4_packet *p, const uint8_t *b, size_t len)
{
	if (len < OPT_OFF || b[0] != 2 || memcmp(b + 236, cookie, 4))
		return true; /* not a BOOTREPLY with DHCP's options */
	for (struct dhcp *c = clients; c; c = c->next) {
		if (c->dev == p->dev && !memcmp(b + 4, &c->xid, 4) &&
		    !memcmp(b + 28, c->dev->mac, 6))
			reply(c, b, len);
	}
	return true;
}

int dhcp_start(struct netdev *dev)
{
	struct dhcp *c = heap_calloc(1, sizeof *c);
	if (!c)
		return -ENOMEM;
	c->dev = dev;
	c->next = clients;
	clients = c;
	c->timer.fn = retry_fn;
	udp_set_port_fn(ip4_htons(CLIENT_PORT), dhcp_input);
	restart(c);
	return 0;
}

bool dhcp_all_bound(void)
{
	for (struct dhcp *c = clients; c; c = c->next)
		if (!ip4_ifaddr_of(c->dev))
			return false;
	return true;
}

uint32_t dhcp_dns(void)
{
	return dns;
}
