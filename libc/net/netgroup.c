/*
 * Netgroups: osv has no netgroup database (no NIS, no /etc/netgroup
 * backend), so no triple is in any netgroup, as glibc answers when
 * nsswitch names no source for them.
 */
#include <netdb.h>

int innetgr(const char *netgroup, const char *host, const char *user,
	    const char *domain)
{
	(void)netgroup, (void)host, (void)user, (void)domain;
	return 0;
}
