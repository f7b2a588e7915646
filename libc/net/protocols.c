/*
 * The protocols database: /etc/protocols ("name number aliases..."),
 * or when the image has none a built-in table of the common protocols
 * (Debian's entries for them).  Names compare exactly, as in glibc.
 */
#include <errno.h>
#include <netdb.h>
#include <stdlib.h>
#include <string.h>

#include "netdb_impl.h"

const char *osv_net_protocols_path = "/etc/protocols";

static const char builtin_protocols[] = "ip 0 IP\n"
					"icmp 1 ICMP\n"
					"igmp 2 IGMP\n"
					"tcp 6 TCP\n"
					"udp 17 UDP\n"
					"ipv6 41 IPv6\n"
					"ipv6-icmp 58 IPv6-ICMP\n"
					"sctp 132 SCTP\n"
					"udplite 136 UDPLite\n";

/* The entry's number; -1 when the entry is malformed. */
static int entry_number(char **field, int n)
{
	char *end;
	long v = n >= 2 ? strtol(field[1], &end, 10) : -1;
	return n >= 2 && !*end && end != field[1] && v >= 0 && v <= 0xffff
		   ? (int)v
		   : -1;
}

static int has_name(char **field, int n, const char *name)
{
	if (!strcmp(field[0], name))
		return 1;
	for (int i = 2; i < n; i++)
		if (!strcmp(field[i], name))
			return 1;
	return 0;
}

/* Fills ret from the entry, its strings in buf: 0 or ERANGE. */
static int to_protoent(char **field, int n, struct protoent *ret, char *buf,
		       size_t buflen)
{
	int number = entry_number(field, n);
	field[1] = field[0];
	char **packed = osv_net_pack_strings(buf, buflen, field + 1, n - 1);
	if (!packed)
		return ERANGE;
	ret->p_name = packed[0];
	ret->p_aliases = packed + 1;
	ret->p_proto = number;
	return 0;
}

/* The next well-formed entry of db: its number of fields, 0 at the end. */
static int next_entry(struct net_db *db, char *line, char **field)
{
	int n;
	while ((n = osv_net_db_entry(db, line, field)))
		if (entry_number(field, n) >= 0)
			return n;
	return 0;
}

/* By name, or by number when name is NULL. */
static int lookup(const char *name, int number, struct protoent *ret, char *buf,
		  size_t buflen, struct protoent **result)
{
	struct net_db db;
	char line[NET_LINE_MAX], *field[NET_FIELDS_MAX];
	int n, err = 0;
	*result = NULL;
	osv_net_db_open(&db, osv_net_protocols_path, builtin_protocols);
	while ((n = next_entry(&db, line, field))) {
		if (name ? has_name(field, n, name)
			 : entry_number(field, n) == number) {
			err = to_protoent(field, n, ret, buf, buflen);
			if (!err)
				*result = ret;
			break;
		}
	}
	osv_net_db_close(&db);
	return err;
}

int getprotobyname_r(const char *restrict name, struct protoent *restrict ret,
		     char *restrict buf, size_t buflen,
		     struct protoent **restrict result)
{
	return lookup(name, 0, ret, buf, buflen, result);
}

int getprotobynumber_r(int proto, struct protoent *restrict ret,
		       char *restrict buf, size_t buflen,
		       struct protoent **restrict result)
{
	return lookup(NULL, proto, ret, buf, buflen, result);
}

static struct protoent static_entry;
static char static_buf[NET_LINE_MAX + (NET_FIELDS_MAX + 1) * sizeof(char *)];

struct protoent *getprotobyname(const char *name)
{
	struct protoent *r;
	getprotobyname_r(name, &static_entry, static_buf, sizeof(static_buf),
			 &r);
	return r;
}

struct protoent *getprotobynumber(int proto)
{
	struct protoent *r;
	getprotobynumber_r(proto, &static_entry, static_buf, sizeof(static_buf),
			   &r);
	return r;
}

/* getprotoent's walk through the database. */
static struct net_db walk;
static int walk_open;

void setprotoent(int stayopen)
{
	(void)stayopen;
	endprotoent();
	osv_net_db_open(&walk, osv_net_protocols_path, builtin_protocols);
	walk_open = 1;
}

void endprotoent(void)
{
	if (walk_open)
		osv_net_db_close(&walk);
	walk_open = 0;
}

/* At the end ENOENT, as glibc's; ERANGE leaves the entry to read again. */
int getprotoent_r(struct protoent *restrict ret, char *restrict buf,
		  size_t buflen, struct protoent **restrict result)
{
	char line[NET_LINE_MAX], *field[NET_FIELDS_MAX];
	struct net_db_pos at;
	int n;
	*result = NULL;
	if (!walk_open)
		setprotoent(0);
	osv_net_db_tell(&walk, &at);
	if (!(n = next_entry(&walk, line, field)))
		return ENOENT;
	if (to_protoent(field, n, ret, buf, buflen)) {
		osv_net_db_seek(&walk, &at);
		return ERANGE;
	}
	*result = ret;
	return 0;
}

struct protoent *getprotoent(void)
{
	struct protoent *r;
	getprotoent_r(&static_entry, static_buf, sizeof(static_buf), &r);
	return r;
}
