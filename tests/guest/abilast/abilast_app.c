/*
 * The functions Debian's libraries still missed, built against glibc's
 * headers and run in the kernel: thread affinity, fallocate, ctermid,
 * cuserid, sockatmark, device numbers, and the shadow database ("shadow"
 * with /etc/shadow in the image, "noshadow" without it).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/inotify.h>
#include <sys/signalfd.h>
#include <glob.h>
#include <malloc.h>
#include <mcheck.h>
#include <pthread.h>
#include <sched.h>
#include <shadow.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/sem.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/timerfd.h>
#include <time.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "../app_check.h"

static int only_cpu0(const cpu_set_t *set)
{
	return CPU_COUNT(set) == 1 && CPU_ISSET(0, set);
}

static void affinity(void)
{
	cpu_set_t set;
	memset(&set, 0xff, sizeof(set));
	CHECK("pthread_getaffinity_np gives CPU 0 only",
	      pthread_getaffinity_np(pthread_self(), sizeof(set), &set) == 0 &&
		  only_cpu0(&set));
	CPU_ZERO(&set);
	CPU_SET(0, &set);
	CHECK("pthread_setaffinity_np takes {0}",
	      pthread_setaffinity_np(pthread_self(), sizeof(set), &set) == 0);
	CPU_ZERO(&set);
	CPU_SET(1, &set);
	CHECK("pthread_setaffinity_np: a set without CPU 0 is EINVAL",
	      pthread_setaffinity_np(pthread_self(), sizeof(set), &set) ==
		  EINVAL);

	pthread_attr_t attr;
	pthread_attr_init(&attr);
	CHECK("pthread_attr_setaffinity_np: a set without CPU 0 is EINVAL",
	      pthread_attr_setaffinity_np(&attr, sizeof(set), &set) == EINVAL);
	CPU_ZERO(&set);
	CPU_SET(0, &set);
	CHECK("pthread_attr_setaffinity_np takes {0}",
	      pthread_attr_setaffinity_np(&attr, sizeof(set), &set) == 0);
	memset(&set, 0xff, sizeof(set));
	CHECK("pthread_attr_getaffinity_np gives CPU 0 only",
	      pthread_attr_getaffinity_np(&attr, sizeof(set), &set) == 0 &&
		  only_cpu0(&set));
	pthread_attr_destroy(&attr);
}

static off_t size_of(int fd)
{
	struct stat st;
	return fstat(fd, &st) ? -1 : st.st_size;
}

static void fallocate_modes(void)
{
	int fd = open("/falloc", O_RDWR | O_CREAT | O_TRUNC, 0644);
	CHECK("open a file for fallocate", fd >= 0);
	CHECK("fallocate mode 0 extends the file",
	      fallocate(fd, 0, 100, 4000) == 0 && size_of(fd) == 4100);
	CHECK("fallocate mode 0 inside the file keeps its size",
	      fallocate(fd, 0, 0, 10) == 0 && size_of(fd) == 4100);
	CHECK("FALLOC_FL_KEEP_SIZE keeps the size past the end",
	      fallocate(fd, FALLOC_FL_KEEP_SIZE, 4000, 10000) == 0 &&
		  size_of(fd) == 4100);

	char buf[8192];
	memset(buf, 'x', sizeof(buf));
	pwrite(fd, buf, sizeof(buf), 0);
	CHECK("FALLOC_FL_PUNCH_HOLE zeroes the range, keeps the size",
	      fallocate(fd, FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE, 100,
			5000) == 0 &&
		  size_of(fd) == 8192);
	memset(buf, 0, sizeof(buf));
	pread(fd, buf, sizeof(buf), 0);
	int zeros = 1, around = buf[99] == 'x' && buf[5100] == 'x';
	for (int i = 100; i < 5100; i++)
		zeros &= buf[i] == 0;
	CHECK("the punched range reads as zeros, the rest as written",
	      zeros && around);
	CHECK("a hole punched past the end changes nothing",
	      fallocate(fd, FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE, 9000,
			100) == 0 &&
		  size_of(fd) == 8192);

	int append = open("/falloc", O_WRONLY | O_APPEND);
	CHECK("a hole punched through an O_APPEND descriptor lands in place",
	      fallocate(append, FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE, 0,
			10) == 0 &&
		  size_of(fd) == 8192 && pread(fd, buf, 11, 0) == 11 &&
		  buf[0] == 0 && buf[9] == 0 && buf[10] == 'x');
	CHECK("the descriptor stays O_APPEND",
	      fcntl(append, F_GETFL) & O_APPEND);
	close(append);

	errno = 0;
	CHECK("FALLOC_FL_PUNCH_HOLE without KEEP_SIZE: EOPNOTSUPP",
	      fallocate(fd, FALLOC_FL_PUNCH_HOLE, 0, 10) == -1 &&
		  errno == EOPNOTSUPP);
	errno = 0;
	CHECK("an unknown mode: EOPNOTSUPP",
	      fallocate(fd, 0x40, 0, 10) == -1 && errno == EOPNOTSUPP);
	errno = 0;
	CHECK("a length of 0: EINVAL",
	      fallocate(fd, 0, 0, 0) == -1 && errno == EINVAL);
	errno = 0;
	CHECK("a negative offset: EINVAL",
	      fallocate(fd, 0, -1, 10) == -1 && errno == EINVAL);
	errno = 0;
	CHECK("fallocate64 is fallocate",
	      fallocate64(fd, 0, 0, 10000) == 0 && size_of(fd) == 10000);
	close(fd);

	errno = 0;
	CHECK("a closed descriptor: EBADF",
	      fallocate(fd, 0, 0, 10) == -1 && errno == EBADF);
	fd = open("/falloc", O_RDONLY);
	errno = 0;
	CHECK("a read-only descriptor: EBADF",
	      fallocate(fd, 0, 0, 20000) == -1 && errno == EBADF &&
		  size_of(fd) == 10000);
	close(fd);
	int p[2];
	pipe(p);
	errno = 0;
	CHECK("a pipe: ESPIPE",
	      fallocate(p[1], 0, 0, 10) == -1 && errno == ESPIPE);
	close(p[0]);
	close(p[1]);
	fd = open("/dev/null", O_WRONLY);
	errno = 0;
	CHECK("a device: ENODEV",
	      fd >= 0 && fallocate(fd, 0, 0, 10) == -1 && errno == ENODEV);
	close(fd);
	unlink("/falloc");
}

static void terminal_and_devices(void)
{
	char name[L_ctermid];
	CHECK("ctermid names /dev/tty",
	      ctermid(name) == name && !strcmp(name, "/dev/tty"));
	CHECK("ctermid(NULL): a static copy",
	      !strcmp(ctermid(NULL), "/dev/tty"));
	char user[L_cuserid];
	CHECK("cuserid names the effective user (the built-in root)",
	      cuserid(user) == user && !strcmp(user, "root"));
	CHECK("cuserid(NULL): a static copy", !strcmp(cuserid(NULL), "root"));

	int pair[2], pipes[2];
	CHECK("sockatmark: 0 on a socket (no urgent data)",
	      socketpair(AF_UNIX, SOCK_STREAM, 0, pair) == 0 &&
		  sockatmark(pair[0]) == 0);
	CHECK("sockatmark: ENOTTY on a pipe", pipe(pipes) == 0 &&
						  sockatmark(pipes[0]) == -1 &&
						  errno == ENOTTY);
	close(pair[0]);
	close(pair[1]);
	close(pipes[0]);
	close(pipes[1]);
	CHECK("sockatmark: EBADF on a closed descriptor",
	      sockatmark(pipes[0]) == -1 && errno == EBADF);

	/* Through pointers: glibc's header inlines them when optimizing. */
	dev_t (*volatile make)(unsigned, unsigned) = gnu_dev_makedev;
	unsigned (*volatile major_of)(dev_t) = gnu_dev_major;
	unsigned (*volatile minor_of)(dev_t) = gnu_dev_minor;
	dev_t d = make(0x12345, 0x6789a);
	CHECK("gnu_dev_makedev: Linux's encoding", d == 0x120006783459aULL);
	CHECK("gnu_dev_major and gnu_dev_minor undo it",
	      major_of(d) == 0x12345 && minor_of(d) == 0x6789a);
	CHECK("the old encoding's numbers", make(8, 1) == 0x801 &&
						major_of(0x801) == 8 &&
						minor_of(0x801) == 1);
}

static void malloc_figures(void)
{
	struct mallinfo2 before = mallinfo2();
	CHECK("mallinfo2: the heap holds what is in use and free",
	      before.arena > 0 && before.uordblks > 0 &&
		  before.uordblks + before.fordblks == before.arena);
	enum { N = 1000 };
	static void *small[N];
	for (int i = 0; i < N; i++)
		small[i] = malloc(100);
	struct mallinfo2 with = mallinfo2();
	CHECK("mallinfo2: 1000 blocks of 100 bytes are in use",
	      with.uordblks >= before.uordblks + N * 100 &&
		  with.uordblks < before.uordblks + N * 200);
	for (int i = 0; i < N; i++)
		free(small[i]);
	struct mallinfo2 after = mallinfo2();
	CHECK("mallinfo2: freed, they are no longer",
	      after.uordblks + N * 100 <= with.uordblks);

	void *big = malloc(1 << 20);
	struct mallinfo2 mapped = mallinfo2();
	CHECK("mallinfo2: a block of 1 MiB is mapped (hblks, hblkhd)",
	      big && mapped.hblks == after.hblks + 1 &&
		  mapped.hblkhd >= after.hblkhd + (1 << 20) &&
		  mapped.hblkhd <= after.hblkhd + (1 << 20) + 4096);
	big = realloc(big, 4 << 20);
	struct mallinfo2 grown = mallinfo2();
	CHECK("mallinfo2: realloc grows hblkhd",
	      big && grown.hblks == mapped.hblks &&
		  grown.hblkhd >= after.hblkhd + (4 << 20));
	free(big);
	struct mallinfo2 unmapped = mallinfo2();
	CHECK("mallinfo2: freed, it is unmapped",
	      unmapped.hblks == after.hblks && unmapped.hblkhd == after.hblkhd);
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wdeprecated-declarations"
	struct mallinfo m =
	    mallinfo(); /* old, but Debian's libraries call it */
#pragma GCC diagnostic pop
	CHECK("mallinfo: the same figures as ints",
	      m.hblks == (int)unmapped.hblks && m.arena > 0 && m.uordblks > 0 &&
		  m.usmblks == 0);

	/* Debian's gawk calls mtrace at start: as glibc's libc.so.6, a no-op
	   even with MALLOC_TRACE set. */
	setenv("MALLOC_TRACE", "/tmp/mtrace.log", 1);
	mtrace();
	free(malloc(100));
	muntrace();
	CHECK("mtrace and muntrace: no trace written (glibc's libc.so.6 has "
	      "none)",
	      access("/tmp/mtrace.log", F_OK) == -1 && errno == ENOENT);
	unsetenv("MALLOC_TRACE");
}

/* The kernel's directories through glob (tests/host/test_glob.c has the rest).
 */
static void glob_in_kernel(void)
{
	mkdir("/g", 0755);
	mkdir("/g/sub", 0755);
	static const char *const files[] = {"/g/b.c", "/g/a.c", "/g/.h.c",
					    "/g/sub/x.c"};
	for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++)
		close(open(files[i], O_CREAT | O_WRONLY, 0644));
	glob_t g;
	CHECK("glob finds the files, sorted, dot files apart",
	      glob("/g/*.c", 0, NULL, &g) == 0 && g.gl_pathc == 2 &&
		  !strcmp(g.gl_pathv[0], "/g/a.c") &&
		  !strcmp(g.gl_pathv[1], "/g/b.c"));
	globfree(&g);
	CHECK("glob through directories, GLOB_MARK",
	      glob("/g/*", GLOB_MARK, NULL, &g) == 0 && g.gl_pathc == 3 &&
		  !strcmp(g.gl_pathv[2], "/g/sub/"));
	globfree(&g);
	CHECK("glob: GLOB_NOMATCH",
	      glob("/g/*.h", 0, NULL, &g) == GLOB_NOMATCH);
	CHECK("glob: GLOB_BRACE, GLOB_PERIOD",
	      glob("/g/{sub/?.c,.*.c}", GLOB_BRACE | GLOB_PERIOD, NULL, &g) ==
		      0 &&
		  g.gl_pathc == 2 && !strcmp(g.gl_pathv[0], "/g/sub/x.c") &&
		  !strcmp(g.gl_pathv[1], "/g/.h.c"));
	globfree(&g);
}

static int readable(int fd)
{
	struct pollfd p = {.fd = fd, .events = POLLIN};
	return poll(&p, 1, 0) == 1 && p.revents == POLLIN;
}

static void *send_usr1(void *unused)
{
	(void)unused;
	kill(getpid(), SIGUSR1); /* every thread blocks it: the program's */
	return NULL;
}

static void signal_descriptors(void)
{
	sigset_t blocked, usr1, both;
	sigemptyset(&blocked);
	sigaddset(&blocked, SIGUSR1);
	sigaddset(&blocked, SIGUSR2);
	sigprocmask(SIG_BLOCK, &blocked, NULL);
	sigemptyset(&usr1);
	sigaddset(&usr1, SIGUSR1);
	both = blocked;

	int fd = signalfd(-1, &usr1, SFD_NONBLOCK | SFD_CLOEXEC);
	CHECK("signalfd makes a descriptor", fd >= 0);
	CHECK("SFD_NONBLOCK and SFD_CLOEXEC",
	      (fcntl(fd, F_GETFL) & O_NONBLOCK) &&
		  (fcntl(fd, F_GETFD) & FD_CLOEXEC));
	struct signalfd_siginfo si[3];
	errno = 0;
	CHECK("nothing pending: EAGAIN",
	      read(fd, si, sizeof(si)) == -1 && errno == EAGAIN);
	CHECK("nothing pending: not readable", !readable(fd));

	raise(SIGUSR1);
	CHECK("a pending signal of the mask: readable", readable(fd));
	errno = 0;
	CHECK("a buffer smaller than a record: EINVAL",
	      read(fd, si, 100) == -1 && errno == EINVAL);
	memset(si, 0, sizeof(si));
	CHECK("read gives its record",
	      read(fd, si, sizeof(si)) == 128 && si[0].ssi_signo == SIGUSR1 &&
		  si[0].ssi_code == SI_TKILL &&
		  si[0].ssi_pid == (uint32_t)getpid() &&
		  si[0].ssi_uid == getuid());
	sigset_t pending;
	sigpending(&pending);
	CHECK("the signal read is no longer pending",
	      !sigismember(&pending, SIGUSR1) && !readable(fd));

	kill(getpid(), SIGUSR2);
	CHECK("a signal outside the mask: not readable", !readable(fd));
	CHECK("signalfd on the descriptor changes its mask",
	      signalfd(fd, &both, 0) == fd && readable(fd));
	raise(SIGUSR1);
	memset(si, 0, sizeof(si));
	CHECK("the thread's and the program's signals, lowest first",
	      read(fd, si, sizeof(si)) == 256 && si[0].ssi_signo == SIGUSR1 &&
		  si[1].ssi_signo == SIGUSR2);

	int ep = epoll_create1(0);
	struct epoll_event ev = {.events = EPOLLIN, .data.fd = fd}, out;
	epoll_ctl(ep, EPOLL_CTL_ADD, fd, &ev);
	CHECK("epoll: not ready", epoll_wait(ep, &out, 1, 0) == 0);
	raise(SIGUSR2);
	CHECK("epoll: ready when a signal is pending",
	      epoll_wait(ep, &out, 1, 1000) == 1 && out.data.fd == fd);
	read(fd, si, sizeof(si));
	close(ep);

	int wait_fd = signalfd(-1, &usr1, 0);
	pthread_t t;
	pthread_create(&t, NULL, send_usr1, NULL);
	memset(si, 0, sizeof(si));
	CHECK("a blocking read waits for the other thread's kill",
	      read(wait_fd, si, sizeof(si)) == 128 &&
		  si[0].ssi_signo == SIGUSR1);
	pthread_join(t, NULL);

	timer_t timer;
	struct sigevent sev = {.sigev_notify = SIGEV_SIGNAL,
			       .sigev_signo = SIGUSR1,
			       .sigev_value.sival_int = 42};
	struct itimerspec once = {.it_value = {0, 1000000}};
	memset(si, 0, sizeof(si));
	CHECK("a timer's signal: SI_TIMER, its id and value",
	      timer_create(CLOCK_MONOTONIC, &sev, &timer) == 0 &&
		  timer_settime(timer, 0, &once, NULL) == 0 &&
		  read(wait_fd, si, sizeof(si)) == 128 &&
		  si[0].ssi_signo == SIGUSR1 && si[0].ssi_code == SI_TIMER &&
		  si[0].ssi_int == 42 && si[0].ssi_overrun == 0);
	timer_delete(timer);
	close(wait_fd);

	int p[2];
	pipe(p);
	errno = 0;
	CHECK("signalfd on another kind of descriptor: EINVAL",
	      signalfd(p[0], &usr1, 0) == -1 && errno == EINVAL);
	close(p[0]);
	close(p[1]);
	errno = 0;
	CHECK("signalfd on a closed descriptor: EBADF",
	      signalfd(999, &usr1, 0) == -1 && errno == EBADF);
	errno = 0;
	CHECK("unknown flags: EINVAL",
	      signalfd(-1, &usr1, 1) == -1 && errno == EINVAL);
	close(fd);
	sigprocmask(SIG_UNBLOCK, &blocked, NULL);
}

union semun {
	int val;
	struct semid_ds *buf;
	unsigned short *array;
};

struct sem_waiter {
	pthread_t thread;
	int id, num, result, error;
};

static void *sem_wait_one(void *arg)
{
	struct sem_waiter *w = arg;
	struct sembuf op = {.sem_num = w->num, .sem_op = -1};
	w->result = semop(w->id, &op, 1);
	w->error = errno;
	return NULL;
}

/* Starts a thread taking 1 from semaphore num; returns once it waits. */
static void start_waiter(struct sem_waiter *w, int id, int num)
{
	*w = (struct sem_waiter){.id = id, .num = num};
	pthread_create(&w->thread, NULL, sem_wait_one, w);
	while (semctl(id, num, GETNCNT) < 1)
		sched_yield();
}

static void on_usr2(int sig)
{
	(void)sig;
}

static void sysv_semaphores(void)
{
	int id = semget(IPC_PRIVATE, 3, 0600);
	struct semid_ds ds;
	CHECK("semget(IPC_PRIVATE): a set of zeros",
	      id >= 0 && semctl(id, 0, GETVAL) == 0 &&
		  semctl(id, 2, GETVAL) == 0);
	CHECK("IPC_STAT: nsems, mode, owner, no semop yet",
	      semctl(id, 0, IPC_STAT, (union semun){.buf = &ds}) == 0 &&
		  ds.sem_nsems == 3 && (ds.sem_perm.mode & 0777) == 0600 &&
		  ds.sem_perm.uid == geteuid() && ds.sem_otime == 0 &&
		  ds.sem_ctime > 0);
	CHECK("another IPC_PRIVATE set is another set",
	      semget(IPC_PRIVATE, 1, 0600) != id);

	int k = semget(0x1234, 2, IPC_CREAT | 0600);
	CHECK("a keyed set is found again by its key",
	      k >= 0 && semget(0x1234, 0, 0) == k &&
		  semget(0x1234, 2, IPC_CREAT) == k);
	errno = 0;
	CHECK("IPC_CREAT | IPC_EXCL of an existing key: EEXIST",
	      semget(0x1234, 2, IPC_CREAT | IPC_EXCL) == -1 && errno == EEXIST);
	errno = 0;
	CHECK("more semaphores than the set has: EINVAL",
	      semget(0x1234, 3, 0) == -1 && errno == EINVAL);
	errno = 0;
	CHECK("an unknown key without IPC_CREAT: ENOENT",
	      semget(0x4321, 1, 0) == -1 && errno == ENOENT);

	struct sembuf take2 = {.sem_num = 0, .sem_op = -2};
	CHECK("SETVAL, then semop takes from it",
	      semctl(id, 0, SETVAL, (union semun){.val = 5}) == 0 &&
		  semop(id, &take2, 1) == 0 && semctl(id, 0, GETVAL) == 3 &&
		  semctl(id, 0, GETPID) == getpid());
	CHECK("semop sets sem_otime",
	      semctl(id, 0, IPC_STAT, (union semun){.buf = &ds}) == 0 &&
		  ds.sem_otime > 0);
	struct sembuf take4 = {
	    .sem_num = 0, .sem_op = -4, .sem_flg = IPC_NOWAIT};
	errno = 0;
	CHECK("IPC_NOWAIT: EAGAIN, the value unchanged",
	      semop(id, &take4, 1) == -1 && errno == EAGAIN &&
		  semctl(id, 0, GETVAL) == 3);
	struct sembuf both[] = {
	    {.sem_num = 0, .sem_op = -1},
	    {.sem_num = 1, .sem_op = -1, .sem_flg = IPC_NOWAIT}};
	errno = 0;
	CHECK("all operations or none", semop(id, both, 2) == -1 &&
					    errno == EAGAIN &&
					    semctl(id, 0, GETVAL) == 3);
	struct sembuf zero = {.sem_num = 0, .sem_op = 0, .sem_flg = IPC_NOWAIT};
	errno = 0;
	CHECK("waiting for zero on a nonzero value: EAGAIN",
	      semop(id, &zero, 1) == -1 && errno == EAGAIN);
	struct sembuf undo = {.sem_num = 1, .sem_op = 1, .sem_flg = SEM_UNDO};
	CHECK("SEM_UNDO is accepted",
	      semop(id, &undo, 1) == 0 && semctl(id, 1, GETVAL) == 1);

	unsigned short values[3] = {1, 2, 0}, got[3];
	CHECK("SETALL and GETALL",
	      semctl(id, 0, SETALL, (union semun){.array = values}) == 0 &&
		  semctl(id, 0, GETALL, (union semun){.array = got}) == 0 &&
		  got[0] == 1 && got[1] == 2 && got[2] == 0);
	errno = 0;
	CHECK("SETVAL above SEMVMX: ERANGE",
	      semctl(id, 0, SETVAL, (union semun){.val = 40000}) == -1 &&
		  errno == ERANGE);
	struct sembuf bad = {.sem_num = 3, .sem_op = 1};
	errno = 0;
	CHECK("a semaphore past the set: EFBIG",
	      semop(id, &bad, 1) == -1 && errno == EFBIG);
	errno = 0;
	CHECK("no operations: EINVAL",
	      semop(id, &bad, 0) == -1 && errno == EINVAL);
	errno = 0;
	CHECK("GETVAL of a semaphore past the set: EINVAL",
	      semctl(id, 3, GETVAL) == -1 && errno == EINVAL);

	struct sembuf take10 = {.sem_num = 0, .sem_op = -10};
	struct timespec ten_ms = {0, 10000000};
	errno = 0;
	CHECK("semtimedop: EAGAIN when the timeout passes",
	      semtimedop(id, &take10, 1, &ten_ms) == -1 && errno == EAGAIN &&
		  semctl(id, 0, GETNCNT) == 0);

	struct sem_waiter w;
	start_waiter(&w, id, 2);
	struct sembuf give = {.sem_num = 2, .sem_op = 1};
	CHECK("a blocked semop is counted (GETNCNT)",
	      semctl(id, 2, GETNCNT) == 1);
	semop(id, &give, 1);
	pthread_join(w.thread, NULL);
	CHECK("a blocked semop goes on when another thread gives",
	      w.result == 0 && semctl(id, 2, GETVAL) == 0 &&
		  semctl(id, 2, GETNCNT) == 0);

	struct sigaction sa = {.sa_handler = on_usr2};
	sigaction(SIGUSR2, &sa, NULL);
	start_waiter(&w, id, 2);
	pthread_kill(w.thread, SIGUSR2);
	pthread_join(w.thread, NULL);
	CHECK("a handler ends a blocked semop with EINTR",
	      w.result == -1 && w.error == EINTR &&
		  semctl(id, 2, GETNCNT) == 0);
	signal(SIGUSR2, SIG_DFL);

	start_waiter(&w, id, 2);
	CHECK("IPC_RMID", semctl(id, 0, IPC_RMID) == 0);
	pthread_join(w.thread, NULL);
	CHECK("a semop waiting on a removed set: EIDRM",
	      w.result == -1 && w.error == EIDRM);
	errno = 0;
	CHECK("a removed set: EINVAL",
	      semctl(id, 0, GETVAL) == -1 && errno == EINVAL);
	semctl(k, 0, IPC_RMID);
}

static int count_entries(void)
{
	int n = 0;
	setspent();
	while (getspent())
		n++;
	return n;
}

static void shadow_from_file(void)
{
	struct spwd *sp = getspnam("alice");
	CHECK("getspnam finds an entry of /etc/shadow",
	      sp && !strcmp(sp->sp_pwdp, "$6$salt$hash") &&
		  sp->sp_lstchg == 19000 && sp->sp_min == 0 &&
		  sp->sp_max == 99999 && sp->sp_warn == 7);
	CHECK("empty numbers are -1, an empty flag ~0",
	      sp && sp->sp_inact == -1 && sp->sp_expire == -1 &&
		  sp->sp_flag == ~0UL);
	sp = getspnam("root");
	CHECK("the first entry",
	      sp && !strcmp(sp->sp_pwdp, "*") && sp->sp_inact == 3 &&
		  sp->sp_expire == 20000 && sp->sp_flag == 5);
	errno = 0;
	CHECK("no such entry: NULL", getspnam("nobody") == NULL);
	CHECK("a malformed entry is skipped", getspnam("broken") == NULL);

	struct spwd e, *found;
	char small[8], big[256];
	CHECK("getspnam_r: ERANGE with a small buffer",
	      getspnam_r("alice", &e, small, sizeof(small), &found) == ERANGE &&
		  found == NULL);
	CHECK("getspnam_r with room",
	      getspnam_r("alice", &e, big, sizeof(big), &found) == 0 &&
		  found == &e && !strcmp(e.sp_namp, "alice"));
	CHECK("getspnam_r: 0 and NULL when not found",
	      getspnam_r("nobody", &e, big, sizeof(big), &found) == 0 &&
		  found == NULL);
	CHECK("getspent enumerates the well-formed entries",
	      count_entries() == 2);
	setspent();
	sp = getspent();
	CHECK("setspent starts again", sp && !strcmp(sp->sp_namp, "root"));
	endspent();
	CHECK("after endspent the enumeration starts again",
	      count_entries() == 2);
	endspent();
}

static void shadow_absent(void)
{
	errno = 0;
	CHECK("without /etc/shadow: getspnam NULL, errno ENOENT",
	      getspnam("root") == NULL && errno == ENOENT);
	struct spwd e, *found = &e;
	char buf[256];
	CHECK("without /etc/shadow: getspnam_r ENOENT",
	      getspnam_r("root", &e, buf, sizeof(buf), &found) == ENOENT &&
		  found == NULL);
	setspent();
	CHECK("without /etc/shadow: getspent NULL", getspent() == NULL);
	endspent();
}

/* fstat of a descriptor Linux backs with an anonymous inode. */
static int anon_stat(int fd)
{
	struct stat st;
	int ok = fd >= 0 && fstat(fd, &st) == 0 && st.st_mode == 0600 &&
		 st.st_nlink == 1 && st.st_size == 0;
	if (fd >= 0)
		close(fd);
	return ok;
}

static void anon_inodes(void)
{
	sigset_t usr2;
	sigemptyset(&usr2);
	sigaddset(&usr2, SIGUSR2);
	CHECK("fstat of an eventfd: mode 0600, one link",
	      anon_stat(eventfd(0, 0)));
	CHECK("fstat of an epoll: mode 0600, one link",
	      anon_stat(epoll_create1(0)));
	CHECK("fstat of a timerfd: mode 0600, one link",
	      anon_stat(timerfd_create(CLOCK_MONOTONIC, 0)));
	CHECK("fstat of a signalfd: mode 0600, one link",
	      anon_stat(signalfd(-1, &usr2, 0)));
	CHECK("fstat of an inotify: mode 0600, one link",
	      anon_stat(inotify_init1(0)));
}

int main(int argc, char **argv)
{
	static const struct app_check_group groups[] = {
	    {"affinity", affinity},
	    {"fallocate", fallocate_modes},
	    {"devices", terminal_and_devices},
	    {"malloc", malloc_figures},
	    {"glob", glob_in_kernel},
	    {"signalfd", signal_descriptors},
	    {"sem", sysv_semaphores},
	    {"shadow", shadow_from_file},
	    {"noshadow", shadow_absent},
	    {"anon", anon_inodes},
	};
	return app_check_run(groups, sizeof(groups) / sizeof(groups[0]), argc,
			     argv);
}
