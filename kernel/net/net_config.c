/*
 * The boot's network configuration (netconf.h): --ip's static
 * addresses, DHCP on the other Ethernet interfaces, and the DNS server
 * in /etc/resolv.conf.  The stack starts here when there is a NIC;
 * without one it starts at the first AF_INET socket (starting it costs
 * the boot ~600 translated blocks, more than the whole boot otherwise),
 * so until then the interface calls see no "lo".
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>

#include "clock.h"
#include "dhcp.h"
#include "fs_calls.h"
#include "ip4.h"
#include "klog.h"
#include "netconf.h"

static char errbuf[160];

/* A dotted quad at *s (advanced past it) into *a (network order). */
static bool parse_addr(const char **s, uint32_t *a)
{
	uint32_t v = 0;
	const char *p = *s;
	for (int i = 0; i < 4; i++) {
		if (i && *p++ != '.')
			return false;
		if (*p < '0' || *p > '9')
			return false;
		unsigned n = 0;
		for (int d = 0; *p >= '0' && *p <= '9'; d++, p++)
			if (d == 3 || (n = n * 10 + (unsigned)(*p - '0')) > 255)
				return false;
		v = v << 8 | n;
	}
	*a = ip4_htonl(v);
	*s = p;
	return true;
}

static const char *bad(const char *opt, const char *what)
{
	snprintf(errbuf, sizeof errbuf, "%s: %s", opt, what);
	return errbuf;
}

/* One --ip=IF,ADDR/PREFIX[,GATEWAY]: configured, or an error. */
static const char *static_ip(const char *opt)
{
	char name[IF_NAMESIZE];
	const char *comma = strchr(opt, ',');
	if (!comma || comma == opt || comma - opt >= IF_NAMESIZE)
		return bad(opt, "expected --ip=IF,ADDR/PREFIX[,GATEWAY]");
	memcpy(name, opt, (size_t)(comma - opt));
	name[comma - opt] = 0;
	struct netdev *dev = netdev_by_name(name);
	if (!dev || dev->type != NETDEV_TYPE_ETHER)
		return bad(opt, "no such Ethernet interface");
	const char *p = comma + 1;
	uint32_t addr, gw = 0;
	unsigned prefix = 0;
	if (!parse_addr(&p, &addr) || *p++ != '/')
		return bad(opt, "expected ADDR/PREFIX (10.0.2.15/24)");
	for (int d = 0; *p >= '0' && *p <= '9'; d++, p++)
		if (d == 2 ||
		    (prefix = prefix * 10 + (unsigned)(*p - '0')) > 32)
			return bad(opt, "the prefix is 0 to 32");
	if (p[-1] == '/' || (*p && (*p++ != ',' || !parse_addr(&p, &gw) || *p)))
		return bad(opt, "expected ADDR/PREFIX[,GATEWAY]");
	unsigned long f = ip4_lock();
	int r = ip4_set_addr(dev, addr, prefix);
	if (!r && gw)
		ip4_set_gateway(dev, gw);
	ip4_unlock(f);
	return r ? bad(opt, "too many interfaces") : NULL;
}

static bool has_address(struct netdev *dev)
{
	unsigned long f = ip4_lock();
	bool r = ip4_ifaddr_of(dev) != NULL;
	ip4_unlock(f);
	return r;
}

static void wait_dhcp(void)
{
	uint64_t deadline =
	    clock_monotonic() + NETCONF_DHCP_WAIT_S * NSEC_PER_SEC;
	unsigned long f = ip4_lock();
	while (!dhcp_all_bound() &&
	       waitq_wait_locked(&ip4_q, deadline, false) != -ETIMEDOUT)
		;
	ip4_unlock(f);
	for (struct netdev *d = netdev_first(); d; d = d->next)
		if (d->type == NETDEV_TYPE_ETHER && !has_address(d))
			kprintf("osv: %s: no DHCP answer in %d s; the program "
				"starts without an address (DHCP goes on)\n",
				d->name, NETCONF_DHCP_WAIT_S);
}

static void write_resolv_conf(uint32_t server)
{
	const uint8_t *b = (const uint8_t *)&server;
	char text[40];
	int n = snprintf(text, sizeof text, "nameserver %u.%u.%u.%u\n", b[0],
			 b[1], b[2], b[3]);
	fs_mkdirat(AT_FDCWD, "/etc", 0755);
	int fd = fs_openat(AT_FDCWD, "/etc/resolv.conf",
			   O_WRONLY | O_CREAT | O_TRUNC, 0644);
	if (fd < 0)
		return; /* a read-only root: the program has no resolver file */
	fs_write(fd, text, (size_t)n);
	fs_close(fd);
}

const char *netconf_boot(char *const *ips, unsigned n, const char *dns)
{
	uint32_t server = 0;
	const char *p = dns;
	if (dns && (!parse_addr(&p, &server) || *p))
		return bad(dns, "--dns expects an address (10.0.2.3)");
	bool nic = false;
	for (struct netdev *d = netdev_first(); d; d = d->next)
		nic |= d->type == NETDEV_TYPE_ETHER;
	if (!nic && !n) { /* lo alone: the first AF_INET socket starts it */
		if (server)
			write_resolv_conf(server);
		return NULL;
	}
	if (ip4_start())
		return "the network stack could not start (out of memory)";
	for (unsigned i = 0; i < n; i++) {
		const char *err = static_ip(ips[i]);
		if (err)
			return err;
	}
	bool dhcp = false;
	for (struct netdev *d = netdev_first(); d; d = d->next) {
		if (d->type != NETDEV_TYPE_ETHER || has_address(d))
			continue;
		unsigned long f = ip4_lock();
		int rc = dhcp_start(d);
		ip4_unlock(f);
		if (rc)
			kprintf("osv: %s: DHCP not started (out of memory); "
				"the interface has no address\n",
				d->name);
		dhcp |= rc == 0;
	}
	if (dhcp)
		wait_dhcp();
	if (!server) {
		unsigned long f = ip4_lock();
		server = dhcp_dns();
		ip4_unlock(f);
	}
	if (server)
		write_resolv_conf(server);
	return NULL;
}
