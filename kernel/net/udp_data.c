/*
 * UDP data: sendmsg builds the datagram (header, data, checksum, always
 * computed) outside the lock and sends it under it; recvmsg waits for
 * a queued datagram and copies it out under the lock, with its sender
 * and, on request, IP_PKTINFO.  A pending ICMP error is returned by the
 * next call instead, once.
 */
#include <errno.h>
#include <fcntl.h>
#include <string.h>

#include "clock.h"
#include "mm.h"
#include "uaccess.h"
#include "udp_impl.h"
#include "vm.h"

#define IP_PKTINFO 8

struct linux_in_pktinfo {
	int ifindex;
	uint32_t spec_dst, addr;
};

static int take_error(struct udp_sock *s)
{
	int e = s->error;
	s->error = 0;
	return -e;
}

/* Where the datagram goes and from where; the lock held. */
static int addresses(struct udp_sock *s, const struct msghdr *msg,
		     struct ip4_send *o, uint16_t *dport)
{
	int r;
	if (msg->msg_name) {
		r = inet_addr_from(msg->msg_name, msg->msg_namelen, &o->dst,
				   dport);
		if (r)
			return r;
		if (!o->dst)
			o->dst = ip4_htonl(INADDR_LOOPBACK);
	} else if (!s->connected) {
		return -EDESTADDRREQ;
	} else {
		o->dst = s->raddr;
		*dport = s->rport;
	}
	if (!*dport && !s->ping)
		return -EINVAL;
	struct ip4_route rt;
	if ((r = ip4_route(o->dst, 0, &rt)))
		return r;
	if (ip4_is_broadcast(o->dst) && !s->broadcast)
		return -EACCES;
	if (!s->lport && (r = udp_bind_port(s, 0, 0)))
		return r;
	o->src = s->laddr && !ip4_is_broadcast(s->laddr) ? s->laddr : rt.src;
	o->proto = s->ping ? IPPROTO_ICMP : IPPROTO_UDP;
	o->ttl = s->ttl;
	o->tos = s->tos;
	return 0;
}

void udp_put_header(uint8_t *d, uint16_t sport, uint16_t dport,
		    const struct ip4_send *o, size_t len)
{
	memcpy(d, &sport, 2);
	memcpy(d + 2, &dport, 2);
	d[4] = (uint8_t)(len >> 8);
	d[5] = (uint8_t)len;
	d[6] = d[7] = 0;
	uint32_t sum = inet_pseudo_sum(o->src, o->dst, IPPROTO_UDP, len);
	uint16_t c = inet_fold(inet_sum(d, len, sum));
	if (!c) /* 0 says "no checksum" */
		c = 0xffff;
	memcpy(d + 6, &c, 2);
}

/* A ping socket's echo request: its id ours, its checksum computed. */
static void put_echo(uint8_t *d, const struct udp_sock *s, size_t len)
{
	memcpy(d + 4, &s->lport, 2);
	d[2] = d[3] = 0;
	uint16_t c = inet_fold(inet_sum(d, len, 0));
	memcpy(d + 2, &c, 2);
}

long udp_sendmsg(struct file *f, const struct msghdr *msg, int flags)
{
	struct udp_sock *s = udp_of(f);
	(void)flags;
	long total = socket_iov_total(msg);
	if (total < 0)
		return total;
	size_t hlen = s->ping ? 0 : UDP_HLEN;
	if (total > (long)(UDP_MAX_DATA + UDP_HLEN - hlen))
		return -EMSGSIZE;
	if (socket_iov_prepare(msg, 0, (size_t)total, false))
		return -EFAULT;
	size_t len = hlen + (size_t)total;
	uint8_t *d = heap_alloc(len);
	if (!d)
		return -ENOBUFS;
	if (socket_iov_copy(msg, 0, d + hlen, (size_t)total, false) <
	    (size_t)total) {
		heap_free(d);
		return -EFAULT;
	}
	if (s->ping && (len < 8 || d[0] != 8 || d[1] != 0)) {
		heap_free(d); /* Linux's: an echo request or nothing */
		return -EINVAL;
	}
	struct ip4_send o = {0};
	uint16_t dport;
	unsigned long fl = ip4_lock();
	int r = s->error ? take_error(s) : addresses(s, msg, &o, &dport);
	if (!r) {
		if (s->ping)
			put_echo(d, s, len);
		else
			udp_put_header(d, s->lport, dport, &o, len);
		r = ip4_output(&o, d, len);
	}
	ip4_unlock(fl);
	heap_free(d);
	loopback_deliver();
	return r ? r : total;
}

/* 0, or -EFAULT: the control buffer is the program's */
static int put_pktinfo(struct msghdr *msg, const struct udp_dgram *d)
{
	struct linux_in_pktinfo pi = {d->ifindex, d->dst, d->dst};
	struct {
		struct cmsghdr h;
		char data[CMSG_SPACE(sizeof(pi)) - sizeof(struct cmsghdr)];
	} c = {.h = {.cmsg_len = CMSG_LEN(sizeof(pi)),
		     .cmsg_level = IPPROTO_IP,
		     .cmsg_type = IP_PKTINFO}};
	if (!CMSG_FIRSTHDR(msg) ||
	    msg->msg_controllen < CMSG_SPACE(sizeof(pi))) {
		msg->msg_flags |= MSG_CTRUNC;
		msg->msg_controllen = 0;
		return 0;
	}
	memcpy(CMSG_DATA(&c.h), &pi, sizeof(pi));
	if (put_program(msg->msg_control, &c, sizeof(c)))
		return -EFAULT;
	msg->msg_controllen = CMSG_SPACE(sizeof(pi));
	return 0;
}

/* The first datagram out to msg; the lock held.  Its full length. */
static long copy_out(struct udp_sock *s, struct msghdr *msg, int flags,
		     size_t room)
{
	struct udp_dgram *d = s->rq;
	size_t n = d->len < room ? d->len : room;
	/* a buffer unmapped since prepare_recv(): the datagram kept */
	if (socket_iov_copy(msg, 0, d->data, n, true) < n)
		return -EFAULT;
	msg->msg_flags = n < d->len ? MSG_TRUNC : 0;
	if (msg->msg_name) {
		struct sockaddr_in in = {.sin_family = AF_INET,
					 .sin_port = d->sport,
					 .sin_addr.s_addr = d->src};
		socklen_t l = msg->msg_namelen;
		if (put_program(msg->msg_name, &in,
				l < sizeof(in) ? l : sizeof(in)))
			return -EFAULT;
		msg->msg_namelen = sizeof(in);
	}
	if (s->pktinfo && msg->msg_control) {
		if (put_pktinfo(msg, d))
			return -EFAULT; /* the datagram kept */
	} else {
		msg->msg_controllen = 0;
	}
	long full = (long)d->len;
	if (flags & MSG_PEEK)
		return full;
	s->rq = d->next;
	if (!s->rq)
		s->rq_tail = &s->rq;
	s->rq_bytes -= d->len + UDP_MSG_COST;
	heap_free(d);
	return full;
}

/*
 * A datagram is copied out under the stack's lock: the pages of what
 * copy_out() writes are made present first, and no more (as Linux, a
 * name or control buffer may end where what it gets ends): of the
 * iovecs a datagram's most, of the name an address cut to msg_namelen,
 * of the control buffer the IP_PKTINFO message when asked for.  0 or
 * -EFAULT.
 */
static int prepare_recv(const struct udp_sock *s, const struct msghdr *msg,
			size_t room)
{
	size_t n = room < IP4_MAX_LEN ? room : IP4_MAX_LEN;
	size_t name = msg->msg_namelen < sizeof(struct sockaddr_in)
			  ? msg->msg_namelen
			  : sizeof(struct sockaddr_in);
	size_t control = CMSG_SPACE(sizeof(struct linux_in_pktinfo));
	if (msg->msg_controllen < control)
		control = 0; /* put_pktinfo writes nothing then */
	if (socket_iov_prepare(msg, 0, n, true) ||
	    (msg->msg_name &&
	     vm_prepare(msg->msg_name, name, VM_ACCESS_WRITE)) ||
	    (msg->msg_control && s->pktinfo &&
	     vm_prepare(msg->msg_control, control, VM_ACCESS_WRITE)))
		return -EFAULT;
	return 0;
}

long udp_recvmsg(struct file *f, struct msghdr *msg, int flags)
{
	struct udp_sock *s = udp_of(f);
	long room = socket_iov_total(msg);
	if (room < 0)
		return room;
	if (prepare_recv(s, msg, (size_t)room))
		return -EFAULT;
	bool nonblock = (f->flags & O_NONBLOCK) || (flags & MSG_DONTWAIT);
	uint64_t deadline =
	    s->rcvtimeo ? clock_monotonic() + s->rcvtimeo : THREAD_NO_DEADLINE;
	long r;
	unsigned long fl = ip4_lock();
	for (;;) {
		if (s->error) {
			r = take_error(s);
			break;
		}
		if (s->rq) {
			r = copy_out(s, msg, flags, (size_t)room);
			if (!(flags & MSG_TRUNC) && r > room)
				r = room;
			break;
		}
		if (s->rd_shut) {
			r = 0;
			break;
		}
		if (nonblock) {
			r = -EAGAIN;
			break;
		}
		if ((r = ip4_wait(deadline)))
			break;
	}
	ip4_unlock(fl);
	return r;
}
