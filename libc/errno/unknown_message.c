#include <stdio.h>

#include "errlist.h"

char *osv_unknown_message(char *buf, unsigned long n, const char *prefix,
			  int num)
{
	snprintf(buf, n, "%s %d", prefix, num);
	return buf;
}
