/*
 * epoll: interest sets over file_ops.poll.  An instance holds items
 * (a descriptor, its open file, the events asked for, the caller's
 * data); epoll_wait scans them as poll does, in poll's wait
 * (file_poll_wait), so it sees every kind of file poll sees.
 *
 * An edge (EPOLLET) is a notification of the item's own file since it
 * was last reported (file_poll_count: the counts of its kind's
 * struct file_poll_src), for the direction the item asks for, as
 * Linux's wake-ups carry their events: a pipe's read notifies its write
 * end only, an eventfd's read its writers only.  Files without counts
 * of their own (an epoll instance, a device opened by path) take every
 * notification of every file for an edge: none is lost, and one still
 * ready may be reported again.  A file that cannot notify
 * (FILE_POLL_POLLED) has no edges to see: its edge-triggered items are
 * reported as level-triggered ones.
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
 * another holds it too.  Instances nest as on Linux: an add that would
 * make a cycle, or a chain of more than EP_MAX_NESTS containments,
 * fails with ELOOP.  So a contained instance's lock is always taken
 * under its container's, never the other way.
 */
#include <errno.h>
#include <fcntl.h>

#include "fd.h"
#include "fs_calls.h"
#include "mm.h"
#include "sleeplock.h"

/* Linux's values */
#define EP_IN 0x001u
#define EP_PRI 0x002u
#define EP_OUT 0x004u
#define EP_ERR 0x008u
#define EP_HUP 0x010u
#define EP_RDNORM 0x040u
#define EP_RDBAND 0x080u
#define EP_WRNORM 0x100u
#define EP_WRBAND 0x200u
#define EP_RDHUP 0x2000u
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
#define EP_MAX_NESTS 4 /* instances in instances: five in a chain */
#define EP_READ_SIDE (EP_IN | EP_PRI | EP_RDNORM | EP_RDBAND | EP_RDHUP)
#define EP_WRITE_SIDE (EP_OUT | EP_WRNORM | EP_WRBAND)

struct epoll_item {
	struct file *file;
	int fd;
	uint32_t events; /* asked for, with EPOLLERR, EPOLLHUP and flags */
	uint64_t data;
	bool disarmed; /* a one-shot item reported, until EPOLL_CTL_MOD */
	bool reported; /* with its file's counts at seen (for EPOLLET) */
	struct file_poll_src seen;
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
/*
 * Whether counts moved since it was reported, in the directions it asks
 * for (HUP and ERR move both; an item asking for neither sees both).
 */
static bool moved(const struct epoll_item *it, struct file_poll_src now)
{
	bool reads = it->events & EP_READ_SIDE,
	     writes = it->events & EP_WRITE_SIDE;
	bool any = !reads && !writes;
	return ((reads || any) && now.in != it->seen.in) ||
	       ((writes || any) && now.out != it->seen.out);
}

/*
 * What it is ready for now and should report (0: nothing), with *now
 * its file's counts read before looking.  A file that cannot notify
 * (FILE_POLL_POLLED) makes no edges: its edge-triggered items are
 * reported as level-triggered ones, which loses none.
 */
static uint32_t item_ready(struct epoll_item *it, struct file_poll_src *now,
			   bool *polled)
{
	if (it->disarmed)
		return 0;
	*now = file_poll_count(it->file);
	unsigned r = it->file->ops->poll(it->file);
	bool no_edges = (r & FILE_POLL_POLLED) != 0;
	*polled |= no_edges;
	if ((it->events & EP_ET) && it->reported && !no_edges &&
	    !moved(it, *now))
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

static long epoll_scan(void *ctx, bool *polled)
{
	struct epoll_wait_ctx *w = ctx;
	struct epoll *ep = w->ep;
	int n = 0;
	sleep_lock(&ep->lock);
	size_t start = ep->next;
	for (size_t k = 0; k < ep->count && n < w->max; k++) {
		size_t i = (start + k) % ep->count;
		struct epoll_item *it = &ep->items[i];
		struct file_poll_src now;
		uint32_t ready = item_ready(it, &now, polled);
		if (!ready)
			continue;
		w->out[n].events = ready;
		w->out[n].data = it->data;
		n++;
		it->reported = true;
		it->seen = now;
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
	bool polled = false, any = false;
	struct file_poll_src now;
	sleep_lock(&ep->lock);
	for (size_t i = 0; i < ep->count && !any; i++)
		any = item_ready(&ep->items[i], &now, &polled) != 0;
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

/*
 * How many containments lie below ep (0: it holds no instance), or more
 * than EP_MAX_NESTS when that many do or when target is among them (so
 * adding ep to target would close a cycle).  ep's lock is taken under
 * its containers', as scans take them.
 */
static int depth_below(struct epoll *ep, const struct epoll *target, int level)
{
	if (ep == target || level > EP_MAX_NESTS)
		return EP_MAX_NESTS + 1;
	if (!__atomic_load_n(&ep->nested, __ATOMIC_RELAXED))
		return 0;
	int deepest = 0;
	sleep_lock(&ep->lock);
	for (size_t i = 0; i < ep->count && deepest <= EP_MAX_NESTS; i++) {
		struct file *f = ep->items[i].file;
		if (f->ops != &epoll_ops)
			continue;
		int d = 1 + depth_below(f->data, target, level + 1);
		if (d > deepest)
			deepest = d;
	}
	sleep_unlock(&ep->lock);
	return deepest;
}

static bool holds(struct epoll *container, const struct epoll *ep)
{
	bool found = false;
	sleep_lock(&container->lock);
	for (size_t i = 0; i < container->count && !found; i++)
		found = container->items[i].file->ops == &epoll_ops &&
			container->items[i].file->data == ep;
	sleep_unlock(&container->lock);
	return found;
}

/* How many containments lie above ep; all_lock held. */
static int depth_above(const struct epoll *ep, int level)
{
	if (level > EP_MAX_NESTS)
		return EP_MAX_NESTS + 1;
	int deepest = 0;
	for (struct epoll *c = all; c && deepest <= EP_MAX_NESTS; c = c->link)
		if (c->nested && holds(c, ep)) {
			int d = 1 + depth_above(c, level + 1);
			if (d > deepest)
				deepest = d;
		}
	return deepest;
}

/*
 * Linux's rule for adding inner to ep: no cycle, and no chain of more
 * than EP_MAX_NESTS containments through the new one.  all_lock held.
 */
static int check_nesting(struct epoll *ep, struct epoll *inner)
{
	int below = depth_below(inner, ep, 0);
	if (below > EP_MAX_NESTS)
		return -ELOOP;
	return below + 1 + depth_above(ep, 0) > EP_MAX_NESTS ? -ELOOP : 0;
}

static int ctl(struct epoll *ep, int op, struct file *f, int fd,
	       const struct fs_epoll_event *ev)
{
	bool adds_epoll = op == EP_CTL_ADD && f->ops == &epoll_ops;
	int r = 0;
	if (adds_epoll) {
		/* no other nesting changes while this one is checked */
		sleep_lock(&all_lock);
		r = check_nesting(ep, f->data);
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
		file_poll_notify(NULL, 0); /* waiters look at the new item */
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
