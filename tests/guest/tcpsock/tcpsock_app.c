/*
 * TCP over the loopback interface (tests/guest/tcpsock.test), built
 * against glibc's headers: echo between threads, megabytes byte-exact,
 * half-closes, refused and nonblocking connects, accept and the
 * backlog, port reuse after TIME_WAIT, resets from SO_LINGER {1, 0},
 * EPIPE and SIGPIPE, MSG_PEEK and MSG_WAITALL, timeouts, poll and
 * epoll, names and options, ICMP port unreachable ending a connect,
 * no reset, port unreachable or echo reply to a martian source.
 */
#define _GNU_SOURCE /* accept4, POLLRDHUP */
#include <arpa/inet.h>
#include <fcntl.h>
#include <net/if.h>
#include <netpacket/packet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#include "../app_check.h"

#define SIOCOUTQ_ 0x5411

static struct sockaddr_in loopback(uint16_t port)
{
	struct sockaddr_in a = {.sin_family = AF_INET,
				.sin_port = htons(port),
				.sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
	return a;
}

/* A listener on 127.0.0.1 and an ephemeral port, in *a. */
static int listener(struct sockaddr_in *a, int backlog)
{
	int fd = socket(AF_INET, SOCK_STREAM, 0);
	struct sockaddr_in b = loopback(0);
	socklen_t len = sizeof(*a);
	if (fd < 0 || bind(fd, (struct sockaddr *)&b, sizeof(b)) ||
	    listen(fd, backlog) || getsockname(fd, (struct sockaddr *)a, &len))
		return -1;
	return fd;
}

static int connect_to(const struct sockaddr_in *a)
{
	int fd = socket(AF_INET, SOCK_STREAM, 0);
	if (fd < 0 || connect(fd, (const struct sockaddr *)a, sizeof(*a)))
		return -1;
	return fd;
}

/* A connected pair through a listener that is closed again. */
static int pair(int fds[2])
{
	struct sockaddr_in a;
	int l = listener(&a, 4);
	fds[0] = connect_to(&a);
	fds[1] = accept(l, NULL, NULL);
	close(l);
	return fds[0] >= 0 && fds[1] >= 0 ? 0 : -1;
}

static short revents(int fd, short events, int timeout)
{
	struct pollfd p = {fd, events, 0};
	return poll(&p, 1, timeout) == 1 ? p.revents : 0;
}

static uint64_t now_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

static int sockopt(int fd, int level, int name)
{
	int v = -1;
	socklen_t len = sizeof(v);
	return getsockopt(fd, level, name, &v, &len) ? -1 : v;
}

static void test_basics(void)
{
	int fd = socket(AF_INET, SOCK_STREAM, 0);
	CHECK("socket_stream", fd >= 0);
	CHECK("socket_ipproto_tcp",
	      close(socket(AF_INET, SOCK_STREAM, IPPROTO_TCP)) == 0);
	errno = 0;
	CHECK("stream_udp_eprotonosupport",
	      socket(AF_INET, SOCK_STREAM, IPPROTO_UDP) == -1 &&
		  errno == EPROTONOSUPPORT);
	CHECK("so_type", sockopt(fd, SOL_SOCKET, SO_TYPE) == SOCK_STREAM);
	CHECK("so_domain", sockopt(fd, SOL_SOCKET, SO_DOMAIN) == AF_INET);
	CHECK("so_protocol",
	      sockopt(fd, SOL_SOCKET, SO_PROTOCOL) == IPPROTO_TCP);
	CHECK("so_acceptconn_0", sockopt(fd, SOL_SOCKET, SO_ACCEPTCONN) == 0);
	CHECK("fresh_poll_out_hup",
	      revents(fd, POLLIN | POLLOUT, 0) == (POLLOUT | POLLHUP));
	struct sockaddr_in a;
	socklen_t len = sizeof(a);
	CHECK("unbound_name_any",
	      getsockname(fd, (struct sockaddr *)&a, &len) == 0 &&
		  a.sin_family == AF_INET && a.sin_port == 0 &&
		  a.sin_addr.s_addr == 0 && len == sizeof(a));
	errno = 0;
	CHECK("getpeername_enotconn",
	      getpeername(fd, (struct sockaddr *)&a, &len) == -1 &&
		  errno == ENOTCONN);
	char c;
	errno = 0;
	CHECK("send_unconnected_epipe",
	      send(fd, "x", 1, MSG_NOSIGNAL) == -1 && errno == EPIPE);
	errno = 0;
	CHECK("recv_unconnected_enotconn",
	      recv(fd, &c, 1, 0) == -1 && errno == ENOTCONN);
	struct sockaddr_in b = loopback(0);
	b.sin_addr.s_addr = inet_addr("10.9.9.9");
	errno = 0;
	CHECK("bind_eaddrnotavail",
	      bind(fd, (struct sockaddr *)&b, sizeof(b)) == -1 &&
		  errno == EADDRNOTAVAIL);
	b = loopback(0);
	CHECK("bind_ephemeral",
	      bind(fd, (struct sockaddr *)&b, sizeof(b)) == 0);
	len = sizeof(a);
	CHECK("bound_name", getsockname(fd, (struct sockaddr *)&a, &len) == 0 &&
				ntohs(a.sin_port) >= 32768 &&
				a.sin_addr.s_addr == htonl(INADDR_LOOPBACK));
	errno = 0;
	CHECK("bind_twice_einval",
	      bind(fd, (struct sockaddr *)&b, sizeof(b)) == -1 &&
		  errno == EINVAL);
	errno = 0;
	CHECK("bind_short_einval",
	      bind(fd, (struct sockaddr *)&b, 4) == -1 && errno == EINVAL);
	CHECK("listen", listen(fd, 4) == 0);
	CHECK("so_acceptconn_1", sockopt(fd, SOL_SOCKET, SO_ACCEPTCONN) == 1);
	int other = socket(AF_INET, SOCK_STREAM, 0);
	errno = 0;
	CHECK("bind_eaddrinuse",
	      bind(other, (struct sockaddr *)&a, sizeof(a)) == -1 &&
		  errno == EADDRINUSE);
	struct sockaddr_in any = a;
	any.sin_addr.s_addr = 0;
	errno = 0;
	CHECK("bind_any_eaddrinuse",
	      bind(other, (struct sockaddr *)&any, sizeof(any)) == -1 &&
		  errno == EADDRINUSE);
	close(other);
	fcntl(fd, F_SETFL, O_NONBLOCK);
	errno = 0;
	CHECK("accept_o_nonblock_eagain",
	      accept(fd, NULL, NULL) == -1 && errno == EAGAIN);
	close(fd);
}

struct echo_arg {
	int listener;
	struct sockaddr_in peer;
	socklen_t peer_len;
};

/* Accepts one connection and echoes it until its end. */
static void *echo_server(void *p)
{
	struct echo_arg *e = p;
	e->peer_len = sizeof(e->peer);
	int fd = accept(e->listener, (struct sockaddr *)&e->peer, &e->peer_len);
	char buf[4096];
	ssize_t n;
	while (fd >= 0 && (n = read(fd, buf, sizeof(buf))) > 0)
		if (write(fd, buf, (size_t)n) != n)
			break;
	close(fd);
	return NULL;
}

static void test_echo(void)
{
	struct echo_arg e;
	struct sockaddr_in a;
	e.listener = listener(&a, 4);
	CHECK("echo_listener", e.listener >= 0);
	pthread_t t;
	pthread_create(&t, NULL, echo_server, &e);
	int fd = connect_to(&a);
	CHECK("echo_connect", fd >= 0);
	char buf[64] = {0};
	CHECK("echo_write", write(fd, "hello, tcp", 10) == 10);
	size_t got = 0;
	ssize_t n;
	while (got < 10 && (n = read(fd, buf + got, 10 - got)) > 0)
		got += (size_t)n;
	CHECK("echo_read", got == 10 && !memcmp(buf, "hello, tcp", 10));
	struct sockaddr_in me, peer;
	socklen_t ml = sizeof(me), pl = sizeof(peer);
	CHECK("echo_names",
	      getsockname(fd, (struct sockaddr *)&me, &ml) == 0 &&
		  getpeername(fd, (struct sockaddr *)&peer, &pl) == 0 &&
		  peer.sin_port == a.sin_port &&
		  peer.sin_addr.s_addr == htonl(INADDR_LOOPBACK) &&
		  me.sin_addr.s_addr == htonl(INADDR_LOOPBACK) &&
		  ntohs(me.sin_port) >= 32768);
	shutdown(fd, SHUT_WR);
	CHECK("echo_eof", read(fd, buf, sizeof(buf)) == 0);
	pthread_join(t, NULL);
	CHECK("accept_peer_address",
	      e.peer_len == sizeof(e.peer) && e.peer.sin_family == AF_INET &&
		  e.peer.sin_port == me.sin_port &&
		  e.peer.sin_addr.s_addr == me.sin_addr.s_addr);
	close(fd);
	close(e.listener);
}

#define BULK (6u << 20)

static uint8_t pattern(size_t i)
{
	return (uint8_t)(i * 7 + (i >> 12));
}

static void *bulk_sender(void *p)
{
	int fd = *(int *)p;
	static uint8_t buf[100000]; /* not a divisor of anything */
	size_t sent = 0;
	while (sent < BULK) {
		size_t n =
		    BULK - sent < sizeof(buf) ? BULK - sent : sizeof(buf);
		for (size_t i = 0; i < n; i++)
			buf[i] = pattern(sent + i);
		ssize_t w = write(fd, buf, n);
		if (w <= 0)
			break;
		sent += (size_t)w;
	}
	shutdown(fd, SHUT_WR);
	return NULL;
}

static void test_bulk(void)
{
	int fds[2];
	CHECK("bulk_pair", pair(fds) == 0);
	pthread_t t;
	uint64_t t0 = now_ns();
	pthread_create(&t, NULL, bulk_sender, &fds[0]);
	static uint8_t buf[70000];
	size_t got = 0, bad = 0;
	ssize_t n;
	while ((n = read(fds[1], buf, sizeof(buf))) > 0) {
		for (ssize_t i = 0; i < n; i++)
			bad += buf[i] != pattern(got + (size_t)i);
		got += (size_t)n;
	}
	uint64_t ns = now_ns() - t0;
	pthread_join(t, NULL);
	CHECK("bulk_all_bytes", got == BULK);
	CHECK("bulk_byte_exact", bad == 0);
	printf("bulk: %u bytes in %llu ms: %llu KiB/s\n", BULK,
	       (unsigned long long)(ns / 1000000),
	       (unsigned long long)((uint64_t)BULK * 1000000000u / 1024 /
				    (ns ? ns : 1)));
	close(fds[0]);
	close(fds[1]);
}

static void test_halfclose(void)
{
	int fds[2];
	char buf[16];
	CHECK("half_pair", pair(fds) == 0);
	CHECK("half_shut_wr", shutdown(fds[0], SHUT_WR) == 0);
	CHECK("half_peer_rdhup",
	      (revents(fds[1], POLLIN | POLLRDHUP, 5000) &
	       (POLLIN | POLLRDHUP)) == (POLLIN | POLLRDHUP));
	CHECK("half_peer_eof", read(fds[1], buf, sizeof(buf)) == 0);
	CHECK("half_other_way", write(fds[1], "back", 4) == 4 &&
				    read(fds[0], buf, sizeof(buf)) == 4 &&
				    !memcmp(buf, "back", 4));
	errno = 0;
	CHECK("half_write_epipe",
	      send(fds[0], "x", 1, MSG_NOSIGNAL) == -1 && errno == EPIPE);
	CHECK("half_shut_second", shutdown(fds[1], SHUT_WR) == 0);
	CHECK("half_first_eof", read(fds[0], buf, sizeof(buf)) == 0);
	CHECK("half_both_hup", revents(fds[0], POLLIN, 5000) & POLLHUP);
	errno = 0;
	CHECK("shutdown_bad_how", shutdown(fds[0], 7) == -1 && errno == EINVAL);
	close(fds[0]);
	close(fds[1]);
	int fd = socket(AF_INET, SOCK_STREAM, 0);
	errno = 0;
	CHECK("shutdown_enotconn",
	      shutdown(fd, SHUT_RDWR) == -1 && errno == ENOTCONN);
	close(fd);
}

/* A port nobody listens on (one bound, never listening). */
static int closed_port(struct sockaddr_in *a, int *holder)
{
	*holder = socket(AF_INET, SOCK_STREAM, 0);
	struct sockaddr_in b = loopback(0);
	socklen_t len = sizeof(*a);
	return bind(*holder, (struct sockaddr *)&b, sizeof(b)) ||
	       getsockname(*holder, (struct sockaddr *)a, &len);
}

static void test_connect(void)
{
	struct sockaddr_in a;
	int holder;
	CHECK("closed_port", closed_port(&a, &holder) == 0);
	int fd = socket(AF_INET, SOCK_STREAM, 0);
	errno = 0;
	CHECK("connect_econnrefused",
	      connect(fd, (struct sockaddr *)&a, sizeof(a)) == -1 &&
		  errno == ECONNREFUSED);
	close(fd);

	fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
	errno = 0;
	CHECK("nb_refused_einprogress",
	      connect(fd, (struct sockaddr *)&a, sizeof(a)) == -1 &&
		  errno == EINPROGRESS);
	CHECK("nb_refused_pollerr", revents(fd, POLLOUT, 5000) & POLLERR);
	CHECK("nb_refused_so_error",
	      sockopt(fd, SOL_SOCKET, SO_ERROR) == ECONNREFUSED);
	CHECK("so_error_cleared", sockopt(fd, SOL_SOCKET, SO_ERROR) == 0);
	close(fd);

	/* as Linux: connect again reports the outcome, it does not retry */
	fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
	connect(fd, (struct sockaddr *)&a, sizeof(a));
	CHECK("nb_refused_pollerr_2", revents(fd, POLLOUT, 5000) & POLLERR);
	errno = 0;
	CHECK("nb_refused_connect_again",
	      connect(fd, (struct sockaddr *)&a, sizeof(a)) == -1 &&
		  errno == ECONNREFUSED);
	CHECK("nb_refused_error_taken", sockopt(fd, SOL_SOCKET, SO_ERROR) == 0);
	close(fd);
	close(holder);

	int l = listener(&a, 4);
	fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
	errno = 0;
	CHECK("nb_connect_einprogress",
	      connect(fd, (struct sockaddr *)&a, sizeof(a)) == -1 &&
		  errno == EINPROGRESS);
	CHECK("nb_connect_pollout",
	      (revents(fd, POLLOUT, 5000) & (POLLOUT | POLLERR)) == POLLOUT);
	CHECK("nb_connect_so_error_0", sockopt(fd, SOL_SOCKET, SO_ERROR) == 0);
	/* as Linux: the outcome once, then EISCONN */
	CHECK("nb_connect_again_0",
	      connect(fd, (struct sockaddr *)&a, sizeof(a)) == 0);
	errno = 0;
	CHECK("connect_eisconn",
	      connect(fd, (struct sockaddr *)&a, sizeof(a)) == -1 &&
		  errno == EISCONN);
	int c = accept(l, NULL, NULL);
	CHECK("nb_connect_accepted", c >= 0);
	close(c);
	close(fd);
	fd = connect_to(&a);
	errno = 0;
	CHECK("blocking_connect_eisconn",
	      fd >= 0 && connect(fd, (struct sockaddr *)&a, sizeof(a)) == -1 &&
		  errno == EISCONN);
	close(fd);
	close(l);
	struct sockaddr_in u = {.sin_family = AF_UNIX};
	fd = socket(AF_INET, SOCK_STREAM, 0);
	errno = 0;
	CHECK("connect_eafnosupport",
	      connect(fd, (struct sockaddr *)&u, sizeof(u)) == -1 &&
		  errno == EAFNOSUPPORT);
	close(fd);
}

struct acceptor {
	int listener, fd;
	struct sockaddr_in peer;
};

static void *blocking_accept(void *p)
{
	struct acceptor *x = p;
	socklen_t len = sizeof(x->peer);
	x->fd = accept4(x->listener, (struct sockaddr *)&x->peer, &len,
			SOCK_NONBLOCK);
	return NULL;
}

static void test_accept(void)
{
	struct sockaddr_in a;
	struct acceptor x = {.listener = listener(&a, 4), .fd = -1};
	pthread_t t;
	pthread_create(&t, NULL, blocking_accept, &x);
	int fd = connect_to(&a);
	pthread_join(t, NULL);
	struct sockaddr_in me;
	socklen_t len = sizeof(me);
	getsockname(fd, (struct sockaddr *)&me, &len);
	CHECK("blocking_accept", x.fd >= 0 && x.peer.sin_port == me.sin_port);
	CHECK("accept4_nonblock", (fcntl(x.fd, F_GETFL) & O_NONBLOCK) != 0);
	char c;
	errno = 0;
	CHECK("accepted_recv_eagain",
	      recv(x.fd, &c, 1, 0) == -1 && errno == EAGAIN);
	close(x.fd);
	close(fd);
	close(x.listener);

	/* backlog 1: one connection waits, the next SYN is dropped */
	int l = listener(&a, 1);
	int first = connect_to(&a);
	CHECK("backlog_first", first >= 0);
	CHECK("listener_pollin", revents(l, POLLIN, 5000) & POLLIN);
	int second = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
	connect(second, (struct sockaddr *)&a, sizeof(a));
	CHECK("backlog_second_waits", revents(second, POLLOUT, 300) == 0);
	int c1 = accept(l, NULL, NULL);
	CHECK("backlog_accept_first", c1 >= 0);
	CHECK("backlog_second_after_accept", (revents(second, POLLOUT, 10000) &
					      (POLLOUT | POLLERR)) == POLLOUT);
	int c2 = accept(l, NULL, NULL);
	CHECK("backlog_accept_second", c2 >= 0);
	close(c1);
	close(c2);
	close(first);
	close(second);
	close(l);

	struct timeval tv = {0, 200000};
	l = listener(&a, 1);
	setsockopt(l, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	uint64_t t0 = now_ns();
	errno = 0;
	CHECK("accept_rcvtimeo_eagain", accept(l, NULL, NULL) == -1 &&
					    errno == EAGAIN &&
					    now_ns() - t0 >= 150000000u);
	close(l);
	errno = 0;
	fd = socket(AF_INET, SOCK_STREAM, 0);
	CHECK("accept_unlistened_einval",
	      accept(fd, NULL, NULL) == -1 && errno == EINVAL);
	close(fd);
}

static void test_reuse(void)
{
	struct sockaddr_in a;
	int l = listener(&a, 4);
	int fds[2];
	fds[0] = connect_to(&a);
	fds[1] = accept(l, NULL, NULL);
	close(l);
	char c;
	/* the server's end closes first: its port stays in TIME_WAIT */
	close(fds[1]);
	CHECK("reuse_client_eof", read(fds[0], &c, 1) == 0);
	/* lingering, the close returns once the server's end has our FIN */
	struct linger lg = {1, 5};
	setsockopt(fds[0], SOL_SOCKET, SO_LINGER, &lg, sizeof(lg));
	close(fds[0]);
	int fd = socket(AF_INET, SOCK_STREAM, 0);
	errno = 0;
	CHECK("time_wait_eaddrinuse",
	      bind(fd, (struct sockaddr *)&a, sizeof(a)) == -1 &&
		  errno == EADDRINUSE);
	int one = 1;
	CHECK("so_reuseaddr_set",
	      setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one)) ==
		      0 &&
		  sockopt(fd, SOL_SOCKET, SO_REUSEADDR) == 1);
	CHECK("time_wait_reuseaddr_bind",
	      bind(fd, (struct sockaddr *)&a, sizeof(a)) == 0 &&
		  listen(fd, 1) == 0);
	int again = connect_to(&a);
	CHECK("reuseaddr_listener_works", again >= 0);
	close(again);
	close(fd);
}

static void test_reset(void)
{
	int fds[2];
	CHECK("reset_pair", pair(fds) == 0);
	struct linger lg = {1, 0};
	CHECK("so_linger_set",
	      setsockopt(fds[0], SOL_SOCKET, SO_LINGER, &lg, sizeof(lg)) == 0);
	socklen_t len = sizeof(lg);
	lg.l_onoff = 7;
	CHECK("so_linger_get",
	      getsockopt(fds[0], SOL_SOCKET, SO_LINGER, &lg, &len) == 0 &&
		  lg.l_onoff == 1 && lg.l_linger == 0 && len == sizeof(lg));
	close(fds[0]);
	char c;
	CHECK("reset_pollerr", revents(fds[1], POLLIN, 5000) & POLLERR);
	errno = 0;
	CHECK("reset_econnreset",
	      recv(fds[1], &c, 1, 0) == -1 && errno == ECONNRESET);
	CHECK("reset_then_eof", recv(fds[1], &c, 1, 0) == 0);
	errno = 0;
	CHECK("reset_send_epipe",
	      send(fds[1], "x", 1, MSG_NOSIGNAL) == -1 && errno == EPIPE);
	close(fds[1]);

	/* SO_LINGER with a time: close returns once the FIN is acked */
	CHECK("linger_pair", pair(fds) == 0);
	lg = (struct linger){1, 5};
	setsockopt(fds[0], SOL_SOCKET, SO_LINGER, &lg, sizeof(lg));
	CHECK("linger_write", write(fds[0], "data", 4) == 4);
	uint64_t t0 = now_ns();
	CHECK("linger_close",
	      close(fds[0]) == 0 && now_ns() - t0 < 4000000000u);
	char buf[8];
	CHECK("linger_peer_data", read(fds[1], buf, sizeof(buf)) == 4 &&
				      read(fds[1], buf, sizeof(buf)) == 0);
	close(fds[1]);
}

static volatile sig_atomic_t sigpipes;

static void on_sigpipe(int sig)
{
	(void)sig;
	sigpipes++;
}

static void test_sigpipe(void)
{
	int fds[2];
	CHECK("pipe_pair", pair(fds) == 0);
	signal(SIGPIPE, on_sigpipe);
	shutdown(fds[0], SHUT_WR);
	errno = 0;
	CHECK("msg_nosignal_epipe", send(fds[0], "x", 1, MSG_NOSIGNAL) == -1 &&
					errno == EPIPE && sigpipes == 0);
	errno = 0;
	CHECK("send_sigpipe",
	      send(fds[0], "x", 1, 0) == -1 && errno == EPIPE && sigpipes == 1);
	errno = 0;
	CHECK("write_sigpipe",
	      write(fds[0], "x", 1) == -1 && errno == EPIPE && sigpipes == 2);
	signal(SIGPIPE, SIG_DFL);
	close(fds[0]);
	close(fds[1]);
}

static void *dribble(void *p)
{
	int fd = *(int *)p;
	for (int i = 0; i < 20; i++)
		if (write(fd, "0123456789", 10) != 10)
			break;
	return NULL;
}

static void test_flags(void)
{
	int fds[2];
	char buf[300];
	CHECK("flags_pair", pair(fds) == 0);
	CHECK("peek_send", write(fds[0], "abcdef", 6) == 6);
	CHECK("peek_ready", revents(fds[1], POLLIN, 5000) & POLLIN);
	int n = -1;
	CHECK("fionread", ioctl(fds[1], FIONREAD, &n) == 0 && n == 6);
	CHECK("peek",
	      recv(fds[1], buf, 3, MSG_PEEK) == 3 && !memcmp(buf, "abc", 3));
	CHECK("peek_again",
	      recv(fds[1], buf, 6, MSG_PEEK) == 6 && !memcmp(buf, "abcdef", 6));
	CHECK("after_peek", recv(fds[1], buf, sizeof(buf), 0) == 6 &&
				!memcmp(buf, "abcdef", 6));
	struct sockaddr_in nowhere = loopback(9);
	CHECK("sendto_address_ignored",
	      sendto(fds[0], "z", 1, 0, (struct sockaddr *)&nowhere,
		     sizeof(nowhere)) == 1 &&
		  recv(fds[1], buf, 1, 0) == 1 && buf[0] == 'z');
	errno = 0;
	CHECK("dontwait_eagain",
	      recv(fds[1], buf, 1, MSG_DONTWAIT) == -1 && errno == EAGAIN);
	int one = 1;
	setsockopt(fds[0], IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
	/* lo delivers within the send, as Linux's: no wait */
	int now = 0;
	for (int i = 0; i < 20; i++)
		now += send(fds[0], "n", 1, 0) == 1 &&
		       recv(fds[1], buf, sizeof(buf), MSG_DONTWAIT) == 1;
	CHECK("loopback_synchronous", now == 20);
	pthread_t t;
	pthread_create(&t, NULL, dribble, &fds[0]);
	ssize_t got = recv(fds[1], buf, 200, MSG_WAITALL);
	pthread_join(t, NULL);
	int ok = got == 200;
	for (int i = 0; ok && i < 200; i++)
		ok = buf[i] == '0' + i % 10;
	CHECK("waitall", ok);
	struct timeval tv = {0, 200000};
	CHECK("so_rcvtimeo_set", setsockopt(fds[1], SOL_SOCKET, SO_RCVTIMEO,
					    &tv, sizeof(tv)) == 0);
	socklen_t len = sizeof(tv);
	tv.tv_usec = 0;
	CHECK("so_rcvtimeo_get",
	      getsockopt(fds[1], SOL_SOCKET, SO_RCVTIMEO, &tv, &len) == 0 &&
		  tv.tv_sec == 0 && tv.tv_usec == 200000);
	uint64_t t0 = now_ns();
	errno = 0;
	CHECK("so_rcvtimeo_eagain", recv(fds[1], buf, 1, 0) == -1 &&
					errno == EAGAIN &&
					now_ns() - t0 >= 150000000u);
	/* waitall with a timeout gives what came */
	write(fds[0], "xyz", 3);
	CHECK("waitall_timeout_partial",
	      recv(fds[1], buf, 10, MSG_WAITALL) == 3);
	CHECK("siocoutq", ioctl(fds[0], SIOCOUTQ_, &n) == 0 && n >= 0);
	close(fds[0]);
	close(fds[1]);
}

static void test_epoll(void)
{
	struct sockaddr_in a;
	int l = listener(&a, 4);
	int ep = epoll_create1(0);
	struct epoll_event ev = {.events = EPOLLIN, .data.fd = l}, out[4];
	CHECK("epoll_add_listener", epoll_ctl(ep, EPOLL_CTL_ADD, l, &ev) == 0);
	CHECK("epoll_listener_idle", epoll_wait(ep, out, 4, 0) == 0);
	int c = connect_to(&a);
	CHECK("epoll_listener_ready", epoll_wait(ep, out, 4, 5000) == 1 &&
					  out[0].data.fd == l &&
					  out[0].events == EPOLLIN);
	int s = accept(l, NULL, NULL);
	epoll_ctl(ep, EPOLL_CTL_DEL, l, NULL);
	ev = (struct epoll_event){.events = EPOLLIN | EPOLLRDHUP | EPOLLET,
				  .data.fd = s};
	CHECK("epoll_add_conn", epoll_ctl(ep, EPOLL_CTL_ADD, s, &ev) == 0);
	CHECK("epoll_conn_idle", epoll_wait(ep, out, 4, 0) == 0);
	write(c, "ping", 4);
	CHECK("epoll_conn_in",
	      epoll_wait(ep, out, 4, 5000) == 1 && out[0].events == EPOLLIN);
	CHECK("epoll_edge_once", epoll_wait(ep, out, 4, 0) == 0);
	shutdown(c, SHUT_WR);
	CHECK("epoll_rdhup", epoll_wait(ep, out, 4, 5000) == 1 &&
				 (out[0].events & (EPOLLIN | EPOLLRDHUP)) ==
				     (EPOLLIN | EPOLLRDHUP));
	ev.events = EPOLLOUT;
	CHECK("epoll_out", epoll_ctl(ep, EPOLL_CTL_MOD, s, &ev) == 0 &&
			       epoll_wait(ep, out, 4, 0) == 1 &&
			       out[0].events == EPOLLOUT);
	close(ep);
	close(c);
	close(s);
	close(l);
}

static void test_options(void)
{
	int fds[2];
	CHECK("opt_pair", pair(fds) == 0);
	int one = 1, v;
	CHECK("nodelay", setsockopt(fds[0], IPPROTO_TCP, TCP_NODELAY, &one,
				    sizeof(one)) == 0 &&
			     sockopt(fds[0], IPPROTO_TCP, TCP_NODELAY) == 1);
	CHECK("maxseg", sockopt(fds[0], IPPROTO_TCP, TCP_MAXSEG) > 1000);
	v = 30;
	CHECK("keepidle", setsockopt(fds[0], IPPROTO_TCP, TCP_KEEPIDLE, &v,
				     sizeof(v)) == 0 &&
			      sockopt(fds[0], IPPROTO_TCP, TCP_KEEPIDLE) == 30);
	v = 0;
	errno = 0;
	CHECK("keepintvl_einval", setsockopt(fds[0], IPPROTO_TCP, TCP_KEEPINTVL,
					     &v, sizeof(v)) == -1 &&
				      errno == EINVAL);
	v = 5;
	CHECK("keepcnt", setsockopt(fds[0], IPPROTO_TCP, TCP_KEEPCNT, &v,
				    sizeof(v)) == 0 &&
			     sockopt(fds[0], IPPROTO_TCP, TCP_KEEPCNT) == 5);
	CHECK("keepalive", setsockopt(fds[0], SOL_SOCKET, SO_KEEPALIVE, &one,
				      sizeof(one)) == 0 &&
			       sockopt(fds[0], SOL_SOCKET, SO_KEEPALIVE) == 1);
	v = 65536;
	CHECK("sndbuf_doubled",
	      setsockopt(fds[0], SOL_SOCKET, SO_SNDBUF, &v, sizeof(v)) == 0 &&
		  sockopt(fds[0], SOL_SOCKET, SO_SNDBUF) == 131072);
	CHECK("rcvbuf_doubled",
	      setsockopt(fds[0], SOL_SOCKET, SO_RCVBUF, &v, sizeof(v)) == 0 &&
		  sockopt(fds[0], SOL_SOCKET, SO_RCVBUF) == 131072);
	struct tcp_info ti;
	socklen_t len = sizeof(ti);
	memset(&ti, 0xff, sizeof(ti));
	CHECK("tcp_info",
	      getsockopt(fds[0], IPPROTO_TCP, TCP_INFO, &ti, &len) == 0 &&
		  len == sizeof(ti) && ti.tcpi_state == TCP_ESTABLISHED &&
		  ti.tcpi_snd_mss > 1000 && ti.tcpi_rcv_mss > 1000 &&
		  ti.tcpi_snd_cwnd > 0 && ti.tcpi_rto >= 200000);
	errno = 0;
	CHECK("unknown_level_enoprotoopt",
	      setsockopt(fds[0], 99, 1, &one, sizeof(one)) == -1 &&
		  errno == ENOPROTOOPT);
	errno = 0;
	CHECK("short_option_einval",
	      setsockopt(fds[0], IPPROTO_TCP, TCP_NODELAY, &one, 2) == -1 &&
		  errno == EINVAL);
	close(fds[0]);
	close(fds[1]);
	int l;
	struct sockaddr_in a;
	l = listener(&a, 2);
	len = sizeof(ti);
	CHECK("tcp_info_listen",
	      getsockopt(l, IPPROTO_TCP, TCP_INFO, &ti, &len) == 0 &&
		  ti.tcpi_state == TCP_LISTEN);
	close(l);
}

static uint16_t inet_checksum(const uint8_t *p, size_t len)
{
	uint32_t sum = 0;
	for (size_t i = 0; i + 1 < len; i += 2)
		sum += (uint32_t)p[i] << 8 | p[i + 1];
	if (len & 1)
		sum += (uint32_t)p[len - 1] << 8;
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return htons((uint16_t)~sum);
}

/* An IPv4 header of 127.0.0.1 to itself, protocol proto, len bytes. */
static void ip_header(uint8_t *h, uint8_t proto, size_t len)
{
	memset(h, 0, 20);
	h[0] = 0x45;
	h[2] = (uint8_t)(len >> 8);
	h[3] = (uint8_t)len;
	h[8] = 64;
	h[9] = proto;
	uint32_t lo = htonl(INADDR_LOOPBACK);
	memcpy(h + 12, &lo, 4);
	memcpy(h + 16, &lo, 4);
	uint16_t c = inet_checksum(h, 20);
	memcpy(h + 10, &c, 2);
}

/*
 * Sends through lo, as a router would, ICMP port unreachable about a
 * TCP segment from sport to dport with sequence number seq (the quote:
 * its IP header, ports and sequence number).
 */
static int icmp_unreachable(uint16_t sport, uint16_t dport, uint32_t seq)
{
	uint8_t f[14 + 20 + 8 + 20 + 8] = {0};
	f[12] = 0x08; /* IPv4 */
	ip_header(f + 14, IPPROTO_ICMP, sizeof(f) - 14);
	uint8_t *icmp = f + 34;
	icmp[0] = 3; /* destination unreachable */
	icmp[1] = 3; /* port */
	ip_header(icmp + 8, IPPROTO_TCP, 40);
	memcpy(icmp + 28, &sport, 2);
	memcpy(icmp + 30, &dport, 2);
	seq = htonl(seq);
	memcpy(icmp + 32, &seq, 4);
	uint16_t c = inet_checksum(icmp, 36);
	memcpy(icmp + 2, &c, 2);
	int fd = socket(AF_PACKET, SOCK_RAW, htons(0x0800));
	struct sockaddr_ll to = {.sll_family = AF_PACKET,
				 .sll_protocol = htons(0x0800),
				 .sll_ifindex = (int)if_nametoindex("lo")};
	ssize_t r =
	    sendto(fd, f, sizeof(f), 0, (struct sockaddr *)&to, sizeof(to));
	close(fd);
	return r == (ssize_t)sizeof(f) ? 0 : -1;
}

/*
 * The sequence number of the SYN from sport that the packet socket tap
 * (ETH_P_ALL on lo) saw; 0 when none comes within a second.
 */
static int syn_seq(int tap, uint16_t sport, uint32_t *seq)
{
	uint8_t f[128];
	while (revents(tap, POLLIN, 1000) & POLLIN) {
		ssize_t n = recv(tap, f, sizeof(f), 0);
		const uint8_t *ip = f + 14, *tcp = ip + (ip[0] & 15) * 4;
		if (n < 14 + 20 + 20 || f[12] != 0x08 || f[13] != 0 ||
		    ip[9] != IPPROTO_TCP || tcp + 20 > f + n ||
		    memcmp(tcp, &sport, 2) || tcp[13] != 0x02)
			continue;
		memcpy(seq, tcp + 4, 4);
		*seq = ntohl(*seq);
		return 0;
	}
	return -1;
}

static void test_icmp(void)
{
	/* a full backlog drops the SYN: the connect waits in SYN_SENT */
	struct sockaddr_in a;
	int l = listener(&a, 1);
	int queued = connect_to(&a);
	CHECK("icmp_backlog_full", queued >= 0);
	int tap = socket(AF_PACKET, SOCK_RAW, htons(0x0003)); /* ETH_P_ALL */
	struct sockaddr_ll at = {.sll_family = AF_PACKET,
				 .sll_protocol = htons(0x0003),
				 .sll_ifindex = (int)if_nametoindex("lo")};
	bind(tap, (struct sockaddr *)&at, sizeof(at));
	int fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
	connect(fd, (struct sockaddr *)&a, sizeof(a));
	struct sockaddr_in me;
	socklen_t len = sizeof(me);
	CHECK("icmp_connect_waits",
	      getsockname(fd, (struct sockaddr *)&me, &len) == 0 &&
		  revents(fd, POLLOUT, 0) == 0);
	/* a router quotes what it got: the engine checks the sequence */
	uint32_t seq = 0;
	CHECK("icmp_syn_seen", syn_seq(tap, me.sin_port, &seq) == 0);
	close(tap);
	CHECK("icmp_sent", icmp_unreachable(me.sin_port, a.sin_port, seq) == 0);
	CHECK("icmp_pollerr", revents(fd, POLLOUT, 5000) & POLLERR);
	CHECK("icmp_econnrefused",
	      sockopt(fd, SOL_SOCKET, SO_ERROR) == ECONNREFUSED);
	close(fd);
	close(queued);
	close(l);
}

/* Sends through lo a packet of protocol proto from src to 127.0.0.1. */
static int inject(uint32_t src, uint8_t proto, const uint8_t *data, size_t len)
{
	uint8_t f[14 + 20 + 64] = {0};
	if (len > sizeof(f) - 34)
		return -1;
	f[12] = 0x08; /* IPv4 */
	ip_header(f + 14, proto, 20 + len);
	memcpy(f + 14 + 12, &src, 4);
	memset(f + 14 + 10, 0, 2);
	uint16_t c = inet_checksum(f + 14, 20);
	memcpy(f + 14 + 10, &c, 2);
	memcpy(f + 34, data, len);
	int fd = socket(AF_PACKET, SOCK_RAW, htons(0x0800));
	struct sockaddr_ll to = {.sll_family = AF_PACKET,
				 .sll_protocol = htons(0x0800),
				 .sll_ifindex = (int)if_nametoindex("lo")};
	ssize_t r =
	    sendto(fd, f, 34 + len, 0, (struct sockaddr *)&to, sizeof(to));
	close(fd);
	return r == (ssize_t)(34 + len) ? 0 : -1;
}

/* Sends through lo a SYN from src:sport to 127.0.0.1:dport. */
static int inject_syn(uint32_t src, uint16_t sport, uint16_t dport)
{
	uint8_t tcp[20] = {0}, sum[12 + 20] = {0};
	uint32_t lo = htonl(INADDR_LOOPBACK);
	memcpy(tcp, &sport, 2);
	memcpy(tcp + 2, &dport, 2);
	tcp[4] = 1; /* any sequence number */
	tcp[12] = 5 << 4;
	tcp[13] = 0x02; /* SYN */
	tcp[14] = 0xff;
	memcpy(sum, &src, 4); /* the pseudo-header */
	memcpy(sum + 4, &lo, 4);
	sum[9] = IPPROTO_TCP;
	sum[11] = 20;
	memcpy(sum + 12, tcp, 20);
	uint16_t c = inet_checksum(sum, sizeof(sum));
	memcpy(tcp + 16, &c, 2);
	return inject(src, IPPROTO_TCP, tcp, sizeof(tcp));
}

/* Sends through lo an empty datagram from src:1000 to 127.0.0.1:dport. */
static int inject_udp(uint32_t src, uint16_t dport)
{
	uint8_t udp[8] = {0x03, 0xe8, 0, 0, 0, 8, 0, 0}; /* no checksum */
	memcpy(udp + 2, &dport, 2);
	return inject(src, IPPROTO_UDP, udp, sizeof(udp));
}

/* Sends through lo an echo request from src to 127.0.0.1. */
static int inject_echo(uint32_t src)
{
	uint8_t icmp[8] = {8, 0, 0, 0, 0x12, 0x34, 0, 1};
	uint16_t c = inet_checksum(icmp, sizeof(icmp));
	memcpy(icmp + 2, &c, 2);
	return inject(src, IPPROTO_ICMP, icmp, sizeof(icmp));
}

/*
 * The destination address of the next ICMP message of type type the
 * tap sees; 0 when none comes within a second.
 */
static uint32_t next_icmp_to(int tap, uint8_t type)
{
	uint8_t f[128];
	while (revents(tap, POLLIN, 1000) & POLLIN) {
		ssize_t n = recv(tap, f, sizeof(f), 0);
		const uint8_t *ip = f + 14, *icmp = ip + (ip[0] & 15) * 4;
		uint32_t dst;
		if (n < 14 + 20 + 8 || f[12] != 0x08 || f[13] != 0 ||
		    ip[9] != IPPROTO_ICMP || icmp + 8 > f + n ||
		    icmp[0] != type)
			continue;
		memcpy(&dst, ip + 16, 4);
		return dst;
	}
	return 0;
}

/*
 * The destination port of the next reset to port a or b the tap sees
 * (any interface, either way); 0 when none comes within a second.
 */
static uint16_t next_rst(int tap, uint16_t a, uint16_t b)
{
	uint8_t f[128];
	while (revents(tap, POLLIN, 1000) & POLLIN) {
		ssize_t n = recv(tap, f, sizeof(f), 0);
		const uint8_t *ip = f + 14, *tcp = ip + (ip[0] & 15) * 4;
		uint16_t port;
		if (n < 14 + 20 + 20 || f[12] != 0x08 || f[13] != 0 ||
		    ip[9] != IPPROTO_TCP || tcp + 20 > f + n ||
		    !(tcp[13] & 0x04))
			continue;
		memcpy(&port, tcp + 2, 2);
		if (port == a || port == b)
			return port;
	}
	return 0;
}

/*
 * A packet from a broadcast, multicast or zero source gets no answer,
 * which would go to every host (RFC 1122 3.2.1.3): no reset to a SYN,
 * no port unreachable to a datagram, no echo reply.  The same packet
 * from 127.0.0.1 sent after them gets one, and lo's frames are taken
 * in order, so an answer to one of them would come first.
 */
static const char *const martians[] = {"127.255.255.255", "255.255.255.255",
				       "224.0.0.1", "0.0.0.0"};
#define MARTIANS (sizeof(martians) / sizeof(*martians))

static uint32_t martian(size_t i)
{
	struct in_addr src;
	inet_pton(AF_INET, martians[i], &src);
	return src.s_addr;
}

static void test_martian(void)
{
	int tap = socket(AF_PACKET, SOCK_RAW, htons(0x0003)); /* ETH_P_ALL */
	int closed = socket(AF_INET, SOCK_STREAM, 0);
	int uclosed = socket(AF_INET, SOCK_DGRAM, 0);
	struct sockaddr_in a = loopback(0), u = loopback(0);
	socklen_t len = sizeof(a);
	CHECK("martian_setup",
	      tap >= 0 && !bind(closed, (struct sockaddr *)&a, sizeof(a)) &&
		  !getsockname(closed, (struct sockaddr *)&a, &len) &&
		  !bind(uclosed, (struct sockaddr *)&u, sizeof(u)) &&
		  !getsockname(uclosed, (struct sockaddr *)&u, &len));
	close(uclosed); /* its port is now closed */
	/* lo's broadcast is the one an answer would reach here (no NIC) */
	uint16_t sport = htons(1000), ok_port = htons(999);
	for (size_t i = 0; i < MARTIANS; i++)
		inject_syn(martian(i), sport, a.sin_port);
	inject_syn(htonl(INADDR_LOOPBACK), ok_port, a.sin_port);
	uint16_t first = next_rst(tap, sport, ok_port);
	CHECK("martian_no_reset", first == ok_port);
	for (size_t i = 0; i < MARTIANS; i++)
		inject_udp(martian(i), u.sin_port);
	inject_udp(htonl(INADDR_LOOPBACK), u.sin_port);
	CHECK("martian_no_port_unreachable",
	      next_icmp_to(tap, 3) == htonl(INADDR_LOOPBACK));
	for (size_t i = 0; i < MARTIANS; i++)
		inject_echo(martian(i));
	inject_echo(htonl(INADDR_LOOPBACK));
	CHECK("martian_no_echo_reply",
	      next_icmp_to(tap, 0) == htonl(INADDR_LOOPBACK));
	close(closed);
	close(tap);
}

static void on_usr1(int sig)
{
	(void)sig;
}

static void *interrupted_accept(void *p)
{
	struct acceptor *x = p;
	x->fd = accept(x->listener, NULL, NULL);
	x->peer.sin_port = (uint16_t)errno;
	return NULL;
}

static void test_interrupt(void)
{
	struct sigaction sa = {.sa_handler = on_usr1};
	sigaction(SIGUSR1, &sa, NULL); /* no SA_RESTART */
	struct sockaddr_in a;
	struct acceptor x = {.listener = listener(&a, 1), .fd = 0};
	pthread_t t;
	pthread_create(&t, NULL, interrupted_accept, &x);
	/* the thread may not be in accept yet: signal until it returns */
	for (int i = 0; i < 100 && x.fd == 0; i++) {
		pthread_kill(t, SIGUSR1);
		revents(x.listener, POLLIN, 20);
	}
	pthread_join(t, NULL);
	CHECK("accept_eintr", x.fd == -1 && x.peer.sin_port == EINTR);
	close(x.listener);
}

static const struct app_check_group groups[] = {
    {"basics", test_basics},   {"echo", test_echo},
    {"bulk", test_bulk},       {"halfclose", test_halfclose},
    {"connect", test_connect}, {"accept", test_accept},
    {"reuse", test_reuse},     {"reset", test_reset},
    {"sigpipe", test_sigpipe}, {"flags", test_flags},
    {"epoll", test_epoll},     {"options", test_options},
    {"icmp", test_icmp},       {"interrupt", test_interrupt},
    {"martian", test_martian},
};

int main(int argc, char **argv)
{
	setvbuf(stdout, NULL, _IOLBF, 0);
	return app_check_run(groups, sizeof(groups) / sizeof(*groups), argc,
			     argv);
}
