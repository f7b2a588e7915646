/*
 * UDP sockets: making, naming, connecting, options, the file.  An
 * unbound socket is bound to an ephemeral port by its first connect or
 * send, as Linux does (its "autobind"); connect also fixes the local
 * address to the route's source, so getsockname shows it.
 */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/time.h>

#include "mm.h"
#include "udp_impl.h"
#include "uaccess.h"
#include "vm.h"

#define FIONREAD 0x541b
#define IP_TOS 1
#define IP_TTL 2
#define IP_PKTINFO 8
#define IP_RECVERR 11

static int udp_create(int type, int protocol, bool nonblock, struct file **out)
{
	(void)type;
	static uint64_t next_ino = 1;
	struct udp_sock *s = heap_calloc(1, sizeof(*s));
	if (!s)
		return -ENOMEM;
	s->ping = protocol == IPPROTO_ICMP;
	s->head.proto = s->ping ? &ping_proto : &udp_proto;
	s->rq_tail = &s->rq;
	s->rcvbuf = s->sndbuf = UDP_BUF_DEFAULT;
	s->ino = __atomic_fetch_add(&next_ino, 1, __ATOMIC_RELAXED);
	struct file *f = inet_file_new(s, &s->poll, nonblock);
	if (!f) {
		heap_free(s);
		return -ENOMEM;
	}
	*out = f;
	return 0;
}

static void udp_close(struct file *f)
{
	struct udp_sock *s = udp_of(f);
	unsigned long fl = ip4_lock();
	udp_unbind(s);
	struct udp_dgram *q = s->rq;
	s->rq = NULL;
	ip4_unlock(fl);
	while (q) {
		struct udp_dgram *next = q->next;
		heap_free(q);
		q = next;
	}
	heap_free(s);
}

static int udp_bind(struct file *f, const struct sockaddr *a, socklen_t len)
{
	struct udp_sock *s = udp_of(f);
	uint32_t addr;
	uint16_t port;
	int r = inet_addr_from(a, len, &addr, &port);
	if (r)
		return r;
	unsigned long fl = ip4_lock();
	if (s->lport)
		r = -EINVAL;
	else if (addr && !ip4_is_local(addr) && !ip4_is_broadcast(addr))
		r = -EADDRNOTAVAIL;
	else
		r = udp_bind_port(s, addr, port);
	ip4_unlock(fl);
	return r;
}

static int disconnect(struct udp_sock *s)
{
	s->connected = false;
	s->raddr = 0;
	s->rport = 0;
	return 0;
}

static int connect_locked(struct udp_sock *s, uint32_t addr, uint16_t port)
{
	struct ip4_route rt;
	if (!addr) /* Linux: INADDR_ANY means this host */
		addr = ip4_htonl(INADDR_LOOPBACK);
	int r = ip4_route(addr, 0, &rt);
	if (r)
		return r;
	if (ip4_is_broadcast(addr) && !s->broadcast)
		return -EACCES;
	if (!s->lport && (r = udp_bind_port(s, 0, 0)))
		return r;
	if (!s->laddr)
		s->laddr = rt.src;
	s->raddr = addr;
	s->rport = port;
	s->connected = true;
	s->error = 0;
	return 0;
}

static int udp_connect(struct file *f, const struct sockaddr *a, socklen_t len)
{
	struct udp_sock *s = udp_of(f);
	if (len >= sizeof(sa_family_t) && a->sa_family == AF_UNSPEC) {
		unsigned long fl = ip4_lock();
		disconnect(s);
		ip4_unlock(fl);
		return 0;
	}
	uint32_t addr;
	uint16_t port;
	int r = inet_addr_from(a, len, &addr, &port);
	if (r)
		return r;
	unsigned long fl = ip4_lock();
	r = connect_locked(s, addr, port);
	ip4_unlock(fl);
	file_poll_notify(&s->poll, FILE_POLL_OUT);
	return r;
}

static int udp_listen(struct file *f, int backlog)
{
	(void)f;
	(void)backlog;
	return -EOPNOTSUPP;
}

static int udp_accept(struct file *f, bool nonblock, struct file **out)
{
	(void)f;
	(void)nonblock;
	(void)out;
	return -EOPNOTSUPP;
}

static int udp_shutdown(struct file *f, int how)
{
	struct udp_sock *s = udp_of(f);
	if (how < SHUT_RD || how > SHUT_RDWR)
		return -EINVAL;
	unsigned long fl = ip4_lock();
	int r = s->connected ? 0 : -ENOTCONN;
	if (!r && how != SHUT_WR) {
		s->rd_shut = true;
		ip4_changed();
	}
	ip4_unlock(fl);
	if (!r)
		file_poll_notify(&s->poll, FILE_POLL_IN | FILE_POLL_HUP);
	return r;
}

static int udp_name(struct file *f, bool peer, struct sockaddr *a,
		    socklen_t *len)
{
	struct udp_sock *s = udp_of(f);
	struct sockaddr_in in = {.sin_family = AF_INET};
	int r = 0;
	unsigned long fl = ip4_lock();
	if (peer && !s->connected)
		r = -ENOTCONN;
	in.sin_addr.s_addr = peer ? s->raddr : s->laddr;
	in.sin_port = peer ? s->rport : s->lport;
	ip4_unlock(fl);
	if (r)
		return r;
	memcpy(a, &in, *len < sizeof(in) ? *len : sizeof(in));
	*len = sizeof(in);
	return 0;
}

static int set_socket_opt(struct udp_sock *s, int name, int v)
{
	switch (name) {
	case SO_SNDBUF:
		return s->sndbuf = socket_buf_size(v, UDP_BUF_MIN), 0;
	case SO_RCVBUF:
		return s->rcvbuf = socket_buf_size(v, UDP_BUF_MIN), 0;
	case SO_REUSEADDR:
		return s->reuseaddr = v != 0, 0;
	case SO_REUSEPORT:
		return s->reuseport = v != 0, 0;
	case SO_BROADCAST:
		return s->broadcast = v != 0, 0;
	}
	return -ENOPROTOOPT;
}

static int set_ip_opt(struct udp_sock *s, int name, int v)
{
	switch (name) {
	case IP_TTL:
		if (v == -1)
			v = 0;
		if (v < 0 || v > 255)
			return -EINVAL;
		return s->ttl = (uint8_t)v, 0;
	case IP_TOS:
		return s->tos = (uint8_t)v, 0;
	case IP_PKTINFO:
		return s->pktinfo = v != 0, 0;
	case IP_RECVERR:
		return s->recverr = v != 0, 0;
	}
	return -ENOPROTOOPT;
}

static int udp_setsockopt(struct file *f, int level, int name, const void *val,
			  socklen_t len)
{
	struct udp_sock *s = udp_of(f);
	if (level == SOL_SOCKET && (name == SO_RCVTIMEO || name == SO_SNDTIMEO))
		return socket_timeout_set(name == SO_RCVTIMEO ? &s->rcvtimeo
							      : &s->sndtimeo,
					  val, len);
	if (level != SOL_SOCKET && level != IPPROTO_IP)
		return -ENOPROTOOPT;
	int v;
	if (len >= sizeof(int))
		v = *(const int *)val;
	else if (len >= 1 && level == IPPROTO_IP)
		v = *(const unsigned char *)val;
	else
		return -EINVAL;
	unsigned long fl = ip4_lock();
	int r = level == SOL_SOCKET ? set_socket_opt(s, name, v)
				    : set_ip_opt(s, name, v);
	ip4_changed();
	ip4_unlock(fl);
	return r;
}

static int socket_opt(struct udp_sock *s, int name, int *v)
{
	switch (name) {
	case SO_TYPE:
		return *v = SOCK_DGRAM, 0;
	case SO_DOMAIN:
		return *v = AF_INET, 0;
	case SO_PROTOCOL:
		return *v = s->ping ? IPPROTO_ICMP : IPPROTO_UDP, 0;
	case SO_ERROR:
		*v = s->error;
		s->error = 0;
		return 0;
	case SO_ACCEPTCONN:
		return *v = 0, 0;
	case SO_SNDBUF:
		return *v = s->sndbuf, 0;
	case SO_RCVBUF:
		return *v = s->rcvbuf, 0;
	case SO_REUSEADDR:
		return *v = s->reuseaddr, 0;
	case SO_REUSEPORT:
		return *v = s->reuseport, 0;
	case SO_BROADCAST:
		return *v = s->broadcast, 0;
	}
	return -ENOPROTOOPT;
}

static int ip_opt(struct udp_sock *s, int name, int *v)
{
	switch (name) {
	case IP_TTL:
		return *v = s->ttl ? s->ttl : IP4_DEFAULT_TTL, 0;
	case IP_TOS:
		return *v = s->tos, 0;
	case IP_PKTINFO:
		return *v = s->pktinfo, 0;
	case IP_RECVERR:
		return *v = s->recverr, 0;
	}
	return -ENOPROTOOPT;
}

static int udp_getsockopt(struct file *f, int level, int name, void *val,
			  socklen_t *len)
{
	struct udp_sock *s = udp_of(f);
	union {
		int i;
		struct timeval tv;
	} u;
	size_t size = sizeof(int);
	int r;
	if (level == SOL_SOCKET &&
	    (name == SO_RCVTIMEO || name == SO_SNDTIMEO)) {
		size = sizeof(struct timeval);
		socket_timeout_get(
		    name == SO_RCVTIMEO ? s->rcvtimeo : s->sndtimeo, &u.tv);
		r = 0;
	} else if (level == SOL_SOCKET || level == IPPROTO_IP) {
		unsigned long fl = ip4_lock();
		r = level == SOL_SOCKET ? socket_opt(s, name, &u.i)
					: ip_opt(s, name, &u.i);
		ip4_unlock(fl);
	} else {
		r = -ENOPROTOOPT;
	}
	if (r)
		return r;
	return socket_opt_out(val, len, &u, size);
}

static int udp_stat(struct file *f, struct vfs_attr *attr)
{
	return socket_file_stat(attr, udp_of(f)->ino);
}

static int udp_ioctl(struct file *f, unsigned long cmd, void *arg)
{
	struct udp_sock *s = udp_of(f);
	if (cmd != FIONREAD)
		return -ENOTTY;
	/* stored after the lock: the caller's int may need a fault */
	unsigned long fl = ip4_lock();
	int n = s->rq ? (int)s->rq->len : 0; /* the next datagram's */
	ip4_unlock(fl);
	return put_program(arg, &n, sizeof(n));
}

static unsigned udp_poll(struct file *f)
{
	struct udp_sock *s = udp_of(f);
	unsigned long fl = ip4_lock();
	unsigned ready = FILE_POLL_OUT;
	if (s->rq || s->error || s->rd_shut)
		ready |= FILE_POLL_IN;
	if (s->error)
		ready |= FILE_POLL_ERR;
	ip4_unlock(fl);
	return ready;
}

static const struct file_ops udp_file = {
    .stat = udp_stat,
    .ioctl = udp_ioctl,
    .close = udp_close,
    .poll = udp_poll,
};

static const struct socket_family udp_calls = {
    .domain = AF_INET,
    .create = udp_create,
    .bind = udp_bind,
    .connect = udp_connect,
    .listen = udp_listen,
    .accept = udp_accept,
    .sendmsg = udp_sendmsg,
    .recvmsg = udp_recvmsg,
    .shutdown = udp_shutdown,
    .name = udp_name,
    .setsockopt = udp_setsockopt,
    .getsockopt = udp_getsockopt,
};

const struct inet_proto udp_proto = {
    .type = SOCK_DGRAM,
    .protocol = IPPROTO_UDP,
    .calls = &udp_calls,
    .file = &udp_file,
};

const struct inet_proto ping_proto = {
    .type = SOCK_DGRAM,
    .protocol = IPPROTO_ICMP,
    .calls = &udp_calls,
    .file = &udp_file,
};
