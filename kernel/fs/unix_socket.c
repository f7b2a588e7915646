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
 *
 * This file makes, names, connects and closes sockets, and holds their
 * options and their file; unix_data.c sends and receives.
 */
#include <fcntl.h>
#include <stddef.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <sys/un.h>

#include "config.h"
#include "mm.h"
#include "netdev.h"
#include "socket_impl.h"
#include "uaccess.h"
#include "unix_impl.h"
#include "vfs_impl.h"
#include "vm.h"

#define FIONREAD 0x541b

struct waitq unix_q = WAITQ_INIT;
struct unix_sock *unix_all;
static const struct file_ops unix_ops;

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

void unix_msg_free(struct unix_msg *m)
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

static int unix_create(int type, int protocol, bool nonblock, struct file **out)
{
	if (protocol != 0)
		return -EPROTONOSUPPORT;
	if (type == SOCK_RAW) /* Linux's AF_UNIX takes it for SOCK_DGRAM */
		type = SOCK_DGRAM;
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

static int unix_pair(int type, int protocol, bool nonblock, struct file *out[2])
{
	int r = unix_create(type, protocol, nonblock, &out[0]);
	if (r)
		return r;
	r = unix_create(type, protocol, nonblock, &out[1]);
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
		unix_msg_free(queue);
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

static bool same_abstract(const struct unix_name *a, const struct unix_name *b)
{
	return abstract(a) && a->len == b->len &&
	       !memcmp(a->addr.sun_path, b->addr.sun_path,
		       a->len - UNIX_PATH_OFF);
}

/* The socket bound to n (or to vn, a path's file).  Lock held. */
struct unix_sock *unix_bound_to(const struct unix_name *n,
				const struct vnode *vn)
{
	for (struct unix_sock *t = unix_all; t; t = t->next_all) {
		if (t->bound && (vn ? t->vn && vfs_same(t->vn, vn)
				    : same_abstract(n, &t->name)))
			return t;
	}
	return NULL;
}

int unix_name_out(const struct unix_name *n, struct sockaddr *addr,
		  socklen_t *len)
{
	socklen_t full = n->len ? n->len : UNIX_PATH_OFF;
	struct sockaddr_un a = n->addr;
	a.sun_family = AF_UNIX;
	socklen_t room = *len;
	*len = full;
	return put_program(addr, &a, room < full ? room : full);
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
		if (r == 0)
			vfs_notify_entry(dir, nd.name, nd.len, false,
					 VFS_IN_CREATE, 0);
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
	} while (unix_bound_to(n, NULL));
}

static int unix_bind(struct file *f, const struct sockaddr *addr, socklen_t len)
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
	else if (!vn && unix_bound_to(&n, NULL))
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
int unix_resolve(const struct sockaddr *addr, socklen_t len,
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
	if (nd.vn->type != VFS_IFSOCK) {
		namei_done(&nd);
		return -ECONNREFUSED;
	}
	*vn = nd.vn;
	return 0;
}

static int unix_name(struct file *f, bool peer, struct sockaddr *addr,
		     socklen_t *len)
{
	struct unix_sock *s = sock_of(f);
	/* the caller's memory is not touched under the lock (vm_prepare) */
	struct unix_name name;
	unsigned long flags = spin_lock(&unix_q.lock);
	struct unix_sock *t = peer ? s->peer : s;
	if (t)
		name = t->name;
	spin_unlock(&unix_q.lock, flags);
	if (!t)
		return -ENOTCONN;
	return unix_name_out(&name, addr, len);
}

/* ---- Connections ---- */

static int unix_listen(struct file *f, int backlog)
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
		struct unix_sock *l = unix_bound_to(n, vn);
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
	struct unix_sock *t = unix_bound_to(n, vn);
	if (t && t->type != s->type)
		return abstract(n) ? -ECONNREFUSED : -EPROTOTYPE;
	if (!t)
		return -ECONNREFUSED;
	s->peer = t;
	s->peer_gone = false;
	return 0;
}

static int unix_connect(struct file *f, const struct sockaddr *addr,
			socklen_t len)
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
	int r = unix_resolve(addr, len, &n, &vn);
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

static int unix_accept(struct file *f, bool nonblock, struct file **out)
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

static int unix_shutdown(struct file *f, int how)
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

/* ---- Options ---- */

static int unix_setsockopt(struct file *f, int level, int name, const void *val,
			   socklen_t len)
{
	struct unix_sock *s = sock_of(f);
	if (level != SOL_SOCKET)
		return -EOPNOTSUPP;
	if (name == SO_RCVTIMEO || name == SO_SNDTIMEO)
		return socket_timeout_set(name == SO_RCVTIMEO ? &s->rcvtimeo
							      : &s->sndtimeo,
					  val, len);
	if (len < sizeof(int))
		return -EINVAL;
	int v = *(const int *)val;
	unsigned long flags = spin_lock(&unix_q.lock);
	int r = 0;
	switch (name) {
	case SO_SNDBUF:
		s->sndbuf = socket_buf_size(v, UNIX_BUF_MIN);
		break;
	case SO_RCVBUF:
		s->rcvbuf = socket_buf_size(v, UNIX_BUF_MIN);
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
		socket_timeout_get(
		    name == SO_RCVTIMEO ? s->rcvtimeo : s->sndtimeo, out);
		return 0;
	}
	return -ENOPROTOOPT;
}

static int unix_getsockopt(struct file *f, int level, int name, void *val,
			   socklen_t *len)
{
	if (level != SOL_SOCKET)
		return -EOPNOTSUPP;
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
	return socket_opt_out(val, len, &u, size);
}

/* ---- The file ---- */

static int unix_stat(struct file *f, struct vfs_attr *attr)
{
	return socket_file_stat(attr, sock_of(f)->ino);
}

static int unix_ioctl(struct file *f, unsigned long cmd, void *arg)
{
	struct unix_sock *s = sock_of(f);
	if (cmd != FIONREAD)
#if CONF_net
		return netdev_ioctl(cmd, arg);
#else
		return -ENOTTY;
#endif
	unsigned long flags = spin_lock(&unix_q.lock);
	size_t n = 0;
	for (struct unix_msg *m = s->rq; m; m = m->next) {
		n += m->len - m->off;
		if (s->type != SOCK_STREAM)
			break;
	}
	spin_unlock(&unix_q.lock, flags);
	int i = (int)n;
	return put_program(arg, &i, sizeof(i));
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
    .read = socket_file_read,
    .write = socket_file_write,
    .stat = unix_stat,
    .ioctl = unix_ioctl,
    .close = unix_close,
    .poll = unix_poll,
};

const struct socket_family unix_family = {
    .domain = AF_UNIX,
    .file_ops = &unix_ops,
    .create = unix_create,
    .pair = unix_pair,
    .bind = unix_bind,
    .connect = unix_connect,
    .listen = unix_listen,
    .accept = unix_accept,
    .sendmsg = unix_sendmsg,
    .recvmsg = unix_recvmsg,
    .shutdown = unix_shutdown,
    .name = unix_name,
    .setsockopt = unix_setsockopt,
    .getsockopt = unix_getsockopt,
};
