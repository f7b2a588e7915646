/*
 * Names by DNS (tests/guest/dnsname.test; built against glibc's
 * headers): a DNS server thread on 127.0.0.1:53 answers from a fixed
 * table (A, AAAA, CNAME chains, PTR, a name without addresses, one
 * without A records, NXDOMAIN, SERVFAIL, a name it never answers, one
 * whose answer is too long for UDP: truncated there, whole over TCP),
 * /etc/resolv.conf names it, and getaddrinfo, gethostbyname(2)(_r),
 * gethostbyaddr(_r) and getnameinfo must find what glibc would with
 * "hosts: files dns": /etc/hosts first, the search list and ndots,
 * timeout and attempts, glibc's errors.  Prints "PASS name" or "FAIL
 * name: why" per check, then "checks: N failed: M".
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <netdb.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "../app_check.h"

enum {
	TYPE_A = 1,
	TYPE_CNAME = 5,
	TYPE_PTR = 12,
	TYPE_TXT = 16,
	TYPE_AAAA = 28
};
enum { RCODE_SERVFAIL = 2, RCODE_NXDOMAIN = 3 };

/* The server's zone: what it answers, and the names it treats apart. */
static const struct record {
	const char *name;
	int type;
	const char *data; /* an address's text, or a name */
} zone[] = {
    {"www.example.test", TYPE_A, "192.0.2.1"},
    {"www.example.test", TYPE_A, "192.0.2.2"},
    {"www.example.test", TYPE_AAAA, "2001:db8::1"},
    {"alias.example.test", TYPE_CNAME, "mid.example.test"},
    {"mid.example.test", TYPE_CNAME, "www.example.test"},
    {"v6.example.test", TYPE_AAAA, "2001:db8::5"},
    {"noaddr.example.test", TYPE_TXT, "no address"},
    {"host.search.test", TYPE_A, "192.0.2.7"},
    {"x.y.search.test", TYPE_A, "192.0.2.8"},
    {"x.y", TYPE_A, "192.0.2.9"},
    {"filed.example.test", TYPE_A, "192.0.2.50"},
    {"1.2.0.192.in-addr.arpa", TYPE_PTR, "www.example.test"},
    /* Classless delegation (RFC 2317): the PTR behind a CNAME. */
    {"2.2.0.192.in-addr.arpa", TYPE_CNAME, "2.0-25.2.0.192.in-addr.arpa"},
    {"2.0-25.2.0.192.in-addr.arpa", TYPE_PTR, "two.example.test"},
    {"1.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.8.b.d.0.1.0.0.2."
     "ip6.arpa",
     TYPE_PTR, "www.example.test"},
};
#define FAILING "fail.example.test"
#define FAILING_PTR "66.2.0.192.in-addr.arpa"
#define SILENT "silent.example.test"
/* A name with BIG_COUNT A records, 192.0.2.101 on: an answer longer
 * than UDP's 512 bytes, which the server truncates (TC) and gives
 * whole over TCP. */
#define BIG "big.example.test"
#define BIG_COUNT 24
/* One whose answer (over 2300 bytes) is longer than the resolver's
 * first buffer, as BIG's but with HUGE_COUNT records. */
#define HUGE "huge.example.test"
#define HUGE_COUNT 70
#define UDP_MAX 512

/* The questions the server was asked: "TYPE name", the latest last. */
static pthread_mutex_t asked_lock = PTHREAD_MUTEX_INITIALIZER;
static char asked[256][320];
static int asked_count;

static void note_question(int type, const char *name)
{
	pthread_mutex_lock(&asked_lock);
	if (asked_count < 256)
		snprintf(asked[asked_count++], sizeof(asked[0]), "%d %s", type,
			 name);
	pthread_mutex_unlock(&asked_lock);
}

/* How many times the server was asked for name's records of type. */
static int times_asked(int type, const char *name)
{
	char q[320];
	int n = 0;
	snprintf(q, sizeof(q), "%d %s", type, name);
	pthread_mutex_lock(&asked_lock);
	for (int i = 0; i < asked_count; i++)
		n += !strcasecmp(asked[i], q);
	pthread_mutex_unlock(&asked_lock);
	return n;
}

/* The question's name (labels, no compression) as text; its length. */
static int read_name(const unsigned char *p, const unsigned char *end,
		     char *out)
{
	const unsigned char *start = p;
	char *o = out;
	while (p < end && *p && *p < 64 && p + 1 + *p < end) {
		if (o != out)
			*o++ = '.';
		memcpy(o, p + 1, *p);
		o += *p;
		p += 1 + *p;
	}
	*o = '\0';
	return p < end && !*p ? (int)(p - start) + 1 : -1;
}

static unsigned char *put_name(unsigned char *p, const char *name)
{
	while (*name) {
		size_t len = strcspn(name, ".");
		*p++ = (unsigned char)len;
		memcpy(p, name, len);
		p += len;
		name += len + (name[len] == '.');
	}
	*p++ = 0;
	return p;
}

static unsigned char *put16(unsigned char *p, unsigned v)
{
	p[0] = (unsigned char)(v >> 8);
	p[1] = (unsigned char)v;
	return p + 2;
}

/* One answer record: owner, type, class IN, a TTL, its data. */
static unsigned char *put_record(unsigned char *p, const struct record *r)
{
	p = put_name(p, r->name);
	p = put16(p, (unsigned)r->type);
	p = put16(p, 1);
	p = put16(put16(p, 0), 60);
	unsigned char *len = p, *data = p + 2;
	unsigned char *end = data;
	if (r->type == TYPE_A)
		end += 4 * inet_pton(AF_INET, r->data, data);
	else if (r->type == TYPE_AAAA)
		end += 16 * inet_pton(AF_INET6, r->data, data);
	else if (r->type == TYPE_TXT) {
		*end++ = (unsigned char)strlen(r->data);
		end = (unsigned char *)memcpy(end, r->data, strlen(r->data)) +
		      strlen(r->data);
	} else
		end = put_name(data, r->data);
	put16(len, (unsigned)(end - data));
	return end;
}

/*
 * The answer records for name and type as a recursive server gives
 * them: a CNAME, then its target's; the number added, -1 if the name
 * does not exist.
 */
static int answer_records(const char *name, int type, unsigned char **p)
{
	int added = 0, exists = 0;
	for (int depth = 0; depth < 8; depth++) {
		const char *next = NULL;
		for (size_t i = 0; i < sizeof(zone) / sizeof(zone[0]); i++) {
			if (strcasecmp(zone[i].name, name))
				continue;
			exists = 1;
			if (zone[i].type == type ||
			    (zone[i].type == TYPE_CNAME && !next)) {
				*p = put_record(*p, &zone[i]);
				added++;
			}
			if (zone[i].type == TYPE_CNAME)
				next = zone[i].data;
		}
		if (!next)
			break;
		name = next;
	}
	return exists ? added : -1;
}

static void big_address(int i, char *text, size_t size)
{
	snprintf(text, size, "192.0.2.%d", 101 + i);
}

static int big_records(const char *name, int count, unsigned char **p)
{
	for (int i = 0; i < count; i++) {
		char text[16];
		big_address(i, text, sizeof(text));
		struct record r = {name, TYPE_A, text};
		*p = put_record(*p, &r);
	}
	return count;
}

/* The reply to query (len bytes) in out: its length, 0 for none. */
static int reply(const unsigned char *q, int len, unsigned char *out)
{
	char name[300];
	int nlen = len > 12 ? read_name(q + 12, q + len, name) : -1;
	if (nlen < 0 || 12 + nlen + 4 > len)
		return 0;
	int type = q[12 + nlen] << 8 | q[12 + nlen + 1];
	note_question(type, name);
	if (!strcasecmp(name, SILENT))
		return 0;
	memcpy(out, q, (size_t)(12 + nlen + 4));
	out[2] = (unsigned char)(0x80 | (q[2] & 0x01)); /* QR, RD */
	out[3] = 0x80;					/* RA */
	memset(out + 6, 0, 6);
	unsigned char *p = out + 12 + nlen + 4;
	int n = 0;
	if (!strcasecmp(name, FAILING) || !strcasecmp(name, FAILING_PTR))
		out[3] |= RCODE_SERVFAIL;
	else if (!strcasecmp(name, BIG) && type == TYPE_A)
		n = big_records(BIG, BIG_COUNT, &p);
	else if (!strcasecmp(name, HUGE) && type == TYPE_A)
		n = big_records(HUGE, HUGE_COUNT, &p);
	else if ((n = answer_records(name, type, &p)) < 0)
		out[3] |= RCODE_NXDOMAIN;
	put16(out + 6, n > 0 ? (unsigned)n : 0);
	return (int)(p - out);
}

/* A reply too long for UDP: its header and question, TC set. */
static int truncate_reply(unsigned char *out, int len)
{
	char name[300];
	out[2] |= 0x02;
	memset(out + 6, 0, 6);
	return 12 + read_name(out + 12, out + len, name) + 4;
}

static void *dns_server(void *arg)
{
	int fd = *(int *)arg;
	unsigned char q[512], out[4096];
	for (;;) {
		struct sockaddr_in from;
		socklen_t l = sizeof(from);
		ssize_t n =
		    recvfrom(fd, q, sizeof(q), 0, (struct sockaddr *)&from, &l);
		if (n < 0 || (n == 4 && !memcmp(q, "quit", 4)))
			return NULL;
		int r = reply(q, (int)n, out);
		if (r > UDP_MAX)
			r = truncate_reply(out, r);
		if (r > 0)
			sendto(fd, out, (size_t)r, 0, (struct sockaddr *)&from,
			       l);
	}
}

static int tcp_questions;

static int read_full(int fd, unsigned char *p, size_t len)
{
	while (len) {
		ssize_t n = read(fd, p, len);
		if (n <= 0)
			return -1;
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

/* Over TCP (RFC 1035 4.2.2), each message after its two-byte length;
 * one question a connection; a message "quit" ends the server. */
static void *dns_tcp_server(void *arg)
{
	int fd = *(int *)arg;
	unsigned char q[512], out[2 + 4096];
	for (;;) {
		int c = accept(fd, NULL, NULL);
		if (c < 0)
			return NULL;
		int len = -1;
		if (!read_full(c, q, 2))
			len = q[0] << 8 | q[1];
		if (len > 0 && len <= (int)sizeof(q) && !read_full(c, q, len)) {
			if (len == 4 && !memcmp(q, "quit", 4)) {
				close(c);
				return NULL;
			}
			__atomic_add_fetch(&tcp_questions, 1, __ATOMIC_SEQ_CST);
			int r = reply(q, len, out + 2);
			put16(out, (unsigned)r);
			if (r > 0 && write(c, out, (size_t)r + 2) < 0)
				perror("dns_tcp_server: write");
		}
		close(c);
	}
}

static int write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");
	if (!f)
		return -1;
	fputs(text, f);
	return fclose(f);
}

static const char *text_of(const struct sockaddr *sa)
{
	static char text[INET6_ADDRSTRLEN];
	const void *a =
	    sa->sa_family == AF_INET
		? (const void *)&((const struct sockaddr_in *)sa)->sin_addr
		: (const void *)&((const struct sockaddr_in6 *)sa)->sin6_addr;
	return inet_ntop(sa->sa_family, a, text, sizeof(text)) ? text : "?";
}

/* getaddrinfo's addresses, space-separated, "canon=" its canonical
 * name when it gave one, or "error N". */
static const char *lookup(const char *node, int family, int flags)
{
	static char out[512];
	struct addrinfo hints = {
	    .ai_family = family, .ai_flags = flags, .ai_socktype = SOCK_STREAM};
	struct addrinfo *res;
	int err = getaddrinfo(node, NULL, &hints, &res);
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
	if (res->ai_canonname) {
		size_t n = strlen(out);
		snprintf(out + n, sizeof(out) - n, " canon=%s",
			 res->ai_canonname);
	}
	freeaddrinfo(res);
	return out;
}

#define LOOKS(node, family, flags, want)                                       \
	do {                                                                   \
		const char *got_ = lookup(node, family, flags);                \
		if (strcmp(got_, want))                                        \
			printf("getaddrinfo(%s): %s\n", node, got_);           \
		CHECK("getaddrinfo(" node ", " #family ", " #flags "): " want, \
		      !strcmp(got_, want));                                    \
	} while (0)

static double seconds_since(const struct timespec *t0)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)(t.tv_sec - t0->tv_sec) +
	       (double)(t.tv_nsec - t0->tv_nsec) / 1e9;
}

static void by_getaddrinfo(void)
{
	LOOKS("www.example.test", AF_INET, 0, "192.0.2.1 192.0.2.2");
	LOOKS("www.example.test", AF_UNSPEC, 0,
	      "192.0.2.1 192.0.2.2 2001:db8::1");
	LOOKS("WWW.Example.Test", AF_INET, AI_CANONNAME,
	      "192.0.2.1 192.0.2.2 canon=www.example.test");
	LOOKS("www.example.test", AF_UNSPEC, AI_ADDRCONFIG,
	      "192.0.2.1 192.0.2.2");
	LOOKS("www.example.test", AF_INET6, 0, "2001:db8::1");
	LOOKS("www.example.test", AF_INET6, AI_ADDRCONFIG, "error -2");
	LOOKS("www.example.test", AF_INET6, AI_V4MAPPED, "2001:db8::1");
	LOOKS("alias.example.test", AF_INET, AI_CANONNAME,
	      "192.0.2.1 192.0.2.2 canon=www.example.test");
	LOOKS("v6.example.test", AF_INET, 0, "error -5");
	LOOKS("v6.example.test", AF_UNSPEC, 0, "2001:db8::5");
	LOOKS("v6.example.test", AF_UNSPEC, AI_ADDRCONFIG, "error -5");
	LOOKS("noaddr.example.test", AF_UNSPEC, 0, "error -5");
	LOOKS("nosuch.example.test", AF_UNSPEC, 0, "error -2");
	LOOKS("nosuch.example.test", AF_INET, 0, "error -2");
	LOOKS("fail.example.test", AF_INET, 0, "error -3");
	LOOKS("host", AF_INET, AI_CANONNAME,
	      "192.0.2.7 canon=host.search.test");
	LOOKS("filed.example.test", AF_INET, 0, "10.1.1.1");
	CHECK("/etc/hosts answered before DNS",
	      times_asked(TYPE_A, "filed.example.test") == 0);

	struct addrinfo *res;
	int err = getaddrinfo("www.example.test", "80", NULL, &res);
	CHECK("no hints (AI_V4MAPPED | AI_ADDRCONFIG): IPv4 only",
	      !err && res->ai_family == AF_INET &&
		  !strcmp(text_of(res->ai_addr), "192.0.2.1") &&
		  ((struct sockaddr_in *)res->ai_addr)->sin_port == htons(80));
	for (struct addrinfo *ai = err ? NULL : res; ai; ai = ai->ai_next)
		if (ai->ai_family != AF_INET)
			CHECK("no hints: no IPv6 result", 0);
	if (!err)
		freeaddrinfo(res);
	CHECK("gai_strerror(EAI_NODATA)",
	      !strcmp(gai_strerror(EAI_NODATA),
		      "No address associated with hostname"));
}

/* An answer longer than UDP's 512 bytes: truncated over UDP, asked
 * again over TCP, every address returned. */
static void long_answer(void)
{
	char want[512] = "";
	for (int i = 0; i < BIG_COUNT; i++) {
		size_t n = strlen(want);
		if (n)
			want[n++] = ' ';
		big_address(i, want + n, sizeof(want) - n);
	}
	int before = tcp_questions;
	const char *got = lookup(BIG, AF_INET, 0);
	if (strcmp(got, want))
		printf("getaddrinfo(" BIG "): %s\n", got);
	CHECK("getaddrinfo(" BIG "): all its A records, over TCP",
	      !strcmp(got, want));
	CHECK("the long answer asked once over UDP, then over TCP",
	      times_asked(TYPE_A, BIG) == 2 && tcp_questions == before + 1);
}

/* An answer longer than the resolver's first buffer: its addresses
 * (as many as getaddrinfo keeps), in order. */
static void huge_answer(void)
{
	char want[1024] = "";
	for (int i = 0; i < HUGE_COUNT; i++) {
		size_t n = strlen(want);
		if (n)
			want[n++] = ' ';
		big_address(i, want + n, sizeof(want) - n);
	}
	const char *got = lookup(HUGE, AF_INET, 0);
	int prefix = *got && !strncmp(want, got, strlen(got));
	if (!prefix)
		printf("getaddrinfo(" HUGE "): %s\n", got);
	CHECK("getaddrinfo(" HUGE "): an answer over 2048 bytes read whole",
	      prefix);
}

/* The search list and ndots: "x.y" has one dot. */
static void search_and_ndots(void)
{
	LOOKS("x.y", AF_INET, 0, "192.0.2.9");
	CHECK("ndots:1: x.y asked as it is first",
	      times_asked(TYPE_A, "x.y") == 1 &&
		  times_asked(TYPE_A, "x.y.search.test") == 0);
	CHECK("resolv.conf rewritten with ndots:2",
	      !write_file("/etc/resolv.conf", "nameserver 127.0.0.1\n"
					      "search search.test\n"
					      "options ndots:2 timeout:1 "
					      "attempts:1\n"));
	LOOKS("x.y", AF_INET, 0, "192.0.2.8");
	CHECK("ndots:2: x.y asked with the search domain first",
	      times_asked(TYPE_A, "x.y") == 1 &&
		  times_asked(TYPE_A, "x.y.search.test") == 1);
	CHECK("resolv.conf rewritten with ndots:1 domain search.test",
	      !write_file("/etc/resolv.conf",
			  "nameserver 127.0.0.1\n"
			  "domain search.test\n"
			  "options timeout:1 attempts:1\n"));
	LOOKS("host", AF_INET, 0, "192.0.2.7");
}

/* With every descriptor taken the resolver has no socket: a system
 * error, as glibc's, not "try again". */
static void out_of_descriptors(void)
{
	static int taken[1100];
	int n = 0;
	while (n < (int)(sizeof(taken) / sizeof(taken[0])) &&
	       (taken[n] = dup(0)) >= 0)
		n++;
	int dup_err = errno;
	errno = 0;
	const char *got = lookup("www.example.test", AF_INET, 0);
	int err = errno;
	for (int i = 0; i < n; i++)
		close(taken[i]);
	if (strcmp(got, "error -11") || err != EMFILE)
		printf("out of descriptors (dup: errno %d): %s errno %d\n",
		       dup_err, got, err);
	CHECK("getaddrinfo without a descriptor: EAI_SYSTEM, errno EMFILE",
	      dup_err == EMFILE && !strcmp(got, "error -11") && err == EMFILE);
}

/*
 * A server that never answers: timeout:1 attempts:1, then attempts:2.
 * The wait must not be short, and must be the 1 s asked, not the 5 s
 * default; a host stall of seconds stretches one wait (the guest's
 * clock jumps with it), so one that ran past the bound is timed once
 * more, which a resolver waiting 5 s fails again.
 */
static void timeouts(void)
{
	struct timespec t0;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	LOOKS("silent.example.test", AF_INET, 0, "error -3");
	double s = seconds_since(&t0);
	printf("silent, timeout:1 attempts:1: %.2f s\n", s);
	int asked = times_asked(TYPE_A, SILENT);
	bool once = asked == 1, not_short = s >= 0.9, not_long = s < 4;
	if (!not_long) {
		clock_gettime(CLOCK_MONOTONIC, &t0);
		const char *again = lookup(SILENT, AF_INET, 0);
		s = seconds_since(&t0);
		printf("silent, timed again: %s after %.2f s\n", again, s);
		once &= !strcmp(again, "error -3") &&
			times_asked(TYPE_A, SILENT) == asked + 1;
		not_short &= s >= 0.9;
		not_long = s < 4;
		asked = times_asked(TYPE_A, SILENT);
	}
	CHECK("timeout:1 attempts:1: one question, about a second",
	      once && not_short && not_long);
	CHECK("resolv.conf rewritten with attempts:2",
	      !write_file("/etc/resolv.conf",
			  "nameserver 127.0.0.1\n"
			  "options timeout:1 attempts:2\n"));
	struct hostent *h = gethostbyname(SILENT);
	CHECK("gethostbyname of a silent server's name: TRY_AGAIN",
	      !h && h_errno == TRY_AGAIN);
	CHECK("attempts:2: asked twice more",
	      times_asked(TYPE_A, SILENT) == asked + 2);
}

static int has_addr(const struct hostent *h, int i, const char *text)
{
	unsigned char want[16];
	return inet_pton(h->h_addrtype, text, want) == 1 &&
	       !memcmp(h->h_addr_list[i], want, (size_t)h->h_length);
}

static void by_gethostbyname(void)
{
	struct hostent *h = gethostbyname("www.example.test");
	CHECK("gethostbyname: the A records, no aliases",
	      h && !strcmp(h->h_name, "www.example.test") &&
		  h->h_addrtype == AF_INET && h->h_length == 4 &&
		  has_addr(h, 0, "192.0.2.1") && has_addr(h, 1, "192.0.2.2") &&
		  !h->h_addr_list[2] && !h->h_aliases[0]);
	h = gethostbyname("alias.example.test");
	CHECK("gethostbyname through two CNAMEs: the target's name, the "
	      "CNAMEs' as aliases",
	      h && !strcmp(h->h_name, "www.example.test") && h->h_aliases[0] &&
		  !strcmp(h->h_aliases[0], "alias.example.test") &&
		  h->h_aliases[1] &&
		  !strcmp(h->h_aliases[1], "mid.example.test") &&
		  !h->h_aliases[2] && has_addr(h, 0, "192.0.2.1"));
	h = gethostbyname("nosuch.example.test");
	CHECK("gethostbyname, NXDOMAIN: HOST_NOT_FOUND",
	      !h && h_errno == HOST_NOT_FOUND);
	h = gethostbyname("v6.example.test");
	CHECK("gethostbyname, no A record: NO_DATA", !h && h_errno == NO_DATA);
	h = gethostbyname("noaddr.example.test");
	CHECK("gethostbyname, no address: NO_DATA", !h && h_errno == NO_DATA);
	h = gethostbyname("fail.example.test");
	CHECK("gethostbyname, SERVFAIL: TRY_AGAIN", !h && h_errno == TRY_AGAIN);
	h = gethostbyname2("www.example.test", AF_INET6);
	CHECK("gethostbyname2(AF_INET6): the AAAA record",
	      h && h->h_addrtype == AF_INET6 && h->h_length == 16 &&
		  has_addr(h, 0, "2001:db8::1") && !h->h_addr_list[1]);
	h = gethostbyname("host");
	CHECK("gethostbyname through the search list",
	      h && !strcmp(h->h_name, "host.search.test") &&
		  has_addr(h, 0, "192.0.2.7"));

	struct hostent he, *r = NULL;
	char buf[1024];
	int herr = 0;
	int ret = gethostbyname_r("alias.example.test", &he, buf, sizeof(buf),
				  &r, &herr);
	CHECK("gethostbyname_r through CNAMEs",
	      !ret && r == &he && !strcmp(he.h_name, "www.example.test") &&
		  he.h_aliases[1] && has_addr(&he, 1, "192.0.2.2"));
	ret = gethostbyname_r("nosuch.example.test", &he, buf, sizeof(buf), &r,
			      &herr);
	CHECK("gethostbyname_r, NXDOMAIN: 0, NULL, HOST_NOT_FOUND",
	      !ret && !r && herr == HOST_NOT_FOUND);
	ret = gethostbyname2_r("v6.example.test", AF_INET, &he, buf,
			       sizeof(buf), &r, &herr);
	CHECK("gethostbyname2_r, no A record: NO_DATA",
	      !ret && !r && herr == NO_DATA);
	ret = gethostbyname2_r("v6.example.test", AF_INET6, &he, buf,
			       sizeof(buf), &r, &herr);
	CHECK("gethostbyname2_r(AF_INET6) of an IPv6-only name",
	      !ret && r && has_addr(&he, 0, "2001:db8::5"));
	errno = 0;
	ret = gethostbyname_r("fail.example.test", &he, buf, sizeof(buf), &r,
			      &herr);
	CHECK("gethostbyname_r, SERVFAIL: EAGAIN, NULL, TRY_AGAIN",
	      ret == EAGAIN && errno == EAGAIN && !r && herr == TRY_AGAIN);
}

static void by_address(void)
{
	struct in_addr a4;
	struct in6_addr a6;
	inet_pton(AF_INET, "192.0.2.1", &a4);
	struct hostent *h = gethostbyaddr(&a4, sizeof(a4), AF_INET);
	CHECK("gethostbyaddr: the PTR record's name",
	      h && !strcmp(h->h_name, "www.example.test") &&
		  h->h_addrtype == AF_INET && has_addr(h, 0, "192.0.2.1"));
	inet_pton(AF_INET, "192.0.2.2", &a4);
	h = gethostbyaddr(&a4, sizeof(a4), AF_INET);
	CHECK("gethostbyaddr: a PTR record behind a CNAME (RFC 2317)",
	      h && !strcmp(h->h_name, "two.example.test"));
	inet_pton(AF_INET, "192.0.2.99", &a4);
	h = gethostbyaddr(&a4, sizeof(a4), AF_INET);
	CHECK("gethostbyaddr, NXDOMAIN: HOST_NOT_FOUND",
	      !h && h_errno == HOST_NOT_FOUND);
	inet_pton(AF_INET6, "2001:db8::1", &a6);
	h = gethostbyaddr(&a6, sizeof(a6), AF_INET6);
	CHECK("gethostbyaddr(AF_INET6): ip6.arpa's PTR",
	      h && !strcmp(h->h_name, "www.example.test") &&
		  h->h_addrtype == AF_INET6);
	struct hostent he, *r = NULL;
	char buf[1024];
	int herr = 0;
	inet_pton(AF_INET, "192.0.2.66", &a4);
	int ret = gethostbyaddr_r(&a4, sizeof(a4), AF_INET, &he, buf,
				  sizeof(buf), &r, &herr);
	CHECK("gethostbyaddr_r, SERVFAIL: TRY_AGAIN",
	      !ret && !r && herr == TRY_AGAIN);

	struct sockaddr_in sin = {.sin_family = AF_INET, .sin_port = htons(80)};
	char host[NI_MAXHOST];
	socklen_t len = sizeof(sin);
	inet_pton(AF_INET, "192.0.2.1", &sin.sin_addr);
	CHECK("getnameinfo: the PTR record's name",
	      !getnameinfo((struct sockaddr *)&sin, len, host, sizeof(host),
			   NULL, 0, 0) &&
		  !strcmp(host, "www.example.test"));
	int before = times_asked(TYPE_PTR, "1.2.0.192.in-addr.arpa");
	CHECK("getnameinfo, NI_NUMERICHOST: the address, no question",
	      !getnameinfo((struct sockaddr *)&sin, len, host, sizeof(host),
			   NULL, 0, NI_NUMERICHOST) &&
		  !strcmp(host, "192.0.2.1") &&
		  times_asked(TYPE_PTR, "1.2.0.192.in-addr.arpa") == before);
	inet_pton(AF_INET, "192.0.2.99", &sin.sin_addr);
	CHECK("getnameinfo, NXDOMAIN: the numeric form",
	      !getnameinfo((struct sockaddr *)&sin, len, host, sizeof(host),
			   NULL, 0, 0) &&
		  !strcmp(host, "192.0.2.99"));
	CHECK("getnameinfo, NXDOMAIN, NI_NAMEREQD: EAI_NONAME",
	      getnameinfo((struct sockaddr *)&sin, len, host, sizeof(host),
			  NULL, 0, NI_NAMEREQD) == EAI_NONAME);
	inet_pton(AF_INET, "192.0.2.66", &sin.sin_addr);
	CHECK("getnameinfo, SERVFAIL: EAI_AGAIN",
	      getnameinfo((struct sockaddr *)&sin, len, host, sizeof(host),
			  NULL, 0, 0) == EAI_AGAIN);
	struct sockaddr_in6 sin6 = {.sin6_family = AF_INET6};
	inet_pton(AF_INET6, "2001:db8::1", &sin6.sin6_addr);
	CHECK("getnameinfo(AF_INET6): ip6.arpa's PTR",
	      !getnameinfo((struct sockaddr *)&sin6, sizeof(sin6), host,
			   sizeof(host), NULL, 0, 0) &&
		  !strcmp(host, "www.example.test"));
}

int main(int argc, char **argv)
{
	static const struct app_check_group groups[] = {
	    {"getaddrinfo", by_getaddrinfo},
	    {"tcp", long_answer},
	    {"huge", huge_answer},
	    {"search", search_and_ndots},
	    {"gethostbyname", by_gethostbyname},
	    {"address", by_address},
	    {"descriptors", out_of_descriptors},
	    {"timeouts", timeouts},
	};
	struct sockaddr_in at = {.sin_family = AF_INET,
				 .sin_port = htons(53),
				 .sin_addr = {htonl(INADDR_LOOPBACK)}};
	int fd = socket(AF_INET, SOCK_DGRAM, 0);
	CHECK("the DNS server's socket on 127.0.0.1:53",
	      fd >= 0 && !bind(fd, (struct sockaddr *)&at, sizeof(at)));
	int tcp = socket(AF_INET, SOCK_STREAM, 0);
	CHECK("the DNS server's TCP socket on 127.0.0.1:53",
	      tcp >= 0 && !bind(tcp, (struct sockaddr *)&at, sizeof(at)) &&
		  !listen(tcp, 4));
	CHECK("/etc/resolv.conf written",
	      !write_file("/etc/resolv.conf",
			  "nameserver 127.0.0.1\n"
			  "search search.test\n"
			  "options timeout:1 attempts:1\n"));
	pthread_t server, tcp_server;
	pthread_create(&server, NULL, dns_server, &fd);
	pthread_create(&tcp_server, NULL, dns_tcp_server, &tcp);
	int status = app_check_run(groups, sizeof(groups) / sizeof(groups[0]),
				   argc, argv);
	int quit = socket(AF_INET, SOCK_DGRAM, 0);
	sendto(quit, "quit", 4, 0, (struct sockaddr *)&at, sizeof(at));
	pthread_join(server, NULL);
	int quit_tcp = socket(AF_INET, SOCK_STREAM, 0);
	if (!connect(quit_tcp, (struct sockaddr *)&at, sizeof(at)) &&
	    write(quit_tcp, "\0\4quit", 6) == 6)
		pthread_join(tcp_server, NULL);
	return status;
}
