/*
 * The data of AF_UNIX sockets: sendmsg queues messages on the
 * receiver (a stream's in chunks of what fits, a datagram's whole),
 * recvmsg takes them off with the descriptors and credentials they
 * carry.  The copies between the caller's iovecs and a message are
 * made outside the lock going in, under it coming out.
 */
#include <fcntl.h>
#include <string.h>

#include "mm.h"
#include "socket_impl.h"
#include "uaccess.h"
#include "unix_impl.h"

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

/* The message of msg's bytes [at, at + n), or NULL with *err set. */
static struct unix_msg *msg_new(const struct msghdr *msg, size_t at, size_t n,
				long *err)
{
	struct unix_msg *m = heap_alloc(sizeof(*m) + n);
	if (!m) {
		*err = -ENOMEM;
		return NULL;
	}
	memset(m, 0, sizeof(*m));
	m->len = n;
	if (socket_iov_copy(msg, at, m->data, n, false) == n)
		return m;
	heap_free(m);
	*err = -EFAULT;
	return NULL;
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
		*to = unix_bound_to(n, vn);
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
	long total = socket_iov_total(msg);
	if (total < 0)
		return total;
	struct unix_name n = {0};
	struct vnode *vn = NULL;
	if (msg->msg_name && !connection_type(s)) {
		int r = unix_resolve(msg->msg_name, msg->msg_namelen, &n, &vn);
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
		r = socket_iov_prepare(msg, done, n_bytes, false);
		if (r)
			break;
		struct unix_msg *m = msg_new(msg, done, n_bytes, &r);
		if (!m)
			break;
		if (done == 0)
			r = take_control(msg, m);
		if (!r)
			r = deliver(f, &n, vn, m, flags, &queued);
		if (r) {
			unix_msg_free(m);
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
	/* the control buffer is the program's: a bad one is cut */
	char *c = (char *)msg->msg_control + *used;
	struct cmsghdr h = {.cmsg_len = CMSG_LEN(len),
			    .cmsg_level = SOL_SOCKET,
			    .cmsg_type = type};
	if (put_program(c, &h, sizeof(h)) ||
	    put_program(c + CMSG_LEN(0), data, len)) {
		msg->msg_flags |= MSG_CTRUNC;
		return false;
	}
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
	/* descriptors the program cannot be told of are closed */
	if (got && !put_cmsg(msg, used, SCM_RIGHTS, fds, got * sizeof(int)))
		for (int i = 0; i < got; i++)
			fd_close(fds[i]);
}

/* What a read hands the caller besides the bytes, taken under the lock. */
struct unix_recv_extra {
	struct file **files;
	int nfiles;
	bool passcred; /* the receiver's SO_PASSCRED */
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
		/* unmapped by another thread since prepare_recv(): kept */
		if (socket_iov_copy(msg, 0, m->data, n, true) < n)
			return -EFAULT;
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
		size_t got = socket_iov_copy(msg, done + copied,
					     m->data + m->off, n, true);
		if (got < n) {
			/* what is not copied stays queued */
			if (!peek)
				m->off += got;
			copied += got;
			return done + copied ? (long)copied : -EFAULT;
		}
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

/*
 * Takes what is queued into msg's iovecs from byte done on, up to want,
 * waiting as the flags say; the bytes taken in all (done included), or
 * an error when none.  Lock held.
 */
static long recv_locked(struct file *f, struct msghdr *msg, size_t done,
			size_t want, int flags, uint64_t deadline,
			struct unix_recv_extra *x, struct unix_msg **freed)
{
	struct unix_sock *s = sock_of(f);
	bool nonblock = (f->flags & O_NONBLOCK) || (flags & MSG_DONTWAIT);
	bool waitall = (flags & MSG_WAITALL) && s->type == SOCK_STREAM &&
		       !(flags & MSG_PEEK);
	for (;;) {
		if (s->rq) {
			long r = take_data(s, msg, done, want, flags, x, freed);
			if (s->type != SOCK_STREAM || r < 0)
				return r;
			done += (size_t)r;
			/* none taken: what is next starts a read of its own */
			if (done == want || !waitall || x->nfiles || !r)
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

/*
 * The queue is copied to msg's iovecs under the lock: their pages are
 * made present first, as much as one round may fill.  A stream read
 * goes a chunk at a time (without MSG_WAITALL one chunk at most, a
 * short read), so that a big buffer is not faulted in whole for a few
 * bytes; a datagram is no larger than a send buffer.  Where the round
 * that starts at done may end, or -EFAULT.
 */
static long prepare_recv(const struct unix_sock *s, const struct msghdr *msg,
			 size_t done, size_t want)
{
	bool stream = s->type == SOCK_STREAM;
	size_t most = stream ? UNIX_CHUNK : 2 * (size_t)SOCKET_BUF_MAX;
	size_t n = want - done < most ? want - done : most;
	int r = socket_iov_prepare(msg, done, n, true);
	return r ? r : (long)(stream ? done + n : want);
}

/* One round of a read: recv_locked with the lock, the sender told. */
static long recv_round(struct file *f, struct msghdr *msg, size_t done,
		       size_t want, int flags, uint64_t deadline,
		       struct unix_recv_extra *x)
{
	struct unix_sock *s = sock_of(f);
	struct unix_msg *freed = NULL;
	unsigned long lf = spin_lock(&unix_q.lock);
	long r = recv_locked(f, msg, done, want, flags, deadline, x, &freed);
	x->passcred = s->passcred;
	if (freed && s->peer)
		notify(s->peer, FILE_POLL_OUT);
	if (freed && !connection_type(s)) {
		for (struct unix_sock *t = unix_all; t; t = t->next_all)
			if (t->peer == s)
				notify(t, FILE_POLL_OUT);
	}
	spin_unlock(&unix_q.lock, lf);
	while (freed) {
		struct unix_msg *next = freed->next;
		unix_msg_free(freed);
		freed = next;
	}
	return r;
}

long unix_recvmsg(struct file *f, struct msghdr *msg, int flags)
{
	struct unix_sock *s = sock_of(f);
	long want = socket_iov_total(msg);
	if (want < 0)
		return want;
	if (flags & MSG_OOB)
		return -EOPNOTSUPP;
	struct unix_recv_extra x = {0};
	uint64_t deadline = deadline_of(s->rcvtimeo);
	bool rounds = s->type == SOCK_STREAM && (flags & MSG_WAITALL) &&
		      !(flags & MSG_PEEK);
	msg->msg_flags = 0;
	size_t done = 0;
	long r;
	do {
		long end = prepare_recv(s, msg, done, (size_t)want);
		if (end < 0) {
			r = done ? (long)done : end;
			break;
		}
		r = recv_round(f, msg, done, (size_t)end, flags, deadline, &x);
		if (r < end)
			break; /* an error, the end, a read cut short */
		done = (size_t)r;
	} while (rounds && done < (size_t)want && !x.nfiles);
	size_t used = 0;
	if (r >= 0 && x.passcred) {
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
		/* an unbound sender has no name: 0 */
		if (x.from.len && unix_name_out(&x.from, msg->msg_name, &len))
			r = -EFAULT; /* the bytes taken are lost, as Linux */
		msg->msg_namelen = x.from.len ? len : 0;
	}
	return r;
}
