/*
 * The IPv4 stack's core (kernel/net/ip4_*.c, arp.c, loopback.c,
 * inet_cksum.c): what a transport protocol (udp.c, icmp.c, TCP's glue)
 * uses.  Addresses and ports are in network byte order throughout, as
 * struct sockaddr_in holds them.
 *
 * One lock, the stack's (a spinlock that masks interrupts, the lock of
 * the wait queue ip4_q), guards every address, route, ARP entry,
 * reassembly, timer and socket of every protocol.  Protocol input runs
 * in netdev's receive thread and takes it for the whole frame; socket
 * calls take it for their work and sleep on ip4_q (ip4_wait()).  One
 * lock: a send touches the socket, the route, the ARP cache and the
 * device's queue, and with one lock there is no order to keep.  It is
 * a spinlock so that the drivers' transmit and file_poll_notify() may
 * be called under it, and since every critical section is a bounded
 * walk over one packet.  Never sleep holding it but through ip4_wait().
 *
 * Timers (ARP expiry and retries, reassembly timeouts, DHCP, TCP's)
 * are struct ip4_timer: their functions run in the stack's own thread
 * ("ip4-timer"), with the lock held, never in an interrupt.  The thread
 * sleeps on a wait queue until the earliest one is due (a timer.h timer
 * under thread.h's deadline wait ends the sleep).
 *
 * The stack starts (ip4_start()) at the first AF_INET socket or when the
 * boot finds an Ethernet interface: it registers the loopback interface
 * "lo" (127.0.0.1/8), ARP and IPv4 with netdev, and starts the timer
 * thread.  A kernel with no AF_INET socket and no NIC never starts it.
 */
#ifndef KERNEL_NET_IP4_H
#define KERNEL_NET_IP4_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "inet_cksum.h"
#include "netdev.h"
#include "thread.h"

#define IP4_ETHERTYPE 0x0800
#define ARP_ETHERTYPE 0x0806
#define IP4_HLEN 20 /* a header without options */
#define IP4_MAX_LEN 65535
#define IP4_DEFAULT_TTL 64
#define IP4_BROADCAST 0xffffffffu /* either byte order */
#define IP4_MAX_IFS 8		  /* interfaces with an address */

static inline uint16_t ip4_htons(uint16_t v)
{
	return __builtin_bswap16(v);
}
static inline uint32_t ip4_htonl(uint32_t v)
{
	return __builtin_bswap32(v);
}
#define ip4_ntohs ip4_htons
#define ip4_ntohl ip4_htonl

/* ---- The lock (see above) ---- */

extern struct waitq ip4_q;

static inline unsigned long ip4_lock(void)
{
	return spin_lock(&ip4_q.lock);
}
static inline void ip4_unlock(unsigned long flags)
{
	spin_unlock(&ip4_q.lock, flags);
}
/* Something a socket may wait for changed: every waiter looks again. */
static inline void ip4_changed(void)
{
	waitq_wake_locked(&ip4_q, 1 << 30);
}
/*
 * Sleeps until ip4_changed() or deadline (THREAD_NO_DEADLINE: none),
 * interruptibly; the lock held.  0, -EAGAIN at the deadline (as
 * SO_RCVTIMEO has it) or -EINTR.
 */
int ip4_wait(uint64_t deadline);

/*
 * The power-off's drains: waits, the lock held, until pending(arg) is 0
 * or ms milliseconds have passed, looking again every 10 ms (what ends
 * the wait may wake nobody); pending's last count.
 */
unsigned ip4_wait_drained(unsigned (*pending)(void *arg), void *arg,
			  unsigned ms);

/*
 * Starts the stack once (see above); from any thread, the lock not
 * held.  0 or -ENOMEM.
 */
int ip4_start(void);

/* ---- Timers ---- */

struct ip4_timer {
	uint64_t when;			 /* monotonic ns */
	void (*fn)(struct ip4_timer *t); /* the lock held */
	struct ip4_timer *next;
	bool armed;
};
/* (Re)arms t for when; the lock held. */
void ip4_timer_arm(struct ip4_timer *t, uint64_t when);
void ip4_timer_cancel(struct ip4_timer *t);

/* ---- Addresses and routes ---- */

struct ip4_ifaddr {
	struct netdev *dev;
	uint32_t addr, mask; /* 0 addr: none (yet) */
};

/*
 * Gives dev the address addr/prefix (replacing any), the lock held;
 * announces it with a gratuitous ARP on Ethernet.  -ENOSPC beyond
 * IP4_MAX_IFS interfaces.
 */
int ip4_set_addr(struct netdev *dev, uint32_t addr, unsigned prefix);
/* The leading ones of mask (network order): its prefix length. */
unsigned ip4_prefix_of(uint32_t mask);
/* The default gateway (0: none), reached through dev. */
void ip4_set_gateway(struct netdev *dev, uint32_t gw);
/* dev's address, or NULL (the lock held). */
const struct ip4_ifaddr *ip4_ifaddr_of(const struct netdev *dev);
/* Whether addr is one of ours (the loopback's 127/8 included). */
bool ip4_is_local(uint32_t addr);
/* Whether addr is a broadcast: 255.255.255.255 or a subnet's. */
bool ip4_is_broadcast(uint32_t addr);

struct ip4_route {
	struct netdev *dev;
	uint32_t src;	  /* the address a packet to dst comes from */
	uint32_t nexthop; /* dst itself on link, else the gateway */
	unsigned mtu;
};
/*
 * The route to dst (out of interface ifindex when nonzero), the lock
 * held: 0, or -ENETUNREACH.
 */
int ip4_route(uint32_t dst, int ifindex, struct ip4_route *rt);

/* ---- Input: protocols by IP protocol number ---- */

struct ip4_packet {
	struct netdev *dev;
	uint32_t src, dst;
	uint8_t proto, ttl, tos;
	const uint8_t *ip;   /* the header (for ICMP errors' quotes) */
	size_t ip_len;	     /* its length, options included */
	const uint8_t *data; /* the payload, len bytes */
	size_t len;
};
/*
 * fn receives every packet of protocol proto addressed to us (a
 * reassembled one whole), the lock held, the packet valid during the
 * call.  -ENOSPC when the table (IP4_PROTOS) is full.
 */
#define IP4_PROTOS 8
typedef void (*ip4_proto_fn)(const struct ip4_packet *p);
int ip4_set_proto(uint8_t proto, ip4_proto_fn fn);

/*
 * The errors ICMP reports of packets we sent: err (-ECONNREFUSED ...)
 * for the packet of protocol proto from src to dst (network order)
 * whose transport header's first len bytes (8 when ICMP quotes as RFC
 * 792 says) are at quoted, the lock held.  One per protocol.
 */
typedef void (*ip4_error_fn)(int err, uint32_t src, uint32_t dst,
			     const uint8_t *quoted, size_t len);
void ip4_set_error_handler(uint8_t proto, ip4_error_fn fn);
/* icmp.c's: hands an error to its protocol's handler. */
void ip4_deliver_error(int err, const uint8_t *quoted, size_t len);

/* ---- Output ---- */

struct ip4_send {
	uint32_t src; /* 0: the route's */
	uint32_t dst;
	uint8_t proto, ttl, tos;
	bool df;     /* don't fragment: -EMSGSIZE beyond the route's mtu */
	int ifindex; /* nonzero: out of that interface (DHCP's broadcasts) */
};
/*
 * Sends len bytes of payload (a transport header and its data) as an
 * IPv4 packet, fragmented to the route's MTU, the lock held.  A next
 * hop without an ARP entry gets a request; the frames wait for its
 * answer in a bounded queue (dropped beyond it, or when none comes).
 * 0, or -ENETUNREACH, -EMSGSIZE (len > 65515, or df beyond the mtu),
 * -ENOBUFS (out of memory or a full device queue).
 */
int ip4_output(const struct ip4_send *s, const void *payload, size_t len);

/* ---- ARP (arp.c) ---- */

/*
 * Sends frame (a heap block, its Ethernet type set) to nexthop: the
 * result of netdev_output(), -ENOBUFS, or 1 when the frame waits for an
 * answer and is ARP's to free.
 */
int arp_output(struct netdev *dev, uint32_t nexthop, uint8_t *frame,
	       size_t len);
/* Announces dev's address addr (gratuitous ARP). */
void arp_announce(struct netdev *dev, uint32_t addr);
void arp_input(struct netdev *dev, const void *frame, size_t len);
/* The frames waiting for an answer; the lock held. */
unsigned arp_queued(void);

/* ---- Frames (ip4_input.c) ---- */

void ip4_input(struct netdev *dev, const void *frame, size_t len);

/* Registers "lo" (loopback.c); once, from ip4_start(). */
int loopback_register(void);
/*
 * Delivers what lo holds, up to the last frame queued, before it
 * returns: a socket's send calls it, the lock not held, so that its
 * receiver on this host has the data at once (Linux's loopback is
 * synchronous).  It may sleep while netdev's thread delivers.
 */
void loopback_deliver(void);

/* The Internet checksum: inet_cksum.h (included above). */

/* ---- Counters ---- */

struct ip4_stats {
	uint64_t in_packets, in_bad, in_not_ours, in_no_proto;
	uint64_t reass_ok, reass_dropped;
	uint64_t out_packets, out_fragments, out_dropped;
	uint64_t arp_queue_dropped;
};
extern struct ip4_stats ip4_stats;

#endif
