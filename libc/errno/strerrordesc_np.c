#include <string.h>

#include "errlist.h"

const char *strerrordesc_np(int errnum)
{
	const struct errlist_entry *e = errlist_find(errnum);
	return e ? e->text : NULL;
}
