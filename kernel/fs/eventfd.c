/*
 * eventfd: a 64-bit counter as a file.  A write of 8 bytes adds to it,
 * waiting while the sum would pass UINT64_MAX - 1; a read of 8 bytes
 * takes all of it (or 1, with EFD_SEMAPHORE), waiting while it is 0.
 * The wait queue's lock guards the counter; pollers are told of every
 * change, as Linux tells them: a write makes it readable, a read
 * writable.
 */
#include <errno.h>
#include <fcntl.h>
#include <string.h>

#include "fd.h"
#include "fs_calls.h"
#include "mm.h"
#include "thread.h"
#include "uaccess.h"
#include "vm.h"

#define EFD_SEMAPHORE 1
#define EVENTFD_MAX (UINT64_MAX - 1)

struct eventfd {
	struct waitq q;
	uint64_t count;
	bool semaphore;
	struct file_poll_src src;
};

/* Waits (unless O_NONBLOCK) until ready(e, arg); the lock is held. */
static long wait_until(struct file *f,
		       bool (*ready)(struct eventfd *, uint64_t), uint64_t arg)
{
	struct eventfd *e = f->data;
	long r = 0;
	while (!ready(e, arg) && r == 0) {
		if (f->flags & O_NONBLOCK)
			r = -EAGAIN;
		else
			r = waitq_wait_locked(&e->q, THREAD_NO_DEADLINE, true);
	}
	return r;
}

static bool nonzero(struct eventfd *e, uint64_t unused)
{
	(void)unused;
	return e->count != 0;
}

static bool room_for(struct eventfd *e, uint64_t add)
{
	return EVENTFD_MAX - e->count >= add;
}

/*
 * Applies a change made under the lock: waiters and pollers look again,
 * for events.
 */
static void changed(struct eventfd *e, unsigned long flags, unsigned events)
{
	waitq_wake_locked(&e->q, 1 << 30);
	spin_unlock(&e->q.lock, flags);
	file_poll_notify(&e->src, events);
}

static long eventfd_read(struct file *f, void *buf, size_t len, uint64_t *off)
{
	(void)off;
	struct eventfd *e = f->data;
	if (len < sizeof(uint64_t))
		return -EINVAL;
	/* EFAULT before the count is taken, not a fault after */
	if (vm_prepare(buf, sizeof(uint64_t), VM_ACCESS_WRITE))
		return -EFAULT;
	unsigned long flags = spin_lock(&e->q.lock);
	long r = wait_until(f, nonzero, 0);
	if (r) {
		spin_unlock(&e->q.lock, flags);
		return r;
	}
	uint64_t v = e->semaphore ? 1 : e->count;
	e->count -= v;
	changed(e, flags, FILE_POLL_OUT);
	/* unmapped since the vm_prepare(): the count is lost */
	return put_program(buf, &v, sizeof(v)) ? -EFAULT : (long)sizeof(v);
}

static long eventfd_write(struct file *f, const void *buf, size_t len,
			  uint64_t *off)
{
	(void)off;
	struct eventfd *e = f->data;
	uint64_t v;
	if (len < sizeof(v))
		return -EINVAL;
	if (get_program(&v, buf, sizeof(v)))
		return -EFAULT;
	if (v == UINT64_MAX)
		return -EINVAL;
	unsigned long flags = spin_lock(&e->q.lock);
	long r = wait_until(f, room_for, v);
	if (r) {
		spin_unlock(&e->q.lock, flags);
		return r;
	}
	e->count += v;
	changed(e, flags, FILE_POLL_IN);
	return sizeof(v);
}

static unsigned eventfd_poll(struct file *f)
{
	struct eventfd *e = f->data;
	unsigned long flags = spin_lock(&e->q.lock);
	unsigned ready = (e->count ? FILE_POLL_IN : 0) |
			 (e->count < EVENTFD_MAX ? FILE_POLL_OUT : 0);
	spin_unlock(&e->q.lock, flags);
	return ready;
}

static void eventfd_close(struct file *f)
{
	heap_free(f->data);
}

static const struct file_ops eventfd_ops = {
    .read = eventfd_read,
    .write = eventfd_write,
    .stat = file_anon_stat,
    .close = eventfd_close,
    .poll = eventfd_poll,
};

int fs_eventfd(unsigned initval, int flags)
{
	if (flags & ~(O_CLOEXEC | O_NONBLOCK | EFD_SEMAPHORE))
		return -EINVAL;
	struct eventfd *e = heap_calloc(1, sizeof(*e));
	struct file *f =
	    e ? file_new(&eventfd_ops, NULL, O_RDWR | (flags & O_NONBLOCK), e)
	      : NULL;
	if (!f) {
		heap_free(e);
		return -ENOMEM;
	}
	e->count = initval;
	e->semaphore = flags & EFD_SEMAPHORE;
	f->poll_src = &e->src;
	file_set_name(f, "anon_inode:[eventfd]");
	int fd = fd_install(f, 0, flags & O_CLOEXEC);
	file_release(f);
	return fd;
}
