/*
 * What the two files of AF_UNIX share: unix_socket.c (sockets, names,
 * connections, options, the file) and unix_data.c (the queues: send and
 * receive).  See unix_socket.c for the design.  Everything here is
 * under unix_q's lock unless said otherwise.
 */
#ifndef KERNEL_FS_UNIX_IMPL_H
#define KERNEL_FS_UNIX_IMPL_H

#include <errno.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/socket.h>
#include <sys/un.h>

#include "clock.h"
#include "fd.h"
#include "thread.h"
#include "vfs.h"

#define UNIX_BUF_DEFAULT 212992 /* Linux's default SO_SNDBUF/SO_RCVBUF */
#define UNIX_BUF_MIN 4608
#define UNIX_MSG_COST 256
#define UNIX_CHUNK (64 * 1024)
#define UNIX_MAX_FDS 253 /* SCM_MAX_FD */
#define UNIX_PATH_OFF offsetof(struct sockaddr_un, sun_path)
#define PROGRAM_PID 1 /* what getpid() says (libc/misc/ids.c) */

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
	bool bound;	  /* the name is its own, not its listener's */
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

/* Guards every socket, queue and name; its waiters wait for any change. */
extern struct waitq unix_q;
/* Every socket, embryos included. */
extern struct unix_sock *unix_all;

static inline struct unix_sock *sock_of(struct file *f)
{
	return f->data;
}

static inline bool connection_type(const struct unix_sock *s)
{
	return s->type != SOCK_DGRAM;
}

static inline void notify(struct unix_sock *s, unsigned events)
{
	if (s)
		file_poll_notify(&s->poll, events);
}

/* Any change: waiters look again.  unix_q's lock held. */
static inline void changed(void)
{
	waitq_wake_locked(&unix_q, 1 << 30);
}

static inline int wait_until(uint64_t deadline)
{
	int r = waitq_wait_locked(&unix_q, deadline, true);
	return r == -ETIMEDOUT ? -EAGAIN : r;
}

static inline uint64_t deadline_of(uint64_t timeo)
{
	return timeo ? clock_monotonic() + timeo : THREAD_NO_DEADLINE;
}

static inline bool abstract(const struct unix_name *n)
{
	return n->len > UNIX_PATH_OFF && !n->addr.sun_path[0];
}

/* Nothing more will arrive (a connection's end): reads end at EOF. */
static inline bool input_ended(const struct unix_sock *s)
{
	if (s->rd_shut)
		return true;
	if (!connection_type(s) || s->state != UNIX_CONNECTED)
		return false;
	return !s->peer || s->peer->wr_shut;
}

static inline bool output_ended(const struct unix_sock *s)
{
	return s->wr_shut ||
	       (connection_type(s) && s->state == UNIX_CONNECTED &&
		(!s->peer || s->peer->rd_shut));
}

static inline size_t room(const struct unix_sock *to)
{
	size_t used = to->rq_bytes + UNIX_MSG_COST;
	return used < (size_t)to->rcvbuf ? to->rcvbuf - used : 0;
}

/* Frees a message and the references of the files it carries (no lock). */
void unix_msg_free(struct unix_msg *m);

/* The socket bound to n (or to vn, a path's file), or NULL. */
struct unix_sock *unix_bound_to(const struct unix_name *n,
				const struct vnode *vn);

/*
 * The name a connect or sendto gives, into *n, with its path's file in
 * *vn (referenced, for the caller to release; NULL for an abstract
 * name).  No lock.
 */
/* Sending and receiving (unix_data.c), as socket_impl.h's family has them. */
long unix_sendmsg(struct file *f, const struct msghdr *msg, int flags);
long unix_recvmsg(struct file *f, struct msghdr *msg, int flags);

int unix_resolve(const struct sockaddr *addr, socklen_t len,
		 struct unix_name *n, struct vnode **vn);

/*
 * Copies n out as getsockname does (*len: the room, then the length):
 * 0, or -EFAULT (addr may be the program's).
 */
int unix_name_out(const struct unix_name *n, struct sockaddr *addr,
		  socklen_t *len);

#endif
