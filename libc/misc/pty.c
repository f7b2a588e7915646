/*
 * Pseudo-terminals: osv has no /dev/ptmx, so posix_openpt fails as
 * glibc's does on Linux without it (its open's ENOENT), and no
 * descriptor is ever a pseudo-terminal master: the calls on one give
 * glibc's answers for any other descriptor (ENOTTY, EINVAL for
 * grantpt), EBADF for a closed one.
 */
#include <errno.h>
#include <fcntl.h>
#include <pty.h>
#include <stddef.h>
#include <sys/ioctl.h>
#include <unistd.h>
#include <utmp.h>

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

/*
 * glibc's order: posix_openpt, grantpt, unlockpt, then the slave.
 * Without /dev/ptmx the first fails, and grantpt would refuse any
 * descriptor it gave, so openpty fails with their errors and forkpty
 * never reaches its fork.
 */
int openpty(int *master, int *slave, char *name, const struct termios *termp,
	    const struct winsize *winp)
{
	(void)master, (void)slave, (void)name, (void)termp, (void)winp;
	int fd = posix_openpt(O_RDWR | O_NOCTTY);
	if (fd < 0)
		return -1;
	grantpt(fd); /* refuses it: no descriptor here is a master */
	int e = errno;
	close(fd);
	errno = e;
	return -1;
}

pid_t forkpty(int *master, char *name, const struct termios *termp,
	      const struct winsize *winp)
{
	int slave;
	if (openpty(master, &slave, name, termp, winp) < 0)
		return -1;
	return fork();
}

/* glibc's order: a new session, then the descriptor as its terminal. */
int login_tty(int fd)
{
	setsid();
	if (ioctl(fd, TIOCSCTTY, 0) < 0)
		return -1;
	for (int i = 0; i < 3; i++)
		if (dup2(fd, i) < 0)
			return -1;
	if (fd > 2)
		close(fd);
	return 0;
}
