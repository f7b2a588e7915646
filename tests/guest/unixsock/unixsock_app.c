/*
 * AF_UNIX sockets and the families the kernel lacks
 * (tests/guest/unixsock.test; built against glibc's headers, so it
 * loads only where every socket call is exported).  Each group of
 * checks is named; arguments choose groups (all by default).  Threads
 * that must block are woken by the event they wait for (a connect, a
 * send, a read that makes room, pthread_cancel), never timed with a
 * sleep: whichever runs first, the check holds.  Prints "PASS name" or
 * "FAIL name: why", then "checks: N failed: M".
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/uio.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#include "../app_check.h"

static volatile int sigpipes;

static void on_sigpipe(int sig)
{
	(void)sig;
	sigpipes++;
}

static socklen_t path_addr(struct sockaddr_un *a, const char *path)
{
	memset(a, 0, sizeof(*a));
	a->sun_family = AF_UNIX;
	strcpy(a->sun_path, path);
	return (socklen_t)(offsetof(struct sockaddr_un, sun_path) +
			   strlen(path) + 1);
}

/* An abstract name: sun_path[0] == 0, then name (no NUL counted). */
static socklen_t abstract_addr(struct sockaddr_un *a, const char *name)
{
	memset(a, 0, sizeof(*a));
	a->sun_family = AF_UNIX;
	memcpy(a->sun_path + 1, name, strlen(name));
	return (socklen_t)(offsetof(struct sockaddr_un, sun_path) + 1 +
			   strlen(name));
}

static double mono(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec * 1e-9;
}

static short revents(int fd, short events)
{
	struct pollfd p = {fd, events, 0};
	return poll(&p, 1, 0) == 1 ? p.revents : 0;
}

static void check_families(void)
{
	/* AF_PACKET: with the network stack (vnet.test, configure.test) */
	static const int families[] = {AF_INET, AF_INET6, AF_NETLINK};
	static const char *names[] = {"inet", "inet6", "netlink"};
	for (int i = 0; i < 3; i++) {
		char name[64];
		errno = 0;
		/* with the network stack, AF_INET has TCP, not a UDP stream */
		int fd = socket(families[i], SOCK_STREAM,
				families[i] == AF_INET ? 17 : 0); /* UDP */
		snprintf(name, sizeof(name), "family_%s_eafnosupport",
			 names[i]);
		CHECK(name, fd == -1 && (errno == EAFNOSUPPORT ||
					 (families[i] == AF_INET &&
					  errno == EPROTONOSUPPORT)));
	}
	errno = 0;
	CHECK("family_bad_type",
	      socket(AF_UNIX, SOCK_RDM, 0) == -1 && errno == ESOCKTNOSUPPORT);
	errno = 0;
	CHECK("family_bad_type_bits",
	      socket(AF_UNIX, 77, 0) == -1 && errno == EINVAL);
	errno = 0;
	CHECK("family_bad_protocol", socket(AF_UNIX, SOCK_STREAM, 5) == -1 &&
					 errno == EPROTONOSUPPORT);
	struct sockaddr_un a;
	socklen_t len = path_addr(&a, "/tmp/x");
	errno = 0;
	CHECK("bad_fd_ebadf",
	      bind(-1, (struct sockaddr *)&a, len) == -1 && errno == EBADF);
	int file = open("/tmp/regular", O_CREAT | O_RDWR, 0600);
	errno = 0;
	CHECK("regular_file_enotsock",
	      bind(file, (struct sockaddr *)&a, len) == -1 &&
		  errno == ENOTSOCK);
	errno = 0;
	CHECK("regular_file_send_enotsock",
	      send(file, "x", 1, 0) == -1 && errno == ENOTSOCK);
	close(file);
	int s = socket(AF_UNIX, SOCK_STREAM, 0);
	struct stat st;
	CHECK("fstat_ifsock",
	      s >= 0 && fstat(s, &st) == 0 && S_ISSOCK(st.st_mode));
	char link[64], target[64], want[64];
	snprintf(link, sizeof(link), "/proc/self/fd/%d", s);
	ssize_t n = readlink(link, target, sizeof(target) - 1);
	target[n > 0 ? n : 0] = 0;
	snprintf(want, sizeof(want), "socket:[%lu]", (unsigned long)st.st_ino);
	CHECK("proc_fd_link", !strcmp(target, want));
	close(s);
}

static void check_stream_pair(void)
{
	int sv[2];
	char buf[64];
	CHECK("pair_made", socketpair(AF_UNIX, SOCK_STREAM, 0, sv) == 0);
	CHECK("pair_write_read", write(sv[0], "hello", 5) == 5 &&
				     read(sv[1], buf, sizeof(buf)) == 5 &&
				     !memcmp(buf, "hello", 5));
	CHECK("pair_other_way", send(sv[1], "back", 4, 0) == 4 &&
				    recv(sv[0], buf, sizeof(buf), 0) == 4 &&
				    !memcmp(buf, "back", 4));
	struct iovec iov[2] = {{"ab", 2}, {"cde", 3}};
	CHECK("pair_writev", writev(sv[0], iov, 2) == 5);
	CHECK("pair_peek",
	      recv(sv[1], buf, 3, MSG_PEEK) == 3 && !memcmp(buf, "abc", 3));
	char x[2], y[3];
	struct iovec in[2] = {{x, 2}, {y, 3}};
	CHECK("pair_readv_after_peek", readv(sv[1], in, 2) == 5 &&
					   !memcmp(x, "ab", 2) &&
					   !memcmp(y, "cde", 3));
	errno = 0;
	CHECK("pair_dontwait_eagain",
	      recv(sv[1], buf, 1, MSG_DONTWAIT) == -1 && errno == EAGAIN);
	int fl = fcntl(sv[1], F_GETFL);
	fcntl(sv[1], F_SETFL, fl | O_NONBLOCK);
	errno = 0;
	CHECK("pair_fcntl_nonblock",
	      read(sv[1], buf, 1) == -1 && errno == EAGAIN);
	fcntl(sv[1], F_SETFL, fl);
	int ioctl_count = -1;
	send(sv[0], "xyz", 3, 0);
	CHECK("pair_poll_in", (revents(sv[1], POLLIN | POLLOUT) &
			       (POLLIN | POLLOUT)) == (POLLIN | POLLOUT));
	(void)ioctl_count;
	recv(sv[1], buf, sizeof(buf), 0);
	CHECK("pair_poll_empty", revents(sv[1], POLLIN | POLLOUT) == POLLOUT);
	send(sv[0], "last", 4, 0);
	close(sv[0]);
	CHECK("pair_data_after_close", recv(sv[1], buf, sizeof(buf), 0) == 4);
	CHECK("pair_poll_hup", (revents(sv[1], POLLIN) & (POLLIN | POLLHUP)) ==
				   (POLLIN | POLLHUP));
	CHECK("pair_eof", recv(sv[1], buf, sizeof(buf), 0) == 0);
	errno = 0;
	CHECK("pair_epipe_nosignal", send(sv[1], "x", 1, MSG_NOSIGNAL) == -1 &&
					 errno == EPIPE && sigpipes == 0);
	errno = 0;
	CHECK("pair_epipe_sigpipe",
	      send(sv[1], "x", 1, 0) == -1 && errno == EPIPE && sigpipes == 1);
	errno = 0;
	CHECK("pair_write_sigpipe",
	      write(sv[1], "x", 1) == -1 && errno == EPIPE && sigpipes == 2);
	close(sv[1]);

	CHECK("pair_flags",
	      socketpair(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0,
			 sv) == 0);
	CHECK("pair_sock_nonblock", (fcntl(sv[0], F_GETFL) & O_NONBLOCK) &&
					(fcntl(sv[1], F_GETFL) & O_NONBLOCK));
	CHECK("pair_sock_cloexec", fcntl(sv[0], F_GETFD) == FD_CLOEXEC);
	errno = 0;
	CHECK("pair_nonblock_eagain",
	      recv(sv[0], buf, 1, 0) == -1 && errno == EAGAIN);
	close(sv[0]);
	close(sv[1]);
}

static void check_messages(void)
{
	int sv[2];
	char buf[64];
	CHECK("dgram_pair", socketpair(AF_UNIX, SOCK_DGRAM, 0, sv) == 0);
	send(sv[0], "one", 3, 0);
	send(sv[0], "second", 6, 0);
	send(sv[0], "", 0, 0);
	CHECK("dgram_boundary", recv(sv[1], buf, sizeof(buf), 0) == 3);
	struct iovec iov = {buf, 2};
	struct msghdr msg = {.msg_iov = &iov, .msg_iovlen = 1};
	ssize_t n = recvmsg(sv[1], &msg, 0);
	CHECK("dgram_truncated",
	      n == 2 && (msg.msg_flags & MSG_TRUNC) && !memcmp(buf, "se", 2));
	CHECK("dgram_empty", recv(sv[1], buf, sizeof(buf), 0) == 0);
	send(sv[0], "abcdef", 6, 0);
	CHECK("dgram_msg_trunc_length", recv(sv[1], buf, 2, MSG_TRUNC) == 6);
	errno = 0;
	CHECK("dgram_empty_eagain",
	      recv(sv[1], buf, 1, MSG_DONTWAIT) == -1 && errno == EAGAIN);

	struct mmsghdr vec[3];
	struct iovec iovs[3] = {{"m1", 2}, {"mm2", 3}, {"mmm3", 4}};
	memset(vec, 0, sizeof(vec));
	for (int i = 0; i < 3; i++) {
		vec[i].msg_hdr.msg_iov = &iovs[i];
		vec[i].msg_hdr.msg_iovlen = 1;
	}
	CHECK("sendmmsg",
	      sendmmsg(sv[0], vec, 3, 0) == 3 && vec[2].msg_len == 4);
	char bufs[3][8];
	struct iovec riov[3];
	memset(vec, 0, sizeof(vec));
	for (int i = 0; i < 3; i++) {
		riov[i] = (struct iovec){bufs[i], 8};
		vec[i].msg_hdr.msg_iov = &riov[i];
		vec[i].msg_hdr.msg_iovlen = 1;
	}
	CHECK("recvmmsg", recvmmsg(sv[1], vec, 3, MSG_DONTWAIT, NULL) == 3 &&
			      vec[0].msg_len == 2 && vec[1].msg_len == 3 &&
			      vec[2].msg_len == 4 &&
			      !memcmp(bufs[2], "mmm3", 4));
	int small = 4096;
	setsockopt(sv[1], SOL_SOCKET, SO_RCVBUF, &small, sizeof(small));
	static char big[20000];
	CHECK("dgram_bigger_than_rcvbuf_alone",
	      send(sv[0], big, sizeof(big), MSG_DONTWAIT) == sizeof(big));
	errno = 0;
	CHECK("dgram_full_eagain",
	      send(sv[0], big, sizeof(big), MSG_DONTWAIT) == -1 &&
		  errno == EAGAIN);
	CHECK("dgram_big_whole",
	      recv(sv[1], big, sizeof(big), 0) == sizeof(big));
	struct sockaddr_un from;
	socklen_t flen = sizeof(from);
	send(sv[0], "u", 1, 0);
	CHECK("dgram_unbound_sender_no_name",
	      recvfrom(sv[1], buf, 1, 0, (struct sockaddr *)&from, &flen) ==
		      1 &&
		  flen == 0);
	close(sv[0]);
	close(sv[1]);

	socketpair(AF_UNIX, SOCK_STREAM, 0, sv);
	CHECK("stream_send_nothing", send(sv[0], "", 0, 0) == 0);
	errno = 0;
	CHECK("stream_nothing_queued",
	      recv(sv[1], buf, 1, MSG_DONTWAIT) == -1 && errno == EAGAIN);
	close(sv[0]);
	close(sv[1]);

	CHECK("seqpacket_pair",
	      socketpair(AF_UNIX, SOCK_SEQPACKET, 0, sv) == 0);
	send(sv[0], "rec1", 4, 0);
	send(sv[0], "record2", 7, 0);
	CHECK("seqpacket_boundary", recv(sv[1], buf, sizeof(buf), 0) == 4 &&
					recv(sv[1], buf, sizeof(buf), 0) == 7);
	close(sv[0]);
	CHECK("seqpacket_eof", recv(sv[1], buf, sizeof(buf), 0) == 0);
	close(sv[1]);
}

struct acceptor {
	int listener, fd, err, flags;
};

static void *accept_thread(void *arg)
{
	struct acceptor *a = arg;
	a->fd = accept4(a->listener, NULL, NULL, a->flags);
	a->err = errno;
	return NULL;
}

static void check_paths(void)
{
	struct sockaddr_un a, b;
	socklen_t len = path_addr(&a, "/tmp/srv.sock");
	int l = socket(AF_UNIX, SOCK_STREAM, 0);
	CHECK("path_bind", bind(l, (struct sockaddr *)&a, len) == 0);
	struct stat st;
	CHECK("path_socket_file",
	      stat("/tmp/srv.sock", &st) == 0 && S_ISSOCK(st.st_mode));
	int c = socket(AF_UNIX, SOCK_STREAM, 0);
	errno = 0;
	CHECK("path_no_listener_econnrefused",
	      connect(c, (struct sockaddr *)&a, len) == -1 &&
		  errno == ECONNREFUSED);
	int other = socket(AF_UNIX, SOCK_STREAM, 0);
	errno = 0;
	CHECK("path_eaddrinuse",
	      bind(other, (struct sockaddr *)&a, len) == -1 &&
		  errno == EADDRINUSE);
	errno = 0;
	CHECK("path_bound_twice_einval",
	      bind(l, (struct sockaddr *)&b, path_addr(&b, "/tmp/o")) == -1 &&
		  errno == EINVAL);
	errno = 0;
	int dg = socket(AF_UNIX, SOCK_DGRAM, 0);
	errno = 0;
	CHECK("path_wrong_type_eprototype",
	      connect(dg, (struct sockaddr *)&a, len) == -1 &&
		  errno == EPROTOTYPE);
	close(dg);
	errno = 0;
	CHECK("path_open_enxio",
	      open("/tmp/srv.sock", O_RDWR) == -1 && errno == ENXIO);
	errno = 0;
	CHECK("path_missing_enoent",
	      connect(other, (struct sockaddr *)&b,
		      path_addr(&b, "/tmp/none.sock")) == -1 &&
		  errno == ENOENT);
	close(open("/tmp/plain", O_CREAT | O_RDWR, 0600));
	errno = 0;
	CHECK("path_regular_econnrefused",
	      connect(other, (struct sockaddr *)&b,
		      path_addr(&b, "/tmp/plain")) == -1 &&
		  errno == ECONNREFUSED);
	errno = 0;
	CHECK("addr_short_einval",
	      connect(other, (struct sockaddr *)&b, 1) == -1 &&
		  errno == EINVAL);
	errno = 0;
	CHECK("addr_too_long_einval",
	      bind(other, (struct sockaddr *)&b, sizeof(b) + 1) == -1 &&
		  errno == EINVAL);
	struct sockaddr_un inet = b;
	inet.sun_family = AF_INET;
	errno = 0;
	CHECK("addr_family_einval",
	      bind(other, (struct sockaddr *)&inet, len) == -1 &&
		  errno == EINVAL);
	char longname[300];
	memset(longname, 'n', sizeof(longname));
	memcpy(longname, "/tmp/", 5);
	memset(&b, 0, sizeof(b));
	b.sun_family = AF_UNIX;
	memcpy(b.sun_path, longname, sizeof(b.sun_path));
	errno = 0;
	CHECK("name_too_long_einval",
	      bind(other, (struct sockaddr *)&b, sizeof(b) + 10) == -1 &&
		  errno == EINVAL);
	close(other);

	int on = -1;
	socklen_t olen = sizeof(on);
	getsockopt(l, SOL_SOCKET, SO_ACCEPTCONN, &on, &olen);
	CHECK("acceptconn_before", on == 0);
	CHECK("path_listen", listen(l, 4) == 0);
	getsockopt(l, SOL_SOCKET, SO_ACCEPTCONN, &on, &olen);
	CHECK("acceptconn_after", on == 1);

	struct acceptor acc = {l, -1, 0, SOCK_CLOEXEC};
	pthread_t t;
	pthread_create(&t, NULL, accept_thread, &acc);
	CHECK("path_connect", connect(c, (struct sockaddr *)&a, len) == 0);
	pthread_join(t, NULL);
	CHECK("accept_woken", acc.fd >= 0);
	CHECK("accept4_cloexec", fcntl(acc.fd, F_GETFD) == FD_CLOEXEC);
	char buf[32];
	CHECK("path_data", send(c, "ping", 4, 0) == 4 &&
			       recv(acc.fd, buf, sizeof(buf), 0) == 4 &&
			       send(acc.fd, "pong", 4, 0) == 4 &&
			       recv(c, buf, sizeof(buf), 0) == 4 &&
			       !memcmp(buf, "pong", 4));
	struct sockaddr_un got;
	socklen_t glen = sizeof(got);
	CHECK("getsockname_path",
	      getsockname(l, (struct sockaddr *)&got, &glen) == 0 &&
		  glen == len && !strcmp(got.sun_path, "/tmp/srv.sock"));
	glen = sizeof(got);
	CHECK("getpeername_path",
	      getpeername(c, (struct sockaddr *)&got, &glen) == 0 &&
		  glen == len && !strcmp(got.sun_path, "/tmp/srv.sock"));
	glen = sizeof(got);
	CHECK("getsockname_unbound",
	      getsockname(c, (struct sockaddr *)&got, &glen) == 0 &&
		  glen == sizeof(sa_family_t) && got.sun_family == AF_UNIX);
	int lone = socket(AF_UNIX, SOCK_STREAM, 0);
	errno = 0;
	CHECK("getpeername_enotconn",
	      getpeername(lone, (struct sockaddr *)&got, &glen) == -1 &&
		  errno == ENOTCONN);
	errno = 0;
	CHECK("shutdown_enotconn",
	      shutdown(lone, SHUT_RDWR) == -1 && errno == ENOTCONN);
	errno = 0;
	CHECK("accept_not_listening_einval",
	      accept(lone, NULL, NULL) == -1 && errno == EINVAL);
	close(lone);

	/* a pending connection makes the listener readable */
	int c2 = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK, 0);
	CHECK("listener_not_ready", !(revents(l, POLLIN) & POLLIN));
	CHECK("connect_nonblock", connect(c2, (struct sockaddr *)&a, len) == 0);
	CHECK("listener_ready", revents(l, POLLIN) & POLLIN);
	glen = sizeof(got);
	int s2 = accept(l, (struct sockaddr *)&got, &glen);
	CHECK("accept_peer_name", s2 >= 0 && glen == sizeof(sa_family_t));
	fcntl(l, F_SETFL, O_NONBLOCK);
	errno = 0;
	CHECK("accept_nonblock_eagain",
	      accept(l, NULL, NULL) == -1 && errno == EAGAIN);

	CHECK("shutdown_wr", shutdown(c, SHUT_WR) == 0);
	CHECK("shutdown_peer_eof", recv(acc.fd, buf, sizeof(buf), 0) == 0);
	errno = 0;
	CHECK("shutdown_own_epipe",
	      send(c, "x", 1, MSG_NOSIGNAL) == -1 && errno == EPIPE);
	CHECK("shutdown_other_way",
	      send(acc.fd, "y", 1, 0) == 1 && recv(c, buf, 1, 0) == 1);
	errno = 0;
	CHECK("shutdown_bad_how", shutdown(c, 7) == -1 && errno == EINVAL);
	close(c);
	close(c2);
	close(s2);
	close(acc.fd);
	close(l);
	CHECK("path_stays_after_close", stat("/tmp/srv.sock", &st) == 0);
	c = socket(AF_UNIX, SOCK_STREAM, 0);
	errno = 0;
	CHECK("path_closed_econnrefused",
	      connect(c, (struct sockaddr *)&a, len) == -1 &&
		  errno == ECONNREFUSED);
	CHECK("path_unlink_rebind",
	      unlink("/tmp/srv.sock") == 0 &&
		  bind(c, (struct sockaddr *)&a, len) == 0);
	close(c);
	unlink("/tmp/srv.sock");
}

static void check_abstract(void)
{
	struct sockaddr_un a, got;
	socklen_t len = abstract_addr(&a, "osv-test");
	int l = socket(AF_UNIX, SOCK_SEQPACKET, 0);
	CHECK("abstract_bind",
	      bind(l, (struct sockaddr *)&a, len) == 0 && listen(l, 1) == 0);
	int other = socket(AF_UNIX, SOCK_SEQPACKET, 0);
	errno = 0;
	CHECK("abstract_eaddrinuse",
	      bind(other, (struct sockaddr *)&a, len) == -1 &&
		  errno == EADDRINUSE);
	socklen_t glen = sizeof(got);
	CHECK("abstract_getsockname",
	      getsockname(l, (struct sockaddr *)&got, &glen) == 0 &&
		  glen == len && !memcmp(&got, &a, len));
	CHECK("abstract_connect",
	      connect(other, (struct sockaddr *)&a, len) == 0);
	int s = accept(l, NULL, NULL);
	char buf[16];
	CHECK("abstract_data", send(other, "abc", 3, 0) == 3 &&
				   recv(s, buf, sizeof(buf), 0) == 3);
	int again = socket(AF_UNIX, SOCK_SEQPACKET, 0);
	CHECK("abstract_second_connection",
	      connect(again, (struct sockaddr *)&a, len) == 0);
	close(again);
	/* Linux's abstract names are looked up with the type */
	int stream = socket(AF_UNIX, SOCK_STREAM, 0);
	errno = 0;
	CHECK("abstract_wrong_type_econnrefused",
	      connect(stream, (struct sockaddr *)&a, len) == -1 &&
		  errno == ECONNREFUSED);
	struct sockaddr_un none;
	abstract_addr(&none, "nobody");
	errno = 0;
	CHECK("abstract_missing_econnrefused",
	      connect(stream, (struct sockaddr *)&none, len) == -1 &&
		  errno == ECONNREFUSED);
	int ab = socket(AF_UNIX, SOCK_DGRAM, 0);
	CHECK("autobind",
	      bind(ab, (struct sockaddr *)&a, sizeof(sa_family_t)) == 0);
	glen = sizeof(got);
	getsockname(ab, (struct sockaddr *)&got, &glen);
	CHECK("autobind_name",
	      glen == sizeof(sa_family_t) + 6 && got.sun_path[0] == 0);

	/* unconnected datagrams: sendto a name, recvfrom the sender's */
	int rx = socket(AF_UNIX, SOCK_DGRAM, 0);
	struct sockaddr_un rxa;
	socklen_t rxlen = abstract_addr(&rxa, "dgram-rx");
	bind(rx, (struct sockaddr *)&rxa, rxlen);
	CHECK("sendto_abstract",
	      sendto(ab, "dg", 2, 0, (struct sockaddr *)&rxa, rxlen) == 2);
	struct sockaddr_un from;
	socklen_t flen = sizeof(from);
	CHECK("recvfrom_sender",
	      recvfrom(rx, buf, sizeof(buf), 0, (struct sockaddr *)&from,
		       &flen) == 2 &&
		  flen == glen && !memcmp(&from, &got, glen));
	CHECK("dgram_connect",
	      connect(ab, (struct sockaddr *)&rxa, rxlen) == 0 &&
		  send(ab, "c", 1, 0) == 1 && recv(rx, buf, 1, 0) == 1);
	close(rx);
	errno = 0;
	CHECK("dgram_peer_closed_econnrefused",
	      send(ab, "c", 1, 0) == -1 && errno == ECONNREFUSED);
	close(ab);
	close(stream);
	close(l);
	int rebound = socket(AF_UNIX, SOCK_SEQPACKET, 0);
	CHECK("abstract_free_after_listener_closed",
	      bind(rebound, (struct sockaddr *)&a, len) == 0);
	close(rebound);
	close(s);
	close(other);
}

struct reader {
	int fd, err;
	ssize_t n;
	char buf[16];
	size_t want;
	int flags;
};

static void *recv_thread(void *arg)
{
	struct reader *r = arg;
	r->n = recv(r->fd, r->buf, r->want, r->flags);
	r->err = errno;
	return NULL;
}

struct sender {
	int fd, err;
	ssize_t n;
};

static void *send_thread(void *arg)
{
	struct sender *s = arg;
	s->n = send(s->fd, "x", 1, MSG_NOSIGNAL);
	s->err = errno;
	return NULL;
}

static void *epoll_thread(void *arg)
{
	int *ep = arg;
	struct epoll_event ev;
	return (void *)(long)epoll_wait(*ep, &ev, 1, -1);
}

struct filler {
	int fd;
	size_t total;
	unsigned sum;
};

static void *fill_thread(void *arg)
{
	struct filler *f = arg;
	static char block[8192];
	for (size_t sent = 0; sent < f->total;) {
		for (size_t i = 0; i < sizeof(block); i++)
			block[i] = (char)((sent + i) * 7);
		ssize_t n = send(f->fd, block, sizeof(block), 0);
		if (n <= 0)
			break;
		for (ssize_t i = 0; i < n; i++)
			f->sum += (unsigned char)block[i];
		sent += (size_t)n;
	}
	return NULL;
}

static void check_threads(void)
{
	int sv[2];
	socketpair(AF_UNIX, SOCK_STREAM, 0, sv);
	struct reader r = {.fd = sv[1], .want = 5};
	pthread_t t;
	pthread_create(&t, NULL, recv_thread, &r);
	send(sv[0], "wake!", 5, 0);
	pthread_join(t, NULL);
	CHECK("recv_woken", r.n == 5 && !memcmp(r.buf, "wake!", 5));

	r = (struct reader){.fd = sv[1], .want = 6, .flags = MSG_WAITALL};
	pthread_create(&t, NULL, recv_thread, &r);
	send(sv[0], "abc", 3, 0);
	send(sv[0], "def", 3, 0);
	pthread_join(t, NULL);
	CHECK("recv_waitall", r.n == 6 && !memcmp(r.buf, "abcdef", 6));

	/* recv is a cancellation point, as read is: the thread ends */
	r = (struct reader){.fd = sv[1], .want = 1, .n = 7};
	pthread_create(&t, NULL, recv_thread, &r);
	pthread_cancel(t);
	void *ret;
	pthread_join(t, &ret);
	CHECK("recv_cancelled", ret == PTHREAD_CANCELED && r.n == 7);

	int ep = epoll_create1(0);
	struct epoll_event ev = {.events = EPOLLIN};
	epoll_ctl(ep, EPOLL_CTL_ADD, sv[1], &ev);
	void *res;
	pthread_create(&t, NULL, epoll_thread, &ep);
	send(sv[0], "e", 1, 0);
	pthread_join(t, &res);
	CHECK("epoll_woken_by_send", (long)res == 1);
	char c;
	recv(sv[1], &c, 1, 0);
	struct epoll_event out;
	CHECK("epoll_empty_after_read", epoll_wait(ep, &out, 1, 0) == 0);
	close(ep);

	/* back-pressure: a full buffer stops a non-blocking sender */
	int fl = fcntl(sv[0], F_GETFL);
	fcntl(sv[0], F_SETFL, fl | O_NONBLOCK);
	static char chunk[4096];
	size_t queued = 0;
	ssize_t n;
	while ((n = send(sv[0], chunk, sizeof(chunk), 0)) > 0)
		queued += (size_t)n;
	printf("queued %zu bytes before EAGAIN\n", queued);
	CHECK("backpressure_eagain", n == -1 && errno == EAGAIN &&
					 queued >= 65536 &&
					 queued <= 1024 * 1024);
	CHECK("backpressure_not_writable",
	      !(revents(sv[0], POLLOUT) & POLLOUT));
	static char sink[16384];
	size_t drained = 0;
	while (drained < queued &&
	       (n = recv(sv[1], sink, sizeof(sink), MSG_DONTWAIT)) > 0)
		drained += (size_t)n;
	CHECK("backpressure_drained", drained == queued);
	CHECK("backpressure_writable", revents(sv[0], POLLOUT) & POLLOUT);
	fcntl(sv[0], F_SETFL, fl);

	/* a blocked sender is woken by the reader: 1 MiB through */
	struct filler f = {.fd = sv[0], .total = 1024 * 1024};
	pthread_create(&t, NULL, fill_thread, &f);
	size_t got = 0;
	unsigned sum = 0;
	bool in_order = true;
	size_t first_bad = 0;
	while (got < f.total && (n = recv(sv[1], sink, sizeof(sink), 0)) > 0) {
		for (ssize_t i = 0; i < n; i++) {
			if (in_order && sink[i] != (char)((got + i) * 7))
				first_bad = got + (size_t)i;
			in_order &= sink[i] == (char)((got + i) * 7);
			sum += (unsigned char)sink[i];
		}
		got += (size_t)n;
	}
	pthread_join(t, NULL);
	if (got != f.total || sum != f.sum || !in_order)
		printf("got %zu of %zu, sum %u sent %u, first bad at %zu\n",
		       got, f.total, sum, f.sum, first_bad);
	CHECK("sender_woken_all_through", got == f.total && sum == f.sum);
	CHECK("stream_bytes_in_order", in_order);
	/* a sender blocked on a full buffer, the reader closing */
	fcntl(sv[0], F_SETFL, fl | O_NONBLOCK);
	while (send(sv[0], chunk, sizeof(chunk), 0) > 0)
		;
	fcntl(sv[0], F_SETFL, fl);
	struct sender snd = {.fd = sv[0]};
	pthread_create(&t, NULL, send_thread, &snd);
	close(sv[1]);
	pthread_join(t, NULL);
	CHECK("blocked_send_epipe_on_close", snd.n == -1 && snd.err == EPIPE);
	close(sv[0]);

	/* a reader blocked on an empty socket, shut down for reading */
	socketpair(AF_UNIX, SOCK_STREAM, 0, sv);
	r = (struct reader){.fd = sv[1], .want = 1};
	pthread_create(&t, NULL, recv_thread, &r);
	shutdown(sv[1], SHUT_RD);
	pthread_join(t, NULL);
	CHECK("blocked_recv_eof_on_shutdown", r.n == 0);
	close(sv[0]);
	close(sv[1]);
}

static void check_rights(void)
{
	int sv[2], p[2];
	socketpair(AF_UNIX, SOCK_DGRAM, 0, sv);
	pipe(p);
	int file = open("/tmp/shared", O_CREAT | O_RDWR | O_TRUNC, 0600);
	union {
		char buf[CMSG_SPACE(2 * sizeof(int))];
		struct cmsghdr align;
	} ctl;
	memset(&ctl, 0, sizeof(ctl));
	struct iovec iov = {"F", 1};
	struct msghdr msg = {.msg_iov = &iov,
			     .msg_iovlen = 1,
			     .msg_control = ctl.buf,
			     .msg_controllen = sizeof(ctl.buf)};
	struct cmsghdr *c = CMSG_FIRSTHDR(&msg);
	c->cmsg_level = SOL_SOCKET;
	c->cmsg_type = SCM_RIGHTS;
	c->cmsg_len = CMSG_LEN(2 * sizeof(int));
	int fds[2] = {p[1], file};
	memcpy(CMSG_DATA(c), fds, sizeof(fds));
	CHECK("rights_sent", sendmsg(sv[0], &msg, 0) == 1);

	char b;
	union {
		char buf[64];
		struct cmsghdr align;
	} rctl;
	struct iovec riov = {&b, 1};
	struct msghdr rmsg = {.msg_iov = &riov,
			      .msg_iovlen = 1,
			      .msg_control = rctl.buf,
			      .msg_controllen = sizeof(rctl.buf)};
	CHECK("rights_received", recvmsg(sv[1], &rmsg, MSG_CMSG_CLOEXEC) == 1);
	c = CMSG_FIRSTHDR(&rmsg);
	int got[2] = {-1, -1};
	if (c && c->cmsg_level == SOL_SOCKET && c->cmsg_type == SCM_RIGHTS &&
	    c->cmsg_len == CMSG_LEN(2 * sizeof(int)))
		memcpy(got, CMSG_DATA(c), sizeof(got));
	CHECK("rights_new_fds",
	      got[0] >= 0 && got[1] >= 0 && got[0] != p[1] && got[1] != file);
	CHECK("rights_cloexec", fcntl(got[0], F_GETFD) == FD_CLOEXEC);
	char buf[8];
	CHECK("rights_same_pipe", write(got[0], "via", 3) == 3 &&
				      read(p[0], buf, sizeof(buf)) == 3);
	write(file, "12345", 5);
	CHECK("rights_same_open_file", lseek(got[1], 0, SEEK_CUR) == 5);
	close(got[0]);
	close(got[1]);

	/* a control buffer too small: MSG_CTRUNC */
	memcpy(CMSG_DATA(CMSG_FIRSTHDR(&msg)), fds, sizeof(fds));
	sendmsg(sv[0], &msg, 0);
	rmsg.msg_controllen = CMSG_SPACE(sizeof(int)) - 4;
	rmsg.msg_control = rctl.buf;
	CHECK("rights_ctrunc",
	      recvmsg(sv[1], &rmsg, 0) == 1 && (rmsg.msg_flags & MSG_CTRUNC));

	int bad[1] = {999};
	msg.msg_controllen = CMSG_SPACE(sizeof(int));
	c = CMSG_FIRSTHDR(&msg);
	c->cmsg_len = CMSG_LEN(sizeof(int));
	memcpy(CMSG_DATA(c), bad, sizeof(bad));
	errno = 0;
	CHECK("rights_bad_fd_ebadf",
	      sendmsg(sv[0], &msg, 0) == -1 && errno == EBADF);

	close(sv[0]);
	close(sv[1]);

	/* over a stream the descriptors come with the bytes sent with them */
	socketpair(AF_UNIX, SOCK_STREAM, 0, sv);
	msg.msg_controllen = CMSG_SPACE(sizeof(int));
	c = CMSG_FIRSTHDR(&msg);
	c->cmsg_len = CMSG_LEN(sizeof(int));
	memcpy(CMSG_DATA(c), &p[1], sizeof(int));
	send(sv[0], "ab", 2, 0);
	sendmsg(sv[0], &msg, 0);
	send(sv[0], "cd", 2, 0);
	rmsg.msg_control = rctl.buf;
	rmsg.msg_controllen = sizeof(rctl.buf);
	char sbuf[8];
	riov = (struct iovec){sbuf, sizeof(sbuf)};
	ssize_t before = recvmsg(sv[1], &rmsg, 0);
	CHECK("stream_rights_not_early",
	      before == 2 && rmsg.msg_controllen == 0);
	rmsg.msg_controllen = sizeof(rctl.buf);
	ssize_t with = recvmsg(sv[1], &rmsg, 0);
	c = CMSG_FIRSTHDR(&rmsg);
	int passed = -1;
	if (c && c->cmsg_type == SCM_RIGHTS)
		memcpy(&passed, CMSG_DATA(c), sizeof(int));
	CHECK("stream_rights_end_the_read",
	      with == 1 && sbuf[0] == 'F' && passed >= 0);
	CHECK("stream_rights_rest", recv(sv[1], sbuf, sizeof(sbuf), 0) == 2);
	close(passed);
	/* even a MSG_WAITALL read ends before them, short */
	send(sv[0], "ab", 2, 0);
	sendmsg(sv[0], &msg, 0);
	CHECK("stream_rights_end_a_waitall_read",
	      recv(sv[1], sbuf, 3, MSG_WAITALL) == 2);
	rmsg.msg_control = rctl.buf;
	rmsg.msg_controllen = sizeof(rctl.buf);
	passed = -1;
	with = recvmsg(sv[1], &rmsg, 0);
	c = CMSG_FIRSTHDR(&rmsg);
	if (c && c->cmsg_type == SCM_RIGHTS)
		memcpy(&passed, CMSG_DATA(c), sizeof(int));
	CHECK("stream_rights_after_the_waitall_read",
	      with == 1 && sbuf[0] == 'F' && passed >= 0);
	close(passed);
	close(sv[0]);
	close(sv[1]);

	socketpair(AF_UNIX, SOCK_DGRAM, 0, sv);
	int on = 1;
	CHECK("passcred_set",
	      setsockopt(sv[1], SOL_SOCKET, SO_PASSCRED, &on, sizeof(on)) == 0);
	send(sv[0], "c", 1, 0);
	rmsg.msg_control = rctl.buf;
	rmsg.msg_controllen = sizeof(rctl.buf);
	recvmsg(sv[1], &rmsg, 0);
	c = CMSG_FIRSTHDR(&rmsg);
	struct ucred cred = {0, 1, 1};
	if (c && c->cmsg_type == SCM_CREDENTIALS)
		memcpy(&cred, CMSG_DATA(c), sizeof(cred));
	CHECK("scm_credentials", cred.pid == getpid() && cred.uid == getuid());
	close(sv[0]);
	close(sv[1]);
	close(p[0]);
	close(p[1]);
	close(file);
}

static int getint(int fd, int name)
{
	int v = -1;
	socklen_t len = sizeof(v);
	if (getsockopt(fd, SOL_SOCKET, name, &v, &len) != 0 || len != sizeof(v))
		return -2;
	return v;
}

static void check_options(void)
{
	int sv[2];
	socketpair(AF_UNIX, SOCK_STREAM, 0, sv);
	CHECK("so_type", getint(sv[0], SO_TYPE) == SOCK_STREAM);
	CHECK("so_domain", getint(sv[0], SO_DOMAIN) == AF_UNIX);
	CHECK("so_error", getint(sv[0], SO_ERROR) == 0);
	int v = 8192;
	setsockopt(sv[0], SOL_SOCKET, SO_SNDBUF, &v, sizeof(v));
	CHECK("so_sndbuf_doubled", getint(sv[0], SO_SNDBUF) == 16384);
	setsockopt(sv[0], SOL_SOCKET, SO_RCVBUF, &v, sizeof(v));
	CHECK("so_rcvbuf_doubled", getint(sv[0], SO_RCVBUF) == 16384);
	v = 1;
	setsockopt(sv[0], SOL_SOCKET, SO_REUSEADDR, &v, sizeof(v));
	setsockopt(sv[0], SOL_SOCKET, SO_KEEPALIVE, &v, sizeof(v));
	CHECK("so_reuseaddr", getint(sv[0], SO_REUSEADDR) == 1);
	CHECK("so_keepalive", getint(sv[0], SO_KEEPALIVE) == 1);
	struct ucred cred;
	socklen_t len = sizeof(cred);
	CHECK("so_peercred",
	      getsockopt(sv[0], SOL_SOCKET, SO_PEERCRED, &cred, &len) == 0 &&
		  len == sizeof(cred) && cred.pid == getpid());
	errno = 0;
	CHECK("unknown_option_enoprotoopt",
	      setsockopt(sv[0], SOL_SOCKET, 9999, &v, sizeof(v)) == -1 &&
		  errno == ENOPROTOOPT);
	errno = 0;
	CHECK("so_type_readonly",
	      setsockopt(sv[0], SOL_SOCKET, SO_TYPE, &v, sizeof(v)) == -1 &&
		  errno == ENOPROTOOPT);
	errno = 0;
	CHECK("short_option_einval",
	      setsockopt(sv[0], SOL_SOCKET, SO_KEEPALIVE, &v, 1) == -1 &&
		  errno == EINVAL);
	struct timeval tv = {0, 100000};
	CHECK("so_rcvtimeo_set",
	      setsockopt(sv[1], SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv)) == 0);
	struct timeval back;
	len = sizeof(back);
	CHECK("so_rcvtimeo_get",
	      getsockopt(sv[1], SOL_SOCKET, SO_RCVTIMEO, &back, &len) == 0 &&
		  back.tv_sec == 0 && back.tv_usec == 100000);
	char c;
	double start = mono();
	errno = 0;
	ssize_t n = recv(sv[1], &c, 1, 0);
	double took = mono() - start;
	CHECK("so_rcvtimeo_eagain", n == -1 && errno == EAGAIN && took >= 0.09);
	close(sv[0]);
	close(sv[1]);
}

static const struct app_check_group all[] = {
    {"families", check_families}, {"stream_pair", check_stream_pair},
    {"messages", check_messages}, {"paths", check_paths},
    {"abstract", check_abstract}, {"threads", check_threads},
    {"rights", check_rights},	  {"options", check_options},
};

int main(int argc, char **argv)
{
	signal(SIGPIPE, on_sigpipe);
	return app_check_run(all, sizeof(all) / sizeof(all[0]), argc, argv);
}
