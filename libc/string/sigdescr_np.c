#include <string.h>

#include "siglist.h"

const char *sigdescr_np(int sig)
{
	const struct siglist_entry *e = siglist_find(sig);
	return e ? e->text : NULL;
}
