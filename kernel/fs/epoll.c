/*
 * epoll: interest sets over file_ops.poll.  An instance holds items
 * (a descriptor, its open file, the events asked for, the caller's
 * data); epoll_wait scans them as poll does, in poll's wait
 * (file_poll_wait), so it sees every kind of file poll sees.
 *
 * There is no wait queue per file to say when a file's readiness
 * changed, only the count of notifications (file_poll_seq), so an edge
 * (EPOLLET) is "a notification since the item was last reported": an
 * item reported at count s is not reported again while the count is s.
 * No edge is lost; an item still ready may be reported again after
 * another file's notification, which a program reading until EAGAIN,
 * as edge triggering asks, sees as one EAGAIN more.  A file that
 * cannot notify (FILE_POLL_POLLED) has no edges to see: its
 * edge-triggered items are reported as level-triggered ones.
 *
 * Items do not hold their file: as on Linux, an item leaves its set when
 * the last reference to its file goes (file_unwatch, called before the
 * file's close), so a file still open through a dup() stays watched
 * after close(fd).
 *
 * Locks: an instance's sleeplock guards its items, and scans call
 * file_ops.poll under it, so no watched file is freed under a scan
 * (file_unwatch takes it first).  all_lock guards the list of instances
 * and is taken before an instance's lock; adding an instance to
 * another holds it too.  An instance that holds another cannot be added
 * to one (ELOOP; Linux allows four levels): no cycle can form, and a
 * nested instance's lock is always taken under its container's.
 */
#include <errno.h>
#include <fcntl.h>

#include "fd.h"
#include "fs_calls.h"
#include "mm.h"
#include "sleeplock.h"

/* Linux's values */
#define EP_IN 0x001u
#define EP_OUT 0x004u
#define EP_ERR 0x008u
#define EP_HUP 0x010u
#define EP_RDNORM 0x040u
#define EP_WRNORM 0x100u
#define EP_EVENTS 0x3fffu /* EPOLLIN ... EPOLLRDHUP */
#define EP_EXCLUSIVE (1u << 28)
#define EP_WAKEUP (1u << 29)
#define EP_ONESHOT (1u << 30)
#define EP_ET (1u << 31)
#define EP_EXCLUSIVE_OK                                                        \
	(EP_IN | EP_OUT | EP_ERR | EP_HUP | EP_WAKEUP | EP_ET | EP_EXCLUSIVE)
#define EP_CTL_ADD 1
#define EP_CTL_DEL 2
#define EP_CTL_MOD 3

struct epoll_item {
	struct file *file;
	int fd;
	uint32_t events; /* asked for, with EPOLLERR, EPOLLHUP and flags */
	uint64_t data;
	bool disarmed; /* a one-shot item reported, until EPOLL_CTL_MOD */
	bool reported; /* at notification count seq (for EPOLLET) */
	unsigned long seq;
};

struct epoll {
	struct sleeplock lock;
	struct epoll_item *items;
	size_t count, cap;
	size_t next;	    /* where a scan starts: ready items take turns */
	unsigned nested;    /* items that are epoll instances */
	struct epoll *link; /* the list of instances */
};

static struct sleeplock all_lock;
static struct epoll *all;

static const struct file_ops epoll_ops;

/*
 * What it is ready for now and should report (0: nothing).  A file that
 * cannot notify (FILE_POLL_POLLED) makes no edges: its edge-triggered
 * items are reported as level-triggered ones, which loses none.
 */
static uint32_t item_ready(struct epoll_item *it, unsigned long seq,
			   bool *polled)
{
	if (it->disarmed)
		return 0;
	unsigned r = it->file->ops->poll(it->file);
	bool no_edges = (r & FILE_POLL_POLLED) != 0;
	*polled |= no_edges;
	if ((it->events & EP_ET) && it->reported && it->seq == seq && !no_edges)
		return 0;
	if (r & FILE_POLL_IN)
		r |= EP_RDNORM;
	if (r & FILE_POLL_OUT)
		r |= EP_WRNORM;
	return r & it->events & EP_EVENTS;
}

struct epoll_wait_ctx {
	struct epoll *ep;
	struct fs_epoll_event *out;
	int max;
};

static long epoll_scan(void *ctx, unsigned long seq, bool *polled)
{
	struct epoll_wait_ctx *w = ctx;
	struct epoll *ep = w->ep;
	int n = 0;
	sleep_lock(&ep->lock);
	size_t start = ep->next;
	for (size_t k = 0; k < ep->count && n < w->max; k++) {
		size_t i = (start + k) % ep->count;
		struct epoll_item *it = &ep->items[i];
		uint32_t ready = item_ready(it, seq, polled);
		if (!ready)
			continue;
		w->out[n].events = ready;
		w->out[n].data = it->data;
		n++;
		it->reported = true;
		it->seq = seq;
		it->disarmed = (it->events & EP_ONESHOT) != 0;
		ep->next = (i + 1) % ep->count;
	}
	sleep_unlock(&ep->lock);
	return n;
}

/* Readable when epoll_wait would report something. */
static unsigned epoll_poll(struct file *f)
{
	struct epoll *ep = f->data;
	unsigned long seq = file_poll_seq();
	bool polled = false, any = false;
	sleep_lock(&ep->lock);
	for (size_t i = 0; i < ep->count && !any; i++)
		any = item_ready(&ep->items[i], seq, &polled) != 0;
	sleep_unlock(&ep->lock);
	return (any ? FILE_POLL_IN : 0) | (polled ? FILE_POLL_POLLED : 0);
}

static void remove_item(struct epoll *ep, size_t i)
{
	if (ep->items[i].file->ops == &epoll_ops)
		ep->nested--;
	ep->items[i] = ep->items[--ep->count];
	if (ep->next >= ep->count)
		ep->next = 0;
}

static void epoll_close(struct file *f)
{
	struct epoll *ep = f->data;
	sleep_lock(&all_lock);
	for (struct epoll **p = &all; *p; p = &(*p)->link)
		if (*p == ep) {
			*p = ep->link;
			break;
		}
	for (size_t i = 0; i < ep->count; i++)
		__atomic_sub_fetch(&ep->items[i].file->watched, 1,
				   __ATOMIC_RELAXED);
	sleep_unlock(&all_lock);
	heap_free(ep->items);
	heap_free(ep);
}

/* Not read or written, as on Linux. */
static long epoll_read(struct file *f, void *buf, size_t len, uint64_t *off)
{
	(void)f, (void)buf, (void)len, (void)off;
	return -EINVAL;
}

static long epoll_write(struct file *f, const void *buf, size_t len,
			uint64_t *off)
{
	(void)f, (void)buf, (void)len, (void)off;
	return -EINVAL;
}

static int epoll_stat(struct file *f, struct vfs_attr *attr)
{
	(void)f;
	*attr = (struct vfs_attr){.mode = 0600, .nlink = 1};
	return 0;
}

static const struct file_ops epoll_ops = {
    .read = epoll_read,
    .write = epoll_write,
    .stat = epoll_stat,
    .close = epoll_close,
    .poll = epoll_poll,
};

/* file_unwatch: f's last reference went; no set may keep it. */
static void epoll_file_gone(struct file *f)
{
	sleep_lock(&all_lock);
	for (struct epoll *ep = all; ep; ep = ep->link) {
		sleep_lock(&ep->lock);
		for (size_t i = ep->count; i-- > 0;)
			if (ep->items[i].file == f)
				remove_item(ep, i);
		sleep_unlock(&ep->lock);
	}
	sleep_unlock(&all_lock);
}

int fs_epoll_create1(int flags)
{
	if (flags & ~O_CLOEXEC)
		return -EINVAL;
	struct epoll *ep = heap_calloc(1, sizeof(*ep));
	struct file *f = ep ? file_new(&epoll_ops, NULL, O_RDWR, ep) : NULL;
	if (!f) {
		heap_free(ep);
		return -ENOMEM;
	}
	sleep_lock(&all_lock);
	ep->link = all;
	all = ep;
	file_unwatch = epoll_file_gone;
	sleep_unlock(&all_lock);
	file_set_name(f, "anon_inode:[eventpoll]");
	int fd = fd_install(f, 0, flags & O_CLOEXEC);
	file_release(f);
	return fd;
}

static struct epoll_item *find_item(struct epoll *ep, struct file *f, int fd)
{
	for (size_t i = 0; i < ep->count; i++)
		if (ep->items[i].file == f && ep->items[i].fd == fd)
			return &ep->items[i];
	return NULL;
}

static void set_item(struct epoll_item *it, const struct fs_epoll_event *ev)
{
	it->events = ev->events | EP_ERR | EP_HUP;
	it->data = ev->data;
	it->disarmed = it->reported = false;
}

static int add_item(struct epoll *ep, struct file *f, int fd,
		    const struct fs_epoll_event *ev)
{
	if (find_item(ep, f, fd))
		return -EEXIST;
	if (ep->count == ep->cap) {
		size_t cap = ep->cap ? 2 * ep->cap : 8;
		void *items = heap_realloc(ep->items, cap * sizeof(*ep->items));
		if (!items)
			return -ENOMEM;
		ep->items = items;
		ep->cap = cap;
	}
	struct epoll_item *it = &ep->items[ep->count++];
	*it = (struct epoll_item){.file = f, .fd = fd};
	set_item(it, ev);
	__atomic_add_fetch(&f->watched, 1, __ATOMIC_RELAXED);
	if (f->ops == &epoll_ops)
		ep->nested++;
	return 0;
}

static int apply(struct epoll *ep, int op, struct file *f, int fd,
		 const struct fs_epoll_event *ev)
{
	if (op == EP_CTL_ADD)
		return add_item(ep, f, fd, ev);
	struct epoll_item *it = find_item(ep, f, fd);
	if (!it)
		return -ENOENT;
	if (op == EP_CTL_MOD) {
		if (it->events & EP_EXCLUSIVE)
			return -EINVAL;
		set_item(it, ev);
	} else {
		__atomic_sub_fetch(&f->watched, 1, __ATOMIC_RELAXED);
		remove_item(ep, (size_t)(it - ep->items));
	}
	return 0;
}

/* Regular files and directories: always ready, so epoll refuses them. */
static bool can_poll(const struct file *f)
{
	return f->ops->poll && (!f->vn || f->vn->ops->poll);
}

/* The checks Linux makes, in its order, before looking at the set. */
static int check_ctl(struct file *ef, struct file *f, int op,
		     const struct fs_epoll_event *ev)
{
	if (!ef || !f)
		return -EBADF;
	if (!can_poll(f))
		return -EPERM;
	if (ef == f || ef->ops != &epoll_ops)
		return -EINVAL;
	if (op != EP_CTL_ADD && op != EP_CTL_MOD && op != EP_CTL_DEL)
		return -EINVAL;
	if (op != EP_CTL_DEL && (ev->events & EP_EXCLUSIVE) &&
	    (op == EP_CTL_MOD || f->ops == &epoll_ops ||
	     (ev->events & ~EP_EXCLUSIVE_OK)))
		return -EINVAL;
	return 0;
}

static int ctl(struct epoll *ep, int op, struct file *f, int fd,
	       const struct fs_epoll_event *ev)
{
	bool adds_epoll = op == EP_CTL_ADD && f->ops == &epoll_ops;
	int r = 0;
	if (adds_epoll) {
		/* one level of nesting: no cycle can be made */
		sleep_lock(&all_lock);
		struct epoll *inner = f->data;
		if (__atomic_load_n(&inner->nested, __ATOMIC_RELAXED))
			r = -ELOOP;
	}
	if (r == 0) {
		sleep_lock(&ep->lock);
		r = apply(ep, op, f, fd, ev);
		sleep_unlock(&ep->lock);
	}
	if (adds_epoll)
		sleep_unlock(&all_lock);
	return r;
}

int fs_epoll_ctl(int epfd, int op, int fd, const struct fs_epoll_event *ev)
{
	if (!ev && op != EP_CTL_DEL)
		return -EFAULT;
	struct file *ef = fd_get(epfd);
	struct file *f = fd_get(fd);
	int r = check_ctl(ef, f, op, ev);
	if (r == 0)
		r = ctl(ef->data, op, f, fd, ev);
	file_release(f);
	file_release(ef);
	if (r == 0 && op != EP_CTL_DEL)
		file_poll_notify(); /* waiters look at the new item */
	return r;
}

int fs_epoll_wait(int epfd, struct fs_epoll_event *events, int max,
		  int64_t timeout_ns)
{
	if (max <= 0 || (size_t)max > INT32_MAX / sizeof(*events))
		return -EINVAL;
	if (!events)
		return -EFAULT;
	struct file *ef = fd_get(epfd);
	if (!ef)
		return -EBADF;
	long r = -EINVAL;
	if (ef->ops == &epoll_ops) {
		struct epoll_wait_ctx w = {ef->data, events, max};
		r = file_poll_wait(epoll_scan, &w, timeout_ns);
	}
	file_release(ef);
	return (int)r;
}
