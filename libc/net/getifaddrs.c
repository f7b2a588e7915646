/*
 * getifaddrs: the addresses of the one interface, lo: 127.0.0.1/8 and
 * ::1/128, up, running, loopback.  Linux also lists the link (an
 * AF_PACKET entry with its statistics): there is no link layer here.
 * The list is one allocation, as in glibc.
 */
#include <ifaddrs.h>
#include <net/if.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>

#define LOOPBACK_FLAGS (IFF_UP | IFF_LOOPBACK | IFF_RUNNING)

struct lo_addrs {
	struct ifaddrs entry[2];
	struct sockaddr_in v4, v4_mask;
	struct sockaddr_in6 v6, v6_mask;
	char name[IF_NAMESIZE];
};

static void fill_v4(struct lo_addrs *l)
{
	l->v4.sin_family = l->v4_mask.sin_family = AF_INET;
	l->v4.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	l->v4_mask.sin_addr.s_addr = htonl(0xff000000);
	l->entry[0].ifa_addr = (struct sockaddr *)&l->v4;
	l->entry[0].ifa_netmask = (struct sockaddr *)&l->v4_mask;
}

static void fill_v6(struct lo_addrs *l)
{
	l->v6.sin6_family = l->v6_mask.sin6_family = AF_INET6;
	l->v6.sin6_addr = in6addr_loopback;
	memset(&l->v6_mask.sin6_addr, 0xff, sizeof(l->v6_mask.sin6_addr));
	l->entry[1].ifa_addr = (struct sockaddr *)&l->v6;
	l->entry[1].ifa_netmask = (struct sockaddr *)&l->v6_mask;
}

int getifaddrs(struct ifaddrs **list)
{
	struct lo_addrs *l = calloc(1, sizeof(*l));
	if (!l)
		return -1;
	strcpy(l->name, "lo");
	fill_v4(l);
	fill_v6(l);
	for (int i = 0; i < 2; i++) {
		l->entry[i].ifa_name = l->name;
		l->entry[i].ifa_flags = LOOPBACK_FLAGS;
	}
	l->entry[0].ifa_next = &l->entry[1];
	*list = &l->entry[0];
	return 0;
}

void freeifaddrs(struct ifaddrs *list)
{
	free(list);
}
