/*
 * The services database: /etc/services ("name port/proto aliases..."),
 * or when the image has none a built-in table of the common services
 * (Debian's entries for them).  Names compare exactly, as in glibc.
 */
#include <errno.h>
#include <netdb.h>
#include <stdlib.h>
#include <string.h>

#include "netdb_impl.h"

const char *osv_net_services_path = "/etc/services";

static const char builtin_services[] = "ftp-data 20/tcp\n"
				       "ftp 21/tcp\n"
				       "ssh 22/tcp\n"
				       "telnet 23/tcp\n"
				       "smtp 25/tcp mail\n"
				       "domain 53/tcp\n"
				       "domain 53/udp\n"
				       "bootps 67/udp\n"
				       "bootpc 68/udp\n"
				       "tftp 69/udp\n"
				       "http 80/tcp www\n"
				       "pop3 110/tcp pop-3\n"
				       "sunrpc 111/tcp portmapper\n"
				       "sunrpc 111/udp portmapper\n"
				       "ntp 123/udp\n"
				       "imap2 143/tcp imap\n"
				       "snmp 161/udp\n"
				       "ldap 389/tcp\n"
				       "https 443/tcp\n"
				       "https 443/udp\n"
				       "submission 587/tcp\n"
				       "ldaps 636/tcp\n"
				       "imaps 993/tcp\n"
				       "pop3s 995/tcp\n"
				       "mysql 3306/tcp\n"
				       "postgresql 5432/tcp postgres\n";

/* An entry's fields: name, port/proto, aliases. */
struct service_entry {
	char **field;
	int n;
	int port;
	char *proto;
};

/* Splits "port/proto" in place; 0 when the entry is malformed. */
static int parse_port(struct service_entry *e)
{
	char *slash = e->n >= 2 ? strchr(e->field[1], '/') : NULL;
	if (!slash || slash == e->field[1] || !slash[1])
		return 0;
	char *end;
	long port = strtol(e->field[1], &end, 10);
	if (end != slash || port < 0 || port > 65535)
		return 0;
	*slash = '\0';
	e->port = (int)port;
	e->proto = slash + 1;
	return 1;
}

static int has_name(const struct service_entry *e, const char *name)
{
	if (!strcmp(e->field[0], name))
		return 1;
	for (int i = 2; i < e->n; i++)
		if (!strcmp(e->field[i], name))
			return 1;
	return 0;
}

/* What an entry is looked for by: a name, else a port (network order). */
struct service_key {
	const char *name;
	int port;
	const char *proto;
};

static int matches(const struct service_entry *e, const struct service_key *k)
{
	if (k->proto && strcmp(e->proto, k->proto))
		return 0;
	return k->name ? has_name(e, k->name)
		       : htons((uint16_t)e->port) == k->port;
}

/* Fills ret from the entry, its strings in buf: 0 or ERANGE. */
static int to_servent(const struct service_entry *e, struct servent *ret,
		      char *buf, size_t buflen)
{
	char *s[NET_FIELDS_MAX + 1];
	s[0] = e->field[0];
	s[1] = e->proto;
	for (int i = 2; i < e->n; i++)
		s[i] = e->field[i];
	char **packed = osv_net_pack_strings(buf, buflen, s, e->n);
	if (!packed)
		return ERANGE;
	ret->s_name = packed[0];
	ret->s_proto = packed[1];
	ret->s_aliases = packed + 2;
	ret->s_port = htons((uint16_t)e->port);
	return 0;
}

/* The next well-formed entry of db; 0 at the end. */
static int next_entry(struct net_db *db, char *line, char **field,
		      struct service_entry *e)
{
	while ((e->n = osv_net_db_entry(db, line, field))) {
		e->field = field;
		if (parse_port(e))
			return 1;
	}
	return 0;
}

static int lookup(const struct service_key *k, struct servent *ret, char *buf,
		  size_t buflen, struct servent **result)
{
	struct net_db db;
	char line[NET_LINE_MAX], *field[NET_FIELDS_MAX];
	struct service_entry e;
	int err = 0;
	*result = NULL;
	osv_net_db_open(&db, osv_net_services_path, builtin_services);
	while (next_entry(&db, line, field, &e)) {
		if (matches(&e, k)) {
			err = to_servent(&e, ret, buf, buflen);
			if (!err)
				*result = ret;
			break;
		}
	}
	osv_net_db_close(&db);
	return err;
}

int getservbyname_r(const char *restrict name, const char *restrict proto,
		    struct servent *restrict ret, char *restrict buf,
		    size_t buflen, struct servent **restrict result)
{
	struct service_key k = {name, 0, proto};
	return lookup(&k, ret, buf, buflen, result);
}

int getservbyport_r(int port, const char *restrict proto,
		    struct servent *restrict ret, char *restrict buf,
		    size_t buflen, struct servent **restrict result)
{
	struct service_key k = {NULL, port, proto};
	return lookup(&k, ret, buf, buflen, result);
}

static struct servent static_entry;
static char static_buf[NET_LINE_MAX + (NET_FIELDS_MAX + 2) * sizeof(char *)];

struct servent *getservbyname(const char *name, const char *proto)
{
	struct servent *r;
	getservbyname_r(name, proto, &static_entry, static_buf,
			sizeof(static_buf), &r);
	return r;
}

struct servent *getservbyport(int port, const char *proto)
{
	struct servent *r;
	getservbyport_r(port, proto, &static_entry, static_buf,
			sizeof(static_buf), &r);
	return r;
}

int osv_net_service_port(const char *name, const char *proto)
{
	struct servent s, *r;
	char buf[NET_LINE_MAX + (NET_FIELDS_MAX + 2) * sizeof(char *)];
	getservbyname_r(name, proto, &s, buf, sizeof(buf), &r);
	return r ? ntohs((uint16_t)r->s_port) : -1;
}

/* getservent's walk through the database. */
static struct net_db walk;
static int walk_open;

void setservent(int stayopen)
{
	(void)stayopen;
	endservent();
	osv_net_db_open(&walk, osv_net_services_path, builtin_services);
	walk_open = 1;
}

void endservent(void)
{
	if (walk_open)
		osv_net_db_close(&walk);
	walk_open = 0;
}

/* At the end ENOENT, as glibc's; ERANGE leaves the entry to read again. */
int getservent_r(struct servent *restrict ret, char *restrict buf,
		 size_t buflen, struct servent **restrict result)
{
	char line[NET_LINE_MAX], *field[NET_FIELDS_MAX];
	struct service_entry e;
	struct net_db_pos at;
	*result = NULL;
	if (!walk_open)
		setservent(0);
	osv_net_db_tell(&walk, &at);
	if (!next_entry(&walk, line, field, &e))
		return ENOENT;
	if (to_servent(&e, ret, buf, buflen)) {
		osv_net_db_seek(&walk, &at);
		return ERANGE;
	}
	*result = ret;
	return 0;
}

struct servent *getservent(void)
{
	struct servent *r;
	getservent_r(&static_entry, static_buf, sizeof(static_buf), &r);
	return r;
}
