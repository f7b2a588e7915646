#include <errno.h>
#include <limits.h>
#include <stdlib.h>

#include "strtoint.h"

/* A '-' negates the value in unsigned arithmetic, as C says. */
unsigned long strtoul(const char *restrict s, char **restrict end, int base)
{
	struct strtoint r = osv_strtoint(s, end, base, ULONG_MAX, ULONG_MAX);
	if (r.over) {
		errno = ERANGE;
		return ULONG_MAX;
	}
	return r.neg ? -r.mag : r.mag;
}
