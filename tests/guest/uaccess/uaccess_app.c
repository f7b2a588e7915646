/*
 * Calls that copy between a program's buffer and kernel state under a
 * spinlock (tests/guest/uaccess.test), built against glibc's headers:
 * read() of a pipe, signalfd, eventfd and timerfd, recv() of a Unix
 * stream and datagram socket and of a UDP and a TCP loopback socket,
 * write()/send() of the pipe, the sockets and the eventfd, FIONREAD
 * of the pipe, the sockets and an inotify, and a UDP socket's
 * SIOCGIFCONF, each with a buffer that is not there yet:
 *  - anon: an untouched anonymous mapping (a fault allocates its page);
 *  - private, shared: an untouched MAP_PRIVATE or MAP_SHARED writable
 *    mapping of a page of FILE (a fault reads the file: block I/O);
 *  - unmapped: an address nothing maps: the call fails with EFAULT, and
 *    what it would have read is still there for the next read.
 * With "contend", other threads keep the file's filesystem busy (a
 * reader going through FILE, which must be larger than its cache) and
 * poll the descriptor the call uses, taking its lock: a fault served
 * under that lock would wait for the filesystem with the lock held,
 * and the poller spin on it for ever.
 * Without CALL or "contend", the end adds buffers that are partly
 * unmapped: a UDP recvmsg's name and control buffers, which must be
 * written no further than Linux does, and an unmapped ifreq/ifconf.
 * With KIND "efault", bad buffers that a copy meets where no check
 * before it looks: read() of FILE and of a pipe, fstat(), stat() and
 * getsockopt() into an unmapped page, a PROT_READ page, the kernel's
 * or the program's text, recv() of each channel into a text (its bytes
 * kept), and a recv() whose buffer another thread unmaps while it
 * waits: each fails with EFAULT, and the program goes on (without the
 * copies' fixups, the first kills it).  Then the other calls that take
 * a program's pointer (signalfd, epoll, ioctls, socket addresses,
 * msghdrs and option values, ramfs writes, readlink, getdents64, /dev
 * and /proc, paths): EFAULT, and nothing lost that Linux keeps.
 * Usage: uaccess_app.so FILE KIND,... [CALL|all [contend]]: FILE has
 * no zero byte; CALL runs that call alone;
 * uaccess_app.so FILE efault [PART]: the checks whose names have PART.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <net/if.h>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/inotify.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/timerfd.h>
#include <sys/uio.h>
#include <unistd.h>

#include "../app_check.h"

#define PAGE 4096
#define AT 64	/* the buffer's offset in its page */
#define LEN 100 /* the bytes a call moves */
/* the tries of each call under contention: one rarely meets it */
#define CONTENDED_TIMES 16

static const char *file;
static int next_page; /* each mapping of FILE its own page: never read yet */
static int pages;     /* FILE's */

/* ---- Buffers ---- */

static char *map_file(int type)
{
	int fd = open(file, type == MAP_SHARED ? O_RDWR : O_RDONLY);
	if (fd < 0)
		return NULL;
	char *p = mmap(NULL, PAGE, PROT_READ | PROT_WRITE, type, fd,
		       (off_t)(next_page++ % pages) * PAGE);
	close(fd);
	return p == MAP_FAILED ? NULL : p;
}

static char *map_anon(void)
{
	char *p = mmap(NULL, PAGE, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	return p == MAP_FAILED ? NULL : p;
}

/* A page whose next one is unmapped; NULL when it cannot be made. */
static char *map_before_hole(void)
{
	char *p = mmap(NULL, 2 * PAGE, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED)
		return NULL;
	if (munmap(p + PAGE, PAGE)) {
		munmap(p, 2 * PAGE);
		return NULL;
	}
	return p;
}

static char *map_unmapped(void)
{
	char *p = map_anon();
	if (p)
		munmap(p, PAGE);
	return p;
}

/* A fresh page of the kind, untouched; NULL when it cannot be made. */
static char *make_page(const char *kind)
{
	if (!strcmp(kind, "anon"))
		return map_anon();
	if (!strcmp(kind, "private"))
		return map_file(MAP_PRIVATE);
	if (!strcmp(kind, "shared"))
		return map_file(MAP_SHARED);
	return map_unmapped();
}

/* ---- Contention ---- */

static volatile int stop, poked = -1;

/* The descriptor the call uses, for the poller (-1: none). */
static void poke(int fd)
{
	poked = fd;
}

static void *poller(void *unused)
{
	(void)unused;
	while (!stop) {
		struct pollfd p = {poked, POLLIN | POLLOUT, 0};
		if (p.fd >= 0)
			poll(&p, 1, 0);
	}
	return NULL;
}

/* Reads FILE round and round, half its cache at a time (a long hold). */
static void *file_reader(void *unused)
{
	(void)unused;
	static char chunk[2 << 20];
	int fd = open(file, O_RDONLY);
	for (off_t at = 0; fd >= 0 && !stop;)
		at = pread(fd, chunk, sizeof(chunk), at) > 0
			 ? at + sizeof(chunk)
			 : 0;
	if (fd >= 0)
		close(fd);
	return NULL;
}

/* ---- Channels: what the data goes through ---- */

struct chan {
	int rfd, wfd;
};

static int tcp_pair(struct chan *c)
{
	struct sockaddr_in a = {.sin_family = AF_INET,
				.sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
	socklen_t len = sizeof(a);
	int l = socket(AF_INET, SOCK_STREAM, 0);
	c->wfd = socket(AF_INET, SOCK_STREAM, 0);
	if (l < 0 || c->wfd < 0 || bind(l, (struct sockaddr *)&a, len) ||
	    listen(l, 1) || getsockname(l, (struct sockaddr *)&a, &len) ||
	    connect(c->wfd, (struct sockaddr *)&a, len))
		return -1;
	c->rfd = accept(l, NULL, NULL);
	close(l);
	return c->rfd < 0 ? -1 : 0;
}

static int udp_pair(struct chan *c)
{
	struct sockaddr_in a = {.sin_family = AF_INET,
				.sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
	struct sockaddr_in ra = a, wa = a;
	socklen_t len = sizeof(a);
	c->rfd = socket(AF_INET, SOCK_DGRAM, 0);
	c->wfd = socket(AF_INET, SOCK_DGRAM, 0);
	if (c->rfd < 0 || c->wfd < 0 ||
	    bind(c->rfd, (struct sockaddr *)&a, len) ||
	    bind(c->wfd, (struct sockaddr *)&a, len) ||
	    getsockname(c->rfd, (struct sockaddr *)&ra, &len) ||
	    getsockname(c->wfd, (struct sockaddr *)&wa, &len))
		return -1;
	return connect(c->rfd, (struct sockaddr *)&wa, len) ||
	       connect(c->wfd, (struct sockaddr *)&ra, len);
}

static int open_chan(const char *name, struct chan *c)
{
	int fds[2];
	if (!strcmp(name, "pipe")) {
		if (pipe(fds))
			return -1;
	} else if (!strcmp(name, "unix_stream")) {
		if (socketpair(AF_UNIX, SOCK_STREAM, 0, fds))
			return -1;
	} else if (!strcmp(name, "unix_dgram")) {
		if (socketpair(AF_UNIX, SOCK_DGRAM, 0, fds))
			return -1;
	} else if (!strcmp(name, "udp")) {
		return udp_pair(c);
	} else {
		return tcp_pair(c);
	}
	c->rfd = fds[0];
	c->wfd = fds[1];
	return 0;
}

/* The pipe is read and written, the sockets received from and sent to. */
static ssize_t chan_in(const char *name, int fd, void *buf, size_t n)
{
	return strcmp(name, "pipe") ? recv(fd, buf, n, 0) : read(fd, buf, n);
}

static ssize_t chan_out(const char *name, int fd, const void *buf, size_t n)
{
	return strcmp(name, "pipe") ? send(fd, buf, n, 0) : write(fd, buf, n);
}

/* What waits at fd, within 5 s (a TCP segment may be on its way). */
static ssize_t take_waiting(int fd, void *buf, size_t n)
{
	struct pollfd p = {fd, POLLIN, 0};
	if (poll(&p, 1, 5000) != 1)
		return -1;
	return read(fd, buf, n);
}

static const char message[LEN] = "the bytes the channel carries, which the "
				 "receiving buffer must get whole";

/* ---- The calls ---- */

/*
 * A call with buf: 0 when it did what it should (moved the bytes, or
 * failed with EFAULT leaving them for the next read when bad).
 */
struct call {
	const char *name;
	int (*run)(const char *chan, char *buf, bool bad);
};

static int read_into(const char *name, char *buf, bool bad)
{
	struct chan c;
	char back[LEN];
	int r = open_chan(name, &c);
	poke(c.rfd);
	if (!r && chan_out(name, c.wfd, message, LEN) != LEN)
		r = -1;
	ssize_t got = r ? -1 : chan_in(name, c.rfd, buf, LEN);
	if (!r && bad)
		r = got == -1 && errno == EFAULT &&
			    take_waiting(c.rfd, back, LEN) == LEN &&
			    !memcmp(back, message, LEN)
			? 0
			: -1;
	else if (!r)
		r = got == LEN && !memcmp(buf, message, LEN) ? 0 : -1;
	close(c.rfd);
	close(c.wfd);
	return r;
}

static int write_from(const char *name, char *buf, bool bad)
{
	struct chan c;
	char back[LEN];
	int r = open_chan(name, &c);
	poke(c.wfd);
	ssize_t put = r ? -1 : chan_out(name, c.wfd, buf, LEN);
	if (!r && bad)
		r = put == -1 && errno == EFAULT ? 0 : -1;
	else if (!r)
		r = put == LEN && take_waiting(c.rfd, back, LEN) == LEN &&
			    !memcmp(back, buf, LEN)
			? 0
			: -1;
	close(c.rfd);
	close(c.wfd);
	return r;
}

/* fd's 8-byte read into buf, then (bad) into a good buffer: want. */
static int read_count(int fd, char *buf, bool bad, uint64_t want)
{
	uint64_t v = 0;
	ssize_t got = read(fd, buf, sizeof(v));
	int r;
	if (bad)
		r = got == -1 && errno == EFAULT &&
			    read(fd, &v, sizeof(v)) == sizeof(v) && v == want
			? 0
			: -1;
	else
		r = got == sizeof(v) && !memcmp(buf, &want, sizeof(v)) ? 0 : -1;
	close(fd);
	return r;
}

static int read_eventfd(const char *unused, char *buf, bool bad)
{
	(void)unused;
	int fd = eventfd(5, 0);
	poke(fd);
	return fd < 0 ? -1 : read_count(fd, buf, bad, 5);
}

static int read_timerfd(const char *unused, char *buf, bool bad)
{
	(void)unused;
	int fd = timerfd_create(CLOCK_MONOTONIC, 0);
	poke(fd);
	struct itimerspec t = {.it_value.tv_nsec = 1000000};
	if (fd < 0 || timerfd_settime(fd, 0, &t, NULL))
		return -1;
	struct pollfd p = {fd, POLLIN, 0};
	if (poll(&p, 1, 5000) != 1)
		return -1; /* expired: the read takes one expiration */
	return read_count(fd, buf, bad, 1);
}

static int write_eventfd(const char *unused, char *buf, bool bad)
{
	(void)unused;
	int fd = eventfd(0, EFD_NONBLOCK);
	poke(fd);
	if (fd < 0)
		return -1;
	ssize_t put = write(fd, buf, sizeof(uint64_t));
	uint64_t v = 0, want = 0;
	int r;
	if (bad) {
		r = put == -1 && errno == EFAULT ? 0 : -1;
	} else {
		memcpy(&want, buf, sizeof(want));
		ssize_t got = read(fd, &v, sizeof(v));
		r = put == sizeof(v) && (want ? got == sizeof(v) && v == want
					      : got == -1 && errno == EAGAIN)
			? 0
			: -1;
	}
	close(fd);
	return r;
}

static int read_signalfd(const char *unused, char *buf, bool bad)
{
	(void)unused;
	sigset_t set;
	sigemptyset(&set);
	sigaddset(&set, SIGUSR1);
	int fd = signalfd(-1, &set, 0);
	poke(fd);
	if (fd < 0 || raise(SIGUSR1))
		return -1;
	struct signalfd_siginfo si;
	ssize_t got = read(fd, buf, sizeof(si));
	int r;
	if (bad) {
		r = got == -1 && errno == EFAULT &&
			    read(fd, &si, sizeof(si)) == sizeof(si) &&
			    si.ssi_signo == SIGUSR1
			? 0
			: -1;
	} else {
		memcpy(&si, buf, sizeof(si));
		r = got == sizeof(si) && si.ssi_signo == SIGUSR1 ? 0 : -1;
	}
	close(fd);
	return r;
}

/*
 * FIONREAD of the channel's read end into buf (an int): the bytes
 * waiting (LEN), or EFAULT when bad, the bytes still there to read.
 * Some ends count under the lock recv takes.
 */
static int fionread_into(const char *name, char *buf, bool bad)
{
	struct chan c;
	char back[LEN];
	int r = open_chan(name, &c);
	poke(c.rfd);
	struct pollfd p = {c.rfd, POLLIN, 0};
	if (!r && (chan_out(name, c.wfd, message, LEN) != LEN ||
		   poll(&p, 1, 5000) != 1))
		r = -1;
	int got = r ? -1 : ioctl(c.rfd, FIONREAD, buf);
	int n = 0;
	if (!r && bad) {
		r = got == -1 && errno == EFAULT &&
			    take_waiting(c.rfd, back, LEN) == LEN &&
			    !memcmp(back, message, LEN)
			? 0
			: -1;
	} else if (!r) {
		memcpy(&n, buf, sizeof(n));
		r = got == 0 && n == LEN ? 0 : -1;
	}
	close(c.rfd);
	close(c.wfd);
	return r;
}

/* FIONREAD of an inotify with no event: 0 (EFAULT when bad). */
static int fionread_inotify(const char *unused, char *buf, bool bad)
{
	(void)unused;
	int fd = inotify_init1(0);
	poke(fd);
	if (fd < 0 || inotify_add_watch(fd, "/", IN_ALL_EVENTS) < 0)
		return -1;
	int got = ioctl(fd, FIONREAD, buf), n = -1;
	int r;
	if (bad) {
		r = got == -1 && errno == EFAULT ? 0 : -1;
	} else {
		memcpy(&n, buf, sizeof(n));
		r = got == 0 && n == 0 ? 0 : -1;
	}
	close(fd);
	return r;
}

/*
 * SIOCGIFCONF of a UDP socket into buf (room for two ifreqs): lo's
 * (booted without a NIC), or EFAULT when bad.  Filled under the
 * stack's lock.
 */
static int siocgifconf_into(const char *unused, char *buf, bool bad)
{
	(void)unused;
	int fd = socket(AF_INET, SOCK_DGRAM, 0);
	poke(fd);
	if (fd < 0)
		return -1;
	struct ifconf conf = {.ifc_len = 2 * sizeof(struct ifreq),
			      .ifc_buf = buf};
	int got = ioctl(fd, SIOCGIFCONF, &conf);
	int r;
	if (bad) {
		r = got == -1 && errno == EFAULT ? 0 : -1;
	} else {
		struct ifreq req;
		memcpy(&req, buf, sizeof(req));
		r = got == 0 && conf.ifc_len == sizeof(req) &&
			    !strcmp(req.ifr_name, "lo")
			? 0
			: -1;
	}
	close(fd);
	return r;
}

static const struct call calls[] = {
    {"pipe_read", read_into},
    {"unix_stream_recv", read_into},
    {"unix_dgram_recv", read_into},
    {"udp_recv", read_into},
    {"tcp_recv", read_into},
    {"signalfd_read", read_signalfd},
    {"eventfd_read", read_eventfd},
    {"timerfd_read", read_timerfd},
    {"pipe_write", write_from},
    {"unix_stream_send", write_from},
    {"unix_dgram_send", write_from},
    {"udp_send", write_from},
    {"tcp_send", write_from},
    {"eventfd_write", write_eventfd},
    {"pipe_fionread", fionread_into},
    {"unix_stream_fionread", fionread_into},
    {"unix_dgram_fionread", fionread_into},
    {"udp_fionread", fionread_into},
    {"tcp_fionread", fionread_into},
    {"inotify_fionread", fionread_inotify},
    {"udp_siocgifconf", siocgifconf_into},
};

/* The channel a call's name begins with (pipe_read: pipe). */
static void chan_of(const char *call, char *out, size_t size)
{
	snprintf(out, size, "%s", call);
	char *cut = strrchr(out, '_');
	if (cut)
		*cut = 0;
}

/* One call with a fresh page of the kind; 0 when it did what it should. */
static int run_once(const char *kind, const struct call *c)
{
	char chan[32];
	chan_of(c->name, chan, sizeof(chan));
	char *page = make_page(kind);
	if (!page)
		return -1;
	bool bad = !strcmp(kind, "unmapped");
	int r = c->run(chan, page + AT, bad);
	if (!bad)
		munmap(page, PAGE);
	return r;
}

/* Each call (or only the one named) times times. */
static void run_kind(const char *kind, const char *only, int times)
{
	for (size_t i = 0; i < sizeof(calls) / sizeof(calls[0]); i++) {
		if (only && strcmp(only, calls[i].name))
			continue;
		char name[64];
		snprintf(name, sizeof(name), "%s %s", kind, calls[i].name);
		printf("running %s\n", name);
		fflush(stdout);
		int r = 0;
		for (int t = 0; t < times && !r; t++)
			r = run_once(kind, &calls[i]);
		check(name, r == 0,
		      !strcmp(kind, "unmapped") ? "EFAULT, the bytes kept"
						: "the bytes moved");
	}
}

/*
 * A UDP recvmsg of one datagram with name and control buffers as given:
 * whether it got the datagram.
 */
static bool udp_recvmsg_with(void *name, socklen_t namelen, void *control,
			     size_t controllen, struct msghdr *m)
{
	struct chan c;
	char back[LEN];
	struct iovec iov = {back, LEN};
	*m = (struct msghdr){.msg_name = name,
			     .msg_namelen = namelen,
			     .msg_iov = &iov,
			     .msg_iovlen = 1,
			     .msg_control = control,
			     .msg_controllen = controllen};
	bool ok = !open_chan("udp", &c) &&
		  send(c.wfd, message, LEN, 0) == LEN &&
		  recvmsg(c.rfd, m, 0) == LEN && !memcmp(back, message, LEN);
	close(c.rfd);
	close(c.wfd);
	return ok;
}

/*
 * recvmsg writes of msg_name the address cut to msg_namelen, and of
 * msg_control only the control messages the socket was asked for (as
 * Linux): what lies past them may be unmapped.
 */
static void check_recvmsg_buffers(void)
{
	char *p = map_before_hole();
	if (!p) {
		check("recvmsg buffers: a mapping", 0, "mmap");
		return;
	}
	struct msghdr m;
	struct sockaddr_in *in =
	    (struct sockaddr_in *)(p + PAGE - sizeof(struct sockaddr_in));
	check("udp recvmsg: a name buffer ending at the mapping's end, "
	      "msg_namelen that of a sockaddr_storage",
	      udp_recvmsg_with(in, sizeof(struct sockaddr_storage), NULL, 0,
			       &m) &&
		  m.msg_namelen == sizeof(*in) && in->sin_family == AF_INET,
	      "the datagram and its sender");
	check("udp recvmsg: an unmapped name buffer, msg_namelen 0",
	      udp_recvmsg_with(p + PAGE + 8, 0, NULL, 0, &m) &&
		  m.msg_namelen == sizeof(*in),
	      "the datagram, the sender's length");
	check("udp recvmsg: an unmapped control buffer, no control asked",
	      udp_recvmsg_with(NULL, 0, p + PAGE, 64, &m) &&
		  m.msg_controllen == 0,
	      "the datagram, no control message");
	munmap(p, PAGE);
}

#define WAITALL_LEN (300 * 1024) /* several rounds of a Unix read */

static int waitall_fd;

/* Sends WAITALL_LEN bytes, each its position's mark, in odd pieces. */
static void *waitall_sender(void *unused)
{
	(void)unused;
	static char out[WAITALL_LEN];
	for (size_t i = 0; i < sizeof(out); i++)
		out[i] = (char)(i % 251);
	for (size_t at = 0; at < sizeof(out);) {
		size_t n = sizeof(out) - at < 7000 ? sizeof(out) - at : 7000;
		ssize_t put = send(waitall_fd, out + at, n, 0);
		if (put <= 0)
			break;
		at += (size_t)put;
	}
	return NULL;
}

/* A MSG_WAITALL read of more than one round gets every byte in place. */
static bool waitall_in_rounds(char *p)
{
	int sv[2];
	pthread_t t;
	if (socketpair(AF_UNIX, SOCK_STREAM, 0, sv))
		return false;
	waitall_fd = sv[1];
	bool ok = !pthread_create(&t, NULL, waitall_sender, NULL);
	ok = ok && recv(sv[0], p, WAITALL_LEN, MSG_WAITALL) == WAITALL_LEN;
	for (size_t i = 0; ok && i < WAITALL_LEN; i++)
		ok = p[i] == (char)(i % 251);
	close(sv[0]);
	pthread_join(t, NULL);
	close(sv[1]);
	return ok;
}

/*
 * A Unix stream recv with MSG_WAITALL into a buffer larger than RAM
 * (MAP_NORESERVE), of a peer that sends LEN bytes and ends: the LEN
 * bytes, as Linux, which touches only the pages it fills (not all of
 * the buffer before the data comes).
 */
static void check_waitall_big_buffer(void)
{
	size_t big = (size_t)1 << 30;
	char *p = mmap(NULL, big, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	int sv[2];
	bool ok = p != MAP_FAILED && !socketpair(AF_UNIX, SOCK_STREAM, 0, sv);
	if (ok) {
		ok = send(sv[1], message, LEN, 0) == LEN &&
		     !shutdown(sv[1], SHUT_WR) &&
		     recv(sv[0], p, big, MSG_WAITALL) == LEN &&
		     !memcmp(p, message, LEN);
		close(sv[0]);
		close(sv[1]);
	}
	check("unix stream recv, MSG_WAITALL, a 1 GiB buffer (MAP_NORESERVE), "
	      "LEN bytes then the end",
	      ok, "the LEN bytes");
	check("unix stream recv, MSG_WAITALL, 300 KiB sent in pieces",
	      p != MAP_FAILED && waitall_in_rounds(p), "every byte in place");
	if (p != MAP_FAILED)
		munmap(p, big);
}

/* SIOCGIFADDR and SIOCGIFCONF with an unmapped ifreq or ifconf: EFAULT. */
static void check_ifreq_unmapped(void)
{
	int fd = socket(AF_INET, SOCK_DGRAM, 0);
	char *p = map_unmapped();
	errno = 0;
	check("udp SIOCGIFADDR, an unmapped ifreq",
	      fd >= 0 && p && ioctl(fd, SIOCGIFADDR, p) == -1 &&
		  errno == EFAULT,
	      "EFAULT");
	errno = 0;
	check("udp SIOCGIFCONF, an unmapped ifconf",
	      fd >= 0 && p && ioctl(fd, SIOCGIFCONF, p) == -1 &&
		  errno == EFAULT,
	      "EFAULT");
	close(fd);
}

/* Whether a file mapping reads as the file (once the checks are done). */
static void check_file_mapping(void)
{
	char *p = map_file(MAP_PRIVATE);
	char want[PAGE];
	int fd = open(file, O_RDONLY);
	bool ok = p && fd >= 0 &&
		  pread(fd, want, PAGE,
			(off_t)((next_page - 1) % pages) * PAGE) == PAGE &&
		  !memcmp(p, want, PAGE);
	check("file mapping reads as the file", ok, "the file's bytes");
	if (p)
		munmap(p, PAGE);
	if (fd >= 0)
		close(fd);
}

/* ---- Bad buffers a copy outside the checks meets: EFAULT ---- */

/* Whether the call failed with EFAULT. */
static bool efault(long r)
{
	return r == -1 && errno == EFAULT;
}

/* A page of the kind: "unmapped", "readonly" (PROT_READ), "text". */
static char *bad_page(const char *kind)
{
	if (!strcmp(kind, "text"))
		return (char *)(uintptr_t)&read; /* the kernel's libc's text */
	if (!strcmp(kind, "apptext"))
		return (char *)(uintptr_t)&efault;
	if (!strcmp(kind, "unmapped"))
		return map_unmapped();
	char *p =
	    mmap(NULL, PAGE, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	return p == MAP_FAILED ? NULL : p;
}

static bool file_read_into(const char *kind)
{
	char *p = bad_page(kind);
	int fd = open(file, O_RDONLY);
	bool ok = p && fd >= 0 && efault(read(fd, p, LEN)) &&
		  efault(pread(fd, p, LEN, PAGE));
	if (fd >= 0)
		close(fd);
	return ok;
}

/* The pipe's bytes stay for the next read. */
static bool pipe_read_into(const char *kind)
{
	char *p = bad_page(kind), back[LEN];
	int fds[2];
	if (!p || pipe(fds))
		return false;
	bool ok =
	    write(fds[1], "bytes", 5) == 5 && efault(read(fds[0], p, LEN)) &&
	    read(fds[0], back, sizeof(back)) == 5 && !memcmp(back, "bytes", 5);
	close(fds[0]);
	close(fds[1]);
	return ok;
}

/*
 * Each channel's bytes stay for the next read: a TCP stream's too,
 * whose bytes are taken from the connection before the copy.
 */
static bool chans_read_into(const char *kind)
{
	static const char *const chans[] = {"pipe", "unix_stream", "unix_dgram",
					    "udp", "tcp"};
	char *p = bad_page(kind);
	bool ok = p != NULL;
	for (size_t i = 0; ok && i < sizeof(chans) / sizeof(chans[0]); i++) {
		ok = read_into(chans[i], p, true) == 0;
		if (!ok)
			printf("%s: not EFAULT, or its bytes lost\n", chans[i]);
	}
	return ok;
}

/*
 * A buffer whose end runs into an unmapped page: a short read of the
 * bytes before it, as Linux's (an odd count, past the copy's
 * eight-byte steps).
 */
static bool file_read_short(const char *unused)
{
	(void)unused;
	char *p = map_before_hole();
	if (!p)
		return false;
	char want[LEN];
	int fd = open(file, O_RDONLY);
	bool ok = fd >= 0 && pread(fd, want, LEN, 3) == LEN &&
		  pread(fd, p + PAGE - 61, 3 * LEN, 3) == 61 &&
		  !memcmp(p + PAGE - 61, want, 61);
	if (fd >= 0)
		close(fd);
	munmap(p, PAGE);
	return ok;
}

static bool fstat_into(const char *kind)
{
	char *p = bad_page(kind);
	int fd = open(file, O_RDONLY);
	bool ok = p && fd >= 0 && efault(fstat(fd, (struct stat *)p)) &&
		  efault(stat(file, (struct stat *)p));
	if (fd >= 0)
		close(fd);
	return ok;
}

static bool getsockopt_into(const char *kind)
{
	char *p = bad_page(kind);
	int s = socket(AF_INET, SOCK_DGRAM, 0),
	    u = socket(AF_UNIX, SOCK_STREAM, 0);
	socklen_t len = sizeof(int);
	int type;
	/* text is readable: optlen there reads as whatever is there */
	bool ok =
	    p && s >= 0 && u >= 0 &&
	    efault(getsockopt(s, SOL_SOCKET, SO_TYPE, p, &len)) &&
	    efault(getsockopt(u, SOL_SOCKET, SO_TYPE, p, &len)) &&
	    (strcmp(kind, "unmapped") ||
	     efault(getsockopt(s, SOL_SOCKET, SO_TYPE, &type, (socklen_t *)p)));
	close(s);
	close(u);
	return ok;
}

/*
 * The munmap race: a recv() that found its buffer mapped, then waits
 * for the datagram (the lock released), while another thread unmaps the
 * buffer and sends: the copy under the lock meets an unmapped page.
 * One CPU: the sender runs once the receiver waits.
 */
static volatile int race_ready;
static char *race_buf;
static int race_fds[2];

static void *race_unmapper(void *unused)
{
	(void)unused;
	while (!race_ready)
		sched_yield();
	race_ready = 0;
	munmap(race_buf, PAGE);
	send(race_fds[1], "datagram", 8, 0);
	return NULL;
}

#define RACE_ROUNDS 200

static bool recv_unmapped_meanwhile(const char *unused)
{
	(void)unused;
	if (socketpair(AF_UNIX, SOCK_DGRAM, 0, race_fds))
		return false;
	int efaults = 0, ok = 0;
	for (int i = 0; i < RACE_ROUNDS; i++) {
		race_buf = map_anon();
		pthread_t t;
		if (!race_buf || pthread_create(&t, NULL, race_unmapper, NULL))
			break;
		/* present; volatile: stored before race_ready, not after */
		((volatile char *)race_buf)[AT] = 1;
		race_ready = 1;
		ssize_t r = recv(race_fds[0], race_buf + AT, LEN, 0);
		pthread_join(t, NULL);
		if (efault(r))
			efaults++;
		else if (r == 8)
			ok++;
		else
			break;
		/* what an EFAULT left queued */
		char back[LEN];
		while (recv(race_fds[0], back, LEN, MSG_DONTWAIT) > 0)
			;
	}
	printf("munmap race: %d EFAULT, %d received\n", efaults, ok);
	close(race_fds[0]);
	close(race_fds[1]);
	return efaults + ok == RACE_ROUNDS && efaults > 0;
}

/* ---- More calls given a bad pointer: EFAULT, nothing lost ---- */

/* A page holding what is given, then made PROT_READ. */
static char *readonly_with(const void *what, size_t n)
{
	char *p = map_anon();
	if (!p)
		return NULL;
	memcpy(p, what, n);
	return mprotect(p, PAGE, PROT_READ) ? NULL : p;
}

/* The signal stays for the next read. */
static bool signalfd_into(const char *kind)
{
	sigset_t set;
	sigemptyset(&set);
	sigaddset(&set, SIGUSR1);
	char *p = bad_page(kind);
	return p && !sigprocmask(SIG_BLOCK, &set, NULL) &&
	       read_signalfd(NULL, p, true) == 0;
}

/* The pipe stays ready for the next epoll_wait. */
static bool epoll_into(const char *kind)
{
	char *p = bad_page(kind), *gone = map_unmapped();
	int fds[2] = {-1, -1}, ep = epoll_create1(0);
	struct epoll_event ev = {.events = EPOLLIN}, got[2];
	bool ok = p && gone && ep >= 0 && !pipe(fds) &&
		  write(fds[1], "x", 1) == 1 &&
		  efault(epoll_ctl(ep, EPOLL_CTL_ADD, fds[0],
				   (struct epoll_event *)gone)) &&
		  !epoll_ctl(ep, EPOLL_CTL_ADD, fds[0], &ev) &&
		  efault(epoll_wait(ep, (struct epoll_event *)p, 2, 0)) &&
		  epoll_wait(ep, got, 2, 0) == 1 && got[0].events == EPOLLIN;
	close(fds[0]);
	close(fds[1]);
	close(ep);
	return ok;
}

/* FIONBIO's int and an ifreq's name read from an unmapped page. */
static bool ioctl_args_from(const char *kind)
{
	char *p = bad_page(kind);
	int s = socket(AF_INET, SOCK_DGRAM, 0);
	bool ok = p && s >= 0 && efault(ioctl(s, FIONBIO, p)) &&
		  efault(ioctl(s, SIOCGIFINDEX, p)) &&
		  efault(ioctl(s, SIOCGIFFLAGS, p)) &&
		  efault(ioctl(s, SIOCGIFADDR, p));
	close(s);
	return ok;
}

/* ifreqs naming "lo" on a PROT_READ page; an ifconf's array in text. */
static bool ioctl_results_into(const char *kind)
{
	struct ifreq r = {.ifr_name = "lo"};
	char *p = readonly_with(&r, sizeof(r));
	struct ifconf c = {.ifc_len = 4 * sizeof(r), .ifc_buf = bad_page(kind)};
	int s = socket(AF_INET, SOCK_DGRAM, 0);
	bool ok = p && c.ifc_buf && s >= 0 &&
		  efault(ioctl(s, SIOCGIFINDEX, p)) &&
		  efault(ioctl(s, SIOCGIFFLAGS, p)) &&
		  efault(ioctl(s, SIOCGIFMTU, p)) &&
		  efault(ioctl(s, SIOCGIFADDR, p)) &&
		  efault(ioctl(s, SIOCGIFCONF, &c)) &&
		  ioctl(s, SIOCGIFINDEX, &r) == 0 && r.ifr_ifindex > 0;
	close(s);
	return ok;
}

static bool socket_names_into(const char *kind)
{
	char *p = bad_page(kind), *gone = map_unmapped();
	struct chan c = {-1, -1};
	struct sockaddr_in a;
	socklen_t len = sizeof(a);
	bool ok = p && gone && !open_chan("udp", &c) &&
		  efault(getsockname(c.rfd, (struct sockaddr *)p, &len)) &&
		  efault(getpeername(c.rfd, (struct sockaddr *)p, &len)) &&
		  efault(getsockname(c.rfd, (struct sockaddr *)&a,
				     (socklen_t *)gone)) &&
		  len == sizeof(a) &&
		  /* the descriptor is looked at first, as Linux */
		  getsockname(-1, (struct sockaddr *)p, &len) == -1 &&
		  errno == EBADF &&
		  accept(-1, (struct sockaddr *)p, &len) == -1 &&
		  errno == EBADF;
	socklen_t *bad_len = (socklen_t *)gone;
	ok = ok &&
	     recvfrom(-1, &a, 1, 0, (struct sockaddr *)&a, bad_len) == -1 &&
	     errno == EBADF;
	close(c.rfd);
	close(c.wfd);
	return ok;
}

/* The connection stays for the next accept. */
static bool accept_into(const char *kind)
{
	struct sockaddr_in a = {.sin_family = AF_INET,
				.sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
	socklen_t len = sizeof(a);
	char *p = bad_page(kind);
	int l = socket(AF_INET, SOCK_STREAM, 0),
	    w = socket(AF_INET, SOCK_STREAM, 0), r = -1;
	bool ok = p && l >= 0 && w >= 0 &&
		  !bind(l, (struct sockaddr *)&a, len) && !listen(l, 1) &&
		  !getsockname(l, (struct sockaddr *)&a, &len) &&
		  !connect(w, (struct sockaddr *)&a, len) &&
		  efault(accept(l, (struct sockaddr *)p, &len)) &&
		  (r = accept(l, (struct sockaddr *)&a, &len)) >= 0 &&
		  a.sin_family == AF_INET;
	close(r);
	close(w);
	close(l);
	return ok;
}

/*
 * A UDP receive whose msghdr, address length or IP_PKTINFO control
 * buffer is bad: the datagram stays for the next receive.
 */
static bool recvmsg_fields_into(const char *kind)
{
	char *p = bad_page(kind), *gone = map_unmapped(), back[LEN];
	struct chan c = {-1, -1};
	struct sockaddr_in a;
	socklen_t len = sizeof(a);
	struct iovec iov = {back, LEN};
	struct msghdr m = {.msg_iov = &iov,
			   .msg_iovlen = 1,
			   .msg_control = p,
			   .msg_controllen = 64};
	int on = 1;
	bool ok =
	    p && gone && !open_chan("udp", &c) &&
	    !setsockopt(c.rfd, IPPROTO_IP, IP_PKTINFO, &on, sizeof(on)) &&
	    send(c.wfd, message, LEN, 0) == LEN &&
	    efault(recvmsg(c.rfd, &m, 0)) &&
	    efault(recvmsg(c.rfd, (struct msghdr *)gone, 0)) &&
	    efault(recvfrom(c.rfd, back, LEN, 0, (struct sockaddr *)&a,
			    (socklen_t *)gone)) &&
	    recvfrom(c.rfd, back, LEN, 0, (struct sockaddr *)&a, &len) == LEN &&
	    !memcmp(back, message, LEN) && a.sin_family == AF_INET;
	close(c.rfd);
	close(c.wfd);
	return ok;
}

/* A Unix datagram's SCM_RIGHTS into text: the datagram comes, cut. */
static bool recvmsg_rights_into(const char *kind)
{
	char *p = bad_page(kind), back[LEN];
	int fds[2] = {-1, -1};
	union {
		struct cmsghdr h;
		char space[CMSG_SPACE(sizeof(int))];
	} u = {.h = {.cmsg_len = CMSG_LEN(sizeof(int)),
		     .cmsg_level = SOL_SOCKET,
		     .cmsg_type = SCM_RIGHTS}};
	int passed = 0; /* stdin */
	memcpy(CMSG_DATA(&u.h), &passed, sizeof(int));
	struct iovec iov = {(void *)message, LEN};
	struct msghdr m = {.msg_iov = &iov,
			   .msg_iovlen = 1,
			   .msg_control = &u,
			   .msg_controllen = sizeof(u)};
	bool ok = p && !socketpair(AF_UNIX, SOCK_DGRAM, 0, fds) &&
		  sendmsg(fds[1], &m, 0) == LEN;
	iov.iov_base = back;
	m.msg_control = p;
	ok = ok && recvmsg(fds[0], &m, 0) == LEN &&
	     !memcmp(back, message, LEN) && (m.msg_flags & MSG_CTRUNC) &&
	     m.msg_controllen == 0;
	close(fds[0]);
	close(fds[1]);
	return ok;
}

/* A send's msghdr, address, control data or option value unmapped. */
static bool send_args_from(const char *kind)
{
	char *gone = bad_page(kind);
	struct chan c = {-1, -1};
	int u[2] = {-1, -1};
	struct iovec iov = {(void *)message, LEN};
	struct msghdr m = {.msg_iov = &iov,
			   .msg_iovlen = 1,
			   .msg_control = gone,
			   .msg_controllen = CMSG_SPACE(sizeof(int))};
	bool ok = gone && !open_chan("udp", &c) &&
		  !socketpair(AF_UNIX, SOCK_DGRAM, 0, u) &&
		  efault(sendto(c.rfd, message, LEN, 0, (struct sockaddr *)gone,
				sizeof(struct sockaddr_in))) &&
		  efault(sendmsg(c.rfd, (struct msghdr *)gone, 0)) &&
		  efault(sendmsg(u[1], &m, 0)) &&
		  efault(setsockopt(c.rfd, SOL_SOCKET, SO_RCVBUF, gone,
				    sizeof(int))) &&
		  /* a negative length, as Linux: EINVAL, nothing read */
		  setsockopt(c.rfd, SOL_SOCKET, SO_RCVBUF, gone,
			     (socklen_t)-1) == -1 &&
		  errno == EINVAL &&
		  efault(bind(u[0], (struct sockaddr *)gone, 16)) &&
		  efault(connect(c.rfd, (struct sockaddr *)gone,
				 sizeof(struct sockaddr_in)));
	close(c.rfd);
	close(c.wfd);
	close(u[0]);
	close(u[1]);
	return ok;
}

/*
 * A ramfs file written from an unmapped buffer (write, pwrite within
 * and past the end, a whole page, writev's array or its buffer): EFAULT,
 * the file as it was.
 */
static bool ramfs_write_from(const char *kind)
{
	char *p = bad_page(kind), back[LEN];
	int fd = open("/tmp/uaccess_w", O_RDWR | O_CREAT | O_TRUNC, 0600);
	struct iovec iov[2] = {{p, LEN}, {p, LEN}};
	struct stat st;
	bool ok = p && fd >= 0 && write(fd, message, LEN) == LEN &&
		  efault(write(fd, p, LEN)) && efault(pwrite(fd, p, LEN, 10)) &&
		  efault(pwrite(fd, p, PAGE, 0)) &&
		  efault(pwrite(fd, p, 4 * PAGE, 8 * PAGE)) &&
		  efault(pwrite(fd, p, LEN, 3 * PAGE + 5)) &&
		  efault(writev(fd, iov, 2)) &&
		  efault(writev(fd, (struct iovec *)p, 2)) && !fstat(fd, &st) &&
		  st.st_size == LEN && pread(fd, back, LEN, 0) == LEN &&
		  !memcmp(back, message, LEN);
	if (fd >= 0)
		close(fd);
	unlink("/tmp/uaccess_w");
	return ok;
}

/* A buffer that ends at an unmapped page: the bytes before it written. */
static bool ramfs_write_short(const char *unused)
{
	(void)unused;
	char *p = map_before_hole();
	if (!p)
		return false;
	memcpy(p + PAGE - 61, message, 61);
	char back[LEN];
	struct stat st;
	int fd = open("/tmp/uaccess_s", O_RDWR | O_CREAT | O_TRUNC, 0600);
	bool ok = fd >= 0 && write(fd, p + PAGE - 61, 3 * LEN) == 61 &&
		  !fstat(fd, &st) && st.st_size == 61 &&
		  pread(fd, back, LEN, 0) == 61 && !memcmp(back, message, 61);
	if (fd >= 0)
		close(fd);
	unlink("/tmp/uaccess_s");
	munmap(p, PAGE);
	return ok;
}

/*
 * A /dev/zero read into a buffer that runs into an unmapped page: the
 * bytes before it, all zeros (a quadword store that faults goes on a
 * byte at a time).
 */
static bool zero_read_short(const char *unused)
{
	(void)unused;
	char *p = map_before_hole();
	int z = open("/dev/zero", O_RDONLY);
	bool ok = p && z >= 0;
	if (ok) {
		memset(p + PAGE - 61, 'x', 61);
		ok = read(z, p + PAGE - 61, LEN) == 61;
		for (int i = 0; ok && i < 61; i++)
			ok = !p[PAGE - 61 + i];
	}
	if (z >= 0)
		close(z);
	if (p)
		munmap(p, PAGE);
	return ok;
}

/* readlink, getdents64 (the position kept), /dev, /proc reads, getcwd. */
static bool listings_into(const char *kind)
{
	char *p = bad_page(kind), back[PAGE];
	int d = open("/w", O_RDONLY | O_DIRECTORY), z = open("/dev/zero", 0),
	    r = open("/dev/urandom", 0), m = open("/proc/meminfo", 0);
	bool ok = p && d >= 0 && z >= 0 && r >= 0 && m >= 0 &&
		  !symlink("/w/file", "/tmp/uaccess_l") &&
		  efault(readlink("/tmp/uaccess_l", p, 64)) &&
		  readlink("/tmp/uaccess_l", back, 64) == 7 &&
		  efault(getdents64(d, p, PAGE)) &&
		  getdents64(d, back, PAGE) > 0 && efault(read(z, p, LEN)) &&
		  efault(read(r, p, LEN)) && efault(read(m, p, LEN)) &&
		  !getcwd(p, 64) && errno == EFAULT;
	unlink("/tmp/uaccess_l");
	close(d);
	close(z);
	close(r);
	close(m);
	return ok;
}

/*
 * The disk read through /dev (rofs's, mid-sector): into a bad page
 * EFAULT; into a buffer that runs into an unmapped page, the bytes
 * before it, the same as a good read's.
 */
static bool disk_read_into(const char *kind)
{
	char *p = bad_page(kind), *q = map_before_hole(), want[LEN];
	int fd = open("/dev/vblk0", O_RDONLY);
	bool ok = p && q && fd >= 0 && pread(fd, want, LEN, 3) == LEN &&
		  efault(pread(fd, p, LEN, 3)) &&
		  pread(fd, q + PAGE - 61, 3 * LEN, 3) == 61 &&
		  !memcmp(q + PAGE - 61, want, 61);
	if (fd >= 0)
		close(fd);
	if (q)
		munmap(q, PAGE);
	return ok;
}

/* Path arguments in an unmapped page, or NULL. */
static bool paths_from(const char *kind)
{
	const char *p = bad_page(kind);
	const char *volatile null =
	    NULL; /* past the compiler's nonnull check */
	char link[16];
	struct stat st;
	bool ok = p && efault(open(p, O_RDONLY)) &&
		  efault(openat(AT_FDCWD, p, O_RDWR | O_CREAT, 0600)) &&
		  efault(open(null, O_RDONLY)) && efault(stat(p, &st)) &&
		  efault(lstat(p, &st)) &&
		  efault(fstatat(AT_FDCWD, p, &st, AT_EMPTY_PATH)) &&
		  efault(access(p, R_OK)) && efault(mkdir(p, 0700)) &&
		  efault(unlink(p)) && efault(rmdir(p)) &&
		  efault(rename(p, "/tmp/uaccess_r")) &&
		  efault(rename("/w/file", p)) &&
		  efault(readlink(p, link, sizeof(link))) && efault(chdir(p)) &&
		  efault(symlink(p, "/tmp/uaccess_y")) &&
		  efault(symlink("/w/file", p)) && efault(truncate(p, 0));
	return ok;
}

/*
 * A path ending where its mapping does is read no further; one of
 * PATH_MAX bytes with no NUL is ENAMETOOLONG, read no further either.
 */
static bool paths_at_mapping_end(const char *unused)
{
	(void)unused;
	char *p = map_before_hole();
	if (!p)
		return false;
	size_t n = strlen(file) + 1;
	memcpy(p + PAGE - n, file, n);
	struct stat st;
	int fd = open(p + PAGE - n, O_RDONLY);
	bool ok = fd >= 0 && !stat(p + PAGE - n, &st);
	memset(p, 'a', PAGE);
	errno = 0;
	ok = ok && open(p, O_RDONLY) == -1 && errno == ENAMETOOLONG;
	if (fd >= 0)
		close(fd);
	munmap(p, PAGE);
	return ok;
}

static const struct {
	const char *name, *kind;
	bool (*run)(const char *kind);
} efault_checks[] = {
    {"read of a file into an unmapped page", "unmapped", file_read_into},
    {"read of a file into a PROT_READ page", "readonly", file_read_into},
    {"read of a file into the kernel's text", "text", file_read_into},
    {"read of a file into the program's text", "apptext", file_read_into},
    {"read of a file into a buffer that ends at an unmapped page: short", "",
     file_read_short},
    {"read of a pipe into the kernel's text", "text", pipe_read_into},
    {"read of a pipe into a PROT_READ page", "readonly", pipe_read_into},
    {"recv of each channel into the kernel's text: bytes kept", "text",
     chans_read_into},
    {"recv of each channel into the program's text: bytes kept", "apptext",
     chans_read_into},
    {"fstat into an unmapped page", "unmapped", fstat_into},
    {"fstat into the kernel's text", "text", fstat_into},
    {"getsockopt into an unmapped page", "unmapped", getsockopt_into},
    {"getsockopt into the kernel's text", "text", getsockopt_into},
    {"recv into a buffer unmapped while it waits", "", recv_unmapped_meanwhile},
    {"signalfd read into the kernel's text: the signal kept", "text",
     signalfd_into},
    {"epoll_ctl from and epoll_wait into bad arrays: the event kept", "text",
     epoll_into},
    {"ioctl FIONBIO and SIOCGIF* arguments in an unmapped page", "unmapped",
     ioctl_args_from},
    {"ioctl SIOCGIF* into a PROT_READ ifreq, SIOCGIFCONF into text", "text",
     ioctl_results_into},
    {"getsockname and getpeername into the kernel's text (a bad "
     "descriptor: EBADF first, accept's and recvfrom's too)",
     "text", socket_names_into},
    {"accept of an address into the kernel's text: the connection kept", "text",
     accept_into},
    {"udp recvmsg, bad msghdr, addrlen or control: the datagram kept", "text",
     recvmsg_fields_into},
    {"unix recvmsg of SCM_RIGHTS into text: MSG_CTRUNC", "text",
     recvmsg_rights_into},
    {"sendto, sendmsg, setsockopt, bind, connect from an unmapped page",
     "unmapped", send_args_from},
    {"ramfs write, pwrite, writev from an unmapped page: the file kept",
     "unmapped", ramfs_write_from},
    {"ramfs write from a buffer that ends at an unmapped page: short", "",
     ramfs_write_short},
    {"/dev/zero read into a buffer that ends at an unmapped page: short", "",
     zero_read_short},
    {"readlink, getdents64, /dev, /proc reads, getcwd into the kernel's text",
     "text", listings_into},
    {"disk read into the kernel's text, or running into a hole: short", "text",
     disk_read_into},
    {"path arguments in an unmapped page or NULL", "unmapped", paths_from},
    {"paths that end at a mapping's end: read no further", "",
     paths_at_mapping_end},
};

/* Each check (or the one whose name has only in it). */
static void run_efault_checks(const char *only)
{
	for (size_t i = 0; i < sizeof(efault_checks) / sizeof(efault_checks[0]);
	     i++) {
		if (only && !strstr(efault_checks[i].name, only))
			continue;
		printf("running %s\n", efault_checks[i].name);
		fflush(stdout);
		check(efault_checks[i].name,
		      efault_checks[i].run(efault_checks[i].kind),
		      "-1 with EFAULT");
	}
}

int main(int argc, char **argv)
{
	if (argc < 3) {
		fprintf(stderr, "usage: %s FILE KIND,... [CALL]\n", argv[0]);
		return 2;
	}
	file = argv[1];
	const char *only = argc > 3 && strcmp(argv[3], "all") ? argv[3] : NULL;
	bool contend = argc > 4 && !strcmp(argv[4], "contend");
	struct stat st;
	if (stat(file, &st) || st.st_size < PAGE) {
		perror(file);
		return 2;
	}
	pages = (int)(st.st_size / PAGE);
	if (!strcmp(argv[2], "efault")) {
		run_efault_checks(argc > 3 ? argv[3] : NULL);
		return app_check_summary() != 0;
	}
	pthread_t threads[2];
	if (contend && (pthread_create(&threads[0], NULL, file_reader, NULL) ||
			pthread_create(&threads[1], NULL, poller, NULL))) {
		perror("pthread_create");
		return 2;
	}
	sigset_t set;
	sigemptyset(&set);
	sigaddset(&set, SIGUSR1);
	sigprocmask(SIG_BLOCK, &set, NULL); /* for signalfd */
	char kinds[128];
	snprintf(kinds, sizeof(kinds), "%s", argv[2]);
	for (char *k = strtok(kinds, ","); k; k = strtok(NULL, ","))
		run_kind(k, only, contend ? CONTENDED_TIMES : 1);
	if (contend) {
		stop = 1;
		pthread_join(threads[0], NULL);
		pthread_join(threads[1], NULL);
	}
	if (!only && !contend) {
		check_recvmsg_buffers();
		check_ifreq_unmapped();
		check_waitall_big_buffer();
	}
	if (!only)
		check_file_mapping();
	return app_check_summary() != 0;
}
