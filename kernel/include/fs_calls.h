/*
 * The POSIX file calls as the kernel implements them (kernel/fs/fs_*.c),
 * for the libc's wrappers (libc/fs/), which turn a negative result into
 * errno and -1.  Arguments and flags are Linux's (O_*, AT_*, F_*); every
 * call returns 0 or a count, or a negative errno exactly as Linux's
 * system call of the same name does.  Paths are resolved by namei(); a
 * dirfd is AT_FDCWD or an open directory.
 */
#ifndef KERNEL_FS_CALLS_H
#define KERNEL_FS_CALLS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "vfs.h"

struct fs_iovec {
	void *base;
	size_t len;
};

/* struct timespec pairs of utimensat: UTIME_NOW/UTIME_OMIT as Linux */
#define FS_UTIME_NOW ((1L << 30) - 1L)
#define FS_UTIME_OMIT ((1L << 30) - 2L)

/* Opening and closing */
int fs_openat(int dirfd, const char *path, int flags, unsigned mode);
int fs_close(int fd);
/*
 * memfd_create: a nameless file of the ramfs at /tmp (MEMFD_DIR), open
 * for reading and writing, which /proc/self/fd shows as "/memfd:NAME
 * (deleted)" as Linux does.  flags: MFD_CLOEXEC, MFD_ALLOW_SEALING
 * (accepted; seals are not kept); -EINVAL for others (MFD_HUGETLB) and
 * for a name over 249 bytes.
 */
#define MEMFD_DIR "/tmp"
int fs_memfd_create(const char *name, unsigned flags);

/* Data */
long fs_read(int fd, void *buf, size_t len);
long fs_write(int fd, const void *buf, size_t len);
long fs_pread(int fd, void *buf, size_t len, int64_t off);
long fs_pwrite(int fd, const void *buf, size_t len, int64_t off);
/* off < 0: at the file's offset (readv/writev), else preadv/pwritev. */
long fs_readv(int fd, const struct fs_iovec *iov, int count, int64_t off);
long fs_writev(int fd, const struct fs_iovec *iov, int count, int64_t off);
int64_t fs_lseek(int fd, int64_t off, int whence);
int fs_ftruncate(int fd, int64_t len);
int fs_truncate(const char *path, int64_t len);
int fs_fsync(int fd);
void fs_sync(void);
int fs_syncfs(int fd);

/* Attributes (flags: AT_SYMLINK_NOFOLLOW, AT_EMPTY_PATH) */
int fs_fstatat(int dirfd, const char *path, struct vfs_attr *attr, int flags);
int fs_fstat(int fd, struct vfs_attr *attr);
int fs_faccessat(int dirfd, const char *path, int mode, int flags);
long fs_readlinkat(int dirfd, const char *path, char *buf, size_t len);
int fs_fchmodat(int dirfd, const char *path, unsigned mode, int flags);
int fs_fchmod(int fd, unsigned mode);
int fs_fchownat(int dirfd, const char *path, unsigned uid, unsigned gid,
		int flags);
int fs_fchown(int fd, unsigned uid, unsigned gid);
/* times: NULL (now), or two timespecs with FS_UTIME_NOW/OMIT */
int fs_utimensat(int dirfd, const char *path, const struct timespec *times,
		 int flags);
int fs_futimens(int fd, const struct timespec *times);
int fs_statfs(const char *path, struct vfs_statfs *st, unsigned long *flags);
int fs_fstatfs(int fd, struct vfs_statfs *st, unsigned long *flags);

/* Names */
int fs_mkdirat(int dirfd, const char *path, unsigned mode);
int fs_unlinkat(int dirfd, const char *path, int flags);
int fs_renameat2(int olddirfd, const char *oldpath, int newdirfd,
		 const char *newpath, unsigned flags);
int fs_linkat(int olddirfd, const char *oldpath, int newdirfd,
	      const char *newpath, int flags);
int fs_symlinkat(const char *target, int dirfd, const char *path);
/*
 * A FIFO, socket file or empty regular file (mode's type; 0: regular);
 * devices are -EPERM (no device numbers name drivers here), other types
 * -EINVAL (a directory -EPERM, as Linux's).
 */
int fs_mknodat(int dirfd, const char *path, unsigned mode);
/* Linux's struct linux_dirent64 records; returns the bytes filled */
long fs_getdents64(int fd, void *buf, size_t len);

/* The working directory and the file mode creation mask */
long fs_getcwd(char *buf, size_t len);
/*
 * The absolute path of path with every symlink, "." and ".." resolved
 * (realpath); returns its length with the NUL, -ERANGE when len is too
 * small, or the lookup's error.
 */
long fs_realpath(const char *path, char *buf, size_t len);
/*
 * chroot: path (a directory) becomes the root of every later lookup;
 * the working directory stays where it is, as Linux's.
 */
int fs_chroot(const char *path);
int fs_chdir(const char *path);
int fs_fchdir(int fd);
unsigned fs_umask(unsigned mask);

/* Descriptors */
int fs_dup(int fd);
int fs_dup3(int oldfd, int newfd, int flags, bool is_dup3);
/* close_range(2) from first to last: closed, or with cloexec marked. */
void fs_close_range(unsigned first, unsigned last, bool cloexec);
/* arg: an int, or a struct flock pointer for the locks */
int fs_fcntl(int fd, int cmd, unsigned long arg);
int fs_ioctl(int fd, unsigned long cmd, void *arg);

/* flock(2)'s operations (Linux's values) */
#define FS_LOCK_SH 1
#define FS_LOCK_EX 2
#define FS_LOCK_NB 4
#define FS_LOCK_UN 8
/*
 * flock(2): FS_LOCK_SH, FS_LOCK_EX or FS_LOCK_UN, with FS_LOCK_NB not to
 * wait (-EAGAIN).  -EINTR when a signal ends the wait.
 */
int fs_flock(int fd, int op);
/* A pipe's ring holds this many bytes (Linux's default). */
#define FS_PIPE_SIZE (64 * 1024)
int fs_pipe2(int fds[2], int flags);
/*
 * Copies up to len bytes from the start of the pipe whose read end is
 * fd, leaving them there (tee, splice): waits for bytes as read does,
 * -EAGAIN instead when nonblock or the file is O_NONBLOCK; 0 when empty
 * with no writer; -EINVAL when fd is not a pipe's read end.
 */
long fs_pipe_peek(int fd, void *buf, size_t len, bool nonblock);

/*
 * poll(2): struct fs_pollfd is struct pollfd.  timeout_ns < 0 waits
 * without end.  Returns how many entries have events, 0 at the
 * timeout, -EINVAL for more than FD_MAX entries, -EINTR when the thread
 * is interrupted (thread_interrupt(): pthread_cancel, or a signal sent
 * to the thread, libc/signal/signal.c).
 */
struct fs_pollfd {
	int fd;
	short events, revents;
};
int fs_poll(struct fs_pollfd *fds, size_t n, int64_t timeout_ns);

/*
 * epoll(7), as Linux's calls: struct fs_epoll_event is struct
 * epoll_event (packed on x86_64), the flags and events are Linux's.
 * timeout_ns < 0 waits without end; the wait is poll's (-EINTR when
 * the thread is interrupted).
 */
struct fs_epoll_event {
	uint32_t events;
	uint64_t data;
} __attribute__((packed));
int fs_epoll_create1(int flags);
int fs_epoll_ctl(int epfd, int op, int fd, const struct fs_epoll_event *ev);
int fs_epoll_wait(int epfd, struct fs_epoll_event *events, int max,
		  int64_t timeout_ns);

/* eventfd(2): flags EFD_* (Linux's values). */
int fs_eventfd(unsigned initval, int flags);

/*
 * inotify(7), as Linux's calls: flags IN_NONBLOCK and IN_CLOEXEC, the
 * masks IN_* (Linux's values); an inotify fd's read() gives whole
 * struct inotify_event records (kernel/fs/inotify.c).
 */
int fs_inotify_init1(int flags);
int fs_inotify_add_watch(int fd, const char *path, uint32_t mask);
int fs_inotify_rm_watch(int fd, int wd);

/*
 * timerfd_create(2) and its settime/gettime: clock CLOCK_REALTIME,
 * CLOCK_MONOTONIC, CLOCK_BOOTTIME or their _ALARM forms (the same clocks
 * here), flags TFD_* (Linux's); struct fs_itimerspec is struct
 * itimerspec.  With TFD_TIMER_ABSTIME | TFD_TIMER_CANCEL_ON_SET on a
 * realtime clock, a set of the wall clock makes the fd readable and its
 * next read fail with -ECANCELED (settime too, rearming all the same).
 * fs_ioctl() takes TFD_IOC_SET_TICKS: the count the next read returns.
 */
struct fs_itimerspec {
	struct timespec interval, value;
};
int fs_timerfd_create(int clock, int flags);
int fs_timerfd_settime(int fd, int flags, const struct fs_itimerspec *new,
		       struct fs_itimerspec *old);
int fs_timerfd_gettime(int fd, struct fs_itimerspec *cur);

/*
 * signalfd(2): fd -1 makes one, a signalfd's fd takes mask (bit n - 1:
 * signal n) as its new one; flags O_NONBLOCK and O_CLOEXEC (SFD_*).
 * Its read() gives 128-byte struct signalfd_siginfo records of the
 * pending signals of its mask, the reading thread's and the program's,
 * which the libc keeps: it gives its source before the first call, and
 * calls fs_signalfd_notify() whenever a signal is left pending.
 */
struct fs_signalfd_source {
	/*
	 * Takes the lowest signal of mask pending for the calling thread
	 * (first) or the program into a 128-byte record; false if none.
	 * Called with a spinlock held.
	 */
	bool (*take)(uint64_t mask, void *record);
	/* Whether a signal of mask is pending for the caller or program. */
	bool (*pending)(uint64_t mask);
};
void fs_signalfd_source(const struct fs_signalfd_source *src);
int fs_signalfd(int fd, uint64_t mask, int flags);
void fs_signalfd_notify(void);

/* Mounts, for applications (MS_* flags; MNT_* for umount2) */
int fs_mount(const char *source, const char *target, const char *type,
	     unsigned long flags, const void *data);
int fs_umount2(const char *target, int flags);

#endif
