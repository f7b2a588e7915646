#include <string.h>

#include "errlist.h"

/* Unknown numbers are formatted into a static buffer (no threads yet). */
char *strerror(int errnum)
{
	static char buf[32];
	struct errlist_entry e;
	if (errlist_find(errnum, &e))
		return (char *)e.text;
	return osv_unknown_message(buf, sizeof(buf), "Unknown error", errnum);
}
