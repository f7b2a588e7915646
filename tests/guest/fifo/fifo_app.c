/*
 * Named pipes: mkfifo, mknod and the opens of a FIFO, in /tmp, checked
 * against Linux's rules.  Opens that wait are made by threads, and each
 * checks that it was let through only after its partner started to
 * open (a flag set before the partner's open).
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <sys/epoll.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/time.h>
#include <unistd.h>

#include "../app_check.h"

static const char *const fifo = "/tmp/fifo";

static int fails_with(int r, int err)
{
	return r == -1 && errno == err;
}

static int is_fifo(const char *path, mode_t perms)
{
	struct stat st;
	return stat(path, &st) == 0 && S_ISFIFO(st.st_mode) &&
	       (st.st_mode & 07777) == perms && st.st_size == 0;
}

static void test_make(void)
{
	umask(022);
	CHECK("mkfifo", mkfifo(fifo, 0666) == 0 && is_fifo(fifo, 0644));
	CHECK("mkfifo_eexist", fails_with(mkfifo(fifo, 0600), EEXIST));
	CHECK("mkfifo_enoent", fails_with(mkfifo("/tmp/none/f", 0600), ENOENT));
	CHECK("mkfifo_dev_eperm", fails_with(mkfifo("/dev/fifo", 0600), EPERM));
	CHECK("mkfifo_erofs",
	      mkdir("/tmp/ro", 0755) == 0 &&
		  mount("none", "/tmp/ro", "ramfs", MS_RDONLY, NULL) == 0 &&
		  fails_with(mkfifo("/tmp/ro/f", 0600), EROFS));
	int dir = open("/tmp", O_RDONLY | O_DIRECTORY);
	CHECK("mkfifoat", mkfifoat(dir, "fifo2", 0600) == 0 &&
			      is_fifo("/tmp/fifo2", 0600) &&
			      unlinkat(dir, "fifo2", 0) == 0);
	close(dir);
	CHECK("mknod_fifo", mknod("/tmp/nf", S_IFIFO | 0640, 0) == 0 &&
				is_fifo("/tmp/nf", 0640) &&
				unlink("/tmp/nf") == 0);
	struct stat st;
	CHECK("mknod_reg", mknod("/tmp/nr", S_IFREG | 0600, 0) == 0 &&
			       stat("/tmp/nr", &st) == 0 &&
			       S_ISREG(st.st_mode) && st.st_size == 0 &&
			       unlink("/tmp/nr") == 0);
	CHECK("mknod_zero_is_reg",
	      mknod("/tmp/nz", 0600, 0) == 0 && stat("/tmp/nz", &st) == 0 &&
		  S_ISREG(st.st_mode) && unlink("/tmp/nz") == 0);
	CHECK("mknod_sock", mknod("/tmp/ns", S_IFSOCK | 0600, 0) == 0 &&
				lstat("/tmp/ns", &st) == 0 &&
				S_ISSOCK(st.st_mode) && unlink("/tmp/ns") == 0);
	CHECK(
	    "mknod_chr_eperm",
	    fails_with(mknod("/tmp/nc", S_IFCHR | 0600, makedev(1, 3)), EPERM));
	CHECK(
	    "mknod_blk_eperm",
	    fails_with(mknod("/tmp/nb", S_IFBLK | 0600, makedev(8, 0)), EPERM));
	CHECK("mknod_dir_eperm",
	      fails_with(mknod("/tmp/nd", S_IFDIR | 0700, 0), EPERM));
	CHECK("mknod_bad_type_einval",
	      fails_with(mknod("/tmp/nx", 0170000 | 0600, 0), EINVAL));
	CHECK("mknod_eexist_first",
	      fails_with(mknod(fifo, S_IFCHR | 0600, 0), EEXIST));
}

static void test_nonblocking(void)
{
	CHECK("wronly_nonblock_enxio",
	      fails_with(open(fifo, O_WRONLY | O_NONBLOCK), ENXIO));
	int r = open(fifo, O_RDONLY | O_NONBLOCK);
	CHECK("rdonly_nonblock_opens", r >= 0);
	char buf[16];
	CHECK("read_no_writer_eof", read(r, buf, sizeof(buf)) == 0);
	int w = open(fifo, O_WRONLY | O_NONBLOCK);
	CHECK("wronly_nonblock_with_reader", w >= 0);
	struct stat st;
	CHECK("fstat_fifo", fstat(w, &st) == 0 && S_ISFIFO(st.st_mode) &&
				(st.st_mode & 0777) == 0644);
	CHECK("lseek_espipe", fails_with((int)lseek(r, 0, SEEK_SET), ESPIPE));
	CHECK("read_empty_eagain", fails_with((int)read(r, buf, 4), EAGAIN));
	struct pollfd p = {.fd = r, .events = POLLIN};
	CHECK("poll_empty", poll(&p, 1, 0) == 0);
	int ep = epoll_create1(0);
	struct epoll_event ev = {.events = EPOLLIN, .data.fd = r};
	CHECK("epoll_add", epoll_ctl(ep, EPOLL_CTL_ADD, r, &ev) == 0);
	CHECK("write", write(w, "hello", 5) == 5);
	CHECK("epoll_in", epoll_wait(ep, &ev, 1, 1000) == 1 &&
			      (ev.events & EPOLLIN) && ev.data.fd == r);
	CHECK("poll_in", poll(&p, 1, 0) == 1 && p.revents == POLLIN);
	/* a second reader shares the pipe */
	int r2 = open(fifo, O_RDONLY | O_NONBLOCK);
	CHECK("second_reader_shares",
	      r2 >= 0 && read(r2, buf, 2) == 2 && !memcmp(buf, "he", 2) &&
		  read(r, buf, sizeof(buf)) == 3 && !memcmp(buf, "llo", 3));
	close(r2);
	close(w);
	CHECK("poll_hup_eof", poll(&p, 1, 0) == 1 && (p.revents & POLLHUP) &&
				  read(r, buf, sizeof(buf)) == 0);
	close(ep);
	/* no reader left: EPIPE (SIGPIPE ignored) */
	signal(SIGPIPE, SIG_IGN);
	w = open(fifo, O_WRONLY | O_NONBLOCK);
	close(r);
	CHECK("write_no_reader_epipe",
	      w >= 0 && fails_with((int)write(w, "x", 1), EPIPE));
	p = (struct pollfd){.fd = w, .events = POLLOUT};
	CHECK("poll_err_no_reader",
	      poll(&p, 1, 0) == 1 && (p.revents & POLLERR));
	close(w);
}

static void test_rdwr(void)
{
	int fd = open(fifo, O_RDWR);
	char buf[8];
	CHECK("rdwr_opens", fd >= 0);
	CHECK("rdwr_through", write(fd, "abc", 3) == 3 &&
				  read(fd, buf, sizeof(buf)) == 3 &&
				  !memcmp(buf, "abc", 3));
	struct pollfd p = {.fd = fd, .events = POLLIN | POLLOUT};
	CHECK("rdwr_poll_out", poll(&p, 1, 0) == 1 && p.revents == POLLOUT);
	CHECK("rdwr_left_data", write(fd, "left", 4) == 4);
	close(fd);
	/* all ends closed: the next open starts an empty pipe */
	fd = open(fifo, O_RDWR | O_NONBLOCK);
	CHECK("reopen_empty",
	      fd >= 0 && fails_with((int)read(fd, buf, 4), EAGAIN));
	close(fd);
}

static void test_unlinked(void)
{
	CHECK("unlink_mkfifo", mkfifo("/tmp/gone", 0600) == 0);
	int r = open("/tmp/gone", O_RDONLY | O_NONBLOCK);
	int w = open("/tmp/gone", O_WRONLY | O_NONBLOCK);
	char buf[8];
	CHECK("unlink_open", r >= 0 && w >= 0 && unlink("/tmp/gone") == 0);
	CHECK("unlinked_still_works", write(w, "xyz", 3) == 3 &&
					  read(r, buf, sizeof(buf)) == 3 &&
					  !memcmp(buf, "xyz", 3));
	close(w);
	CHECK("unlinked_eof", read(r, buf, sizeof(buf)) == 0);
	close(r);
}

static volatile int reader_started, writer_started, writer_opening,
    reader_opening;
static volatile int reader_saw_writer, writer_saw_reader, reader_done;

static void *blocked_reader(void *arg)
{
	(void)arg;
	reader_started = 1;
	int fd = open(fifo, O_RDONLY);
	reader_saw_writer = writer_opening;
	char buf[4];
	long n = fd >= 0 ? read(fd, buf, sizeof(buf)) : -1;
	close(fd);
	reader_done = 1;
	return (void *)(n == 1 && buf[0] == 'x' ? 1L : 0L);
}

static void *blocked_writer(void *arg)
{
	(void)arg;
	writer_started = 1;
	int fd = open(fifo, O_WRONLY);
	writer_saw_reader = reader_opening;
	long n = fd >= 0 ? write(fd, "y", 1) : -1;
	close(fd);
	return (void *)(n == 1 ? 1L : 0L);
}

/*
 * A writer, opened once the reader thread waits in the FIFO's open (or
 * -1 when it did not wait, and is gone).
 */
static int open_writer_when_reader_waits(void)
{
	int w;
	do
		w = open(fifo, O_WRONLY | O_NONBLOCK); /* ENXIO: no reader */
	while (w < 0 && errno == ENXIO && !reader_done && sched_yield() == 0);
	return w;
}

static void test_blocking(void)
{
	pthread_t t;
	void *ok = NULL;
	CHECK("reader_thread",
	      pthread_create(&t, NULL, blocked_reader, NULL) == 0);
	while (!reader_started)
		sched_yield();
	writer_opening = 1;
	int w = open_writer_when_reader_waits();
	CHECK("writer_opens", w >= 0);
	CHECK("reader_gets_data",
	      write(w, "x", 1) == 1 && pthread_join(t, &ok) == 0 && ok);
	CHECK("reader_waited_for_writer", reader_saw_writer);
	close(w);

	CHECK("writer_thread",
	      pthread_create(&t, NULL, blocked_writer, NULL) == 0);
	while (!writer_started)
		sched_yield();
	/*
	 * Nothing shows a writer waiting without letting it through (a
	 * probing reader would, and its close could then leave the writer
	 * without one): give it time to get there.  The check holds in
	 * either order; it only tests less when the thread is late.
	 */
	for (int i = 0; i < 1000; i++)
		sched_yield();
	reader_opening = 1;
	int r = open(fifo, O_RDONLY);
	char c = 0;
	CHECK("reader_opens", r >= 0);
	CHECK("writer_data", read(r, &c, 1) == 1 && c == 'y' &&
				 pthread_join(t, &ok) == 0 && ok);
	CHECK("writer_waited_for_reader", writer_saw_reader);
	CHECK("writer_gone_eof", read(r, &c, 1) == 0);
	close(r);
}

static volatile int alarms;

static void on_alarm(int sig)
{
	(void)sig;
	alarms++;
}

static void test_eintr(void)
{
	struct sigaction sa = {.sa_handler = on_alarm}; /* no SA_RESTART */
	sigemptyset(&sa.sa_mask);
	sigaction(SIGALRM, &sa, NULL);
	struct itimerval it = {.it_value = {.tv_usec = 50000}};
	CHECK("setitimer", setitimer(ITIMER_REAL, &it, NULL) == 0);
	int fd = open(fifo, O_RDONLY);
	CHECK("open_eintr", fails_with(fd, EINTR) && alarms == 1);
	/* the interrupted open is no reader */
	CHECK("interrupted_no_reader",
	      fails_with(open(fifo, O_WRONLY | O_NONBLOCK), ENXIO));
	CHECK("alarm", alarm(1) == 0);
	fd = open(fifo, O_WRONLY);
	CHECK("writer_open_eintr", fails_with(fd, EINTR) && alarms == 2);
	int r = open(fifo, O_RDONLY | O_NONBLOCK);
	char c;
	CHECK("interrupted_no_writer", r >= 0 && read(r, &c, 1) == 0);
	close(r);
}

/* A writer once the handler ran (SIGALRM blocked here: not its thread). */
static void *writer_after_alarm(void *arg)
{
	sigset_t alrm;
	sigemptyset(&alrm);
	sigaddset(&alrm, SIGALRM);
	pthread_sigmask(SIG_BLOCK, &alrm, NULL);
	int before = (int)(long)arg;
	while (alarms == before)
		sched_yield();
	int fd = open(fifo, O_WRONLY);
	close(fd);
	return (void *)(long)(fd >= 0);
}

/* With SA_RESTART, the interrupted open goes on waiting after the handler. */
static void test_restart(void)
{
	struct sigaction sa = {.sa_handler = on_alarm, .sa_flags = SA_RESTART};
	sigemptyset(&sa.sa_mask);
	sigaction(SIGALRM, &sa, NULL);
	int before = alarms;
	pthread_t t;
	void *ok = NULL;
	CHECK("restart_thread", pthread_create(&t, NULL, writer_after_alarm,
					       (void *)(long)before) == 0);
	struct itimerval it = {.it_value = {.tv_usec = 50000}};
	CHECK("restart_setitimer", setitimer(ITIMER_REAL, &it, NULL) == 0);
	int fd = open(fifo, O_RDONLY);
	CHECK("open_restarted", fd >= 0 && alarms == before + 1);
	CHECK("restart_writer", pthread_join(t, &ok) == 0 && ok);
	close(fd);
}

int main(int argc, char **argv)
{
	static const struct app_check_group groups[] = {
	    {"make", test_make},	 {"nonblocking", test_nonblocking},
	    {"rdwr", test_rdwr},	 {"unlinked", test_unlinked},
	    {"blocking", test_blocking}, {"eintr", test_eintr},
	    {"restart", test_restart},
	};
	setvbuf(stdout, NULL, _IONBF, 0);
	return app_check_run(groups, sizeof(groups) / sizeof(*groups), argc,
			     argv);
}
