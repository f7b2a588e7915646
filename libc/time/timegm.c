#include <errno.h>
#include <time.h>

#include "time_impl.h"

/*
 * Normalizes the fields as UTC; when out of range only tm_isdst changes
 * (to 0, as in glibc).
 */
time_t timegm(struct tm *tm)
{
	long long t;
	struct tm out;
	tm->tm_isdst = 0;
	if (!osv_tm_to_seconds(tm, &t) || !osv_fill_tm(t, 0, &out)) {
		errno = EOVERFLOW;
		return -1;
	}
	out.tm_isdst = 0;
	out.tm_zone = "GMT";
	*tm = out;
	return t;
}
