/* The signal table behind strsignal and its relatives (libc/string). */
#ifndef OSV_LIBC_INTERNAL_SIGLIST_H
#define OSV_LIBC_INTERNAL_SIGLIST_H

#include "libc.h"

struct siglist_entry {
	const char *abbrev; /* "HUP" */
	const char *text;   /* "Hangup" */
};

/* The standard signals are 1..31; 32 and 33 are reserved by glibc. */
#define SIGLIST_SIZE 32
#define SIGLIST_RTMIN 34
#define SIGLIST_RTMAX 64

extern const struct siglist_entry osv_siglist[SIGLIST_SIZE] LIBC_HIDDEN;

static inline const struct siglist_entry *siglist_find(int sig)
{
	if (sig <= 0 || sig >= SIGLIST_SIZE)
		return 0;
	return &osv_siglist[sig];
}

#endif
