/*
 * TCP sockets (SOCK_STREAM in the AF_INET table): making, naming,
 * connecting, listening, accepting, shutting down and closing, and the
 * file.  Each socket holds one engine connection from its creation to
 * its close, when the engine takes it over (tcp_core.h's ownership).
 * Blocking calls sleep on the stack's wait queue (ip4_wait), which
 * every engine event wakes.
 */
#include <errno.h>
#include <fcntl.h>
#include <string.h>

#include "clock.h"
#include "mm.h"
#include "tcp_sock.h"
#include "uaccess.h"
#include "vm.h"

#define FIONREAD 0x541b
#define SIOCOUTQ 0x5411
#define SOMAXCONN 4096

/* A socket for c (NULL: a new connection); the lock not held. */
static int sock_new(struct tcp_conn *c, bool nonblock, struct file **out)
{
	static uint64_t next_ino = 1;
	struct tcp_sock *s = heap_calloc(1, sizeof(*s));
	if (!s)
		return -ENOMEM;
	s->head.proto = &tcp_proto;
	s->ino = __atomic_fetch_add(&next_ino, 1, __ATOMIC_RELAXED);
	struct file *f = inet_file_new(s, &s->poll, nonblock);
	unsigned long fl = ip4_lock();
	s->conn = c ? c : f ? tcp_open(tcp_sock_engine) : NULL;
	if (!f || !s->conn) {
		if (c)
			tcp_abort(c);
		else if (s->conn)
			tcp_abort(s->conn);
		tcp_sock_kick();
		ip4_unlock(fl);
		if (f)
			file_release(f); /* frees s through tcp_sock_close */
		else
			heap_free(s);
		return -ENOMEM;
	}
	tcp_set_user(s->conn, s);
	ip4_unlock(fl);
	*out = f;
	return 0;
}

static int tcp_sock_create(int type, int protocol, bool nonblock,
			   struct file **out)
{
	(void)type;
	(void)protocol;
	int r = tcp_sock_init();
	return r ? r : sock_new(NULL, nonblock, out);
}

/* Whether the socket's FIN is still unacknowledged (SO_LINGER waits). */
static bool fin_pending(const struct tcp_conn *c)
{
	struct tcp_conn_info info;
	tcp_info(c, &info);
	return info.state == TCP_FIN_WAIT_1 || info.state == TCP_CLOSING ||
	       info.state == TCP_LAST_ACK;
}

/*
 * SO_LINGER with a time: as Linux, close sends its FIN and waits (up to
 * the time, interruptibly) until the peer has acknowledged it.  Unread
 * data makes the close a reset at once instead (the engine's).
 */
static void linger(struct tcp_sock *s)
{
	int secs;
	struct tcp_conn_info info;
	tcp_info(s->conn, &info);
	if (tcp_getopt(s->conn, TCP_OPT_LINGER, &secs) || secs <= 0 ||
	    info.rcv_queued)
		return;
	if (tcp_shutdown(s->conn, SHUT_WR, clock_monotonic()))
		return;
	tcp_sock_kick();
	uint64_t deadline = clock_monotonic() + (uint64_t)secs * 1000000000ull;
	while (fin_pending(s->conn) && !ip4_wait(deadline))
		;
}

static void tcp_sock_close(struct file *f)
{
	struct tcp_sock *s = tcp_sock_of(f);
	unsigned long fl = ip4_lock();
	if (s->conn) {
		linger(s);
		tcp_set_user(s->conn, NULL);
		tcp_close(s->conn, clock_monotonic());
		tcp_sock_kick();
	}
	ip4_unlock(fl);
	heap_free(s);
}

static int tcp_sock_bind(struct file *f, const struct sockaddr *a,
			 socklen_t len)
{
	struct tcp_sock *s = tcp_sock_of(f);
	uint32_t addr;
	uint16_t port;
	int r = inet_addr_from(a, len, &addr, &port);
	if (r)
		return r;
	unsigned long fl = ip4_lock();
	if (addr && !ip4_is_local(addr) && !ip4_is_broadcast(addr))
		r = -EADDRNOTAVAIL;
	else
		r = tcp_bind(s->conn, addr, port);
	ip4_unlock(fl);
	return r;
}

/* Waits for the end of a connect started; the lock held. */
static int connect_wait(struct tcp_sock *s)
{
	uint64_t deadline = tcp_sock_deadline(s->sndtimeo);
	for (;;) {
		if (s->error)
			return -tcp_sock_take_error(s);
		unsigned ev = tcp_poll(s->conn);
		if (ev & TCP_POLL_ERR)
			return -tcp_take_error(s->conn);
		if (ev & (TCP_POLL_OUT | TCP_POLL_HUP))
			return 0;
		int r = ip4_wait(deadline);
		if (r)
			return r == -EAGAIN ? -EINPROGRESS : r;
	}
}

/* Whether a reset, a timeout or an ICMP error ended the connect. */
static bool connect_failed(const struct tcp_sock *s)
{
	struct tcp_conn_info info;
	tcp_info(s->conn, &info);
	return info.state == TCP_CLOSED;
}

static int connect_locked(struct tcp_sock *s, uint32_t addr, uint16_t port,
			  bool nonblock)
{
	if (s->connecting && connect_failed(s)) {
		/* as Linux: the outcome, not a new connect; aborted once
		 * SO_ERROR has taken the error */
		s->connecting = false;
		int e = tcp_sock_take_error(s);
		return e ? -e : -ECONNABORTED;
	}
	if (!addr) /* Linux: INADDR_ANY means this host */
		addr = ip4_htonl(INADDR_LOOPBACK);
	int r = tcp_connect(s->conn, addr, port, clock_monotonic());
	tcp_sock_kick();
	if (r == -EINPROGRESS) {
		s->connecting = true;
		s->error = 0;
	} else if (s->connecting && (r == -EISCONN || r == -EALREADY)) {
		/* a nonblocking connect's outcome, asked again */
		unsigned ev = tcp_poll(s->conn);
		if (ev & TCP_POLL_ERR) {
			s->connecting = false;
			return -tcp_take_error(s->conn);
		}
		if (r == -EISCONN) {
			s->connecting = false;
			return 0;
		}
	}
	/* a blocking connect waits, again after an interrupted one */
	if ((r != -EINPROGRESS && r != -EALREADY) || nonblock)
		return r;
	r = connect_wait(s);
	if (r != -EINTR && r != -EINPROGRESS)
		s->connecting = false;
	return r;
}

static int tcp_sock_connect(struct file *f, const struct sockaddr *a,
			    socklen_t len)
{
	struct tcp_sock *s = tcp_sock_of(f);
	uint32_t addr;
	uint16_t port;
	int r = inet_addr_from(a, len, &addr, &port);
	if (r)
		return r;
	unsigned long fl = ip4_lock();
	r = connect_locked(s, addr, port, f->flags & O_NONBLOCK);
	ip4_unlock(fl);
	return r;
}

static int tcp_sock_listen(struct file *f, int backlog)
{
	struct tcp_sock *s = tcp_sock_of(f);
	if (backlog > SOMAXCONN || backlog < 0)
		backlog = SOMAXCONN; /* Linux: a negative one is the most */
	unsigned long fl = ip4_lock();
	int r = tcp_listen(s->conn, backlog);
	tcp_sock_kick();
	ip4_unlock(fl);
	return r;
}

static int tcp_sock_accept(struct file *f, bool nonblock, struct file **out)
{
	struct tcp_sock *s = tcp_sock_of(f);
	struct tcp_conn *child = NULL;
	uint64_t deadline = tcp_sock_deadline(s->rcvtimeo);
	bool wait = !(f->flags & O_NONBLOCK);
	unsigned long fl = ip4_lock();
	int r;
	while ((r = tcp_accept(s->conn, &child)) == -EAGAIN && wait &&
	       !(r = ip4_wait(deadline)))
		;
	tcp_sock_kick();
	ip4_unlock(fl);
	return r ? r : sock_new(child, nonblock, out);
}

static int tcp_sock_shutdown(struct file *f, int how)
{
	struct tcp_sock *s = tcp_sock_of(f);
	unsigned long fl = ip4_lock();
	int r = tcp_shutdown(s->conn, how, clock_monotonic());
	tcp_sock_kick();
	ip4_changed();
	unsigned ev = tcp_sock_events(s);
	ip4_unlock(fl);
	file_poll_notify(&s->poll, ev);
	return r;
}

static int tcp_sock_name(struct file *f, bool peer, struct sockaddr *a,
			 socklen_t *len)
{
	struct tcp_sock *s = tcp_sock_of(f);
	struct sockaddr_in in = {.sin_family = AF_INET};
	unsigned long fl = ip4_lock();
	int r = peer ? tcp_peer(s->conn, &in.sin_addr.s_addr, &in.sin_port)
		     : tcp_local(s->conn, &in.sin_addr.s_addr, &in.sin_port);
	ip4_unlock(fl);
	if (r && peer)
		return r;
	memcpy(a, &in, *len < sizeof(in) ? *len : sizeof(in));
	*len = sizeof(in);
	return 0;
}

static int tcp_sock_stat(struct file *f, struct vfs_attr *attr)
{
	return socket_file_stat(attr, tcp_sock_of(f)->ino);
}

static int tcp_sock_ioctl(struct file *f, unsigned long cmd, void *arg)
{
	struct tcp_sock *s = tcp_sock_of(f);
	if (cmd != FIONREAD && cmd != SIOCOUTQ)
		return -ENOTTY;
	struct tcp_conn_info info;
	unsigned long fl = ip4_lock();
	tcp_info(s->conn, &info);
	ip4_unlock(fl);
	if (info.state == TCP_LISTEN)
		return -EINVAL; /* as Linux */
	int n = (int)(cmd == FIONREAD ? info.rcv_queued : info.snd_queued);
	return put_program(arg, &n, sizeof(n));
}

static unsigned tcp_sock_poll(struct file *f)
{
	unsigned long fl = ip4_lock();
	unsigned ev = tcp_sock_events(tcp_sock_of(f));
	ip4_unlock(fl);
	return ev;
}

static const struct file_ops tcp_file = {
    .stat = tcp_sock_stat,
    .ioctl = tcp_sock_ioctl,
    .close = tcp_sock_close,
    .poll = tcp_sock_poll,
};

static const struct socket_family tcp_calls = {
    .domain = AF_INET,
    .create = tcp_sock_create,
    .bind = tcp_sock_bind,
    .connect = tcp_sock_connect,
    .listen = tcp_sock_listen,
    .accept = tcp_sock_accept,
    .sendmsg = tcp_sock_sendmsg,
    .recvmsg = tcp_sock_recvmsg,
    .shutdown = tcp_sock_shutdown,
    .name = tcp_sock_name,
    .setsockopt = tcp_sock_setsockopt,
    .getsockopt = tcp_sock_getsockopt,
};

const struct inet_proto tcp_proto = {
    .type = SOCK_STREAM,
    .protocol = IPPROTO_TCP,
    .calls = &tcp_calls,
    .file = &tcp_file,
};
