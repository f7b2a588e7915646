/*
 * What the files of libc/net/ share: the reading of the netdb files
 * (hosts, services, protocols: one entry a line, fields separated by
 * blanks, '#' to the end of the line a comment), the hosts database
 * and the numeric address forms getaddrinfo and gethostbyname accept.
 */
#ifndef OSV_LIBC_NETDB_IMPL_H
#define OSV_LIBC_NETDB_IMPL_H

#include <netinet/in.h>
#include <stddef.h>
#include <stdio.h>

#include "libc.h"

/* A line is read whole up to this length; a longer one is cut there. */
#define NET_LINE_MAX 1024
/* Fields of a line past this many are ignored (aliases beyond). */
#define NET_FIELDS_MAX 35

/*
 * A netdb file being read, or the built-in text standing for it when
 * the file is absent (builtin may be NULL: no entries then).
 */
struct net_db {
	FILE *file;
	const char *next;
};

/* The files read; the host tests point them elsewhere. */
extern const char *osv_net_hosts_path LIBC_HIDDEN;
extern const char *osv_net_services_path LIBC_HIDDEN;
extern const char *osv_net_protocols_path LIBC_HIDDEN;
extern const char *osv_net_networks_path LIBC_HIDDEN;

void osv_net_db_open(struct net_db *db, const char *path,
		     const char *builtin) LIBC_HIDDEN;
void osv_net_db_close(struct net_db *db) LIBC_HIDDEN;

/*
 * A place in a netdb file, to read its entry again: a getXent_r whose
 * buffer was too small leaves the walk at the entry, as glibc's does.
 */
struct net_db_pos {
	long offset;
	const char *next;
};

void osv_net_db_tell(const struct net_db *db,
		     struct net_db_pos *pos) LIBC_HIDDEN;
void osv_net_db_seek(struct net_db *db,
		     const struct net_db_pos *pos) LIBC_HIDDEN;

/*
 * Reads the next entry into line (NET_LINE_MAX bytes) and splits it
 * into its fields (at most NET_FIELDS_MAX, pointers into line); the
 * number of fields, never 0, or 0 at the end of the file.
 */
int osv_net_db_entry(struct net_db *db, char *line, char **field) LIBC_HIDDEN;

/*
 * Lays out n strings and a NULL-terminated array of pointers to them
 * in buf (len bytes): the array, or NULL when buf is too small.
 */
char **osv_net_pack_strings(char *buf, size_t len, char *const *s,
			    int n) LIBC_HIDDEN;

/* An Internet address of either family (addr holds 4 or 16 bytes). */
struct net_addr {
	int family;
	unsigned char addr[16];
};

/*
 * inet_aton's forms with nothing after them (getaddrinfo's and
 * inet_addr's rule); 1 when text is one.
 */
int osv_net_aton_exact(const char *text, struct in_addr *out) LIBC_HIDDEN;

/*
 * The hosts database: /etc/hosts, then "localhost" (127.0.0.1 and ::1)
 * when the file has no entry of that family for it.
 *
 * osv_net_hosts_by_name: the addresses of name of family (AF_UNSPEC:
 * both), each matching entry's in the file's order, at most max into
 * out; their number.  canon (NET_LINE_MAX bytes, may be NULL) gets the
 * first matching entry's official name.
 */
int osv_net_hosts_by_name(const char *name, int family, struct net_addr *out,
			  int max, char *canon) LIBC_HIDDEN;

/*
 * The first entry of the address: its names (official first) copied
 * into line and pointed to by field; their number, 0 when none.
 */
int osv_net_hosts_by_addr(const struct net_addr *a, char *line,
			  char **field) LIBC_HIDDEN;

/* A host's names: the official one first, then its aliases (in text). */
struct net_names {
	char text[NET_LINE_MAX];
	char *name[NET_FIELDS_MAX];
	int n;
	size_t used;
};

/*
 * DNS, asked when the hosts database does not know a name or address
 * (glibc's "hosts: files dns"), through the resolver of
 * libc/net/resolv_*.c and the servers, search list and options of
 * /etc/resolv.conf as it is at the call.
 *
 * osv_net_dns_by_name: the addresses of name of family (AF_INET: A
 * records, AF_INET6: AAAA, AF_UNSPEC: A then AAAA), at most max into
 * out, CNAMEs followed; names gets the name owning them (official)
 * and the CNAMEs' owners (aliases).  Their number, or 0 and *herr:
 * HOST_NOT_FOUND (no such name), NO_DATA (no address of the family),
 * TRY_AGAIN (no answer, or the server failed) or NO_RECOVERY.
 *
 * osv_net_dns_by_addr: the name of an address (its PTR record) as
 * names' official name; 1, or 0 and *herr as above.
 */
int osv_net_dns_by_name(const char *name, int family, struct net_addr *out,
			int max, struct net_names *names,
			int *herr) LIBC_HIDDEN;
int osv_net_dns_by_addr(const struct net_addr *a, struct net_names *names,
			int *herr) LIBC_HIDDEN;

/* The port of a service by name for proto ("tcp", "udp"): -1 if none. */
int osv_net_service_port(const char *name, const char *proto) LIBC_HIDDEN;

#endif
