#include <string.h>

#include "errlist.h"

/*
 * The GNU strerror_r: a known message is returned as it is, buf is only
 * used (and truncated to n) for an unknown number.
 */
char *strerror_r(int errnum, char *buf, size_t n)
{
	struct errlist_entry e;
	if (errlist_find(errnum, &e))
		return (char *)e.text;
	return osv_unknown_message(buf, n, "Unknown error", errnum);
}

LIBC_ALIAS(strerror_r, __strerror_r);
