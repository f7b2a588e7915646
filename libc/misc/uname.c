/*
 * uname: "Linux", because the program was built for glibc on Linux and
 * code that looks (glibc's own checks, libraries choosing a code path,
 * "uname -s" in build scripts) expects it; the release is a 6.1 kernel
 * (Debian 12's, whose system-call behaviour the libc follows) marked
 * -osv so that a person can tell, and the version names osv.
 *
 * The host and domain names are the machine's, which the program (root)
 * may set; uname and gethostname see what it set.  Like Linux's, a set
 * name is at most 64 bytes and need not be terminated.
 */
#include <errno.h>
#include <string.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "config.h"

int gethostname(char *name, size_t len);
int sethostname(const char *name, size_t len);
int getdomainname(char *name, size_t len);
int setdomainname(const char *name, size_t len);

static char nodename[_UTSNAME_LENGTH] = "osv";
static char domainname[_UTSNAME_LENGTH] = "(none)";

int uname(struct utsname *buf)
{
	memset(buf, 0, sizeof(*buf));
	strcpy(buf->sysname, "Linux");
	strcpy(buf->nodename, nodename);
	strcpy(buf->release, "6.1.0-osv");
	strcpy(buf->version, "#1 SMP osv " PACKAGE_VERSION);
	strcpy(buf->machine, "x86_64");
	strcpy(buf->domainname, domainname);
	return 0;
}

static int set_name(char *field, const char *name, size_t len)
{
	if (len >= _UTSNAME_LENGTH) {
		errno = EINVAL;
		return -1;
	}
	if (geteuid() != 0) {
		errno = EPERM;
		return -1;
	}
	memcpy(field, name, len);
	memset(field + len, 0, _UTSNAME_LENGTH - len);
	return 0;
}

/* As glibc: ENAMETOOLONG when the name and its NUL do not fit. */
int gethostname(char *name, size_t len)
{
	size_t n = strlen(nodename) + 1;
	if (n > len) {
		errno = ENAMETOOLONG;
		return -1;
	}
	memcpy(name, nodename, n);
	return 0;
}

int sethostname(const char *name, size_t len)
{
	return set_name(nodename, name, len);
}

/* As glibc: a name that does not fit is cut, without its NUL. */
int getdomainname(char *name, size_t len)
{
	size_t n = strlen(domainname) + 1;
	memcpy(name, domainname, n < len ? n : len);
	return 0;
}

int setdomainname(const char *name, size_t len)
{
	return set_name(domainname, name, len);
}
