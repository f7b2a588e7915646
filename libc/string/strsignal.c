#include <string.h>

#include "errlist.h"
#include "siglist.h"

/* Real-time signals are numbered from SIGRTMIN, as glibc prints them. */
char *strsignal(int sig)
{
	static char buf[32];
	const struct siglist_entry *e = siglist_find(sig);
	if (e)
		return (char *)e->text;
	if (sig >= SIGLIST_RTMIN && sig <= SIGLIST_RTMAX)
		return osv_unknown_message(buf, sizeof(buf), "Real-time signal",
					   sig - SIGLIST_RTMIN);
	return osv_unknown_message(buf, sizeof(buf), "Unknown signal", sig);
}
