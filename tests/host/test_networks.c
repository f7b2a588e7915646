/*
 * The networks database, gethostent's walk and the Ethernet address
 * forms (libc/net/networks.c, hostent.c, ether.c) against glibc's on
 * the host's /etc/networks and /etc/hosts: every entry of the walks,
 * each name and alias looked up (and in other case, and unknown ones),
 * each number, buffers too small for an entry; ether_aton on valid and
 * broken strings, ether_ntoa on random addresses.  Output is TAP.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <netdb.h>
#include <netinet/ether.h>
#include <ctype.h>
#include <strings.h>

#include "difftest.h"

struct netent *osv_getnetent(void);
void osv_setnetent(int);
void osv_endnetent(void);
struct netent *osv_getnetbyname(const char *);
struct netent *osv_getnetbyaddr(uint32_t, int);
int osv_getnetbyname_r(const char *, struct netent *, char *, size_t,
		       struct netent **, int *);
struct hostent *osv_gethostent(void);
void osv_sethostent(int);
void osv_endhostent(void);
struct ether_addr *osv_ether_aton(const char *);
char *osv_ether_ntoa(const struct ether_addr *);

/* An entry as text, for comparing and for the diagnostics. */
static void net_text(const struct netent *e, char *out, size_t len)
{
	if (!e) {
		snprintf(out, len, "NULL");
		return;
	}
	int n =
	    snprintf(out, len, "%s %d %#x", e->n_name, e->n_addrtype, e->n_net);
	for (char **a = e->n_aliases; *a && n < (int)len; a++)
		n += snprintf(out + n, len - (size_t)n, " %s", *a);
}

static void host_text(const struct hostent *e, char *out, size_t len)
{
	if (!e) {
		snprintf(out, len, "NULL");
		return;
	}
	int n = snprintf(out, len, "%s %d %d %02x%02x%02x%02x", e->h_name,
			 e->h_addrtype, e->h_length,
			 (unsigned char)e->h_addr_list[0][0],
			 (unsigned char)e->h_addr_list[0][1],
			 (unsigned char)e->h_addr_list[0][2],
			 (unsigned char)e->h_addr_list[0][3]);
	for (char **a = e->h_aliases; *a && n < (int)len; a++)
		n += snprintf(out + n, len - (size_t)n, " %s", *a);
	if (e->h_addr_list[1])
		snprintf(out + n, len - (size_t)n, " +more");
}

#define MAX_ENTRIES 200

static void test_networks(void)
{
	static char names[MAX_ENTRIES][64];
	static uint32_t nets[MAX_ENTRIES];
	int count = 0;
	char g[512], o[512];
	setnetent(0);
	osv_setnetent(0);
	for (;;) {
		struct netent *ge = getnetent(), *oe = osv_getnetent();
		net_text(ge, g, sizeof(g));
		net_text(oe, o, sizeof(o));
		CHECK(!strcmp(g, o), "getnetent: glibc \"%s\", osv \"%s\"", g,
		      o);
		if (!ge || count == MAX_ENTRIES)
			break;
		snprintf(names[count], sizeof(names[count]), "%s", ge->n_name);
		nets[count++] = ge->n_net;
	}
	endnetent();
	osv_endnetent();
	CHECK(count > 0, "the host has networks (%d)", count);
	for (int i = 0; i < count; i++) {
		char upper[64];
		snprintf(upper, sizeof(upper), "%s", names[i]);
		for (char *p = upper; *p; p++)
			*p = (char)toupper((unsigned char)*p);
		const char *keys[] = {names[i], upper};
		for (int k = 0; k < 2; k++) {
			net_text(getnetbyname(keys[k]), g, sizeof(g));
			net_text(osv_getnetbyname(keys[k]), o, sizeof(o));
			CHECK(!strcmp(g, o),
			      "getnetbyname(%s): \"%s\", osv \"%s\"", keys[k],
			      g, o);
		}
		net_text(getnetbyaddr(nets[i], AF_INET), g, sizeof(g));
		net_text(osv_getnetbyaddr(nets[i], AF_INET), o, sizeof(o));
		CHECK(!strcmp(g, o), "getnetbyaddr(%#x): \"%s\", osv \"%s\"",
		      nets[i], g, o);
		net_text(getnetbyaddr(nets[i], AF_INET6), g, sizeof(g));
		net_text(osv_getnetbyaddr(nets[i], AF_INET6), o, sizeof(o));
		CHECK(!strcmp(g, o), "getnetbyaddr(%#x, AF_INET6)", nets[i]);
		for (size_t len = 0; len < 40; len += 7) {
			struct netent ge, oe, *gr, *orr;
			char gb[64], ob[64];
			int gh = 0, oh = 0;
			int rg =
			    getnetbyname_r(names[i], &ge, gb, len, &gr, &gh);
			int ro = osv_getnetbyname_r(names[i], &oe, ob, len,
						    &orr, &oh);
			/* osv's needs no more room than glibc's (which
			 * keeps the whole line): where glibc fits, osv
			 * must; where osv does not, glibc must not. */
			CHECK((rg || (!ro && orr)) &&
				  (ro != ERANGE || rg == ERANGE),
			      "getnetbyname_r(%s, %zu): glibc %d, osv %d",
			      names[i], len, rg, ro);
		}
	}
	net_text(getnetbyname("no-such-network"), g, sizeof(g));
	net_text(osv_getnetbyname("no-such-network"), o, sizeof(o));
	CHECK(!strcmp(g, o), "an unknown name: \"%s\", osv \"%s\"", g, o);
	net_text(getnetbyaddr(0x0a0b0c00, AF_INET), g, sizeof(g));
	net_text(osv_getnetbyaddr(0x0a0b0c00, AF_INET), o, sizeof(o));
	CHECK(!strcmp(g, o), "an unknown number: \"%s\", osv \"%s\"", g, o);
	dt_group_end("getnetent, getnetbyname, getnetbyaddr");
}

static void test_hosts(void)
{
	char g[512], o[512];
	sethostent(0);
	osv_sethostent(0);
	for (int i = 0; i < MAX_ENTRIES; i++) {
		struct hostent *ge = gethostent(), *oe = osv_gethostent();
		host_text(ge, g, sizeof(g));
		host_text(oe, o, sizeof(o));
		CHECK(!strcmp(g, o), "gethostent: glibc \"%s\", osv \"%s\"", g,
		      o);
		if (!ge)
			break;
	}
	endhostent();
	osv_endhostent();
	dt_group_end("gethostent on the host's /etc/hosts");
}

static void test_ether(void)
{
	static const char *const texts[] = {
	    "0:1:2:3:4:5",	 "00:1a:2B:3c:4D:5e",
	    "ff:ff:ff:ff:ff:ff", "1:2:3:4:5",
	    "1:2:3:4:5:6:7",	 "123:1:2:3:4:5",
	    "g:1:2:3:4:5",	 "1:2:3:4:5:6 ",
	    "1:2:3:4:5:6x",	 "",
	    ":1:2:3:4:5",	 "1::2:3:4:5",
	    "a:b:c:d:e:f",	 "0a:0b:0c:0d:0e:0f\t"};
	for (size_t i = 0; i < sizeof(texts) / sizeof(*texts); i++) {
		struct ether_addr *ga = ether_aton(texts[i]);
		struct ether_addr gcopy;
		if (ga)
			gcopy = *ga;
		struct ether_addr *oa = osv_ether_aton(texts[i]);
		CHECK(!ga == !oa && (!ga || !memcmp(&gcopy, oa, sizeof(gcopy))),
		      "ether_aton(\"%s\"): glibc %s, osv %s", texts[i],
		      ga ? "ok" : "NULL", oa ? "ok" : "NULL");
	}
	for (int i = 0; i < 1000; i++) {
		struct ether_addr a;
		for (int k = 0; k < 6; k++)
			a.ether_addr_octet[k] =
			    (uint8_t)(dt_rand() % 3 ? dt_rand() : 0);
		char g[32];
		snprintf(g, sizeof(g), "%s", ether_ntoa(&a));
		const char *o = osv_ether_ntoa(&a);
		CHECK(!strcmp(g, o), "ether_ntoa: glibc %s, osv %s", g, o);
	}
	dt_group_end("ether_aton, ether_ntoa");
}

int main(void)
{
	test_networks();
	test_hosts();
	test_ether();
	return dt_done();
}
