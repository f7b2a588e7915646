/*
 * getnameinfo: the host's name from the hosts database (reverse), else
 * DNS (a PTR record), else its numeric form (with "%scope" for a scoped
 * IPv6 address; EAI_AGAIN instead when DNS could not tell, as glibc
 * does), and the
 * service's name from the services database, else its number; glibc's
 * flags and errors.  A local (AF_UNIX) address is this host by its
 * node name ("localhost" if numeric) and its path.
 */
#include <arpa/inet.h>
#include <net/if.h>
#include <netdb.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <sys/utsname.h>

#include "netdb_impl.h"

#define VALID_FLAGS                                                            \
	(NI_NUMERICHOST | NI_NUMERICSERV | NI_NOFQDN | NI_NAMEREQD |           \
	 NI_DGRAM | NI_IDN | 64 | 128)

static int copy_out(const char *text, char *dst, socklen_t len)
{
	size_t n = strlen(text) + 1;
	if (n > len)
		return EAI_OVERFLOW;
	memcpy(dst, text, n);
	return 0;
}

/* The address's numeric form, its scope appended. */
static void numeric_host(const struct net_addr *a, uint32_t scope, char *text)
{
	inet_ntop(a->family, a->addr, text, INET6_ADDRSTRLEN);
	if (!scope)
		return;
	char name[IF_NAMESIZE];
	bool link_local = (a->addr[0] == 0xfe && (a->addr[1] & 0xc0) == 0x80) ||
			  (a->addr[0] == 0xff && (a->addr[1] & 0x0f) == 2);
	if (link_local && if_indextoname(scope, name))
		sprintf(text + strlen(text), "%%%s", name);
	else
		sprintf(text + strlen(text), "%%%u", scope);
}

/* The address's name from the hosts database, else DNS: 0, EAI_NONAME
 * when neither knows it, EAI_AGAIN when DNS could not tell. */
static int lookup_name(const struct net_addr *a, char *host, socklen_t len)
{
	char line[NET_LINE_MAX], *field[NET_FIELDS_MAX];
	if (osv_net_hosts_by_addr(a, line, field))
		return copy_out(field[0], host, len);
	struct net_names names;
	int herr;
	if (osv_net_dns_by_addr(a, &names, &herr))
		return copy_out(names.name[0], host, len);
	return herr == TRY_AGAIN ? EAI_AGAIN : EAI_NONAME;
}

static int host_name(const struct net_addr *a, uint32_t scope, char *host,
		     socklen_t len, int flags)
{
	if (!(flags & NI_NUMERICHOST)) {
		int err = lookup_name(a, host, len);
		if (err != EAI_NONAME)
			return err;
	}
	if (flags & NI_NAMEREQD)
		return EAI_NONAME;
	char text[INET6_ADDRSTRLEN + IF_NAMESIZE + 12];
	numeric_host(a, scope, text);
	return copy_out(text, host, len);
}

static int service_name(int port, char *serv, socklen_t len, int flags)
{
	struct servent s, *r = NULL;
	char buf[NET_LINE_MAX + (NET_FIELDS_MAX + 2) * sizeof(char *)];
	if (!(flags & NI_NUMERICSERV))
		getservbyport_r(port, flags & NI_DGRAM ? "udp" : "tcp", &s, buf,
				sizeof(buf), &r);
	if (r)
		return copy_out(r->s_name, serv, len);
	char text[8];
	snprintf(text, sizeof(text), "%u", ntohs((uint16_t)port));
	return copy_out(text, serv, len);
}

/* The address and port of sa, or EAI_FAMILY. */
static int split_address(const struct sockaddr *sa, socklen_t salen,
			 struct net_addr *a, uint32_t *scope, int *port)
{
	a->family = sa->sa_family;
	*scope = 0;
	if (sa->sa_family == AF_INET && salen >= sizeof(struct sockaddr_in)) {
		const struct sockaddr_in *sin = (const void *)sa;
		memcpy(a->addr, &sin->sin_addr, 4);
		*port = sin->sin_port;
		return 0;
	}
	if (sa->sa_family == AF_INET6 && salen >= sizeof(struct sockaddr_in6)) {
		const struct sockaddr_in6 *sin6 = (const void *)sa;
		memcpy(a->addr, &sin6->sin6_addr, 16);
		*port = sin6->sin6_port;
		*scope = sin6->sin6_scope_id;
		return 0;
	}
	return EAI_FAMILY;
}

static int local_host(char *host, socklen_t len, int flags)
{
	struct utsname u;
	if (!(flags & NI_NUMERICHOST) && uname(&u) == 0)
		return copy_out(u.nodename, host, len);
	return flags & NI_NAMEREQD ? EAI_NONAME
				   : copy_out("localhost", host, len);
}

/* sun_path's place in struct sockaddr_un, and its size. */
#define SUN_PATH_OFFSET sizeof(sa_family_t)
#define SUN_PATH_SIZE 108

static int local_name(const struct sockaddr *sa, socklen_t salen, char *host,
		      socklen_t hostlen, char *serv, socklen_t servlen,
		      int flags)
{
	int err = 0;
	if (salen < SUN_PATH_OFFSET)
		return EAI_FAMILY;
	if (host && hostlen)
		err = local_host(host, hostlen, flags);
	if (!err && serv && servlen) {
		char path[SUN_PATH_SIZE + 1];
		const char *p = (const char *)sa + SUN_PATH_OFFSET;
		size_t n = strnlen(p, SUN_PATH_SIZE);
		memcpy(path, p, n);
		path[n] = '\0';
		err = copy_out(path, serv, servlen);
	}
	return err;
}

int getnameinfo(const struct sockaddr *restrict sa, socklen_t salen,
		char *restrict host, socklen_t hostlen, char *restrict serv,
		socklen_t servlen, int flags)
{
	if (flags & ~VALID_FLAGS)
		return EAI_BADFLAGS;
	if (!sa || salen < sizeof(sa_family_t))
		return EAI_FAMILY;
	if ((flags & NI_NAMEREQD) && !host && !serv)
		return EAI_NONAME;
	if (sa->sa_family == AF_UNIX)
		return local_name(sa, salen, host, hostlen, serv, servlen,
				  flags);
	struct net_addr a;
	uint32_t scope;
	int port;
	int err = split_address(sa, salen, &a, &scope, &port);
	if (err)
		return err;
	if (host && hostlen &&
	    (err = host_name(&a, scope, host, hostlen, flags)))
		return err;
	if (serv && servlen)
		return service_name(port, serv, servlen, flags);
	return 0;
}
