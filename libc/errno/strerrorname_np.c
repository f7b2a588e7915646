#include <string.h>

#include "errlist.h"

const char *strerrorname_np(int errnum)
{
	struct errlist_entry e;
	return errlist_find(errnum, &e) ? e.name : NULL;
}
