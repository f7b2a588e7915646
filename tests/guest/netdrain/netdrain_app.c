/*
 * tests/guest/netdrain.test's program: data handed to the network right
 * before exit(0) must leave the machine (the power-off drain).  One mode
 * per boot, since each ends the machine:
 *   write PORT N  connects to the host's PORT (10.0.2.2 under slirp),
 *                 writes N bytes of the pattern, exits after the last
 *                 write(): no shutdown, no close, no wait
 *   close PORT N  the same, with close() before exit
 *   udp PORT N    sends N datagrams "0".."N-1" to the host's PORT (as
 *                 fast as it can: several wait in the transmit queue),
 *                 exits after the last
 *   idle PORT     listens on 7000, connects to PORT, reads the host's
 *                 "hi\n" (nothing of ours unacknowledged then), exits
 *   backlog PORT  listens on 7000 and never accepts: says "ready" to
 *                 the host's UDP PORT, and exits at its "go", when the
 *                 host's connection waits in the accept queue (the
 *                 power-off resets it, as closing the listener does)
 *   worker PORT N a second thread writes to PORT without end; main
 *                 exits once it wrote N bytes: the drain's FIN makes the
 *                 writer's next write EPIPE (SIGPIPE: it powers off
 *                 too), yet the status is main's
 * Each prints its checks before exiting (status 0 when all pass).
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <sched.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <unistd.h>

#include "../app_check.h"

#define HOST "10.0.2.2"

static struct sockaddr_in host_addr(const char *port)
{
	struct sockaddr_in a = {.sin_family = AF_INET,
				.sin_port = htons((uint16_t)atoi(port))};
	inet_pton(AF_INET, HOST, &a.sin_addr);
	return a;
}

static int connect_host(const char *port)
{
	struct sockaddr_in a = host_addr(port);
	int fd = socket(AF_INET, SOCK_STREAM, 0);
	CHECK("connect",
	      fd >= 0 && !connect(fd, (struct sockaddr *)&a, sizeof(a)));
	return fd;
}

/* The host's tcpnet-style pattern: byte i is (i * 7 + (i >> 12)) & 255. */
static int write_pattern(int fd, long n)
{
	static unsigned char buf[16384];
	for (long off = 0; off < n;) {
		long len =
		    n - off < (long)sizeof(buf) ? n - off : (long)sizeof(buf);
		for (long i = 0; i < len; i++)
			buf[i] =
			    (unsigned char)((off + i) * 7 + ((off + i) >> 12));
		ssize_t w = write(fd, buf, (size_t)len);
		if (w <= 0)
			return 0;
		off += w;
	}
	return 1;
}

static long written;

/* Writes until a write fails (SIGPIPE's default ends the program first). */
static void *keep_writing(void *arg)
{
	static unsigned char buf[16384];
	int fd = *(int *)arg;
	for (ssize_t w; (w = write(fd, buf, sizeof(buf))) > 0;)
		__atomic_add_fetch(&written, (long)w, __ATOMIC_RELEASE);
	return NULL;
}

static int done(void)
{
	fflush(stdout);
	return app_check_summary() != 0;
}

int main(int argc, char **argv)
{
	if (argc < 3) {
		printf("usage: netdrain_app.so write|close|udp PORT N | "
		       "idle|backlog PORT\n");
		return 2;
	}
	const char *mode = argv[1], *port = argv[2];
	if (!strcmp(mode, "write") || !strcmp(mode, "close")) {
		int fd = connect_host(port);
		CHECK("written",
		      write_pattern(fd, argc > 3 ? atol(argv[3]) : 0));
		if (!strcmp(mode, "close"))
			CHECK("closed", !close(fd));
	} else if (!strcmp(mode, "udp")) {
		struct sockaddr_in a = host_addr(port);
		int fd = socket(AF_INET, SOCK_DGRAM, 0);
		int count = argc > 3 ? atoi(argv[3]) : 1, sent = 0;
		for (int i = 0; fd >= 0 && i < count; i++) {
			char msg[16];
			int len = snprintf(msg, sizeof(msg), "%d", i);
			sent += sendto(fd, msg, (size_t)len, 0,
				       (struct sockaddr *)&a, sizeof(a)) == len;
		}
		CHECK("sent", sent == count);
	} else if (!strcmp(mode, "idle")) {
		struct sockaddr_in any = {.sin_family = AF_INET,
					  .sin_port = htons(7000)};
		int l = socket(AF_INET, SOCK_STREAM, 0);
		CHECK("listen",
		      l >= 0 &&
			  !bind(l, (struct sockaddr *)&any, sizeof(any)) &&
			  !listen(l, 1));
		int fd = connect_host(port);
		char hi[3];
		CHECK("read_hi",
		      read(fd, hi, 3) == 3 && !memcmp(hi, "hi\n", 3));
	} else if (!strcmp(mode, "backlog")) {
		struct sockaddr_in any = {.sin_family = AF_INET,
					  .sin_port = htons(7000)};
		struct sockaddr_in a = host_addr(port);
		int l = socket(AF_INET, SOCK_STREAM, 0);
		int u = socket(AF_INET, SOCK_DGRAM, 0);
		CHECK("listen",
		      l >= 0 &&
			  !bind(l, (struct sockaddr *)&any, sizeof(any)) &&
			  !listen(l, 4));
		char go[4] = "";
		CHECK("go", u >= 0 &&
				sendto(u, "ready", 5, 0, (struct sockaddr *)&a,
				       sizeof(a)) == 5 &&
				recv(u, go, sizeof(go), 0) == 2 &&
				!memcmp(go, "go", 2));
		struct pollfd p = {.fd = l, .events = POLLIN};
		CHECK("queued", poll(&p, 1, 0) == 1 && (p.revents & POLLIN));
	} else if (!strcmp(mode, "worker")) {
		static int fd;
		fd = connect_host(port);
		long n = argc > 3 ? atol(argv[3]) : 0;
		pthread_t t;
		CHECK("worker", !pthread_create(&t, NULL, keep_writing, &fd));
		while (__atomic_load_n(&written, __ATOMIC_ACQUIRE) < n)
			sched_yield();
	} else {
		printf("netdrain_app.so: unknown mode '%s'\n", mode);
		return 2;
	}
	int failed = done();
	exit(failed);
}
