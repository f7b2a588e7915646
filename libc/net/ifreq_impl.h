/*
 * The interface ioctls' requests and Linux's struct ifreq and ifconf,
 * as far as if.c and getifaddrs.c use them; private to libc/net.
 */
#ifndef OSV_LIBC_NET_IFREQ_IMPL_H
#define OSV_LIBC_NET_IFREQ_IMPL_H

#include <net/if.h>
#include <netinet/in.h>

#define SIOCGIFNAME_REQ 0x8910
#define SIOCGIFCONF_REQ 0x8912
#define SIOCGIFFLAGS_REQ 0x8913
#define SIOCGIFBRDADDR_REQ 0x8919
#define SIOCGIFNETMASK_REQ 0x891b
#define SIOCGIFINDEX_REQ 0x8933

struct if_req {
	char name[IF_NAMESIZE];
	union {
		int index;
		short flags;
		struct sockaddr_in addr;
		char pad[24];
	};
};

struct if_conf {
	int len;
	struct if_req *req;
};

#endif
