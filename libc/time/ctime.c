#include <time.h>

/* As C defines it: asctime(localtime(t)), sharing asctime's buffer. */
char *ctime(const time_t *t)
{
	struct tm *tm = localtime(t);
	return tm ? asctime(tm) : NULL;
}
