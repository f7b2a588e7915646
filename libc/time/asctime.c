#include <time.h>

#include "time_impl.h"

/* Room for any year, unlike asctime_r's 26 bytes (as in glibc). */
static char asctime_buf[114];

char *asctime(const struct tm *tm)
{
	return osv_asctime_fmt(tm, asctime_buf, sizeof(asctime_buf));
}
