/*
 * The hosts database: /etc/hosts ("address name aliases..."), when the
 * image has one, and "localhost" as the loopback addresses (RFC 6761)
 * when the file does not say otherwise.  What neither knows is asked
 * of DNS (libc/net/hosts_dns.c).  Names compare without case, as in
 * glibc.
 */
#include <arpa/inet.h>
#include <string.h>
#include <strings.h>

#include "netdb_impl.h"

const char *osv_net_hosts_path = "/etc/hosts";

static const struct net_addr loopback[] = {
    {AF_INET, {127, 0, 0, 1}},
    {AF_INET6, {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1}},
};

static int parse_address(const char *text, struct net_addr *a)
{
	if (inet_pton(AF_INET, text, a->addr) == 1)
		a->family = AF_INET;
	else if (inet_pton(AF_INET6, text, a->addr) == 1)
		a->family = AF_INET6;
	else
		return 0;
	return 1;
}

static int same_address(const struct net_addr *a, const struct net_addr *b)
{
	return a->family == b->family &&
	       !memcmp(a->addr, b->addr, a->family == AF_INET ? 4 : 16);
}

static int names(char **field, int n, const char *name)
{
	for (int i = 1; i < n; i++)
		if (!strcasecmp(field[i], name))
			return 1;
	return 0;
}

static void copy_name(char *canon, const char *name)
{
	if (canon) {
		strncpy(canon, name, NET_LINE_MAX - 1);
		canon[NET_LINE_MAX - 1] = '\0';
	}
}

/* Adds the loopback addresses of the families the file left out. */
static int add_localhost(int family, struct net_addr *out, int count, int max,
			 char *canon)
{
	int found = count;
	for (size_t i = 0; i < sizeof(loopback) / sizeof(loopback[0]); i++) {
		const struct net_addr *l = &loopback[i];
		int listed = 0;
		for (int j = 0; j < found; j++)
			listed |= out[j].family == l->family;
		if (listed || (family != AF_UNSPEC && family != l->family) ||
		    count == max)
			continue;
		if (!count)
			copy_name(canon, "localhost");
		out[count++] = *l;
	}
	return count;
}

int osv_net_hosts_by_name(const char *name, int family, struct net_addr *out,
			  int max, char *canon)
{
	struct net_db db;
	char line[NET_LINE_MAX], *field[NET_FIELDS_MAX];
	int n, count = 0;
	osv_net_db_open(&db, osv_net_hosts_path, NULL);
	while (count < max && (n = osv_net_db_entry(&db, line, field))) {
		struct net_addr a;
		if (n < 2 || !parse_address(field[0], &a) ||
		    (family != AF_UNSPEC && a.family != family) ||
		    !names(field, n, name))
			continue;
		if (!count)
			copy_name(canon, field[1]);
		out[count++] = a;
	}
	osv_net_db_close(&db);
	if (!strcasecmp(name, "localhost"))
		count = add_localhost(family, out, count, max, canon);
	return count;
}

int osv_net_hosts_by_addr(const struct net_addr *a, char *line, char **field)
{
	struct net_db db;
	int n;
	osv_net_db_open(&db, osv_net_hosts_path, NULL);
	while ((n = osv_net_db_entry(&db, line, field))) {
		struct net_addr entry;
		if (n >= 2 && parse_address(field[0], &entry) &&
		    same_address(&entry, a))
			break;
	}
	osv_net_db_close(&db);
	if (n) {
		memmove(field, field + 1, (size_t)(n - 1) * sizeof(*field));
		return n - 1;
	}
	for (size_t i = 0; i < sizeof(loopback) / sizeof(loopback[0]); i++) {
		if (same_address(&loopback[i], a)) {
			strcpy(line, "localhost");
			field[0] = line;
			return 1;
		}
	}
	return 0;
}
