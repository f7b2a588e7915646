/*
 * ARP (RFC 826) on Ethernet interfaces: a cache of ARP_ENTRIES
 * addresses, each kept ARP_LIFETIME after its last answer; a next hop
 * not in it gets a request, repeated every second up to ARP_TRIES
 * times, while up to ARP_QUEUE frames wait for the answer (dropped when
 * none comes).  Requests for our address are answered, and every
 * request or reply naming a cached sender refreshes it (RFC 826's
 * merge).  One ip4_timer, ticking each second while the cache holds
 * anything, does the retries and the expiry.
 */
#include <errno.h>
#include <string.h>

#include "clock.h"
#include "ip4.h"
#include "mm.h"

#define ARP_ENTRIES 32
#define ARP_QUEUE 8
#define ARP_TRIES 3
#define ARP_LIFETIME (60 * NSEC_PER_SEC)
#define ARP_LEN 28
#define ARP_REQUEST 1
#define ARP_REPLY 2

struct arp_entry {
	struct netdev *dev; /* NULL: free */
	uint32_t ip;
	uint8_t mac[6];
	bool resolved;
	unsigned tries;
	uint64_t expires; /* resolved: when it goes; else the next try */
	uint8_t *queue[ARP_QUEUE];
	size_t qlen[ARP_QUEUE];
	unsigned nqueued;
};

static struct arp_entry cache[ARP_ENTRIES];
static struct ip4_timer tick;
static const uint8_t broadcast_mac[6] = {0xff, 0xff, 0xff, 0xff, 0xff, 0xff};

static void tick_fn(struct ip4_timer *t);

static void keep_ticking(void)
{
	if (!tick.armed) {
		tick.fn = tick_fn;
		ip4_timer_arm(&tick, clock_monotonic() + NSEC_PER_SEC);
	}
}

/* Sends frame to mac, from dev's: the Ethernet addresses filled in. */
static int send_to(struct netdev *dev, const uint8_t *mac, uint8_t *frame,
		   size_t len)
{
	memcpy(frame, mac, 6);
	memcpy(frame + 6, dev->mac, 6);
	return netdev_output(dev, frame, len);
}

static void send_arp(struct netdev *dev, uint16_t op, const uint8_t *tha,
		     uint32_t spa, uint32_t tpa, const uint8_t *dst_mac)
{
	uint8_t f[60] = {0};
	f[12] = ARP_ETHERTYPE >> 8;
	f[13] = ARP_ETHERTYPE & 0xff;
	uint8_t *a = f + NETDEV_ETH_HLEN;
	a[1] = 1; /* Ethernet */
	a[2] = IP4_ETHERTYPE >> 8;
	a[4] = 6;
	a[5] = 4;
	a[7] = (uint8_t)op;
	memcpy(a + 8, dev->mac, 6);
	memcpy(a + 14, &spa, 4);
	memcpy(a + 18, tha, 6);
	memcpy(a + 24, &tpa, 4);
	send_to(dev, dst_mac, f, sizeof f);
}

static void request(struct arp_entry *e)
{
	static const uint8_t zero[6];
	const struct ip4_ifaddr *ia = ip4_ifaddr_of(e->dev);
	send_arp(e->dev, ARP_REQUEST, zero, ia ? ia->addr : 0, e->ip,
		 broadcast_mac);
	e->tries++;
	e->expires = clock_monotonic() + NSEC_PER_SEC;
	keep_ticking();
}

/*
 * Frees e.  The frames still waiting had no answer: their senders hear
 * of it as Linux's do, by the error an ICMP host unreachable would give
 * (a connected UDP socket's next call: EHOSTUNREACH).
 */
static void forget(struct arp_entry *e)
{
	for (unsigned i = 0; i < e->nqueued; i++) {
		ip4_deliver_error(-EHOSTUNREACH, e->queue[i] + NETDEV_ETH_HLEN,
				  e->qlen[i] - NETDEV_ETH_HLEN);
		heap_free(e->queue[i]);
	}
	ip4_stats.arp_queue_dropped += e->nqueued;
	memset(e, 0, sizeof(*e));
}

static void tick_fn(struct ip4_timer *t)
{
	(void)t;
	uint64_t now = clock_monotonic();
	bool any = false;
	for (int i = 0; i < ARP_ENTRIES; i++) {
		struct arp_entry *e = &cache[i];
		if (!e->dev || e->expires > now) {
			any |= e->dev != NULL;
			continue;
		}
		if (e->resolved || e->tries >= ARP_TRIES) {
			forget(e);
			continue;
		}
		request(e);
		any = true;
	}
	if (any)
		keep_ticking();
}

static struct arp_entry *lookup(struct netdev *dev, uint32_t ip)
{
	for (int i = 0; i < ARP_ENTRIES; i++)
		if (cache[i].dev == dev && cache[i].ip == ip)
			return &cache[i];
	return NULL;
}

/* A free entry, or the one expiring first (an unresolved one is kept). */
static struct arp_entry *new_entry(struct netdev *dev, uint32_t ip)
{
	struct arp_entry *victim = NULL;
	for (int i = 0; i < ARP_ENTRIES && (!victim || victim->dev); i++) {
		struct arp_entry *e = &cache[i];
		if (!e->dev ||
		    (e->resolved && (!victim || e->expires < victim->expires)))
			victim = e;
	}
	if (!victim)
		return NULL;
	forget(victim);
	victim->dev = dev;
	victim->ip = ip;
	return victim;
}

int arp_output(struct netdev *dev, uint32_t nexthop, uint8_t *frame, size_t len)
{
	if (nexthop == IP4_BROADCAST || ip4_is_broadcast(nexthop))
		return send_to(dev, broadcast_mac, frame, len);
	struct arp_entry *e = lookup(dev, nexthop);
	if (e && e->resolved) {
		send_to(dev, e->mac, frame, len);
		return 0;
	}
	if (!e && !(e = new_entry(dev, nexthop)))
		return -ENOBUFS;
	if (e->nqueued == ARP_QUEUE) {
		ip4_stats.arp_queue_dropped++;
		return -ENOBUFS;
	}
	e->queue[e->nqueued] = frame;
	e->qlen[e->nqueued++] = len;
	if (!e->tries)
		request(e);
	return 1;
}

static void learn(struct arp_entry *e, const uint8_t *mac)
{
	memcpy(e->mac, mac, 6);
	e->resolved = true;
	e->tries = 0;
	e->expires = clock_monotonic() + ARP_LIFETIME;
	for (unsigned i = 0; i < e->nqueued; i++) {
		send_to(e->dev, e->mac, e->queue[i], e->qlen[i]);
		heap_free(e->queue[i]);
	}
	e->nqueued = 0;
	keep_ticking();
}

void arp_announce(struct netdev *dev, uint32_t addr)
{
	send_arp(dev, ARP_REQUEST, broadcast_mac, addr, addr, broadcast_mac);
}

void arp_input(struct netdev *dev, const void *frame, size_t len)
{
	const uint8_t *a = (const uint8_t *)frame + NETDEV_ETH_HLEN;
	if (dev->type != NETDEV_TYPE_ETHER || len < NETDEV_ETH_HLEN + ARP_LEN)
		return;
	if (a[0] != 0 || a[1] != 1 || a[2] != 8 || a[3] != 0 || a[4] != 6 ||
	    a[5] != 4)
		return;
	uint16_t op = (uint16_t)(a[6] << 8 | a[7]);
	uint32_t spa, tpa;
	memcpy(&spa, a + 14, 4);
	memcpy(&tpa, a + 24, 4);
	unsigned long f = ip4_lock();
	const struct ip4_ifaddr *ia = ip4_ifaddr_of(dev);
	bool to_us = ia && tpa == ia->addr;
	struct arp_entry *e = spa ? lookup(dev, spa) : NULL;
	if (!e && to_us && spa)
		e = new_entry(dev, spa);
	if (e)
		learn(e, a + 8);
	if (to_us && op == ARP_REQUEST)
		send_arp(dev, ARP_REPLY, a + 8, ia->addr, spa, a + 8);
	ip4_unlock(f);
}

unsigned arp_queued(void)
{
	unsigned n = 0;
	for (unsigned i = 0; i < ARP_ENTRIES; i++)
		n += cache[i].nqueued;
	return n;
}
