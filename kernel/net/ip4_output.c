/*
 * IPv4 output: the route, the source address, the header, and
 * fragmentation to the route's MTU (RFC 791 2.3); each frame then goes
 * to ARP (Ethernet) or straight to the device (the loopback).
 */
#include <errno.h>
#include <string.h>

#include "ip4.h"
#include "mm.h"

static uint16_t next_id;

static void put_header(uint8_t *h, const struct ip4_send *s, uint32_t src,
		       size_t len, uint16_t id, size_t off, bool more)
{
	uint16_t frag =
	    (uint16_t)(off / 8) | (more ? 0x2000 : 0) | (s->df ? 0x4000 : 0);
	h[0] = 0x45;
	h[1] = s->tos;
	h[2] = (uint8_t)(len >> 8);
	h[3] = (uint8_t)len;
	h[4] = (uint8_t)(id >> 8);
	h[5] = (uint8_t)id;
	h[6] = (uint8_t)(frag >> 8);
	h[7] = (uint8_t)frag;
	h[8] = s->ttl ? s->ttl : IP4_DEFAULT_TTL;
	h[9] = s->proto;
	h[10] = h[11] = 0;
	memcpy(h + 12, &src, 4);
	memcpy(h + 16, &s->dst, 4);
	uint16_t sum = inet_fold(inet_sum(h, IP4_HLEN, 0));
	memcpy(h + 10, &sum, 2);
}

static int send_frame(const struct ip4_route *rt, uint8_t *frame, size_t len)
{
	frame[12] = IP4_ETHERTYPE >> 8;
	frame[13] = IP4_ETHERTYPE & 0xff;
	if (rt->dev->type != NETDEV_TYPE_ETHER) {
		memset(frame, 0, 12);
		return netdev_output(rt->dev, frame, len);
	}
	return arp_output(rt->dev, rt->nexthop, frame, len);
}

/* One fragment: data[off, off + n) of the payload. */
static int send_piece(const struct ip4_route *rt, const struct ip4_send *s,
		      uint32_t src, const uint8_t *payload, size_t off,
		      size_t n, uint16_t id, bool more)
{
	size_t len = NETDEV_ETH_HLEN + IP4_HLEN + n;
	uint8_t *frame = heap_alloc(len);
	if (!frame) {
		ip4_stats.out_dropped++;
		return -ENOBUFS;
	}
	put_header(frame + NETDEV_ETH_HLEN, s, src, IP4_HLEN + n, id, off,
		   more);
	memcpy(frame + NETDEV_ETH_HLEN + IP4_HLEN, payload + off, n);
	int r = send_frame(rt, frame, len);
	if (r != 1) /* 1: ARP kept the frame */
		heap_free(frame);
	if (r < 0)
		ip4_stats.out_dropped++;
	return r < 0 ? r : 0;
}

int ip4_output(const struct ip4_send *s, const void *payload, size_t len)
{
	struct ip4_route rt;
	int r = ip4_route(s->dst, s->ifindex, &rt);
	if (r)
		return r;
	if (len > IP4_MAX_LEN - IP4_HLEN)
		return -EMSGSIZE;
	uint32_t src = s->src ? s->src : rt.src;
	uint16_t id = next_id++;
	size_t room = rt.mtu - IP4_HLEN;
	if (len <= room) {
		ip4_stats.out_packets++;
		return send_piece(&rt, s, src, payload, 0, len, id, false);
	}
	if (s->df)
		return -EMSGSIZE;
	room &= ~(size_t)7;
	ip4_stats.out_packets++;
	for (size_t off = 0; off < len; off += room) {
		size_t n = len - off < room ? len - off : room;
		ip4_stats.out_fragments++;
		r = send_piece(&rt, s, src, payload, off, n, id, off + n < len);
		if (r)
			return r;
	}
	return 0;
}
