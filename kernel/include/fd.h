/*
 * Open files and file descriptors (kernel/fs/file.c, kernel/fs/fd.c).
 *
 * An open file (struct file) is what open() makes and dup() shares: an
 * offset, the O_* status flags, and what it reads and writes, given by
 * its file_ops: a vnode's (vfs_file_ops, for everything opened by path)
 * or a kind of its own (the console of fds 0-2, pipes, later sockets).
 * A file descriptor is a slot of the one process's table pointing at an
 * open file, with its own FD_CLOEXEC flag.
 *
 * Descriptors 0, 1 and 2 are the console from the first instruction of
 * the kernel (the table is initialised statically), descriptor 0 a file
 * from the boot on with --stdin=PATH (fd_open_stdin); closing and
 * reopening them works as anywhere else.
 *
 * References: fd_get() returns the file referenced, file_release()
 * drops that reference; the last one calls ops->close.
 */
#ifndef KERNEL_FD_H
#define KERNEL_FD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "sleeplock.h"
#include "vfs.h"

#define FD_MAX 1024 /* RLIMIT_NOFILE */

struct file;

struct file_ops {
	/*
	 * Transfers at *off (the file's offset, or pread's), advancing it
	 * for seekable kinds; returns the count or an error.
	 */
	long (*read)(struct file *f, void *buf, size_t len, uint64_t *off);
	long (*write)(struct file *f, const void *buf, size_t len,
		      uint64_t *off);
	/* Fills what fstat() shows. */
	int (*stat)(struct file *f, struct vfs_attr *attr);
	/* -ENOTTY for what it does not know; may be NULL. */
	int (*ioctl)(struct file *f, unsigned long cmd, void *arg);
	/* The last reference went; may be NULL. */
	void (*close)(struct file *f);
	/*
	 * The FILE_POLL_* events the file is ready for now.  The kind
	 * calls file_poll_notify() when they may have changed (naming the
	 * file's poll_src, if it gives it one), unless it adds
	 * FILE_POLL_POLLED (then pollers look every FILE_POLL_INTERVAL_NS).
	 * NULL: always readable and writable, as regular files are.
	 */
	unsigned (*poll)(struct file *f);
	bool seekable; /* lseek, pread and pwrite work (else -ESPIPE) */
};

struct file {
	const struct file_ops *ops;
	struct vnode *vn; /* referenced; NULL for kinds without one */
	void *data;	  /* the kind's */
	int flags;	  /* O_ACCMODE and the status flags (O_APPEND ...) */
	unsigned refs;
	struct sleeplock lock; /* serialises offset updates */
	uint64_t offset;
	/*
	 * Where a non-directory was opened (for /proc/self/fd), or NULL;
	 * name is then what /proc/self/fd shows for a kind without a
	 * vnode ("anon_inode:[eventfd]"), or NULL.
	 */
	struct vnode *dir; /* referenced */
	char *name;
	unsigned watched; /* epoll items naming it (kernel/fs/epoll.c) */
	/* What its kind notifies for it, or NULL (see file_poll_src). */
	struct file_poll_src *poll_src;
};

/* The open files of vnodes (what vfs_open makes). */
extern const struct file_ops vfs_file_ops;

/*
 * A new open file of ops with one reference (vn referenced by the
 * caller, handed over).  NULL when out of memory.
 */
struct file *file_new(const struct file_ops *ops, struct vnode *vn, int flags,
		      void *data);

/* Sets f->name (see struct file); left NULL when out of memory. */
void file_set_name(struct file *f, const char *name);

/*
 * The stat of a kind without a vnode that Linux makes an anonymous inode
 * (eventfd, epoll, timerfd, signalfd, inotify): mode 0600, one link.
 */
int file_anon_stat(struct file *f, struct vfs_attr *attr);

/* poll(2)'s event bits (Linux's values) */
#define FILE_POLL_IN 0x001
#define FILE_POLL_PRI 0x002
#define FILE_POLL_OUT 0x004
#define FILE_POLL_ERR 0x008
#define FILE_POLL_HUP 0x010
#define FILE_POLL_NVAL 0x020
#define FILE_POLL_POLLED 0x10000 /* not an event: see file_ops.poll */
#define FILE_POLL_INTERVAL_NS 10000000ULL

/*
 * Someone waiting for a file's notifications (an epoll item): notified
 * is called, under file_poll_lock(), in any context, for each
 * notification of its file with an event in events.
 */
struct file_poll_watch {
	struct file_poll_watch *next, **pprev; /* NULL pprev: not watching */
	unsigned events;		       /* FILE_POLL_* */
	void (*notified)(struct file_poll_watch *w);
};

/*
 * One thing whose readiness changes (a pipe's read end, an eventfd),
 * which its kind owns and points its files' poll_src at, so that its
 * notifications reach its watchers only: that is what makes epoll's
 * edges a file's own, and lets epoll_wait look only at what notified.
 */
struct file_poll_src {
	struct file_poll_watch *watchers;
};

/*
 * The readiness of src's files (NULL: of files without one) may have
 * changed, in events (FILE_POLL_*; ERR and HUP reach every watcher),
 * from any context: pollers look again, and src's watchers for events
 * are notified.
 */
void file_poll_notify(struct file_poll_src *src, unsigned events);

/*
 * Makes w a watcher of f's notifications (w->events and w->notified
 * set).  False when f has no poll_src: it tells nobody in particular,
 * and only file_poll_seq() says something may have changed.
 */
bool file_poll_watch(struct file *f, struct file_poll_watch *w);
void file_poll_unwatch(struct file_poll_watch *w);

/* The count of notifications, of any file, so far. */
unsigned long file_poll_seq(void);

/* The lock notifications are made under (a spinlock: any context). */
unsigned long file_poll_lock(void);
void file_poll_unlock(unsigned long flags);

/*
 * The wait of poll and epoll_wait: calls scan until it returns nonzero
 * (a count of events, or a negative errno) or timeout_ns (< 0: none)
 * has passed, sleeping between calls until some file notifies.  scan
 * sets *polled when a file it looked at said FILE_POLL_POLLED.  Returns
 * scan's result, 0 at the timeout, or -EINTR (pthread_cancel).
 */
typedef long (*file_poll_scan)(void *ctx, bool *polled);
long file_poll_wait(file_poll_scan scan, void *ctx, int64_t timeout_ns);

struct file *file_ref(struct file *f);
void file_release(struct file *f);

/*
 * Set by epoll once it watches files: called when the last reference to
 * a file it watches (f->watched) goes, before the file's close, so that
 * no interest set keeps it.
 */
extern void (*file_unwatch)(struct file *f);

/*
 * Puts f in the lowest free slot at or above min (taking a reference of
 * its own).  Returns the descriptor, -EMFILE, or -EINVAL for a min out
 * of range.
 */
int fd_install(struct file *f, int min, bool cloexec);

/* The file of fd, referenced; NULL for a descriptor not open. */
struct file *fd_get(int fd);

/* Frees the slot and releases its file: 0 or -EBADF. */
int fd_close(int fd);

/*
 * dup2/dup3: makes newfd refer to oldfd's file (closing what newfd
 * was).  -EBADF, or -EINVAL for dup3 with oldfd == newfd.
 */
int fd_dup_to(int oldfd, int newfd, bool cloexec, bool is_dup3);

/* The lowest open descriptor at or above from, or -1 (for listings). */
int fd_next_open(int from);

/*
 * --stdin=PATH (kernel/fs/stdin_file.c): makes descriptor 0 the file
 * PATH, open read-only (a regular file: EOF at its end, seekable), in
 * place of the console, as a shell's "< PATH" does: 0 is closed, and
 * the open takes the lowest free descriptor, 0.  PATH is looked up in
 * the root, else, with the root on a disk, in the initrd.  Before the
 * program runs.  0, or a negative errno (-ENOENT, -EISDIR ...): the
 * boot is to stop (descriptor 0 may be left closed).
 */
int fd_open_stdin(const char *path);

/* FD_CLOEXEC of fd: get returns it (0/1) or -EBADF. */
int fd_get_cloexec(int fd);
int fd_set_cloexec(int fd, bool cloexec);

#endif
