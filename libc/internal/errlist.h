/* The errno table behind strerror and its relatives (libc/errno). */
#ifndef OSV_LIBC_INTERNAL_ERRLIST_H
#define OSV_LIBC_INTERNAL_ERRLIST_H

#include "libc.h"

struct errlist_entry {
	const char *name; /* "EPERM" */
	const char *text; /* "Operation not permitted" */
};

/* One past the highest errno value Linux defines. */
#define ERRLIST_SIZE 134

extern const struct errlist_entry osv_errlist[ERRLIST_SIZE] LIBC_HIDDEN;

/* The entry of errnum, or NULL when errnum is no error Linux defines. */
static inline const struct errlist_entry *errlist_find(int errnum)
{
	if (errnum < 0 || errnum >= ERRLIST_SIZE || !osv_errlist[errnum].text)
		return 0;
	return &osv_errlist[errnum];
}

/*
 * Writes "Unknown error N" (or another prefix) into buf, truncated to fit
 * n bytes; returns buf.
 */
char *osv_unknown_message(char *buf, unsigned long n, const char *prefix,
			  int num) LIBC_HIDDEN;

#endif
