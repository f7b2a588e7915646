/*
 * epoll: interest sets over file_ops.poll.  An instance holds items
 * (a descriptor, its open file, the events asked for, the caller's
 * data), hashed by file, so epoll_ctl finds one in constant time.
 * epoll_wait waits in poll's wait (file_poll_wait), so it sees every
 * kind of file poll sees, but looks only at its ready list: the items
 * whose file notified (each watches its file's struct file_poll_src),
 * the level-triggered ones it reported last time (they may still be
 * ready), and those whose file has no poll_src of its own (an epoll
 * instance, a device opened by path) or cannot notify
 * (FILE_POLL_POLLED), which it looks at every time.
 *
 * So an edge (EPOLLET) is a notification of the item's own file, for
 * what it asks for, as Linux's wake-ups carry their events: a pipe's
 * read notifies its write end only, an eventfd's read its writers only.
 * Items whose file has no poll_src take every notification of every
 * file (file_poll_seq) for an edge: none is lost, and one still ready
 * may be reported again.  A file that cannot notify has no edges to
 * see: its edge-triggered items are reported as level-triggered ones.
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
 * under its container's, never the other way.  The ready lists and the
 * links of watchers are under file_poll_lock(), since notifications
 * come from interrupts too.
 */
#include <errno.h>
#include <fcntl.h>

#include "fd.h"
#include "fs_calls.h"
#include "mm.h"
#include "sleeplock.h"
#include "uaccess.h"

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

struct epoll;

struct epoll_item {
	struct file *file;
	int fd;
	uint32_t events; /* asked for, with EPOLLERR, EPOLLHUP and flags */
	uint64_t data;
	bool disarmed; /* a one-shot item reported, until EPOLL_CTL_MOD */
	/*
	 * unwatched: its file has no poll_src, or cannot notify, so every
	 * scan looks at it; its edges are then notifications of any file
	 * since it was reported (at file_poll_seq() seen).
	 */
	bool unwatched, reported;
	unsigned long seen;
	struct epoll *ep;
	struct file_poll_watch watch;
	struct epoll_item *hash_next;
	/* The ready list (under file_poll_lock()) */
	bool queued;
	struct epoll_item *ready_next, *ready_prev;
	struct epoll_item *again_next; /* a scan's items to queue again */
};

struct epoll {
	struct sleeplock lock;
	/* items hashed by file: a file's items (dup()s) share a bucket */
	struct epoll_item **buckets;
	unsigned bits; /* 1 << bits buckets, 0: none yet */
	size_t count;
	/*
	 * Items whose file notified since they were last looked at, those
	 * still ready as level-triggered, and the unwatched: all a scan
	 * needs to look at.
	 */
	struct epoll_item *ready, *ready_tail;
	unsigned nested;    /* items that are epoll instances */
	struct epoll *link; /* the list of instances */
};

static struct sleeplock all_lock;
static struct epoll *all;

static const struct file_ops epoll_ops;

/* Its events for file_poll_watch: ERR and HUP always reach it. */
static unsigned watched_events(uint32_t events)
{
	unsigned w = 0;
	if (events & EP_READ_SIDE)
		w |= FILE_POLL_IN;
	if (events & EP_WRITE_SIDE)
		w |= FILE_POLL_OUT;
	return w ? w : FILE_POLL_IN | FILE_POLL_OUT;
}

/* file_poll_lock() held. */
static void queue_locked(struct epoll_item *it)
{
	struct epoll *ep = it->ep;
	if (it->queued)
		return;
	it->queued = true;
	it->ready_next = NULL;
	it->ready_prev = ep->ready_tail;
	if (ep->ready_tail)
		ep->ready_tail->ready_next = it;
	else
		ep->ready = it;
	ep->ready_tail = it;
}

static void dequeue_locked(struct epoll_item *it)
{
	struct epoll *ep = it->ep;
	if (!it->queued)
		return;
	it->queued = false;
	if (it->ready_prev)
		it->ready_prev->ready_next = it->ready_next;
	else
		ep->ready = it->ready_next;
	if (it->ready_next)
		it->ready_next->ready_prev = it->ready_prev;
	else
		ep->ready_tail = it->ready_prev;
}

static void queue(struct epoll_item *it)
{
	unsigned long flags = file_poll_lock();
	queue_locked(it);
	file_poll_unlock(flags);
}

/* The first item of the ready list, taken off it; NULL when empty. */
static struct epoll_item *pop_ready(struct epoll *ep)
{
	unsigned long flags = file_poll_lock();
	struct epoll_item *it = ep->ready;
	if (it)
		dequeue_locked(it);
	file_poll_unlock(flags);
	return it;
}

/* file_poll_watch.notified: its file notified. */
static void item_notified(struct file_poll_watch *w)
{
	queue_locked((struct epoll_item *)((char *)w -
					   offsetof(struct epoll_item, watch)));
}

/*
 * What it is ready for now and should report (0: nothing), with *seq
 * the notification count read before looking.  A file that cannot
 * notify (FILE_POLL_POLLED) makes no edges: its edge-triggered items
 * are reported as level-triggered ones, which loses none.
 */
static uint32_t item_ready(struct epoll_item *it, unsigned long *seq,
			   bool *polled)
{
	if (it->disarmed)
		return 0;
	*seq = file_poll_seq();
	unsigned r = it->file->ops->poll(it->file);
	bool no_edges = (r & FILE_POLL_POLLED) != 0;
	*polled |= no_edges;
	if (no_edges)
		it->unwatched = true; /* looked at in every scan from now */
	if ((it->events & EP_ET) && it->unwatched && it->reported &&
	    !no_edges && it->seen == *seq)
		return 0;
	if (r & FILE_POLL_IN)
		r |= EP_RDNORM;
	if (r & FILE_POLL_OUT)
		r |= EP_WRNORM;
	return r & it->events & EP_EVENTS;
}

/*
 * After a look at it: whether the next scan must look again (else only
 * its file's next notification brings it back).  Reported level-
 * triggered items may still be ready; edge-triggered ones wait for an
 * edge, one-shot ones for EPOLL_CTL_MOD.
 */
static bool look_again(const struct epoll_item *it, bool reported)
{
	if (it->disarmed)
		return false;
	return it->unwatched || (reported && !(it->events & EP_ET));
}

struct epoll_wait_ctx {
	struct epoll *ep;
	struct fs_epoll_event *out;
	int max;
};

/*
 * Looks at the ready list only.  Items queued again go to its end, so
 * ready items take turns when max is smaller than what is ready.
 */
static long epoll_scan(void *ctx, bool *polled)
{
	struct epoll_wait_ctx *w = ctx;
	struct epoll *ep = w->ep;
	int n = 0;
	struct epoll_item *again = NULL, **again_end = &again;
	sleep_lock(&ep->lock);
	while (n < w->max) {
		struct epoll_item *it = pop_ready(ep);
		if (!it)
			break;
		unsigned long seq;
		uint32_t ready = item_ready(it, &seq, polled);
		struct fs_epoll_event ev = {.events = ready, .data = it->data};
		if (ready && put_program(&w->out[n], &ev, sizeof(ev))) {
			/* unmapped meanwhile: ready again, as Linux */
			it->again_next = NULL;
			*again_end = it;
			n = n ? n : -EFAULT;
			break;
		}
		if (ready) {
			n++;
			it->reported = true;
			it->seen = seq;
			it->disarmed = (it->events & EP_ONESHOT) != 0;
		}
		if (look_again(it, ready != 0)) {
			it->again_next = NULL;
			*again_end = it;
			again_end = &it->again_next;
		}
	}
	for (struct epoll_item *it = again; it; it = it->again_next)
		queue(it);
	sleep_unlock(&ep->lock);
	return n;
}

/*
 * Readable when epoll_wait would report something: a look at the ready
 * list that leaves it as it was.
 */
static unsigned epoll_poll(struct file *f)
{
	struct epoll *ep = f->data;
	bool polled = false, any = false;
	struct epoll_item *seen = NULL, **seen_end = &seen;
	sleep_lock(&ep->lock);
	while (!any) {
		struct epoll_item *it = pop_ready(ep);
		if (!it)
			break;
		unsigned long seq;
		any = item_ready(it, &seq, &polled) != 0;
		it->again_next = NULL;
		*seen_end = it;
		seen_end = &it->again_next;
	}
	for (struct epoll_item *it = seen; it; it = it->again_next)
		queue(it);
	sleep_unlock(&ep->lock);
	return (any ? FILE_POLL_IN : 0) | (polled ? FILE_POLL_POLLED : 0);
}

static size_t bucket_of(const struct epoll *ep, const struct file *f)
{
	uint64_t h = ((uintptr_t)f >> 4) * 0x9e3779b97f4a7c15ull;
	return (size_t)(h >> (64 - ep->bits));
}

/* The item after it (NULL: the first), in bucket order; ep->lock held. */
static struct epoll_item *next_item(const struct epoll *ep,
				    const struct epoll_item *it)
{
	if (it && it->hash_next)
		return it->hash_next;
	size_t n = ep->bits ? (size_t)1 << ep->bits : 0;
	for (size_t b = it ? bucket_of(ep, it->file) + 1 : 0; b < n; b++)
		if (ep->buckets[b])
			return ep->buckets[b];
	return NULL;
}

/* Takes it out of its set and frees it; ep->lock held. */
static void free_item(struct epoll_item *it)
{
	struct epoll *ep = it->ep;
	file_poll_unwatch(&it->watch);
	unsigned long flags = file_poll_lock();
	dequeue_locked(it);
	file_poll_unlock(flags);
	struct epoll_item **p = &ep->buckets[bucket_of(ep, it->file)];
	while (*p != it)
		p = &(*p)->hash_next;
	*p = it->hash_next;
	ep->count--;
	if (it->file->ops == &epoll_ops)
		ep->nested--;
	__atomic_sub_fetch(&it->file->watched, 1, __ATOMIC_RELAXED);
	heap_free(it);
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
	sleep_unlock(&all_lock);
	for (size_t b = 0; ep->bits && b < (size_t)1 << ep->bits; b++)
		while (ep->buckets[b])
			free_item(ep->buckets[b]);
	heap_free(ep->buckets);
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

static const struct file_ops epoll_ops = {
    .read = epoll_read,
    .write = epoll_write,
    .stat = file_anon_stat,
    .close = epoll_close,
    .poll = epoll_poll,
};

/* file_unwatch: f's last reference went; no set may keep it. */
static void epoll_file_gone(struct file *f)
{
	sleep_lock(&all_lock);
	for (struct epoll *ep = all; ep; ep = ep->link) {
		sleep_lock(&ep->lock);
		if (ep->bits)
			for (struct epoll_item *
				 it = ep->buckets[bucket_of(ep, f)],
				*next;
			     it; it = next) {
				next = it->hash_next;
				if (it->file == f)
					free_item(it);
			}
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
	if (!ep->bits)
		return NULL;
	for (struct epoll_item *it = ep->buckets[bucket_of(ep, f)]; it;
	     it = it->hash_next)
		if (it->file == f && it->fd == fd)
			return it;
	return NULL;
}

/*
 * Twice the buckets once there are more items than buckets, so that a
 * lookup looks at one or two items.  Out of memory it keeps the old.
 */
static void grow_buckets(struct epoll *ep)
{
	if (ep->bits && ep->count < (size_t)1 << ep->bits)
		return;
	unsigned bits = ep->bits ? ep->bits + 1 : 4;
	struct epoll_item **buckets =
	    heap_calloc((size_t)1 << bits, sizeof(*buckets));
	if (!buckets)
		return;
	struct epoll old = *ep;
	ep->buckets = buckets;
	ep->bits = bits;
	for (size_t b = 0; old.bits && b < (size_t)1 << old.bits; b++)
		for (struct epoll_item *it = old.buckets[b], *next; it;
		     it = next) {
			next = it->hash_next;
			struct epoll_item **head =
			    &buckets[bucket_of(ep, it->file)];
			it->hash_next = *head;
			*head = it;
		}
	heap_free(old.buckets);
}

/* New settings: it is looked at again, and watches for what it asks. */
static void set_item(struct epoll_item *it, const struct fs_epoll_event *ev)
{
	it->events = ev->events | EP_ERR | EP_HUP;
	it->data = ev->data;
	it->disarmed = it->reported = false;
	file_poll_unwatch(&it->watch);
	it->watch.events = watched_events(it->events);
	it->unwatched = !file_poll_watch(it->file, &it->watch);
	queue(it);
}

static int add_item(struct epoll *ep, struct file *f, int fd,
		    const struct fs_epoll_event *ev)
{
	if (find_item(ep, f, fd))
		return -EEXIST;
	grow_buckets(ep);
	struct epoll_item *it = ep->bits ? heap_calloc(1, sizeof(*it)) : NULL;
	if (!it)
		return -ENOMEM;
	it->file = f;
	it->fd = fd;
	it->ep = ep;
	it->watch.notified = item_notified;
	struct epoll_item **head = &ep->buckets[bucket_of(ep, f)];
	it->hash_next = *head;
	*head = it;
	ep->count++;
	__atomic_add_fetch(&f->watched, 1, __ATOMIC_RELAXED);
	if (f->ops == &epoll_ops)
		ep->nested++;
	set_item(it, ev);
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
		free_item(it);
	}
	return 0;
}

/* Regular files and directories: always ready, so epoll refuses them. */
static bool can_poll(const struct file *f)
{
	/* a vnode's own file polls through it (a FIFO's is a pipe's) */
	return f->ops->poll && (f->ops != &vfs_file_ops || f->vn->ops->poll);
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
	for (struct epoll_item *it = NULL;
	     (it = next_item(ep, it)) && deepest <= EP_MAX_NESTS;) {
		if (it->file->ops != &epoll_ops)
			continue;
		int d = 1 + depth_below(it->file->data, target, level + 1);
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
	for (struct epoll_item *it = NULL;
	     !found && (it = next_item(container, it));)
		found = it->file->ops == &epoll_ops && it->file->data == ep;
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
	struct fs_epoll_event copy; /* ev is the program's */
	if (op != EP_CTL_DEL) {
		if (get_program(&copy, ev, sizeof(copy)))
			return -EFAULT;
		ev = &copy;
	}
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

#define EPOLL_WAIT_MOST 1024

int fs_epoll_wait(int epfd, struct fs_epoll_event *events, int max,
		  int64_t timeout_ns)
{
	if (max <= 0 || (size_t)max > INT32_MAX / sizeof(*events))
		return -EINVAL;
	/*
	 * EFAULT for a bad array, as Linux, not a fault; reporting so many
	 * at most, that a big array is not faulted in whole.  The probe's
	 * faults are served: the pages are there for the copies made
	 * under the lock.
	 */
	if (max > EPOLL_WAIT_MOST)
		max = EPOLL_WAIT_MOST;
	if (probe_program_write(events, (size_t)max * sizeof(*events)))
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
