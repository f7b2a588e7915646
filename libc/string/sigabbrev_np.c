#include <string.h>

#include "siglist.h"

const char *sigabbrev_np(int sig)
{
	const struct siglist_entry *e = siglist_find(sig);
	return e ? e->abbrev : NULL;
}
