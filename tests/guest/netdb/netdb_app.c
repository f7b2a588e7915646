/*
 * The names and addresses that depend on the system
 * (tests/guest/netdb.test; built against glibc's headers): the one
 * interface, lo; "localhost"; the /etc/hosts the test puts in the
 * initrd (tests/guest/netdb/hosts: comments, aliases, both families);
 * names found nowhere (DNS is asked then, and with no resolv.conf the
 * server is 127.0.0.1, where nothing answers: glibc's "temporary
 * failure"); the built-in services and protocols
 * (the image has no /etc/services or /etc/protocols); h_errno, each
 * thread's own.  Prints "PASS
 * name" or "FAIL name: why" per check, then "checks: N failed: M".
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <ifaddrs.h>
#include <net/if.h>
#include <netdb.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdbool.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "../app_check.h"

/* The text form of an address of either family, for the checks. */
static const char *text_of(const struct sockaddr *sa)
{
	static char text[INET6_ADDRSTRLEN];
	const void *a =
	    sa->sa_family == AF_INET
		? (const void *)&((const struct sockaddr_in *)sa)->sin_addr
		: (const void *)&((const struct sockaddr_in6 *)sa)->sin6_addr;
	return inet_ntop(sa->sa_family, a, text, sizeof(text)) ? text : "?";
}

static void interfaces(void)
{
	struct ifaddrs *list;
	int v4 = 0, v6 = 0, other = 0;
	CHECK("getifaddrs succeeds", getifaddrs(&list) == 0);
	for (struct ifaddrs *i = list; i; i = i->ifa_next) {
		int lo = !strcmp(i->ifa_name, "lo") &&
			 i->ifa_flags == (IFF_UP | IFF_LOOPBACK | IFF_RUNNING);
		int fam = i->ifa_addr ? i->ifa_addr->sa_family : -1;
		if (lo && fam == AF_INET &&
		    !strcmp(text_of(i->ifa_addr), "127.0.0.1") &&
		    !strcmp(text_of(i->ifa_netmask), "255.0.0.0"))
			v4++;
		else if (lo && fam == AF_INET6 &&
			 !strcmp(text_of(i->ifa_addr), "::1") &&
			 !strcmp(text_of(i->ifa_netmask),
				 "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff"))
			v6++;
		else
			other++;
	}
	freeifaddrs(list);
	CHECK("getifaddrs lists lo's 127.0.0.1/8 and ::1/128 only",
	      v4 == 1 && v6 == 1 && other == 0);
	char name[IF_NAMESIZE] = "";
	CHECK("if_nametoindex(lo) is 1", if_nametoindex("lo") == 1);
	CHECK("if_nametoindex(eth0) is 0", if_nametoindex("eth0") == 0);
	CHECK("if_indextoname(1) is lo",
	      if_indextoname(1, name) && !strcmp(name, "lo"));
	struct if_nameindex *ni = if_nameindex();
	CHECK("if_nameindex lists lo alone",
	      ni && ni[0].if_index == 1 && !strcmp(ni[0].if_name, "lo") &&
		  ni[1].if_index == 0 && !ni[1].if_name);
	if_freenameindex(ni);
}

/* The addresses getaddrinfo gives, space-separated, or the error. */
static const char *lookup(const char *node, const char *service, int family,
			  int flags)
{
	static char out[512];
	struct addrinfo hints = {
	    .ai_family = family, .ai_flags = flags, .ai_socktype = SOCK_STREAM};
	struct addrinfo *res;
	int err = getaddrinfo(node, service, &hints, &res);
	if (err) {
		snprintf(out, sizeof(out), "error %d", err);
		return out;
	}
	out[0] = '\0';
	for (struct addrinfo *ai = res; ai; ai = ai->ai_next) {
		size_t n = strlen(out);
		snprintf(out + n, sizeof(out) - n, "%s%s", n ? " " : "",
			 text_of(ai->ai_addr));
	}
	freeaddrinfo(res);
	return out;
}

/* What a server does with getaddrinfo(NULL, port, AI_PASSIVE). */
static bool first_wildcard_binds(void)
{
	struct addrinfo hints = {.ai_flags = AI_PASSIVE,
				 .ai_socktype = SOCK_STREAM},
			*res;
	if (getaddrinfo(NULL, "8000", &hints, &res))
		return false;
	int s = socket(res->ai_family, res->ai_socktype, res->ai_protocol);
	bool bound = s >= 0 && !bind(s, res->ai_addr, res->ai_addrlen);
	if (s >= 0)
		close(s);
	freeaddrinfo(res);
	return bound;
}

static void names(void)
{
	CHECK("localhost as IPv4",
	      !strcmp(lookup("localhost", NULL, AF_INET, 0), "127.0.0.1"));
	CHECK("localhost as IPv6 (not in the file)",
	      !strcmp(lookup("localhost", NULL, AF_INET6, 0), "::1"));
	CHECK("localhost with AI_ADDRCONFIG: IPv4 only (no IPv6 stack)",
	      !strcmp(lookup("LocalHost", NULL, AF_UNSPEC, AI_ADDRCONFIG),
		      "127.0.0.1"));
	/* No IPv6 in the kernel: IPv4 first, as glibc sorts on a host
	 * without IPv6 (a server binds the first wildcard it is given). */
	CHECK(
	    "the wildcards, IPv4 first",
	    !strcmp(lookup(NULL, "8000", AF_UNSPEC, AI_PASSIVE), "0.0.0.0 ::"));
	CHECK("the loopback addresses, IPv4 first",
	      !strcmp(lookup(NULL, "8000", AF_UNSPEC, 0), "127.0.0.1 ::1"));
	CHECK("a socket of the first wildcard's family binds",
	      first_wildcard_binds());
	CHECK(
	    "a name of the hosts file",
	    !strcmp(lookup("db.example.test", NULL, AF_UNSPEC, 0), "10.1.2.3"));
	CHECK("an alias of the hosts file",
	      !strcmp(lookup("dbtwo", NULL, AF_INET, 0), "10.1.2.4"));
	CHECK("an IPv6 entry of the hosts file",
	      !strcmp(lookup("v6only.example.test", NULL, AF_INET6, 0),
		      "fd00::5"));
	CHECK("an IPv6 entry is not found as IPv4 (DNS asked: EAI_AGAIN)",
	      !strcmp(lookup("v6only.example.test", NULL, AF_INET, 0),
		      "error -3"));
	CHECK("IPv4 mapped for AF_INET6 with AI_V4MAPPED",
	      !strcmp(lookup("db", NULL, AF_INET6, AI_V4MAPPED),
		      "::ffff:10.1.2.3"));
	CHECK("a name found nowhere, no DNS server: EAI_AGAIN",
	      !strcmp(lookup("nosuch.example.test", NULL, AF_UNSPEC, 0),
		      "error -3"));
	CHECK("a commented-out name is not found (DNS asked: EAI_AGAIN)",
	      !strcmp(lookup("two", NULL, AF_UNSPEC, 0), "error -3"));

	struct addrinfo hints = {.ai_flags = AI_CANONNAME,
				 .ai_socktype = SOCK_STREAM},
			*res;
	int err = getaddrinfo("db", "http", &hints, &res);
	CHECK("AI_CANONNAME gives the official name, http port 80",
	      !err && res->ai_canonname &&
		  !strcmp(res->ai_canonname, "db.example.test") &&
		  ((struct sockaddr_in *)res->ai_addr)->sin_port == htons(80));
	if (!err)
		freeaddrinfo(res);

	struct hostent *h = gethostbyname("db");
	CHECK("gethostbyname of an alias",
	      h && !strcmp(h->h_name, "db.example.test") &&
		  h->h_addrtype == AF_INET && h->h_length == 4 &&
		  !memcmp(h->h_addr_list[0], "\x0a\x01\x02\x03", 4) &&
		  !h->h_addr_list[1]);
	h = gethostbyname("localhost");
	CHECK("gethostbyname(localhost)",
	      h && !memcmp(h->h_addr_list[0], "\x7f\0\0\x01", 4));
	h = gethostbyname("nosuch.example.test");
	CHECK("gethostbyname of an unknown name, no DNS server: TRY_AGAIN",
	      !h && h_errno == TRY_AGAIN);
	struct in_addr a = {htonl(0x0a010203)};
	h = gethostbyaddr(&a, sizeof(a), AF_INET);
	CHECK("gethostbyaddr from the hosts file",
	      h && !strcmp(h->h_name, "db.example.test") && h->h_aliases[0] &&
		  !strcmp(h->h_aliases[0], "db") && !h->h_aliases[1]);

	struct sockaddr_in sin = {.sin_family = AF_INET,
				  .sin_port = htons(80),
				  .sin_addr = {htonl(INADDR_LOOPBACK)}};
	char host[NI_MAXHOST], serv[NI_MAXSERV];
	CHECK("getnameinfo(127.0.0.1:80) is localhost, http",
	      !getnameinfo((struct sockaddr *)&sin, sizeof(sin), host,
			   sizeof(host), serv, sizeof(serv), 0) &&
		  !strcmp(host, "localhost") && !strcmp(serv, "http"));
	sin.sin_addr.s_addr = htonl(0x0a090909);
	CHECK("getnameinfo of an unknown address, no DNS server: EAI_AGAIN",
	      getnameinfo((struct sockaddr *)&sin, sizeof(sin), host,
			  sizeof(host), NULL, 0, NI_NAMEREQD) == EAI_AGAIN);
}

static void services(void)
{
	struct servent *s = getservbyname("http", "tcp");
	CHECK("getservbyname(http, tcp) is 80", s && s->s_port == htons(80));
	s = getservbyname("www", NULL);
	CHECK("getservbyname of an alias", s && !strcmp(s->s_name, "http"));
	s = getservbyport(htons(22), "tcp");
	CHECK("getservbyport(22, tcp) is ssh", s && !strcmp(s->s_name, "ssh"));
	s = getservbyname("domain", "udp");
	CHECK("getservbyname(domain, udp) is 53", s && s->s_port == htons(53));
	CHECK("an unknown service", !getservbyname("nosuch", "tcp"));
	struct protoent *p = getprotobyname("tcp");
	CHECK("getprotobyname(tcp) is 6", p && p->p_proto == IPPROTO_TCP);
	p = getprotobynumber(17);
	CHECK("getprotobynumber(17) is udp", p && !strcmp(p->p_name, "udp"));
	CHECK("gai_strerror(EAI_NONAME)",
	      !strcmp(gai_strerror(EAI_NONAME), "Name or service not known"));
}

/* The other thread of h_errno's check, and the steps both wait for. */
static pthread_barrier_t step;
static int other_after_main, other_at_end;

static void *other_lookups(void *arg)
{
	(void)arg;
	gethostbyname2("localhost", AF_UNIX); /* NETDB_INTERNAL */
	pthread_barrier_wait(&step);	      /* main looks up */
	pthread_barrier_wait(&step);
	other_after_main = h_errno;
	gethostbyname("localhost"); /* NETDB_SUCCESS */
	other_at_end = h_errno;
	return NULL;
}

static void per_thread_h_errno(void)
{
	pthread_t t;
	pthread_barrier_init(&step, NULL, 2);
	pthread_create(&t, NULL, other_lookups, NULL);
	pthread_barrier_wait(&step);
	struct hostent *h = gethostbyname("nosuch.example.test");
	int mine = h_errno;
	pthread_barrier_wait(&step);
	pthread_join(t, NULL);
	CHECK("h_errno is each thread's: another's lookup leaves it",
	      !h && mine == TRY_AGAIN && other_after_main == NETDB_INTERNAL);
	CHECK("h_errno is each thread's: this one's stays TRY_AGAIN",
	      other_at_end == NETDB_SUCCESS && h_errno == TRY_AGAIN);
	pthread_barrier_destroy(&step);
}

int main(int argc, char **argv)
{
	static const struct app_check_group groups[] = {
	    {"interfaces", interfaces},
	    {"names", names},
	    {"services", services},
	    {"herrno", per_thread_h_errno},
	};
	return app_check_run(groups, sizeof(groups) / sizeof(groups[0]), argc,
			     argv);
}
