/*
 * Advisory locks as on Linux: fcntl's record locks belong to the
 * process, OFD locks and flock's to the open file description; built
 * against glibc's headers, run in the kernel on /tmp (ramfs).
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <pthread.h>
#include <semaphore.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/file.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#include "../app_check.h"

#define PATH "/tmp/locked"

#define FAILS(name, call, err)                                                 \
	check(name, (call) == -1 && errno == (err), #call " fails with " #err)

static int open_file(void)
{
	return open(PATH, O_RDWR | O_CREAT, 0644);
}

static int set(int fd, int cmd, short type, off_t start, off_t len)
{
	struct flock fl = {.l_type = type,
			   .l_whence = SEEK_SET,
			   .l_start = start,
			   .l_len = len};
	return fcntl(fd, cmd, &fl);
}

static struct flock get(int fd, int cmd, short type, off_t start, off_t len)
{
	struct flock fl = {.l_type = type,
			   .l_whence = SEEK_SET,
			   .l_start = start,
			   .l_len = len};
	if (fcntl(fd, cmd, &fl) != 0)
		fl.l_type = -1;
	return fl;
}

static void record_locks(void)
{
	int a = open_file(), b = open_file();
	CHECK("posix_own_locks_never_conflict",
	      set(a, F_SETLK, F_WRLCK, 0, 0) == 0 &&
		  set(b, F_SETLK, F_WRLCK, 0, 0) == 0);
	CHECK("posix_getlk_own_unlocked",
	      get(b, F_GETLK, F_WRLCK, 0, 0).l_type == F_UNLCK);
	/* an OFD lock's owner is the open file, not the process */
	FAILS("ofd_vs_posix", set(a, F_OFD_SETLK, F_WRLCK, 0, 10), EAGAIN);
	set(a, F_SETLK, F_UNLCK, 0, 0);
	CHECK("posix_unlock", set(a, F_OFD_SETLK, F_WRLCK, 0, 10) == 0);
	struct flock fl = get(b, F_GETLK, F_RDLCK, 5, 20);
	CHECK("getlk_reports_ofd", fl.l_type == F_WRLCK && fl.l_start == 0 &&
				       fl.l_len == 10 && fl.l_pid == -1);
	FAILS("posix_vs_ofd", set(b, F_SETLK, F_RDLCK, 9, 1), EAGAIN);
	CHECK("posix_beside_ofd", set(b, F_SETLK, F_WRLCK, 10, 5) == 0);
	close(a);
	close(b);
}

static void ofd_locks(void)
{
	int a = open_file(), b = open_file(), a2 = dup(a);
	CHECK("ofd_set", set(a, F_OFD_SETLK, F_WRLCK, 0, 100) == 0);
	FAILS("ofd_conflict", set(b, F_OFD_SETLK, F_WRLCK, 50, 1), EAGAIN);
	FAILS("ofd_read_vs_write", set(b, F_OFD_SETLK, F_RDLCK, 99, 5), EAGAIN);
	CHECK("ofd_same_description",
	      set(a2, F_OFD_SETLK, F_WRLCK, 50, 1) == 0);
	CHECK("ofd_past_range", set(b, F_OFD_SETLK, F_WRLCK, 100, 0) == 0);
	set(b, F_OFD_SETLK, F_UNLCK, 0, 0);

	/* a's write lock over 0..99 with a hole at 40..59 */
	CHECK("ofd_unlock_middle", set(a, F_OFD_SETLK, F_UNLCK, 40, 20) == 0);
	CHECK("ofd_hole_free", set(b, F_OFD_SETLK, F_WRLCK, 40, 20) == 0);
	FAILS("ofd_split_head", set(b, F_OFD_SETLK, F_WRLCK, 39, 1), EAGAIN);
	FAILS("ofd_split_tail", set(b, F_OFD_SETLK, F_WRLCK, 60, 1), EAGAIN);
	struct flock fl = get(b, F_OFD_GETLK, F_WRLCK, 60, 0);
	CHECK("ofd_getlk_tail", fl.l_type == F_WRLCK && fl.l_start == 60 &&
				    fl.l_len == 40 && fl.l_pid == -1);
	CHECK("ofd_getlk_free",
	      get(b, F_OFD_GETLK, F_WRLCK, 100, 10).l_type == F_UNLCK);
	set(b, F_OFD_SETLK, F_UNLCK, 0, 0);

	/* downgrading the middle of a write lock leaves three pieces */
	CHECK("ofd_downgrade", set(a, F_OFD_SETLK, F_RDLCK, 10, 10) == 0);
	CHECK("ofd_shared_read", set(b, F_OFD_SETLK, F_RDLCK, 10, 10) == 0);
	FAILS("ofd_read_still_write", set(b, F_OFD_SETLK, F_RDLCK, 9, 1),
	      EAGAIN);
	FAILS("ofd_write_vs_read", set(a, F_OFD_SETLK, F_WRLCK, 15, 1), EAGAIN);
	set(b, F_OFD_SETLK, F_UNLCK, 0, 0);

	/* the lock lives as long as the description: a2 still holds it */
	close(a);
	FAILS("ofd_kept_by_dup", set(b, F_OFD_SETLK, F_WRLCK, 0, 1), EAGAIN);
	close(a2);
	CHECK("ofd_released_with_file",
	      set(b, F_OFD_SETLK, F_WRLCK, 0, 0) == 0);
	close(b);
}

static void posix_close_rule(void)
{
	int a = open_file(), b = open_file(), other = open_file();
	set(a, F_SETLK, F_WRLCK, 0, 0);
	FAILS("posix_held", set(b, F_OFD_SETLK, F_WRLCK, 0, 1), EAGAIN);
	/* closing any descriptor of the file drops the process's locks */
	close(other);
	CHECK("posix_dropped_by_any_close",
	      set(b, F_OFD_SETLK, F_WRLCK, 0, 1) == 0);
	close(a);
	close(b);
}

static void bad_arguments(void)
{
	int a = open_file();
	struct flock fl = {.l_type = F_WRLCK, .l_whence = SEEK_SET, .l_pid = 7};
	FAILS("ofd_pid_nonzero", fcntl(a, F_OFD_SETLK, &fl), EINVAL);
	fl = (struct flock){.l_type = F_UNLCK, .l_whence = SEEK_SET};
	FAILS("getlk_unlck", fcntl(a, F_GETLK, &fl), EINVAL);
	fl = (struct flock){.l_type = F_WRLCK, .l_whence = 7};
	FAILS("bad_whence", fcntl(a, F_SETLK, &fl), EINVAL);
	FAILS("negative_start", set(a, F_SETLK, F_WRLCK, -1, 1), EINVAL);
	FAILS("flock_bad_op", flock(a, 0), EINVAL);
	FAILS("flock_bad_fd", flock(999, LOCK_EX), EBADF);
	FAILS("lockf_bad_cmd", lockf(a, 9, 0), EINVAL);
	close(a);
}

static void relative_ranges(void)
{
	int a = open_file(), b = open_file();
	if (ftruncate(a, 100) != 0 || lseek(a, 30, SEEK_SET) != 30)
		CHECK("setup", 0);
	struct flock fl = {.l_type = F_WRLCK,
			   .l_whence = SEEK_END,
			   .l_start = -10,
			   .l_len = 10};
	CHECK("seek_end_set", fcntl(a, F_OFD_SETLK, &fl) == 0);
	fl = get(b, F_OFD_GETLK, F_RDLCK, 0, 0);
	CHECK("seek_end_range",
	      fl.l_type == F_WRLCK && fl.l_start == 90 && fl.l_len == 10);
	set(a, F_OFD_SETLK, F_UNLCK, 0, 0);
	fl = (struct flock){.l_type = F_WRLCK,
			    .l_whence = SEEK_CUR,
			    .l_start = 0,
			    .l_len = -10};
	CHECK("negative_len_set", fcntl(a, F_OFD_SETLK, &fl) == 0);
	fl = get(b, F_OFD_GETLK, F_RDLCK, 0, 0);
	CHECK("negative_len_range",
	      fl.l_type == F_WRLCK && fl.l_start == 20 && fl.l_len == 10);
	close(a);
	close(b);
}

static void flock_locks(void)
{
	int a = open_file(), b = open_file(), a2 = dup(a);
	CHECK("flock_ex", flock(a, LOCK_EX) == 0);
	FAILS("flock_ex_nb", flock(b, LOCK_EX | LOCK_NB), EWOULDBLOCK);
	FAILS("flock_sh_nb", flock(b, LOCK_SH | LOCK_NB), EWOULDBLOCK);
	CHECK("flock_same_description", flock(a2, LOCK_EX | LOCK_NB) == 0);
	/* flock's locks and fcntl's never meet */
	CHECK("flock_vs_ofd", set(b, F_OFD_SETLK, F_WRLCK, 0, 0) == 0);
	CHECK("flock_unlock", flock(a, LOCK_UN) == 0);
	CHECK("flock_sh_a", flock(a, LOCK_SH) == 0);
	CHECK("flock_sh_b", flock(b, LOCK_SH | LOCK_NB) == 0);
	FAILS("flock_upgrade_blocked", flock(a, LOCK_EX | LOCK_NB),
	      EWOULDBLOCK);
	close(b);
	CHECK("flock_upgrade", flock(a, LOCK_EX | LOCK_NB) == 0);
	b = open_file();
	close(a);
	FAILS("flock_kept_by_dup", flock(b, LOCK_EX | LOCK_NB), EWOULDBLOCK);
	close(a2);
	CHECK("flock_released_with_file", flock(b, LOCK_EX | LOCK_NB) == 0);
	close(b);
}

static void lockf_calls(void)
{
	int a = open_file(), b = open_file();
	lseek(a, 0, SEEK_SET);
	lseek(b, 0, SEEK_SET);
	CHECK("lockf_tlock", lockf(a, F_TLOCK, 10) == 0);
	CHECK("lockf_test_own", lockf(b, F_TEST, 10) == 0);
	CHECK("lockf_ulock", lockf(a, F_ULOCK, 10) == 0);
	set(a, F_OFD_SETLK, F_RDLCK, 5, 1);
	FAILS("lockf_test_ofd", lockf(b, F_TEST, 10), EACCES);
	FAILS("lockf_tlock_ofd", lockf(b, F_TLOCK, 10), EAGAIN);
	close(a);
	close(b);
}

/* ---- waiting ---- */

static int holder_fd;
static sem_t holding;
static volatile int released;

static void *hold_then_release(void *arg)
{
	int use_flock = *(int *)arg;
	int ok = use_flock ? flock(holder_fd, LOCK_EX) == 0
			   : set(holder_fd, F_OFD_SETLK, F_WRLCK, 0, 0) == 0;
	sem_post(&holding);
	if (!ok)
		return NULL;
	/* Gives the waiter time to block: the order checked after
	 * does not depend on it, a lock that did not wait would show. */
	struct timespec t = {0, 50 * 1000 * 1000};
	nanosleep(&t, NULL);
	released = 1;
	if (use_flock)
		flock(holder_fd, LOCK_UN);
	else
		set(holder_fd, F_OFD_SETLK, F_UNLCK, 0, 0);
	return NULL;
}

static void wait_for(int use_flock, const char *name)
{
	int b = open_file();
	pthread_t t;
	holder_fd = open_file();
	released = 0;
	sem_init(&holding, 0, 0);
	pthread_create(&t, NULL, hold_then_release, &use_flock);
	sem_wait(&holding);
	int r =
	    use_flock ? flock(b, LOCK_EX) : set(b, F_OFD_SETLKW, F_WRLCK, 0, 0);
	check(name, r == 0 && released, "the lock waited for its release");
	pthread_join(t, NULL);
	close(holder_fd);
	close(b);
}

static volatile int alarms;

static void on_alarm(int sig)
{
	(void)sig;
	alarms++;
}

static void interrupted(void)
{
	int a = open_file(), b = open_file();
	struct sigaction sa = {.sa_handler = on_alarm};
	sigaction(SIGALRM, &sa, NULL); /* no SA_RESTART */
	set(a, F_OFD_SETLK, F_WRLCK, 0, 0);
	struct itimerval it = {.it_value = {0, 20000}};
	setitimer(ITIMER_REAL, &it, NULL);
	FAILS("setlkw_eintr", set(b, F_OFD_SETLKW, F_WRLCK, 0, 0), EINTR);
	flock(a, LOCK_EX);
	setitimer(ITIMER_REAL, &it, NULL);
	FAILS("flock_eintr", flock(b, LOCK_EX), EINTR);
	CHECK("after_eintr_still_held",
	      set(b, F_OFD_SETLK, F_WRLCK, 0, 0) == -1 && errno == EAGAIN);
	close(a);
	CHECK("after_eintr_free", set(b, F_OFD_SETLK, F_WRLCK, 0, 0) == 0 &&
				      flock(b, LOCK_EX | LOCK_NB) == 0);
	close(b);

	/* a handler with SA_RESTART: the wait goes on after it */
	sa.sa_flags = SA_RESTART;
	sigaction(SIGALRM, &sa, NULL);
	alarms = 0;
	int use_flock = 0;
	pthread_t t;
	b = open_file();
	holder_fd = open_file();
	released = 0;
	sem_init(&holding, 0, 0);
	pthread_create(&t, NULL, hold_then_release, &use_flock);
	sem_wait(&holding);
	it.it_value.tv_usec = 10000;
	setitimer(ITIMER_REAL, &it, NULL);
	int r = set(b, F_OFD_SETLKW, F_WRLCK, 0, 0);
	check("setlkw_restarts", r == 0 && released && alarms == 1,
	      "the wait went on after the handler");
	pthread_join(t, NULL);
	close(holder_fd);
	close(b);
}

static void waiting(void)
{
	wait_for(0, "ofd_setlkw_waits");
	wait_for(1, "flock_waits");
}

int main(int argc, char **argv)
{
	static const struct app_check_group groups[] = {
	    {"record", record_locks},	 {"ofd", ofd_locks},
	    {"close", posix_close_rule}, {"bad", bad_arguments},
	    {"ranges", relative_ranges}, {"flock", flock_locks},
	    {"lockf", lockf_calls},	 {"waiting", waiting},
	    {"eintr", interrupted},
	};
	return app_check_run(groups, sizeof(groups) / sizeof(groups[0]), argc,
			     argv);
}
