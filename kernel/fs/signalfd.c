/*
 * signalfd: the libc's pending signals (libc/signal/signal.c) read as
 * records.  The signals are the libc's, so the kind reads them through
 * the source the libc gives (fs_signalfd_source) and learns of a new
 * one from fs_signalfd_notify(): every signalfd's readers and pollers
 * look again.  A reader checks under its queue's lock, and a notify
 * takes that lock after the signal is pending, so no wake-up is lost.
 */
#include <errno.h>
#include <fcntl.h>
#include <string.h>

#include "fd.h"
#include "fs_calls.h"
#include "mm.h"
#include "spinlock.h"
#include "thread.h"
#include "uaccess.h"

#define SIGNALFD_RECORD 128 /* sizeof(struct signalfd_siginfo) */
/*
 * Records are written to the caller's buffer under the queue's lock, so
 * its pages are made present first: a read takes this many at most,
 * that a big buffer is not faulted in whole.
 */
#define SIGNALFD_READ_MOST 32

struct signalfd {
	struct waitq q; /* its lock guards mask */
	uint64_t mask;
	struct file_poll_src src;
	struct signalfd *next; /* on all */
};

static const struct fs_signalfd_source *source;
static struct spinlock all_lock = SPINLOCK_INIT;
static struct signalfd *all;

void fs_signalfd_source(const struct fs_signalfd_source *src)
{
	__atomic_store_n(&source, src, __ATOMIC_RELEASE);
}

void fs_signalfd_notify(void)
{
	if (!__atomic_load_n(&all, __ATOMIC_ACQUIRE))
		return; /* the common case: no signalfd, nothing to take */
	unsigned long flags = spin_lock(&all_lock);
	for (struct signalfd *s = all; s; s = s->next) {
		unsigned long qf = spin_lock(&s->q.lock);
		waitq_wake_locked(&s->q, 1 << 30);
		spin_unlock(&s->q.lock, qf);
		file_poll_notify(&s->src, FILE_POLL_IN);
	}
	spin_unlock(&all_lock, flags);
}

static long signalfd_read(struct file *f, void *buf, size_t len, uint64_t *off)
{
	(void)off;
	struct signalfd *s = f->data;
	if (len < SIGNALFD_RECORD)
		return -EINVAL;
	if (len > SIGNALFD_READ_MOST * SIGNALFD_RECORD)
		len = SIGNALFD_READ_MOST * SIGNALFD_RECORD;
	len -= len % SIGNALFD_RECORD;
	/*
	 * A buffer that takes no store fails before a signal is taken;
	 * one unmapped meanwhile loses the signal taken, as on Linux.  The
	 * probe's faults are served: the pages are there for the copies
	 * made under the lock.
	 */
	if (probe_program_write(buf, len))
		return -EFAULT;
	size_t got = 0;
	char rec[SIGNALFD_RECORD];
	unsigned long flags = spin_lock(&s->q.lock);
	for (;;) {
		while (got + SIGNALFD_RECORD <= len &&
		       source->take(s->mask, rec)) {
			if (put_program((char *)buf + got, rec, sizeof(rec))) {
				spin_unlock(&s->q.lock, flags);
				return got ? (long)got : -EFAULT;
			}
			got += SIGNALFD_RECORD;
		}
		if (got)
			break;
		long r =
		    f->flags & O_NONBLOCK
			? -EAGAIN
			: waitq_wait_locked(&s->q, THREAD_NO_DEADLINE, true);
		if (r) {
			spin_unlock(&s->q.lock, flags);
			return r;
		}
	}
	spin_unlock(&s->q.lock, flags);
	return (long)got;
}

static unsigned signalfd_poll(struct file *f)
{
	struct signalfd *s = f->data;
	unsigned long flags = spin_lock(&s->q.lock);
	bool ready = source->pending(s->mask);
	spin_unlock(&s->q.lock, flags);
	return ready ? FILE_POLL_IN : 0;
}

static void signalfd_close(struct file *f)
{
	struct signalfd *s = f->data;
	unsigned long flags = spin_lock(&all_lock);
	struct signalfd **link = &all;
	while (*link != s)
		link = &(*link)->next;
	*link = s->next;
	spin_unlock(&all_lock, flags);
	heap_free(s);
}

static const struct file_ops signalfd_ops = {
    .read = signalfd_read,
    .stat = file_anon_stat,
    .close = signalfd_close,
    .poll = signalfd_poll,
};

/* A new signalfd of mask. */
static int signalfd_new(uint64_t mask, int flags)
{
	struct signalfd *s = heap_calloc(1, sizeof(*s));
	struct file *f = s ? file_new(&signalfd_ops, NULL,
				      O_RDONLY | (flags & O_NONBLOCK), s)
			   : NULL;
	if (!f) {
		heap_free(s);
		return -ENOMEM;
	}
	s->mask = mask;
	f->poll_src = &s->src;
	file_set_name(f, "anon_inode:[signalfd]");
	unsigned long lf = spin_lock(&all_lock);
	s->next = all;
	__atomic_store_n(&all, s, __ATOMIC_RELEASE);
	spin_unlock(&all_lock, lf);
	int fd = fd_install(f, 0, flags & O_CLOEXEC);
	file_release(f);
	return fd;
}

int fs_signalfd(int fd, uint64_t mask, int flags)
{
	if (flags & ~(O_CLOEXEC | O_NONBLOCK))
		return -EINVAL;
	if (!__atomic_load_n(&source, __ATOMIC_ACQUIRE))
		return -ENOSYS; /* the libc gives its source first */
	if (fd == -1)
		return signalfd_new(mask, flags);
	struct file *f = fd_get(fd);
	int err = !f ? -EBADF : f->ops != &signalfd_ops ? -EINVAL : 0;
	if (!err) {
		struct signalfd *s = f->data;
		unsigned long qf = spin_lock(&s->q.lock);
		s->mask = mask;
		spin_unlock(&s->q.lock, qf);
		/* Signals of the new mask may be pending already. */
		file_poll_notify(&s->src, FILE_POLL_IN);
	}
	file_release(f);
	return err ? err : fd;
}
