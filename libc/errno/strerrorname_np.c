#include <string.h>

#include "errlist.h"

const char *strerrorname_np(int errnum)
{
	const struct errlist_entry *e = errlist_find(errnum);
	return e ? e->name : NULL;
}
