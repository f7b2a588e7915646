/*
 * The DNS resolver (libc/net/resolv_*.c) against glibc's: names between
 * presentation and wire form (ns_name_pton, ns_name_ntop), expansion
 * and skipping in messages (dn_expand, ns_name_unpack, dn_skipname) on
 * crafted and random messages, compression (dn_comp with its list of
 * names), questions (res_mkquery, all but the random id), parsing
 * (ns_initparse, ns_parserr), the name checks (res_hnok ...), the
 * state res_ninit reads from /etc/resolv.conf, and sending: to a local
 * server that answers, to a port nobody listens on, with socket()
 * failing (EAFNOSUPPORT, as osv's today).  Results, errno, h_errno and
 * the bytes written must agree; with edns0, res_ninit's options, the
 * OPT record of the questions and the UDP answers it allows.  Then
 * osv's alone: stray replies do not stretch a try, replies to another
 * question are ignored.  Output is TAP.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <arpa/nameser.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <netdb.h>
#include <netinet/in.h>
#include <linux/tcp.h>
#include <poll.h>
#include <pthread.h>
#include <resolv.h>
#include <stdbool.h>
#include <stddef.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "difftest.h"

int osv_ns_name_pton(const char *, unsigned char *, size_t);
int osv_ns_name_ntop(const unsigned char *, char *, size_t);
int osv_ns_name_unpack(const unsigned char *, const unsigned char *,
		       const unsigned char *, unsigned char *, size_t);
int osv_ns_name_uncompress(const unsigned char *, const unsigned char *,
			   const unsigned char *, char *, size_t);
int osv_ns_name_skip(const unsigned char **, const unsigned char *);
int osv_ns_name_pack(const unsigned char *, unsigned char *, int,
		     const unsigned char **, const unsigned char **);
int osv_dn_expand(const unsigned char *, const unsigned char *,
		  const unsigned char *, char *, int);
int osv_dn_comp(const char *, unsigned char *, int, unsigned char **,
		unsigned char **);
int osv_dn_skipname(const unsigned char *, const unsigned char *);
int osv_res_nmkquery(res_state, int, const char *, int, int,
		     const unsigned char *, int, const unsigned char *,
		     unsigned char *, int);
int osv_ns_initparse(const unsigned char *, int, ns_msg *);
int osv_ns_parserr(ns_msg *, ns_sect, int, ns_rr *);
int osv_ns_msg_getflag(ns_msg, int);
int osv_res_hnok(const char *);
int osv_res_dnok(const char *);
int osv_res_ownok(const char *);
int osv_res_mailok(const char *);
int osv___res_ninit(res_state);
int osv_res_nsend(res_state, const unsigned char *, int, unsigned char *, int);
int osv_res_nquery(res_state, const char *, int, int, unsigned char *, int);
int osv_res_nsearch(res_state, const char *, int, int, unsigned char *, int);
int *osv___h_errno_location(void);
extern char **osv_environ;
extern const char *osv_resolv_conf_path;
int osv_getaddrinfo(const char *, const char *, const struct addrinfo *,
		    struct addrinfo **);
struct hostent *osv_gethostbyname(const char *);

static const char *const names[] = {"",
				    ".",
				    "a",
				    "a.",
				    "www.example.com",
				    "www.example.com.",
				    "..",
				    "a..b",
				    ".a",
				    "a\\.b.c",
				    "\\065\\066c",
				    "\\256x",
				    "\\12",
				    "x\\",
				    "a\\\\b",
				    "under_score.example",
				    "-leading.example",
				    "trailing-.example",
				    "*.wild.example",
				    "*x.example",
				    "mail.user@x",
				    "sp ace.example",
				    "tab\there",
				    "\\000nul.example",
				    "UPPER.Case.",
				    "1.2.3.4.in-addr.arpa",
				    "xn--bcher-kva.example",
				    "a.b.c.d.e.f.g.",
				    "\\\"q\\(\\)\\;\\@\\$",
				    "\\.",
				    "...",
				    "a.-b.c",
				    "a!b.c",
				    "x.a!b",
				    "a\001b.c",
				    "*.-x",
				    "*.x_y",
				    "a_b",
				    "a~b.c",
				    "a\200.b"};

/* A name of n labels of len bytes each, in presentation form. */
static void long_name(char *out, int labels, int len)
{
	char *p = out;
	for (int i = 0; i < labels; i++) {
		if (i)
			*p++ = '.';
		for (int j = 0; j < len; j++)
			*p++ = (char)('a' + (i + j) % 26);
	}
	*p = '\0';
}

static void compare_pton(const char *s, size_t size)
{
	unsigned char g[300], o[300];
	memset(g, 0xee, sizeof(g));
	memset(o, 0xee, sizeof(o));
	errno = 0;
	int rg = ns_name_pton(s, g, size);
	int eg = errno;
	errno = 0;
	int ro = osv_ns_name_pton(s, o, size);
	int eo = errno;
	CHECK(
	    rg == ro && (rg >= 0 || eg == eo) &&
		(rg < 0 || !memcmp(g, o, sizeof(g))),
	    "ns_name_pton(\"%.60s\", %zu): glibc %d errno %d, osv %d errno %d",
	    s, size, rg, eg, ro, eo);
}

static void test_pton(void)
{
	char big[600];
	for (size_t i = 0; i < sizeof(names) / sizeof(*names); i++)
		for (size_t size = 0; size <= 40; size++)
			compare_pton(names[i], size);
	for (size_t i = 0; i < sizeof(names) / sizeof(*names); i++)
		compare_pton(names[i], 255);
	static const int shapes[][2] = {{1, 63}, {1, 64},  {4, 62},  {4, 63},
					{5, 50}, {127, 1}, {128, 1}, {3, 84}};
	for (size_t i = 0; i < sizeof(shapes) / sizeof(*shapes); i++) {
		long_name(big, shapes[i][0], shapes[i][1]);
		compare_pton(big, 255);
		compare_pton(big, 300);
		strcat(big, ".");
		compare_pton(big, 255);
	}
	dt_group_end("ns_name_pton");
}

static void compare_ntop(const unsigned char *wire, size_t size)
{
	char g[1100], o[1100];
	memset(g, 0x11, sizeof(g));
	memset(o, 0x11, sizeof(o));
	errno = 0;
	int rg = ns_name_ntop(wire, g, size);
	int eg = errno;
	errno = 0;
	int ro = osv_ns_name_ntop(wire, o, size);
	int eo = errno;
	CHECK(rg == ro && (rg >= 0 || eg == eo) &&
		  (rg < 0 || !memcmp(g, o, (size_t)rg)),
	      "ns_name_ntop(size %zu): glibc %d \"%.40s\", osv %d \"%.40s\"",
	      size, rg, rg > 0 ? g : "", ro, ro > 0 ? o : "");
}

/* A random wire name: labels of random bytes, sometimes a bad type. */
static void random_wire(unsigned char *w, size_t cap)
{
	size_t n = 0;
	int labels = (int)(dt_rand() % 6);
	for (int i = 0; i < labels; i++) {
		int len = (int)(dt_rand() % 12) + 1;
		if (n + 1 + (size_t)len + 1 >= cap)
			break;
		w[n++] = (unsigned char)len;
		for (int j = 0; j < len; j++)
			w[n++] = (unsigned char)dt_rand();
	}
	w[n] = dt_rand() % 20 ? 0 : (unsigned char)(0x40 | dt_rand() % 0xc0);
}

static void test_ntop(void)
{
	unsigned char w[300];
	for (int i = 0; i < 3000; i++) {
		random_wire(w, sizeof(w));
		compare_ntop(w, 1 + dt_rand() % 120);
		compare_ntop(w, 1100);
	}
	for (size_t i = 0; i < sizeof(names) / sizeof(*names); i++)
		if (ns_name_pton(names[i], w, sizeof(w)) >= 0)
			for (size_t size = 0; size < 30; size++)
				compare_ntop(w, size);
	dt_group_end("ns_name_ntop");
}

/* A message with names that point back and elsewhere. */
static size_t crafted_message(unsigned char *m)
{
	static const unsigned char msg[] = {
	    0x12, 0x34, 0x81, 0x80, 0, 1, 0, 2, 0, 0, 0, 0,
	    /* 12: www.example.com */
	    3, 'w', 'w', 'w', 7, 'e', 'x', 'a', 'm', 'p', 'l', 'e', 3, 'c', 'o',
	    'm', 0,
	    /* 29: mail + pointer to 16 (example.com) */
	    4, 'm', 'a', 'i', 'l', 0xc0, 16,
	    /* 36: pointer to itself (a loop) */
	    0xc0, 36,
	    /* 38: pointer past the end */
	    0xc3, 0xff,
	    /* 40: a label of type 01 and 10 */
	    0x41, 'x', 0x81, 'y',
	    /* 44: pointer to 29 (mail...) */
	    0xc0, 29,
	    /* 46: a label running past the end */
	    9, 'a', 'b'};
	memcpy(m, msg, sizeof(msg));
	return sizeof(msg);
}

static void compare_expand(const unsigned char *msg, size_t len, size_t at,
			   size_t size)
{
	const unsigned char *eom = msg + len, *src = msg + at;
	char g[1100], o[1100];
	unsigned char gw[300], ow[300];
	memset(g, 1, sizeof(g)), memset(o, 1, sizeof(o));
	memset(gw, 1, sizeof(gw)), memset(ow, 1, sizeof(ow));
	errno = 0;
	int rg = dn_expand(msg, eom, src, g, (int)size);
	int eg = errno;
	errno = 0;
	int ro = osv_dn_expand(msg, eom, src, o, (int)size);
	int eo = errno;
	CHECK(rg == ro && (rg >= 0 || eg == eo) && (rg < 0 || !strcmp(g, o)),
	      "dn_expand(at %zu, size %zu): glibc %d \"%.30s\" errno %d, osv "
	      "%d \"%.30s\" errno %d",
	      at, size, rg, rg >= 0 ? g : "", eg, ro, ro >= 0 ? o : "", eo);
	rg = ns_name_unpack(msg, eom, src, gw, size);
	ro = osv_ns_name_unpack(msg, eom, src, ow, size);
	CHECK(rg == ro && (rg < 0 || !memcmp(gw, ow, sizeof(gw))),
	      "ns_name_unpack(at %zu, size %zu): glibc %d, osv %d", at, size,
	      rg, ro);
	rg = dn_skipname(src, eom);
	ro = osv_dn_skipname(src, eom);
	CHECK(rg == ro, "dn_skipname(at %zu): glibc %d, osv %d", at, rg, ro);
}

static void test_expand(void)
{
	unsigned char m[600];
	size_t len = crafted_message(m);
	for (size_t at = 0; at <= len; at++) {
		compare_expand(m, len, at, 1100);
		compare_expand(m, len, at, 1 + at % 17);
	}
	/* A label that ends at eom, an unreadable page past it. */
	long page = sysconf(_SC_PAGESIZE);
	unsigned char *two =
	    mmap(NULL, 2 * (size_t)page, PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (two == MAP_FAILED || mprotect(two + page, (size_t)page, PROT_NONE))
		abort();
	static const unsigned char cut[] = {0, 3, 'a', 'b', 'c'};
	unsigned char *at_end = two + page - sizeof(cut);
	memcpy(at_end, cut, sizeof(cut));
	compare_expand(at_end, sizeof(cut), 1, 1100);
	munmap(two, 2 * (size_t)page);
	/* Random messages: random bytes, then some well-formed names. */
	for (int i = 0; i < 4000; i++) {
		size_t n = 12 + dt_rand() % 80;
		for (size_t j = 0; j < n; j++)
			m[j] = (unsigned char)dt_rand();
		for (size_t j = 12; j + 2 < n; j += 1 + dt_rand() % 9) {
			if (dt_rand() % 3 == 0) {
				m[j] = 0xc0 | (dt_rand() % 2);
				m[j + 1] = (unsigned char)(dt_rand() % n);
			} else {
				m[j] = (unsigned char)(dt_rand() % 6);
			}
		}
		size_t at = dt_rand() % n;
		compare_expand(m, n, at, 1100);
		compare_expand(m, n, at, dt_rand() % 40);
	}
	dt_group_end("dn_expand, ns_name_unpack, dn_skipname");
}

/* Packs names one after another into a message, each with its list. */
static void test_comp(void)
{
	static const char *const seq[] = {"www.example.com",
					  "mail.example.com",
					  "example.com",
					  "WWW.EXAMPLE.COM",
					  "other.org",
					  "a.b.other.org",
					  ".",
					  "x.mail.example.com",
					  "bad..name",
					  "com"};
	const size_t n = sizeof(seq) / sizeof(*seq);
	for (int round = 0; round < 200; round++) {
		unsigned char gm[512], om[512];
		unsigned char *gp[8] = {gm}, *op[8] = {om};
		memset(gm, 0, sizeof(gm)), memset(om, 0, sizeof(om));
		size_t lists = 2 + round % 6;
		unsigned char **glast = round % 7 ? gp + lists : NULL;
		unsigned char **olast = round % 7 ? op + lists : NULL;
		size_t gat = 12, oat = 12;
		for (size_t k = 0; k < 6; k++) {
			const char *name = seq[(round + k * 3) % n];
			int size = round % 5 ? 64 : (int)(dt_rand() % 20);
			errno = 0;
			int rg = dn_comp(name, gm + gat, size,
					 round % 11 ? gp : NULL, glast);
			int eg = errno;
			errno = 0;
			int ro = osv_dn_comp(name, om + oat, size,
					     round % 11 ? op : NULL, olast);
			int eo = errno;
			CHECK(rg == ro && (rg >= 0 || eg == eo),
			      "dn_comp(\"%s\", %d) round %d: glibc %d, osv %d",
			      name, size, round, rg, ro);
			if (rg > 0)
				gat += (size_t)rg;
			if (ro > 0)
				oat += (size_t)ro;
		}
		CHECK(!memcmp(gm, om, sizeof(gm)),
		      "dn_comp round %d: the messages differ", round);
		for (size_t k = 0; k < 8; k++)
			CHECK((gp[k] ? gp[k] - gm : -1) ==
				  (op[k] ? op[k] - om : -1),
			      "dn_comp round %d: list entry %zu differs", round,
			      k);
	}
	dt_group_end("dn_comp");
}

static void test_mkquery(void)
{
	struct __res_state gs, os;
	res_ninit(&gs);
	/* RES_OPTIONS (trust-ad: the AD bit) reaches both. */
	osv_environ = environ;
	osv___res_ninit(&os);
	osv_environ = NULL;
	static const int ops[] = {QUERY, 1, 2, NS_NOTIFY_OP, 5};
	static const int types[] = {1, 28, 15, 16, 255, -1, 65536};
	for (size_t i = 0; i < sizeof(names) / sizeof(*names); i++)
		for (size_t o = 0; o < sizeof(ops) / sizeof(*ops); o++)
			for (size_t t = 0; t < sizeof(types) / sizeof(*types);
			     t++)
				for (int size = 10; size < 60; size += 7) {
					unsigned char g[600], q[600];
					memset(g, 0, sizeof(g));
					memset(q, 0, sizeof(q));
					const unsigned char *data =
					    t % 2 ? (const unsigned char *)"d.e"
						  : NULL;
					int rg = res_nmkquery(
					    &gs, ops[o], names[i], 1, types[t],
					    data, 0, NULL, g, size);
					int ro = osv_res_nmkquery(
					    &os, ops[o], names[i], 1, types[t],
					    data, 0, NULL, q, size);
					g[0] = g[1] = q[0] = q[1] = 0;
					CHECK(
					    rg == ro &&
						!memcmp(g, q, sizeof(g)),
					    "res_mkquery(%d, \"%s\", type %d, "
					    "%d): glibc %d, osv %d",
					    ops[o], names[i], types[t], size,
					    rg, ro);
				}
	/* glibc adds the OPT record in res_nquery, not here. */
	unsigned char g[600], q[600];
	gs.options |= RES_USE_EDNS0 | RES_USE_DNSSEC;
	os.options |= RES_USE_EDNS0 | RES_USE_DNSSEC;
	int rg = res_nmkquery(&gs, QUERY, "www.example.com", 1, 1, NULL, 0,
			      NULL, g, sizeof(g));
	int ro = osv_res_nmkquery(&os, QUERY, "www.example.com", 1, 1, NULL, 0,
				  NULL, q, sizeof(q));
	CHECK(rg == ro && rg > 12 && !memcmp(g + 2, q + 2, (size_t)rg - 2),
	      "res_mkquery with edns0: glibc %d bytes, osv %d", rg, ro);
	dt_group_end("res_mkquery");
}

/* A well-formed answer: one question, two answers, one additional. */
static size_t answer_message(unsigned char *m)
{
	static const unsigned char msg[] = {
	    0xab, 0xcd, 0x85, 0x80, 0,	 1,    0,    2,	  0,	0,    0,
	    1,	  3,	'w',  'w',  'w', 7,    'e',  'x', 'a',	'm',  'p',
	    'l',  'e',	3,    'c',  'o', 'm',  0,    0,	  1,	0,    1,
	    0xc0, 12,	0,    1,    0,	 1,    0,    0,	  0x0e, 0x10, 0,
	    4,	  93,	184,  216,  34,	 0xc0, 16,   0,	  5,	0,    1,
	    0x7f, 0xff, 0xff, 0xff, 0,	 2,    0xc0, 12,  0,	0,    41,
	    0x10, 0,	0,    0,    0,	 0,    0,    0};
	memcpy(m, msg, sizeof(msg));
	return sizeof(msg);
}

static void compare_parse(const unsigned char *m, int len)
{
	ns_msg gh, oh;
	errno = 0;
	int rg = ns_initparse(m, len, &gh);
	int eg = errno;
	errno = 0;
	int ro = osv_ns_initparse(m, len, &oh);
	int eo = errno;
	CHECK(rg == ro && (rg == 0 || eg == eo),
	      "ns_initparse(len %d): glibc %d errno %d, osv %d errno %d", len,
	      rg, eg, ro, eo);
	if (rg || ro)
		return;
	for (int f = 0; f < ns_f_max; f++)
		CHECK(ns_msg_getflag(gh, f) == osv_ns_msg_getflag(oh, f),
		      "ns_msg_getflag %d", f);
	CHECK(!memcmp(gh._counts, oh._counts, sizeof(gh._counts)) &&
		  gh._id == oh._id,
	      "ns_initparse: counts or id");
	/* In order, then out of order and past the end. */
	for (int pass = 0; pass < 2; pass++)
		for (int s = 0; s <= ns_s_max; s++)
			for (int r = -1; r < 4; r++) {
				int rr = pass ? 3 - r : r;
				ns_rr g, o;
				memset(&g, 0, sizeof(g));
				memset(&o, 0, sizeof(o));
				errno = 0;
				int a = ns_parserr(&gh, (ns_sect)s, rr, &g);
				int ea = errno;
				errno = 0;
				int b = osv_ns_parserr(&oh, (ns_sect)s, rr, &o);
				int eb = errno;
				CHECK(a == b && (a == 0 || ea == eb) &&
					  (a || (!strcmp(g.name, o.name) &&
						 g.type == o.type &&
						 g.rr_class == o.rr_class &&
						 g.ttl == o.ttl &&
						 g.rdlength == o.rdlength &&
						 g.rdata == o.rdata)),
				      "ns_parserr(section %d, rr %d): glibc %d "
				      "errno %d \"%s\", osv %d errno %d \"%s\"",
				      s, rr, a, ea, g.name, b, eb, o.name);
				CHECK(gh._rrnum == oh._rrnum &&
					  gh._sect == oh._sect &&
					  gh._msg_ptr == oh._msg_ptr,
				      "ns_parserr(section %d, rr %d): the "
				      "handle's position",
				      s, rr);
			}
}

static void test_parse(void)
{
	unsigned char m[600];
	size_t len = answer_message(m);
	for (size_t cut = 0; cut <= len + 1; cut++)
		compare_parse(m, (int)cut);
	for (int i = 0; i < 3000; i++) {
		len = answer_message(m);
		size_t at = dt_rand() % len;
		m[at] = (unsigned char)dt_rand();
		if (dt_rand() % 2)
			m[dt_rand() % 12] = (unsigned char)(dt_rand() % 4);
		compare_parse(m, (int)len);
	}
	dt_group_end("ns_initparse, ns_parserr, ns_msg_getflag");
}

static void test_checks(void)
{
	char big[600];
	for (size_t i = 0; i <= sizeof(names) / sizeof(*names); i++) {
		const char *n = names[i % (sizeof(names) / sizeof(*names))];
		if (i == sizeof(names) / sizeof(*names)) {
			long_name(big, 4, 64);
			n = big;
		}
		CHECK(res_hnok(n) == osv_res_hnok(n), "res_hnok(\"%s\")", n);
		CHECK(res_dnok(n) == osv_res_dnok(n), "res_dnok(\"%s\")", n);
		CHECK(res_ownok(n) == osv_res_ownok(n), "res_ownok(\"%s\")", n);
		CHECK(res_mailok(n) == osv_res_mailok(n), "res_mailok(\"%s\")",
		      n);
	}
	for (int c = 1; c < 256; c++) {
		char n[8] = {'a', (char)c, 'b', '.', 'c', 0};
		if (c == '\\')
			continue;
		CHECK(res_hnok(n) == osv_res_hnok(n), "res_hnok byte %d", c);
		CHECK(res_mailok(n) == osv_res_mailok(n), "res_mailok byte %d",
		      c);
	}
	dt_group_end("res_hnok, res_dnok, res_ownok, res_mailok");
}

static void test_ninit(void)
{
	struct __res_state g, o;
	memset(&g, 0, sizeof(g));
	memset(&o, 0xff, sizeof(o));
	/* LOCALDOMAIN and RES_OPTIONS reach both. */
	osv_environ = environ;
	int rg = res_ninit(&g), ro = osv___res_ninit(&o);
	osv_environ = NULL;
	CHECK(rg == ro, "res_ninit: glibc %d, osv %d", rg, ro);
	CHECK(g.retrans == o.retrans && g.retry == o.retry,
	      "retrans %d retry %d, osv %d %d", g.retrans, g.retry, o.retrans,
	      o.retry);
	CHECK(g.options == o.options, "options %#lx, osv %#lx", g.options,
	      o.options);
	CHECK(g.nscount == o.nscount, "nscount %d, osv %d", g.nscount,
	      o.nscount);
	for (int i = 0; i < g.nscount && i < MAXNS; i++)
		CHECK(g.nsaddr_list[i].sin_family ==
			      o.nsaddr_list[i].sin_family &&
			  g.nsaddr_list[i].sin_port ==
			      o.nsaddr_list[i].sin_port &&
			  g.nsaddr_list[i].sin_addr.s_addr ==
			      o.nsaddr_list[i].sin_addr.s_addr,
		      "nameserver %d", i);
	CHECK(g.ndots == o.ndots, "ndots %u, osv %u", g.ndots, o.ndots);
	for (int i = 0; i <= MAXDNSRCH; i++) {
		CHECK(!g.dnsrch[i] == !o.dnsrch[i] &&
			  (!g.dnsrch[i] || !strcmp(g.dnsrch[i], o.dnsrch[i])),
		      "dnsrch[%d]", i);
		if (!g.dnsrch[i])
			break;
	}
	dt_group_end("res_ninit on the host's /etc/resolv.conf");
}

/* osv's resolv.conf: a copy of the host's with an options line added;
 * its path (a temporary file). */
static void copy_resolv_conf_with(char *path, const char *options)
{
	int fd = mkstemp(path);
	FILE *out = fd >= 0 ? fdopen(fd, "w") : NULL;
	FILE *in = fopen("/etc/resolv.conf", "r");
	if (!out)
		abort();
	char line[1024];
	while (in && fgets(line, sizeof(line), in))
		fputs(line, out);
	if (in)
		fclose(in);
	fprintf(out, "\noptions %s\n", options);
	fclose(out);
}

/* A forked child's end: its diagnostics are in stdout's buffer, which
 * _exit would drop (stdout is a file under make check). */
static void child_exit(int status)
{
	fflush(stdout);
	_exit(status);
}

/*
 * In a child, before glibc's first res_ninit: glibc keeps what it read
 * (RES_OPTIONS too) until /etc/resolv.conf changes, so RES_OPTIONS must
 * be set before.  glibc reads only /etc/resolv.conf: it gets the
 * options from RES_OPTIONS, and osv from RES_OPTIONS, then from an
 * options line in a copy of the file.
 */
static void compare_ninit_options(const char *options)
{
	setenv("RES_OPTIONS", options, 1);
	struct __res_state g, o, f;
	res_ninit(&g);
	osv_environ = environ;
	osv___res_ninit(&o);
	osv_environ = NULL;
	CHECK(g.options == o.options, "RES_OPTIONS=%s: options %#lx, osv %#lx",
	      options, g.options, o.options);
	char path[] = "/tmp/test_resolv.XXXXXX";
	copy_resolv_conf_with(path, options);
	osv_resolv_conf_path = path;
	osv___res_ninit(&f);
	unlink(path);
	CHECK(g.options == f.options,
	      "options %s in resolv.conf: options %#lx, osv %#lx", options,
	      g.options, f.options);
	child_exit(dt_group_failed ? 1 : 0);
}

/* glibc takes a word that begins with an option's name as the option,
 * the first in its table. */
static const char *const ninit_options[] = {"edns0", "edns0x trust-adx",
					    "single-request-reopen rotate",
					    "no_tld_query debug"};
#define NINIT_OPTIONS (sizeof(ninit_options) / sizeof(*ninit_options))

/* Each child's exit status. */
static void ninit_options_in_children(int *status)
{
	for (size_t i = 0; i < NINIT_OPTIONS; i++) {
		fflush(stdout);
		pid_t pid = fork();
		if (pid == 0)
			compare_ninit_options(ninit_options[i]);
		status[i] = -1;
		waitpid(pid, &status[i], 0);
	}
}

static void test_ninit_options(const int *status)
{
	for (size_t i = 0; i < NINIT_OPTIONS; i++)
		CHECK(WIFEXITED(status[i]) && WEXITSTATUS(status[i]) == 0,
		      "res_ninit with RES_OPTIONS=%s (status %#x)",
		      ninit_options[i], status[i]);
	dt_group_end("res_ninit: edns0 and other options in RES_OPTIONS and "
		     "resolv.conf");
}

/* A server on 127.0.0.1 that answers each query with its own bytes as
 * a response (QR set) with one answer count; or stays silent. */
struct server {
	int fd;
	int port;
	int answers;
	unsigned char reply[512]; /* the last one sent */
	int reply_len;
	int done; /* the client is done: serve_strays stops */
};

static void *serve(void *arg)
{
	struct server *sv = arg;
	for (int i = 0; i < sv->answers; i++) {
		unsigned char buf[512];
		struct sockaddr_in from;
		socklen_t fl = sizeof(from);
		ssize_t n = recvfrom(sv->fd, buf, sizeof(buf), 0,
				     (struct sockaddr *)&from, &fl);
		if (n < 12)
			continue;
		buf[2] |= 0x80;
		buf[7] = 1;
		sendto(sv->fd, buf, (size_t)n, 0, (struct sockaddr *)&from, fl);
	}
	return NULL;
}

static int bind_local(void)
{
	int fd = socket(AF_INET, SOCK_DGRAM, 0);
	struct sockaddr_in a = {.sin_family = AF_INET,
				.sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
	socklen_t al = sizeof(a);
	if (fd < 0 || bind(fd, (struct sockaddr *)&a, sizeof(a)) ||
	    getsockname(fd, (struct sockaddr *)&a, &al))
		abort();
	return fd;
}

static int port_of(int fd)
{
	struct sockaddr_in a;
	socklen_t al = sizeof(a);
	getsockname(fd, (struct sockaddr *)&a, &al);
	return ntohs(a.sin_port);
}

/* A state whose one server is 127.0.0.1:port. */
static void local_state(res_state s, int osv, int port)
{
	if (osv)
		osv___res_ninit(s);
	else
		res_ninit(s);
	s->nscount = 1;
	s->nsaddr_list[0].sin_family = AF_INET;
	s->nsaddr_list[0].sin_port = htons((uint16_t)port);
	s->nsaddr_list[0].sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	s->retry = 1;
	s->retrans = 1;
	/* The host's options (edns0, use-vc, rotate...) would change the
	 * questions and the transport under the tests. */
	s->options = RES_INIT | RES_DEFAULT;
}

struct query_outcome {
	int ret, err, herr;
	unsigned char answer[2048];
};

/* res_nquery with anslen bytes for the answer (all when 0). */
static void run_query(int osv, int port, unsigned long options, int anslen,
		      struct query_outcome *out)
{
	struct __res_state s;
	local_state(&s, osv, port);
	s.options |= options;
	memset(out->answer, 0, sizeof(out->answer));
	if (!anslen)
		anslen = (int)sizeof(out->answer);
	errno = 0;
	out->ret =
	    osv ? osv_res_nquery(&s, "www.example.com", 1, 1, out->answer,
				 anslen)
		: res_nquery(&s, "www.example.com", 1, 1, out->answer, anslen);
	out->err = errno;
	out->herr = osv ? *osv___h_errno_location() : h_errno;
	out->answer[0] = out->answer[1] = 0;
}

/* glibc and osv agree; errno too when check_errno. */
static void compare_answers(const char *what, int port, unsigned long options,
			    int check_errno)
{
	struct query_outcome g, o;
	run_query(0, port, options, 0, &g);
	run_query(1, port, options, 0, &o);
	CHECK(g.ret == o.ret &&
		  (g.ret >= 0 || !check_errno || g.err == o.err) &&
		  g.herr == o.herr &&
		  (g.ret < 0 || !memcmp(g.answer, o.answer, (size_t)g.ret)),
	      "%s: glibc %d errno %d h_errno %d, osv %d errno %d h_errno %d",
	      what, g.ret, g.err, g.herr, o.ret, o.err, o.herr);
}

static void compare_queries(const char *what, int port)
{
	compare_answers(what, port, 0, 1);
}

/* In a child: socket() fails with EAFNOSUPPORT (seccomp), as on osv. */
static void without_sockets(void)
{
	struct sock_filter f[] = {
	    BPF_STMT(BPF_LD | BPF_W | BPF_ABS,
		     offsetof(struct seccomp_data, nr)),
	    BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, SYS_socket, 0, 1),
	    BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | EAFNOSUPPORT),
	    BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW)};
	struct sock_fprog prog = {sizeof(f) / sizeof(*f), f};
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) ||
	    prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &prog)) {
		printf("# seccomp filter: %s\n", strerror(errno));
		child_exit(99);
	}
	compare_queries("res_nquery without sockets", 53);
	struct __res_state gs, os;
	local_state(&gs, 0, 53);
	local_state(&os, 1, 53);
	unsigned char a[512];
	errno = 0;
	int rg = res_nsearch(&gs, "host", 1, 1, a, sizeof(a));
	int eg = errno, hg = h_errno;
	errno = 0;
	int ro = osv_res_nsearch(&os, "host", 1, 1, a, sizeof(a));
	int eo = errno, ho = *osv___h_errno_location();
	CHECK(rg == ro && eg == eo && hg == ho,
	      "res_nsearch without sockets: glibc %d errno %d h_errno %d, osv "
	      "%d errno %d h_errno %d",
	      rg, eg, hg, ro, eo, ho);
	child_exit(dt_group_failed ? 1 : 0);
}

static void test_send(void)
{
	struct server sv = {.fd = bind_local(), .answers = 2};
	sv.port = port_of(sv.fd);
	pthread_t t;
	pthread_create(&t, NULL, serve, &sv);
	compare_queries("res_nquery to a server that answers", sv.port);
	pthread_join(t, NULL);
	close(sv.fd);
	/* The same port, closed now: ICMP port unreachable. */
	compare_queries("res_nquery to a closed port", sv.port);
	fflush(stdout);
	pid_t pid = fork();
	if (pid == 0)
		without_sockets();
	int status;
	waitpid(pid, &status, 0);
	CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0,
	      "the queries without sockets (status %#x)", status);
	dt_group_end("res_nquery, res_nsend, res_nsearch");
}

/* Answers the first query with replies of another id, every 200 ms
 * until the client is done (at most 10 s). */
static void *serve_strays(void *arg)
{
	struct server *sv = arg;
	unsigned char buf[512];
	struct sockaddr_in from;
	socklen_t fl = sizeof(from);
	ssize_t n = recvfrom(sv->fd, buf, sizeof(buf), 0,
			     (struct sockaddr *)&from, &fl);
	if (n < 12)
		return NULL;
	buf[0] ^= 0xff;
	buf[2] |= 0x80;
	for (int i = 0; i < 50 && !__atomic_load_n(&sv->done, __ATOMIC_RELAXED);
	     i++) {
		sendto(sv->fd, buf, (size_t)n, 0, (struct sockaddr *)&from, fl);
		usleep(200000);
	}
	return NULL;
}

/*
 * Stray replies do not stretch the 1 s wait of a try.  They keep coming
 * for 10 s, so a wait that each one restarts lasts past 10 s, far above
 * the bound; the bound is the 1 s wait plus what a stalled host adds.
 */
static void test_send_strays(void)
{
	struct server sv = {.fd = bind_local()};
	sv.port = port_of(sv.fd);
	pthread_t t;
	pthread_create(&t, NULL, serve_strays, &sv);
	struct __res_state s;
	local_state(&s, 1, sv.port);
	unsigned char q[12] = {0x12, 0x34, 0x01}, a[512];
	struct timespec t0, t1;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	errno = 0;
	int r = osv_res_nsend(&s, q, sizeof(q), a, sizeof(a));
	int err = errno;
	clock_gettime(CLOCK_MONOTONIC, &t1);
	__atomic_store_n(&sv.done, 1, __ATOMIC_RELAXED);
	long ms = (t1.tv_sec - t0.tv_sec) * 1000 +
		  (t1.tv_nsec - t0.tv_nsec) / 1000000;
	CHECK(r == -1 && err == ETIMEDOUT && ms < 5000,
	      "res_nsend amid stray replies: %d errno %d after %ld ms "
	      "(want -1, ETIMEDOUT, under 5000)",
	      r, err, ms);
	pthread_join(t, NULL);
	close(sv.fd);
	dt_group_end("res_nsend amid stray replies");
}

/*
 * Answers the first query three times with its id: a question of
 * another name (its first letter changed), then of another type, then
 * the query's own question with the name in capitals; each with an
 * answer count of 1.
 */
static void *serve_wrong_questions(void *arg)
{
	struct server *sv = arg;
	unsigned char buf[512];
	struct sockaddr_in from;
	socklen_t fl = sizeof(from);
	ssize_t n = recvfrom(sv->fd, buf, sizeof(buf), 0,
			     (struct sockaddr *)&from, &fl);
	if (n < 12 + 2 + 4)
		return NULL;
	buf[2] |= 0x80;
	buf[7] = 1;
	buf[13] ^= 1; /* the first letter of the name */
	sendto(sv->fd, buf, (size_t)n, 0, (struct sockaddr *)&from, fl);
	buf[13] ^= 1;
	buf[n - 3] ^= 1; /* the type */
	sendto(sv->fd, buf, (size_t)n, 0, (struct sockaddr *)&from, fl);
	buf[n - 3] ^= 1;
	for (ssize_t i = 12; i < n - 4; i++)
		if (buf[i] >= 'a' && buf[i] <= 'z')
			buf[i] = (unsigned char)(buf[i] - 'a' + 'A');
	sendto(sv->fd, buf, (size_t)n, 0, (struct sockaddr *)&from, fl);
	memcpy(sv->reply, buf, (size_t)n);
	sv->reply_len = (int)n;
	return NULL;
}

/* A reply of the right id to another question is not the answer: the
 * wait goes on for the one that matches (name compared case aside). */
static void test_send_wrong_questions(void)
{
	struct server sv = {.fd = bind_local()};
	sv.port = port_of(sv.fd);
	pthread_t t;
	pthread_create(&t, NULL, serve_wrong_questions, &sv);
	struct __res_state s;
	local_state(&s, 1, sv.port);
	unsigned char q[512], a[512];
	int qlen = osv_res_nmkquery(&s, QUERY, "www.example.com", 1, 1, NULL, 0,
				    NULL, q, sizeof(q));
	errno = 0;
	int r = osv_res_nsend(&s, q, qlen, a, sizeof(a));
	int err = errno;
	pthread_join(t, NULL);
	close(sv.fd);
	CHECK(r > 0 && r == sv.reply_len && !memcmp(a, sv.reply, (size_t)r),
	      "res_nsend takes the reply to its own question: %d errno %d "
	      "(want %d, the third reply)",
	      r, err, sv.reply_len);
	dt_group_end("res_nsend ignores replies to another question");
}

/*
 * A server on one port of 127.0.0.1 for UDP and TCP: over UDP it
 * replies with the query's header and question, TC set when tc (else
 * an empty NOERROR answer); over TCP, as tcp says, with the question
 * and LONG_ANSWER_RECORDS A records (more than 512 bytes), or by
 * closing the connection after reading the query (FIN), or by
 * resetting it then (RST), or not at all (nothing listens).
 */
#define LONG_ANSWER_RECORDS 40
enum tcp_mode { TCP_ANSWER, TCP_CLOSE, TCP_RESET, TCP_NONE };
struct dual_server {
	int udp, tcp, stop[2];
	int port;
	int tc;
	enum tcp_mode mode;
	int tcp_queries;
	int query_segments; /* TCP segments in until the queries were read */
};

/* The query (len bytes, in out) made a long answer: its length. */
static int long_answer(unsigned char *out, int len)
{
	static const unsigned char record[16] = {0xc0, 12, 0, 1, 0,   1, 0, 0,
						 0,    60, 0, 4, 192, 0, 2};
	out[2] |= 0x80;
	out[6] = 0;
	out[7] = LONG_ANSWER_RECORDS;
	for (int i = 0; i < LONG_ANSWER_RECORDS; i++) {
		memcpy(out + len, record, sizeof(record));
		out[len + 15] = (unsigned char)(i + 1);
		len += (int)sizeof(record);
	}
	return len;
}

/* The UDP payload a query's OPT record (its last record) advertises,
 * 0 without one. */
static int opt_payload(const unsigned char *q, int len)
{
	const unsigned char *opt = q + len - 11;
	if (len < 12 + 11 || q[11] != 1 || opt[0] || opt[1] || opt[2] != 41)
		return 0;
	return opt[3] << 8 | opt[4];
}

static void answer_udp(struct dual_server *sv)
{
	unsigned char buf[512 + LONG_ANSWER_RECORDS * 16];
	struct sockaddr_in from;
	socklen_t fl = sizeof(from);
	ssize_t n =
	    recvfrom(sv->udp, buf, 512, 0, (struct sockaddr *)&from, &fl);
	if (n < 12)
		return;
	/* The long answer over UDP when the OPT record leaves room for
	 * it (RFC 6891 section 6.2.3), without an OPT in reply. */
	int payload = opt_payload(buf, (int)n);
	if (sv->tc && payload >= n - 11 + LONG_ANSWER_RECORDS * 16) {
		buf[11] = 0;
		n = long_answer(buf, (int)n - 11);
		buf[3] = 0x80;
		sendto(sv->udp, buf, (size_t)n, 0, (struct sockaddr *)&from,
		       fl);
		return;
	}
	/* RA: glibc takes a NOERROR reply without answers, RA or AA for
	 * a lame server's. */
	buf[2] |= 0x80 | (sv->tc ? 0x02 : 0);
	buf[3] = 0x80;
	sendto(sv->udp, buf, (size_t)n, 0, (struct sockaddr *)&from, fl);
}

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

static void answer_tcp(struct dual_server *sv)
{
	int c = accept(sv->tcp, NULL, NULL);
	if (c < 0)
		return;
	__atomic_add_fetch(&sv->tcp_queries, 1, __ATOMIC_SEQ_CST);
	unsigned char buf[2 + 512 + LONG_ANSWER_RECORDS * 16];
	if (!read_full(c, buf, 2)) {
		int len = buf[0] << 8 | buf[1];
		if (len < 12 || len > 512 || read_full(c, buf + 2, len))
			len = 0;
		struct tcp_info info = {0};
		socklen_t size = sizeof(info);
		getsockopt(c, IPPROTO_TCP, TCP_INFO, &info, &size);
		__atomic_add_fetch(&sv->query_segments, (int)info.tcpi_segs_in,
				   __ATOMIC_SEQ_CST);
		/* The query read, close() sends a FIN; with a linger
		 * time of 0, a reset. */
		struct linger reset = {.l_onoff = 1};
		if (sv->mode == TCP_RESET)
			setsockopt(c, SOL_SOCKET, SO_LINGER, &reset,
				   sizeof(reset));
		if (len && sv->mode == TCP_ANSWER) {
			len = long_answer(buf + 2, len);
			buf[0] = (unsigned char)(len >> 8);
			buf[1] = (unsigned char)len;
			if (write(c, buf, (size_t)len + 2) < 0)
				perror("write");
		}
	}
	close(c);
}

static void *serve_dual(void *arg)
{
	struct dual_server *sv = arg;
	for (;;) {
		struct pollfd p[3] = {
		    {.fd = sv->udp, .events = POLLIN},
		    {.fd = sv->mode == TCP_NONE ? -1 : sv->tcp,
		     .events = POLLIN},
		    {.fd = sv->stop[0], .events = POLLIN}};
		if (poll(p, 3, -1) < 0 || p[2].revents)
			return NULL;
		if (p[0].revents)
			answer_udp(sv);
		if (p[1].revents)
			answer_tcp(sv);
	}
}

/*
 * A TCP socket on the UDP socket's port, listening or only bound (so
 * that a connection is refused, and nobody else listens there), or -1
 * when that port is taken for TCP (UDP's and TCP's ports are apart:
 * another program's connection may hold it).
 */
static int tcp_beside(int port, bool listening)
{
	struct sockaddr_in a = {.sin_family = AF_INET,
				.sin_port = htons((uint16_t)port),
				.sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
	int fd = socket(AF_INET, SOCK_STREAM, 0);
	if (fd < 0)
		abort();
	if (bind(fd, (struct sockaddr *)&a, sizeof(a)) ||
	    (listening && listen(fd, 4))) {
		if (errno != EADDRINUSE)
			abort();
		close(fd);
		return -1;
	}
	return fd;
}

static void start_dual(struct dual_server *sv, pthread_t *t)
{
	for (int tries = 0;; tries++) {
		sv->udp = bind_local();
		sv->port = port_of(sv->udp);
		sv->tcp = tcp_beside(sv->port, sv->mode != TCP_NONE);
		if (sv->tcp >= 0)
			break;
		close(sv->udp);
		if (tries == 100)
			abort();
	}
	if (pipe(sv->stop))
		abort();
	pthread_create(t, NULL, serve_dual, sv);
}

static void stop_dual(struct dual_server *sv, pthread_t t)
{
	close(sv->stop[1]);
	pthread_join(t, NULL);
	close(sv->stop[0]);
	close(sv->udp);
	if (sv->tcp >= 0)
		close(sv->tcp);
}

/*
 * One server set up as given, asked by glibc and by osv: the same
 * outcome, the same number of connections, and the queries in as many
 * segments (RFC 7766 section 8: glibc sends the length and the message
 * in one write, as some servers need).
 */
static void compare_dual(const char *what, int tc, enum tcp_mode mode,
			 unsigned long options, int anslen, int check_errno)
{
	struct dual_server sv = {.tc = tc, .mode = mode};
	pthread_t t;
	start_dual(&sv, &t);
	struct query_outcome g, o;
	run_query(0, sv.port, options, anslen, &g);
	int g_connections = __atomic_load_n(&sv.tcp_queries, __ATOMIC_SEQ_CST);
	int g_segments = __atomic_load_n(&sv.query_segments, __ATOMIC_SEQ_CST);
	run_query(1, sv.port, options, anslen, &o);
	stop_dual(&sv, t);
	int o_connections = sv.tcp_queries - g_connections;
	int o_segments = sv.query_segments - g_segments;
	/* The whole buffer: what a cut answer kept too. */
	bool same =
	    g.ret == o.ret && (g.ret >= 0 || !check_errno || g.err == o.err) &&
	    g.herr == o.herr && !memcmp(g.answer, o.answer, sizeof(g.answer));
	CHECK(same && g_connections == o_connections &&
		  g_segments == o_segments,
	      "%s: glibc %d errno %d h_errno %d %d connections %d segments, "
	      "osv %d errno %d h_errno %d %d connections %d segments",
	      what, g.ret, g.err, g.herr, g_connections, g_segments, o.ret,
	      o.err, o.herr, o_connections, o_segments);
}

static void test_send_tcp(void)
{
	compare_dual("truncated over UDP, whole over TCP", 1, TCP_ANSWER, 0, 0,
		     1);
	compare_dual("truncated, RES_IGNTC: the truncated answer", 1,
		     TCP_ANSWER, RES_IGNTC, 0, 1);
	compare_dual("truncated, the TCP connection refused", 1, TCP_NONE, 0, 0,
		     1);
	/* glibc's errno after a connection closed unanswered is whatever
	 * errno was (read returned 0). */
	compare_dual("truncated, the TCP connection closed", 1, TCP_CLOSE, 0, 0,
		     0);
	compare_dual("truncated, the TCP connection reset", 1, TCP_RESET, 0, 0,
		     1);
	compare_dual("use-vc: TCP from the start", 0, TCP_ANSWER, RES_USEVC, 0,
		     1);
	compare_dual("use-vc, the TCP connection refused", 0, TCP_NONE,
		     RES_USEVC, 0, 1);
	compare_dual("use-vc, the answer longer than the buffer", 0, TCP_ANSWER,
		     RES_USEVC, 300, 1);
	compare_dual("use-vc, the buffer shorter than the question", 0,
		     TCP_ANSWER, RES_USEVC, 20, 1);
	struct query_outcome o;
	struct dual_server sv = {.tc = 1, .mode = TCP_ANSWER};
	pthread_t t;
	start_dual(&sv, &t);
	run_query(1, sv.port, 0, 0, &o);
	stop_dual(&sv, t);
	CHECK(o.ret > 512 && ns_get16(o.answer + 6) == LONG_ANSWER_RECORDS &&
		  !(o.answer[2] & 0x02),
	      "osv's answer over TCP: %d bytes, %d records (want over 512, "
	      "%d)",
	      o.ret, ns_get16(o.answer + 6), LONG_ANSWER_RECORDS);
	dt_group_end("res_nsend over TCP (TC, RES_IGNTC, RES_USEVC)");
}

/* The query res_nquery sends with these options and anslen, as the
 * echoing server returns it. */
static void compare_edns_query(const char *what, unsigned long options,
			       int anslen)
{
	struct server sv = {.fd = bind_local(), .answers = 2};
	sv.port = port_of(sv.fd);
	pthread_t t;
	pthread_create(&t, NULL, serve, &sv);
	struct query_outcome g, o;
	run_query(0, sv.port, options, anslen, &g);
	run_query(1, sv.port, options, anslen, &o);
	pthread_join(t, NULL);
	close(sv.fd);
	CHECK(g.ret == o.ret && g.herr == o.herr &&
		  !memcmp(g.answer, o.answer, sizeof(g.answer)),
	      "%s: glibc %d bytes (ARCOUNT %d) h_errno %d, osv %d bytes "
	      "(ARCOUNT %d) h_errno %d",
	      what, g.ret, g.ret >= 12 ? g.answer[11] : -1, g.herr, o.ret,
	      o.ret >= 12 ? o.answer[11] : -1, o.herr);
}

/*
 * RFC 6891: res_nquery's questions carry an OPT record with the
 * payload anslen allows (glibc: 512 to 1200), DO with RES_USE_DNSSEC;
 * an answer that the payload allows comes whole over UDP.
 */
static void test_edns0(void)
{
	compare_edns_query("edns0, a 2048-byte buffer", RES_USE_EDNS0, 0);
	compare_edns_query("edns0, a 300-byte buffer", RES_USE_EDNS0, 300);
	compare_edns_query("edns0, an 800-byte buffer", RES_USE_EDNS0, 800);
	compare_edns_query("edns0 and dnssec", RES_USE_EDNS0 | RES_USE_DNSSEC,
			   0);
	compare_edns_query("dnssec alone", RES_USE_DNSSEC, 0);
	compare_dual("edns0: the long answer over UDP", 1, TCP_ANSWER,
		     RES_USE_EDNS0, 0, 1);
	compare_dual("edns0, a payload too short for the answer: TCP", 1,
		     TCP_ANSWER, RES_USE_EDNS0, 600, 1);
	compare_dual("edns0 and use-vc", 0, TCP_ANSWER,
		     RES_USE_EDNS0 | RES_USEVC, 0, 1);
	dt_group_end("EDNS(0): the OPT record and the answers it allows");
}

/*
 * A server whose answer depends on the name's last two labels:
 * fail.test SERVFAIL, ok.test an answer, silent.test none, others
 * NXDOMAIN; it notes the names asked, in order.
 */
struct search_server {
	int fd;
	int port;
	int stop[2];
	char asked[512];
};

static void *serve_search(void *arg)
{
	struct search_server *sv = arg;
	for (;;) {
		struct pollfd p[2] = {{.fd = sv->fd, .events = POLLIN},
				      {.fd = sv->stop[0], .events = POLLIN}};
		if (poll(p, 2, -1) < 0 || p[1].revents)
			return NULL;
		unsigned char buf[512];
		char name[NS_MAXDNAME];
		struct sockaddr_in from;
		socklen_t fl = sizeof(from);
		ssize_t n = recvfrom(sv->fd, buf, sizeof(buf), 0,
				     (struct sockaddr *)&from, &fl);
		if (n < 12 ||
		    dn_expand(buf, buf + n, buf + 12, name, sizeof(name)) < 0)
			continue;
		size_t used = strlen(sv->asked);
		snprintf(sv->asked + used, sizeof(sv->asked) - used, "%s ",
			 name);
		size_t len = strlen(name);
		int ends_fail =
		    len >= 9 && !strcmp(name + len - 9, "fail.test");
		int ends_ok = len >= 7 && !strcmp(name + len - 7, "ok.test");
		if (len >= 11 && !strcmp(name + len - 11, "silent.test"))
			continue;
		buf[2] |= 0x80;
		buf[3] = ends_fail ? SERVFAIL : ends_ok ? NOERROR : NXDOMAIN;
		buf[7] = ends_ok;
		sendto(sv->fd, buf, (size_t)n, 0, (struct sockaddr *)&from, fl);
	}
}

static void compare_search(const char *name, const char *d1, const char *d2,
			   unsigned long options)
{
	struct search_server sv = {.fd = bind_local()};
	sv.port = port_of(sv.fd);
	if (pipe(sv.stop))
		abort();
	pthread_t t;
	pthread_create(&t, NULL, serve_search, &sv);
	char g_asked[512];
	int ret[2], herr[2];
	for (int osv = 0; osv < 2; osv++) {
		struct __res_state s;
		local_state(&s, osv, sv.port);
		char search[2][32];
		snprintf(search[0], sizeof(search[0]), "%s", d1);
		snprintf(search[1], sizeof(search[1]), "%s", d2);
		s.dnsrch[0] = search[0];
		s.dnsrch[1] = search[1];
		s.dnsrch[2] = NULL;
		s.ndots = 1;
		s.options |= RES_DEFNAMES | RES_DNSRCH | options;
		unsigned char a[512];
		sv.asked[0] = '\0';
		ret[osv] = osv ? osv_res_nsearch(&s, name, 1, 1, a, sizeof(a))
			       : res_nsearch(&s, name, 1, 1, a, sizeof(a));
		herr[osv] = osv ? *osv___h_errno_location() : h_errno;
		if (!osv)
			strcpy(g_asked, sv.asked);
	}
	close(sv.stop[1]);
	pthread_join(t, NULL);
	close(sv.stop[0]);
	close(sv.fd);
	CHECK(ret[0] == ret[1] && herr[0] == herr[1] &&
		  !strcmp(g_asked, sv.asked),
	      "res_nsearch(%s) with search %s %s, options %#lx: glibc %d "
	      "h_errno %d asked %s; osv %d h_errno %d asked %s",
	      name, d1, d2, options, ret[0], herr[0], g_asked, ret[1], herr[1],
	      sv.asked);
}

/* A SERVFAIL for one candidate name does not end the search. */
static void test_search_servfail(void)
{
	compare_search("host", "fail.test", "none.test", 0);
	compare_search("host", "fail.test", "ok.test", 0);
	compare_search("host", "none.test", "fail.test", 0);
	compare_search("a.b", "fail.test", "none.test", 0);
	compare_search("a.fail.test", "none.test", "ok.test", 0);
	compare_search("a.fail.test", "none.test", "none2.test", 0);
	compare_search("host.", "fail.test", "ok.test", 0);
	compare_search("host", "silent.test", "none.test", 0);
	compare_search("host", "none.test", "silent.test", 0);
	/* The root in the list stands for the name as it is, asked in
	 * its place (not after the list). */
	compare_search("host", ".", "ok.test", 0);
	compare_search("host", "none.test", ".", 0);
	/* no-tld-query: a name without dots is not asked as it is. */
	compare_search("host", "none.test", "none2.test", RES_NOTLDQUERY);
	compare_search("a.b", "none.test", "none2.test", RES_NOTLDQUERY);
	dt_group_end("res_nsearch goes on after a SERVFAIL; the root and "
		     "no-tld-query in the search");
}

/* Whether the host's nsswitch.conf says "hosts: files dns", glibc's
 * default and osv's only order: then glibc is the oracle. */
static bool hosts_files_dns(void)
{
	FILE *f = fopen("/etc/nsswitch.conf", "r");
	char line[256];
	bool yes = false;
	while (f && fgets(line, sizeof(line), f)) {
		char a[32], b[32], c[32];
		int n = sscanf(line, " hosts: %31s %31s %31s", a, b, c);
		if (n > 0)
			yes =
			    n == 2 && !strcmp(a, "files") && !strcmp(b, "dns");
	}
	if (f)
		fclose(f);
	return yes;
}

/*
 * In a child with every descriptor taken (under a low limit, so that
 * the host's limit does not matter): getaddrinfo's error and
 * gethostbyname's, glibc's where the host's nsswitch.conf is glibc's
 * default, else the ones glibc gives with it (EAI_SYSTEM and
 * NETDB_INTERNAL, errno EMFILE).
 */
static void compare_no_descriptors(void)
{
	struct addrinfo hints = {.ai_socktype = SOCK_STREAM}, *res;
	bool oracle = hosts_files_dns();
	if (!oracle)
		printf("# /etc/nsswitch.conf's hosts are not \"files dns\": "
		       "compared with glibc's errors for them\n");
	/* glibc reads its configuration and loads its modules first. */
	res_init();
	gethostbyname("localhost");
	struct rlimit few = {64, 64};
	if (setrlimit(RLIMIT_NOFILE, &few)) {
		printf("# setrlimit(RLIMIT_NOFILE, 64): %s\n", strerror(errno));
		child_exit(98);
	}
	while (open("/dev/null", O_RDONLY) >= 0)
		;
	if (errno != EMFILE) {
		printf("# opening /dev/null until none is left: %s\n",
		       strerror(errno));
		child_exit(97);
	}
	for (int family = AF_UNSPEC; family <= AF_INET; family += AF_INET) {
		hints.ai_family = family;
		errno = 0;
		int g =
		    getaddrinfo("nosuch.example.invalid", NULL, &hints, &res);
		int eg = errno;
		errno = 0;
		int o = osv_getaddrinfo("nosuch.example.invalid", NULL, &hints,
					&res);
		int eo = errno;
		if (!oracle) {
			g = EAI_SYSTEM;
			eg = EMFILE;
		}
		CHECK(g == o && (g != EAI_SYSTEM || eg == eo),
		      "getaddrinfo(family %d) out of descriptors: glibc %d "
		      "errno %d, osv %d errno %d",
		      family, g, eg, o, eo);
	}
	errno = 0;
	struct hostent *g = gethostbyname("nosuch.example.invalid");
	int eg = errno, hg = h_errno;
	errno = 0;
	struct hostent *o = osv_gethostbyname("nosuch.example.invalid");
	int eo = errno, ho = *osv___h_errno_location();
	if (!oracle) {
		g = NULL;
		hg = NETDB_INTERNAL;
		eg = EMFILE;
	}
	CHECK(!g && !o && hg == ho && eg == eo,
	      "gethostbyname out of descriptors: glibc h_errno %d errno %d, "
	      "osv h_errno %d errno %d",
	      hg, eg, ho, eo);
	child_exit(dt_group_failed ? 1 : 0);
}

static void test_no_descriptors(void)
{
	fflush(stdout);
	pid_t pid = fork();
	if (pid == 0)
		compare_no_descriptors();
	int status;
	waitpid(pid, &status, 0);
	CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0,
	      "getaddrinfo out of descriptors (status %#x)", status);
	dt_group_end("getaddrinfo, gethostbyname without descriptors: "
		     "EAI_SYSTEM, NETDB_INTERNAL, EMFILE");
}

int main(void)
{
	int ninit_status[NINIT_OPTIONS];
	ninit_options_in_children(ninit_status);
	test_pton();
	test_ntop();
	test_expand();
	test_comp();
	test_mkquery();
	test_parse();
	test_checks();
	test_ninit();
	test_send();
	test_send_strays();
	test_send_wrong_questions();
	test_send_tcp();
	test_search_servfail();
	test_no_descriptors();
	test_ninit_options(ninit_status);
	test_edns0();
	return dt_done();
}
