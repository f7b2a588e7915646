#include <errno.h>
#include <limits.h>
#include <stdlib.h>

#include "strtoint.h"

long strtol(const char *restrict s, char **restrict end, int base)
{
	struct strtoint r = osv_strtoint(s, end, base, LONG_MAX,
					 (unsigned long long)LONG_MAX + 1);
	if (r.over) {
		errno = ERANGE;
		return r.neg ? LONG_MIN : LONG_MAX;
	}
	return r.neg ? (long)-r.mag : (long)r.mag;
}
