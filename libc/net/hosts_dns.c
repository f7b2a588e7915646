/*
 * The DNS half of the hosts lookups (glibc's "hosts: files dns"): what
 * getaddrinfo, gethostbyname and getnameinfo ask when /etc/hosts does
 * not know a name or address.  The questions are the resolver's own
 * (res_nsearch for a name, so the search list and ndots apply;
 * res_nquery for a reverse name), with a state read from
 * /etc/resolv.conf at each lookup: a file DHCP or the program rewrote
 * counts at once, as glibc rereads it when it changes.
 *
 * An answer is read as glibc reads it: from the question's name, a
 * CNAME moves on to its target (its owner is an alias) and only the
 * records owned by the name reached count; other records are ignored.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netdb.h>
#include <resolv.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "netdb_impl.h"

/* A UDP answer is at most 512 bytes (1200 with edns0); one over TCP may be
 * longer, and glibc's first buffer is this size (a PTR answer longer
 * than this is read as if it had none). */
#define ANSWER_SIZE 2048
/* A lookup's error before any question (no h_errno is negative). */
#define NOT_ASKED (-2)

/* Adds name to names' text; where it is, or NULL when the text is full. */
static char *store_name(struct net_names *names, const char *name)
{
	size_t len = strlen(name) + 1;
	if (len > sizeof(names->text) - names->used)
		return NULL;
	char *p = memcpy(names->text + names->used, name, len);
	names->used += len;
	return p;
}

/* Slot 0 stays free for the official name, known last. */
static void start_names(struct net_names *names)
{
	names->n = 1;
	names->used = 0;
	names->name[0] = NULL;
}

static void add_alias(struct net_names *names, const char *name)
{
	char *p;
	if (names->n < NET_FIELDS_MAX && (p = store_name(names, name)))
		names->name[names->n++] = p;
}

/* 0 when there is no room for the official name (names unusable). */
static int set_official(struct net_names *names, const char *name)
{
	return (names->name[0] = store_name(names, name)) != NULL;
}

/* An answer being read along its chain of CNAMEs. */
struct walk {
	ns_msg msg;
	int next;		 /* the next answer record */
	char owner[NS_MAXDNAME]; /* the name the chain reached */
};

static int start_walk(struct walk *w, const unsigned char *answer, int len)
{
	ns_rr question;
	if (ns_initparse(answer, len, &w->msg) < 0 ||
	    ns_parserr(&w->msg, ns_s_qd, 0, &question) < 0)
		return 0;
	strcpy(w->owner, question.name);
	w->next = 0;
	return 1;
}

/*
 * The next record of type owned by the name reached: 1, or 0 at the
 * end.  A CNAME on the way moves the chain on; its owner is added to
 * aliases (unless NULL).
 */
static int walk_next(struct walk *w, int type, ns_rr *rr,
		     struct net_names *aliases)
{
	while (w->next < ns_msg_count(w->msg, ns_s_an)) {
		if (ns_parserr(&w->msg, ns_s_an, w->next++, rr) < 0)
			return 0;
		if (rr->rr_class != C_IN || strcasecmp(rr->name, w->owner))
			continue;
		if (rr->type == type)
			return 1;
		if (rr->type != T_CNAME)
			continue;
		if (aliases)
			add_alias(aliases, rr->name);
		if (dn_expand(ns_msg_base(w->msg), ns_msg_end(w->msg),
			      rr->rdata, w->owner, sizeof(w->owner)) < 0) {
			w->next = ns_msg_count(w->msg, ns_s_an);
			return 0;
		}
	}
	return 0;
}

/* What a lookup by name has found so far. */
struct found {
	struct net_addr *out;
	int max, n;
	struct net_names *names;
	char asked[NS_MAXDNAME]; /* the full name a server answered for */
};

/* Aliases that leave no room for the official name give way to it. */
static int make_official(struct net_names *names, const char *name)
{
	if (set_official(names, name))
		return 1;
	start_names(names);
	return set_official(names, name);
}

/*
 * The addresses of type (T_A or T_AAAA) in an answer; aliases are
 * taken from the first answer only (the others repeat its chain).
 */
static void take_addresses(struct found *f, const unsigned char *answer,
			   int len, int type)
{
	struct walk w;
	ns_rr rr;
	int family = type == T_A ? AF_INET : AF_INET6;
	size_t size = type == T_A ? 4 : 16;
	if (!start_walk(&w, answer, len))
		return;
	int first = !f->asked[0];
	if (first)
		strcpy(f->asked, w.owner);
	while (f->n < f->max &&
	       walk_next(&w, type, &rr, first ? f->names : NULL)) {
		if (rr.rdlength != size)
			continue;
		if (!f->n && !make_official(f->names, rr.name))
			return;
		f->out[f->n].family = family;
		memcpy(f->out[f->n++].addr, rr.rdata, size);
	}
}

/*
 * The lookup's h_errno when the resolver failed: NETDB_INTERNAL (errno
 * kept) when the process or system is out of descriptors, so that
 * getaddrinfo says EAI_SYSTEM as glibc does, not "try again".
 */
static int resolver_error(res_state s)
{
	if (s->res_h_errno == TRY_AGAIN && (errno == EMFILE || errno == ENFILE))
		return NETDB_INTERNAL;
	return s->res_h_errno;
}

/*
 * One type's question: through the search list, or for the full name
 * an earlier answer was for.  The resolver's h_errno when it fails.
 * The answer has room for any message: one over TCP cut to a smaller
 * buffer could not be parsed (glibc grows its buffer to this size).
 */
static int ask(res_state s, struct found *f, const char *name, int type)
{
	unsigned char *answer = malloc(NS_MAXMSG);
	if (!answer)
		return NETDB_INTERNAL;
	int len = f->asked[0]
		      ? res_nquery(s, f->asked, C_IN, type, answer, NS_MAXMSG)
		      : res_nsearch(s, name, C_IN, type, answer, NS_MAXMSG);
	int before = f->n, err = NO_DATA;
	if (len < 0)
		err = resolver_error(s); /* before free() can touch errno */
	else
		take_addresses(f, answer, len, type);
	free(answer);
	return f->n > before ? NETDB_SUCCESS : err;
}

int osv_net_dns_by_name(const char *name, int family, struct net_addr *out,
			int max, struct net_names *names, int *herr)
{
	struct __res_state s;
	struct found f = {.out = out, .max = max, .names = names};
	start_names(names);
	if (!*name) {
		*herr = HOST_NOT_FOUND;
		return 0;
	}
	res_ninit(&s);
	int want_a = family != AF_INET6;
	int want_aaaa = family != AF_INET && !(s.options & RES_NOAAAA);
	int err = want_a ? ask(&s, &f, name, T_A) : NOT_ASKED;
	/* A name without A records may have AAAA ones; a name that does
	 * not exist, or a server that did not answer, ends the lookup. */
	if (want_aaaa &&
	    (err == NOT_ASKED || err == NETDB_SUCCESS || err == NO_DATA)) {
		int err6 = ask(&s, &f, name, T_AAAA);
		if (err == NOT_ASKED ||
		    (err == NO_DATA && err6 != HOST_NOT_FOUND))
			err = err6;
	}
	*herr = f.n ? NETDB_SUCCESS : err == NOT_ASKED ? NO_DATA : err;
	return f.n;
}

/* The name a PTR record of a is found under (RFC 1035 3.5, RFC 3596 2.5). */
static void reverse_name(const struct net_addr *a, char *out)
{
	static const unsigned char mapped[12] = {[10] = 0xff, 0xff};
	const unsigned char *b = a->addr;
	if (a->family == AF_INET6 && memcmp(b, mapped, sizeof(mapped))) {
		for (int i = 15; i >= 0; i--)
			out += sprintf(out, "%x.%x.", b[i] & 0xf, b[i] >> 4);
		strcpy(out, "ip6.arpa");
		return;
	}
	if (a->family == AF_INET6)
		b += sizeof(mapped); /* glibc asks for the IPv4 address */
	sprintf(out, "%u.%u.%u.%u.in-addr.arpa", b[3], b[2], b[1], b[0]);
}

int osv_net_dns_by_addr(const struct net_addr *a, struct net_names *names,
			int *herr)
{
	struct __res_state s;
	unsigned char answer[ANSWER_SIZE];
	char question[80], name[NS_MAXDNAME];
	struct walk w;
	ns_rr rr;
	start_names(names);
	reverse_name(a, question);
	res_ninit(&s);
	int len = res_nquery(&s, question, C_IN, T_PTR, answer, sizeof(answer));
	if (len < 0) {
		*herr = s.res_h_errno;
		return 0;
	}
	if (len > (int)sizeof(answer))
		len = sizeof(answer);
	*herr = NO_DATA;
	if (!start_walk(&w, answer, len))
		return 0;
	/* The first PTR record names the host, as in glibc. */
	while (walk_next(&w, T_PTR, &rr, NULL)) {
		if (dn_expand(ns_msg_base(w.msg), ns_msg_end(w.msg), rr.rdata,
			      name, sizeof(name)) < 0 ||
		    !set_official(names, name))
			continue;
		*herr = NETDB_SUCCESS;
		return 1;
	}
	return 0;
}
