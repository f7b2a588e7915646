/*
 * UDP over the loopback interface (tests/guest/udpsock.test), built
 * against glibc's headers: binding and ports, datagrams between
 * sockets and threads, poll and epoll, big datagrams, MSG_PEEK and
 * MSG_TRUNC, ICMP port unreachable on a connected socket, broadcast
 * permission, timeouts, bad arguments, the interface ioctls.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <net/if.h>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <sched.h>
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

static struct sockaddr_in loopback(uint16_t port)
{
	struct sockaddr_in a = {.sin_family = AF_INET,
				.sin_port = htons(port),
				.sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
	return a;
}

/* A UDP socket bound to 127.0.0.1 and an ephemeral port, in *a. */
static int bound_socket(struct sockaddr_in *a)
{
	int fd = socket(AF_INET, SOCK_DGRAM, 0);
	struct sockaddr_in b = loopback(0);
	socklen_t len = sizeof(*a);
	if (fd < 0 || bind(fd, (struct sockaddr *)&b, sizeof(b)) ||
	    getsockname(fd, (struct sockaddr *)a, &len))
		return -1;
	return fd;
}

static short revents(int fd, short events, int timeout)
{
	struct pollfd p = {fd, events, 0};
	return poll(&p, 1, timeout) == 1 ? p.revents : 0;
}

static void check_families(void)
{
	errno = 0;
	CHECK("stream_eprotonosupport",
	      socket(AF_INET, SOCK_STREAM, IPPROTO_UDP) == -1 &&
		  errno == EPROTONOSUPPORT);
	errno = 0;
	CHECK("inet6_eafnosupport",
	      socket(AF_INET6, SOCK_DGRAM, 0) == -1 && errno == EAFNOSUPPORT);
	errno = 0;
	CHECK("dgram_tcp_eprotonosupport",
	      socket(AF_INET, SOCK_DGRAM, IPPROTO_TCP) == -1 &&
		  errno == EPROTONOSUPPORT);
	int fd = socket(AF_INET, SOCK_DGRAM, IPPROTO_UDP);
	int v = 0;
	socklen_t l = sizeof(v);
	CHECK("udp_socket", fd >= 0);
	CHECK("so_protocol_udp",
	      !getsockopt(fd, SOL_SOCKET, SO_PROTOCOL, &v, &l) &&
		  v == IPPROTO_UDP);
	close(fd);
}

static void check_bind(void)
{
	struct sockaddr_in a;
	int fd = bound_socket(&a);
	unsigned port = ntohs(a.sin_port);
	CHECK("ephemeral_port", fd >= 0 && port >= 32768 && port <= 60999);
	CHECK("bound_address", a.sin_addr.s_addr == htonl(INADDR_LOOPBACK));
	int fd2 = socket(AF_INET, SOCK_DGRAM, 0);
	errno = 0;
	CHECK("eaddrinuse", bind(fd2, (struct sockaddr *)&a, sizeof(a)) == -1 &&
				errno == EADDRINUSE);
	struct sockaddr_in any = a;
	any.sin_addr.s_addr = htonl(INADDR_ANY);
	errno = 0;
	CHECK("eaddrinuse_any",
	      bind(fd2, (struct sockaddr *)&any, sizeof(any)) == -1 &&
		  errno == EADDRINUSE);
	errno = 0;
	CHECK("bind_twice_einval",
	      bind(fd, (struct sockaddr *)&any, sizeof(any)) == -1 &&
		  errno == EINVAL);
	close(fd);
	CHECK("port_free_after_close",
	      bind(fd2, (struct sockaddr *)&a, sizeof(a)) == 0);
	close(fd2);
	int one = 1, r1 = socket(AF_INET, SOCK_DGRAM, 0),
	    r2 = socket(AF_INET, SOCK_DGRAM, 0);
	setsockopt(r1, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	setsockopt(r2, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	CHECK("reuseaddr_both",
	      !bind(r1, (struct sockaddr *)&a, sizeof(a)) &&
		  !bind(r2, (struct sockaddr *)&a, sizeof(a)));
	close(r1);
	close(r2);
	struct sockaddr_in far = loopback(0);
	far.sin_addr.s_addr = inet_addr("10.9.9.9");
	fd = socket(AF_INET, SOCK_DGRAM, 0);
	errno = 0;
	CHECK("bind_not_ours_eaddrnotavail",
	      bind(fd, (struct sockaddr *)&far, sizeof(far)) == -1 &&
		  errno == EADDRNOTAVAIL);
	errno = 0;
	CHECK("bind_short_einval",
	      bind(fd, (struct sockaddr *)&far, 4) == -1 && errno == EINVAL);
	struct sockaddr_in6 six = {.sin6_family = AF_INET6};
	errno = 0;
	CHECK("bind_inet6_eafnosupport",
	      bind(fd, (struct sockaddr *)&six, sizeof(six)) == -1 &&
		  errno == EAFNOSUPPORT);
	close(fd);
}

static void check_exchange(void)
{
	struct sockaddr_in a, b, from;
	int fa = bound_socket(&a), fb = bound_socket(&b);
	CHECK("sendto",
	      sendto(fa, "hello", 5, 0, (struct sockaddr *)&b, sizeof(b)) == 5);
	char buf[64];
	socklen_t fl = sizeof(from);
	CHECK("recvfrom", recvfrom(fb, buf, sizeof(buf), 0,
				   (struct sockaddr *)&from, &fl) == 5 &&
			      !memcmp(buf, "hello", 5));
	CHECK("recvfrom_sender", fl == sizeof(from) &&
				     from.sin_port == a.sin_port &&
				     from.sin_addr.s_addr == a.sin_addr.s_addr);
	CHECK("empty_datagram",
	      sendto(fa, "", 0, 0, (struct sockaddr *)&b, sizeof(b)) == 0 &&
		  recv(fb, buf, sizeof(buf), 0) == 0);
	/* lo delivers within the send, as Linux's: no wait */
	int now = 0;
	for (int i = 0; i < 20; i++)
		now += sendto(fa, "now", 3, 0, (struct sockaddr *)&b,
			      sizeof(b)) == 3 &&
		       recv(fb, buf, sizeof(buf), MSG_DONTWAIT) == 3;
	CHECK("loopback_synchronous", now == 20);
	errno = 0;
	CHECK("send_unconnected_edestaddrreq",
	      send(fa, "x", 1, 0) == -1 && errno == EDESTADDRREQ);
	errno = 0;
	CHECK("dontwait_eagain",
	      recv(fa, buf, sizeof(buf), MSG_DONTWAIT) == -1 &&
		  errno == EAGAIN);
	/* an unbound socket is bound at its first send */
	int fc = socket(AF_INET, SOCK_DGRAM, 0);
	struct sockaddr_in c;
	socklen_t cl = sizeof(c);
	CHECK("autobind_send",
	      sendto(fc, "x", 1, 0, (struct sockaddr *)&b, sizeof(b)) == 1 &&
		  !getsockname(fc, (struct sockaddr *)&c, &cl) &&
		  ntohs(c.sin_port) >= 32768);
	fl = sizeof(from);
	CHECK("autobind_sender", recvfrom(fb, buf, sizeof(buf), 0,
					  (struct sockaddr *)&from, &fl) == 1 &&
				     from.sin_port == c.sin_port);
	/* connect, then send and read; then disconnect */
	CHECK("connect", !connect(fc, (struct sockaddr *)&b, sizeof(b)));
	struct sockaddr_in p;
	socklen_t pl = sizeof(p);
	CHECK("getpeername", !getpeername(fc, (struct sockaddr *)&p, &pl) &&
				 p.sin_port == b.sin_port);
	cl = sizeof(c);
	CHECK("connect_fixes_source",
	      !getsockname(fc, (struct sockaddr *)&c, &cl) &&
		  c.sin_addr.s_addr == htonl(INADDR_LOOPBACK));
	CHECK("write_connected",
	      write(fc, "abc", 3) == 3 && read(fb, buf, sizeof(buf)) == 3);
	/* a connected socket takes only its peer's datagrams */
	sendto(fb, "no", 2, 0, (struct sockaddr *)&c, sizeof(c));
	CHECK("connected_takes_peer",
	      recv(fc, buf, sizeof(buf), 0) == 2 && !memcmp(buf, "no", 2));
	sendto(fa, "other", 5, 0, (struct sockaddr *)&c, sizeof(c));
	sendto(fb, "mark", 4, 0, (struct sockaddr *)&c, sizeof(c));
	CHECK("connected_drops_others",
	      recv(fc, buf, sizeof(buf), 0) == 4 && !memcmp(buf, "mark", 4));
	struct sockaddr un = {.sa_family = AF_UNSPEC};
	pl = sizeof(p);
	errno = 0;
	CHECK("disconnect",
	      !connect(fc, &un, sizeof(un)) &&
		  getpeername(fc, (struct sockaddr *)&p, &pl) == -1 &&
		  errno == ENOTCONN);
	close(fa);
	close(fb);
	close(fc);
}

static void check_peek_trunc(void)
{
	struct sockaddr_in a, b;
	int fa = bound_socket(&a), fb = bound_socket(&b);
	sendto(fa, "0123456789", 10, 0, (struct sockaddr *)&b, sizeof(b));
	revents(fb, POLLIN, 2000); /* lo delivers in netdev's thread */
	int n = -1;
	CHECK("fionread", !ioctl(fb, FIONREAD, &n) && n == 10);
	char buf[16];
	CHECK("peek", recv(fb, buf, sizeof(buf), MSG_PEEK) == 10 &&
			  recv(fb, buf, 4, MSG_PEEK | MSG_TRUNC) == 10);
	struct iovec iov = {buf, 4};
	struct msghdr msg = {.msg_iov = &iov, .msg_iovlen = 1};
	CHECK("truncated", recvmsg(fb, &msg, 0) == 4 &&
			       (msg.msg_flags & MSG_TRUNC) &&
			       !memcmp(buf, "0123", 4));
	errno = 0;
	CHECK("truncated_rest_dropped",
	      recv(fb, buf, sizeof(buf), MSG_DONTWAIT) == -1 &&
		  errno == EAGAIN);
	close(fa);
	close(fb);
}

static void check_big(void)
{
	struct sockaddr_in a, b;
	int fa = bound_socket(&a), fb = bound_socket(&b);
	size_t max = 65507;
	char *out = malloc(max + 1), *in = malloc(max + 1);
	for (size_t i = 0; i <= max; i++)
		out[i] = (char)(i * 7 + 3);
	CHECK("big_send", sendto(fa, out, max, 0, (struct sockaddr *)&b,
				 sizeof(b)) == (ssize_t)max);
	CHECK("big_recv", recv(fb, in, max + 1, 0) == (ssize_t)max &&
			      !memcmp(in, out, max));
	errno = 0;
	CHECK("too_big_emsgsize",
	      sendto(fa, out, max + 1, 0, (struct sockaddr *)&b, sizeof(b)) ==
		      -1 &&
		  errno == EMSGSIZE);
	/* a small SO_RCVBUF drops what does not fit */
	int small = 4096;
	setsockopt(fb, SOL_SOCKET, SO_RCVBUF, &small, sizeof(small));
	int sent = 0, got = 0;
	for (int i = 0; i < 20; i++)
		sent += sendto(fa, out, 2000, 0, (struct sockaddr *)&b,
			       sizeof(b)) == 2000;
	revents(fb, POLLIN, 1000);
	while (recv(fb, in, max, MSG_DONTWAIT) == 2000)
		got++;
	CHECK("rcvbuf_bounds_queue", sent == 20 && got >= 1 && got < 20);
	free(out);
	free(in);
	close(fa);
	close(fb);
}

static void check_refused(void)
{
	struct sockaddr_in a, gone;
	int fa = bound_socket(&a), fg = bound_socket(&gone);
	close(fg); /* nobody at gone's port now */
	CHECK("connect_nobody",
	      !connect(fa, (struct sockaddr *)&gone, sizeof(gone)));
	CHECK("send_nobody", send(fa, "x", 1, 0) == 1);
	CHECK("refused_pollerr", revents(fa, POLLIN, 2000) & POLLERR);
	char buf[4];
	errno = 0;
	CHECK("econnrefused",
	      recv(fa, buf, sizeof(buf), 0) == -1 && errno == ECONNREFUSED);
	errno = 0;
	CHECK("error_once", recv(fa, buf, sizeof(buf), MSG_DONTWAIT) == -1 &&
				errno == EAGAIN);
	/* SO_ERROR reports and clears it */
	send(fa, "x", 1, 0);
	revents(fa, POLLIN, 2000);
	int err = 0;
	socklen_t l = sizeof(err);
	CHECK("so_error", !getsockopt(fa, SOL_SOCKET, SO_ERROR, &err, &l) &&
			      err == ECONNREFUSED);
	/* an unconnected socket is not told */
	int fu = socket(AF_INET, SOCK_DGRAM, 0);
	sendto(fu, "x", 1, 0, (struct sockaddr *)&gone, sizeof(gone));
	errno = 0;
	CHECK("unconnected_not_refused",
	      !(revents(fu, POLLIN, 300) & POLLERR) &&
		  recv(fu, buf, sizeof(buf), MSG_DONTWAIT) == -1 &&
		  errno == EAGAIN);
	close(fa);
	close(fu);
}

/* lo's subnet broadcast, 127.255.255.255, as Linux routes it */
static void check_broadcast(void)
{
	int fd = socket(AF_INET, SOCK_DGRAM, 0);
	struct sockaddr_in r = loopback(0);
	r.sin_addr.s_addr = htonl(INADDR_ANY);
	int fr = socket(AF_INET, SOCK_DGRAM, 0);
	socklen_t rl = sizeof(r);
	bind(fr, (struct sockaddr *)&r, sizeof(r));
	getsockname(fr, (struct sockaddr *)&r, &rl);
	struct sockaddr_in b = r;
	b.sin_addr.s_addr = htonl(0x7fffffff);
	errno = 0;
	CHECK("broadcast_eacces",
	      sendto(fd, "x", 1, 0, (struct sockaddr *)&b, sizeof(b)) == -1 &&
		  errno == EACCES);
	errno = 0;
	CHECK("connect_broadcast_eacces",
	      connect(fd, (struct sockaddr *)&b, sizeof(b)) == -1 &&
		  errno == EACCES);
	int one = 1, v = 0;
	socklen_t l = sizeof(v);
	CHECK("so_broadcast",
	      !setsockopt(fd, SOL_SOCKET, SO_BROADCAST, &one, sizeof(one)) &&
		  !getsockopt(fd, SOL_SOCKET, SO_BROADCAST, &v, &l) && v == 1);
	char buf[4];
	CHECK("broadcast_delivered",
	      sendto(fd, "bc", 2, 0, (struct sockaddr *)&b, sizeof(b)) == 2 &&
		  recv(fr, buf, sizeof(buf), 0) == 2);
	close(fd);
	close(fr);
}

static void check_timeout(void)
{
	struct sockaddr_in a;
	int fd = bound_socket(&a);
	struct timeval tv = {0, 200000};
	CHECK("rcvtimeo_set",
	      !setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv)));
	struct timespec t0, t1;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	char buf[4];
	errno = 0;
	int r = (int)recv(fd, buf, sizeof(buf), 0);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	long ms = (t1.tv_sec - t0.tv_sec) * 1000 +
		  (t1.tv_nsec - t0.tv_nsec) / 1000000;
	CHECK("rcvtimeo_eagain", r == -1 && errno == EAGAIN && ms >= 190);
	close(fd);
}

static void check_options(void)
{
	int fd = socket(AF_INET, SOCK_DGRAM, 0), v = 33;
	socklen_t l = sizeof(v);
	CHECK("ip_ttl", !setsockopt(fd, IPPROTO_IP, IP_TTL, &v, sizeof(v)) &&
			    !getsockopt(fd, IPPROTO_IP, IP_TTL, &v, &l) &&
			    v == 33);
	v = 300;
	errno = 0;
	CHECK("ip_ttl_einval",
	      setsockopt(fd, IPPROTO_IP, IP_TTL, &v, sizeof(v)) == -1 &&
		  errno == EINVAL);
	v = 0x10;
	l = sizeof(v);
	CHECK("ip_tos", !setsockopt(fd, IPPROTO_IP, IP_TOS, &v, sizeof(v)) &&
			    !getsockopt(fd, IPPROTO_IP, IP_TOS, &v, &l) &&
			    v == 0x10);
	close(fd);
	struct sockaddr_in a, b;
	int fa = bound_socket(&a), fb = bound_socket(&b), one = 1;
	setsockopt(fb, IPPROTO_IP, IP_PKTINFO, &one, sizeof(one));
	sendto(fa, "p", 1, 0, (struct sockaddr *)&b, sizeof(b));
	char buf[4], ctl[64];
	struct iovec iov = {buf, sizeof(buf)};
	struct msghdr msg = {.msg_iov = &iov,
			     .msg_iovlen = 1,
			     .msg_control = ctl,
			     .msg_controllen = sizeof(ctl)};
	struct in_pktinfo pi = {0};
	if (recvmsg(fb, &msg, 0) == 1) {
		struct cmsghdr *c = CMSG_FIRSTHDR(&msg);
		if (c && c->cmsg_level == IPPROTO_IP &&
		    c->cmsg_type == IP_PKTINFO)
			memcpy(&pi, CMSG_DATA(c), sizeof(pi));
	}
	CHECK("ip_pktinfo", pi.ipi_ifindex == (int)if_nametoindex("lo") &&
				pi.ipi_addr.s_addr == htonl(INADDR_LOOPBACK));
	close(fa);
	close(fb);
}

static void check_ioctls(void)
{
	int fd = socket(AF_INET, SOCK_DGRAM, 0);
	struct ifreq r = {0};
	strcpy(r.ifr_name, "lo");
	struct sockaddr_in *in = (struct sockaddr_in *)&r.ifr_addr;
	CHECK("siocgifaddr", !ioctl(fd, SIOCGIFADDR, &r) &&
				 in->sin_family == AF_INET &&
				 in->sin_addr.s_addr == htonl(INADDR_LOOPBACK));
	CHECK("siocgifnetmask", !ioctl(fd, SIOCGIFNETMASK, &r) &&
				    in->sin_addr.s_addr == htonl(0xff000000));
	CHECK("siocgifbrdaddr", !ioctl(fd, SIOCGIFBRDADDR, &r) &&
				    in->sin_addr.s_addr == htonl(0x7fffffff));
	strcpy(r.ifr_name, "nosuch0");
	errno = 0;
	CHECK("siocgifaddr_enodev",
	      ioctl(fd, SIOCGIFADDR, &r) == -1 && errno == ENODEV);
	struct ifreq reqs[8];
	struct ifconf conf = {.ifc_len = sizeof(reqs), .ifc_req = reqs};
	int lo_seen = 0;
	CHECK("siocgifconf", !ioctl(fd, SIOCGIFCONF, &conf) &&
				 conf.ifc_len >= (int)sizeof(struct ifreq));
	for (int i = 0; i < conf.ifc_len / (int)sizeof(struct ifreq); i++)
		lo_seen |= !strcmp(reqs[i].ifr_name, "lo");
	CHECK("siocgifconf_lo", lo_seen);
	/* booted without a NIC: lo alone */
	CHECK("siocgifconf_lo_only", conf.ifc_len == (int)sizeof(struct ifreq));
	close(fd);
}

/* ---- Threads: an echo server, poll and epoll ---- */

static void *echo_server(void *arg)
{
	int fd = *(int *)arg;
	char buf[2048];
	struct sockaddr_in from;
	for (;;) {
		socklen_t l = sizeof(from);
		ssize_t n = recvfrom(fd, buf, sizeof(buf), 0,
				     (struct sockaddr *)&from, &l);
		if (n < 0 || (n == 4 && !memcmp(buf, "quit", 4)))
			return NULL;
		sendto(fd, buf, (size_t)n, 0, (struct sockaddr *)&from, l);
	}
}

static void check_threads(void)
{
	struct sockaddr_in s, c;
	int fs = bound_socket(&s), fc = bound_socket(&c);
	pthread_t t;
	pthread_create(&t, NULL, echo_server, &fs);
	connect(fc, (struct sockaddr *)&s, sizeof(s));
	int ok = 0;
	for (int i = 0; i < 100; i++) {
		char out[64], in[64];
		int n = snprintf(out, sizeof(out), "message %d", i);
		send(fc, out, (size_t)n, 0);
		ok += recv(fc, in, sizeof(in), 0) == n && !memcmp(in, out, n);
	}
	CHECK("echo_thread_100", ok == 100);
	CHECK("poll_not_readable", revents(fc, POLLIN, 0) == 0);
	CHECK("poll_writable", revents(fc, POLLOUT, 0) == POLLOUT);
	send(fc, "x", 1, 0);
	CHECK("poll_readable", revents(fc, POLLIN, 2000) == POLLIN);
	char b[4];
	recv(fc, b, sizeof(b), 0);
	int ep = epoll_create1(0);
	struct epoll_event ev = {.events = EPOLLIN, .data.u32 = 7};
	epoll_ctl(ep, EPOLL_CTL_ADD, fc, &ev);
	CHECK("epoll_empty", epoll_wait(ep, &ev, 1, 0) == 0);
	send(fc, "y", 1, 0);
	CHECK("epoll_readable",
	      epoll_wait(ep, &ev, 1, 2000) == 1 && ev.data.u32 == 7);
	close(ep);
	send(fc, "quit", 4, 0);
	pthread_join(t, NULL);
	close(fs);
	close(fc);
}

static void *blocked_reader(void *arg)
{
	int fd = *(int *)arg;
	char buf[8];
	return (void *)(intptr_t)recv(fd, buf, sizeof(buf), 0);
}

static void check_wakeup(void)
{
	struct sockaddr_in a, b;
	int fa = bound_socket(&a), fb = bound_socket(&b);
	pthread_t t;
	pthread_create(&t, NULL, blocked_reader, &fb);
	struct timespec d = {0, 50000000};
	nanosleep(&d,
		  NULL); /* not needed for correctness: either order works */
	sendto(fa, "wake", 4, 0, (struct sockaddr *)&b, sizeof(b));
	void *r;
	pthread_join(t, &r);
	CHECK("blocked_recv_woken", (intptr_t)r == 4);
	close(fa);
	close(fb);
}

static void check_ping(void)
{
	int fd = socket(AF_INET, SOCK_DGRAM, IPPROTO_ICMP);
	struct sockaddr_in a = loopback(0);
	unsigned char req[16] = {8, 0, 0, 0, 0, 0, 0, 7, 'p', 'i', 'n', 'g'};
	unsigned char rep[32];
	CHECK("ping_lo_send",
	      sendto(fd, req, sizeof(req), 0, (struct sockaddr *)&a,
		     sizeof(a)) == (ssize_t)sizeof(req));
	CHECK("ping_lo_reply",
	      revents(fd, POLLIN, 2000) == POLLIN &&
		  recv(fd, rep, sizeof(rep), 0) == (ssize_t)sizeof(req) &&
		  rep[0] == 0 && rep[7] == 7 && !memcmp(rep + 8, "ping", 4));
	close(fd);
}

static int alarms;

static void on_alarm(int sig)
{
	(void)sig;
	alarms++;
}

struct late_send {
	int fd;
	struct sockaddr_in to;
};

/* Sends once the second alarm came (SIGALRM blocked here). */
static void *send_after_alarm(void *arg)
{
	struct late_send *l = arg;
	sigset_t set;
	sigemptyset(&set);
	sigaddset(&set, SIGALRM);
	pthread_sigmask(SIG_BLOCK, &set, NULL);
	while (__atomic_load_n(&alarms, __ATOMIC_ACQUIRE) < 2)
		sched_yield();
	sendto(l->fd, "late", 4, 0, (struct sockaddr *)&l->to, sizeof(l->to));
	return NULL;
}

/* A signal ends a blocked recv: EINTR, or a restart with SA_RESTART. */
static void check_signal(void)
{
	struct sockaddr_in a;
	int fd = bound_socket(&a);
	struct sigaction sa = {.sa_handler = on_alarm}; /* no SA_RESTART */
	sigemptyset(&sa.sa_mask);
	sigaction(SIGALRM, &sa, NULL);
	struct itimerval it = {.it_value = {.tv_usec = 50000}};
	setitimer(ITIMER_REAL, &it, NULL);
	char buf[8];
	errno = 0;
	CHECK("recv_eintr", recv(fd, buf, sizeof(buf), 0) == -1 &&
				errno == EINTR && alarms == 1);
	sa.sa_flags = SA_RESTART;
	sigaction(SIGALRM, &sa, NULL);
	struct late_send l = {socket(AF_INET, SOCK_DGRAM, 0), a};
	pthread_t t;
	pthread_create(&t, NULL, send_after_alarm, &l);
	setitimer(ITIMER_REAL, &it, NULL);
	CHECK("recv_restarted", recv(fd, buf, sizeof(buf), 0) == 4 &&
				    alarms == 2 && !memcmp(buf, "late", 4));
	pthread_join(t, NULL);
	signal(SIGALRM, SIG_DFL);
	close(l.fd);
	close(fd);
}

static const struct app_check_group groups[] = {
    {"signal", check_signal},
    {"ping", check_ping},
    {"families", check_families},
    {"bind", check_bind},
    {"exchange", check_exchange},
    {"peek", check_peek_trunc},
    {"big", check_big},
    {"refused", check_refused},
    {"broadcast", check_broadcast},
    {"timeout", check_timeout},
    {"options", check_options},
    {"ioctls", check_ioctls},
    {"threads", check_threads},
    {"wakeup", check_wakeup},
};

int main(int argc, char **argv)
{
	setvbuf(stdout, NULL, _IOLBF, 0);
	return app_check_run(groups, sizeof(groups) / sizeof(*groups), argc,
			     argv);
}
