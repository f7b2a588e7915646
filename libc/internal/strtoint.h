/* The integer parser behind strtol and its relatives (libc/stdlib). */
#ifndef OSV_LIBC_INTERNAL_STRTOINT_H
#define OSV_LIBC_INTERNAL_STRTOINT_H

#include <stdbool.h>

#include "libc.h"

struct strtoint {
	unsigned long long mag; /* the magnitude, clamped at the limit */
	bool neg;		/* a '-' was read */
	bool over;		/* the magnitude exceeded the limit */
};

/*
 * Parses s as strtoull does (white space, sign, base prefix, digits) and
 * sets *end as the standard says; errno is only set, to EINVAL, for a bad
 * base.  The magnitude may go up to pos_lim, or neg_lim after a '-'.
 */
struct strtoint osv_strtoint(const char *s, char **end, int base,
			     unsigned long long pos_lim,
			     unsigned long long neg_lim) LIBC_HIDDEN;

#endif
