#include <string.h>

#include "errlist.h"

/* Unknown numbers are formatted into a static buffer (no threads yet). */
char *strerror(int errnum)
{
	static char buf[32];
	const struct errlist_entry *e = errlist_find(errnum);
	if (e)
		return (char *)e->text;
	return osv_unknown_message(buf, sizeof(buf), "Unknown error", errnum);
}
