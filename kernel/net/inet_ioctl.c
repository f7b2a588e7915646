/*
 * Interface addresses through ioctls, as Linux's AF_INET sockets give
 * them: by name (struct ifreq), or all of them (SIOCGIFCONF: one ifreq
 * per interface with an address).  Setting an address keeps the prefix;
 * setting a netmask takes its leading ones.
 */
#include <errno.h>
#include <netinet/in.h>
#include <string.h>

#include "inet_ioctl.h"
#include "ip4.h"
#include "uaccess.h"

#define SIOCGIFCONF 0x8912
#define SIOCGIFADDR 0x8915
#define SIOCSIFADDR 0x8916
#define SIOCGIFBRDADDR 0x8919
#define SIOCGIFNETMASK 0x891b
#define SIOCSIFNETMASK 0x891c

struct linux_ifreq {
	char name[IF_NAMESIZE];
	union {
		struct sockaddr_in sin;
		char pad[24];
	} u;
};

struct linux_ifconf {
	int len;
	struct linux_ifreq *req;
};

static void put_addr(struct linux_ifreq *r, uint32_t a)
{
	memset(&r->u, 0, sizeof(r->u));
	r->u.sin.sin_family = AF_INET;
	r->u.sin.sin_addr.s_addr = a;
}

/* The ifreq of the nth interface with an address; false past the last. */
static bool nth_conf(int n, struct linux_ifreq *r)
{
	unsigned long f = ip4_lock();
	struct netdev *d = netdev_first();
	const struct ip4_ifaddr *ia = NULL;
	for (; d; d = d->next)
		if ((ia = ip4_ifaddr_of(d)) && n-- == 0)
			break;
	if (d) {
		memset(r->name, 0, sizeof(r->name));
		strncpy(r->name, d->name, sizeof(r->name) - 1);
		put_addr(r, ia->addr);
	}
	ip4_unlock(f);
	return d != NULL;
}

/*
 * One interface at a time, each written to the caller's array after
 * the lock (see inet_if_ioctl).
 */
static int get_conf(struct linux_ifconf *uc)
{
	struct linux_ifconf c;
	if (get_program(&c, uc, sizeof(c)))
		return -EFAULT;
	int n = 0;
	struct linux_ifreq r;
	for (; nth_conf(n, &r); n++) {
		if (!c.req)
			continue;
		if ((size_t)c.len < (n + 1) * sizeof(r))
			break;
		if (put_program(&c.req[n], &r, sizeof(r)))
			return -EFAULT;
	}
	c.len = n * (int)sizeof(r);
	return put_program(&uc->len, &c.len, sizeof(c.len));
}

static int set_addr(struct netdev *dev, const struct ip4_ifaddr *ia,
		    unsigned long cmd, const struct linux_ifreq *r)
{
	if (r->u.sin.sin_family != AF_INET)
		return -EINVAL;
	uint32_t a = r->u.sin.sin_addr.s_addr;
	if (cmd == SIOCSIFADDR)
		return ip4_set_addr(dev, a, ia ? ip4_prefix_of(ia->mask) : 8);
	if (!ia)
		return -EADDRNOTAVAIL;
	if (~ip4_ntohl(a) & (~ip4_ntohl(a) + 1)) /* not leading ones */
		return -EINVAL;
	return ip4_set_addr(dev, ia->addr, ip4_prefix_of(a));
}

static int by_name(unsigned long cmd, struct linux_ifreq *r)
{
	char name[IF_NAMESIZE];
	memcpy(name, r->name, sizeof(name));
	name[IF_NAMESIZE - 1] = 0;
	struct netdev *dev = netdev_by_name(name);
	if (!dev)
		return -ENODEV;
	const struct ip4_ifaddr *ia = ip4_ifaddr_of(dev);
	if (cmd == SIOCSIFADDR || cmd == SIOCSIFNETMASK)
		return set_addr(dev, ia, cmd, r);
	if (!ia)
		return -EADDRNOTAVAIL;
	uint32_t v = cmd == SIOCGIFADDR	     ? ia->addr
		     : cmd == SIOCGIFNETMASK ? ia->mask
					     : (ia->addr | ~ia->mask);
	put_addr(r, v);
	return 0;
}

int inet_if_ioctl(unsigned long cmd, void *arg)
{
	if (cmd != SIOCGIFCONF && cmd != SIOCGIFADDR && cmd != SIOCSIFADDR &&
	    cmd != SIOCGIFBRDADDR && cmd != SIOCGIFNETMASK &&
	    cmd != SIOCSIFNETMASK)
		return -ENOTTY;
	/*
	 * The caller's ifreq or ifconf is read before ip4_lock and written
	 * after it (uaccess.h): a fault under the lock could not sleep for
	 * a file's page, and a bad pointer gets EFAULT, as Linux.
	 */
	if (cmd == SIOCGIFCONF)
		return get_conf(arg);
	bool set = cmd == SIOCSIFADDR || cmd == SIOCSIFNETMASK;
	struct linux_ifreq r;
	if (get_program(&r, arg, sizeof(r)))
		return -EFAULT;
	unsigned long f = ip4_lock();
	int err = by_name(cmd, &r);
	ip4_unlock(f);
	if (!err && !set)
		err = put_program(arg, &r, sizeof(r));
	return err;
}
