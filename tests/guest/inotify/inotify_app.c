/*
 * inotify (tests/guest/inotify.test; built against glibc's headers):
 * the events of files and directories on /tmp, their names, cookies and
 * flags, as Linux reports them; watches replaced, added to, one-shot,
 * removed; the queue's overflow; reads (whole records, EINVAL for a
 * buffer too small, EAGAIN, a blocked reader woken), readiness for
 * poll and epoll, FIONREAD; the errors of the calls.  Events are
 * queued by the call that makes them, so each check reads what the
 * calls before it left, without waiting.  The directory is the first
 * argument if it is a path (tests/guest/inotify_zfs.test), else
 * $INOTIFY_DIR (to run the program on Linux too), else /tmp/inotify.
 * The other arguments name the groups to run (all by default).  Prints
 * "PASS name" or "FAIL name: why" per check, then "checks: N failed: M".
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/inotify.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../app_check.h"

#define MAX_EVENTS 64
#define QUEUE_MAX 16384 /* Linux's default max_queued_events */

struct ev {
	int wd;
	uint32_t mask, cookie, len;
	char name[64];
};

static struct ev evs[MAX_EVENTS];
static int nev;
static char base[200];

static const char *at(const char *name)
{
	static char paths[4][300];
	static int next;
	char *p = paths[next++ % 4];
	snprintf(p, sizeof(paths[0]), "%s/%s", base, name);
	return p;
}

/* Appends the records of buf[0, n) to evs; false if one is malformed. */
static bool parse(const char *buf, ssize_t n)
{
	bool ok = true;
	for (ssize_t off = 0; off < n;) {
		struct inotify_event *e = (void *)(buf + off);
		size_t size = sizeof(*e) + e->len;
		if (off + (ssize_t)size > n)
			return false;
		if (nev < MAX_EVENTS) {
			struct ev *v = &evs[nev++];
			v->wd = e->wd;
			v->mask = e->mask;
			v->cookie = e->cookie;
			v->len = e->len;
			/* a name is NUL-terminated and padded to 16 */
			if (e->len &&
			    (e->len % 16 || !memchr(e->name, 0, e->len)))
				ok = false;
			snprintf(v->name, sizeof(v->name), "%s",
				 e->len ? e->name : "");
		}
		off += size;
	}
	return ok;
}

/* Reads all that is queued on the non-blocking fd into evs. */
static bool drain(int fd)
{
	char buf[4096] __attribute__((aligned(8)));
	nev = 0;
	bool ok = true;
	for (;;) {
		ssize_t n = read(fd, buf, sizeof(buf));
		if (n < 0)
			return ok && errno == EAGAIN;
		ok &= parse(buf, n);
	}
}

/* Whether evs[i] is (wd, mask, name); name NULL: none. */
static bool is(int i, int wd, uint32_t mask, const char *name)
{
	if (i >= nev)
		return false;
	const struct ev *v = &evs[i];
	return v->wd == wd && v->mask == mask &&
	       (name ? v->len && !strcmp(v->name, name) : v->len == 0);
}

static bool fails_with(long r, int err)
{
	return r == -1 && errno == err;
}

static int touch(const char *path)
{
	int fd = open(path, O_CREAT | O_WRONLY, 0600);
	return fd < 0 ? -1 : close(fd);
}

static int nb_fd(void)
{
	return inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
}

static void check_init(void)
{
	int fd = nb_fd();
	CHECK("init1_fd", fd >= 0);
	CHECK("init1_cloexec", fcntl(fd, F_GETFD) == FD_CLOEXEC);
	CHECK("init1_nonblock", fcntl(fd, F_GETFL) & O_NONBLOCK);
	char buf[256];
	CHECK("empty_read_eagain",
	      fails_with(read(fd, buf, sizeof(buf)), EAGAIN));
	close(fd);
	fd = inotify_init();
	CHECK("init_fd", fd >= 0 && !(fcntl(fd, F_GETFL) & O_NONBLOCK) &&
			     fcntl(fd, F_GETFD) == 0);
	close(fd);
	CHECK("init1_bad_flags_einval", fails_with(inotify_init1(1), EINVAL));
}

/* The events of a watched directory's children, with their names. */
static void check_dir_events(void)
{
	mkdir(at("d"), 0755);
	int fd = nb_fd();
	int wd = inotify_add_watch(fd, at("d"), IN_ALL_EVENTS);
	CHECK("dir_watch_wd", wd > 0);

	int f = open(at("d/file"), O_CREAT | O_WRONLY, 0600);
	CHECK("write_3", write(f, "abc", 3) == 3);
	CHECK("write_again", write(f, "de", 2) == 2);
	int queued = -1;
	CHECK("fionread_ioctl", ioctl(fd, FIONREAD, &queued) == 0);
	close(f);
	int before_close = queued;
	CHECK("create_open_modify_close",
	      drain(fd) && nev == 4 && is(0, wd, IN_CREATE, "file") &&
		  is(1, wd, IN_OPEN, "file") && is(2, wd, IN_MODIFY, "file") &&
		  is(3, wd, IN_CLOSE_WRITE, "file"));
	/* CREATE, OPEN, MODIFY (the two writes coalesced): 3 records */
	CHECK("fionread_bytes",
	      before_close == 3 * (int)(sizeof(struct inotify_event) + 16));
	CHECK("name_padded", nev >= 1 && evs[0].len == 16);

	f = open(at("d/file"), O_RDONLY);
	char buf[8];
	CHECK("read_file", read(f, buf, sizeof(buf)) == 5);
	close(f);
	CHECK("open_access_close_nowrite",
	      drain(fd) && nev == 3 && is(0, wd, IN_OPEN, "file") &&
		  is(1, wd, IN_ACCESS, "file") &&
		  is(2, wd, IN_CLOSE_NOWRITE, "file"));

	chmod(at("d/file"), 0644);
	CHECK("chmod_attrib",
	      drain(fd) && nev == 1 && is(0, wd, IN_ATTRIB, "file"));
	utimensat(AT_FDCWD, at("d/file"), NULL, 0);
	CHECK("utimes_attrib",
	      drain(fd) && nev == 1 && is(0, wd, IN_ATTRIB, "file"));
	/* a change that fails reports nothing (ZFS's chown here: EPERM) */
	if (chown(at("d/file"), getuid(), getgid()) == 0)
		CHECK("chown_attrib",
		      drain(fd) && nev == 1 && is(0, wd, IN_ATTRIB, "file"));
	else
		CHECK("chown_failed_no_event", drain(fd) && nev == 0);
	truncate(at("d/file"), 1);
	CHECK("truncate_modify",
	      drain(fd) && nev == 1 && is(0, wd, IN_MODIFY, "file"));
	f = open(at("d/file"), O_WRONLY | O_TRUNC);
	ftruncate(f, 2);
	close(f);
	/* O_TRUNC's IN_MODIFY comes after IN_OPEN: ftruncate's repeats it */
	CHECK("o_trunc_ftruncate_modify",
	      drain(fd) && nev == 3 && is(0, wd, IN_OPEN, "file") &&
		  is(1, wd, IN_MODIFY, "file") &&
		  is(2, wd, IN_CLOSE_WRITE, "file"));

	mkdir(at("d/sub"), 0755);
	CHECK("mkdir_create_isdir",
	      drain(fd) && nev == 1 && is(0, wd, IN_CREATE | IN_ISDIR, "sub"));
	rename(at("d/file"), at("d/moved"));
	CHECK("rename_moved_from_to", drain(fd) && nev == 2 &&
					  is(0, wd, IN_MOVED_FROM, "file") &&
					  is(1, wd, IN_MOVED_TO, "moved"));
	CHECK("rename_cookie",
	      nev == 2 && evs[0].cookie != 0 && evs[0].cookie == evs[1].cookie);
	uint32_t first = evs[0].cookie;
	rename(at("d/sub"), at("d/sub2"));
	CHECK("rename_dir_isdir",
	      drain(fd) && nev == 2 &&
		  is(0, wd, IN_MOVED_FROM | IN_ISDIR, "sub") &&
		  is(1, wd, IN_MOVED_TO | IN_ISDIR, "sub2") &&
		  evs[0].cookie == evs[1].cookie && evs[0].cookie != first);
	link(at("d/moved"), at("d/hard"));
	symlink("moved", at("d/sym"));
	CHECK("link_symlink_create", drain(fd) && nev == 2 &&
					 is(0, wd, IN_CREATE, "hard") &&
					 is(1, wd, IN_CREATE, "sym"));
	unlink(at("d/hard"));
	unlink(at("d/sym"));
	unlink(at("d/moved"));
	rmdir(at("d/sub2"));
	CHECK("unlink_rmdir_delete",
	      drain(fd) && nev == 4 && is(0, wd, IN_DELETE, "hard") &&
		  is(1, wd, IN_DELETE, "sym") &&
		  is(2, wd, IN_DELETE, "moved") &&
		  is(3, wd, IN_DELETE | IN_ISDIR, "sub2"));
	DIR *listing = opendir(at("d"));
	CHECK("readdir_empty",
	      readdir(listing) && readdir(listing) && !readdir(listing));
	closedir(listing);
	CHECK("dir_open_list_close_isdir",
	      drain(fd) && nev == 3 && is(0, wd, IN_OPEN | IN_ISDIR, NULL) &&
		  is(1, wd, IN_ACCESS | IN_ISDIR, NULL) &&
		  is(2, wd, IN_CLOSE_NOWRITE | IN_ISDIR, NULL));
	rmdir(at("d"));
	CHECK("rmdir_delete_self_ignored",
	      drain(fd) && nev == 2 && is(0, wd, IN_DELETE_SELF, NULL) &&
		  is(1, wd, IN_IGNORED, NULL));
	close(fd);
}

/* The events of a watched file itself: no name. */
static void check_self_events(void)
{
	mkdir(at("s"), 0755);
	touch(at("s/x"));
	int fd = nb_fd();
	int wd = inotify_add_watch(fd, at("s/x"), IN_ALL_EVENTS);
	CHECK("file_watch_wd", wd > 0);
	rename(at("s/x"), at("s/y"));
	CHECK("move_self",
	      drain(fd) && nev == 1 && is(0, wd, IN_MOVE_SELF, NULL));
	link(at("s/y"), at("s/z"));
	CHECK("link_attrib",
	      drain(fd) && nev == 1 && is(0, wd, IN_ATTRIB, NULL));
	int wd2 = inotify_add_watch(fd, at("s/z"), IN_ALL_EVENTS);
	CHECK("same_inode_same_wd", wd2 == wd);
	unlink(at("s/z"));
	CHECK("unlink_one_link_attrib",
	      drain(fd) && nev == 1 && is(0, wd, IN_ATTRIB, NULL));
	int f = open(at("s/y"), O_WRONLY);
	write(f, "x", 1);
	close(f);
	CHECK("self_open_modify_close", drain(fd) && nev == 3 &&
					    is(0, wd, IN_OPEN, NULL) &&
					    is(1, wd, IN_MODIFY, NULL) &&
					    is(2, wd, IN_CLOSE_WRITE, NULL));
	unlink(at("s/y"));
	CHECK("unlink_last_delete_self", drain(fd) && nev == 3 &&
					     is(0, wd, IN_ATTRIB, NULL) &&
					     is(1, wd, IN_DELETE_SELF, NULL) &&
					     is(2, wd, IN_IGNORED, NULL));
	CHECK("rm_watch_gone_einval",
	      fails_with(inotify_rm_watch(fd, wd), EINVAL));

	/* a watch of the directory and of its child: both see the event */
	touch(at("s/both"));
	int dwd = inotify_add_watch(fd, at("s"), IN_ATTRIB);
	int fwd = inotify_add_watch(fd, at("s/both"), IN_ATTRIB);
	chmod(at("s/both"), 0640);
	CHECK("parent_and_child_watches", drain(fd) && nev == 2 && dwd != fwd &&
					      ((is(0, dwd, IN_ATTRIB, "both") &&
						is(1, fwd, IN_ATTRIB, NULL)) ||
					       (is(1, dwd, IN_ATTRIB, "both") &&
						is(0, fwd, IN_ATTRIB, NULL))));
	/* a replaced file: its watch ends (not deleted: no IN_DELETE_SELF) */
	touch(at("s/new"));
	drain(fd);
	rename(at("s/new"), at("s/both"));
	CHECK("rename_over_watched", drain(fd) && nev == 2 &&
					 is(0, fwd, IN_ATTRIB, NULL) &&
					 is(1, fwd, IN_IGNORED, NULL));
	unlink(at("s/both"));
	rmdir(at("s"));
	close(fd);
}

/* Watches: replaced, added to, created only, one-shot, removed. */
static void check_watches(void)
{
	mkdir(at("w"), 0755);
	touch(at("w/f"));
	int fd = nb_fd();
	int wd = inotify_add_watch(fd, at("w/f"), IN_MODIFY);
	CHECK("replace_same_wd",
	      inotify_add_watch(fd, at("w/f"), IN_ATTRIB) == wd);
	int f = open(at("w/f"), O_WRONLY);
	write(f, "a", 1);
	fchmod(f, 0600);
	close(f);
	CHECK("replaced_mask",
	      drain(fd) && nev == 1 && is(0, wd, IN_ATTRIB, NULL));
	CHECK("mask_add_same_wd",
	      inotify_add_watch(fd, at("w/f"), IN_MODIFY | IN_MASK_ADD) == wd);
	f = open(at("w/f"), O_WRONLY);
	write(f, "a", 1);
	fchmod(f, 0600);
	close(f);
	CHECK("mask_added", drain(fd) && nev == 2 &&
				is(0, wd, IN_MODIFY, NULL) &&
				is(1, wd, IN_ATTRIB, NULL));
	CHECK("mask_create_eexist",
	      fails_with(
		  inotify_add_watch(fd, at("w/f"), IN_MODIFY | IN_MASK_CREATE),
		  EEXIST));
	CHECK("mask_add_and_create_einval",
	      fails_with(
		  inotify_add_watch(fd, at("w/f"),
				    IN_MODIFY | IN_MASK_CREATE | IN_MASK_ADD),
		  EINVAL));
	CHECK("rm_watch", inotify_rm_watch(fd, wd) == 0);
	CHECK("rm_watch_ignored",
	      drain(fd) && nev == 1 && is(0, wd, IN_IGNORED, NULL));
	CHECK("rm_watch_again_einval",
	      fails_with(inotify_rm_watch(fd, wd), EINVAL));
	chmod(at("w/f"), 0600);
	CHECK("removed_no_events", drain(fd) && nev == 0);

	int one = inotify_add_watch(fd, at("w/f"), IN_ATTRIB | IN_ONESHOT);
	CHECK("oneshot_new_wd", one > 0 && one != wd);
	chmod(at("w/f"), 0600);
	chmod(at("w/f"), 0640);
	CHECK("oneshot_one_event", drain(fd) && nev == 2 &&
				       is(0, one, IN_ATTRIB, NULL) &&
				       is(1, one, IN_IGNORED, NULL));
	CHECK("oneshot_gone", fails_with(inotify_rm_watch(fd, one), EINVAL));

	CHECK("excl_unlink_accepted",
	      inotify_add_watch(fd, at("w"), IN_DELETE | IN_EXCL_UNLINK) > 0);
	CHECK("onlydir_dir",
	      inotify_add_watch(fd, at("w"), IN_CREATE | IN_ONLYDIR) > 0);
	CHECK(
	    "onlydir_file_enotdir",
	    fails_with(inotify_add_watch(fd, at("w/f"), IN_ATTRIB | IN_ONLYDIR),
		       ENOTDIR));
	symlink("f", at("w/link"));
	int target = inotify_add_watch(fd, at("w/link"), IN_ATTRIB);
	int itself =
	    inotify_add_watch(fd, at("w/link"), IN_ATTRIB | IN_DONT_FOLLOW);
	CHECK("dont_follow_the_link",
	      target > 0 && itself > 0 && target != itself &&
		  inotify_add_watch(fd, at("w/f"), IN_ATTRIB) == target);
	close(fd);
	unlink(at("w/link"));
	unlink(at("w/f"));
	rmdir(at("w"));
}

static void check_errors(void)
{
	int fd = nb_fd();
	CHECK("enoent",
	      fails_with(inotify_add_watch(fd, at("absent"), IN_ALL_EVENTS),
			 ENOENT));
	CHECK("empty_mask_einval",
	      fails_with(inotify_add_watch(fd, base, 0), EINVAL));
	CHECK("unknown_bits_mask_einval",
	      fails_with(inotify_add_watch(fd, base, 0x00100000), EINVAL));
	int p[2];
	pipe(p);
	CHECK("not_inotify_add_einval",
	      fails_with(inotify_add_watch(p[0], base, IN_ALL_EVENTS), EINVAL));
	CHECK("not_inotify_rm_einval",
	      fails_with(inotify_rm_watch(p[0], 1), EINVAL));
	close(p[0]);
	close(p[1]);
	CHECK("rm_unknown_wd_einval",
	      fails_with(inotify_rm_watch(fd, 12345), EINVAL));
	close(fd);
	CHECK("closed_add_ebadf",
	      fails_with(inotify_add_watch(fd, base, IN_ALL_EVENTS), EBADF));
	CHECK("closed_rm_ebadf", fails_with(inotify_rm_watch(fd, 1), EBADF));
}

/* Reads: whole records only, EINVAL below one. */
static void check_reads(void)
{
	mkdir(at("r"), 0755);
	int fd = nb_fd();
	int wd = inotify_add_watch(fd, at("r"), IN_CREATE);
	touch(at("r/a"));
	touch(at("r/b"));
	char buf[256] __attribute__((aligned(8)));
	size_t one = sizeof(struct inotify_event) + 16;
	CHECK("small_buffer_einval",
	      fails_with(read(fd, buf, sizeof(struct inotify_event)), EINVAL));
	CHECK("small_buffer_einval_one_less",
	      fails_with(read(fd, buf, one - 1), EINVAL));
	nev = 0;
	ssize_t n = read(fd, buf, one + one / 2);
	CHECK("read_whole_records",
	      n == (ssize_t)one && parse(buf, n) && is(0, wd, IN_CREATE, "a"));
	nev = 0;
	n = read(fd, buf, sizeof(buf));
	CHECK("read_the_rest",
	      n == (ssize_t)one && parse(buf, n) && is(0, wd, IN_CREATE, "b"));
	CHECK("write_ebadf", fails_with(write(fd, buf, 8), EBADF));
	close(fd);
	unlink(at("r/a"));
	unlink(at("r/b"));
	rmdir(at("r"));
}

static void check_readiness(void)
{
	mkdir(at("p"), 0755);
	int fd = nb_fd();
	int wd = inotify_add_watch(fd, at("p"), IN_CREATE | IN_DELETE);
	struct pollfd pfd = {.fd = fd, .events = POLLIN};
	CHECK("poll_empty", poll(&pfd, 1, 0) == 0);
	int ep = epoll_create1(0);
	struct epoll_event ev = {.events = EPOLLIN, .data.u32 = 7};
	epoll_ctl(ep, EPOLL_CTL_ADD, fd, &ev);
	struct epoll_event out;
	CHECK("epoll_empty", epoll_wait(ep, &out, 1, 0) == 0);
	touch(at("p/a"));
	CHECK("poll_ready", poll(&pfd, 1, 0) == 1 && pfd.revents == POLLIN);
	CHECK("epoll_ready", epoll_wait(ep, &out, 1, 0) == 1 &&
				 out.events == EPOLLIN && out.data.u32 == 7);
	drain(fd);
	CHECK("epoll_drained", epoll_wait(ep, &out, 1, 0) == 0);
	/* edge-triggered: a new event is a new edge */
	ev.events = EPOLLIN | EPOLLET;
	epoll_ctl(ep, EPOLL_CTL_MOD, fd, &ev);
	unlink(at("p/a"));
	CHECK("epollet_edge", epoll_wait(ep, &out, 1, 0) == 1);
	CHECK("epollet_once", epoll_wait(ep, &out, 1, 0) == 0);
	CHECK("epollet_event",
	      drain(fd) && nev == 1 && is(0, wd, IN_DELETE, "a"));
	close(ep);
	close(fd);
	rmdir(at("p"));
}

struct reader {
	int fd;
	ssize_t n;
	char buf[256] __attribute__((aligned(8)));
};

static void *blocked_read(void *arg)
{
	struct reader *r = arg;
	r->n = read(r->fd, r->buf, sizeof(r->buf));
	return NULL;
}

/*
 * A thread reading an empty blocking instance gets the event made
 * after it started (whether it is asleep by then or not).
 */
static void check_blocking(void)
{
	mkdir(at("b"), 0755);
	struct reader r = {.fd = inotify_init()};
	int wd = inotify_add_watch(r.fd, at("b"), IN_CREATE);
	pthread_t t;
	pthread_create(&t, NULL, blocked_read, &r);
	sched_yield();
	touch(at("b/woke"));
	pthread_join(t, NULL);
	nev = 0;
	CHECK("blocked_reader_woken", r.n > 0 && parse(r.buf, r.n) &&
					  nev == 1 &&
					  is(0, wd, IN_CREATE, "woke"));
	close(r.fd);
	unlink(at("b/woke"));
	rmdir(at("b"));
}

/* A watched file's filesystem unmounted: IN_UNMOUNT, IN_IGNORED. */
static void check_unmount(void)
{
	mkdir(at("m"), 0755);
	if (mount("none", at("m"), "ramfs", 0, NULL)) {
		CHECK("mount_ramfs (root on Linux)", 0);
		return;
	}
	mkdir(at("m/d"), 0755);
	int fd = nb_fd();
	int wd = inotify_add_watch(fd, at("m/d"), IN_ALL_EVENTS);
	CHECK("unmount_umount", umount(at("m")) == 0);
	CHECK("unmount_events", drain(fd) && nev == 2 &&
				    is(0, wd, IN_UNMOUNT | IN_ISDIR, NULL) &&
				    is(1, wd, IN_IGNORED, NULL));
	close(fd);
	rmdir(at("m"));
}

static int interrupted;

static void on_signal(int sig)
{
	(void)sig;
	__atomic_add_fetch(&interrupted, 1, __ATOMIC_RELAXED);
}

struct waiter {
	int fd, done, err;
	ssize_t n;
};

static void *interrupted_read(void *arg)
{
	struct waiter *w = arg;
	char buf[256];
	w->n = read(w->fd, buf, sizeof(buf));
	w->err = errno;
	__atomic_store_n(&w->done, 1, __ATOMIC_RELEASE);
	return NULL;
}

/*
 * A blocked read ends with EINTR when a handler (without SA_RESTART)
 * runs in its thread: signalled until it returns, so that a signal
 * that came before the read began does not leave it waiting.
 */
static void check_eintr(void)
{
	struct sigaction sa = {.sa_handler = on_signal};
	sigaction(SIGUSR1, &sa, NULL);
	struct waiter w = {.fd = inotify_init()};
	inotify_add_watch(w.fd, base, IN_DELETE_SELF);
	pthread_t t;
	pthread_create(&t, NULL, interrupted_read, &w);
	while (!__atomic_load_n(&w.done, __ATOMIC_ACQUIRE)) {
		pthread_kill(t, SIGUSR1);
		sched_yield();
	}
	pthread_join(t, NULL);
	CHECK("blocked_read_eintr",
	      w.n == -1 && w.err == EINTR && interrupted > 0);
	close(w.fd);
	signal(SIGUSR1, SIG_DFL);
}

/* More events than the queue holds: the last is one IN_Q_OVERFLOW. */
static void check_overflow(void)
{
	touch(at("o"));
	int fd = nb_fd();
	int wd = inotify_add_watch(fd, at("o"), IN_OPEN | IN_CLOSE_NOWRITE);
	for (int i = 0; i < QUEUE_MAX / 2 + 10; i++)
		close(open(at("o"), O_RDONLY));
	static char buf[65536] __attribute__((aligned(8)));
	long count = 0, bad = 0, overflows = 0;
	struct inotify_event last = {0};
	for (;;) {
		ssize_t n = read(fd, buf, sizeof(buf));
		if (n <= 0)
			break;
		for (ssize_t off = 0; off < n;) {
			struct inotify_event *e = (void *)(buf + off);
			uint32_t want = count % 2 ? IN_CLOSE_NOWRITE : IN_OPEN;
			if (e->mask == IN_Q_OVERFLOW)
				overflows++;
			else if (e->wd != wd || e->mask != want || e->len)
				bad++;
			last = *e;
			count++;
			off += sizeof(*e) + e->len;
		}
	}
	CHECK("overflow_count", count == QUEUE_MAX + 1);
	CHECK("overflow_events_in_order", bad == 0);
	CHECK("overflow_once_last",
	      overflows == 1 && last.wd == -1 && last.mask == IN_Q_OVERFLOW);
	close(open(at("o"), O_RDONLY));
	CHECK("after_overflow_events", drain(fd) && nev == 2 &&
					   is(0, wd, IN_OPEN, NULL) &&
					   is(1, wd, IN_CLOSE_NOWRITE, NULL));
	close(fd);
	unlink(at("o"));
}

static const struct app_check_group groups[] = {
    {"init", check_init},	    {"dir", check_dir_events},
    {"self", check_self_events},    {"watches", check_watches},
    {"errors", check_errors},	    {"reads", check_reads},
    {"readiness", check_readiness}, {"blocking", check_blocking},
    {"overflow", check_overflow},   {"unmount", check_unmount},
    {"eintr", check_eintr},
};

int main(int argc, char **argv)
{
	const char *dir = getenv("INOTIFY_DIR");
	if (argc > 1 && argv[1][0] == '/') { /* a directory: not a group */
		dir = argv[1];
		argv[1] = argv[0];
		argc--, argv++;
	}
	snprintf(base, sizeof(base), "%s", dir ? dir : "/tmp/inotify");
	mkdir(base, 0755);
	setvbuf(stdout, NULL, _IOLBF, 0);
	return app_check_run(groups, sizeof(groups) / sizeof(groups[0]), argc,
			     argv);
}
