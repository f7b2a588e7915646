/*
 * poll(2) for every kind of open file.  Each kind says what it is ready
 * for (file_ops.poll); rather than a wait queue per file, there is one
 * for all pollers, woken by file_poll_notify() whenever some file's
 * readiness may have changed (input came, a pipe was written).  There
 * is one process and pollers are few, so a poller woken for another
 * file only looks again.  A sequence number, bumped by each
 * notification, closes the gap between looking and sleeping: a poller
 * sleeps only if nothing was notified since it began to look.
 *
 * A notification also names what changed (struct file_poll_src), whose
 * watchers (epoll items) are told: epoll looks only at what notified.
 */
#include <errno.h>

#include "clock.h"
#include "fd.h"
#include "fs_calls.h"
#include "thread.h"

static struct waitq poll_wq = WAITQ_INIT; /* its lock guards poll_seq */
static unsigned long poll_seq;

void file_poll_notify(struct file_poll_src *src, unsigned events)
{
	if (events & (FILE_POLL_ERR | FILE_POLL_HUP))
		events |= FILE_POLL_IN | FILE_POLL_OUT; /* every watcher's */
	unsigned long flags = spin_lock(&poll_wq.lock);
	for (struct file_poll_watch *w = src ? src->watchers : NULL; w;
	     w = w->next)
		if (w->events & events)
			w->notified(w);
	poll_seq++;
	waitq_wake_locked(&poll_wq, 1 << 30);
	spin_unlock(&poll_wq.lock, flags);
}

unsigned long file_poll_lock(void)
{
	return spin_lock(&poll_wq.lock);
}

void file_poll_unlock(unsigned long flags)
{
	spin_unlock(&poll_wq.lock, flags);
}

bool file_poll_watch(struct file *f, struct file_poll_watch *w)
{
	struct file_poll_src *src = f->poll_src;
	if (!src)
		return false;
	unsigned long flags = spin_lock(&poll_wq.lock);
	w->next = src->watchers;
	if (w->next)
		w->next->pprev = &w->next;
	w->pprev = &src->watchers;
	src->watchers = w;
	spin_unlock(&poll_wq.lock, flags);
	return true;
}

void file_poll_unwatch(struct file_poll_watch *w)
{
	unsigned long flags = spin_lock(&poll_wq.lock);
	if (w->pprev) {
		*w->pprev = w->next;
		if (w->next)
			w->next->pprev = w->pprev;
		w->pprev = NULL;
	}
	spin_unlock(&poll_wq.lock, flags);
}

unsigned long file_poll_seq(void)
{
	return __atomic_load_n(&poll_seq, __ATOMIC_ACQUIRE);
}

/* What fd is ready for, of events (and always ERR, HUP, NVAL). */
static unsigned poll_one(int fd, short events, bool *polled)
{
	if (fd < 0)
		return 0; /* ignored, as poll(2) says */
	struct file *f = fd_get(fd);
	if (!f)
		return FILE_POLL_NVAL;
	unsigned ready =
	    f->ops->poll ? f->ops->poll(f) : FILE_POLL_IN | FILE_POLL_OUT;
	file_release(f);
	*polled |= (ready & FILE_POLL_POLLED) != 0;
	return ready & ((unsigned short)events | FILE_POLL_ERR | FILE_POLL_HUP);
}

struct poll_set {
	struct fs_pollfd *fds;
	size_t n;
};

static long poll_all(void *ctx, bool *polled)
{
	struct poll_set *set = ctx;
	int count = 0;
	for (size_t i = 0; i < set->n; i++) {
		struct fs_pollfd *p = &set->fds[i];
		p->revents = (short)poll_one(p->fd, p->events, polled);
		count += p->revents != 0;
	}
	return count;
}

long file_poll_wait(file_poll_scan scan, void *ctx, int64_t timeout_ns)
{
	uint64_t start = clock_monotonic();
	/* beyond a deadline word's range (timer.h) is no deadline at all */
	uint64_t deadline =
	    timeout_ns < 0 || (uint64_t)timeout_ns > TIMER_NS_MAX - start
		? THREAD_NO_DEADLINE
		: start + (uint64_t)timeout_ns;
	for (;;) {
		unsigned long seq = file_poll_seq();
		bool polled = false;
		long count = scan(ctx, &polled);
		if (count || timeout_ns == 0)
			return count;
		uint64_t now = clock_monotonic();
		if (now >= deadline)
			return 0;
		uint64_t wake = deadline;
		if (polled && deadline - now > FILE_POLL_INTERVAL_NS)
			wake = now + FILE_POLL_INTERVAL_NS;
		unsigned long flags = spin_lock(&poll_wq.lock);
		int r = 0;
		if (poll_seq == seq)
			r = waitq_wait_locked(&poll_wq, wake, true);
		spin_unlock(&poll_wq.lock, flags);
		if (r == -EINTR)
			return -EINTR;
	}
}

int fs_poll(struct fs_pollfd *fds, size_t n, int64_t timeout_ns)
{
	if (n > FD_MAX)
		return -EINVAL;
	struct poll_set set = {fds, n};
	return (int)file_poll_wait(poll_all, &set, timeout_ns);
}
