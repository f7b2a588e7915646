/*
 * flock, and lockf over fcntl's record locks (the kernel's locks:
 * kernel/fs/fs_lock.c).
 */
#include <errno.h>
#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include "fs_impl.h"

/* A wait restarts after a handler with SA_RESTART, as Linux's. */
int flock(int fd, int op)
{
	long r;
	do
		r = fs_flock(fd, op);
	while (fs_restart(r));
	return (int)fs_ret(r);
}

/*
 * len bytes from the offset on (0: to the end, however far; negative:
 * the bytes before it).  F_TEST fails with EACCES, as glibc's does,
 * when another owner (here an open file's OFD lock) holds part of it.
 */
int lockf(int fd, int cmd, off_t len)
{
	struct flock fl = {
	    .l_type = F_WRLCK, .l_whence = SEEK_CUR, .l_len = len};
	switch (cmd) {
	case F_ULOCK:
		fl.l_type = F_UNLCK;
		return fcntl(fd, F_SETLK, &fl);
	case F_LOCK:
		return fcntl(fd, F_SETLKW, &fl);
	case F_TLOCK:
		return fcntl(fd, F_SETLK, &fl);
	case F_TEST:
		if (fcntl(fd, F_GETLK, &fl) < 0)
			return -1;
		if (fl.l_type == F_UNLCK || fl.l_pid == getpid())
			return 0;
		errno = EACCES;
		return -1;
	}
	errno = EINVAL;
	return -1;
}

int lockf64(int fd, int cmd, off_t len) __attribute__((alias("lockf")));
