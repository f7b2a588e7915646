/* The errno table behind strerror and its relatives (libc/errno). */
#ifndef OSV_LIBC_INTERNAL_ERRLIST_H
#define OSV_LIBC_INTERNAL_ERRLIST_H

#include <stdbool.h>

#include "libc.h"

struct errlist_entry {
	const char *name; /* "EPERM" */
	const char *text; /* "Operation not permitted" */
};

/* One past the highest errno value Linux defines. */
#define ERRLIST_SIZE 134

/*
 * Fills *e with the name and message of errnum; false when errnum is no
 * error Linux defines.
 */
bool errlist_find(int errnum, struct errlist_entry *e) LIBC_HIDDEN;

/*
 * Writes "Unknown error N" (or another prefix) into buf, truncated to fit
 * n bytes; returns buf.
 */
char *osv_unknown_message(char *buf, unsigned long n, const char *prefix,
			  int num) LIBC_HIDDEN;

#endif
