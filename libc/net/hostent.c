/*
 * gethostent's walk through /etc/hosts: its IPv4 entries in order, one
 * address each (glibc's files walk reads lines as AF_INET and skips the
 * IPv6 ones).
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netdb.h>
#include <string.h>

#include "netdb_impl.h"

static struct net_db walk;
static int walk_open;

void sethostent(int stayopen)
{
	(void)stayopen;
	endhostent();
	osv_net_db_open(&walk, osv_net_hosts_path, NULL);
	walk_open = 1;
}

void endhostent(void)
{
	if (walk_open)
		osv_net_db_close(&walk);
	walk_open = 0;
}

/* Lays out the entry in buf: its address, its address list, its names. */
static int to_hostent(const struct in_addr *a, char **names, int n,
		      struct hostent *ret, char *buf, size_t buflen)
{
	size_t align = (size_t) - (unsigned long)buf % sizeof(char *);
	size_t head = align + 2 * sizeof(char *) + sizeof(*a);
	if (buflen < head)
		return ERANGE;
	char **list = (char **)(void *)(buf + align);
	char *addr = (char *)(list + 2);
	char **packed =
	    osv_net_pack_strings(buf + head, buflen - head, names, n);
	if (!packed)
		return ERANGE;
	memcpy(addr, a, sizeof(*a));
	list[0] = addr;
	list[1] = NULL;
	ret->h_name = packed[0];
	ret->h_aliases = packed + 1;
	ret->h_addrtype = AF_INET;
	ret->h_length = sizeof(*a);
	ret->h_addr_list = list;
	return 0;
}

int gethostent_r(struct hostent *ret, char *buf, size_t buflen,
		 struct hostent **result, int *h_errnop)
{
	char line[NET_LINE_MAX], *field[NET_FIELDS_MAX];
	struct in_addr a;
	int n;
	*result = NULL;
	if (!walk_open)
		sethostent(0);
	while ((n = osv_net_db_entry(&walk, line, field)))
		if (n >= 2 && inet_pton(AF_INET, field[0], &a) == 1)
			break;
	if (!n) {
		*h_errnop = HOST_NOT_FOUND;
		return ENOENT;
	}
	if (to_hostent(&a, field + 1, n - 1, ret, buf, buflen)) {
		*h_errnop = NETDB_INTERNAL;
		return ERANGE;
	}
	*result = ret;
	return 0;
}

struct hostent *gethostent(void)
{
	static struct hostent entry;
	static char buf[NET_LINE_MAX + (NET_FIELDS_MAX + 4) * sizeof(char *)];
	struct hostent *r;
	gethostent_r(&entry, buf, sizeof(buf), &r, &h_errno);
	return r;
}
