/*
 * TCP data: sendmsg and recvmsg through a bounce buffer of at most
 * TCP_SOCK_CHUNK bytes (tcp_sock.h says why), the application's side
 * of each copy outside the lock.  A blocking send queues everything
 * (waiting for room) unless interrupted, timed out or failed, and then
 * returns the count queued if any; a receive returns what is there,
 * waiting only for the first byte, or for all with MSG_WAITALL.  A
 * destination given to sendto is ignored, as Linux's TCP does.
 */
#include <errno.h>
#include <fcntl.h>

#include "clock.h"
#include "mm.h"
#include "tcp_sock.h"
#include "uaccess.h"

int tcp_sock_take_error(struct tcp_sock *s)
{
	int e = s->error;
	s->error = 0;
	return e ? e : tcp_take_error(s->conn);
}

/* Queues up to n bytes of buf, waiting for room unless nonblock. */
static long send_chunk(struct tcp_sock *s, const void *buf, size_t n,
		       bool nonblock, uint64_t deadline)
{
	long r;
	unsigned long fl = ip4_lock();
	for (;;) {
		r = s->error ? -tcp_sock_take_error(s)
			     : tcp_send(s->conn, buf, n, clock_monotonic());
		tcp_sock_kick();
		if (r != -EAGAIN || nonblock || (r = ip4_wait(deadline)))
			break;
	}
	ip4_unlock(fl);
	loopback_deliver();
	return r == -ENOTCONN ? -EPIPE : r; /* Linux's, never connected */
}

long tcp_sock_sendmsg(struct file *f, const struct msghdr *msg, int flags)
{
	struct tcp_sock *s = tcp_sock_of(f);
	long total = socket_iov_total(msg);
	if (total < 0)
		return total;
	bool nonblock = (f->flags & O_NONBLOCK) || (flags & MSG_DONTWAIT);
	uint64_t deadline = tcp_sock_deadline(s->sndtimeo);
	size_t size = total < TCP_SOCK_CHUNK ? (size_t)total : TCP_SOCK_CHUNK;
	uint8_t *buf = heap_alloc(size ? size : 1);
	if (!buf)
		return -ENOBUFS;
	size_t done = 0;
	long r = 0;
	do {
		size_t n =
		    (size_t)total - done < size ? (size_t)total - done : size;
		/* EFAULT for a bad buffer, as Linux, not a fault */
		if (socket_iov_prepare(msg, done, n, false)) {
			r = -EFAULT;
			break;
		}
		if (socket_iov_copy(msg, done, buf, n, false) < n) {
			r = -EFAULT;
			break;
		}
		r = send_chunk(s, buf, n, nonblock, deadline);
		if (r == -EAGAIN && n == 0)
			r = 0; /* nothing to queue on a connection */
		if (r > 0)
			done += (size_t)r;
	} while (r > 0 && done < (size_t)total);
	heap_free(buf);
	return done ? (long)done : r;
}

/*
 * Takes up to n bytes into buf, waiting for some if wait; the lock
 * not held.  0 at the end of the stream (or with nothing and !wait).
 */
static long recv_chunk(struct tcp_sock *s, void *buf, size_t n, int flags,
		       bool wait, uint64_t deadline)
{
	int peek = flags & MSG_PEEK ? TCP_RECV_PEEK : 0;
	long r;
	unsigned long fl = ip4_lock();
	for (;;) {
		r = s->error
			? -tcp_sock_take_error(s)
			: tcp_recv(s->conn, buf, n, peek, clock_monotonic());
		tcp_sock_kick();
		if (r != -EAGAIN || !wait || (r = ip4_wait(deadline)))
			break;
	}
	ip4_unlock(fl);
	return r;
}

/* An error after bytes were copied waits for the next call, as Linux's. */
static void keep_error(struct tcp_sock *s, long r)
{
	if (r == -EAGAIN || r == -EINTR || r == -EFAULT)
		return; /* the call's, not the connection's */
	unsigned long fl = ip4_lock();
	if (!s->error)
		s->error = (int)-r;
	ip4_unlock(fl);
}

long tcp_sock_recvmsg(struct file *f, struct msghdr *msg, int flags)
{
	struct tcp_sock *s = tcp_sock_of(f);
	long want = socket_iov_total(msg);
	if (want < 0)
		return want;
	if (flags & MSG_OOB)
		return -EINVAL; /* no urgent data (tcp_core.h) */
	msg->msg_flags = 0;
	msg->msg_controllen = 0;
	if (msg->msg_name)
		msg->msg_namelen = 0; /* a stream names no sender */
	if (!want)
		return 0;
	bool nonblock = (f->flags & O_NONBLOCK) || (flags & MSG_DONTWAIT);
	bool waitall = (flags & MSG_WAITALL) && !(flags & MSG_PEEK);
	uint64_t deadline = tcp_sock_deadline(s->rcvtimeo);
	size_t size = want < TCP_SOCK_CHUNK ? (size_t)want : TCP_SOCK_CHUNK;
	uint8_t *buf = heap_alloc(size ? size : 1);
	if (!buf)
		return -ENOBUFS;
	size_t done = 0;
	long r;
	do {
		size_t n =
		    (size_t)want - done < size ? (size_t)want - done : size;
		bool wait = !nonblock && (!done || waitall);
		/*
		 * Before the bytes are taken, which a failed copy could not
		 * put back: a bad buffer loses none, even one vm_prepare()
		 * passes (the kernel's text, a guard page).
		 */
		if (socket_iov_probe_write(msg, done, n)) {
			r = -EFAULT;
			break;
		}
		r = recv_chunk(s, buf, n, flags, wait, deadline);
		if (r > 0) {
			/* unmapped since the probe: those bytes are lost */
			size_t got =
			    socket_iov_copy(msg, done, buf, (size_t)r, true);
			done += got;
			if (got < (size_t)r)
				r = -EFAULT;
		}
	} while (r > 0 && done < (size_t)want && !(flags & MSG_PEEK));
	heap_free(buf);
	if (done && r < 0)
		keep_error(s, r);
	return done ? (long)done : r;
}
