/*
 * virtio-net, packet sockets and the interface ioctls, from a program
 * built against glibc's headers, on QEMU's user network (slirp: we are
 * 10.0.2.15, the gateway 10.0.2.2 answers ARP and pings) with the NIC's
 * MAC 52:54:00:12:34:56.  Groups: iface, arp, icmp, tap, counters,
 * errors (each after iface, which finds eth0; icmp and counters after
 * arp, which finds the gateway); "none" checks a machine without a NIC,
 * "nonet" a kernel without the network stack; ping_peer and pong_peer
 * run in two guests on one network.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <net/ethernet.h>
#include <net/if.h>
#include <linux/if_packet.h>
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

static const unsigned char our_mac[6] = {0x52, 0x54, 0x00, 0x12, 0x34, 0x56};
static const unsigned char bcast[6] = {0xff, 0xff, 0xff, 0xff, 0xff, 0xff};
static const unsigned char our_ip[4] = {10, 0, 2, 15};
static const unsigned char gw_ip[4] = {10, 0, 2, 2};
static unsigned char gw_mac[6];
static int eth0;

static int packet_socket(int type, int proto)
{
	int fd = socket(AF_PACKET, type, htons(proto));
	struct sockaddr_ll a = {.sll_family = AF_PACKET,
				.sll_protocol = htons(proto),
				.sll_ifindex = eth0};
	if (fd >= 0 && bind(fd, (struct sockaddr *)&a, sizeof(a)) < 0) {
		close(fd);
		return -1;
	}
	return fd;
}

/* Waits up to 5 s for fd to be readable. */
static int readable(int fd)
{
	struct pollfd p = {.fd = fd, .events = POLLIN};
	return poll(&p, 1, 5000) == 1 && (p.revents & POLLIN);
}

static void test_iface(void)
{
	eth0 = (int)if_nametoindex("eth0");
	CHECK("eth0_index", eth0 > 0);
	char name[IF_NAMESIZE] = "";
	CHECK("eth0_name", if_indextoname(eth0, name) && !strcmp(name, "eth0"));
	int fd = socket(AF_UNIX, SOCK_DGRAM, 0);
	struct ifreq ifr = {0};
	strcpy(ifr.ifr_name, "eth0");
	CHECK("unix_siocgifindex",
	      !ioctl(fd, SIOCGIFINDEX, &ifr) && ifr.ifr_ifindex == eth0);
	int pfd = socket(AF_PACKET, SOCK_RAW, htons(ETH_P_ALL));
	CHECK("packet_socket", pfd >= 0);
	memset(&ifr.ifr_ifru, 0, sizeof(ifr.ifr_ifru));
	CHECK("hwaddr", !ioctl(pfd, SIOCGIFHWADDR, &ifr) &&
			    ifr.ifr_hwaddr.sa_family == 1 /* ARPHRD_ETHER */ &&
			    !memcmp(ifr.ifr_hwaddr.sa_data, our_mac, 6));
	CHECK("flags",
	      !ioctl(pfd, SIOCGIFFLAGS, &ifr) &&
		  (ifr.ifr_flags & (IFF_UP | IFF_RUNNING | IFF_BROADCAST)) ==
		      (IFF_UP | IFF_RUNNING | IFF_BROADCAST) &&
		  !(ifr.ifr_flags & IFF_LOOPBACK));
	CHECK("mtu", !ioctl(pfd, SIOCGIFMTU, &ifr) && ifr.ifr_mtu == 1500);
	ifr.ifr_ifindex = eth0;
	memset(ifr.ifr_name, 0, sizeof(ifr.ifr_name));
	CHECK("siocgifname",
	      !ioctl(pfd, SIOCGIFNAME, &ifr) && !strcmp(ifr.ifr_name, "eth0"));
	strcpy(ifr.ifr_name, "nosuch0");
	errno = 0;
	CHECK("bad_name_enodev",
	      ioctl(pfd, SIOCGIFINDEX, &ifr) < 0 && errno == ENODEV);
	struct if_nameindex *list = if_nameindex();
	int seen = 0;
	for (struct if_nameindex *i = list; i && i->if_index; i++)
		seen |= i->if_index == (unsigned)eth0 &&
			!strcmp(i->if_name, "eth0");
	CHECK("if_nameindex", seen);
	if_freenameindex(list);
	close(fd);
	close(pfd);
}

static void arp_request(unsigned char *f)
{
	struct ether_header *eh = (struct ether_header *)f;
	memcpy(eh->ether_dhost, bcast, 6);
	memcpy(eh->ether_shost, our_mac, 6);
	eh->ether_type = htons(ETHERTYPE_ARP);
	unsigned char *a = f + 14;
	static const unsigned char head[8] = {0, 1, 8, 0, 6, 4, 0, 1};
	memcpy(a, head, 8);
	memcpy(a + 8, our_mac, 6);
	memcpy(a + 14, our_ip, 4);
	memset(a + 18, 0, 6);
	memcpy(a + 24, gw_ip, 4);
	memset(f + 42, 0, 18);
}

/* An ARP request for the gateway, whose reply names its MAC. */
static void test_arp(void)
{
	int fd = packet_socket(SOCK_RAW, ETH_P_ARP);
	CHECK("arp_socket", fd >= 0);
	unsigned char f[60], r[1600];
	arp_request(f);
	CHECK("arp_send", send(fd, f, sizeof(f), 0) == (ssize_t)sizeof(f));
	int got = 0;
	struct sockaddr_ll from;
	while (!got && readable(fd)) {
		socklen_t fl = sizeof(from);
		ssize_t n = recvfrom(fd, r, sizeof(r), 0,
				     (struct sockaddr *)&from, &fl);
		got = n >= 42 && r[20] == 0 && r[21] == 2 &&
		      !memcmp(r + 28, gw_ip, 4) && !memcmp(r + 38, our_ip, 4) &&
		      fl == sizeof(from);
	}
	CHECK("arp_reply", got);
	memcpy(gw_mac, r + 22, 6);
	CHECK("arp_sll",
	      from.sll_family == AF_PACKET && from.sll_ifindex == eth0 &&
		  from.sll_protocol == htons(ETH_P_ARP) &&
		  from.sll_pkttype == PACKET_HOST && from.sll_halen == 6 &&
		  !memcmp(from.sll_addr, gw_mac, 6));
	struct tpacket_stats st;
	socklen_t sl = sizeof(st);
	CHECK("arp_stats",
	      !getsockopt(fd, SOL_PACKET, PACKET_STATISTICS, &st, &sl) &&
		  st.tp_packets >= 1 && st.tp_drops == 0);
	close(fd);
}

static uint16_t cksum(const void *p, size_t n)
{
	const unsigned char *b = p;
	uint32_t s = 0;
	for (size_t i = 0; i + 1 < n; i += 2)
		s += (uint32_t)(b[i] << 8 | b[i + 1]);
	if (n & 1)
		s += (uint32_t)b[n - 1] << 8;
	while (s >> 16)
		s = (s & 0xffff) + (s >> 16);
	return htons((uint16_t)~s);
}

/*
 * An echo request of size bytes (IPv4 built here, on a SOCK_DGRAM
 * socket) to the gateway: whether its reply came.
 */
static int ping(int fd, size_t size)
{
	static unsigned char p[1500], r[1600];
	memset(p, 0, sizeof(p));
	static const unsigned char ip[10] = {0x45, 0, 0, 0,  0x12,
					     0x34, 0, 0, 64, 1};
	memcpy(p, ip, 10);
	p[2] = (unsigned char)(size >> 8), p[3] = (unsigned char)size;
	memcpy(p + 12, our_ip, 4);
	memcpy(p + 16, gw_ip, 4);
	uint16_t c = cksum(p, 20);
	memcpy(p + 10, &c, 2);
	unsigned char *icmp = p + 20;
	icmp[0] = 8; /* echo request */
	icmp[4] = 0x4f, icmp[5] = 0x53, icmp[7] = (unsigned char)size;
	for (size_t i = 8; i < size - 20; i++)
		icmp[i] = (unsigned char)i;
	c = cksum(icmp, size - 20);
	memcpy(icmp + 2, &c, 2);
	struct sockaddr_ll to = {.sll_family = AF_PACKET,
				 .sll_protocol = htons(ETH_P_IP),
				 .sll_ifindex = eth0,
				 .sll_halen = 6};
	memcpy(to.sll_addr, gw_mac, 6);
	if (sendto(fd, p, size, 0, (struct sockaddr *)&to, sizeof(to)) !=
	    (ssize_t)size)
		return 0;
	while (readable(fd)) {
		ssize_t n = recv(fd, r, sizeof(r), 0);
		if (n == (ssize_t)size && r[9] == 1 && r[20] == 0 &&
		    r[24] == 0x4f && r[25] == 0x53 && r[27] == icmp[7] &&
		    !memcmp(r + 12, gw_ip, 4) &&
		    !memcmp(r + 28, icmp + 8, size - 28))
			return 1;
	}
	return 0;
}

static void test_icmp(void)
{
	int fd = packet_socket(SOCK_DGRAM, ETH_P_IP);
	CHECK("icmp_socket", fd >= 0);
	CHECK("icmp_echo_reply", ping(fd, 60));
	CHECK("icmp_echo_reply_full_frame", ping(fd, 1500));
	close(fd);
}

static volatile int alarms;
static int sender_fd;
static const unsigned char *sender_frame;

static void on_alarm(int sig)
{
	(void)sig;
	alarms++;
}

/* Sends a frame once the alarm's handler ran (SIGALRM blocked here). */
static void *send_after_alarm(void *arg)
{
	sigset_t alrm;
	sigemptyset(&alrm);
	sigaddset(&alrm, SIGALRM);
	pthread_sigmask(SIG_BLOCK, &alrm, NULL);
	int before = (int)(long)arg;
	while (alarms == before)
		sched_yield();
	return (void *)(long)(send(sender_fd, sender_frame, 60, 0) == 60);
}

/*
 * A blocking recv on all: a signal without SA_RESTART ends it (EINTR);
 * with SA_RESTART it goes on, and gets the frame arp sends after.
 */
static void blocking(int all, int arp, const unsigned char *f)
{
	struct sigaction sa = {.sa_handler = on_alarm}; /* no SA_RESTART */
	sigemptyset(&sa.sa_mask);
	sigaction(SIGALRM, &sa, NULL);
	struct itimerval it = {.it_value = {.tv_usec = 50000}};
	unsigned char r[1600];
	setitimer(ITIMER_REAL, &it, NULL);
	ssize_t n;
	do /* what others send meanwhile (slirp's IPv6 adverts) is skipped */
		n = recv(all, r, sizeof(r), 0);
	while (n >= 0);
	CHECK("recv_eintr", errno == EINTR && alarms == 1);
	sa.sa_flags = SA_RESTART;
	sigaction(SIGALRM, &sa, NULL);
	sender_fd = arp;
	sender_frame = f;
	pthread_t t;
	void *ok = NULL;
	pthread_create(&t, NULL, send_after_alarm, (void *)(long)alarms);
	setitimer(ITIMER_REAL, &it, NULL);
	do
		n = recv(all, r, sizeof(r), 0);
	while (n >= 0 && !(n == 60 && r[59] == f[59]));
	CHECK("recv_restarted", n == 60 && alarms == 2);
	CHECK("restart_sender", pthread_join(t, &ok) == 0 && ok);
}

/* An ETH_P_ALL socket sees what another sends, not what it sends. */
static void test_tap(void)
{
	int all = packet_socket(SOCK_RAW, ETH_P_ALL);
	int arp = packet_socket(SOCK_RAW, ETH_P_ARP);
	unsigned char f[60], r[1600];
	arp_request(f);
	/*
	 * A gratuitous request (for our own address): slirp answers one for
	 * the gateway, and under load such answers came late, into the
	 * checks below that want the tap empty.
	 */
	memcpy(f + 38, our_ip, 4);
	f[59] = 0xa5; /* ours */
	CHECK("tap_send", send(arp, f, sizeof(f), 0) == 60 &&
			      send(all, f, sizeof(f), 0) == 60);
	int outgoing = 0, own = 0;
	struct sockaddr_ll from;
	socklen_t fl = sizeof(from);
	while (recvfrom(all, r, sizeof(r), MSG_DONTWAIT,
			(struct sockaddr *)&from, &fl) >= 0)
		if (from.sll_pkttype == PACKET_OUTGOING && r[59] == 0xa5)
			outgoing++;
	CHECK("tap_outgoing_once", outgoing == 1);
	while (recv(arp, r, sizeof(r), MSG_DONTWAIT) >= 0)
		own += r[59] == 0xa5 && !memcmp(r + 6, our_mac, 6);
	CHECK("tap_proto_no_outgoing", own == 0);
	/* a small SO_RCVBUF: the frames past it are dropped and counted */
	int small = 1;
	setsockopt(all, SOL_SOCKET, SO_RCVBUF, &small, sizeof(small));
	int sent = 0;
	for (int i = 0; i < 40; i++)
		sent += send(arp, f, sizeof(f), 0) == 60;
	struct tpacket_stats st;
	socklen_t sl = sizeof(st);
	CHECK("tap_drops",
	      !getsockopt(all, SOL_PACKET, PACKET_STATISTICS, &st, &sl) &&
		  st.tp_drops > 0 && st.tp_packets >= (unsigned)sent);
	sl = sizeof(st);
	CHECK("tap_stats_reset",
	      !getsockopt(all, SOL_PACKET, PACKET_STATISTICS, &st, &sl) &&
		  st.tp_drops == 0);
	/* MSG_PEEK leaves it; MSG_TRUNC gives the whole length */
	send(arp, f, sizeof(f), 0);
	while (recv(all, r, sizeof(r), MSG_DONTWAIT) >= 0)
		;
	send(arp, f, sizeof(f), 0);
	int avail = -1;
	CHECK("tap_fionread", !ioctl(all, FIONREAD, &avail) && avail == 60);
	CHECK("tap_peek", recv(all, r, 10, MSG_PEEK | MSG_TRUNC) == 60 &&
			      recv(all, r, 10, 0) == 10 &&
			      recv(all, r, sizeof(r), MSG_DONTWAIT) < 0 &&
			      errno == EAGAIN);
	/* epoll: an edge for a frame */
	int ep = epoll_create1(0);
	struct epoll_event ev = {.events = EPOLLIN | EPOLLET};
	CHECK("tap_epoll_add", !epoll_ctl(ep, EPOLL_CTL_ADD, all, &ev));
	CHECK("tap_epoll_empty", epoll_wait(ep, &ev, 1, 0) == 0);
	send(arp, f, sizeof(f), 0);
	CHECK("tap_epoll_edge", epoll_wait(ep, &ev, 1, 5000) == 1 &&
				    (ev.events & EPOLLIN) &&
				    epoll_wait(ep, &ev, 1, 0) == 0);
	close(ep);
	blocking(all, arp, f);
	close(all);
	close(arp);
}

/* eth0's counters in /proc/net/dev: rx packets, rx bytes, tx packets */
static int counters(unsigned long long v[3])
{
	FILE *f = fopen("/proc/net/dev", "r");
	char line[256];
	int found = 0;
	while (f && fgets(line, sizeof(line), f)) {
		unsigned long long c[10];
		if (sscanf(line,
			   " eth0: %llu %llu %llu %llu %llu %llu %llu %llu "
			   "%llu %llu",
			   &c[0], &c[1], &c[2], &c[3], &c[4], &c[5], &c[6],
			   &c[7], &c[8], &c[9]) == 10) {
			v[0] = c[1], v[1] = c[0], v[2] = c[9];
			found = 1;
		}
	}
	if (f)
		fclose(f);
	return found;
}

/* The counters grow with a ping and its reply. */
static void test_counters(void)
{
	unsigned long long before[3], after[3];
	CHECK("proc_net_dev", counters(before));
	int fd = packet_socket(SOCK_DGRAM, ETH_P_IP);
	CHECK("counted_ping", ping(fd, 100));
	close(fd);
	CHECK("counters_grow", counters(after) && after[0] > before[0] &&
				   after[1] >= before[1] + 100 &&
				   after[2] > before[2]);
}

static void test_errors(void)
{
	errno = 0;
	CHECK("stream_esocktnosupport", socket(AF_PACKET, SOCK_STREAM, 0) < 0 &&
					    errno == ESOCKTNOSUPPORT);
	int fd = socket(AF_PACKET, SOCK_RAW, 0);
	struct sockaddr_ll a = {.sll_family = AF_PACKET, .sll_ifindex = 999};
	errno = 0;
	CHECK("bind_enodev", bind(fd, (struct sockaddr *)&a, sizeof(a)) < 0 &&
				 errno == ENODEV);
	errno = 0;
	CHECK("bind_short_einval",
	      bind(fd, (struct sockaddr *)&a, 8) < 0 && errno == EINVAL);
	unsigned char f[1600] = {0};
	errno = 0;
	CHECK("sendto_enxio",
	      sendto(fd, f, 60, 0, (struct sockaddr *)&a, sizeof(a)) < 0 &&
		  errno == ENXIO);
	errno = 0;
	CHECK("send_unbound_enxio", send(fd, f, 60, 0) < 0 && errno == ENXIO);
	a.sll_ifindex = eth0;
	errno = 0;
	CHECK("sendto_emsgsize",
	      sendto(fd, f, 1515, 0, (struct sockaddr *)&a, sizeof(a)) < 0 &&
		  errno == EMSGSIZE);
	/* non-canonical: no check before the copy sees it */
	int dg = packet_socket(SOCK_DGRAM, ETH_P_IP);
	struct sockaddr_ll to = {.sll_family = AF_PACKET,
				 .sll_protocol = htons(ETH_P_IP),
				 .sll_ifindex = eth0,
				 .sll_halen = 6};
	memcpy(to.sll_addr, bcast, 6);
	errno = 0;
	CHECK("sendto_bad_buffer_efault",
	      dg >= 0 &&
		  sendto(dg, (void *)(uintptr_t)0x8000000000000000ULL, 60, 0,
			 (struct sockaddr *)&to, sizeof(to)) < 0 &&
		  errno == EFAULT);
	close(dg);
	errno = 0;
	CHECK("recv_eagain",
	      recv(fd, f, 60, MSG_DONTWAIT) < 0 && errno == EAGAIN);
	errno = 0;
	CHECK("recv_oob_einval",
	      recv(fd, f, 60, MSG_OOB) < 0 && errno == EINVAL);
	struct timeval tv = {0, 100000};
	CHECK("rcvtimeo",
	      !setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv)) &&
		  recv(fd, f, 60, 0) < 0 && errno == EAGAIN);
	errno = 0;
	CHECK("connect_eopnotsupp",
	      connect(fd, (struct sockaddr *)&a, sizeof(a)) < 0 &&
		  errno == EOPNOTSUPP);
	/* down: sends refused; up again */
	struct ifreq ifr = {.ifr_name = "eth0"};
	ioctl(fd, SIOCGIFFLAGS, &ifr);
	short up = ifr.ifr_flags;
	ifr.ifr_flags = (short)(up & ~IFF_UP);
	CHECK("ifdown", !ioctl(fd, SIOCSIFFLAGS, &ifr) &&
			    !ioctl(fd, SIOCGIFFLAGS, &ifr) &&
			    !(ifr.ifr_flags & (IFF_UP | IFF_RUNNING)));
	errno = 0;
	CHECK("ifdown_enetdown",
	      sendto(fd, f, 60, 0, (struct sockaddr *)&a, sizeof(a)) < 0 &&
		  errno == ENETDOWN);
	ifr.ifr_flags = up;
	CHECK("ifup",
	      !ioctl(fd, SIOCSIFFLAGS, &ifr) &&
		  !ioctl(fd, SIOCGIFFLAGS, &ifr) && ifr.ifr_flags == up &&
		  sendto(fd, f, 60, 0, (struct sockaddr *)&a, sizeof(a)) == 60);
	int type = 0;
	socklen_t tl = sizeof(type);
	CHECK("so_type", !getsockopt(fd, SOL_SOCKET, SO_TYPE, &type, &tl) &&
			     type == SOCK_RAW);
	close(fd);
}

/* No NIC: no eth0, and the ioctls say so. */
static void test_none(void)
{
	errno = 0;
	CHECK("no_eth0", if_nametoindex("eth0") == 0 && errno == ENODEV);
	int fd = socket(AF_PACKET, SOCK_RAW, htons(ETH_P_ALL));
	CHECK("packet_socket_anyway", fd >= 0);
	struct ifreq ifr = {.ifr_name = "eth0"};
	errno = 0;
	CHECK("no_eth0_ioctl",
	      ioctl(fd, SIOCGIFINDEX, &ifr) < 0 && errno == ENODEV);
	close(fd);
}

/* A kernel without the network stack: lo alone, no packet sockets. */
static void test_nonet(void)
{
	errno = 0;
	CHECK("nonet_no_eth0", if_nametoindex("eth0") == 0 && errno == ENODEV);
	CHECK("nonet_lo", if_nametoindex("lo") == 1);
	char name[IF_NAMESIZE];
	CHECK("nonet_lo_name", if_indextoname(1, name) && !strcmp(name, "lo"));
	errno = 0;
	CHECK("nonet_no_packet_sockets",
	      socket(AF_PACKET, SOCK_RAW, htons(ETH_P_ALL)) < 0 &&
		  errno == EAFNOSUPPORT);
}

/*
 * Two guests on one QEMU network (vnet.test joins them with dgram
 * netdevs): ping_peer broadcasts frames of an experimental Ethernet type
 * until pong_peer answers one, to its address.  pong_peer answers every
 * ping until ping_peer says "done": a frame a guest sends just before
 * it powers off may never leave (QEMU sends it from its main loop, and
 * ends at once when the guest powers off), which lost the one answer on
 * a loaded host.  For the same reason ping_peer says "done" again until
 * pong_peer's "bye" comes, at most DONE_FRAMES times; if none arrives,
 * pong_peer stops when its wait ends.
 */
#define ETH_P_PEER_PING 0x88b5
#define ETH_P_PEER_PONG 0x88b6
#define DONE_FRAMES 10
static const char ping_msg[] = "ping from osv", pong_msg[] = "pong from osv",
		  done_msg[] = "done from osv", bye_msg[] = "bye from osv";

/*
 * How long each side waits for the other's frame: the peer boots
 * beside us, and on a loaded host that may take most of a minute.
 * Both stop as soon as the frame comes; vnet.test's QEMU timeouts are
 * longer.
 */
#define PEER_WAIT_S 90

static long ms_now(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec * 1000 + t.tv_nsec / 1000000;
}

static void test_ping_peer(void)
{
	eth0 = (int)if_nametoindex("eth0");
	int tx = packet_socket(SOCK_DGRAM, ETH_P_PEER_PING);
	int rx = packet_socket(SOCK_DGRAM, ETH_P_PEER_PONG);
	struct sockaddr_ll to = {.sll_family = AF_PACKET,
				 .sll_protocol = htons(ETH_P_PEER_PING),
				 .sll_ifindex = eth0,
				 .sll_halen = 6};
	memcpy(to.sll_addr, bcast, 6);
	int got = 0;
	struct sockaddr_ll from;
	long end = ms_now() + PEER_WAIT_S * 1000L;
	while (!got && ms_now() < end) { /* the peer may boot later */
		sendto(tx, ping_msg, sizeof(ping_msg), 0,
		       (struct sockaddr *)&to, sizeof(to));
		struct pollfd p = {.fd = rx, .events = POLLIN};
		char r[64];
		socklen_t fl = sizeof(from);
		got = poll(&p, 1, 100) == 1 &&
		      recvfrom(rx, r, sizeof(r), 0, (struct sockaddr *)&from,
			       &fl) == sizeof(pong_msg) &&
		      !strcmp(r, pong_msg);
	}
	CHECK("peer_pong", got && from.sll_pkttype == PACKET_HOST);
	memcpy(to.sll_addr, from.sll_addr, 6);
	for (int i = 0, bye = 0; got && !bye && i < DONE_FRAMES; i++) {
		sendto(tx, done_msg, sizeof(done_msg), 0,
		       (struct sockaddr *)&to, sizeof(to));
		struct pollfd p = {.fd = rx, .events = POLLIN};
		char r[64];
		ssize_t n;
		while (!bye && poll(&p, 1, 100) == 1 &&
		       (n = recv(rx, r, sizeof(r), 0)) > 0) /* or a late pong */
			bye = n == sizeof(bye_msg) && !memcmp(r, bye_msg, n);
	}
	close(tx);
	close(rx);
}

static void test_pong_peer(void)
{
	eth0 = (int)if_nametoindex("eth0");
	int rx = packet_socket(SOCK_DGRAM, ETH_P_PEER_PING);
	int tx = packet_socket(SOCK_DGRAM, ETH_P_PEER_PONG);
	struct timeval tv = {PEER_WAIT_S, 0};
	setsockopt(rx, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	int pings = 0, sent = 0;
	for (;;) {
		char r[64];
		struct sockaddr_ll from;
		socklen_t fl = sizeof(from);
		ssize_t n = recvfrom(rx, r, sizeof(r), 0,
				     (struct sockaddr *)&from, &fl);
		from.sll_protocol = htons(ETH_P_PEER_PONG);
		if (n == sizeof(done_msg) && !strcmp(r, done_msg)) {
			sendto(tx, bye_msg, sizeof(bye_msg), 0,
			       (struct sockaddr *)&from, sizeof(from));
			break;
		}
		if (n != sizeof(ping_msg) || strcmp(r, ping_msg) ||
		    from.sll_pkttype != PACKET_BROADCAST)
			break; /* the wait ended */
		pings++;
		sent += sendto(tx, pong_msg, sizeof(pong_msg), 0,
			       (struct sockaddr *)&from,
			       sizeof(from)) == sizeof(pong_msg);
	}
	CHECK("peer_ping", pings > 0);
	CHECK("peer_pong_sent", pings > 0 && sent == pings);
	close(tx);
	close(rx);
}

int main(int argc, char **argv)
{
	static const struct app_check_group groups[] = {
	    {"iface", test_iface},	   {"arp", test_arp},
	    {"icmp", test_icmp},	   {"tap", test_tap},
	    {"counters", test_counters},   {"errors", test_errors},
	    {"none", test_none},	   {"nonet", test_nonet},
	    {"ping_peer", test_ping_peer}, {"pong_peer", test_pong_peer},
	};
	return app_check_run(groups, sizeof(groups) / sizeof(*groups), argc,
			     argv);
}
