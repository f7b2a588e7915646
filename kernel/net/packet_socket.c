/*
 * AF_PACKET sockets: the frames of the interfaces (netdev.h), whole
 * (SOCK_RAW) or without their Ethernet header (SOCK_DGRAM, the addresses
 * in a sockaddr_ll), as Linux gives them to its root user.
 *
 * netdev's tap shows every frame received and sent to tap(), which
 * copies it onto the receive queue of each socket that wants it: of its
 * protocol (ETH_P_ALL: every type) and on its interface (0: any).  As
 * on Linux, a frame sent is seen only by ETH_P_ALL sockets, not by the
 * one that sent it, and a socket made with protocol 0 sees nothing
 * until bound to one.  A queue holds frames while their cost (the bytes
 * and FRAME_COST each) is below SO_RCVBUF; later ones are dropped and
 * counted (PACKET_STATISTICS).
 *
 * One lock, pkt_q's, guards every socket and queue; receivers sleep on
 * pkt_q and are all woken by a frame, then look again.  Pollers are told
 * through each socket's own file_poll_src.  Sending copies nothing: the
 * caller's frame (SOCK_RAW) or a header and the payload in one buffer
 * (SOCK_DGRAM) goes to netdev_output(), whose driver copies it.
 */
#include <errno.h>
#include <fcntl.h>
#include <netpacket/packet.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>

#include "clock.h"
#include "mm.h"
#include "sleeplock.h"
#include "netdev.h"
#include "../fs/socket_impl.h"
#include "thread.h"
#include "uaccess.h"
#include "vfs.h"
#include "vm.h"

#define SOL_PACKET 263
#define ETH_P_ALL 0x0003
#define FIONREAD 0x541b
#define SIOCOUTQ 0x5411

/* Linux's defaults and bounds (net.core.rmem_default ...) */
#define BUF_DEFAULT 212992
#define BUF_MIN 2304
/* what a queued frame costs besides its bytes, as Linux's truesize */
#define FRAME_COST 512
#define PACKET_MREQ_SIZE 16 /* struct packet_mreq */

struct frame {
	struct frame *next;
	int ifindex;
	unsigned short hatype;
	unsigned char pkttype;
	size_t len;
	unsigned char data[];
};

struct pkt_sock {
	int type;	     /* SOCK_RAW or SOCK_DGRAM */
	int protocol;	     /* as socket() got it, network order */
	uint16_t proto;	     /* host order; 0: none */
	int ifindex;	     /* bound to; 0: any */
	const void *sending; /* the frame it is sending: not seen back */
	struct frame *rq, **rq_tail;
	size_t rq_cost;
	int rcvbuf, sndbuf;
	uint64_t rcvtimeo, sndtimeo;
	unsigned packets, drops; /* since PACKET_STATISTICS last read */
	uint64_t ino;
	struct file_poll_src poll;
	struct pkt_sock *next;
};

static struct waitq pkt_q = WAITQ_INIT;
static struct pkt_sock *all;
static const struct file_ops pkt_ops;

static struct pkt_sock *sock_of(struct file *f)
{
	return f->data;
}

static size_t cost(const struct frame *fr)
{
	return fr->len + FRAME_COST;
}

/* ---- Receiving ---- */

static unsigned char pkttype_of(const struct netdev *dev,
				const unsigned char *dst)
{
	static const unsigned char bcast[6] = {0xff, 0xff, 0xff,
					       0xff, 0xff, 0xff};
	if (!memcmp(dst, dev->mac, 6))
		return PACKET_HOST;
	if (!memcmp(dst, bcast, 6))
		return PACKET_BROADCAST;
	return dst[0] & 1 ? PACKET_MULTICAST : PACKET_OTHERHOST;
}

static bool wants(const struct pkt_sock *s, const struct netdev *dev,
		  const void *frame, uint16_t type, bool outgoing)
{
	if (!s->proto || (s->ifindex && s->ifindex != dev->index))
		return false;
	if (outgoing)
		return s->proto == ETH_P_ALL && s->sending != frame;
	return s->proto == ETH_P_ALL || s->proto == type;
}

/* A copy of the frame on s's queue, or a drop.  pkt_q's lock held. */
static void enqueue(struct pkt_sock *s, const struct netdev *dev,
		    const void *frame, size_t len, unsigned char pkttype)
{
	s->packets++;
	struct frame *fr = NULL;
	if (s->rq_cost < (size_t)s->rcvbuf)
		fr = heap_alloc(sizeof(*fr) + len);
	if (!fr) {
		s->drops++;
		return;
	}
	fr->next = NULL;
	fr->ifindex = dev->index;
	fr->hatype = dev->type;
	fr->pkttype = pkttype;
	fr->len = len;
	memcpy(fr->data, frame, len);
	*s->rq_tail = fr;
	s->rq_tail = &fr->next;
	s->rq_cost += cost(fr);
	file_poll_notify(&s->poll, FILE_POLL_IN);
}

static void tap(struct netdev *dev, const void *frame, size_t len, int outgoing)
{
	const unsigned char *b = frame;
	uint16_t type = (uint16_t)(b[12] << 8 | b[13]);
	unsigned char pkttype = outgoing ? PACKET_OUTGOING : pkttype_of(dev, b);
	bool queued = false;
	unsigned long flags = spin_lock(&pkt_q.lock);
	for (struct pkt_sock *s = all; s; s = s->next)
		if (wants(s, dev, frame, type, outgoing)) {
			enqueue(s, dev, frame, len, pkttype);
			queued = true;
		}
	if (queued)
		waitq_wake_locked(&pkt_q, 1 << 30);
	spin_unlock(&pkt_q.lock, flags);
}

static int put_addr(const struct frame *fr, struct msghdr *msg)
{
	struct sockaddr_ll a = {
	    .sll_family = AF_PACKET,
	    .sll_protocol = (unsigned short)(fr->data[13] << 8 | fr->data[12]),
	    .sll_ifindex = fr->ifindex,
	    .sll_hatype = fr->hatype,
	    .sll_pkttype = fr->pkttype,
	    .sll_halen = 6,
	};
	memcpy(a.sll_addr, fr->data + 6, 6); /* the source */
	size_t n = msg->msg_namelen < sizeof(a) ? msg->msg_namelen : sizeof(a);
	msg->msg_namelen = sizeof(a);
	return put_program(msg->msg_name, &a, n);
}

/* The next frame, taken off the queue unless peek; pkt_q's lock held. */
static int next_frame(struct file *f, int flags, struct frame **out)
{
	struct pkt_sock *s = sock_of(f);
	uint64_t deadline =
	    s->rcvtimeo ? clock_monotonic() + s->rcvtimeo : THREAD_NO_DEADLINE;
	while (!s->rq) {
		if ((f->flags & O_NONBLOCK) || (flags & MSG_DONTWAIT))
			return -EAGAIN;
		int r = waitq_wait_locked(&pkt_q, deadline, true);
		if (r)
			return r == -ETIMEDOUT ? -EAGAIN : r;
	}
	*out = s->rq;
	if (flags & MSG_PEEK)
		return 0;
	s->rq = s->rq->next;
	if (!s->rq)
		s->rq_tail = &s->rq;
	s->rq_cost -= cost(*out);
	return 0;
}

/*
 * A peeked frame is copied out under pkt_q's lock: the pages of the
 * iovecs (no more than a frame's most) and of the name (cut to
 * msg_namelen, as put_addr) are made present first, and a bad buffer
 * fails with EFAULT before a frame is taken.
 */
static int prepare_recv(const struct msghdr *msg)
{
	long total = socket_iov_total(msg);
	size_t most = 65536 + NETDEV_ETH_HLEN;
	size_t n = total < 0 || (size_t)total > most ? most : (size_t)total;
	size_t name = msg->msg_namelen < sizeof(struct sockaddr_ll)
			  ? msg->msg_namelen
			  : sizeof(struct sockaddr_ll);
	if (socket_iov_prepare(msg, 0, n, true) ||
	    (msg->msg_name && vm_prepare(msg->msg_name, name, VM_ACCESS_WRITE)))
		return -EFAULT;
	return 0;
}

static long pkt_recvmsg(struct file *f, struct msghdr *msg, int flags)
{
	if (flags & ~(MSG_PEEK | MSG_DONTWAIT | MSG_TRUNC))
		return -EINVAL;
	if (prepare_recv(msg))
		return -EFAULT;
	struct pkt_sock *s = sock_of(f);
	struct frame *fr = NULL;
	msg->msg_flags = 0;
	msg->msg_controllen = 0;
	unsigned long lf = spin_lock(&pkt_q.lock);
	int r = next_frame(f, flags, &fr);
	/* a peeked frame stays queued: copied under the lock; else after */
	bool peek = flags & MSG_PEEK;
	if (r || !peek)
		spin_unlock(&pkt_q.lock, lf);
	if (r)
		return r;
	size_t skip = s->type == SOCK_DGRAM ? NETDEV_ETH_HLEN : 0;
	size_t len = fr->len - skip;
	long total = socket_iov_total(msg);
	size_t room = total < 0 ? SIZE_MAX : (size_t)total;
	/* a buffer unmapped since prepare_recv(): EFAULT, the frame lost */
	size_t want = len < room ? len : room;
	bool fault = socket_iov_copy(msg, 0, (void *)(fr->data + skip), want,
				     true) < want;
	/* a name unmapped since prepare_recv(): the frame lost, as Linux */
	if (msg->msg_name && !fault)
		fault = put_addr(fr, msg) != 0;
	if (peek)
		spin_unlock(&pkt_q.lock, lf);
	else
		heap_free(fr);
	if (fault)
		return -EFAULT;
	if (len > room)
		msg->msg_flags |= MSG_TRUNC;
	return (long)(flags & MSG_TRUNC || len <= room ? len : room);
}

/* ---- Sending ---- */

static int dest_of(const struct pkt_sock *s, const struct msghdr *msg,
		   const struct sockaddr_ll **to, struct netdev **dev,
		   uint16_t *proto)
{
	*to = NULL;
	int ifindex = s->ifindex;
	*proto = s->proto;
	if (msg->msg_name) {
		const struct sockaddr_ll *a = msg->msg_name;
		if (msg->msg_namelen < sizeof(*a) ||
		    msg->msg_namelen < 12u + a->sll_halen)
			return -EINVAL;
		ifindex = a->sll_ifindex;
		*proto =
		    (uint16_t)(a->sll_protocol << 8 | a->sll_protocol >> 8);
		*to = a;
	}
	*dev = netdev_by_index(ifindex);
	if (!*dev)
		return -ENXIO;
	if (!((*dev)->flags & IFF_UP))
		return -ENETDOWN;
	return 0;
}

/* The Ethernet header of a SOCK_DGRAM send, at fr. */
static void put_eth_header(unsigned char *fr, const struct netdev *dev,
			   const struct sockaddr_ll *to, uint16_t proto)
{
	memcpy(fr, to->sll_addr, 6);
	memcpy(fr + 6, dev->mac, 6);
	fr[12] = (unsigned char)(proto >> 8);
	fr[13] = (unsigned char)proto;
}

/* Sends the frame, which s does not see back. */
static int output(struct pkt_sock *s, struct netdev *dev,
		  const unsigned char *fr, size_t len)
{
	unsigned long flags = spin_lock(&pkt_q.lock);
	s->sending = fr;
	spin_unlock(&pkt_q.lock, flags);
	int r = netdev_output(dev, fr, len);
	flags = spin_lock(&pkt_q.lock);
	s->sending = NULL;
	spin_unlock(&pkt_q.lock, flags);
	return r;
}

static long pkt_sendmsg(struct file *f, const struct msghdr *msg, int flags)
{
	(void)flags;
	struct pkt_sock *s = sock_of(f);
	const struct sockaddr_ll *to;
	struct netdev *dev;
	uint16_t proto;
	int r = dest_of(s, msg, &to, &dev, &proto);
	if (r)
		return r;
	long total = socket_iov_total(msg);
	if (total < 0)
		return total;
	size_t len = (size_t)total;
	size_t hdr = s->type == SOCK_DGRAM ? NETDEV_ETH_HLEN : 0;
	if (len + hdr > dev->mtu + NETDEV_ETH_HLEN)
		return -EMSGSIZE;
	if (s->type == SOCK_RAW && len < NETDEV_ETH_HLEN)
		return -EINVAL;
	if (s->type == SOCK_DGRAM && (!to || to->sll_halen < 6))
		return -EINVAL;
	/* a single iovec goes to the device as it is, under its locks */
	if (socket_iov_prepare(msg, 0, len, false))
		return -EFAULT;
	bool copied = s->type == SOCK_DGRAM || msg->msg_iovlen != 1;
	unsigned char *fr =
	    copied ? heap_alloc(hdr + len) : msg->msg_iov[0].iov_base;
	if (!fr)
		return -ENOBUFS;
	if (hdr)
		put_eth_header(fr, dev, to, proto);
	if (copied && socket_iov_copy(msg, 0, fr + hdr, len, false) < len) {
		heap_free(fr);
		return -EFAULT; /* a bad buffer, not a lack of memory */
	}
	r = output(s, dev, fr, len + hdr);
	if (copied)
		heap_free(fr);
	return r ? r : (long)len;
}

/* ---- Sockets ---- */

/* Adds s to the sockets the tap feeds (set with the first). */
static int all_add(struct pkt_sock *s)
{
	static bool tapped;
	static struct sleeplock tap_lock;
	sleep_lock(&tap_lock);
	int r = tapped ? 0 : netdev_set_tap(tap);
	tapped = !r;
	sleep_unlock(&tap_lock);
	if (r)
		return r;
	unsigned long flags = spin_lock(&pkt_q.lock);
	s->next = all;
	all = s;
	spin_unlock(&pkt_q.lock, flags);
	return 0;
}

static int pkt_create(int type, int protocol, bool nonblock, struct file **out)
{
	static uint64_t next_ino = 1;
	if (type != SOCK_RAW && type != SOCK_DGRAM)
		return -ESOCKTNOSUPPORT;
	struct pkt_sock *s = heap_calloc(1, sizeof(*s));
	struct file *f = s ? file_new(&pkt_ops, NULL,
				      O_RDWR | (nonblock ? O_NONBLOCK : 0), s)
			   : NULL;
	if (!f) {
		heap_free(s);
		return -ENOMEM;
	}
	uint16_t p = (uint16_t)protocol;
	s->type = type;
	s->protocol = p;
	s->proto = (uint16_t)(p << 8 | p >> 8);
	s->rq_tail = &s->rq;
	s->rcvbuf = s->sndbuf = BUF_DEFAULT;
	s->ino = __atomic_fetch_add(&next_ino, 1, __ATOMIC_RELAXED);
	f->poll_src = &s->poll;
	int r = all_add(s);
	if (r) {
		f->data = NULL; /* not listed: nothing for close to do */
		heap_free(s);
		file_release(f);
		return r;
	}
	*out = f;
	return 0;
}

static void pkt_close(struct file *f)
{
	struct pkt_sock *s = sock_of(f);
	if (!s)
		return;
	unsigned long flags = spin_lock(&pkt_q.lock);
	struct pkt_sock **p = &all;
	while (*p != s)
		p = &(*p)->next;
	*p = s->next;
	spin_unlock(&pkt_q.lock, flags);
	while (s->rq) {
		struct frame *next = s->rq->next;
		heap_free(s->rq);
		s->rq = next;
	}
	heap_free(s);
}

static int pkt_bind(struct file *f, const struct sockaddr *addr, socklen_t len)
{
	const struct sockaddr_ll *a = (const struct sockaddr_ll *)addr;
	if (len < sizeof(*a) || a->sll_family != AF_PACKET)
		return -EINVAL;
	if (a->sll_ifindex && !netdev_by_index(a->sll_ifindex))
		return -ENODEV;
	struct pkt_sock *s = sock_of(f);
	unsigned long flags = spin_lock(&pkt_q.lock);
	s->ifindex = a->sll_ifindex;
	if (a->sll_protocol)
		s->proto =
		    (uint16_t)(a->sll_protocol << 8 | a->sll_protocol >> 8);
	spin_unlock(&pkt_q.lock, flags);
	return 0;
}

static int pkt_name(struct file *f, bool peer, struct sockaddr *addr,
		    socklen_t *len)
{
	if (peer)
		return -EOPNOTSUPP;
	struct pkt_sock *s = sock_of(f);
	struct sockaddr_ll a = {
	    .sll_family = AF_PACKET,
	    .sll_protocol = (unsigned short)(s->proto >> 8 | s->proto << 8),
	    .sll_ifindex = s->ifindex};
	struct netdev *dev = netdev_by_index(s->ifindex);
	if (dev) {
		a.sll_hatype = dev->type;
		a.sll_halen = 6;
		memcpy(a.sll_addr, dev->mac, 6);
	}
	socklen_t full = (socklen_t)(12 + a.sll_halen);
	memcpy(addr, &a, *len < full ? *len : full);
	*len = full;
	return 0;
}

static int pkt_connect(struct file *f, const struct sockaddr *addr,
		       socklen_t len)
{
	(void)f, (void)addr, (void)len;
	return -EOPNOTSUPP;
}

static int pkt_listen(struct file *f, int backlog)
{
	(void)f, (void)backlog;
	return -EOPNOTSUPP;
}

static int pkt_accept(struct file *f, bool nonblock, struct file **out)
{
	(void)f, (void)nonblock, (void)out;
	return -EOPNOTSUPP;
}

static int pkt_shutdown(struct file *f, int how)
{
	(void)f, (void)how;
	return -EOPNOTSUPP;
}

/* ---- Options ---- */

static int pkt_setsockopt(struct file *f, int level, int name, const void *val,
			  socklen_t len)
{
	struct pkt_sock *s = sock_of(f);
	/* QEMU's virtio-net passes every frame up: membership is moot */
	if (level == SOL_PACKET &&
	    (name == PACKET_ADD_MEMBERSHIP || name == PACKET_DROP_MEMBERSHIP))
		return len < PACKET_MREQ_SIZE ? -EINVAL : 0;
	if (level != SOL_SOCKET)
		return -ENOPROTOOPT;
	if (name == SO_RCVTIMEO || name == SO_SNDTIMEO)
		return socket_timeout_set(name == SO_RCVTIMEO ? &s->rcvtimeo
							      : &s->sndtimeo,
					  val, len);
	if (name != SO_RCVBUF && name != SO_SNDBUF)
		return -ENOPROTOOPT;
	if (len < sizeof(int))
		return -EINVAL;
	unsigned long flags = spin_lock(&pkt_q.lock);
	*(name == SO_RCVBUF ? &s->rcvbuf : &s->sndbuf) =
	    socket_buf_size(*(const int *)val, BUF_MIN);
	spin_unlock(&pkt_q.lock, flags);
	return 0;
}

struct tpacket_stats {
	unsigned tp_packets, tp_drops;
};

/* The value of SOL_SOCKET option name into out (*size its bytes). */
static int option(struct pkt_sock *s, int name, void *out, size_t *size)
{
	int *v = out;
	*size = sizeof(int);
	switch (name) {
	case SO_TYPE:
		return *v = s->type, 0;
	case SO_DOMAIN:
		return *v = AF_PACKET, 0;
	case SO_PROTOCOL:
		return *v = s->protocol, 0;
	case SO_ERROR:
		return *v = 0, 0;
	case SO_RCVBUF:
		return *v = s->rcvbuf, 0;
	case SO_SNDBUF:
		return *v = s->sndbuf, 0;
	case SO_RCVTIMEO:
	case SO_SNDTIMEO:
		*size = sizeof(struct timeval);
		socket_timeout_get(
		    name == SO_RCVTIMEO ? s->rcvtimeo : s->sndtimeo, out);
		return 0;
	}
	return -ENOPROTOOPT;
}

/* Linux's counts: every frame offered, drops included; reset by reading. */
static int statistics(struct pkt_sock *s, void *out, size_t *size)
{
	struct tpacket_stats *st = out;
	*size = sizeof(*st);
	st->tp_packets = s->packets;
	st->tp_drops = s->drops;
	s->packets = s->drops = 0;
	return 0;
}

static int pkt_getsockopt(struct file *f, int level, int name, void *val,
			  socklen_t *len)
{
	union {
		int i;
		struct timeval tv;
		struct tpacket_stats st;
	} u;
	size_t size;
	int r = -ENOPROTOOPT;
	unsigned long flags = spin_lock(&pkt_q.lock);
	if (level == SOL_SOCKET)
		r = option(sock_of(f), name, &u, &size);
	else if (level == SOL_PACKET && name == PACKET_STATISTICS)
		r = statistics(sock_of(f), &u, &size);
	spin_unlock(&pkt_q.lock, flags);
	if (r)
		return r;
	return socket_opt_out(val, len, &u, size);
}

/* ---- The file ---- */

static int pkt_stat(struct file *f, struct vfs_attr *attr)
{
	return socket_file_stat(attr, sock_of(f)->ino);
}

/* FIONREAD: the next frame's bytes (as recv would give them), or 0. */
static int pkt_ioctl(struct file *f, unsigned long cmd, void *arg)
{
	struct pkt_sock *s = sock_of(f);
	if (cmd != FIONREAD && cmd != SIOCOUTQ)
		return netdev_ioctl(cmd, arg);
	/* stored after the lock: the caller's int may need a fault */
	int n = 0;
	if (cmd == FIONREAD) {
		unsigned long flags = spin_lock(&pkt_q.lock);
		size_t skip = s->type == SOCK_DGRAM ? NETDEV_ETH_HLEN : 0;
		n = s->rq ? (int)(s->rq->len - skip) : 0;
		spin_unlock(&pkt_q.lock, flags);
	}
	return put_program(arg, &n, sizeof(n));
}

static unsigned pkt_poll(struct file *f)
{
	unsigned long flags = spin_lock(&pkt_q.lock);
	unsigned ready = FILE_POLL_OUT | (sock_of(f)->rq ? FILE_POLL_IN : 0);
	spin_unlock(&pkt_q.lock, flags);
	return ready;
}

static const struct file_ops pkt_ops = {
    .read = socket_file_read,
    .write = socket_file_write,
    .stat = pkt_stat,
    .ioctl = pkt_ioctl,
    .close = pkt_close,
    .poll = pkt_poll,
};

const struct socket_family packet_family = {
    .domain = AF_PACKET,
    .file_ops = &pkt_ops,
    .create = pkt_create,
    .bind = pkt_bind,
    .connect = pkt_connect,
    .listen = pkt_listen,
    .accept = pkt_accept,
    .sendmsg = pkt_sendmsg,
    .recvmsg = pkt_recvmsg,
    .shutdown = pkt_shutdown,
    .name = pkt_name,
    .setsockopt = pkt_setsockopt,
    .getsockopt = pkt_getsockopt,
};
