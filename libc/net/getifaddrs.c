/*
 * getifaddrs: the IPv4 address of every interface that has one, as the
 * kernel's AF_INET ioctls give them (SIOCGIFCONF, then each one's
 * flags, netmask and broadcast address), and lo's ::1/128.  A kernel
 * built without the network stack (no AF_INET sockets) has lo alone:
 * 127.0.0.1/8 and ::1/128.  Linux also lists the link (an AF_PACKET
 * entry with its statistics): not here.  The list is one allocation,
 * as in glibc.
 */
#include <errno.h>
#include <ifaddrs.h>
#include <net/if.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

#include "ifreq_impl.h"

#define LOOPBACK_FLAGS (IFF_UP | IFF_LOOPBACK | IFF_RUNNING)
#define MAX_IFS 16

struct entry {
	struct ifaddrs ifa;
	struct sockaddr_in addr, mask, brd;
	struct sockaddr_in6 addr6, mask6;
	char name[IF_NAMESIZE];
};

/* The IPv4 entry of conf (name and address), completed by ioctls. */
static void fill_v4(int fd, struct entry *e, const struct if_req *conf)
{
	struct if_req r;
	memcpy(e->name, conf->name, IF_NAMESIZE);
	e->name[IF_NAMESIZE - 1] = 0;
	e->ifa.ifa_name = e->name;
	e->addr = conf->addr;
	e->ifa.ifa_addr = (struct sockaddr *)&e->addr;
	memcpy(r.name, e->name, IF_NAMESIZE);
	if (!ioctl(fd, SIOCGIFFLAGS_REQ, &r))
		e->ifa.ifa_flags = (unsigned short)r.flags;
	if (!ioctl(fd, SIOCGIFNETMASK_REQ, &r)) {
		e->mask = r.addr;
		e->ifa.ifa_netmask = (struct sockaddr *)&e->mask;
	}
	if (!(e->ifa.ifa_flags & IFF_LOOPBACK) &&
	    !ioctl(fd, SIOCGIFBRDADDR_REQ, &r)) {
		e->brd = r.addr;
		e->ifa.ifa_broadaddr = (struct sockaddr *)&e->brd;
		e->ifa.ifa_flags |= IFF_BROADCAST;
	}
}

static void fill_lo_v4(struct entry *e)
{
	struct if_req lo = {.name = "lo"};
	lo.addr.sin_family = AF_INET;
	lo.addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	memcpy(e->name, lo.name, IF_NAMESIZE);
	e->ifa.ifa_name = e->name;
	e->addr = lo.addr;
	e->ifa.ifa_addr = (struct sockaddr *)&e->addr;
	e->mask.sin_family = AF_INET;
	e->mask.sin_addr.s_addr = htonl(0xff000000);
	e->ifa.ifa_netmask = (struct sockaddr *)&e->mask;
	e->ifa.ifa_flags = LOOPBACK_FLAGS;
}

static void fill_lo_v6(struct entry *e)
{
	strcpy(e->name, "lo");
	e->ifa.ifa_name = e->name;
	e->ifa.ifa_flags = LOOPBACK_FLAGS;
	e->addr6.sin6_family = e->mask6.sin6_family = AF_INET6;
	e->addr6.sin6_addr = in6addr_loopback;
	memset(&e->mask6.sin6_addr, 0xff, sizeof(e->mask6.sin6_addr));
	e->ifa.ifa_addr = (struct sockaddr *)&e->addr6;
	e->ifa.ifa_netmask = (struct sockaddr *)&e->mask6;
}

/* The interfaces with an address into reqs: their count, or -1. */
static int interfaces(int fd, struct if_req *reqs)
{
	struct if_conf conf = {MAX_IFS * (int)sizeof(*reqs), reqs};
	if (ioctl(fd, SIOCGIFCONF_REQ, &conf))
		return -1;
	return conf.len / (int)sizeof(*reqs);
}

int getifaddrs(struct ifaddrs **list)
{
	struct if_req reqs[MAX_IFS];
	int n = 1, fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (fd >= 0 && (n = interfaces(fd, reqs)) < 0) {
		close(fd);
		return -1;
	}
	if (fd < 0 && errno != EAFNOSUPPORT)
		return -1;
	struct entry *e = calloc((size_t)n + 1, sizeof(*e));
	if (!e) {
		if (fd >= 0)
			close(fd);
		return -1;
	}
	for (int i = 0; i < n; i++)
		if (fd >= 0)
			fill_v4(fd, &e[i], &reqs[i]);
		else
			fill_lo_v4(&e[i]);
	fill_lo_v6(&e[n]);
	for (int i = 0; i < n; i++)
		e[i].ifa.ifa_next = &e[i + 1].ifa;
	if (fd >= 0)
		close(fd);
	*list = &e[0].ifa;
	return 0;
}

void freeifaddrs(struct ifaddrs *list)
{
	free(list);
}
