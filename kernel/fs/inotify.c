/*
 * inotify: an instance is a file whose reads give the events of the
 * files it watches.  A watch names its file as the VFS does (mount and
 * inode: a vnode may be made again for the same file), so the VFS's
 * hooks (vfs_impl.h) find the watches of the vnodes at hand.  All
 * watches are in one list under one sleeplock, which the hooks take
 * only while some watch exists (vfs_watch_count); an instance's queue
 * is under its wait queue's lock, and its records are copied out after
 * they are taken off the queue (a reader's buffer may fault).
 */
#include <errno.h>
#include <fcntl.h>
#include <string.h>

#include "fs_calls.h"
#include "mm.h"
#include "thread.h"
#include "uaccess.h"
#include "vfs_impl.h"
#include "vm.h"

#define IN_ALL_EVENTS 0x00000fff
#define IN_UNMOUNT 0x00002000
#define IN_Q_OVERFLOW 0x00004000
#define IN_IGNORED 0x00008000
#define IN_ONLYDIR 0x01000000
#define IN_DONT_FOLLOW 0x02000000
#define IN_EXCL_UNLINK 0x04000000
#define IN_MASK_CREATE 0x10000000
#define IN_MASK_ADD 0x20000000
#define IN_ISDIR 0x40000000
#define IN_ONESHOT 0x80000000
#define IN_SELF_ONLY (VFS_IN_DELETE_SELF | VFS_IN_MOVE_SELF)
#define IN_KEPT (IN_ALL_EVENTS | IN_EXCL_UNLINK | IN_ONESHOT)
/* Linux takes a mask with any of these (and ignores the others) */
#define IN_KNOWN                                                               \
	(IN_KEPT | IN_UNMOUNT | IN_Q_OVERFLOW | IN_IGNORED | IN_ONLYDIR |      \
	 IN_DONT_FOLLOW | IN_MASK_CREATE | IN_MASK_ADD | IN_ISDIR)
#define FIONREAD 0x541b
#define QUEUE_MAX 16384 /* Linux's max_queued_events */

/* Linux's struct inotify_event */
struct record {
	int32_t wd;
	uint32_t mask, cookie, len;
	char name[];
};

struct event {
	struct event *next;
	struct record rec;
};

struct inotify {
	struct waitq q; /* its lock guards the queue */
	struct event *head, **tail, *last;
	unsigned count;
	size_t bytes;
	int last_wd; /* under watches_lock */
	struct file_poll_src src;
};

struct watch {
	struct watch *next;
	struct inotify *in;
	struct vfs_mount *mount;
	uint64_t ino;
	int wd;
	uint32_t mask; /* IN_KEPT */
	bool isdir;    /* for IN_UNMOUNT, which has no vnode at hand */
};

unsigned vfs_watch_count;
static struct watch *watches;
static struct sleeplock watches_lock = SLEEPLOCK_INIT;
static uint32_t last_cookie;

static size_t record_size(const struct record *r)
{
	return sizeof(*r) + r->len;
}

static bool same_record(const struct record *a, const struct record *b)
{
	return a->wd == b->wd && a->mask == b->mask && a->cookie == b->cookie &&
	       a->len == b->len && memcmp(a->name, b->name, a->len) == 0;
}

/*
 * Adds ev to in's queue: dropped when it repeats the last event, made
 * the one IN_Q_OVERFLOW when the queue is full.
 */
static void enqueue(struct inotify *in, struct event *ev)
{
	unsigned long flags = spin_lock(&in->q.lock);
	if (in->count >= QUEUE_MAX) {
		if (in->last->rec.mask == IN_Q_OVERFLOW) {
			spin_unlock(&in->q.lock, flags);
			heap_free(ev);
			return;
		}
		ev->rec = (struct record){.wd = -1, .mask = IN_Q_OVERFLOW};
	} else if (in->last && same_record(&in->last->rec, &ev->rec)) {
		spin_unlock(&in->q.lock, flags);
		heap_free(ev);
		return;
	}
	ev->next = NULL;
	*in->tail = ev;
	in->tail = &ev->next;
	in->last = ev;
	in->count++;
	in->bytes += record_size(&ev->rec);
	waitq_wake_locked(&in->q, 1 << 30);
	spin_unlock(&in->q.lock, flags);
	file_poll_notify(&in->src, FILE_POLL_IN);
}

/* Queues an event for in (lost when out of memory). */
static void queue(struct inotify *in, int wd, uint32_t mask, uint32_t cookie,
		  const char *name, size_t len)
{
	/* the name NUL-padded to a multiple of the record's header */
	size_t padded = name ? (len + 1 + 15) & ~(size_t)15 : 0;
	struct event *ev = heap_calloc(1, sizeof(*ev) + padded);
	if (!ev)
		return;
	ev->rec = (struct record){
	    .wd = wd, .mask = mask, .cookie = cookie, .len = (uint32_t)padded};
	if (name)
		memcpy(ev->rec.name, name, len);
	enqueue(in, ev);
}

/* Unlinks *pw (watches_lock held), telling its instance: IN_IGNORED. */
static void remove_watch(struct watch **pw)
{
	struct watch *w = *pw;
	*pw = w->next;
	__atomic_store_n(&vfs_watch_count, vfs_watch_count - 1,
			 __ATOMIC_RELAXED);
	queue(w->in, w->wd, IN_IGNORED, 0, NULL, 0);
	heap_free(w);
}

static bool watches_vnode(const struct watch *w, const struct vnode *vn)
{
	return w->mount == vn->mount && w->ino == vn->ino;
}

/*
 * Gives *pw the event if it wants it; a one-shot watch then goes.
 * Returns whether it went.
 */
static bool deliver(struct watch **pw, uint32_t event, uint32_t flags,
		    uint32_t cookie, const char *name, size_t len)
{
	struct watch *w = *pw;
	if (!(w->mask & event))
		return false;
	queue(w->in, w->wd, event | flags, cookie, name, len);
	if (!(w->mask & IN_ONESHOT))
		return false;
	remove_watch(pw);
	return true;
}

void vfs_notify_file_slow(struct vnode *vn, struct vnode *dir, const char *name,
			  uint32_t event)
{
	uint32_t flags =
	    vn->type == VFS_IFDIR && !(event & IN_SELF_ONLY) ? IN_ISDIR : 0;
	bool to_dir = dir && name && !(event & IN_SELF_ONLY);
	sleep_lock(&watches_lock);
	for (struct watch **pw = &watches; *pw;) {
		bool gone = false;
		if (watches_vnode(*pw, vn))
			gone = deliver(pw, event, flags, 0, NULL, 0);
		else if (to_dir && watches_vnode(*pw, dir))
			gone = deliver(pw, event, flags, 0, name, strlen(name));
		if (!gone)
			pw = &(*pw)->next;
	}
	sleep_unlock(&watches_lock);
}

void vfs_notify_entry_slow(struct vnode *dir, const char *name, size_t len,
			   bool isdir, uint32_t event, uint32_t cookie)
{
	sleep_lock(&watches_lock);
	for (struct watch **pw = &watches; *pw;) {
		if (!watches_vnode(*pw, dir) ||
		    !deliver(pw, event, isdir ? IN_ISDIR : 0, cookie, name,
			     len))
			pw = &(*pw)->next;
	}
	sleep_unlock(&watches_lock);
}

void vfs_notify_gone_slow(struct vnode *vn, bool deleted)
{
	bool gone = vn->type == VFS_IFDIR;
	if (!gone) {
		struct vfs_attr attr;
		gone = vop_getattr(vn, &attr) == 0 && attr.nlink == 0;
	}
	if (!gone)
		return;
	if (deleted)
		vfs_notify_file_slow(vn, NULL, NULL, VFS_IN_DELETE_SELF);
	sleep_lock(&watches_lock);
	for (struct watch **pw = &watches; *pw;) {
		if (watches_vnode(*pw, vn))
			remove_watch(pw);
		else
			pw = &(*pw)->next;
	}
	sleep_unlock(&watches_lock);
}

void vfs_notify_unmount_slow(struct vfs_mount *mnt)
{
	sleep_lock(&watches_lock);
	for (struct watch **pw = &watches; *pw;) {
		struct watch *w = *pw;
		if (w->mount != mnt) {
			pw = &w->next;
			continue;
		}
		queue(w->in, w->wd, IN_UNMOUNT | (w->isdir ? IN_ISDIR : 0), 0,
		      NULL, 0);
		remove_watch(pw);
	}
	sleep_unlock(&watches_lock);
}

uint32_t vfs_notify_cookie(void)
{
	return __atomic_add_fetch(&last_cookie, 1, __ATOMIC_RELAXED);
}

/* Takes the events that fit in len off in's queue, waiting for one. */
static long take(struct file *f, size_t len, struct event **out)
{
	struct inotify *in = f->data;
	unsigned long flags = spin_lock(&in->q.lock);
	long r = 0;
	while (!in->head && r == 0)
		r = f->flags & O_NONBLOCK
			? -EAGAIN
			: waitq_wait_locked(&in->q, THREAD_NO_DEADLINE, true);
	if (r == 0 && record_size(&in->head->rec) > len)
		r = -EINVAL;
	struct event **tail = out;
	while (r >= 0 && in->head && r + record_size(&in->head->rec) <= len) {
		struct event *ev = in->head;
		in->head = ev->next;
		r += (long)record_size(&ev->rec);
		in->count--;
		in->bytes -= record_size(&ev->rec);
		*tail = ev;
		tail = &ev->next;
	}
	*tail = NULL;
	if (!in->head) {
		in->tail = &in->head;
		in->last = NULL;
	}
	spin_unlock(&in->q.lock, flags);
	return r;
}

#define INOTIFY_READ_MOST (16 * 1024)

static long inotify_read(struct file *f, void *buf, size_t len, uint64_t *off)
{
	(void)off;
	/*
	 * EFAULT for a bad buffer before events are taken, not a fault
	 * after; so much at most, that a big buffer is not faulted in whole
	 */
	if (len > INOTIFY_READ_MOST)
		len = INOTIFY_READ_MOST;
	if (vm_prepare(buf, len, VM_ACCESS_WRITE))
		return -EFAULT;
	struct event *evs;
	long r = take(f, len, &evs);
	size_t at = 0;
	bool fault = false;
	while (evs) {
		struct event *ev = evs;
		evs = ev->next;
		/* unmapped since the vm_prepare(): the rest are lost */
		fault = fault || put_program((char *)buf + at, &ev->rec,
					     record_size(&ev->rec));
		if (!fault)
			at += record_size(&ev->rec);
		heap_free(ev);
	}
	if (fault)
		return at ? (long)at : -EFAULT;
	return r;
}

static long inotify_write(struct file *f, const void *buf, size_t len,
			  uint64_t *off)
{
	(void)f, (void)buf, (void)len, (void)off;
	return -EBADF; /* open for reading only: fs_write says so first */
}

static unsigned inotify_poll(struct file *f)
{
	struct inotify *in = f->data;
	unsigned long flags = spin_lock(&in->q.lock);
	unsigned ready = in->head ? FILE_POLL_IN : 0;
	spin_unlock(&in->q.lock, flags);
	return ready;
}

static int inotify_ioctl(struct file *f, unsigned long cmd, void *arg)
{
	struct inotify *in = f->data;
	if (cmd != FIONREAD)
		return -ENOTTY;
	/* stored after the lock: the caller's int may need a fault */
	unsigned long flags = spin_lock(&in->q.lock);
	int n = (int)in->bytes;
	spin_unlock(&in->q.lock, flags);
	return put_program(arg, &n, sizeof(n));
}

static void inotify_close(struct file *f)
{
	struct inotify *in = f->data;
	sleep_lock(&watches_lock);
	for (struct watch **pw = &watches; *pw;) {
		struct watch *w = *pw;
		if (w->in != in) {
			pw = &w->next;
			continue;
		}
		*pw = w->next;
		__atomic_store_n(&vfs_watch_count, vfs_watch_count - 1,
				 __ATOMIC_RELAXED);
		heap_free(w);
	}
	sleep_unlock(&watches_lock);
	while (in->head) {
		struct event *ev = in->head;
		in->head = ev->next;
		heap_free(ev);
	}
	heap_free(in);
}

static const struct file_ops inotify_ops = {
    .read = inotify_read,
    .write = inotify_write,
    .stat = file_anon_stat,
    .ioctl = inotify_ioctl,
    .close = inotify_close,
    .poll = inotify_poll,
};

int fs_inotify_init1(int flags)
{
	if (flags & ~(O_CLOEXEC | O_NONBLOCK))
		return -EINVAL;
	struct inotify *in = heap_calloc(1, sizeof(*in));
	struct file *f = in ? file_new(&inotify_ops, NULL,
				       O_RDONLY | (flags & O_NONBLOCK), in)
			    : NULL;
	if (!f) {
		heap_free(in);
		return -ENOMEM;
	}
	in->tail = &in->head;
	f->poll_src = &in->src;
	file_set_name(f, "anon_inode:inotify");
	int fd = fd_install(f, 0, flags & O_CLOEXEC);
	file_release(f);
	return fd;
}

/* The instance of fd, its file referenced in *fp: -EBADF, -EINVAL. */
static int instance(int fd, struct file **fp, struct inotify **in)
{
	struct file *f = fd_get(fd);
	if (!f)
		return -EBADF;
	if (f->ops != &inotify_ops) {
		file_release(f);
		return -EINVAL;
	}
	*fp = f;
	*in = f->data;
	return 0;
}

/* Sets or adds to in's watch of vn, or makes one: its wd or -errno. */
static int set_watch(struct inotify *in, struct vnode *vn, uint32_t mask)
{
	sleep_lock(&watches_lock);
	struct watch *w = watches;
	while (w && (w->in != in || !watches_vnode(w, vn)))
		w = w->next;
	int r;
	if (w && (mask & IN_MASK_CREATE))
		r = -EEXIST;
	else if (w) {
		w->mask = (mask & IN_KEPT) | (mask & IN_MASK_ADD ? w->mask : 0);
		r = w->wd;
	} else if (!(w = heap_alloc(sizeof(*w))))
		r = -ENOMEM;
	else {
		*w = (struct watch){.next = watches,
				    .in = in,
				    .mount = vn->mount,
				    .ino = vn->ino,
				    .wd = ++in->last_wd,
				    .mask = mask & IN_KEPT,
				    .isdir = vn->type == VFS_IFDIR};
		watches = w;
		__atomic_store_n(&vfs_watch_count, vfs_watch_count + 1,
				 __ATOMIC_RELAXED);
		r = w->wd;
	}
	sleep_unlock(&watches_lock);
	return r;
}

int fs_inotify_add_watch(int fd, const char *path, uint32_t mask)
{
	struct file *f;
	struct inotify *in;
	int r = instance(fd, &f, &in);
	if (r)
		return r;
	if (!(mask & IN_KNOWN) ||
	    ((mask & IN_MASK_ADD) && (mask & IN_MASK_CREATE))) {
		file_release(f);
		return -EINVAL;
	}
	struct nameidata nd;
	r = namei(NULL, path, mask & IN_DONT_FOLLOW ? 0 : NAMEI_FOLLOW, &nd);
	if (r == 0) {
		r = (mask & IN_ONLYDIR) && nd.vn->type != VFS_IFDIR
			? -ENOTDIR
			: set_watch(in, nd.vn, mask);
		namei_done(&nd);
	}
	file_release(f);
	return r;
}

int fs_inotify_rm_watch(int fd, int wd)
{
	struct file *f;
	struct inotify *in;
	int r = instance(fd, &f, &in);
	if (r)
		return r;
	r = -EINVAL;
	sleep_lock(&watches_lock);
	for (struct watch **pw = &watches; *pw; pw = &(*pw)->next) {
		if ((*pw)->in == in && (*pw)->wd == wd) {
			remove_watch(pw);
			r = 0;
			break;
		}
	}
	sleep_unlock(&watches_lock);
	file_release(f);
	return r;
}
