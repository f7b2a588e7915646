/*
 * What the files of UDP and of ICMP echo sockets (SOCK_DGRAM,
 * IPPROTO_ICMP: Linux's "ping" sockets, which are UDP's sockets with
 * ICMP echo messages for datagrams and the echo id for a port) share: udp.c
 * (the protocol: ports, input, ICMP errors), udp_socket.c (the socket calls but
 * data) and udp_data.c (sendmsg, recvmsg).  Everything here is under the
 * stack's lock (ip4.h) unless said otherwise.
 */
#ifndef KERNEL_NET_UDP_IMPL_H
#define KERNEL_NET_UDP_IMPL_H

#include <netinet/in.h>
#include <stdbool.h>
#include <stdint.h>

#include "fd.h"
#include "inet_sock.h"
#include "ip4.h"

#define UDP_HLEN 8
#define UDP_MAX_DATA (IP4_MAX_LEN - IP4_HLEN - UDP_HLEN) /* 65507 */
#define UDP_BUF_DEFAULT 212992 /* Linux's default SO_RCVBUF/SO_SNDBUF */
#define UDP_BUF_MIN 2304
#define UDP_MSG_COST 256   /* what a queued datagram costs beyond its data */
#define UDP_PORT_LOW 32768 /* the ephemeral ports, Linux's */
#define UDP_PORT_HIGH 60999

struct udp_dgram {
	struct udp_dgram *next;
	uint32_t src, dst; /* dst: for IP_PKTINFO */
	uint16_t sport;
	int ifindex;
	uint8_t ttl, tos;
	size_t len;
	uint8_t data[];
};

struct udp_sock {
	struct inet_sock_head head;
	struct udp_sock *next;
	uint32_t laddr, raddr; /* INADDR_ANY: any; raddr set: connected */
	uint16_t lport, rport; /* 0: unbound, not connected */
	bool connected;
	struct udp_dgram *rq, **rq_tail;
	size_t rq_bytes;
	int rcvbuf, sndbuf;
	int error; /* pending (SO_ERROR), a positive errno */
	bool ping; /* an ICMP echo ("ping") socket: lport is the echo id */
	bool broadcast, reuseaddr, reuseport, pktinfo, recverr, rd_shut;
	uint8_t ttl, tos;
	uint64_t rcvtimeo, sndtimeo; /* ns; 0: none */
	uint64_t ino;
	uint64_t drops;
	struct file_poll_src poll;
};

static inline struct udp_sock *udp_of(struct file *f)
{
	return f->data;
}

/* The bound sockets (every one with an lport), UDP's and ping's. */
extern struct udp_sock *udp_bound, *ping_bound;

/*
 * Binds s to laddr:lport (0: an ephemeral port).  -EADDRINUSE, or
 * -EAGAIN when no ephemeral port is free.
 */
int udp_bind_port(struct udp_sock *s, uint32_t laddr, uint16_t lport);
void udp_unbind(struct udp_sock *s);

/*
 * The kernel's own port (DHCP's 68): fn takes every datagram to port
 * (network order) before the sockets, data and len its payload; true:
 * taken.  One such port.
 */
typedef bool (*udp_port_fn)(const struct ip4_packet *p, const uint8_t *data,
			    size_t len);
void udp_set_port_fn(uint16_t port, udp_port_fn fn);

/*
 * Writes the header of the datagram d (len bytes, the header's among
 * them) from sport to dport (network order), with its checksum over
 * o's addresses.
 */
void udp_put_header(uint8_t *d, uint16_t sport, uint16_t dport,
		    const struct ip4_send *o, size_t len);

/* Registers UDP with the stack (once). */
int udp_init(void);

long udp_sendmsg(struct file *f, const struct msghdr *msg, int flags);
long udp_recvmsg(struct file *f, struct msghdr *msg, int flags);

#endif
