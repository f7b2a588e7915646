/*
 * TCP over QEMU's user network (tests/guest/tcpnet.test), built against
 * glibc's headers.  "closed PORT 0", first, before any TCP socket:
 * says "ready" by UDP to the host's 127.0.0.1:PORT and waits for its
 * "done", sent once its connect to a forwarded guest port nobody
 * listens on has ended (the host judges that it was a reset, not a
 * timeout).  "refused PORT 0": a connect to the host's
 * 127.0.0.1:PORT, where nobody listens, fails with ECONNREFUSED.
 * "client PORT BYTES": connects to the host's
 * 127.0.0.1:PORT (slirp's 10.0.2.2), sends BYTES of a pattern, shuts
 * its side and reads them back, byte-exact.  "server PORT BYTES":
 * listens on PORT (the host reaches it through hostfwd), greets the
 * first connection with "osv\n", reads BYTES of the pattern to the
 * end of the stream and sends them back, closing with SO_LINGER (the
 * machine powers off when the program ends).  eth0 gets slirp's guest
 * address, 10.0.2.15/24, first.
 */
#include <arpa/inet.h>
#include <net/if.h>
#include <netinet/in.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#include "../app_check.h"

static uint8_t pattern(size_t i)
{
	return (uint8_t)(i * 7 + (i >> 12));
}

static int set_if(int fd, unsigned long cmd, const char *addr)
{
	struct ifreq r;
	memset(&r, 0, sizeof(r));
	strcpy(r.ifr_name, "eth0");
	struct sockaddr_in *in = (struct sockaddr_in *)&r.ifr_addr;
	in->sin_family = AF_INET;
	in->sin_addr.s_addr = inet_addr(addr);
	return ioctl(fd, cmd, &r);
}

static uint64_t now_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

static void rate(const char *what, size_t bytes, uint64_t t0)
{
	uint64_t ns = now_ns() - t0;
	printf(
	    "%s: %zu bytes in %llu ms: %llu KiB/s\n", what, bytes,
	    (unsigned long long)(ns / 1000000),
	    (unsigned long long)(bytes * 1000000000ull / 1024 / (ns ? ns : 1)));
}

/* Sends n bytes of the pattern: whether all went. */
static int send_pattern(int fd, size_t n)
{
	static uint8_t buf[65536];
	size_t done = 0;
	while (done < n) {
		size_t k = n - done < sizeof(buf) ? n - done : sizeof(buf);
		for (size_t i = 0; i < k; i++)
			buf[i] = pattern(done + i);
		ssize_t w = write(fd, buf, k);
		if (w <= 0)
			return 0;
		done += (size_t)w;
	}
	return 1;
}

/* Reads to the end of the stream: the count, *bad the wrong bytes. */
static size_t recv_pattern(int fd, size_t *bad)
{
	static uint8_t buf[65536];
	size_t got = 0;
	ssize_t r;
	*bad = 0;
	while ((r = read(fd, buf, sizeof(buf))) > 0) {
		for (ssize_t i = 0; i < r; i++)
			*bad += buf[i] != pattern(got + (size_t)i);
		got += (size_t)r;
	}
	return got;
}

static void client(uint16_t port, size_t n)
{
	struct sockaddr_in a = {.sin_family = AF_INET,
				.sin_port = htons(port),
				.sin_addr.s_addr = inet_addr("10.0.2.2")};
	int fd = socket(AF_INET, SOCK_STREAM, 0);
	CHECK("client_connect",
	      connect(fd, (struct sockaddr *)&a, sizeof(a)) == 0);
	struct sockaddr_in me;
	socklen_t len = sizeof(me);
	CHECK("client_local_address",
	      getsockname(fd, (struct sockaddr *)&me, &len) == 0 &&
		  me.sin_addr.s_addr == inet_addr("10.0.2.15"));
	uint64_t t0 = now_ns();
	CHECK("client_send", send_pattern(fd, n));
	CHECK("client_shutdown", shutdown(fd, SHUT_WR) == 0);
	size_t bad;
	CHECK("client_echo_all", recv_pattern(fd, &bad) == n);
	CHECK("client_echo_exact", bad == 0);
	rate("slirp client echo", 2 * n, t0);
	close(fd);
}

/* A host port nobody listens on: slirp's connect fails, ours too. */
static void refused(uint16_t port)
{
	struct sockaddr_in a = {.sin_family = AF_INET,
				.sin_port = htons(port),
				.sin_addr.s_addr = inet_addr("10.0.2.2")};
	int fd = socket(AF_INET, SOCK_STREAM, 0);
	errno = 0;
	CHECK("client_refused",
	      connect(fd, (struct sockaddr *)&a, sizeof(a)) == -1 &&
		  errno == ECONNREFUSED);
	close(fd);
}

/* No TCP socket yet: the stack answers the host's SYN by itself. */
static void closed(uint16_t port)
{
	struct sockaddr_in a = {.sin_family = AF_INET,
				.sin_port = htons(port),
				.sin_addr.s_addr = inet_addr("10.0.2.2")};
	int fd = socket(AF_INET, SOCK_DGRAM, 0);
	struct timeval tv = {.tv_sec = 1};
	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	char buf[8];
	ssize_t n = -1;
	/* "ready" again each second, should one be lost */
	for (int i = 0; i < 60 && n < 0; i++) {
		sendto(fd, "ready", 5, 0, (struct sockaddr *)&a, sizeof(a));
		n = recv(fd, buf, sizeof(buf), 0);
	}
	CHECK("closed_port_probed", n == 4 && !memcmp(buf, "done", 4));
	close(fd);
}

static void server(uint16_t port, size_t n)
{
	int l = socket(AF_INET, SOCK_STREAM, 0);
	int one = 1;
	setsockopt(l, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons(port)};
	CHECK("server_listen", bind(l, (struct sockaddr *)&a, sizeof(a)) == 0 &&
				   listen(l, 4) == 0);
	struct sockaddr_in peer;
	socklen_t len = sizeof(peer);
	int fd = accept(l, (struct sockaddr *)&peer, &len);
	CHECK("server_accept", fd >= 0 && peer.sin_family == AF_INET);
	CHECK("server_greet", write(fd, "osv\n", 4) == 4);
	uint64_t t0 = now_ns();
	size_t bad;
	CHECK("server_recv_all", recv_pattern(fd, &bad) == n);
	CHECK("server_recv_exact", bad == 0);
	CHECK("server_send", send_pattern(fd, n));
	/* lingering, close returns once slirp has acknowledged it all */
	struct linger lg = {1, 60};
	CHECK("server_linger",
	      setsockopt(fd, SOL_SOCKET, SO_LINGER, &lg, sizeof(lg)) == 0);
	CHECK("server_close", close(fd) == 0);
	rate("slirp server echo", 2 * n, t0);
	close(l);
}

int main(int argc, char **argv)
{
	setvbuf(stdout, NULL, _IOLBF, 0);
	int fd = socket(AF_INET, SOCK_DGRAM, 0);
	CHECK("eth0_address",
	      set_if(fd, SIOCSIFADDR, "10.0.2.15") == 0 &&
		  set_if(fd, SIOCSIFNETMASK, "255.255.255.0") == 0);
	close(fd);
	for (int i = 1; i + 2 < argc; i += 3) {
		uint16_t port = (uint16_t)atoi(argv[i + 1]);
		size_t n = (size_t)atol(argv[i + 2]);
		if (!strcmp(argv[i], "client"))
			client(port, n);
		else if (!strcmp(argv[i], "refused"))
			refused(port);
		else if (!strcmp(argv[i], "closed"))
			closed(port);
		else
			server(port, n);
	}
	return app_check_summary() != 0;
}
