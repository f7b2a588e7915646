/*
 * getaddrinfo and freeaddrinfo, with glibc's rules: the socket types a
 * request stands for (one result per type when it names none: stream,
 * datagram and raw), the service's port from the services database,
 * the addresses from the numeric forms (inet_aton's for IPv4, with a
 * scope for IPv6), the hosts database (libc/net/hosts.c), then DNS
 * (libc/net/hosts_dns.c) or, without a name, the wildcard (AI_PASSIVE)
 * or loopback addresses; IPv4 addresses before IPv6 (ipv4_first).
 * Errors come in glibc's order: flags, family, service form
 * (AI_NUMERICSERV), socket type, service, name; DNS's as glibc's:
 * EAI_NONAME for a name that does not exist, EAI_NODATA for one without
 * addresses of the family, EAI_AGAIN when no server answered or one
 * failed, EAI_SYSTEM (errno EMFILE or ENFILE) when the resolver had no
 * descriptor for its socket.
 *
 * AI_ADDRCONFIG asks for IPv4 only (AF_INET6 is EAI_NONAME): glibc
 * does so where no interface has an IPv6 address but loopback's, and
 * the kernel has no IPv6.  glibc does not count loopback addresses at
 * all, so with lo alone it would keep both families for AF_UNSPEC and
 * refuse AF_INET; here 127.0.0.1 counts, so that a guest without a
 * network still finds names, as IPv4.
 */
#include <arpa/inet.h>
#include <ctype.h>
#include <net/if.h>
#include <netdb.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "netdb_impl.h"

#define VALID_FLAGS                                                            \
	(AI_PASSIVE | AI_CANONNAME | AI_NUMERICHOST | AI_V4MAPPED | AI_ALL |   \
	 AI_ADDRCONFIG | AI_IDN | AI_CANONIDN | AI_NUMERICSERV)
#define ADDRESSES_MAX 32

/* A socket type and protocol a request can stand for (glibc's list). */
struct socket_kind {
	int socktype, protocol;
	const char *proto_name;
	bool by_default;   /* one of the results when no type is asked */
	bool any_protocol; /* takes the protocol the request names */
	bool no_service;   /* refuses a service */
};

static const struct socket_kind kinds[] = {
    {SOCK_STREAM, IPPROTO_TCP, "tcp", true, false, false},
    {SOCK_DGRAM, IPPROTO_UDP, "udp", true, false, false},
    {SOCK_DCCP, IPPROTO_DCCP, "dccp", false, false, false},
    {SOCK_DGRAM, IPPROTO_UDPLITE, "udplite", false, false, false},
    {SOCK_STREAM, IPPROTO_SCTP, "sctp", false, false, false},
    {SOCK_SEQPACKET, IPPROTO_SCTP, "sctp", false, false, false},
    {SOCK_RAW, 0, "raw", true, true, true},
};
#define KINDS_COUNT (int)(sizeof(kinds) / sizeof(kinds[0]))

/* A socket type, protocol and port of the results. */
struct tuple {
	int socktype, protocol, port;
};

/* What a request names of its socket kind. */
static bool kind_fits(const struct socket_kind *k, const struct addrinfo *h)
{
	return (!h->ai_socktype || h->ai_socktype == k->socktype) &&
	       (!h->ai_protocol || k->any_protocol ||
		h->ai_protocol == k->protocol);
}

static int protocol_of(const struct socket_kind *k, const struct addrinfo *h)
{
	return k->any_protocol ? h->ai_protocol : k->protocol;
}

/*
 * The socket types and ports of the results: service is NULL (port 0),
 * a number (port >= 0) or a name to look up.  Their number, or an
 * EAI_ error.
 */
static int tuples(const struct addrinfo *h, const char *service, int port,
		  struct tuple *out)
{
	const struct socket_kind *asked = NULL;
	if (h->ai_socktype || h->ai_protocol) {
		for (int i = 0; i < KINDS_COUNT && !asked; i++)
			if (kind_fits(&kinds[i], h))
				asked = &kinds[i];
		if (!asked)
			return h->ai_socktype ? EAI_SOCKTYPE : EAI_SERVICE;
		if (service && asked->no_service)
			return EAI_SERVICE;
	}
	int n = 0;
	for (int i = 0; i < KINDS_COUNT; i++) {
		const struct socket_kind *k = &kinds[i];
		if (asked		  ? k != asked
		    : service && port < 0 ? !kind_fits(k, h)
					  : !k->by_default)
			continue;
		int p = port;
		if (service && port < 0 &&
		    (k->no_service ||
		     (p = osv_net_service_port(service, k->proto_name)) < 0))
			continue;
		out[n++] = (struct tuple){k->socktype, protocol_of(k, h),
					  service ? p : 0};
	}
	return n ? n : EAI_SERVICE;
}

/*
 * The port of a numeric service (what strtoul reads whole, as glibc
 * takes it), or -1 for a name; also -1 for a number that does not fit
 * an int, which glibc then looks up as a name.
 */
static int service_number(const char *service, bool *numeric)
{
	char *end;
	int v = (int)strtoul(service, &end, 10);
	*numeric = !*end;
	return *end || v < 0 ? -1 : v & 0xffff;
}

static void set_v4(struct net_addr *a, const void *addr4, bool mapped)
{
	memset(a->addr, 0, sizeof(a->addr));
	if (mapped) {
		a->family = AF_INET6;
		a->addr[10] = a->addr[11] = 0xff;
		memcpy(a->addr + 12, addr4, 4);
	} else {
		a->family = AF_INET;
		memcpy(a->addr, addr4, 4);
	}
}

/* "%scope" after an IPv6 address: an interface name or number. */
static bool parse_scope(const char *scope, const unsigned char *addr,
			uint32_t *id)
{
	bool link_local = (addr[0] == 0xfe && (addr[1] & 0xc0) == 0x80) ||
			  (addr[0] == 0xff && (addr[1] & 0x0f) <= 2);
	if (link_local && (*id = if_nametoindex(scope)))
		return true;
	if (!isdigit((unsigned char)*scope))
		return false;
	char *end;
	unsigned long long v = strtoull(scope, &end, 10);
	*id = (uint32_t)v;
	return !*end && v <= UINT32_MAX;
}

/*
 * An IPv6 address with an optional scope: 1 if node is one, 0 if not,
 * an EAI_ error for a bad scope.
 */
static int numeric_v6(const char *node, int family, struct net_addr *a,
		      uint32_t *scope)
{
	char text[INET6_ADDRSTRLEN];
	size_t len = strcspn(node, "%");
	if (len >= sizeof(text))
		return 0;
	memcpy(text, node, len);
	text[len] = '\0';
	if (inet_pton(AF_INET6, text, a->addr) != 1)
		return 0;
	a->family = AF_INET6;
	*scope = 0;
	if (family == AF_INET)
		return 1;
	if (node[len] && !parse_scope(node + len + 1, a->addr, scope))
		return EAI_NONAME;
	return 1;
}

/* The request's addresses: what node is, or the defaults without one. */
struct addresses {
	struct net_addr a[ADDRESSES_MAX];
	int n;
	uint32_t scope;
	char canon[NET_LINE_MAX];
	bool has_canon;
	struct net_names names; /* DNS's, before canon gets the official */
};

static void default_addresses(const struct addrinfo *h, struct addresses *r)
{
	static const unsigned char any[4], loop[4] = {127, 0, 0, 1};
	bool passive = h->ai_flags & AI_PASSIVE;
	if (h->ai_family != AF_INET) {
		struct net_addr *a = &r->a[r->n++];
		a->family = AF_INET6;
		memcpy(a->addr, passive ? &in6addr_any : &in6addr_loopback, 16);
	}
	if (h->ai_family != AF_INET6)
		set_v4(&r->a[r->n++], passive ? any : loop, false);
}

/*
 * The kernel has no IPv6, so no IPv6 destination has a source address:
 * glibc's sort (RFC 6724's first rule) puts such addresses last, as it
 * does on a Linux host without IPv6, and a program that takes the first
 * answer (python's http.server binds the first of the wildcards) gets
 * one it can make a socket for.  Each family keeps its order.
 */
static void ipv4_first(struct addresses *r)
{
	struct net_addr sorted[ADDRESSES_MAX];
	int n = 0;
	for (int i = 0; i < r->n; i++)
		if (r->a[i].family == AF_INET)
			sorted[n++] = r->a[i];
	for (int i = 0; i < r->n; i++)
		if (r->a[i].family != AF_INET)
			sorted[n++] = r->a[i];
	memcpy(r->a, sorted, sizeof(sorted[0]) * (size_t)n);
}

/* node as a numeric address: 1, 0 if it is not one, or an EAI_ error. */
static int numeric_address(const char *node, const struct addrinfo *h,
			   struct addresses *r)
{
	struct in_addr v4;
	struct net_addr a;
	int family = h->ai_family;
	if (osv_net_aton_exact(node, &v4)) {
		if (family == AF_INET6 && !(h->ai_flags & AI_V4MAPPED))
			return EAI_ADDRFAMILY;
		set_v4(&a, &v4, family == AF_INET6);
	} else {
		int v6 = numeric_v6(node, family, &a, &r->scope);
		if (v6 <= 0)
			return v6;
		static const unsigned char mapped[12] = {[10] = 0xff, 0xff};
		if (family == AF_INET) {
			if (memcmp(a.addr, mapped, 12))
				return EAI_ADDRFAMILY;
			unsigned char v4[4];
			memcpy(v4, a.addr + 12, 4);
			set_v4(&a, v4, false);
		}
	}
	r->a[r->n++] = a;
	return 1;
}

/* glibc's error for a name DNS did not give addresses of: h_errno's. */
static int dns_error(int herr)
{
	switch (herr) {
	case TRY_AGAIN:
		return EAI_AGAIN;
	case NETDB_INTERNAL:
		return EAI_SYSTEM;
	case NO_DATA:
		return EAI_NODATA;
	default:
		return EAI_NONAME;
	}
}

/* node's addresses from the hosts database, else from DNS. */
static int lookup_name(const char *node, int family, struct net_addr *found,
		       struct addresses *r)
{
	int n =
	    osv_net_hosts_by_name(node, family, found, ADDRESSES_MAX, r->canon);
	if (n)
		return n;
	int herr;
	n = osv_net_dns_by_name(node, family, found, ADDRESSES_MAX, &r->names,
				&herr);
	if (!n)
		return dns_error(herr);
	strcpy(r->canon, r->names.name[0]);
	return n;
}

/* node's addresses, IPv4 mapped for AF_INET6 with AI_V4MAPPED. */
static int host_addresses(const char *node, const struct addrinfo *h,
			  struct addresses *r)
{
	bool mapping = h->ai_family == AF_INET6 && (h->ai_flags & AI_V4MAPPED);
	struct net_addr found[ADDRESSES_MAX];
	int n = lookup_name(node, mapping ? AF_UNSPEC : h->ai_family, found, r);
	if (n < 0)
		return n;
	bool any_v6 = false;
	for (int i = 0; i < n; i++)
		any_v6 |= found[i].family == AF_INET6;
	for (int i = 0; i < n; i++) {
		if (found[i].family == AF_INET6)
			r->a[r->n++] = found[i];
		else if (!mapping)
			r->a[r->n++] = found[i];
		else if (!any_v6 || (h->ai_flags & AI_ALL))
			set_v4(&r->a[r->n++], found[i].addr, true);
	}
	r->has_canon = r->n > 0;
	return r->n ? 0 : EAI_NONAME;
}

static int find_addresses(const char *node, const struct addrinfo *h,
			  struct addresses *r)
{
	if (!node) {
		default_addresses(h, r);
		return 0;
	}
	int numeric = numeric_address(node, h, r);
	if (numeric < 0)
		return numeric;
	if (numeric) {
		strncpy(r->canon, node, sizeof(r->canon) - 1);
		r->has_canon = true;
		return 0;
	}
	if (h->ai_flags & AI_NUMERICHOST)
		return EAI_NONAME;
	return host_addresses(node, h, r);
}

/* One result: the node, its socket address and its canonical name. */
static struct addrinfo *new_result(const struct addrinfo *h,
				   const struct net_addr *a,
				   const struct tuple *t, uint32_t scope,
				   const char *canon)
{
	size_t canon_len = canon ? strlen(canon) + 1 : 0;
	struct addrinfo *ai =
	    calloc(1, sizeof(*ai) + sizeof(struct sockaddr_in6) + canon_len);
	if (!ai)
		return NULL;
	ai->ai_flags = h->ai_flags;
	ai->ai_family = a->family;
	ai->ai_socktype = t->socktype;
	ai->ai_protocol = t->protocol;
	ai->ai_addr = (struct sockaddr *)(ai + 1);
	if (a->family == AF_INET) {
		struct sockaddr_in *sin = (struct sockaddr_in *)ai->ai_addr;
		sin->sin_family = AF_INET;
		sin->sin_port = htons((uint16_t)t->port);
		memcpy(&sin->sin_addr, a->addr, 4);
		ai->ai_addrlen = sizeof(*sin);
	} else {
		struct sockaddr_in6 *sin6 = (struct sockaddr_in6 *)ai->ai_addr;
		sin6->sin6_family = AF_INET6;
		sin6->sin6_port = htons((uint16_t)t->port);
		memcpy(&sin6->sin6_addr, a->addr, 16);
		sin6->sin6_scope_id = scope;
		ai->ai_addrlen = sizeof(*sin6);
	}
	if (canon)
		ai->ai_canonname =
		    memcpy((char *)ai->ai_addr + sizeof(struct sockaddr_in6),
			   canon, canon_len);
	return ai;
}

/* The results, each address with each tuple; EAI_MEMORY or 0. */
static int build(const struct addrinfo *h, const struct addresses *r,
		 const struct tuple *t, int nt, struct addrinfo **res)
{
	struct addrinfo *head = NULL, **tail = &head;
	bool canon = (h->ai_flags & AI_CANONNAME) && r->has_canon;
	for (int i = 0; i < r->n; i++) {
		for (int j = 0; j < nt; j++) {
			*tail = new_result(h, &r->a[i], &t[j], r->scope,
					   canon && !head ? r->canon : NULL);
			if (!*tail) {
				freeaddrinfo(head);
				return EAI_MEMORY;
			}
			tail = &(*tail)->ai_next;
		}
	}
	*res = head;
	return 0;
}

/* The checks before any lookup: 0 or an EAI_ error. */
static int check_request(const char *node, const char *service,
			 const struct addrinfo *h, int *port)
{
	if ((h->ai_flags & ~VALID_FLAGS) ||
	    ((h->ai_flags & AI_CANONNAME) && !node))
		return EAI_BADFLAGS;
	if (h->ai_family != AF_UNSPEC && h->ai_family != AF_INET &&
	    h->ai_family != AF_INET6)
		return EAI_FAMILY;
	bool numeric = true;
	*port = service ? service_number(service, &numeric) : 0;
	if (!numeric && (h->ai_flags & AI_NUMERICSERV))
		return EAI_NONAME;
	return 0;
}

int getaddrinfo(const char *restrict node, const char *restrict service,
		const struct addrinfo *restrict hints,
		struct addrinfo **restrict res)
{
	static const struct addrinfo defaults = {.ai_flags = AI_V4MAPPED |
							     AI_ADDRCONFIG};
	const struct addrinfo *h = hints ? hints : &defaults;
	if (node && !strcmp(node, "*"))
		node = NULL;
	if (service && !strcmp(service, "*"))
		service = NULL;
	if (!node && !service)
		return EAI_NONAME;
	/* An empty service is none, but a request with it alone is valid. */
	if (service && !*service)
		service = NULL;
	int port, err = check_request(node, service, h, &port);
	if (err)
		return err;
	/* The kernel has no IPv6: glibc's answer where no interface has
	 * an IPv6 address but loopback's. */
	struct addrinfo ipv4_only;
	if (h->ai_flags & AI_ADDRCONFIG) {
		if (h->ai_family == AF_INET6)
			return EAI_NONAME;
		ipv4_only = *h;
		ipv4_only.ai_family = AF_INET;
		h = &ipv4_only;
	}
	struct tuple t[KINDS_COUNT];
	int nt = tuples(h, service, port, t);
	if (nt < 0)
		return nt;
	struct addresses *r = calloc(1, sizeof(*r));
	if (!r)
		return EAI_MEMORY;
	err = find_addresses(node, h, r);
	if (!err) {
		ipv4_first(r);
		err = build(h, r, t, nt, res);
	}
	free(r);
	return err;
}

void freeaddrinfo(struct addrinfo *res)
{
	while (res) {
		struct addrinfo *next = res->ai_next;
		free(res);
		res = next;
	}
}
