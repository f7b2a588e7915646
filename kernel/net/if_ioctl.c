/*
 * The interface ioctls every socket answers (netdev.h): the interface
 * named by ifr_name (SIOCGIFINDEX ...) or by ifr_ifindex (SIOCGIFNAME),
 * in Linux's struct ifreq.
 */
#include <errno.h>
#include <string.h>
#include <sys/socket.h>

#include "netdev.h"
#include "uaccess.h"

#define SIOCGIFNAME 0x8910
#define SIOCGIFFLAGS 0x8913
#define SIOCSIFFLAGS 0x8914
#define SIOCGIFMTU 0x8921
#define SIOCGIFHWADDR 0x8927
#define SIOCGIFINDEX 0x8933

struct ifreq {
	char ifr_name[IF_NAMESIZE];
	union {
		struct sockaddr ifr_hwaddr;
		short ifr_flags;
		int ifr_ifindex;
		int ifr_mtu;
		char pad[24];
	};
};

/* The interface of ifr_name, which need not end in a NUL. */
static struct netdev *named(const struct ifreq *ifr)
{
	char name[IF_NAMESIZE + 1];
	memcpy(name, ifr->ifr_name, IF_NAMESIZE);
	name[IF_NAMESIZE] = 0;
	return netdev_by_name(name);
}

/* Up brings the interface up, running; down stops both. */
static void set_flags(struct netdev *dev, short flags)
{
	if (flags & IFF_UP)
		dev->flags |= IFF_UP | IFF_RUNNING;
	else
		dev->flags &= ~(unsigned)(IFF_UP | IFF_RUNNING);
}

static void get_hwaddr(const struct netdev *dev, struct sockaddr *sa)
{
	memset(sa, 0, sizeof(*sa));
	sa->sa_family = dev->type;
	memcpy(sa->sa_data, dev->mac, 6);
}

static int on_ifreq(unsigned long cmd, struct ifreq *ifr)
{
	if (cmd == SIOCGIFNAME) {
		struct netdev *dev = netdev_by_index(ifr->ifr_ifindex);
		if (!dev)
			return -ENODEV;
		memcpy(ifr->ifr_name, dev->name, IF_NAMESIZE);
		return 0;
	}
	struct netdev *dev = named(ifr);
	if (!dev)
		return -ENODEV;
	switch (cmd) {
	case SIOCGIFINDEX:
		ifr->ifr_ifindex = dev->index;
		break;
	case SIOCGIFFLAGS:
		ifr->ifr_flags = (short)dev->flags;
		break;
	case SIOCSIFFLAGS:
		set_flags(dev, ifr->ifr_flags);
		break;
	case SIOCGIFMTU:
		ifr->ifr_mtu = (int)dev->mtu;
		break;
	case SIOCGIFHWADDR:
		get_hwaddr(dev, &ifr->ifr_hwaddr);
		break;
	}
	return 0;
}

/* The program's ifreq is read and written back whole: EFAULT if bad. */
int netdev_ioctl(unsigned long cmd, void *arg)
{
	if (cmd != SIOCGIFNAME && cmd != SIOCGIFINDEX && cmd != SIOCGIFFLAGS &&
	    cmd != SIOCSIFFLAGS && cmd != SIOCGIFMTU && cmd != SIOCGIFHWADDR)
		return -ENOTTY;
	struct ifreq ifr;
	if (get_program(&ifr, arg, sizeof(ifr)))
		return -EFAULT;
	int r = on_ifreq(cmd, &ifr);
	if (r == 0 && cmd != SIOCSIFFLAGS)
		r = put_program(arg, &ifr, sizeof(ifr));
	return r;
}
