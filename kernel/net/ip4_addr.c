/*
 * Interface addresses and routes: one address per interface, its
 * subnet on link, one default gateway.  No forwarding, so a route is
 * chosen only for what we send.
 */
#include <errno.h>

#include "ip4.h"

static struct ip4_ifaddr ifaddrs[IP4_MAX_IFS];
static struct netdev *gw_dev;
static uint32_t gw_addr;

static uint32_t mask_of(unsigned prefix)
{
	return prefix ? ip4_htonl(~0u << (32 - prefix)) : 0;
}

unsigned ip4_prefix_of(uint32_t mask)
{
	unsigned n = 0;
	for (uint32_t m = ip4_ntohl(mask); m & 0x80000000u; m <<= 1)
		n++;
	return n;
}

const struct ip4_ifaddr *ip4_ifaddr_of(const struct netdev *dev)
{
	for (int i = 0; i < IP4_MAX_IFS; i++)
		if (ifaddrs[i].dev == dev && ifaddrs[i].addr)
			return &ifaddrs[i];
	return NULL;
}

int ip4_set_addr(struct netdev *dev, uint32_t addr, unsigned prefix)
{
	struct ip4_ifaddr *slot = NULL;
	for (int i = 0; i < IP4_MAX_IFS && !slot; i++)
		if (ifaddrs[i].dev == dev || !ifaddrs[i].dev)
			slot = &ifaddrs[i];
	if (!slot)
		return -ENOSPC;
	slot->dev = dev;
	slot->addr = addr;
	slot->mask = mask_of(prefix > 32 ? 32 : prefix);
	if (dev->type == NETDEV_TYPE_ETHER && addr)
		arp_announce(dev, addr);
	ip4_changed();
	return 0;
}

void ip4_set_gateway(struct netdev *dev, uint32_t gw)
{
	gw_dev = dev;
	gw_addr = gw;
}

static bool loopback_addr(uint32_t a)
{
	return (ip4_ntohl(a) >> 24) == 127;
}

bool ip4_is_local(uint32_t a)
{
	if (loopback_addr(a))
		return true;
	for (int i = 0; i < IP4_MAX_IFS; i++)
		if (ifaddrs[i].addr && ifaddrs[i].addr == a)
			return true;
	return false;
}

bool ip4_is_broadcast(uint32_t a)
{
	if (a == IP4_BROADCAST)
		return true;
	for (int i = 0; i < IP4_MAX_IFS; i++) {
		const struct ip4_ifaddr *ia = &ifaddrs[i];
		if (ia->addr && ia->mask != IP4_BROADCAST &&
		    (a | ia->mask) == IP4_BROADCAST &&
		    (a & ia->mask) == (ia->addr & ia->mask))
			return true;
	}
	return false;
}

static struct netdev *loopback_dev(void)
{
	for (struct netdev *d = netdev_first(); d; d = d->next)
		if (d->flags & IFF_LOOPBACK)
			return d;
	return NULL;
}

static int route_via(struct netdev *dev, uint32_t nexthop, struct ip4_route *rt)
{
	const struct ip4_ifaddr *ia = ip4_ifaddr_of(dev);
	rt->dev = dev;
	rt->nexthop = nexthop;
	rt->src = ia ? ia->addr : 0;
	rt->mtu = dev->mtu;
	return 0;
}

/* Our own addresses go through lo, as Linux sends them. */
static int route_local(uint32_t dst, struct ip4_route *rt)
{
	struct netdev *lo = loopback_dev();
	if (!lo)
		return -ENETUNREACH;
	route_via(lo, dst, rt);
	rt->src = loopback_addr(dst) ? ip4_htonl(0x7f000001) : dst;
	return 0;
}

int ip4_route(uint32_t dst, int ifindex, struct ip4_route *rt)
{
	if (ifindex) {
		struct netdev *dev = netdev_by_index(ifindex);
		if (!dev)
			return -ENODEV;
		return route_via(dev, dst, rt);
	}
	if (ip4_is_local(dst))
		return route_local(dst, rt);
	for (int i = 0; i < IP4_MAX_IFS; i++) {
		const struct ip4_ifaddr *ia = &ifaddrs[i];
		if (ia->addr && (dst & ia->mask) == (ia->addr & ia->mask))
			return route_via(ia->dev, dst, rt);
	}
	if (dst == IP4_BROADCAST) /* the first interface with an address */
		for (int i = 0; i < IP4_MAX_IFS; i++)
			if (ifaddrs[i].addr &&
			    ifaddrs[i].dev->type == NETDEV_TYPE_ETHER)
				return route_via(ifaddrs[i].dev, dst, rt);
	if (gw_addr && gw_dev)
		return route_via(gw_dev, gw_addr, rt);
	return -ENETUNREACH;
}
