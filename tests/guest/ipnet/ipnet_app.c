/*
 * IPv4 on QEMU's user network (tests/guest/ipnet.test), built against
 * glibc's headers.  The first argument names the check group:
 *   dhcp ADDR       eth0 has ADDR/24 (from DHCP or --ip), a route out
 *                   through the gateway, and /etc/resolv.conf
 *   ping ADDR       an ICMP echo socket's request to ADDR is answered
 *   udp ADDR PORT   a datagram to ADDR:PORT comes back (an echo server),
 *                   fragmented too; ARP without an answer: EHOSTUNREACH
 */
#include <arpa/inet.h>
#include <errno.h>
#include <ifaddrs.h>
#include <net/if.h>
#include <netinet/in.h>
#include <netinet/ip_icmp.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

#include "../app_check.h"

static struct sockaddr_in addr_of(const char *a, int port)
{
	struct sockaddr_in s = {.sin_family = AF_INET,
				.sin_port = htons((uint16_t)port)};
	inet_pton(AF_INET, a, &s.sin_addr);
	return s;
}

static int readable(int fd, int ms)
{
	struct pollfd p = {fd, POLLIN, 0};
	return poll(&p, 1, ms) == 1 && (p.revents & POLLIN);
}

static void check_dhcp(const char *want)
{
	int fd = socket(AF_INET, SOCK_DGRAM, 0);
	struct ifreq r = {0};
	strcpy(r.ifr_name, "eth0");
	struct sockaddr_in *in = (struct sockaddr_in *)&r.ifr_addr;
	char got[INET_ADDRSTRLEN] = "";
	if (!ioctl(fd, SIOCGIFADDR, &r))
		inet_ntop(AF_INET, &in->sin_addr, got, sizeof(got));
	printf("eth0 address %s\n", got);
	CHECK("eth0_address", !strcmp(got, want));
	CHECK("eth0_netmask", !ioctl(fd, SIOCGIFNETMASK, &r) &&
				  in->sin_addr.s_addr == htonl(0xffffff00));
	/* a destination off the subnet is reached through the gateway */
	struct sockaddr_in far = addr_of("192.0.2.1", 9), me;
	socklen_t l = sizeof(me);
	CHECK("route_via_gateway",
	      !connect(fd, (struct sockaddr *)&far, sizeof(far)) &&
		  !getsockname(fd, (struct sockaddr *)&me, &l) &&
		  me.sin_addr.s_addr == inet_addr(want));
	close(fd);
	struct ifaddrs *list;
	int eth0 = 0, lo = 0;
	char text[INET_ADDRSTRLEN];
	if (!getifaddrs(&list)) {
		for (struct ifaddrs *i = list; i; i = i->ifa_next) {
			if (!i->ifa_addr || i->ifa_addr->sa_family != AF_INET)
				continue;
			struct sockaddr_in *a =
			    (struct sockaddr_in *)i->ifa_addr;
			inet_ntop(AF_INET, &a->sin_addr, text, sizeof(text));
			eth0 += !strcmp(i->ifa_name, "eth0") &&
				!strcmp(text, want) && i->ifa_broadaddr &&
				(i->ifa_flags & IFF_UP);
			lo += !strcmp(i->ifa_name, "lo") &&
			      !strcmp(text, "127.0.0.1");
		}
		freeifaddrs(list);
	}
	CHECK("getifaddrs_eth0_and_lo", eth0 == 1 && lo == 1);
	char line[64] = "";
	FILE *f = fopen("/etc/resolv.conf", "r");
	if (f) {
		if (!fgets(line, sizeof(line), f))
			line[0] = 0;
		fclose(f);
	}
	CHECK("resolv_conf", !strcmp(line, "nameserver 10.0.2.3\n"));
}

static void check_ping(const char *to)
{
	int fd = socket(AF_INET, SOCK_DGRAM, IPPROTO_ICMP);
	CHECK("ping_socket", fd >= 0);
	struct sockaddr_in a = addr_of(to, 0);
	int answered = 0;
	for (int seq = 1; seq <= 3 && !answered; seq++) {
		struct icmphdr req = {.type = ICMP_ECHO};
		req.un.echo.sequence = htons((uint16_t)seq);
		char out[sizeof(req) + 8];
		memcpy(out, &req, sizeof(req));
		memcpy(out + sizeof(req), "osvping!", 8);
		if (sendto(fd, out, sizeof(out), 0, (struct sockaddr *)&a,
			   sizeof(a)) != (ssize_t)sizeof(out))
			break;
		char in[128];
		struct icmphdr rep;
		while (readable(fd, 1000)) {
			ssize_t n = recv(fd, in, sizeof(in), 0);
			memcpy(&rep, in, sizeof(rep));
			if (n == (ssize_t)sizeof(out) &&
			    rep.type == ICMP_ECHOREPLY &&
			    rep.un.echo.sequence == htons((uint16_t)seq) &&
			    !memcmp(in + sizeof(rep), "osvping!", 8)) {
				answered = 1;
				break;
			}
		}
	}
	CHECK("ping_answered", answered);
	struct icmphdr bad = {.type = ICMP_ECHOREPLY};
	errno = 0;
	CHECK("ping_not_echo_einval",
	      sendto(fd, &bad, sizeof(bad), 0, (struct sockaddr *)&a,
		     sizeof(a)) == -1 &&
		  errno == EINVAL);
	close(fd);
}

static void check_udp(const char *to, int port)
{
	int fd = socket(AF_INET, SOCK_DGRAM, 0);
	struct sockaddr_in a = addr_of(to, port);
	CHECK("udp_connect", !connect(fd, (struct sockaddr *)&a, sizeof(a)));
	int echoed = 0;
	for (int i = 0; i < 5 && !echoed; i++) {
		send(fd, "osv says hello", 14, 0);
		char buf[64];
		if (readable(fd, 1000))
			echoed = recv(fd, buf, sizeof(buf), 0) == 14 &&
				 !memcmp(buf, "osv says hello", 14);
	}
	CHECK("udp_echoed_by_host", echoed);
	/* more than the 1500-byte MTU: fragments out, reassembled back */
	size_t big = 4000;
	char *out = malloc(big), *in = malloc(big);
	for (size_t i = 0; i < big; i++)
		out[i] = (char)(i * 13);
	int frag = 0;
	for (int i = 0; i < 5 && !frag; i++) {
		send(fd, out, big, 0);
		if (readable(fd, 1000))
			frag = recv(fd, in, big, 0) == (ssize_t)big &&
			       !memcmp(in, out, big);
	}
	CHECK("udp_fragmented_echoed", frag);
	/* nobody answers ARP for 10.0.2.99: EHOSTUNREACH after the tries */
	int fu = socket(AF_INET, SOCK_DGRAM, 0);
	struct sockaddr_in nobody = addr_of("10.0.2.99", 9);
	struct pollfd p = {fu, POLLIN, 0};
	connect(fu, (struct sockaddr *)&nobody, sizeof(nobody));
	send(fu, "x", 1, 0);
	CHECK("arp_unanswered_pollerr",
	      poll(&p, 1, 10000) == 1 && (p.revents & POLLERR));
	char b[4];
	errno = 0;
	CHECK("arp_unanswered_ehostunreach",
	      recv(fu, b, sizeof(b), 0) == -1 && errno == EHOSTUNREACH);
	close(fu);
	free(out);
	free(in);
	close(fd);
}

int main(int argc, char **argv)
{
	setvbuf(stdout, NULL, _IOLBF, 0);
	if (argc >= 3 && !strcmp(argv[1], "dhcp"))
		check_dhcp(argv[2]);
	else if (argc >= 3 && !strcmp(argv[1], "ping"))
		check_ping(argv[2]);
	else if (argc >= 4 && !strcmp(argv[1], "udp"))
		check_udp(argv[2], atoi(argv[3]));
	else
		CHECK("usage", 0);
	return app_check_summary() != 0;
}
