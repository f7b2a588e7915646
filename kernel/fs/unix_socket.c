/*
 * AF_UNIX sockets between the threads of the one process.
 *
 * A socket has a receive queue of messages: a sender appends to its
 * peer's queue, charged against the receiver's SO_RCVBUF (a message
 * costs its bytes and UNIX_MSG_COST), and waits while it is full.  A
 * stream's send is cut into chunks of what fits; a datagram or
 * seqpacket message goes whole or waits.  Descriptors passed with
 * SCM_RIGHTS travel as references to their open files, installed as new
 * descriptors by the receiver.
 *
 * One lock, unix_q's, guards every socket, queue and name: there is one
 * process, and with one lock a send, which touches both ends, has no
 * lock order to keep.  Waiters of any kind sleep on unix_q and are all
 * woken by a change, then look again.  Pollers are told of changes
 * through each socket's own file_poll_src.
 *
 * A connection: connect() makes the server's end at once (an "embryo",
 * without a file), links it with the client's and queues it on the
 * listener, whose accept() gives it a file.  Closing an end leaves the
 * other without a peer: it reads what is queued, then EOF; it writes
 * EPIPE.  Bound names: a path is a socket file (VFS_IFSOCK) which the
 * socket references and is found by; an abstract name (a leading NUL)
 * is found among the sockets themselves.
 */
#include <fcntl.h>
#include <stddef.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <sys/un.h>

#include "clock.h"
#include "mm.h"
#include "socket_impl.h"
#include "thread.h"
#include "vfs_impl.h"

#define UNIX_BUF_DEFAULT 212992 /* Linux's default SO_SNDBUF/SO_RCVBUF */
#define UNIX_BUF_MIN 4608
#define UNIX_MSG_COST 256
#define UNIX_CHUNK (64 * 1024)
#define UNIX_MAX_FDS 253 /* SCM_MAX_FD */
#define UNIX_PATH_OFF offsetof(struct sockaddr_un, sun_path)
#define FIONREAD 0x541b
#define PROGRAM_PID 1

struct unix_name {
	socklen_t len; /* 0: unbound */
	struct sockaddr_un addr;
	char nul; /* after a sun_path that fills its 108 bytes */
};

struct unix_msg {
	struct unix_msg *next;
	size_t len, off; /* data[off, len) unread */
	struct file **files;
	int nfiles;
	bool has_cred;
	struct ucred cred;
	struct unix_name from; /* the sender's name (datagrams) */
	char data[];
};

enum unix_state { UNIX_IDLE, UNIX_LISTENING, UNIX_CONNECTED };

struct unix_sock {
	struct unix_sock *next_all, **pprev_all;
	int type;
	enum unix_state state;
	bool rd_shut, wr_shut;
	bool peer_gone; /* a datagram peer closed: next send ECONNREFUSED */
	struct unix_sock *peer;
	struct unix_name name;
	bool bound; /* name is its own (an accepted socket's is its listener's)
		     */
	struct vnode *vn; /* the socket file of a path name */
	struct unix_msg *rq, **rq_tail;
	size_t rq_bytes;
	/* a listener's embryos, and an embryo's link in that list */
	struct unix_sock *pending, **pending_tail, *next_pending;
	int npending, backlog;
	int rcvbuf, sndbuf;
	uint64_t rcvtimeo, sndtimeo; /* ns; 0: none */
	bool passcred, reuseaddr, keepalive;
	uint64_t ino;
	struct file_poll_src poll;
};

static struct waitq unix_q = WAITQ_INIT;
static struct unix_sock *unix_all;
static const struct file_ops unix_ops;

static struct unix_sock *sock_of(struct file *f)
{
	return f->data;
}

bool unix_socket_file(const struct file *f)
{
	return f->ops == &unix_ops;
}

static bool connection_type(const struct unix_sock *s)
{
	return s->type != SOCK_DGRAM;
}

static void notify(struct unix_sock *s, unsigned events)
{
	if (s)
		file_poll_notify(&s->poll, events);
}

/* Any change: waiters look again.  unix_q's lock held. */
static void changed(void)
{
	waitq_wake_locked(&unix_q, 1 << 30);
}

static int wait_until(uint64_t deadline)
{
	int r = waitq_wait_locked(&unix_q, deadline, true);
	return r == -ETIMEDOUT ? -EAGAIN : r;
}

static uint64_t deadline_of(uint64_t timeo)
{
	return timeo ? clock_monotonic() + timeo : THREAD_NO_DEADLINE;
}

/* ---- Sockets ---- */

static struct unix_sock *sock_new(int type)
{
	static uint64_t next_ino = 1;
	struct unix_sock *s = heap_calloc(1, sizeof(*s));
	if (!s)
		return NULL;
	s->type = type;
	s->rq_tail = &s->rq;
	s->pending_tail = &s->pending;
	s->rcvbuf = s->sndbuf = UNIX_BUF_DEFAULT;
	s->ino = __atomic_fetch_add(&next_ino, 1, __ATOMIC_RELAXED);
	return s;
}

/* Enters s in the list of sockets.  unix_q's lock held. */
static void sock_enter(struct unix_sock *s)
{
	s->next_all = unix_all;
	if (unix_all)
		unix_all->pprev_all = &s->next_all;
	s->pprev_all = &unix_all;
	unix_all = s;
}

static void msg_free(struct unix_msg *m)
{
	for (int i = 0; i < m->nfiles; i++)
		file_release(m->files[i]);
	heap_free(m->files);
	heap_free(m);
}

static struct file *sock_file(struct unix_sock *s, bool nonblock)
{
	struct file *f =
	    file_new(&unix_ops, NULL, O_RDWR | (nonblock ? O_NONBLOCK : 0), s);
	if (f)
		f->poll_src = &s->poll;
	return f;
}

int unix_socket_new(int type, bool nonblock, struct file **out)
{
	if (type != SOCK_STREAM && type != SOCK_DGRAM && type != SOCK_SEQPACKET)
		return -ESOCKTNOSUPPORT;
	struct unix_sock *s = sock_new(type);
	struct file *f = s ? sock_file(s, nonblock) : NULL;
	if (!f) {
		heap_free(s);
		return -ENOMEM;
	}
	unsigned long flags = spin_lock(&unix_q.lock);
	sock_enter(s);
	spin_unlock(&unix_q.lock, flags);
	*out = f;
	return 0;
}

static void link_peers(struct unix_sock *a, struct unix_sock *b)
{
	a->peer = b;
	b->peer = a;
	a->state = b->state = UNIX_CONNECTED;
}

int unix_socket_pair(int type, bool nonblock, struct file *out[2])
{
	int r = unix_socket_new(type, nonblock, &out[0]);
	if (r)
		return r;
	r = unix_socket_new(type, nonblock, &out[1]);
	if (r) {
		file_release(out[0]);
		return r;
	}
	unsigned long flags = spin_lock(&unix_q.lock);
	link_peers(sock_of(out[0]), sock_of(out[1]));
	spin_unlock(&unix_q.lock, flags);
	return 0;
}

/*
 * Unlinks s from everything: its peers lose it, its queue and pending
 * connections are handed to the caller (*queue, *pending) to free
 * without the lock.  unix_q's lock held.
 */
static void sock_detach(struct unix_sock *s, struct unix_msg **queue,
			struct unix_sock **pending)
{
	*s->pprev_all = s->next_all;
	if (s->next_all)
		s->next_all->pprev_all = s->pprev_all;
	for (struct unix_sock *t = unix_all; t; t = t->next_all) {
		if (t->peer != s)
			continue;
		t->peer = NULL;
		t->peer_gone = !connection_type(t);
		notify(t, FILE_POLL_IN | FILE_POLL_OUT | FILE_POLL_HUP);
	}
	*queue = s->rq;
	*pending = s->pending;
	s->rq = NULL;
	s->pending = NULL;
	changed();
}

static void sock_free(struct unix_sock *s)
{
	struct unix_msg *queue;
	struct unix_sock *pending;
	unsigned long flags = spin_lock(&unix_q.lock);
	sock_detach(s, &queue, &pending);
	spin_unlock(&unix_q.lock, flags);
	while (queue) {
		struct unix_msg *next = queue->next;
		msg_free(queue);
		queue = next;
	}
	while (pending) {
		struct unix_sock *next = pending->next_pending;
		sock_free(pending);
		pending = next;
	}
	vnode_release(s->vn);
	heap_free(s);
}

static void unix_close(struct file *f)
{
	if (f->data) /* NULL: an accept's that failed */
		sock_free(sock_of(f));
}

/* ---- Names ---- */

/*
 * Checks a sockaddr_un of len bytes into *n (a path's length counted to
 * its NUL, as Linux's getsockname gives it).  len == UNIX_PATH_OFF:
 * no name (n->len 0).
 */
static int name_from(const struct sockaddr *addr, socklen_t len,
		     struct unix_name *n)
{
	memset(n, 0, sizeof(*n));
	if (!addr)
		return -EFAULT;
	if (len < UNIX_PATH_OFF || len > sizeof(struct sockaddr_un))
		return -EINVAL;
	if (addr->sa_family != AF_UNIX)
		return -EINVAL;
	memcpy(&n->addr, addr, len);
	if (len == UNIX_PATH_OFF)
		return 0;
	if (n->addr.sun_path[0])
		len = UNIX_PATH_OFF + strlen(n->addr.sun_path) + 1;
	n->len = len;
	return 0;
}

static bool abstract(const struct unix_name *n)
{
	return n->len > UNIX_PATH_OFF && !n->addr.sun_path[0];
}

static bool same_abstract(const struct unix_name *a, const struct unix_name *b)
{
	return abstract(a) && a->len == b->len &&
	       !memcmp(a->addr.sun_path, b->addr.sun_path,
		       a->len - UNIX_PATH_OFF);
}

/* The socket bound to n (or to vn, a path's file).  Lock held. */
static struct unix_sock *bound_to(const struct unix_name *n,
				  const struct vnode *vn)
{
	for (struct unix_sock *t = unix_all; t; t = t->next_all) {
		if (t->bound && (vn ? t->vn && vfs_same(t->vn, vn)
				    : same_abstract(n, &t->name)))
			return t;
	}
	return NULL;
}

static void copy_name_out(const struct unix_name *n, struct sockaddr *addr,
			  socklen_t *len)
{
	socklen_t full = n->len ? n->len : UNIX_PATH_OFF;
	struct sockaddr_un a = n->addr;
	a.sun_family = AF_UNIX;
	memcpy(addr, &a, *len < full ? *len : full);
	*len = full;
}

/* Makes the socket file of a path name; *vn referenced. */
static int make_socket_file(const char *path, struct vnode **vn)
{
	struct nameidata nd;
	int r = namei_at(AT_FDCWD, path, NAMEI_PARENT, &nd);
	if (r)
		return r;
	struct vnode *dir = nd.dir;
	if (nd.vn || !nd.len)
		r = -EADDRINUSE;
	else if (vfs_readonly(dir))
		r = -EROFS;
	else if (!dir->ops->mknod)
		r = -EPERM;
	else {
		vfs_lock(dir);
		r = dir->ops->mknod(dir, nd.name, nd.len,
				    VFS_IFSOCK | (0777 & ~vfs_umask), vn);
		vfs_unlock(dir);
		if (r == -EEXIST)
			r = -EADDRINUSE;
	}
	namei_done(&nd);
	return r;
}

/* Linux's autobind: an abstract name of five hex digits. */
static void autobind_name(struct unix_name *n)
{
	static unsigned next;
	static const char hex[] = "0123456789abcdef";
	do {
		unsigned v = next++ & 0xfffff;
		n->addr.sun_path[0] = 0;
		for (int i = 0; i < 5; i++)
			n->addr.sun_path[1 + i] = hex[(v >> (16 - 4 * i)) & 15];
		n->len = UNIX_PATH_OFF + 6;
	} while (bound_to(n, NULL));
}

int unix_bind(struct file *f, const struct sockaddr *addr, socklen_t len)
{
	struct unix_sock *s = sock_of(f);
	struct unix_name n;
	int r = name_from(addr, len, &n);
	if (r)
		return r;
	struct vnode *vn = NULL;
	if (n.len && !abstract(&n)) {
		if (s->name.len)
			return -EINVAL;
		r = make_socket_file(n.addr.sun_path, &vn);
		if (r)
			return r;
	}
	unsigned long flags = spin_lock(&unix_q.lock);
	if (s->name.len)
		r = -EINVAL;
	else if (!n.len)
		autobind_name(&n);
	else if (!vn && bound_to(&n, NULL))
		r = -EADDRINUSE;
	if (!r) {
		s->name = n;
		s->bound = true;
		s->vn = vn;
	}
	spin_unlock(&unix_q.lock, flags);
	if (r)
		vnode_release(vn);
	return r;
}

/*
 * The socket a name given to connect or sendto reaches, in *to, and the
 * path's file in *vn (referenced, for the caller to release after).
 */
static int resolve(const struct sockaddr *addr, socklen_t len,
		   struct unix_name *n, struct vnode **vn)
{
	*vn = NULL;
	int r = name_from(addr, len, n);
	if (r)
		return r;
	if (!n->len)
		return -EINVAL;
	if (abstract(n))
		return 0;
	struct nameidata nd;
	r = namei_at(AT_FDCWD, n->addr.sun_path, NAMEI_FOLLOW, &nd);
	if (r)
		return r;
	*vn = nd.vn;
	if (nd.vn->type != VFS_IFSOCK) {
		namei_done(&nd);
		return -ECONNREFUSED;
	}
	return 0;
}

int unix_name(struct file *f, bool peer, struct sockaddr *addr, socklen_t *len)
{
	struct unix_sock *s = sock_of(f);
	int r = 0;
	unsigned long flags = spin_lock(&unix_q.lock);
	struct unix_sock *t = peer ? s->peer : s;
	if (!t)
		r = -ENOTCONN;
	else
		copy_name_out(&t->name, addr, len);
	spin_unlock(&unix_q.lock, flags);
	return r;
}

/* ---- Connections ---- */

int unix_listen(struct file *f, int backlog)
{
	struct unix_sock *s = sock_of(f);
	if (!connection_type(s))
		return -EOPNOTSUPP;
	if (backlog < 0 || backlog > SOMAXCONN)
		backlog = SOMAXCONN;
	int r = 0;
	unsigned long flags = spin_lock(&unix_q.lock);
	if (!s->name.len || s->state == UNIX_CONNECTED)
		r = -EINVAL;
	else {
		s->state = UNIX_LISTENING;
		s->backlog = backlog;
	}
	spin_unlock(&unix_q.lock, flags);
	return r;
}

/* A connection-type connect: the embryo e queued on the listener. */
static int connect_stream(struct file *f, const struct unix_name *n,
			  const struct vnode *vn, struct unix_sock *e)
{
	struct unix_sock *s = sock_of(f);
	uint64_t deadline = deadline_of(s->sndtimeo);
	int r = 0;
	for (;;) {
		if (s->state == UNIX_CONNECTED)
			return -EISCONN;
		if (s->state == UNIX_LISTENING)
			return -EINVAL;
		struct unix_sock *l = bound_to(n, vn);
		if (l && l->type != s->type)
			return abstract(n) ? -ECONNREFUSED : -EPROTOTYPE;
		if (!l || l->state != UNIX_LISTENING)
			return -ECONNREFUSED;
		if (l->npending <= l->backlog) {
			e->name = l->name;
			link_peers(s, e);
			sock_enter(e);
			*l->pending_tail = e;
			l->pending_tail = &e->next_pending;
			l->npending++;
			changed();
			notify(l, FILE_POLL_IN);
			return 0;
		}
		if (f->flags & O_NONBLOCK)
			return -EAGAIN;
		r = wait_until(deadline);
		if (r)
			return r;
	}
}

static int connect_dgram(struct unix_sock *s, const struct unix_name *n,
			 const struct vnode *vn)
{
	struct unix_sock *t = bound_to(n, vn);
	if (t && t->type != s->type)
		return abstract(n) ? -ECONNREFUSED : -EPROTOTYPE;
	if (!t)
		return -ECONNREFUSED;
	s->peer = t;
	s->peer_gone = false;
	return 0;
}

int unix_connect(struct file *f, const struct sockaddr *addr, socklen_t len)
{
	struct unix_sock *s = sock_of(f);
	if (!connection_type(s) && addr && len >= sizeof(sa_family_t) &&
	    addr->sa_family == AF_UNSPEC) {
		unsigned long flags = spin_lock(&unix_q.lock);
		s->peer = NULL;
		spin_unlock(&unix_q.lock, flags);
		return 0;
	}
	struct unix_name n;
	struct vnode *vn;
	int r = resolve(addr, len, &n, &vn);
	if (r)
		return r;
	struct unix_sock *e = connection_type(s) ? sock_new(s->type) : NULL;
	if (connection_type(s) && !e) {
		vnode_release(vn);
		return -ENOMEM;
	}
	unsigned long flags = spin_lock(&unix_q.lock);
	r = e ? connect_stream(f, &n, vn, e) : connect_dgram(s, &n, vn);
	spin_unlock(&unix_q.lock, flags);
	if (r)
		heap_free(e);
	else
		notify(s, FILE_POLL_OUT);
	vnode_release(vn);
	return r;
}

int unix_accept(struct file *f, bool nonblock, struct file **out)
{
	struct unix_sock *s = sock_of(f);
	if (!connection_type(s))
		return -EOPNOTSUPP;
	struct file *nf = file_new(&unix_ops, NULL,
				   O_RDWR | (nonblock ? O_NONBLOCK : 0), NULL);
	if (!nf)
		return -ENOMEM;
	uint64_t deadline = deadline_of(s->rcvtimeo);
	int r = 0;
	struct unix_sock *e = NULL;
	unsigned long flags = spin_lock(&unix_q.lock);
	while (!r) {
		if (s->state != UNIX_LISTENING) {
			r = -EINVAL;
		} else if (s->pending) {
			e = s->pending;
			s->pending = e->next_pending;
			if (!s->pending)
				s->pending_tail = &s->pending;
			s->npending--;
			changed();
			break;
		} else if (f->flags & O_NONBLOCK) {
			r = -EAGAIN;
		} else {
			r = wait_until(deadline);
		}
	}
	spin_unlock(&unix_q.lock, flags);
	if (r) {
		file_release(nf);
		return r;
	}
	nf->data = e;
	nf->poll_src = &e->poll;
	*out = nf;
	return 0;
}

int unix_shutdown(struct file *f, int how)
{
	struct unix_sock *s = sock_of(f);
	if (how < SHUT_RD || how > SHUT_RDWR)
		return -EINVAL;
	int r = 0;
	unsigned long flags = spin_lock(&unix_q.lock);
	if (connection_type(s) && s->state != UNIX_CONNECTED) {
		r = -ENOTCONN;
	} else {
		s->rd_shut |= how != SHUT_WR;
		s->wr_shut |= how != SHUT_RD;
		changed();
		unsigned all = FILE_POLL_IN | FILE_POLL_OUT | FILE_POLL_HUP;
		notify(s, all);
		if (connection_type(s))
			notify(s->peer, all);
	}
	spin_unlock(&unix_q.lock, flags);
	return r;
}

/* ---- Data ---- */

/* Nothing more will arrive (a connection's end): reads end at EOF. */
static bool input_ended(const struct unix_sock *s)
{
	if (s->rd_shut)
		return true;
	if (!connection_type(s) || s->state != UNIX_CONNECTED)
		return false;
	return !s->peer || s->peer->wr_shut;
}

static bool output_ended(const struct unix_sock *s)
{
	return s->wr_shut ||
	       (connection_type(s) && s->state == UNIX_CONNECTED &&
		(!s->peer || s->peer->rd_shut));
}

static size_t room(const struct unix_sock *to)
{
	size_t used = to->rq_bytes + UNIX_MSG_COST;
	return used < (size_t)to->rcvbuf ? to->rcvbuf - used : 0;
}

static long iov_total(const struct msghdr *msg)
{
	size_t total = 0;
	for (size_t i = 0; i < msg->msg_iovlen; i++) {
		if (msg->msg_iov[i].iov_len > (size_t)INT64_MAX - total)
			return -EINVAL;
		total += msg->msg_iov[i].iov_len;
	}
	return (long)total;
}

/* Copies n bytes between buf and the iovecs from byte at on. */
static void iov_copy(const struct msghdr *msg, size_t at, void *buf, size_t n,
		     bool to_iov)
{
	char *p = buf;
	for (size_t i = 0; i < msg->msg_iovlen && n; i++) {
		size_t l = msg->msg_iov[i].iov_len;
		if (at >= l) {
			at -= l;
			continue;
		}
		size_t chunk = l - at < n ? l - at : n;
		char *base = (char *)msg->msg_iov[i].iov_base + at;
		if (to_iov)
			memcpy(base, p, chunk);
		else
			memcpy(p, base, chunk);
		p += chunk;
		n -= chunk;
		at = 0;
	}
}

/* The SCM_RIGHTS and SCM_CREDENTIALS of a sendmsg, into m. */
static int take_control(const struct msghdr *msg, struct unix_msg *m)
{
	char *p = msg->msg_control;
	size_t left = msg->msg_control ? msg->msg_controllen : 0;
	while (left >= sizeof(struct cmsghdr)) {
		struct cmsghdr *c = (struct cmsghdr *)p;
		if (c->cmsg_len < sizeof(*c) || c->cmsg_len > left)
			return -EINVAL;
		size_t data = c->cmsg_len - CMSG_LEN(0);
		if (c->cmsg_level != SOL_SOCKET)
			return -EINVAL;
		if (c->cmsg_type == SCM_RIGHTS) {
			int n = (int)(data / sizeof(int));
			if (m->files || n > UNIX_MAX_FDS || n == 0)
				return -EINVAL;
			m->files = heap_calloc(n, sizeof(*m->files));
			if (!m->files)
				return -ENOMEM;
			const int *fds = (const int *)CMSG_DATA(c);
			for (; m->nfiles < n; m->nfiles++) {
				m->files[m->nfiles] = fd_get(fds[m->nfiles]);
				if (!m->files[m->nfiles])
					return -EBADF;
			}
		} else if (c->cmsg_type == SCM_CREDENTIALS) {
			if (data != sizeof(struct ucred))
				return -EINVAL;
			memcpy(&m->cred, CMSG_DATA(c), sizeof(m->cred));
			if (m->cred.pid != PROGRAM_PID)
				return -EPERM;
			m->has_cred = true;
		} else {
			return -EINVAL;
		}
		size_t step = CMSG_ALIGN(c->cmsg_len);
		if (step >= left)
			break;
		p += step;
		left -= step;
	}
	return 0;
}

static struct unix_msg *msg_new(const struct msghdr *msg, size_t at, size_t n)
{
	struct unix_msg *m = heap_alloc(sizeof(*m) + n);
	if (!m)
		return NULL;
	memset(m, 0, sizeof(*m));
	m->len = n;
	iov_copy(msg, at, m->data, n, false);
	return m;
}

static void enqueue(struct unix_sock *to, struct unix_msg *m)
{
	*to->rq_tail = m;
	to->rq_tail = &m->next;
	to->rq_bytes += m->len + UNIX_MSG_COST;
	changed();
	notify(to, FILE_POLL_IN);
}

/* Where a send goes now, or an error.  Lock held. */
static int destination(struct unix_sock *s, const struct unix_name *n,
		       const struct vnode *vn, struct unix_sock **to)
{
	if (connection_type(s)) {
		if (s->state != UNIX_CONNECTED)
			return -ENOTCONN;
		if (output_ended(s))
			return -EPIPE;
		*to = s->peer;
		return 0;
	}
	if (s->wr_shut)
		return -EPIPE;
	if (n->len) {
		*to = bound_to(n, vn);
		if (*to && (*to)->type != s->type)
			return abstract(n) ? -ECONNREFUSED : -EPROTOTYPE;
		if (!*to)
			return -ECONNREFUSED;
	} else if (s->peer_gone) {
		s->peer_gone = false;
		return -ECONNREFUSED;
	} else if (!(*to = s->peer)) {
		return -ENOTCONN;
	}
	return (*to)->rd_shut ? -EPIPE : 0;
}

/*
 * Queues m (its len cut to what fits when a stream's) for the
 * destination, waiting for room.  On success m is the receiver's, who
 * may free it at once: the bytes queued are in *queued.
 */
static int deliver(struct file *f, const struct unix_name *n,
		   const struct vnode *vn, struct unix_msg *m, int flags,
		   size_t *queued)
{
	struct unix_sock *s = sock_of(f);
	uint64_t deadline = deadline_of(s->sndtimeo);
	bool nonblock = (f->flags & O_NONBLOCK) || (flags & MSG_DONTWAIT);
	int r;
	unsigned long lf = spin_lock(&unix_q.lock);
	for (;;) {
		struct unix_sock *to;
		r = destination(s, n, vn, &to);
		if (r)
			break;
		size_t fits = room(to);
		if (s->type == SOCK_STREAM && fits && m->len > fits)
			m->len = fits;
		if (m->len <= fits || !to->rq) { /* a big one goes alone */
			m->from = s->name;
			*queued = m->len;
			enqueue(to, m);
			break;
		}
		if (nonblock) {
			r = -EAGAIN;
			break;
		}
		r = wait_until(deadline);
		if (r)
			break;
	}
	spin_unlock(&unix_q.lock, lf);
	return r;
}

long unix_sendmsg(struct file *f, const struct msghdr *msg, int flags)
{
	struct unix_sock *s = sock_of(f);
	long total = iov_total(msg);
	if (total < 0)
		return total;
	struct unix_name n = {0};
	struct vnode *vn = NULL;
	if (msg->msg_name && !connection_type(s)) {
		int r = resolve(msg->msg_name, msg->msg_namelen, &n, &vn);
		if (r)
			return r;
	} else if (msg->msg_name && s->state != UNIX_CONNECTED) {
		return -EOPNOTSUPP;
	}
	bool stream = s->type == SOCK_STREAM;
	if (stream && total == 0) {
		vnode_release(vn);
		return 0; /* nothing to queue: an empty chunk would read as EOF
			   */
	}
	if (!stream && (size_t)total > (size_t)s->sndbuf - UNIX_MSG_COST) {
		vnode_release(vn);
		return -EMSGSIZE;
	}
	size_t done = 0, queued = 0;
	long r = 0;
	do {
		size_t n_bytes = (size_t)total - done;
		if (stream && n_bytes > UNIX_CHUNK)
			n_bytes = UNIX_CHUNK;
		struct unix_msg *m = msg_new(msg, done, n_bytes);
		if (!m) {
			r = -ENOMEM;
			break;
		}
		if (done == 0)
			r = take_control(msg, m);
		if (!r)
			r = deliver(f, &n, vn, m, flags, &queued);
		if (r) {
			msg_free(m);
			break;
		}
		done += queued;
	} while (done < (size_t)total);
	vnode_release(vn);
	if (stream && done)
		return (long)done;
	return r ? r : (long)done;
}

/* Appends a control message; false (and MSG_CTRUNC) when it does not fit. */
static bool put_cmsg(struct msghdr *msg, size_t *used, int type,
		     const void *data, size_t len)
{
	size_t space = msg->msg_control ? msg->msg_controllen : 0;
	if (*used + CMSG_LEN(len) > space) {
		msg->msg_flags |= MSG_CTRUNC;
		return false;
	}
	struct cmsghdr *c =
	    (struct cmsghdr *)((char *)msg->msg_control + *used);
	c->cmsg_len = CMSG_LEN(len);
	c->cmsg_level = SOL_SOCKET;
	c->cmsg_type = type;
	memcpy(CMSG_DATA(c), data, len);
	*used +=
	    CMSG_SPACE(len) < space - *used ? CMSG_SPACE(len) : space - *used;
	return true;
}

/* Installs the passed files that fit in msg's control buffer. */
static void give_files(struct msghdr *msg, size_t *used, struct file **files,
		       int n, int flags)
{
	size_t space = msg->msg_control ? msg->msg_controllen : 0;
	int fit = 0;
	if (space >= *used + CMSG_LEN(sizeof(int)))
		fit = (int)((space - *used - CMSG_LEN(0)) / sizeof(int));
	if (fit > n)
		fit = n;
	if (fit < n)
		msg->msg_flags |= MSG_CTRUNC;
	int fds[UNIX_MAX_FDS];
	int got = 0;
	for (int i = 0; i < n; i++) {
		int fd = i < fit
			     ? fd_install(files[i], 0, flags & MSG_CMSG_CLOEXEC)
			     : -1;
		if (fd >= 0)
			fds[got++] = fd;
		else if (i < fit)
			msg->msg_flags |= MSG_CTRUNC;
		file_release(files[i]);
	}
	heap_free(files);
	if (got)
		put_cmsg(msg, used, SCM_RIGHTS, fds, got * sizeof(int));
}

/* What a read hands the caller besides the bytes, taken under the lock. */
struct unix_recv_extra {
	struct file **files;
	int nfiles;
	bool has_cred;
	struct ucred cred;
	struct unix_name from;
};

static void take_extra(struct unix_msg *m, bool peek, struct unix_recv_extra *x)
{
	x->from = m->from;
	x->has_cred = m->has_cred;
	x->cred = m->cred;
	if (!m->nfiles)
		return;
	if (!peek) {
		x->files = m->files;
		x->nfiles = m->nfiles;
		m->files = NULL;
		m->nfiles = 0;
		return;
	}
	x->files = heap_calloc(m->nfiles, sizeof(*x->files));
	for (int i = 0; x->files && i < m->nfiles; i++)
		x->files[x->nfiles++] = file_ref(m->files[i]);
}

static struct unix_msg *dequeue(struct unix_sock *s)
{
	struct unix_msg *m = s->rq;
	s->rq = m->next;
	if (!s->rq)
		s->rq_tail = &s->rq;
	s->rq_bytes -= m->len + UNIX_MSG_COST;
	changed();
	return m;
}

/*
 * Copies what is queued into msg's iovecs (want bytes at most, after
 * the done already copied); *freed gets what was consumed, to free
 * without the lock.  Returns the bytes copied, or the datagram's full
 * length with MSG_TRUNC.  Lock held, s->rq not empty.
 */
static long take_data(struct unix_sock *s, struct msghdr *msg, size_t done,
		      size_t want, int flags, struct unix_recv_extra *x,
		      struct unix_msg **freed)
{
	bool peek = flags & MSG_PEEK;
	if (s->type != SOCK_STREAM) {
		struct unix_msg *m = s->rq;
		size_t n = m->len < want ? m->len : want;
		iov_copy(msg, 0, m->data, n, true);
		if (m->len > want)
			msg->msg_flags |= MSG_TRUNC;
		take_extra(m, peek, x);
		if (!peek) {
			dequeue(s)->next = *freed;
			*freed = m;
		}
		return (flags & MSG_TRUNC) ? (long)m->len : (long)n;
	}
	size_t copied = 0;
	for (struct unix_msg *m = s->rq; m && done + copied < want;) {
		if ((done + copied) && (m->nfiles || m->has_cred))
			break; /* what came with it starts a read of its own */
		bool first = done + copied == 0;
		size_t n = m->len - m->off;
		if (n > want - done - copied)
			n = want - done - copied;
		iov_copy(msg, done + copied, m->data + m->off, n, true);
		copied += n;
		if (first)
			take_extra(m, peek, x);
		struct unix_msg *next = m->next;
		if (!peek) {
			m->off += n;
			if (m->off == m->len) {
				dequeue(s)->next = *freed;
				*freed = m;
			}
		}
		if (x->nfiles)
			break; /* as Linux's: the descriptors end the read */
		m = next;
	}
	return (long)copied;
}

static long recv_locked(struct file *f, struct msghdr *msg, size_t want,
			int flags, struct unix_recv_extra *x,
			struct unix_msg **freed)
{
	struct unix_sock *s = sock_of(f);
	uint64_t deadline = deadline_of(s->rcvtimeo);
	bool nonblock = (f->flags & O_NONBLOCK) || (flags & MSG_DONTWAIT);
	bool waitall = (flags & MSG_WAITALL) && s->type == SOCK_STREAM &&
		       !(flags & MSG_PEEK);
	size_t done = 0;
	for (;;) {
		if (s->rq) {
			long r = take_data(s, msg, done, want, flags, x, freed);
			if (s->type != SOCK_STREAM)
				return r;
			done += (size_t)r;
			if (done == want || !waitall || x->nfiles)
				return (long)done;
			continue;
		}
		if (done && !waitall)
			return (long)done;
		if (input_ended(s))
			return (long)done;
		if (connection_type(s) && s->state != UNIX_CONNECTED)
			return done ? (long)done : -EINVAL;
		if (nonblock)
			return done ? (long)done : -EAGAIN;
		int r = wait_until(deadline);
		if (r)
			return done ? (long)done : r;
	}
}

long unix_recvmsg(struct file *f, struct msghdr *msg, int flags)
{
	struct unix_sock *s = sock_of(f);
	long want = iov_total(msg);
	if (want < 0)
		return want;
	if (flags & MSG_OOB)
		return -EOPNOTSUPP;
	struct unix_recv_extra x = {0};
	struct unix_msg *freed = NULL;
	msg->msg_flags = 0;
	unsigned long lf = spin_lock(&unix_q.lock);
	long r = recv_locked(f, msg, (size_t)want, flags, &x, &freed);
	struct unix_sock *sender = s->peer;
	bool passcred = s->passcred;
	if (freed && sender)
		notify(sender, FILE_POLL_OUT);
	if (freed && !connection_type(s)) {
		for (struct unix_sock *t = unix_all; t; t = t->next_all)
			if (t->peer == s)
				notify(t, FILE_POLL_OUT);
	}
	spin_unlock(&unix_q.lock, lf);
	while (freed) {
		struct unix_msg *next = freed->next;
		msg_free(freed);
		freed = next;
	}
	size_t used = 0;
	if (r >= 0 && passcred) {
		struct ucred c = {PROGRAM_PID, 0, 0};
		put_cmsg(msg, &used, SCM_CREDENTIALS, x.has_cred ? &x.cred : &c,
			 sizeof(c));
	}
	if (x.nfiles)
		give_files(msg, &used, x.files, x.nfiles, flags);
	else
		heap_free(x.files);
	msg->msg_controllen = msg->msg_control ? used : 0;
	if (msg->msg_name && r >= 0) {
		socklen_t len = msg->msg_namelen;
		if (x.from.len) /* an unbound sender has no name: 0 */
			copy_name_out(&x.from, msg->msg_name, &len);
		msg->msg_namelen = x.from.len ? len : 0;
	}
	return r;
}

/* ---- Options ---- */

static int buf_size(int v)
{
	long d = v < 0 ? 0 : 2L * (v > UNIX_BUF_DEFAULT ? UNIX_BUF_DEFAULT : v);
	return d < UNIX_BUF_MIN ? UNIX_BUF_MIN : (int)d;
}

static int timeout_set(uint64_t *ns, const void *val, socklen_t len)
{
	if (len < sizeof(struct timeval))
		return -EINVAL;
	const struct timeval *tv = val;
	if (tv->tv_usec < 0 || tv->tv_usec >= 1000000)
		return -EDOM;
	if (tv->tv_sec < 0)
		*ns = 0;
	else
		*ns = (uint64_t)tv->tv_sec * NSEC_PER_SEC + tv->tv_usec * 1000;
	return 0;
}

int unix_setsockopt(struct file *f, int name, const void *val, socklen_t len)
{
	struct unix_sock *s = sock_of(f);
	if (name == SO_RCVTIMEO || name == SO_SNDTIMEO)
		return timeout_set(name == SO_RCVTIMEO ? &s->rcvtimeo
						       : &s->sndtimeo,
				   val, len);
	if (len < sizeof(int))
		return -EINVAL;
	int v = *(const int *)val;
	unsigned long flags = spin_lock(&unix_q.lock);
	int r = 0;
	switch (name) {
	case SO_SNDBUF:
		s->sndbuf = buf_size(v);
		break;
	case SO_RCVBUF:
		s->rcvbuf = buf_size(v);
		break;
	case SO_REUSEADDR:
		s->reuseaddr = v != 0;
		break;
	case SO_KEEPALIVE:
		s->keepalive = v != 0;
		break;
	case SO_PASSCRED:
		s->passcred = v != 0;
		break;
	default:
		r = -ENOPROTOOPT;
	}
	changed();
	spin_unlock(&unix_q.lock, flags);
	notify(s, FILE_POLL_OUT);
	return r;
}

static void timeout_get(uint64_t ns, struct timeval *tv)
{
	tv->tv_sec = (time_t)(ns / NSEC_PER_SEC);
	tv->tv_usec = (suseconds_t)(ns % NSEC_PER_SEC / 1000);
}

/* The value of option name into out (*size its bytes). */
static int option(struct unix_sock *s, int name, void *out, size_t *size)
{
	int *v = out;
	*size = sizeof(int);
	switch (name) {
	case SO_TYPE:
		return *v = s->type, 0;
	case SO_DOMAIN:
		return *v = AF_UNIX, 0;
	case SO_PROTOCOL:
	case SO_ERROR:
		return *v = 0, 0;
	case SO_ACCEPTCONN:
		return *v = s->state == UNIX_LISTENING, 0;
	case SO_SNDBUF:
		return *v = s->sndbuf, 0;
	case SO_RCVBUF:
		return *v = s->rcvbuf, 0;
	case SO_REUSEADDR:
		return *v = s->reuseaddr, 0;
	case SO_KEEPALIVE:
		return *v = s->keepalive, 0;
	case SO_PASSCRED:
		return *v = s->passcred, 0;
	case SO_PEERCRED:
		*size = sizeof(struct ucred);
		*(struct ucred *)out =
		    s->peer ? (struct ucred){PROGRAM_PID, 0, 0}
			    : (struct ucred){0, (uid_t)-1, (gid_t)-1};
		return 0;
	case SO_RCVTIMEO:
	case SO_SNDTIMEO:
		*size = sizeof(struct timeval);
		timeout_get(name == SO_RCVTIMEO ? s->rcvtimeo : s->sndtimeo,
			    out);
		return 0;
	}
	return -ENOPROTOOPT;
}

int unix_getsockopt(struct file *f, int name, void *val, socklen_t *len)
{
	union {
		int i;
		struct ucred cred;
		struct timeval tv;
	} u;
	size_t size;
	unsigned long flags = spin_lock(&unix_q.lock);
	int r = option(sock_of(f), name, &u, &size);
	spin_unlock(&unix_q.lock, flags);
	if (r)
		return r;
	if (*len > size)
		*len = size;
	memcpy(val, &u, *len);
	return 0;
}

/* ---- The file ---- */

static long unix_read(struct file *f, void *buf, size_t len, uint64_t *off)
{
	(void)off;
	struct iovec iov = {buf, len};
	struct msghdr msg = {.msg_iov = &iov, .msg_iovlen = 1};
	return unix_recvmsg(f, &msg, 0);
}

static long unix_write(struct file *f, const void *buf, size_t len,
		       uint64_t *off)
{
	(void)off;
	struct iovec iov = {(void *)buf, len};
	struct msghdr msg = {.msg_iov = &iov, .msg_iovlen = 1};
	return unix_sendmsg(f, &msg, 0);
}

static int unix_stat(struct file *f, struct vfs_attr *attr)
{
	memset(attr, 0, sizeof(*attr));
	attr->mode = VFS_IFSOCK | 0777;
	attr->nlink = 1;
	attr->ino = sock_of(f)->ino;
	attr->blksize = 4096;
	return 0;
}

static int unix_ioctl(struct file *f, unsigned long cmd, void *arg)
{
	struct unix_sock *s = sock_of(f);
	if (cmd != FIONREAD)
		return -ENOTTY;
	unsigned long flags = spin_lock(&unix_q.lock);
	size_t n = 0;
	for (struct unix_msg *m = s->rq; m; m = m->next) {
		n += m->len - m->off;
		if (s->type != SOCK_STREAM)
			break;
	}
	spin_unlock(&unix_q.lock, flags);
	*(int *)arg = (int)n;
	return 0;
}

/* Writable: a message of UNIX_BUF_MIN bytes would go without waiting. */
static bool writable(const struct unix_sock *s)
{
	const struct unix_sock *to = s->peer;
	if (!to)
		return !connection_type(s);
	return room(to) >= UNIX_BUF_MIN || (to->rq_bytes == 0);
}

static unsigned unix_poll(struct file *f)
{
	struct unix_sock *s = sock_of(f);
	unsigned ready = 0;
	unsigned long flags = spin_lock(&unix_q.lock);
	if (s->rq || s->pending || input_ended(s))
		ready |= FILE_POLL_IN;
	if (output_ended(s) || writable(s))
		ready |= FILE_POLL_OUT;
	if (connection_type(s) && s->state == UNIX_IDLE)
		ready |= FILE_POLL_HUP;
	if (input_ended(s) && output_ended(s))
		ready |= FILE_POLL_HUP;
	spin_unlock(&unix_q.lock, flags);
	return ready;
}

static const struct file_ops unix_ops = {
    .read = unix_read,
    .write = unix_write,
    .stat = unix_stat,
    .ioctl = unix_ioctl,
    .close = unix_close,
    .poll = unix_poll,
};
