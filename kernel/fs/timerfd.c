/*
 * timerfd: a timer as a file, read for the count of expirations since
 * the last read.  The count is worked out from the clock when asked
 * (next expiry, interval), so an interval timer nobody reads costs
 * nothing; a kernel timer (timer.h) only wakes readers and pollers at
 * the next expiry.  The wait queue's lock guards the rest.
 *
 * A CLOCK_REALTIME timer armed at an absolute time is on the wall
 * clock, its kernel timer too, so setting the clock moves it (timer.h);
 * one armed for a time from now is on the monotonic clock, as on Linux.
 * TFD_TIMER_CANCEL_ON_SET (with TFD_TIMER_ABSTIME) arms the kernel
 * timer to run at any set as well: a set since the settime
 * (clock_realtime_sets() changed) makes the fd readable and the next
 * read fail with ECANCELED, once a set; the timer stays armed.
 *
 * The alarm clocks are Linux's for waking a suspended machine; there is
 * no suspend here and the program has CAP_WAKE_ALARM, so
 * CLOCK_REALTIME_ALARM is CLOCK_REALTIME and CLOCK_BOOTTIME_ALARM is
 * CLOCK_BOOTTIME (the monotonic clock).  TFD_IOC_SET_TICKS sets the
 * count the next read returns (before the expirations after it), as
 * Linux's ioctl does for checkpoint/restore.
 */
#include <errno.h>
#include <fcntl.h>
#include <string.h>

#include "clock.h"
#include "fd.h"
#include "fs_calls.h"
#include "mm.h"
#include "thread.h"
#include "uaccess.h"
#include "vm.h"
#include "timer.h"

#define TFD_TIMER_ABSTIME 1
#define TFD_TIMER_CANCEL_ON_SET 2
#define CLOCK_REALTIME_ID 0
#define CLOCK_MONOTONIC_ID 1
#define CLOCK_BOOTTIME_ID 7
#define CLOCK_REALTIME_ALARM_ID 8
#define CLOCK_BOOTTIME_ALARM_ID 9
#define TFD_IOC_SET_TICKS 0x40085400UL /* _IOW('T', 0, __u64) */

struct timerfd {
	struct waitq q;
	struct timer timer;
	bool realtime;	    /* created on CLOCK_REALTIME */
	bool wall;	    /* and armed at an absolute time: next is on it */
	bool cancel_on_set; /* TFD_TIMER_CANCEL_ON_SET, on the wall clock */
	uint64_t sets;	    /* clock_realtime_sets() at settime or last read */
	uint64_t next;	    /* the next expiry on its clock (ns); 0: disarmed */
	uint64_t interval;  /* ns; 0: once */
	uint64_t ticks;	    /* TFD_IOC_SET_TICKS's count, not read yet */
	struct file_poll_src src;
};

static uint64_t now_on(const struct timerfd *t)
{
	return t->wall ? clock_realtime() : clock_monotonic();
}

/* Expirations of the clock not read yet, at now. */
static uint64_t due(const struct timerfd *t, uint64_t now)
{
	if (!t->next || now < t->next)
		return 0;
	return t->interval ? 1 + (now - t->next) / t->interval : 1;
}

/* What a read returns now (0: it waits). */
static uint64_t unread(const struct timerfd *t)
{
	return t->ticks + due(t, now_on(t));
}

/* The wall clock was set since the settime or the last read said so. */
static bool cancelled(const struct timerfd *t)
{
	return t->cancel_on_set && clock_realtime_sets() != t->sets;
}

/* The deadline word (timer.h) of t->next, or of a clock set only. */
static uint64_t deadline_word(const struct timerfd *t)
{
	if (!t->wall)
		return t->next;
	uint64_t word = timer_realtime_deadline(t->next ? t->next : UINT64_MAX);
	return t->cancel_on_set ? word | TIMER_ON_CLOCK_SET : word;
}

/* The caller holds t->q.lock. */
static void arm(struct timerfd *t)
{
	timer_cancel(&t->timer);
	if (t->next || t->cancel_on_set)
		timer_arm(&t->timer, deadline_word(t));
}

static void expired(struct timer *timer)
{
	struct timerfd *t = timer->arg;
	unsigned long flags = spin_lock(&t->q.lock);
	bool ready = unread(t) != 0 || cancelled(t);
	if (ready)
		waitq_wake_locked(&t->q, 1 << 30);
	else
		arm(t); /* a set that moved it on (or back) */
	spin_unlock(&t->q.lock, flags);
	if (ready)
		file_poll_notify(&t->src, FILE_POLL_IN);
}

/* Counts n expirations of the clock and set ticks as read; t->q.lock held. */
static void take_expirations(struct timerfd *t, uint64_t n)
{
	t->ticks = 0;
	if (!n)
		return;
	t->next = t->interval ? t->next + n * t->interval : 0;
	arm(t);
}

static long timerfd_read(struct file *f, void *buf, size_t len, uint64_t *off)
{
	(void)off;
	struct timerfd *t = f->data;
	if (len < sizeof(uint64_t))
		return -EINVAL;
	/* EFAULT before the expirations are taken, not a fault after */
	if (vm_prepare(buf, sizeof(uint64_t), VM_ACCESS_WRITE))
		return -EFAULT;
	unsigned long flags = spin_lock(&t->q.lock);
	uint64_t n = 0;
	long r = 0;
	/* A set wins over expirations, as on Linux: it may be why they are. */
	while (r == 0 && !cancelled(t) && !(n = unread(t))) {
		if (f->flags & O_NONBLOCK)
			r = -EAGAIN;
		else
			r = waitq_wait_locked(&t->q,
					      t->next ? deadline_word(t)
						      : THREAD_NO_DEADLINE,
					      true);
		if (r == -ETIMEDOUT)
			r = 0;
	}
	if (r == 0 && cancelled(t)) {
		t->sets = clock_realtime_sets();
		arm(t);
		n = 0;
		r = -ECANCELED;
	}
	if (n)
		take_expirations(t, n - t->ticks);
	spin_unlock(&t->q.lock, flags);
	if (r)
		return r;
	/* unmapped since the vm_prepare(): the expirations are lost */
	return put_program(buf, &n, sizeof(n)) ? -EFAULT : (long)sizeof(n);
}

/* Not written, as on Linux. */
static long timerfd_write(struct file *f, const void *buf, size_t len,
			  uint64_t *off)
{
	(void)f, (void)buf, (void)len, (void)off;
	return -EINVAL;
}

static unsigned timerfd_poll(struct file *f)
{
	struct timerfd *t = f->data;
	unsigned long flags = spin_lock(&t->q.lock);
	bool ready = unread(t) != 0 || cancelled(t);
	spin_unlock(&t->q.lock, flags);
	return ready ? FILE_POLL_IN : 0;
}

/* TFD_IOC_SET_TICKS: *arg (a u64, not 0) replaces the unread count. */
static int timerfd_ioctl(struct file *f, unsigned long cmd, void *arg)
{
	struct timerfd *t = f->data;
	if (cmd != TFD_IOC_SET_TICKS)
		return -ENOTTY;
	if (!arg)
		return -EFAULT;
	uint64_t ticks;
	memcpy(&ticks, arg, sizeof(ticks));
	if (!ticks)
		return -EINVAL;
	unsigned long flags = spin_lock(&t->q.lock);
	/* A set not read yet wins, as for a read. */
	int r = cancelled(t) ? -ECANCELED : 0;
	if (!r) {
		take_expirations(t, due(t, now_on(t)));
		t->ticks = ticks;
		waitq_wake_locked(&t->q, 1 << 30);
	}
	spin_unlock(&t->q.lock, flags);
	if (!r)
		file_poll_notify(&t->src, FILE_POLL_IN);
	return r;
}

static void timerfd_close(struct file *f)
{
	struct timerfd *t = f->data;
	timer_cancel_sync(&t->timer);
	heap_free(t);
}

static const struct file_ops timerfd_ops = {
    .read = timerfd_read,
    .write = timerfd_write,
    .stat = file_anon_stat,
    .close = timerfd_close,
    .poll = timerfd_poll,
    .ioctl = timerfd_ioctl,
};

int fs_timerfd_create(int clock, int flags)
{
	bool realtime =
	    clock == CLOCK_REALTIME_ID || clock == CLOCK_REALTIME_ALARM_ID;
	if (!realtime && clock != CLOCK_MONOTONIC_ID &&
	    clock != CLOCK_BOOTTIME_ID && clock != CLOCK_BOOTTIME_ALARM_ID)
		return -EINVAL;
	if (flags & ~(O_CLOEXEC | O_NONBLOCK))
		return -EINVAL;
	struct timerfd *t = heap_calloc(1, sizeof(*t));
	struct file *f =
	    t ? file_new(&timerfd_ops, NULL, O_RDWR | (flags & O_NONBLOCK), t)
	      : NULL;
	if (!f) {
		heap_free(t);
		return -ENOMEM;
	}
	t->realtime = realtime;
	if (t->realtime)
		clock_realtime(); /* its first use, from a thread, unlocked */
	timer_setup(&t->timer, expired, t);
	f->poll_src = &t->src;
	file_set_name(f, "anon_inode:[timerfd]");
	int fd = fd_install(f, 0, flags & O_CLOEXEC);
	file_release(f);
	return fd;
}

/* -1 for a timespec out of range. */
static int64_t ns_of(const struct timespec *ts)
{
	if (ts->tv_sec < 0 || ts->tv_nsec < 0 || ts->tv_nsec >= 1000000000L)
		return -1;
	if ((uint64_t)ts->tv_sec >= INT64_MAX / NSEC_PER_SEC)
		return INT64_MAX;
	return ts->tv_sec * (int64_t)NSEC_PER_SEC + ts->tv_nsec;
}

static struct timespec timespec_of(uint64_t ns)
{
	return (struct timespec){(time_t)(ns / NSEC_PER_SEC),
				 (long)(ns % NSEC_PER_SEC)};
}

/* The timer of fd, referenced, or NULL (*err says why). */
static struct file *timerfd_get(int fd, int *err)
{
	struct file *f = fd_get(fd);
	*err = !f ? -EBADF : f->ops != &timerfd_ops ? -EINVAL : 0;
	if (*err) {
		file_release(f);
		return NULL;
	}
	return f;
}

/* The caller holds t->q.lock. */
static void current(const struct timerfd *t, struct fs_itimerspec *cur)
{
	uint64_t now = now_on(t), left = 0;
	if (t->next && now < t->next)
		left = t->next - now;
	else if (t->next && t->interval)
		left = t->interval - (now - t->next) % t->interval;
	cur->interval = timespec_of(t->interval);
	cur->value = timespec_of(left);
}

int fs_timerfd_gettime(int fd, struct fs_itimerspec *cur)
{
	int err;
	struct file *f = timerfd_get(fd, &err);
	if (!f)
		return err;
	struct timerfd *t = f->data;
	/* stored after the lock: the caller's memory may need a fault */
	struct fs_itimerspec now;
	unsigned long flags = spin_lock(&t->q.lock);
	current(t, &now);
	spin_unlock(&t->q.lock, flags);
	file_release(f);
	return put_program(cur, &now, sizeof(now));
}

int fs_timerfd_settime(int fd, int flags, const struct fs_itimerspec *new,
		       struct fs_itimerspec *old)
{
	int err;
	struct file *f = timerfd_get(fd, &err);
	if (!f)
		return err;
	int64_t value = ns_of(&new->value), interval = ns_of(&new->interval);
	if (value < 0 || interval < 0 ||
	    (flags & ~(TFD_TIMER_ABSTIME | TFD_TIMER_CANCEL_ON_SET))) {
		file_release(f);
		return -EINVAL;
	}
	struct timerfd *t = f->data;
	if (old && vm_prepare(old, sizeof(*old), VM_ACCESS_WRITE)) {
		file_release(f);
		return -EFAULT;
	}
	struct fs_itimerspec was;
	unsigned long lock = spin_lock(&t->q.lock);
	current(t, &was);
	/* Linux's documented quirk: ECANCELED, yet armed anew. */
	int result = cancelled(t) ? -ECANCELED : 0;
	t->interval = (uint64_t)interval;
	t->ticks = 0; /* a count set before counts the old timer */
	t->next = (uint64_t)value;
	t->wall = t->realtime && (flags & TFD_TIMER_ABSTIME);
	if (value && !(flags & TFD_TIMER_ABSTIME))
		t->next += now_on(t);
	t->cancel_on_set = t->wall && (flags & TFD_TIMER_CANCEL_ON_SET);
	t->sets = clock_realtime_sets();
	arm(t);
	waitq_wake_locked(&t->q, 1 << 30); /* readers wait for the new time */
	spin_unlock(&t->q.lock, lock);
	file_release(f);
	if (old && put_program(old, &was, sizeof(was)))
		result = -EFAULT; /* unmapped since the vm_prepare() */
	/* pollers look again; an expiry, even a past one, is expired()'s */
	file_poll_notify(NULL, 0);
	return result;
}
