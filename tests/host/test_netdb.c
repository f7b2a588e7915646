/*
 * The names and addresses of libc/net/ against glibc's, where glibc's
 * answer does not depend on the host's network: the inet_ text forms
 * (random strings over their alphabets, and addresses with runs of
 * zero groups for IPv6's compression), getaddrinfo on numeric hosts
 * (AI_NUMERICHOST always: glibc would ask DNS for the others) with
 * every flag, family, socket type and protocol (results compared
 * as sets where glibc sorts by the host's routes), getnameinfo with
 * NI_NUMERICHOST, the services and protocols of the host's files, the
 * messages.  Output is TAP.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <net/if.h>
#include <netdb.h>
#include <netinet/in.h>
#include <stdbool.h>

#include "difftest.h"

int osv_inet_pton(int af, const char *src, void *dst);
const char *osv_inet_ntop(int af, const void *src, char *dst, socklen_t size);
int osv_inet_aton(const char *cp, struct in_addr *inp);
in_addr_t osv_inet_addr(const char *cp);
in_addr_t osv_inet_network(const char *cp);
char *osv_inet_ntoa(struct in_addr in);
uint32_t osv_htonl(uint32_t v);
uint16_t osv_htons(uint16_t v);
uint32_t osv_ntohl(uint32_t v);
uint16_t osv_ntohs(uint16_t v);
int osv_getaddrinfo(const char *node, const char *service,
		    const struct addrinfo *hints, struct addrinfo **res);
void osv_freeaddrinfo(struct addrinfo *res);
const char *osv_gai_strerror(int err);
int osv_getnameinfo(const struct sockaddr *sa, socklen_t salen, char *host,
		    socklen_t hostlen, char *serv, socklen_t servlen,
		    int flags);
const char *osv_hstrerror(int err);
struct servent *osv_getservbyname(const char *name, const char *proto);
struct servent *osv_getservbyport(int port, const char *proto);
int osv_getservbyname_r(const char *name, const char *proto,
			struct servent *ret, char *buf, size_t buflen,
			struct servent **result);
struct protoent *osv_getprotobyname(const char *name);
struct protoent *osv_getprotobynumber(int proto);
unsigned int osv_if_nametoindex(const char *name);
char *osv_if_indextoname(unsigned int index, char *name);

/* A random string of up to max characters from alphabet. */
static void random_text(char *s, int max, const char *alphabet)
{
	int n = (int)dt_below((unsigned)max + 1), len = (int)strlen(alphabet);
	for (int i = 0; i < n; i++)
		s[i] = alphabet[dt_below((unsigned)len)];
	s[n] = '\0';
}

/* Text that looks like an IPv6 address: groups, colons, a dotted tail. */
static void random_v6_text(char *s)
{
	static const char *pieces[] = {
	    "0",	 "1", "ff", "FFFF", "12345",   "abc",
	    "::",	 ":", ":",  ":",    "1.2.3.4", "0.0.0.0",
	    "256.1.1.1", "g", ".",  "%1",   "01.2.3.4"};
	int n = (int)dt_below(14);
	s[0] = '\0';
	for (int i = 0; i < n; i++)
		strcat(s, pieces[dt_below(sizeof(pieces) / sizeof(pieces[0]))]);
}

static void test_pton(void)
{
	static const char *cases[] = {"::",
				      "::1",
				      "1::",
				      "1:2:3:4:5:6:7:8",
				      "1:2:3:4:5:6:7::",
				      "::2:3:4:5:6:7:8",
				      "1:2:3:4:5:6:7:8::",
				      "::1:2:3:4:5:6:7:8",
				      ":::",
				      "1:::2",
				      ":1::",
				      "1::2::3",
				      "::ffff:1.2.3.4",
				      "1:2:3:4:5:6:1.2.3.4",
				      "1:2:3:4:5:6:7:1.2.3.4",
				      "::1.2.3",
				      "::1.2.3.4.5",
				      "::01.2.3.4",
				      "fe80::1%1",
				      "12345::",
				      "0000::",
				      "::00000",
				      "",
				      "1.2.3.4",
				      "255.255.255.255",
				      "256.0.0.0",
				      "1.2.3",
				      "1.2.3.4.",
				      " 1.2.3.4",
				      "1.2.3.4 ",
				      "01.2.3.4",
				      "0.0.0.0",
				      "00.0.0.0",
				      "1..2.3",
				      "0x1.2.3.4",
				      "1:2:3:4:5:6:7:8:9"};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]) + 40000; i++) {
		char text[64];
		if (i < sizeof(cases) / sizeof(cases[0]))
			strcpy(text, cases[i]);
		else if (i % 2)
			random_v6_text(text);
		else
			random_text(text, 16, "0123456789.");
		for (int af = AF_INET; af <= AF_INET6;
		     af += AF_INET6 - AF_INET) {
			unsigned char want[16] = {0}, got[16] = {0};
			int w = inet_pton(af, text, want);
			int g = osv_inet_pton(af, text, got);
			CHECK(w == g && !memcmp(want, got, 16),
			      "inet_pton(%d, \"%s\"): %d, want %d", af,
			      dt_str(text), g, w);
		}
	}
	unsigned char b[16];
	errno = 0;
	CHECK(osv_inet_pton(AF_UNIX, "1.2.3.4", b) == -1 &&
		  errno == EAFNOSUPPORT,
	      "inet_pton(AF_UNIX): not EAFNOSUPPORT");
	dt_group_end("inet_pton: hand-picked and random text, both families");
}

/* An IPv6 address with zero runs, 0xffff groups and random ones. */
static void random_v6(unsigned char *a)
{
	for (int g = 0; g < 8; g++) {
		unsigned r = dt_below(8), v;
		v = r < 4    ? 0
		    : r == 4 ? 0xffff
		    : r == 5 ? dt_below(16)
			     : (unsigned)dt_rand() & 0xffff;
		a[2 * g] = (unsigned char)(v >> 8);
		a[2 * g + 1] = (unsigned char)v;
	}
}

static void test_ntop(void)
{
	for (int i = 0; i < 100000; i++) {
		unsigned char a[16];
		int af = i % 3 ? AF_INET6 : AF_INET;
		random_v6(a);
		char want[64], got[64];
		socklen_t size = i % 50 ? 64 : dt_below(INET6_ADDRSTRLEN + 1);
		errno = 0;
		const char *w = inet_ntop(af, a, want, size);
		int werr = errno;
		errno = 0;
		const char *g = osv_inet_ntop(af, a, got, size);
		CHECK(!w == !g && (!w || !strcmp(want, got)) &&
			  (w || werr == errno),
		      "inet_ntop(%d, size %u): \"%s\", want \"%s\"", af, size,
		      g ? got : "NULL", w ? want : "NULL");
	}
	char buf[64];
	errno = 0;
	CHECK(!osv_inet_ntop(AF_UNIX, buf, buf, 64) && errno == EAFNOSUPPORT,
	      "inet_ntop(AF_UNIX): not EAFNOSUPPORT");
	dt_group_end("inet_ntop: random addresses, zero runs, short buffers");
}

static void test_aton(void)
{
	static const char *cases[] = {"1",
				      "1.2",
				      "1.2.3",
				      "1.2.3.4",
				      "0x7f.1",
				      "0x7f000001",
				      "017.1",
				      "0177.0.0.1",
				      "08",
				      "0x",
				      "0X1f",
				      "4294967295",
				      "4294967296",
				      "1.16777215",
				      "1.16777216",
				      "1.2.65535",
				      "1.2.65536",
				      "256.1",
				      "1.2.3.4 junk",
				      "1.2.3.4\tx",
				      "1.2.3.4x",
				      " 1",
				      "",
				      ".",
				      "1.",
				      "x10",
				      "0x10.0x20",
				      "1.2.3.4.5",
				      "99999999999999999999",
				      "0xffffffffffffffffff",
				      "10.1",
				      "0.0.0.0 "};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]) + 60000; i++) {
		char text[64];
		if (i < sizeof(cases) / sizeof(cases[0]))
			strcpy(text, cases[i]);
		else
			random_text(text, 14, "0123456789.xX.abfF 78");
		struct in_addr want = {0}, got = {0};
		int w = inet_aton(text, &want), g = osv_inet_aton(text, &got);
		CHECK(w == g && (!w || want.s_addr == got.s_addr),
		      "inet_aton(\"%s\"): %d %08x, want %d %08x", dt_str(text),
		      g, got.s_addr, w, want.s_addr);
		CHECK(inet_addr(text) == osv_inet_addr(text),
		      "inet_addr(\"%s\"): %08x, want %08x", dt_str(text),
		      osv_inet_addr(text), inet_addr(text));
		CHECK(inet_network(text) == osv_inet_network(text),
		      "inet_network(\"%s\"): %08x, want %08x", dt_str(text),
		      osv_inet_network(text), inet_network(text));
	}
	dt_group_end("inet_aton, inet_addr, inet_network: the BSD forms");
	for (int i = 0; i < 10000; i++) {
		struct in_addr a = {(uint32_t)dt_rand()};
		char want[32];
		strcpy(want, inet_ntoa(a));
		CHECK(!strcmp(want, osv_inet_ntoa(a)), "inet_ntoa(%08x): %s",
		      a.s_addr, osv_inet_ntoa(a));
		uint32_t v = (uint32_t)dt_rand();
		CHECK(osv_htonl(v) == htonl(v) && osv_ntohl(v) == ntohl(v) &&
			  osv_htons((uint16_t)v) == htons((uint16_t)v) &&
			  osv_ntohs((uint16_t)v) == ntohs((uint16_t)v),
		      "byte order of %08x", v);
	}
	dt_group_end("inet_ntoa, htonl, htons, ntohl, ntohs");
}

/* One result as a line, for the comparison. */
static void describe(const struct addrinfo *ai, char *line, size_t size)
{
	char addr[INET6_ADDRSTRLEN] = "?";
	unsigned port = 0, scope = 0;
	if (ai->ai_family == AF_INET) {
		const struct sockaddr_in *s = (const void *)ai->ai_addr;
		inet_ntop(AF_INET, &s->sin_addr, addr, sizeof(addr));
		port = ntohs(s->sin_port);
	} else if (ai->ai_family == AF_INET6) {
		const struct sockaddr_in6 *s = (const void *)ai->ai_addr;
		inet_ntop(AF_INET6, &s->sin6_addr, addr, sizeof(addr));
		port = ntohs(s->sin6_port);
		scope = s->sin6_scope_id;
	}
	snprintf(line, size, "f%x fam%d st%d p%d len%u %s%%%u port%u canon=%s",
		 (unsigned)ai->ai_flags, ai->ai_family, ai->ai_socktype,
		 ai->ai_protocol, (unsigned)ai->ai_addrlen, addr, scope, port,
		 ai->ai_canonname ? ai->ai_canonname : "-");
}

static int line_order(const void *a, const void *b)
{
	return strcmp(a, b);
}

/* The results as text, sorted when glibc may sort them by route. */
static void results_text(int err, struct addrinfo *res, bool sort, char *text,
			 size_t size)
{
	char lines[64][160];
	int n = 0;
	for (struct addrinfo *ai = res; ai && n < 64; ai = ai->ai_next)
		describe(ai, lines[n++], sizeof(lines[0]));
	if (sort)
		qsort(lines, (size_t)n, sizeof(lines[0]), line_order);
	int used = snprintf(text, size, "err %d:", err);
	for (int i = 0; i < n && used < (int)size; i++)
		used += snprintf(text + used, size - (size_t)used, " [%s]",
				 lines[i]);
}

static void test_getaddrinfo(void)
{
	static const char *nodes[] = {
	    NULL,	   "*",	       "127.0.0.1",
	    "1.2.3.4",	   "1",	       "0x7f.1",
	    "1.2.3.4 x",   "::1",      "::ffff:10.0.0.1",
	    "fe80::1%1",   "::1%1",    "::1%x",
	    "fe80::1%99x", "1:2::3:4", "256.1.1.1",
	    "01.02.03.04"};
	static const char *services[] = {NULL,	 "",	   "80",
					 " 80",	 "-1",	   "65536",
					 "http", "domain", "nosuchservice",
					 "*",	 "80x",	   "0"};
	static const int flag_set[] = {0,
				       AI_PASSIVE,
				       AI_CANONNAME,
				       AI_NUMERICHOST,
				       AI_NUMERICSERV,
				       AI_V4MAPPED,
				       AI_V4MAPPED | AI_ALL,
				       0x10000,
				       AI_PASSIVE | AI_CANONNAME,
				       AI_NUMERICHOST | AI_NUMERICSERV |
					   AI_CANONNAME};
	static const int families[] = {AF_UNSPEC, AF_INET, AF_INET6, AF_UNIX,
				       99};
	static const int socktypes[] = {0,	  SOCK_STREAM,	  SOCK_DGRAM,
					SOCK_RAW, SOCK_SEQPACKET, 99};
	static const int protocols[] = {0, IPPROTO_TCP, IPPROTO_UDP, 132, 99};
#define PICK(a) a[dt_below(sizeof(a) / sizeof(a[0]))]
	for (int i = 0; i < 20000; i++) {
		const char *node = PICK(nodes), *service = PICK(services);
		struct addrinfo h = {.ai_flags = PICK(flag_set),
				     .ai_family = PICK(families),
				     .ai_socktype = PICK(socktypes),
				     .ai_protocol = PICK(protocols)};
		/* glibc would ask DNS for what is not numeric: never. */
		if (node)
			h.ai_flags |= AI_NUMERICHOST;
		struct addrinfo *want = NULL, *got = NULL;
		int w = getaddrinfo(node, service, &h, &want);
		int g = osv_getaddrinfo(node, service, &h, &got);
		static char wtext[8192], gtext[8192];
		bool sort = h.ai_family == AF_UNSPEC;
		results_text(w, w ? NULL : want, sort, wtext, sizeof(wtext));
		results_text(g, g ? NULL : got, sort, gtext, sizeof(gtext));
		CHECK(!strcmp(wtext, gtext),
		      "getaddrinfo(%s, %s, flags %x family %d socktype %d "
		      "protocol %d):\n#  %s\n# want %s",
		      node ? node : "NULL", service ? service : "NULL",
		      h.ai_flags, h.ai_family, h.ai_socktype, h.ai_protocol,
		      gtext, wtext);
		if (!w)
			freeaddrinfo(want);
		if (!g)
			osv_freeaddrinfo(got);
	}
	dt_group_end("getaddrinfo: numeric hosts, services, flags, hints");
	for (int e = -110; e <= 2; e++)
		CHECK(!strcmp(gai_strerror(e), osv_gai_strerror(e)),
		      "gai_strerror(%d): %s", e, osv_gai_strerror(e));
	for (int e = -2; e <= 6; e++)
		CHECK(!strcmp(hstrerror(e), osv_hstrerror(e)),
		      "hstrerror(%d): %s", e, osv_hstrerror(e));
	dt_group_end("gai_strerror, hstrerror: glibc's messages");
}

/* A random socket address of either family. */
static socklen_t random_sockaddr(struct sockaddr_storage *ss)
{
	static const unsigned ports[] = {0, 22, 53, 80, 443, 65535, 12345};
	memset(ss, 0, sizeof(*ss));
	unsigned port = dt_below(4) ? ports[dt_below(7)] : dt_below(65536);
	if (dt_below(2)) {
		struct sockaddr_in *s = (void *)ss;
		s->sin_family = AF_INET;
		s->sin_port = htons((uint16_t)port);
		s->sin_addr.s_addr = (uint32_t)dt_rand();
		return sizeof(*s);
	}
	struct sockaddr_in6 *s = (void *)ss;
	s->sin6_family = AF_INET6;
	s->sin6_port = htons((uint16_t)port);
	random_v6(s->sin6_addr.s6_addr);
	if (dt_below(4) == 0) {
		s->sin6_addr.s6_addr[0] = 0xfe;
		s->sin6_addr.s6_addr[1] = 0x80;
		s->sin6_scope_id = dt_below(2) ? 1 : 77;
	}
	return sizeof(*s);
}

static void test_getnameinfo(void)
{
	static const int flag_set[] = {NI_NUMERICHOST,
				       NI_NUMERICHOST | NI_NUMERICSERV,
				       NI_NUMERICHOST | NI_DGRAM,
				       NI_NUMERICHOST | NI_NAMEREQD,
				       NI_NUMERICHOST | 0x1000,
				       NI_NUMERICHOST | NI_NOFQDN};
	for (int i = 0; i < 20000; i++) {
		struct sockaddr_storage ss;
		socklen_t len = random_sockaddr(&ss);
		if (dt_below(20) == 0)
			len = dt_below(len);
		if (dt_below(50) == 0)
			ss.ss_family = AF_UNIX;
		int flags = flag_set[dt_below(6)];
		socklen_t hostlen = dt_below(8) ? NI_MAXHOST : dt_below(20);
		socklen_t servlen = dt_below(8) ? NI_MAXSERV : dt_below(6);
		bool host = dt_below(10), serv = dt_below(10);
		char wh[NI_MAXHOST] = "", ws[NI_MAXSERV] = "";
		char gh[NI_MAXHOST] = "", gs[NI_MAXSERV] = "";
		int w = getnameinfo((void *)&ss, len, host ? wh : NULL, hostlen,
				    serv ? ws : NULL, servlen, flags);
		int g =
		    osv_getnameinfo((void *)&ss, len, host ? gh : NULL, hostlen,
				    serv ? gs : NULL, servlen, flags);
		CHECK(w == g && (w || (!strcmp(wh, gh) && !strcmp(ws, gs))),
		      "getnameinfo(family %d len %u flags %x hostlen %u "
		      "servlen %u): %d \"%s\" \"%s\", want %d \"%s\" \"%s\"",
		      ss.ss_family, len, flags, host ? hostlen : 0,
		      serv ? servlen : 0, g, gh, gs, w, wh, ws);
	}
	dt_group_end("getnameinfo: numeric hosts, services by port, errors");
}

static bool same_aliases(char **a, char **b)
{
	for (; *a && *b; a++, b++)
		if (strcmp(*a, *b))
			return false;
	return !*a && !*b;
}

static void test_services(void)
{
	static char names[4000][2][64];
	struct servent *w;
	int n = 0;
	setservent(1);
	while ((w = getservent()) && n < 4000) {
		snprintf(names[n][0], 64, "%s",
			 w->s_aliases[0] ? w->s_aliases[0] : w->s_name);
		snprintf(names[n++][1], 64, "%s", w->s_proto);
	}
	endservent();
	for (int i = 0; i < n; i++) {
		const char *alias = names[i][0], *proto = names[i][1];
		struct servent *g = osv_getservbyname(alias, proto);
		struct servent *wn = getservbyname(alias, proto);
		CHECK(g && wn && !strcmp(g->s_name, wn->s_name) &&
			  g->s_port == wn->s_port &&
			  !strcmp(g->s_proto, wn->s_proto) &&
			  same_aliases(g->s_aliases, wn->s_aliases),
		      "getservbyname(%s, %s)", alias, proto);
		int port = wn ? wn->s_port : 0;
		struct servent *gp = osv_getservbyport(port, proto);
		struct servent *wp = getservbyport(port, proto);
		CHECK(gp && wp && !strcmp(gp->s_name, wp->s_name) &&
			  gp->s_port == wp->s_port,
		      "getservbyport(%d, %s)", ntohs((uint16_t)port), proto);
	}
	CHECK(n > 0, "the host has no services file to compare with");
	CHECK(!osv_getservbyname("nosuchservice", NULL) &&
		  !getservbyname("nosuchservice", NULL),
	      "an unknown service found");
	struct servent s, *r = (void *)1;
	char small[8];
	CHECK(osv_getservbyname_r("http", "tcp", &s, small, sizeof(small),
				  &r) == ERANGE &&
		  !r,
	      "getservbyname_r with a small buffer: not ERANGE");
	CHECK(osv_getservbyname_r("nosuchservice", "tcp", &s, small,
				  sizeof(small), &r) == 0 &&
		  !r,
	      "getservbyname_r of an unknown service: not 0 and NULL");
	dt_group_end("getservbyname, getservbyport: the host's services");
	for (int p = 0; p < 256; p++) {
		struct protoent *wp = getprotobynumber(p);
		char name[64] = "";
		if (wp)
			snprintf(name, sizeof(name), "%s", wp->p_name);
		struct protoent *gp = osv_getprotobynumber(p);
		CHECK(!wp == !gp && (!wp || !strcmp(name, gp->p_name)),
		      "getprotobynumber(%d): %s", p, gp ? gp->p_name : "NULL");
		if (!wp)
			continue;
		struct protoent *gn = osv_getprotobyname(name);
		CHECK(gn && gn->p_proto == p, "getprotobyname(%s)", name);
	}
	CHECK(!osv_getprotobyname("nosuchprotocol"),
	      "an unknown protocol found");
	dt_group_end("getprotobynumber, getprotobyname: the host's protocols");
}

static void test_interfaces(void)
{
	char name[IF_NAMESIZE];
	CHECK(osv_if_nametoindex("lo") == if_nametoindex("lo"),
	      "if_nametoindex(lo): %u", osv_if_nametoindex("lo"));
	errno = 0;
	CHECK(!osv_if_nametoindex("nosuch0") && errno == ENODEV,
	      "if_nametoindex(nosuch0): not 0, ENODEV");
	CHECK(osv_if_indextoname(1, name) && !strcmp(name, "lo"),
	      "if_indextoname(1): not lo");
	errno = 0;
	CHECK(!osv_if_indextoname(100000, name) && errno == ENXIO &&
		  !if_indextoname(100000, name) && errno == ENXIO,
	      "if_indextoname(100000): not NULL, ENXIO");
	dt_group_end("if_nametoindex, if_indextoname: lo");
}

int main(void)
{
	test_pton();
	test_ntop();
	test_aton();
	test_getaddrinfo();
	test_getnameinfo();
	test_services();
	test_interfaces();
	return dt_done();
}
