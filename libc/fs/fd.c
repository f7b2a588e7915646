/* dup, dup2, dup3, fcntl, ioctl, isatty, pipe. */
#include <fcntl.h>
#include <stdarg.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "fs_impl.h"

int dup(int fd)
{
	return (int)fs_ret(fs_dup(fd));
}

int dup2(int oldfd, int newfd)
{
	return (int)fs_ret(fs_dup3(oldfd, newfd, 0, false));
}

int dup3(int oldfd, int newfd, int flags)
{
	return (int)fs_ret(fs_dup3(oldfd, newfd, flags, true));
}

int fcntl(int fd, int cmd, ...)
{
	va_list ap;
	va_start(ap, cmd);
	unsigned long arg = va_arg(ap, unsigned long);
	va_end(ap);
	long r;
	/* a lock's wait restarts after a handler with SA_RESTART */
	do
		r = fs_fcntl(fd, cmd, arg);
	while ((cmd == F_SETLKW || cmd == F_OFD_SETLKW) && fs_restart(r));
	return (int)fs_ret(r);
}

int ioctl(int fd, unsigned long request, ...)
{
	va_list ap;
	va_start(ap, request);
	void *arg = va_arg(ap, void *);
	va_end(ap);
	return (int)fs_ret(fs_ioctl(fd, request, arg));
}

int isatty(int fd)
{
	unsigned char termios[60];
	int r = fs_ioctl(fd, TCGETS, termios);
	if (r == 0)
		return 1;
	errno = r == -EBADF ? EBADF : ENOTTY;
	return 0;
}

int pipe2(int fds[2], int flags)
{
	return (int)fs_ret(fs_pipe2(fds, flags));
}

int pipe(int fds[2])
{
	return pipe2(fds, 0);
}

LIBC_ALIAS(fcntl, fcntl64);
LIBC_ALIAS(fcntl, __fcntl);
LIBC_ALIAS(dup2, __dup2);
