/*
 * IPv4 input (RFC 791, RFC 1122 3.2.1): a received frame's header is
 * checked (version, header length, total length, checksum), packets
 * not for us or from a martian source are dropped (no forwarding),
 * fragments go to reassembly, and the rest to the protocol registered
 * for its number.
 */
#include <errno.h>
#include <string.h>

#include "ip4.h"
#include "ip4_reass.h"

static struct {
	uint8_t proto;
	ip4_proto_fn fn;
	ip4_error_fn err;
} protos[IP4_PROTOS];

static int slot_of(uint8_t proto)
{
	for (int i = 0; i < IP4_PROTOS; i++)
		if ((protos[i].fn || protos[i].err) && protos[i].proto == proto)
			return i;
	for (int i = 0; i < IP4_PROTOS; i++)
		if (!protos[i].fn && !protos[i].err) {
			protos[i].proto = proto;
			return i;
		}
	return -1;
}

int ip4_set_proto(uint8_t proto, ip4_proto_fn fn)
{
	int i = slot_of(proto);
	if (i < 0)
		return -ENOSPC;
	protos[i].fn = fn;
	return 0;
}

void ip4_set_error_handler(uint8_t proto, ip4_error_fn fn)
{
	int i = slot_of(proto);
	if (i >= 0)
		protos[i].err = fn;
}

void ip4_deliver_error(int err, const uint8_t *quoted, size_t len)
{
	if (len < IP4_HLEN)
		return;
	size_t hlen = (size_t)(quoted[0] & 15) * 4;
	uint32_t src, dst;
	if (hlen < IP4_HLEN || len < hlen)
		return;
	memcpy(&src, quoted + 12, 4);
	memcpy(&dst, quoted + 16, 4);
	for (int i = 0; i < IP4_PROTOS; i++)
		if (protos[i].err && protos[i].proto == quoted[9])
			protos[i].err(err, src, dst, quoted + hlen, len - hlen);
}

static void deliver(const struct ip4_packet *p)
{
	for (int i = 0; i < IP4_PROTOS; i++)
		if (protos[i].fn && protos[i].proto == p->proto) {
			protos[i].fn(p);
			return;
		}
	ip4_stats.in_no_proto++;
}

static bool for_us(struct netdev *dev, uint32_t dst)
{
	if (dev->flags & IFF_LOOPBACK)
		return true;
	if ((ip4_ntohl(dst) >> 24) == 127) /* a martian off lo */
		return false;
	if (dst == IP4_BROADCAST || ip4_is_broadcast(dst))
		return true;
	const struct ip4_ifaddr *ia = ip4_ifaddr_of(dev);
	/* an interface without an address takes unicasts (DHCP's offers) */
	return !ia || ip4_is_local(dst);
}

/*
 * A source no reply may go to (RFC 1122 3.2.1.3): a reset, a port
 * unreachable or an echo reply to it would reach every host of a
 * network, or none.  Dropped here, before any protocol sees it, as
 * Linux drops martians while routing input; nothing here receives
 * from 0.0.0.0 (the DHCP client only sends from it).
 */
static bool martian_source(uint32_t src)
{
	uint32_t a = ip4_ntohl(src);
	return a >> 24 == 0 || a >> 28 == 14 || ip4_is_broadcast(src);
}

/* The header of h (len bytes) into *p; false when it is malformed. */
static bool parse(struct netdev *dev, const uint8_t *h, size_t len,
		  struct ip4_packet *p)
{
	if (len < IP4_HLEN || h[0] >> 4 != 4)
		return false;
	size_t hlen = (size_t)(h[0] & 15) * 4;
	size_t total = (size_t)(h[2] << 8 | h[3]);
	if (hlen < IP4_HLEN || total < hlen || total > len)
		return false;
	if (inet_fold(inet_sum(h, hlen, 0)) != 0)
		return false;
	p->dev = dev;
	p->tos = h[1];
	p->ttl = h[8];
	p->proto = h[9];
	__builtin_memcpy(&p->src, h + 12, 4);
	__builtin_memcpy(&p->dst, h + 16, 4);
	p->ip = h;
	p->ip_len = hlen;
	p->data = h + hlen;
	p->len = total - hlen;
	return true;
}

void ip4_input(struct netdev *dev, const void *frame, size_t len)
{
	const uint8_t *h = (const uint8_t *)frame + NETDEV_ETH_HLEN;
	struct ip4_packet p;
	unsigned long f = ip4_lock();
	ip4_stats.in_packets++;
	if (!parse(dev, h, len - NETDEV_ETH_HLEN, &p)) {
		ip4_stats.in_bad++;
	} else if (!for_us(dev, p.dst)) {
		ip4_stats.in_not_ours++;
	} else if (martian_source(p.src)) {
		ip4_stats.in_bad++;
	} else if ((h[6] & 0x3f) || h[7]) { /* MF or an offset */
		ip4_reass_input(&p, h);
	} else {
		deliver(&p);
	}
	ip4_unlock(f);
}

void ip4_deliver(const struct ip4_packet *p)
{
	deliver(p);
}
