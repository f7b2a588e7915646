/*
 * The user and group databases (/etc/passwd, /etc/group) in glibc's
 * files format: one record a line, fields separated by colons, blank
 * lines and lines starting with '#' skipped.  An image without the file
 * still has the program's own user and group: a built-in record stands
 * for the file then (root, uid and gid 0, the ids the program starts
 * with: see ids.c), so that getpwuid(getuid()) answers as on Linux.
 */
#ifndef LIBC_MISC_USERDB_H
#define LIBC_MISC_USERDB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "libc.h"

#define USERDB_FIELDS_MAX 9 /* /etc/shadow's */

struct userdb {
	const char *path;
	int nfields;
	/* The record when the file is absent; NULL: ENOENT then. */
	const char *const *builtin;
	/* The enumeration (getpwent, getgrent): */
	FILE *stream;
	char *line;
	size_t cap;
	bool opened, builtin_given;
};

/* Whether a record's fields match key (NULL: any well-formed record). */
typedef bool userdb_match_fn(char **field, const void *key);

/* Fills the caller's structure from a record's fields; 0 or ERANGE. */
typedef int userdb_fill_fn(char **field, void *out, char *buf, size_t len);

/*
 * Finds the first record match accepts and fills out from it: 0 with
 * *found set, 0 with *found false when there is none, or an errno value
 * (ERANGE: buf is too small for the record).
 */
int osv_userdb_find(struct userdb *db, userdb_match_fn *match, const void *key,
		    userdb_fill_fn *fill, void *out, char *buf, size_t len,
		    bool *found) LIBC_HIDDEN;

/*
 * The next record of the enumeration, as osv_userdb_find; ENOENT at the
 * end.
 */
int osv_userdb_next(struct userdb *db, userdb_match_fn *valid,
		    userdb_fill_fn *fill, void *out, char *buf,
		    size_t len) LIBC_HIDDEN;
void osv_userdb_rewind(struct userdb *db) LIBC_HIDDEN;
void osv_userdb_close(struct userdb *db) LIBC_HIDDEN;

/* A decimal id field; false when it is not one. */
bool osv_userdb_id(const char *s, unsigned *id) LIBC_HIDDEN;

/* Carving strings and arrays out of a caller's buffer. */
struct userdb_buf {
	char *p;
	size_t left;
};
char *osv_userdb_copy(struct userdb_buf *b, const char *s) LIBC_HIDDEN;
void *osv_userdb_alloc(struct userdb_buf *b, size_t size,
		       size_t align) LIBC_HIDDEN;

/*
 * Calls a reentrant lookup with a static buffer grown until the record
 * fits, for the non-reentrant forms (getpwnam...); the lookup's result
 * or NULL with errno set on an error (errno unchanged when not found).
 */
typedef int userdb_lookup_fn(const void *key, void *out, char *buf, size_t len,
			     void **result);
void *osv_userdb_static(userdb_lookup_fn *lookup, const void *key, void *out,
			char **buf, size_t *len) LIBC_HIDDEN;

#endif
