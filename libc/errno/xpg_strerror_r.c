#include <errno.h>
#include <string.h>

#include "errlist.h"

/*
 * The POSIX strerror_r (glibc's headers name it __xpg_strerror_r): copies
 * the message into buf, truncated, and says what went wrong: EINVAL for
 * an unknown number, ERANGE when the message did not fit.
 */
int __xpg_strerror_r(int errnum, char *buf, size_t n)
{
	struct errlist_entry e;
	if (!errlist_find(errnum, &e)) {
		if (n)
			osv_unknown_message(buf, n, "Unknown error", errnum);
		return EINVAL;
	}
	size_t len = strlen(e.text);
	if (!n)
		return ERANGE;
	size_t k = len < n ? len : n - 1;
	memcpy(buf, e.text, k);
	buf[k] = '\0';
	return k < len ? ERANGE : 0;
}
