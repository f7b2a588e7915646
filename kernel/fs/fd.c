/*
 * The descriptor table of the one process.  The console is at 0, 1 and
 * 2 from the first use of the table on, so writes to them work before
 * anything else is up; filling them then rather than statically keeps
 * the table in .bss, out of the kernel's file.  The table's spinlock
 * guards the slots; files are released after it is dropped, since their
 * close may sleep.
 */
#include <errno.h>

#include "console_file.h"
#include "fd.h"
#include "spinlock.h"
#include "vfs_impl.h"

static struct file *table[FD_MAX];
static unsigned char cloexec[FD_MAX];
static struct spinlock table_lock;
static bool table_ready;

static unsigned long lock_table(void)
{
	unsigned long flags = spin_lock(&table_lock);
	if (!table_ready) {
		table[0] = table[1] = table[2] = &console_file;
		table_ready = true;
	}
	return flags;
}

static int lowest_free(int min)
{
	for (int fd = min; fd < FD_MAX; fd++)
		if (!table[fd])
			return fd;
	return -EMFILE;
}

int fd_install(struct file *f, int min, bool close_on_exec)
{
	if (min < 0 || min >= FD_MAX)
		return -EINVAL;
	unsigned long flags = lock_table();
	int fd = lowest_free(min);
	if (fd >= 0) {
		table[fd] = file_ref(f);
		cloexec[fd] = close_on_exec;
	}
	spin_unlock(&table_lock, flags);
	return fd;
}

struct file *fd_get(int fd)
{
	if (fd < 0 || fd >= FD_MAX)
		return NULL;
	unsigned long flags = lock_table();
	struct file *f = table[fd];
	if (f)
		file_ref(f);
	spin_unlock(&table_lock, flags);
	return f;
}

int fd_close(int fd)
{
	if (fd < 0 || fd >= FD_MAX)
		return -EBADF;
	unsigned long flags = lock_table();
	struct file *f = table[fd];
	table[fd] = NULL;
	spin_unlock(&table_lock, flags);
	if (!f)
		return -EBADF;
	fs_locks_fd_closed(f);
	file_release(f);
	return 0;
}

int fd_dup_to(int oldfd, int newfd, bool close_on_exec, bool is_dup3)
{
	if (oldfd < 0 || oldfd >= FD_MAX || newfd < 0 || newfd >= FD_MAX)
		return -EBADF;
	struct file *old = NULL;
	int r = newfd;
	unsigned long flags = lock_table();
	struct file *f = table[oldfd];
	if (!f)
		r = -EBADF;
	else if (oldfd == newfd)
		r = is_dup3 ? -EINVAL : newfd;
	else {
		old = table[newfd];
		table[newfd] = file_ref(f);
		cloexec[newfd] = close_on_exec;
	}
	spin_unlock(&table_lock, flags);
	if (old)
		fs_locks_fd_closed(old);
	file_release(old);
	return r;
}

int fd_get_cloexec(int fd)
{
	if (fd < 0 || fd >= FD_MAX)
		return -EBADF;
	unsigned long flags = lock_table();
	int r = table[fd] ? cloexec[fd] : -EBADF;
	spin_unlock(&table_lock, flags);
	return r;
}

int fd_set_cloexec(int fd, bool close_on_exec)
{
	if (fd < 0 || fd >= FD_MAX)
		return -EBADF;
	unsigned long flags = lock_table();
	int r = table[fd] ? 0 : -EBADF;
	if (r == 0)
		cloexec[fd] = close_on_exec;
	spin_unlock(&table_lock, flags);
	return r;
}

int fd_next_open(int from)
{
	if (from < 0)
		from = 0;
	unsigned long flags = lock_table();
	int fd = from;
	while (fd < FD_MAX && !table[fd])
		fd++;
	spin_unlock(&table_lock, flags);
	return fd < FD_MAX ? fd : -1;
}
