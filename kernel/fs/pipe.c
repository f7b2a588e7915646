/*
 * Pipes: a 64 KiB ring between a read end and a write end, each an open
 * file of its own kind.  The wait queue's lock guards the ring; readers
 * wait while it is empty and a writer remains, writers while it is full
 * (a write of at most PIPE_BUF bytes waits for room for all of it, so it
 * is never interleaved).  Without readers a write fails with EPIPE (there
 * are no signals to raise).  Pollers are told of every change
 * (file_poll_notify()), naming the end it concerns: a read makes room
 * for the write end, a write brings bytes to the read end.
 */
#include <fcntl.h>
#include <string.h>

#include "fs_calls.h"
#include "mm.h"
#include "thread.h"
#include "vfs_impl.h"

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
};

/* Copies up to n bytes from the ring's start, leaving them there. */
static size_t peek(const struct pipe *p, char *out, size_t n)
{
	if (n > p->len)
		n = p->len;
	for (size_t done = 0, at = p->head; done < n;) {
		size_t chunk = PIPE_SIZE - at;
		if (chunk > n - done)
			chunk = n - done;
		memcpy(out + done, p->buf + at, chunk);
		at = (at + chunk) % PIPE_SIZE;
		done += chunk;
	}
	return n;
}

static size_t take(struct pipe *p, char *out, size_t n)
{
	n = peek(p, out, n);
	p->head = (p->head + n) % PIPE_SIZE;
	p->len -= n;
	return n;
}

static size_t put(struct pipe *p, const char *in, size_t n)
{
	if (n > PIPE_SIZE - p->len)
		n = PIPE_SIZE - p->len;
	for (size_t done = 0; done < n;) {
		size_t tail = (p->head + p->len) % PIPE_SIZE;
		size_t chunk = PIPE_SIZE - tail;
		if (chunk > n - done)
			chunk = n - done;
		memcpy(p->buf + tail, in + done, chunk);
		p->len += chunk;
		done += chunk;
	}
	return n;
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

static long pipe_read(struct file *f, void *buf, size_t len, uint64_t *off)
{
	(void)off;
	struct pipe *p = f->data;
	if (len == 0)
		return 0;
	unsigned long flags = spin_lock(&p->q.lock);
	long r = wait_for_bytes(p, f->flags & O_NONBLOCK);
	if (r == 0) {
		r = (long)take(p, buf, len);
		waitq_wake_locked(&p->q, 1 << 30);
	}
	spin_unlock(&p->q.lock, flags);
	if (r > 0)
		file_poll_notify(&p->write_end, FILE_POLL_OUT);
	return r;
}

long fs_pipe_peek(int fd, void *buf, size_t len, bool nonblock)
{
	struct file *f = fd_get(fd);
	if (!f)
		return -EBADF;
	struct pipe *p = f->data;
	long r = -EINVAL;
	if (f->ops == &pipe_ops && (f->flags & O_ACCMODE) == O_RDONLY) {
		unsigned long flags = spin_lock(&p->q.lock);
		r = wait_for_bytes(p, nonblock || (f->flags & O_NONBLOCK));
		if (r == 0)
			r = (long)peek(p, buf, len);
		spin_unlock(&p->q.lock, flags);
	}
	file_release(f);
	return r;
}

static long pipe_write(struct file *f, const void *buf, size_t len,
		       uint64_t *off)
{
	(void)off;
	struct pipe *p = f->data;
	const char *in = buf;
	size_t done = 0;
	long r = 0;
	unsigned long flags = spin_lock(&p->q.lock);
	while (done < len && r == 0) {
		if (p->readers == 0) {
			r = -EPIPE;
			break;
		}
		size_t room = PIPE_SIZE - p->len;
		size_t want = len <= PIPE_BUF ? len : 1;
		if (room < want) {
			if (f->flags & O_NONBLOCK)
				r = -EAGAIN;
			else
				r = waitq_wait_locked(&p->q, THREAD_NO_DEADLINE,
						      true);
			continue;
		}
		done += put(p, in + done, len - done);
		waitq_wake_locked(&p->q, 1 << 30);
	}
	spin_unlock(&p->q.lock, flags);
	if (done)
		file_poll_notify(&p->read_end, FILE_POLL_IN);
	return done ? (long)done : r;
}

static int pipe_stat(struct file *f, struct vfs_attr *attr)
{
	struct pipe *p = f->data;
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
	unsigned long flags = spin_lock(&p->q.lock);
	*(int *)arg = (int)p->len;
	spin_unlock(&p->q.lock, flags);
	return 0;
}

/*
 * The read end is readable with bytes in the ring, and hangs up once no
 * writer is left; the write end is writable with PIPE_BUF bytes of room
 * (a write of that size then does not wait), an error without readers.
 */
static unsigned pipe_poll(struct file *f)
{
	struct pipe *p = f->data;
	unsigned ready = 0;
	unsigned long flags = spin_lock(&p->q.lock);
	if ((f->flags & O_ACCMODE) == O_RDONLY) {
		if (p->len)
			ready |= FILE_POLL_IN;
		if (!p->writers)
			ready |= FILE_POLL_HUP;
	} else if (!p->readers) {
		ready |= FILE_POLL_ERR;
	} else if (PIPE_SIZE - p->len >= PIPE_BUF) {
		ready |= FILE_POLL_OUT;
	}
	spin_unlock(&p->q.lock, flags);
	return ready;
}

static void pipe_close(struct file *f)
{
	struct pipe *p = f->data;
	unsigned long flags = spin_lock(&p->q.lock);
	bool reader = (f->flags & O_ACCMODE) == O_RDONLY;
	if (reader)
		p->readers--;
	else
		p->writers--;
	bool last = p->readers == 0 && p->writers == 0;
	waitq_wake_locked(&p->q, 1 << 30);
	spin_unlock(&p->q.lock, flags);
	/* the other end gets an error or hangs up */
	file_poll_notify(reader ? &p->write_end : &p->read_end,
			 reader ? FILE_POLL_ERR : FILE_POLL_HUP);
	if (last) {
		heap_free(p->buf);
		heap_free(p);
	}
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
	struct pipe *p = heap_calloc(1, sizeof(*p));
	char *buf = heap_alloc(PIPE_SIZE);
	if (!p || !buf) {
		heap_free(p);
		heap_free(buf);
		return -ENFILE;
	}
	p->buf = buf;
	p->readers = p->writers = 1;
	p->ino = __atomic_fetch_add(&next_ino, 1, __ATOMIC_RELAXED);
	int keep = flags & O_NONBLOCK;
	struct file *r = file_new(&pipe_ops, NULL, O_RDONLY | keep, p);
	struct file *w = file_new(&pipe_ops, NULL, O_WRONLY | keep, p);
	if (!r || !w) {
		heap_free(r);
		heap_free(w);
		heap_free(buf);
		heap_free(p);
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
