/* dup, fcntl and ioctl; the locks are fs_lock.c's. */
#include <fcntl.h>

#include "fs_calls.h"
#include "uaccess.h"
#include "vfs_impl.h"

#define SETFL_FLAGS (O_APPEND | O_NONBLOCK | O_ASYNC | O_DIRECT | O_NOATIME)
#define FIONBIO 0x5421
#define FIOCLEX 0x5451
#define FIONCLEX 0x5450

int fs_dup(int fd)
{
	struct file *f = fd_get(fd);
	if (!f)
		return -EBADF;
	int r = fd_install(f, 0, false);
	file_release(f);
	return r;
}

int fs_dup3(int oldfd, int newfd, int flags, bool is_dup3)
{
	if (flags & ~O_CLOEXEC)
		return -EINVAL;
	return fd_dup_to(oldfd, newfd, flags & O_CLOEXEC, is_dup3);
}

void fs_close_range(unsigned first, unsigned last, bool cloexec)
{
	if (first >= FD_MAX)
		return;
	for (int fd = fd_next_open((int)first); fd >= 0 && (unsigned)fd <= last;
	     fd = fd_next_open(fd + 1)) {
		if (cloexec)
			fd_set_cloexec(fd, true);
		else
			fd_close(fd);
	}
}

static int dupfd(struct file *f, unsigned long min, bool cloexec)
{
	if (min >= FD_MAX)
		return -EINVAL;
	return fd_install(f, (int)min, cloexec);
}

static int set_flags(struct file *f, unsigned long arg)
{
	sleep_lock(&f->lock);
	f->flags = (f->flags & ~SETFL_FLAGS) | ((int)arg & SETFL_FLAGS);
	sleep_unlock(&f->lock);
	return 0;
}

int fs_fcntl(int fd, int cmd, unsigned long arg)
{
	struct file *f = fd_get(fd);
	if (!f)
		return -EBADF;
	int r;
	switch (cmd) {
	case F_DUPFD:
	case F_DUPFD_CLOEXEC:
		r = dupfd(f, arg, cmd == F_DUPFD_CLOEXEC);
		break;
	case F_GETFD:
		r = fd_get_cloexec(fd);
		break;
	case F_SETFD:
		r = fd_set_cloexec(fd, arg & FD_CLOEXEC);
		break;
	case F_GETFL:
		r = f->flags;
		break;
	case F_SETFL:
		r = set_flags(f, arg);
		break;
	case F_GETLK:
	case F_SETLK:
	case F_SETLKW:
	case F_OFD_GETLK:
	case F_OFD_SETLK:
	case F_OFD_SETLKW:
		r = fs_record_lock(f, cmd, (void *)arg);
		break;
	case F_GETOWN:
		r = 0;
		break;
	case F_SETOWN:
		r = 0;
		break;
	default:
		r = -EINVAL;
	}
	file_release(f);
	return r;
}

int fs_ioctl(int fd, unsigned long cmd, void *arg)
{
	struct file *f = fd_get(fd);
	if (!f)
		return -EBADF;
	int r;
	if (cmd == FIOCLEX || cmd == FIONCLEX)
		r = fd_set_cloexec(fd, cmd == FIOCLEX);
	else if (cmd == FIONBIO) {
		int on; /* the program's */
		r = get_program(&on, arg, sizeof(on));
		if (r == 0)
			r = set_flags(f, on ? (f->flags | O_NONBLOCK)
					    : (f->flags & ~O_NONBLOCK));
	} else
		r = f->ops->ioctl ? f->ops->ioctl(f, cmd, arg) : -ENOTTY;
	file_release(f);
	return r;
}
