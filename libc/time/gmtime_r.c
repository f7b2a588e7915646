#include <errno.h>
#include <time.h>

#include "libc.h"
#include "time_impl.h"

struct tm *gmtime_r(const time_t *restrict t, struct tm *restrict tm)
{
	if (!osv_fill_tm(*t, 0, tm)) {
		errno = EOVERFLOW;
		return NULL;
	}
	tm->tm_isdst = 0;
	tm->tm_zone = "GMT";
	return tm;
}

LIBC_ALIAS(gmtime_r, __gmtime_r);
