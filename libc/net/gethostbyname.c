/*
 * gethostbyname, gethostbyname2, gethostbyaddr and their _r forms, from
 * the numeric forms, the hosts database (libc/net/hosts.c), then DNS
 * (libc/net/hosts_dns.c), with glibc's h_errno: HOST_NOT_FOUND for a
 * name or address DNS does not know, NO_DATA for a name without an
 * address of the family, TRY_AGAIN when no server answered or one
 * failed (the _r forms by name then return EAGAIN, as glibc's; by
 * address 0).  From the hosts file, the addresses of every matching entry
 * (glibc's "multi on"), the first one's official name, no aliases; by
 * address, the first entry's names.  From DNS, the name owning the
 * addresses, the CNAMEs that led there as aliases; by address, the PTR
 * record's name.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netdb.h>
#include <string.h>

#include "netdb_impl.h"

#define HOST_ADDRS_MAX 16

/* What a hostent is made of before it is laid out in the caller's buffer. */
struct host_data {
	int family, n_addrs, n_names;
	struct net_addr addrs[HOST_ADDRS_MAX];
	char *names[NET_FIELDS_MAX]; /* the official name first */
};

static size_t addr_len(int family)
{
	return family == AF_INET ? 4 : 16;
}

/* Lays d out in buf as ret: 0, or ERANGE when buf is too small. */
static int to_hostent(const struct host_data *d, struct hostent *ret, char *buf,
		      size_t buflen)
{
	size_t len = addr_len(d->family);
	size_t addrs_size = (size_t)(d->n_addrs + 1) * sizeof(char *) +
			    (size_t)d->n_addrs * len;
	size_t align = (size_t) - (unsigned long)buf % sizeof(char *);
	if (align + addrs_size > buflen)
		return ERANGE;
	char **list = (char **)(void *)(buf + align);
	char *bytes = (char *)(list + d->n_addrs + 1);
	for (int i = 0; i < d->n_addrs; i++)
		list[i] = memcpy(bytes + i * len, d->addrs[i].addr, len);
	list[d->n_addrs] = NULL;
	char *rest = buf + align + addrs_size;
	char **names = osv_net_pack_strings(rest, buflen - align - addrs_size,
					    d->names, d->n_names);
	if (!names)
		return ERANGE;
	ret->h_name = names[0];
	ret->h_aliases = names + 1;
	ret->h_addrtype = d->family;
	ret->h_length = (int)len;
	ret->h_addr_list = list;
	return 0;
}

/* name as a numeric address of family: 1 if it is one. */
static int numeric(const char *name, int family, struct host_data *d)
{
	unsigned char *a = d->addrs[0].addr;
	int ok = family == AF_INET
		     ? name[strspn(name, "0123456789.")] == '\0' &&
			   osv_net_aton_exact(name, (struct in_addr *)a)
		     : inet_pton(AF_INET6, name, a) == 1;
	d->n_addrs = ok;
	return ok;
}

static void use_names(struct host_data *d, const struct net_names *names)
{
	d->n_names = names->n;
	memcpy(d->names, names->name, (size_t)names->n * sizeof(char *));
}

/* name's addresses (d), whose names are in names: 0 or h_errno. */
static int by_name(const char *name, int family, struct host_data *d,
		   struct net_names *names)
{
	char *canon = names->text;
	d->family = family;
	d->n_names = 1;
	d->names[0] = canon;
	if (numeric(name, family, d)) {
		strncpy(canon, name, NET_LINE_MAX - 1);
		canon[NET_LINE_MAX - 1] = '\0';
		return 0;
	}
	d->n_addrs = osv_net_hosts_by_name(name, family, d->addrs,
					   HOST_ADDRS_MAX, canon);
	if (d->n_addrs)
		return 0;
	int herr;
	d->n_addrs = osv_net_dns_by_name(name, family, d->addrs, HOST_ADDRS_MAX,
					 names, &herr);
	use_names(d, names);
	return d->n_addrs ? 0 : herr;
}

/* The _r forms' ending: the result, h_errno and the return value. */
static int finish(int herr, int err, struct hostent *ret,
		  struct hostent **result, int *h_errnop)
{
	*result = NULL;
	if (herr) {
		*h_errnop = herr;
		return 0;
	}
	if (err) {
		*h_errnop = NETDB_INTERNAL;
		errno = err;
		return err;
	}
	*h_errnop = NETDB_SUCCESS;
	*result = ret;
	return 0;
}

int gethostbyname2_r(const char *restrict name, int af,
		     struct hostent *restrict ret, char *restrict buf,
		     size_t buflen, struct hostent **restrict result,
		     int *restrict h_errnop)
{
	if (af != AF_INET && af != AF_INET6) {
		*result = NULL;
		*h_errnop = NETDB_INTERNAL;
		errno = EAFNOSUPPORT;
		return EAFNOSUPPORT;
	}
	struct host_data d;
	struct net_names names;
	int herr = by_name(name, af, &d, &names);
	int err = herr ? 0 : to_hostent(&d, ret, buf, buflen);
	int r = finish(herr, err, ret, result, h_errnop);
	/* glibc's by name (not its by address) says EAGAIN too when DNS
	 * could not answer: a caller may test the return value alone. */
	if (herr == TRY_AGAIN) {
		errno = EAGAIN;
		r = EAGAIN;
	}
	return r;
}

int gethostbyname_r(const char *restrict name, struct hostent *restrict ret,
		    char *restrict buf, size_t buflen,
		    struct hostent **restrict result, int *restrict h_errnop)
{
	return gethostbyname2_r(name, AF_INET, ret, buf, buflen, result,
				h_errnop);
}

int gethostbyaddr_r(const void *restrict addr, socklen_t len, int type,
		    struct hostent *restrict ret, char *restrict buf,
		    size_t buflen, struct hostent **restrict result,
		    int *restrict h_errnop)
{
	struct host_data d = {.family = type, .n_addrs = 1};
	char line[NET_LINE_MAX];
	struct net_names names;
	if ((type != AF_INET && type != AF_INET6) || len != addr_len(type)) {
		*result = NULL;
		*h_errnop = NETDB_INTERNAL;
		errno =
		    type != AF_INET && type != AF_INET6 ? EAFNOSUPPORT : EINVAL;
		return errno;
	}
	d.addrs[0].family = type;
	memcpy(d.addrs[0].addr, addr, len);
	int herr = 0;
	d.n_names = osv_net_hosts_by_addr(&d.addrs[0], line, d.names);
	if (!d.n_names && osv_net_dns_by_addr(&d.addrs[0], &names, &herr))
		use_names(&d, &names);
	int err = herr ? 0 : to_hostent(&d, ret, buf, buflen);
	return finish(herr, err, ret, result, h_errnop);
}

/* The non-reentrant forms' result. */
static struct hostent static_host;
static char static_buf[2 * NET_LINE_MAX];

struct hostent *gethostbyname2(const char *name, int af)
{
	struct hostent *r;
	gethostbyname2_r(name, af, &static_host, static_buf, sizeof(static_buf),
			 &r, &h_errno);
	return r;
}

struct hostent *gethostbyname(const char *name)
{
	return gethostbyname2(name, AF_INET);
}

struct hostent *gethostbyaddr(const void *addr, socklen_t len, int type)
{
	struct hostent *r;
	gethostbyaddr_r(addr, len, type, &static_host, static_buf,
			sizeof(static_buf), &r, &h_errno);
	return r;
}
