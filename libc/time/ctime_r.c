#include <time.h>

char *ctime_r(const time_t *restrict t, char *restrict buf)
{
	struct tm tm;
	return localtime_r(t, &tm) ? asctime_r(&tm, buf) : NULL;
}
