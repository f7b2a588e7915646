/*
 * Pipes: a 64 KiB ring between a read end and a write end, each an open
 * file of its own kind.  The wait queue's lock guards the ring; readers
 * wait while it is empty and a writer remains, writers while it is full
 * (a write of at most PIPE_BUF bytes waits for room for all of it, so it
 * is never interleaved).  Without readers a write fails with EPIPE (the
 * libc raises SIGPIPE).  Pollers are told of every change
 * (file_poll_notify()), naming the end it concerns: a read makes room
 * for the write end, a write brings bytes to the read end.
 *
 * A FIFO (a named pipe, mkfifo) is a pipe shared by the opens of one
 * file while any end of it is open, found by the file's mount and inode
 * (its vnode may be made again meanwhile); an O_RDWR open is both ends
 * at once.  Opens wait for the other side as Linux's do: the count of
 * opens of that side changing, so that a partner that opened and
 * closed already still lets them through (to an EOF or an EPIPE).
 */
#include <fcntl.h>
#include <string.h>

#include "fs_calls.h"
#include "mm.h"
#include "thread.h"
#include "uaccess.h"
#include "vfs_impl.h"
#include "vm.h"

#define PIPE_SIZE FS_PIPE_SIZE
#define PIPE_BUF 4096
#define FIONREAD 0x541b
#define F_GETPIPE_SZ_CMD 1032

static const struct file_ops pipe_ops;

struct pipe {
	struct waitq q;
	char *buf;
	size_t head, len; /* bytes [head, head + len) modulo PIPE_SIZE */
	int readers, writers;
	uint64_t ino;
	struct file_poll_src read_end, write_end;
	struct file_poll_src both_ends; /* a FIFO's O_RDWR opens */
	/* pipes_lock guards users and the list of FIFOs */
	unsigned users; /* its open files, and opens of the FIFO under way */
	struct vfs_mount *fifo_mount; /* NULL: not a FIFO */
	struct pipe *next_fifo;
	/* a FIFO's opens of each side so far (the waitq's lock) */
	unsigned read_opens, write_opens;
};

static struct spinlock pipes_lock = SPINLOCK_INIT;
static struct pipe *fifos;

static void pipe_free(struct pipe *p)
{
	if (p) {
		heap_free(p->buf);
		heap_free(p);
	}
}

static struct pipe *pipe_alloc(void)
{
	struct pipe *p = heap_calloc(1, sizeof(*p));
	char *buf = heap_alloc(PIPE_SIZE);
	if (!p || !buf) {
		heap_free(p);
		heap_free(buf);
		return NULL;
	}
	p->buf = buf;
	return p;
}

/* One user of p is gone: the last frees it (a FIFO's next open starts anew). */
static void pipe_put(struct pipe *p)
{
	unsigned long flags = spin_lock(&pipes_lock);
	bool last = --p->users == 0;
	if (last && p->fifo_mount) {
		struct pipe **pp = &fifos;
		while (*pp != p)
			pp = &(*pp)->next_fifo;
		*pp = p->next_fifo;
	}
	spin_unlock(&pipes_lock, flags);
	if (last)
		pipe_free(p);
}

/* The poll notification of one end, which a FIFO's O_RDWR opens share. */
static void notify(struct pipe *p, struct file_poll_src *end, unsigned events)
{
	file_poll_notify(end, events);
	if (p->fifo_mount)
		file_poll_notify(&p->both_ends, events);
}

static bool reads(const struct file *f)
{
	return (f->flags & O_ACCMODE) != O_WRONLY;
}

static bool writes(const struct file *f)
{
	return (f->flags & O_ACCMODE) != O_RDONLY;
}

/*
 * Copies up to n bytes from the ring's start, leaving them there; fewer
 * at a bad buffer (uaccess.h): 0 with bytes in the ring is EFAULT.
 */
static size_t peek(const struct pipe *p, char *out, size_t n)
{
	if (n > p->len)
		n = p->len;
	size_t done = 0;
	for (size_t at = p->head; done < n;) {
		size_t chunk = PIPE_SIZE - at;
		if (chunk > n - done)
			chunk = n - done;
		size_t left = copy_to_program(out + done, p->buf + at, chunk);
		done += chunk - left;
		if (left)
			break;
		at = (at + chunk) % PIPE_SIZE;
	}
	return done;
}

static size_t take(struct pipe *p, char *out, size_t n)
{
	n = peek(p, out, n);
	p->head = (p->head + n) % PIPE_SIZE;
	p->len -= n;
	return n;
}

/*
 * Copies what fits of in[*done, end) into the ring, *done past it; 0, or
 * -EFAULT at a bad buffer (uaccess.h), *done past what went in.
 */
static long put(struct pipe *p, const char *in, size_t *done, size_t end)
{
	size_t n = end - *done;
	if (n > PIPE_SIZE - p->len)
		n = PIPE_SIZE - p->len;
	for (size_t stop = *done + n; *done < stop;) {
		size_t tail = (p->head + p->len) % PIPE_SIZE;
		size_t chunk = PIPE_SIZE - tail;
		if (chunk > stop - *done)
			chunk = stop - *done;
		/* the chunk's bytes not added */
		if (copy_from_program(p->buf + tail, in + *done, chunk))
			return -EFAULT;
		p->len += chunk;
		*done += chunk;
	}
	return 0;
}

/*
 * Waits, with the lock held, for bytes in the ring or no writer left;
 * -EAGAIN when nonblock, -EINTR when interrupted.
 */
static long wait_for_bytes(struct pipe *p, bool nonblock)
{
	long r = 0;
	while (p->len == 0 && p->writers > 0 && r == 0) {
		if (nonblock)
			r = -EAGAIN;
		else
			r = waitq_wait_locked(&p->q, THREAD_NO_DEADLINE, true);
	}
	return r;
}

/*
 * The ring is copied to and from the caller's buffer under its lock:
 * the buffer's pages are made present first (vm_prepare), no more of
 * them than a read can fill.
 */
static long prepare_out(void *buf, size_t len)
{
	return vm_prepare(buf, len < PIPE_SIZE ? len : PIPE_SIZE,
			  VM_ACCESS_WRITE);
}

static long pipe_read(struct file *f, void *buf, size_t len, uint64_t *off)
{
	(void)off;
	struct pipe *p = f->data;
	if (len == 0)
		return 0;
	long err = prepare_out(buf, len);
	if (err)
		return err;
	unsigned long flags = spin_lock(&p->q.lock);
	long r = wait_for_bytes(p, f->flags & O_NONBLOCK);
	if (r == 0 && p->len) {
		r = (long)take(p, buf, len);
		if (r == 0)
			r = -EFAULT; /* unmapped since prepare_out() */
		else
			waitq_wake_locked(&p->q, 1 << 30);
	}
	spin_unlock(&p->q.lock, flags);
	if (r > 0)
		notify(p, &p->write_end, FILE_POLL_OUT);
	return r;
}

long fs_pipe_peek(int fd, void *buf, size_t len, bool nonblock)
{
	struct file *f = fd_get(fd);
	if (!f)
		return -EBADF;
	struct pipe *p = f->data;
	long r = -EINVAL;
	if (f->ops == &pipe_ops && reads(f))
		r = prepare_out(buf, len);
	if (r == 0) {
		unsigned long flags = spin_lock(&p->q.lock);
		r = wait_for_bytes(p, nonblock || (f->flags & O_NONBLOCK));
		if (r == 0 && p->len) {
			r = (long)peek(p, buf, len);
			if (r == 0)
				r = -EFAULT;
		}
		spin_unlock(&p->q.lock, flags);
	}
	file_release(f);
	return r;
}

/*
 * Copies in[*done, end) into the ring, waiting for room for want bytes
 * at a time.  The lock held.
 */
static long put_locked(struct file *f, struct pipe *p, const char *in,
		       size_t *done, size_t end, size_t want)
{
	long r = 0;
	while (*done < end && r == 0) {
		if (p->readers == 0)
			return -EPIPE;
		if (PIPE_SIZE - p->len < want) {
			if (f->flags & O_NONBLOCK)
				r = -EAGAIN;
			else
				r = waitq_wait_locked(&p->q, THREAD_NO_DEADLINE,
						      true);
			continue;
		}
		/* a bad buffer ends the write: no wait for room it won't use */
		r = put(p, in, done, end);
		waitq_wake_locked(&p->q, 1 << 30);
	}
	return r;
}

/*
 * A ring's worth at a time, each made present before the lock is taken
 * (see prepare_out).  A write of at most PIPE_BUF bytes waits for room
 * for all of it, so that it is never interleaved.
 */
static long pipe_write(struct file *f, const void *buf, size_t len,
		       uint64_t *off)
{
	(void)off;
	struct pipe *p = f->data;
	size_t want = len <= PIPE_BUF ? len : 1, done = 0;
	long r = 0;
	while (done < len && r == 0) {
		size_t end = len - done < PIPE_SIZE ? len : done + PIPE_SIZE;
		size_t before = done;
		r = vm_prepare((const char *)buf + done, end - done, 0);
		if (r)
			break;
		unsigned long flags = spin_lock(&p->q.lock);
		r = put_locked(f, p, buf, &done, end, want);
		spin_unlock(&p->q.lock, flags);
		if (done > before)
			notify(p, &p->read_end, FILE_POLL_IN);
	}
	return done ? (long)done : r;
}

static int pipe_stat(struct file *f, struct vfs_attr *attr)
{
	struct pipe *p = f->data;
	if (f->vn)
		return vop_getattr(f->vn, attr); /* a FIFO's file */
	memset(attr, 0, sizeof(*attr));
	attr->mode = VFS_IFIFO | 0600;
	attr->nlink = 1;
	attr->ino = p->ino;
	attr->blksize = PIPE_BUF;
	return 0;
}

static int pipe_ioctl(struct file *f, unsigned long cmd, void *arg)
{
	struct pipe *p = f->data;
	if (cmd != FIONREAD)
		return -ENOTTY;
	/* stored after the lock: the caller's int may need a fault */
	unsigned long flags = spin_lock(&p->q.lock);
	int n = (int)p->len;
	spin_unlock(&p->q.lock, flags);
	return put_program(arg, &n, sizeof(n));
}

/*
 * The read end is readable with bytes in the ring, and hangs up once no
 * writer is left; the write end is writable with PIPE_BUF bytes of room
 * (a write of that size then does not wait), an error without readers;
 * an O_RDWR end is both.
 */
static unsigned pipe_poll(struct file *f)
{
	struct pipe *p = f->data;
	unsigned ready = 0;
	unsigned long flags = spin_lock(&p->q.lock);
	if (reads(f)) {
		if (p->len)
			ready |= FILE_POLL_IN;
		if (!p->writers)
			ready |= FILE_POLL_HUP;
	}
	if (writes(f)) {
		if (!p->readers)
			ready |= FILE_POLL_ERR;
		else if (PIPE_SIZE - p->len >= PIPE_BUF)
			ready |= FILE_POLL_OUT;
	}
	spin_unlock(&p->q.lock, flags);
	return ready;
}

static void pipe_close(struct file *f)
{
	struct pipe *p = f->data;
	unsigned long flags = spin_lock(&p->q.lock);
	p->readers -= reads(f);
	p->writers -= writes(f);
	waitq_wake_locked(&p->q, 1 << 30);
	spin_unlock(&p->q.lock, flags);
	/* the other end gets an error or hangs up */
	if (reads(f))
		notify(p, &p->write_end, FILE_POLL_ERR);
	if (writes(f))
		notify(p, &p->read_end, FILE_POLL_HUP);
	pipe_put(p);
}

static const struct file_ops pipe_ops = {
    .read = pipe_read,
    .write = pipe_write,
    .stat = pipe_stat,
    .ioctl = pipe_ioctl,
    .close = pipe_close,
    .poll = pipe_poll,
};

int fs_pipe2(int fds[2], int flags)
{
	if (flags & ~(O_CLOEXEC | O_NONBLOCK | O_DIRECT))
		return -EINVAL;
	static uint64_t next_ino = 1;
	struct pipe *p = pipe_alloc();
	if (!p)
		return -ENFILE;
	p->readers = p->writers = 1;
	p->users = 2;
	p->ino = __atomic_fetch_add(&next_ino, 1, __ATOMIC_RELAXED);
	int keep = flags & O_NONBLOCK;
	struct file *r = file_new(&pipe_ops, NULL, O_RDONLY | keep, p);
	struct file *w = file_new(&pipe_ops, NULL, O_WRONLY | keep, p);
	if (!r || !w) {
		heap_free(r);
		heap_free(w);
		pipe_free(p);
		return -ENFILE;
	}
	r->poll_src = &p->read_end;
	w->poll_src = &p->write_end;
	int rfd = fd_install(r, 0, flags & O_CLOEXEC);
	int wfd = rfd < 0 ? rfd : fd_install(w, 0, flags & O_CLOEXEC);
	file_release(r);
	file_release(w);
	if (wfd < 0) {
		if (rfd >= 0)
			fd_close(rfd);
		return wfd;
	}
	fds[0] = rfd;
	fds[1] = wfd;
	return 0;
}

/* vn's pipe, if it has one.  pipes_lock held. */
static struct pipe *fifo_find(const struct vnode *vn)
{
	struct pipe *p = fifos;
	while (p && !(p->fifo_mount == vn->mount && p->ino == vn->ino))
		p = p->next_fifo;
	return p;
}

/* The FIFO vn's pipe, made if it has none, with one more user. */
static struct pipe *fifo_get(const struct vnode *vn)
{
	struct pipe *fresh = NULL, *p;
	for (;;) {
		unsigned long flags = spin_lock(&pipes_lock);
		p = fifo_find(vn);
		if (!p && fresh) {
			p = fresh;
			fresh = NULL;
			p->fifo_mount = vn->mount;
			p->ino = vn->ino;
			p->next_fifo = fifos;
			fifos = p;
		}
		if (p)
			p->users++;
		spin_unlock(&pipes_lock, flags);
		if (p)
			break;
		/* made without the lock, then looked for again */
		if (!(fresh = pipe_alloc()))
			return NULL;
	}
	pipe_free(fresh); /* another open made one meanwhile */
	return p;
}

/* Waits for *opens to differ from seen.  The waitq's lock held. */
static int wait_partner(struct pipe *p, const unsigned *opens, unsigned seen)
{
	int r = 0;
	while (*opens == seen && r == 0)
		r = waitq_wait_locked(&p->q, THREAD_NO_DEADLINE, true);
	return r;
}

/* f becomes an end of p, once the other side is there (Linux's rules). */
static int fifo_join(struct pipe *p, struct file *f)
{
	bool nonblock = f->flags & O_NONBLOCK;
	unsigned long flags = spin_lock(&p->q.lock);
	if (!reads(f) && !p->readers && nonblock) {
		spin_unlock(&p->q.lock, flags);
		return -ENXIO;
	}
	p->readers += reads(f);
	p->read_opens += reads(f);
	p->writers += writes(f);
	p->write_opens += writes(f);
	waitq_wake_locked(&p->q, 1 << 30);
	int r = 0;
	if (!writes(f) && !p->writers && !nonblock)
		r = wait_partner(p, &p->write_opens, p->write_opens);
	else if (!reads(f) && !p->readers)
		r = wait_partner(p, &p->read_opens, p->read_opens);
	if (r) {
		p->readers -= reads(f);
		p->writers -= writes(f);
		waitq_wake_locked(&p->q, 1 << 30);
	}
	spin_unlock(&p->q.lock, flags);
	if (r == 0 && reads(f))
		notify(p, &p->write_end, FILE_POLL_OUT);
	if (r == 0 && writes(f))
		notify(p, &p->read_end, FILE_POLL_IN);
	return r;
}

int fifo_open(struct vnode *vn, int flags, struct file **out)
{
	struct pipe *p = fifo_get(vn);
	struct file *f = p ? file_new(&pipe_ops, vn, flags, p) : NULL;
	if (!f) {
		if (p)
			pipe_put(p);
		return -ENOMEM;
	}
	int acc = flags & O_ACCMODE;
	f->poll_src = acc == O_RDONLY	? &p->read_end
		      : acc == O_WRONLY ? &p->write_end
					: &p->both_ends;
	int r = fifo_join(p, f);
	if (r) {
		/* not an end yet: no close, and vn stays the caller's */
		heap_free(f);
		pipe_put(p);
		return r;
	}
	*out = f;
	return 0;
}
