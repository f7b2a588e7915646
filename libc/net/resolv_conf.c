/*
 * The resolver's state: res_ninit reads /etc/resolv.conf as glibc does
 * (nameserver, domain, search, options ndots: timeout: attempts:
 * rotate edns0 use-vc trust-ad no-aaaa single-request(-reopen)
 * no-tld-query no-reload), then the LOCALDOMAIN and RES_OPTIONS
 * variables.  Without a nameserver line the server is 127.0.0.1, as in
 * glibc.  IPv6 servers are skipped (glibc keeps them outside
 * nsaddr_list; osv has no IPv6 sockets).  _res is one state for the
 * program (glibc's is per thread).
 */
#include <arpa/inet.h>
#include <resolv.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "libc.h"
#include "resolv_impl.h"

const char *osv_resolv_conf_path = "/etc/resolv.conf";

static struct __res_state global_state;

struct __res_state *__res_state(void)
{
	return &global_state;
}

static int clamp(int v, int max)
{
	return v < 0 ? 0 : v > max ? max : v;
}

/*
 * One word of an options line or of RES_OPTIONS.  As glibc, a word
 * sets the first option whose name begins it ("edns0x" is edns0,
 * "single-request-reopen" is not single-request), no_tld_query is
 * no-tld-query, and debug sets nothing (glibc's is built without the
 * debugging output).
 */
static void set_option(res_state s, const char *w)
{
	static const struct {
		const char *name;
		unsigned long flag;
	} flags[] = {
	    {"rotate", RES_ROTATE},
	    {"edns0", RES_USE_EDNS0},
	    {"use-vc", RES_USEVC},
	    {"trust-ad", RES_TRUSTAD},
	    {"no-aaaa", RES_NOAAAA},
	    {"single-request-reopen", RES_SNGLKUPREOP},
	    {"single-request", RES_SNGLKUP},
	    {"no-tld-query", RES_NOTLDQUERY},
	    {"no_tld_query", RES_NOTLDQUERY},
	    {"no-reload", RES_NORELOAD},
	    {"debug", 0},
	};
	if (!strncmp(w, "ndots:", 6))
		s->ndots = (unsigned)clamp(atoi(w + 6), RES_MAXNDOTS);
	else if (!strncmp(w, "timeout:", 8))
		s->retrans = clamp(atoi(w + 8), RES_MAXRETRANS);
	else if (!strncmp(w, "attempts:", 9))
		s->retry = clamp(atoi(w + 9), RES_MAXRETRY);
	for (size_t i = 0; i < sizeof(flags) / sizeof(flags[0]); i++)
		if (!strncmp(w, flags[i].name, strlen(flags[i].name))) {
			s->options |= flags[i].flag;
			break;
		}
}

static int is_blank(int c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* Splits line into at most max words (in place); how many. */
static int split(char *line, char **words, int max)
{
	int n = 0;
	char *p = line;
	while (n < max) {
		while (is_blank(*p))
			p++;
		if (!*p || *p == '#' || *p == ';')
			break;
		words[n++] = p;
		while (*p && !is_blank(*p))
			p++;
		if (!*p)
			break;
		*p++ = '\0';
	}
	return n;
}

/* The search list: words copied into defdname, dnsrch pointing there. */
static void set_search(res_state s, char **words, int n)
{
	char *d = s->defdname, *end = s->defdname + sizeof(s->defdname);
	int k = 0;
	for (int i = 0; i < n && k < MAXDNSRCH; i++) {
		size_t len = strlen(words[i]);
		if (len + 1 > (size_t)(end - d))
			break;
		memcpy(d, words[i], len + 1);
		s->dnsrch[k++] = d;
		d += len + 1;
	}
	s->dnsrch[k] = NULL;
}

static void add_server(res_state s, const char *addr)
{
	struct in_addr a;
	if (s->nscount >= MAXNS || inet_aton(addr, &a) == 0)
		return;
	struct sockaddr_in *sin = &s->nsaddr_list[s->nscount++];
	memset(sin, 0, sizeof(*sin));
	sin->sin_family = AF_INET;
	sin->sin_port = htons(NS_DEFAULTPORT);
	sin->sin_addr = a;
}

static void read_line(res_state s, char *line)
{
	char *w[MAXDNSRCH + 2];
	int n = split(line, w, MAXDNSRCH + 2);
	if (n < 2)
		return;
	if (!strcmp(w[0], "nameserver"))
		add_server(s, w[1]);
	else if (!strcmp(w[0], "domain"))
		set_search(s, w + 1, 1);
	else if (!strcmp(w[0], "search"))
		set_search(s, w + 1, n - 1);
	else if (!strcmp(w[0], "options"))
		for (int i = 1; i < n; i++)
			set_option(s, w[i]);
}

/* Without domain or search lines: the host name's domain, if any. */
static void default_domain(res_state s)
{
	char host[256];
	if (gethostname(host, sizeof(host)) != 0)
		return;
	host[sizeof(host) - 1] = '\0';
	char *dot = strchr(host, '.');
	if (dot && dot[1]) {
		char *w = dot + 1;
		set_search(s, &w, 1);
	}
}

static void read_environment(res_state s)
{
	char buf[256], *w[MAXDNSRCH + 1];
	const char *local = getenv("LOCALDOMAIN");
	if (local) {
		snprintf(buf, sizeof(buf), "%s", local);
		set_search(s, w, split(buf, w, MAXDNSRCH));
	}
	const char *opts = getenv("RES_OPTIONS");
	if (opts) {
		snprintf(buf, sizeof(buf), "%s", opts);
		int n = split(buf, w, MAXDNSRCH + 1);
		for (int i = 0; i < n; i++)
			set_option(s, w[i]);
	}
}

int res_ninit(res_state s)
{
	memset(s, 0, sizeof(*s));
	s->retrans = RES_TIMEOUT;
	s->retry = RES_DFLRETRY;
	s->options = RES_DEFAULT;
	s->ndots = 1;
	s->_vcsock = -1;
	FILE *f = fopen(osv_resolv_conf_path, "re");
	if (f) {
		char line[1024];
		while (fgets(line, sizeof(line), f))
			read_line(s, line);
		fclose(f);
	}
	if (!s->dnsrch[0])
		default_domain(s);
	if (s->nscount == 0)
		add_server(s, "127.0.0.1");
	read_environment(s);
	s->id = (unsigned short)osv_resolv_random_id();
	s->options |= RES_INIT;
	return 0;
}

int res_init(void)
{
	return res_ninit(&global_state);
}

/* No socket outlives a call here: nothing to close. */
void res_nclose(res_state s)
{
	(void)s;
}

/* The state _res-based calls use, read once. */
res_state osv_resolv_default(void)
{
	if (!(global_state.options & RES_INIT))
		res_init();
	return &global_state;
}
