/*
 * uname: "Linux", because the program was built for glibc on Linux and
 * code that looks (glibc's own checks, libraries choosing a code path,
 * "uname -s" in build scripts) expects it; the release is a 6.1 kernel
 * (Debian 12's, whose system-call behaviour the libc follows) marked
 * -osv so that a person can tell, and the version names osv.
 */
#include <string.h>
#include <sys/utsname.h>

#include "config.h"

int uname(struct utsname *buf)
{
	memset(buf, 0, sizeof(*buf));
	strcpy(buf->sysname, "Linux");
	strcpy(buf->nodename, "osv");
	strcpy(buf->release, "6.1.0-osv");
	strcpy(buf->version, "#1 SMP osv " PACKAGE_VERSION);
	strcpy(buf->machine, "x86_64");
	strcpy(buf->domainname, "(none)");
	return 0;
}
