/*
 * TCP sockets: the glue between the AF_INET family (inet_sock.h) and
 * the TCP engine (tcp_core.h).  What its files share: tcp_stack.c (the
 * kernel's one engine on the stack: the wire, routes, ISNs, the timer,
 * ICMP errors), tcp_socket.c (the calls but data and options),
 * tcp_data.c (sendmsg, recvmsg), tcp_sockopt.c (options) and
 * tcp_isn.c (initial sequence numbers).
 *
 * Every engine call is made under the stack's lock (ip4.h), and is
 * followed by tcp_sock_kick(), which re-arms the engine's timer.
 * Application bytes cross the lock through a kernel bounce buffer of at
 * most TCP_SOCK_CHUNK bytes: the copy from or to the application's
 * memory (which may fault) happens outside the lock, and the lock is
 * held for one bounded copy between the bounce buffer and the engine's
 * rings.
 */
#ifndef KERNEL_NET_TCP_SOCK_H
#define KERNEL_NET_TCP_SOCK_H

#include <netinet/in.h>
#include <stdbool.h>
#include <stdint.h>

#include "clock.h"
#include "fd.h"
#include "inet_sock.h"
#include "ip4.h"
#include "tcp_core.h"

#define TCP_SOCK_CHUNK (32 * 1024)
/*
 * At power-off (power_hooks.h), before the interfaces drain: every open
 * connection gets its FIN (tcp_finish_all()), and the power-off waits
 * up to TCP_SOCK_DRAIN_MS, the timers running, until those that owed
 * their peer data or a FIN (tcp_owing()) have it acknowledged.
 */
#define TCP_SOCK_DRAIN_MS 2000u

struct tcp_sock {
	struct inet_sock_head head;
	struct tcp_conn *conn; /* never NULL while the socket is open */
	/*
	 * An error of the glue's, returned before the engine's (positive
	 * errno): one the engine gave after a recv had already copied
	 * bytes.
	 */
	int error;
	bool connecting; /* a connect() started and not yet reported */
	uint64_t rcvtimeo, sndtimeo; /* ns; 0: none */
	uint64_t ino;
	struct file_poll_src poll;
};

static inline struct tcp_sock *tcp_sock_of(struct file *f)
{
	return f->data;
}

/* The deadline of a wait from now (SO_RCVTIMEO, SO_SNDTIMEO; 0: none). */
static inline uint64_t tcp_sock_deadline(uint64_t timeout)
{
	return timeout ? clock_monotonic() + timeout : THREAD_NO_DEADLINE;
}

/* ---- tcp_stack.c ---- */

/* The kernel's engine, or NULL before tcp_sock_init(). */
extern struct tcp_engine *tcp_sock_engine;

/*
 * Registers TCP with the stack (from ip4_start(), before any frame
 * comes in): until tcp_sock_init() segments get a closed port's reset.
 * 0 or -ENOSPC.
 */
int tcp_sock_register(void);
/*
 * Creates the engine, once, after ip4_start(); the lock not held.  0
 * or -ENOMEM.
 */
int tcp_sock_init(void);
/* Re-arms the engine's timer; after every engine call, the lock held. */
void tcp_sock_kick(void);
/* The FILE_POLL_* events s is ready for, the lock held. */
unsigned tcp_sock_events(const struct tcp_sock *s);

/* ---- tcp_isn.c ---- */

/* Draws the ISN secret from entropy.h; once, the lock not held. */
void tcp_isn_init(void);
/*
 * RFC 6528's initial sequence number: a keyed hash (SipHash-2-4) of
 * the 4-tuple plus the clock in 4 us units.
 */
uint32_t tcp_isn(uint32_t laddr, uint16_t lport, uint32_t raddr, uint16_t rport,
		 uint64_t now);

/* ---- tcp_data.c ---- */

long tcp_sock_sendmsg(struct file *f, const struct msghdr *msg, int flags);
long tcp_sock_recvmsg(struct file *f, struct msghdr *msg, int flags);
/* The pending error (SO_ERROR), the glue's first; clears it. */
int tcp_sock_take_error(struct tcp_sock *s);

/* ---- tcp_sockopt.c ---- */

int tcp_sock_setsockopt(struct file *f, int level, int name, const void *val,
			socklen_t len);
int tcp_sock_getsockopt(struct file *f, int level, int name, void *val,
			socklen_t *len);

#endif
