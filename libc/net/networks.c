/*
 * The networks database, /etc/networks ("name number aliases..."; the
 * number in inet_network's dotted form, missing trailing parts zero:
 * "127" is 127.0.0.0 as glibc reads it), and its walk.  No built-in
 * entries: without the file there are none.  Names compare ignoring
 * case, as in glibc.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netdb.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "netdb_impl.h"

const char *osv_net_networks_path = "/etc/networks";

/* The number of an entry's second field, padded to four parts. */
static int entry_net(const char *text, uint32_t *net)
{
	char padded[64];
	int dots = 0;
	for (const char *p = text; *p; p++)
		dots += *p == '.';
	if (strlen(text) + 6 >= sizeof(padded))
		return 0;
	strcpy(padded, text);
	for (; dots < 3; dots++)
		strcat(padded, ".0");
	in_addr_t v = inet_network(padded);
	*net = v;
	return v != INADDR_NONE || !strcmp(padded, "255.255.255.255");
}

static int to_netent(char **field, int n, struct netent *ret, char *buf,
		     size_t buflen)
{
	uint32_t net;
	entry_net(field[1], &net);
	field[1] = field[0];
	char **packed = osv_net_pack_strings(buf, buflen, field + 1, n - 1);
	if (!packed)
		return ERANGE;
	ret->n_name = packed[0];
	ret->n_aliases = packed + 1;
	ret->n_addrtype = AF_INET;
	ret->n_net = net;
	return 0;
}

static int next_entry(struct net_db *db, char *line, char **field)
{
	int n;
	uint32_t net;
	while ((n = osv_net_db_entry(db, line, field)))
		if (n >= 2 && entry_net(field[1], &net))
			return n;
	return 0;
}

static int has_name(char **field, int n, const char *name)
{
	if (!strcasecmp(field[0], name))
		return 1;
	for (int i = 2; i < n; i++)
		if (!strcasecmp(field[i], name))
			return 1;
	return 0;
}

/* By name, or by number (of type AF_INET) when name is NULL. */
static int lookup(const char *name, uint32_t net, int type, struct netent *ret,
		  char *buf, size_t buflen, struct netent **result,
		  int *h_errnop)
{
	struct net_db db;
	char line[NET_LINE_MAX], *field[NET_FIELDS_MAX];
	int n, err = 0;
	uint32_t v;
	*result = NULL;
	*h_errnop = HOST_NOT_FOUND;
	if (!name && type != AF_INET)
		return 0;
	osv_net_db_open(&db, osv_net_networks_path, NULL);
	while ((n = next_entry(&db, line, field))) {
		if (name ? !has_name(field, n, name)
			 : !entry_net(field[1], &v) || v != net)
			continue;
		err = to_netent(field, n, ret, buf, buflen);
		if (!err) {
			*result = ret;
			*h_errnop = 0;
		} else {
			*h_errnop = NETDB_INTERNAL;
		}
		break;
	}
	osv_net_db_close(&db);
	return err;
}

int getnetbyname_r(const char *name, struct netent *ret, char *buf,
		   size_t buflen, struct netent **result, int *h_errnop)
{
	return lookup(name, 0, 0, ret, buf, buflen, result, h_errnop);
}

int getnetbyaddr_r(uint32_t net, int type, struct netent *ret, char *buf,
		   size_t buflen, struct netent **result, int *h_errnop)
{
	return lookup(NULL, net, type, ret, buf, buflen, result, h_errnop);
}

static struct netent static_entry;
static char static_buf[NET_LINE_MAX + NET_FIELDS_MAX * sizeof(char *)];

struct netent *getnetbyname(const char *name)
{
	struct netent *r;
	getnetbyname_r(name, &static_entry, static_buf, sizeof(static_buf), &r,
		       &h_errno);
	return r;
}

struct netent *getnetbyaddr(uint32_t net, int type)
{
	struct netent *r;
	getnetbyaddr_r(net, type, &static_entry, static_buf, sizeof(static_buf),
		       &r, &h_errno);
	return r;
}

/* getnetent's walk through the database. */
static struct net_db walk;
static int walk_open;

void setnetent(int stayopen)
{
	(void)stayopen;
	endnetent();
	osv_net_db_open(&walk, osv_net_networks_path, NULL);
	walk_open = 1;
}

void endnetent(void)
{
	if (walk_open)
		osv_net_db_close(&walk);
	walk_open = 0;
}

int getnetent_r(struct netent *ret, char *buf, size_t buflen,
		struct netent **result, int *h_errnop)
{
	char line[NET_LINE_MAX], *field[NET_FIELDS_MAX];
	int n;
	*result = NULL;
	if (!walk_open)
		setnetent(0);
	if (!(n = next_entry(&walk, line, field))) {
		*h_errnop = HOST_NOT_FOUND;
		return ENOENT;
	}
	if (to_netent(field, n, ret, buf, buflen)) {
		*h_errnop = NETDB_INTERNAL;
		return ERANGE;
	}
	*result = ret;
	return 0;
}

struct netent *getnetent(void)
{
	struct netent *r;
	getnetent_r(&static_entry, static_buf, sizeof(static_buf), &r,
		    &h_errno);
	return r;
}
