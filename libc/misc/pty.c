/*
 * Pseudo-terminals: osv has no /dev/ptmx, so posix_openpt fails as
 * glibc's does on Linux without it (its open's ENOENT), and no
 * descriptor is ever a pseudo-terminal master: the calls on one give
 * glibc's answers for any other descriptor (ENOTTY, EINVAL for
 * grantpt), EBADF for a closed one.
 */
#include <errno.h>
#include <fcntl.h>
#include <stddef.h>

static int closed(int fd)
{
	return fcntl(fd, F_GETFD) < 0;
}

int posix_openpt(int flags)
{
	return open("/dev/ptmx", flags);
}

int getpt(void)
{
	return posix_openpt(O_RDWR | O_NOCTTY);
}

int grantpt(int fd)
{
	errno = closed(fd) ? EBADF : EINVAL;
	return -1;
}

int unlockpt(int fd)
{
	errno = closed(fd) ? EBADF : ENOTTY;
	return -1;
}

/* glibc checks isatty first and answers ENOTTY either way. */
int ptsname_r(int fd, char *buf, size_t len)
{
	(void)fd, (void)len;
	errno = buf ? ENOTTY : EINVAL;
	return errno;
}

char *ptsname(int fd)
{
	static char name[32];
	return ptsname_r(fd, name, sizeof(name)) ? NULL : name;
}
