/*
 * The names Debian's libraries still missed, built against glibc's
 * headers and run in the kernel: System V message queues (threads of
 * the one program as the parties), memalign and friends, scandirat,
 * the mutex priority ceiling, pseudo-terminals (failing as without
 * /dev/ptmx), fexecve, preadv2/pwritev2, process_vm_readv/writev,
 * argp's error reports, the gshadow database, and the calls that only
 * answer (modules, I/O ports, netgroups, POSIX message queues).
 */
#define _GNU_SOURCE
#include <argp.h>
#include <dirent.h>
#include <dlfcn.h>
#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <gshadow.h>
#include <limits.h>
#include <link.h>
#include <malloc.h>
#include <mqueue.h>
#include <netdb.h>
#include <obstack.h>
#include <pthread.h>
#include <pty.h>
#include <sched.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/io.h>
#include <sys/mman.h>
#include <sys/msg.h>
#include <sys/sem.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <unistd.h>
#include <utmp.h>

#include "../app_check.h"

int init_module(void *image, unsigned long len, const char *params);
int delete_module(const char *name, unsigned flags);

struct text_msg {
	long type;
	char text[64];
};

static int send_text(int id, long type, const char *text, int flags)
{
	struct text_msg m = {.type = type};
	snprintf(m.text, sizeof(m.text), "%s", text);
	return msgsnd(id, &m, strlen(text) + 1, flags);
}

/* The type of the message msgrcv takes, or -1 with errno. */
static long receive_type(int id, long type, int flags)
{
	struct text_msg m;
	return msgrcv(id, &m, sizeof(m.text), type, flags) < 0 ? -1 : m.type;
}

struct receiver {
	pthread_t thread;
	int id;
	long type;
	ssize_t result;
	int error;
	volatile int done;
	struct text_msg m;
};

static void *receive_one(void *arg)
{
	struct receiver *r = arg;
	r->result = msgrcv(r->id, &r->m, sizeof(r->m.text), r->type, 0);
	r->error = errno;
	r->done = 1;
	return NULL;
}

static void start_receiver(struct receiver *r, int id, long type)
{
	*r = (struct receiver){.id = id, .type = type};
	pthread_create(&r->thread, NULL, receive_one, r);
}

static void on_usr2(int sig)
{
	(void)sig;
}

/* A thread blocked in msgsnd of a message too large for its queue. */
struct sender {
	pthread_t thread;
	int id;
	int result, error;
	volatile int done;
};

static void *send_big(void *arg)
{
	struct sender *s = arg;
	s->result = send_text(s->id, 1, "0123456789012345678901", 0);
	s->error = errno;
	s->done = 1;
	return NULL;
}

static void start_sender(struct sender *s, int id)
{
	*s = (struct sender){.id = id};
	pthread_create(&s->thread, NULL, send_big, s);
}

/* Sends of a message as large as can be, each ended by a handler. */
#define FLOOD_SENDS 100
#define FLOOD_SIZE 8192
struct flood {
	int id;
	int interrupted;
	volatile int done;
};

static void *send_interrupted(void *arg)
{
	struct flood *f = arg;
	static char big[sizeof(long) + FLOOD_SIZE] = {1};
	for (int i = 0; i < FLOOD_SENDS; i++)
		if (msgsnd(f->id, big, FLOOD_SIZE, 0) == -1 && errno == EINTR)
			f->interrupted++;
	f->done = 1;
	return NULL;
}

static void keys_and_limits(void)
{
	int id = msgget(IPC_PRIVATE, 0600);
	struct msqid_ds ds;
	CHECK("msgget(IPC_PRIVATE): an empty queue of Linux's size",
	      id >= 0 && msgctl(id, IPC_STAT, &ds) == 0 && ds.msg_qnum == 0 &&
		  ds.msg_cbytes == 0 && ds.msg_qbytes == 16384 &&
		  (ds.msg_perm.mode & 0777) == 0600 &&
		  ds.msg_perm.uid == geteuid() && ds.msg_ctime > 0 &&
		  ds.msg_stime == 0);
	CHECK("another IPC_PRIVATE queue is another queue",
	      msgget(IPC_PRIVATE, 0600) != id);
	int k = msgget(0x5151, IPC_CREAT | 0640);
	CHECK("a keyed queue is found again by its key",
	      k >= 0 && msgget(0x5151, 0) == k &&
		  msgget(0x5151, IPC_CREAT) == k);
	errno = 0;
	CHECK("IPC_CREAT | IPC_EXCL of an existing key: EEXIST",
	      msgget(0x5151, IPC_CREAT | IPC_EXCL) == -1 && errno == EEXIST);
	errno = 0;
	CHECK("an unknown key without IPC_CREAT: ENOENT",
	      msgget(0x1515, 0) == -1 && errno == ENOENT);
	struct text_msg m = {.type = 0};
	errno = 0;
	CHECK("a type below 1: EINVAL",
	      msgsnd(id, &m, 4, 0) == -1 && errno == EINVAL);
	static char big[sizeof(long) + 8193];
	big[0] = 1;
	errno = 0;
	CHECK("a message over 8192 bytes: EINVAL",
	      msgsnd(id, big, 8193, 0) == -1 && errno == EINVAL);
	errno = 0;
	CHECK("an unknown id: EINVAL",
	      send_text(id + 1000, 1, "x", 0) == -1 && errno == EINVAL);
	msgctl(k, IPC_RMID, NULL);
	msgctl(id, IPC_RMID, NULL);
}

static void order_and_types(void)
{
	int id = msgget(IPC_PRIVATE, 0600);
	send_text(id, 3, "three", 0);
	send_text(id, 1, "one", 0);
	send_text(id, 2, "two", 0);
	send_text(id, 1, "one again", 0);
	struct msqid_ds ds;
	CHECK("IPC_STAT counts the messages and their bytes",
	      msgctl(id, IPC_STAT, &ds) == 0 && ds.msg_qnum == 4 &&
		  ds.msg_cbytes == 6 + 4 + 4 + 10 && ds.msg_lspid == getpid() &&
		  ds.msg_stime > 0);
	struct text_msg got;
	ssize_t n = msgrcv(id, &got, sizeof(got.text), 1, 0);
	CHECK("msgtyp > 0: the first of that type",
	      n == 4 && got.type == 1 && !strcmp(got.text, "one"));
	CHECK("MSG_EXCEPT: the first of another type",
	      receive_type(id, 3, MSG_EXCEPT) == 2);
	CHECK("msgtyp < 0: the lowest type up to |msgtyp|",
	      receive_type(id, -3, 0) == 1);
	CHECK("msgtyp 0: the first in the queue", receive_type(id, 0, 0) == 3);
	int any = msgget(IPC_PRIVATE, 0600);
	send_text(any, LONG_MAX, "top", 0);
	send_text(any, 7, "seven", 0);
	CHECK("msgtyp LONG_MIN: every type, the lowest first (as Linux's)",
	      receive_type(any, LONG_MIN, IPC_NOWAIT) == 7 &&
		  receive_type(any, LONG_MIN, IPC_NOWAIT) == LONG_MAX);
	msgctl(any, IPC_RMID, NULL);
	errno = 0;
	CHECK("IPC_NOWAIT on an empty queue: ENOMSG",
	      receive_type(id, 0, IPC_NOWAIT) == -1 && errno == ENOMSG);
	send_text(id, 5, "a longer message", 0);
	char small[sizeof(long) + 4];
	errno = 0;
	CHECK("too small a buffer: E2BIG, the message stays",
	      msgrcv(id, small, 4, 0, 0) == -1 && errno == E2BIG &&
		  msgctl(id, IPC_STAT, &ds) == 0 && ds.msg_qnum == 1);
	CHECK("MSG_NOERROR truncates",
	      msgrcv(id, small, 4, 0, MSG_NOERROR) == 4 &&
		  !memcmp(small + sizeof(long), "a lo", 4) &&
		  msgctl(id, IPC_STAT, &ds) == 0 && ds.msg_qnum == 0 &&
		  ds.msg_lrpid == getpid() && ds.msg_rtime > 0);
	msgctl(id, IPC_RMID, NULL);
}

static void full_queue(void)
{
	int id = msgget(IPC_PRIVATE, 0600);
	struct msqid_ds ds;
	msgctl(id, IPC_STAT, &ds);
	ds.msg_qbytes = 20;
	CHECK("IPC_SET lowers the queue's size",
	      msgctl(id, IPC_SET, &ds) == 0 && msgctl(id, IPC_STAT, &ds) == 0 &&
		  ds.msg_qbytes == 20);
	CHECK("a message that fits", send_text(id, 1, "0123456789ab", 0) == 0);
	errno = 0;
	CHECK("IPC_NOWAIT on a full queue: EAGAIN",
	      send_text(id, 1, "0123456789", IPC_NOWAIT) == -1 &&
		  errno == EAGAIN);
	errno = 0;
	CHECK("a message larger than the queue, IPC_NOWAIT: EAGAIN (Linux's)",
	      send_text(id, 1, "0123456789012345678901", IPC_NOWAIT) == -1 &&
		  errno == EAGAIN);
	struct receiver r;
	start_receiver(&r, id, 1);
	CHECK("a blocked msgsnd goes on when another thread receives",
	      send_text(id, 2, "0123456789", 0) == 0);
	pthread_join(r.thread, NULL);
	CHECK("the receiver had the first message",
	      r.result == 13 && !strcmp(r.m.text, "0123456789ab"));
	msgctl(id, IPC_RMID, NULL);
}

/* As Linux's, a message larger than its queue waits: it never fits. */
static void oversized(void)
{
	int id = msgget(IPC_PRIVATE, 0600);
	struct msqid_ds ds;
	msgctl(id, IPC_STAT, &ds);
	ds.msg_qbytes = 20;
	msgctl(id, IPC_SET, &ds);
	struct sigaction sa = {.sa_handler = on_usr2};
	sigaction(SIGUSR2, &sa, NULL);
	struct sender s;
	start_sender(&s, id);
	while (!s.done) {
		pthread_kill(s.thread, SIGUSR2);
		sched_yield();
	}
	pthread_join(s.thread, NULL);
	CHECK("a message larger than the queue waits: a handler ends it, EINTR",
	      s.result == -1 && s.error == EINTR &&
		  msgctl(id, IPC_STAT, &ds) == 0 && ds.msg_qnum == 0);
	struct mallinfo2 m0 = mallinfo2();
	struct flood f = {.id = id};
	pthread_create(&s.thread, NULL, send_interrupted, &f);
	while (!f.done) {
		pthread_kill(s.thread, SIGUSR2);
		sched_yield();
	}
	pthread_join(s.thread, NULL);
	struct mallinfo2 m1 = mallinfo2();
	printf("%d interrupted sends of %d bytes: %zu bytes more in use\n",
	       f.interrupted, FLOOD_SIZE, m1.uordblks - m0.uordblks);
	CHECK("interrupted sends give their copies back (heap in use)",
	      f.interrupted == FLOOD_SENDS &&
		  m1.uordblks < m0.uordblks + FLOOD_SENDS * FLOOD_SIZE / 4);
	signal(SIGUSR2, SIG_DFL);

	/* Whether the sender waits yet or not, the grown queue takes it. */
	start_sender(&s, id);
	sched_yield();
	ds.msg_qbytes = 64;
	msgctl(id, IPC_SET, &ds);
	pthread_join(s.thread, NULL);
	CHECK("IPC_SET growing the queue lets it in",
	      s.result == 0 && msgctl(id, IPC_STAT, &ds) == 0 &&
		  ds.msg_qnum == 1 && ds.msg_cbytes == 23);
	msgctl(id, IPC_RMID, NULL);

	/* The sender may not wait yet when the queue goes (EINVAL then). */
	int tries = 0;
	do {
		int q = msgget(IPC_PRIVATE, 0600);
		msgctl(q, IPC_STAT, &ds);
		ds.msg_qbytes = 20;
		msgctl(q, IPC_SET, &ds);
		start_sender(&s, q);
		sched_yield();
		msgctl(q, IPC_RMID, NULL);
		pthread_join(s.thread, NULL);
	} while (s.result == -1 && s.error == EINVAL && ++tries < 100);
	CHECK("a message larger than the queue, the queue removed: EIDRM",
	      s.result == -1 && s.error == EIDRM);

	id = msgget(IPC_PRIVATE, 0600);
	msgctl(id, IPC_STAT, &ds);
	ds.msg_qbytes = 0;
	errno = 0;
	CHECK("IPC_SET takes a msg_qbytes of 0 (Linux's)",
	      msgctl(id, IPC_SET, &ds) == 0 && msgctl(id, IPC_STAT, &ds) == 0 &&
		  ds.msg_qbytes == 0);
	errno = 0;
	CHECK("a queue of 0 bytes takes nothing: IPC_NOWAIT gives EAGAIN",
	      send_text(id, 1, "", IPC_NOWAIT) == -1 && errno == EAGAIN);
	msgctl(id, IPC_RMID, NULL);
}

/* ipcs's view: IPC_INFO's limits, MSG_INFO's use, MSG_STAT by index. */
static void queue_info(void)
{
	struct msginfo mi;
	int top = msgctl(0, IPC_INFO, (struct msqid_ds *)&mi);
	CHECK("IPC_INFO: Linux's limits",
	      top >= 0 && mi.msgmax == 8192 && mi.msgmnb == 16384 &&
		  mi.msgmni == 32000 && mi.msgssz == 16 &&
		  mi.msgseg == 0xffff && mi.msgpool == 512000 &&
		  mi.msgmap == 16384 && mi.msgtql == 16384);
	struct msginfo before, after;
	msgctl(0, MSG_INFO, (struct msqid_ds *)&before);
	int id = msgget(IPC_PRIVATE, 0600);
	send_text(id, 1, "ab", 0);
	send_text(id, 2, "cdef", 0);
	top = msgctl(0, MSG_INFO, (struct msqid_ds *)&after);
	CHECK("MSG_INFO: the queues, messages and bytes in use",
	      after.msgpool == before.msgpool + 1 &&
		  after.msgmap == before.msgmap + 2 &&
		  after.msgtql == before.msgtql + 3 + 5 &&
		  after.msgmax == 8192 && after.msgmni == 32000);
	CHECK("MSG_INFO: the highest index in use", top >= 0);
	int found = -1, seen = 0;
	struct msqid_ds ds;
	for (int i = 0; i <= top; i++) {
		int q = msgctl(i, MSG_STAT, &ds);
		if (q < 0)
			continue;
		seen++;
		if (q == id && ds.msg_qnum == 2 && ds.msg_cbytes == 8)
			found = i;
	}
	CHECK("MSG_STAT by index up to MSG_INFO's: every queue, ours too",
	      found >= 0 && seen == after.msgpool);
	msgctl(id, IPC_RMID, NULL);
	errno = 0;
	CHECK("MSG_STAT of an index not in use: EINVAL",
	      msgctl(found, MSG_STAT, &ds) == -1 && errno == EINVAL);
}

static void waiting(void)
{
	int id = msgget(IPC_PRIVATE, 0600);
	struct receiver r;
	start_receiver(&r, id, 7);
	send_text(id, 6, "not this", 0);
	send_text(id, 7, "this", 0);
	pthread_join(r.thread, NULL);
	CHECK("a blocking msgrcv takes its type from another thread",
	      r.result == 5 && r.m.type == 7 && !strcmp(r.m.text, "this") &&
		  receive_type(id, 0, IPC_NOWAIT) == 6);

	/* Signals until one finds it waiting: the handler ends the wait. */
	struct sigaction sa = {.sa_handler = on_usr2};
	sigaction(SIGUSR2, &sa, NULL);
	start_receiver(&r, id, 9);
	while (!r.done) {
		pthread_kill(r.thread, SIGUSR2);
		sched_yield();
	}
	pthread_join(r.thread, NULL);
	CHECK("a handler ends a blocked msgrcv with EINTR",
	      r.result == -1 && r.error == EINTR);
	signal(SIGUSR2, SIG_DFL);

	/*
	 * The receiver may not have reached its wait when the queue goes
	 * (EINVAL then): a new queue, a new try.
	 */
	int tries = 0;
	do {
		int q = msgget(IPC_PRIVATE, 0600);
		start_receiver(&r, q, 1);
		sched_yield();
		msgctl(q, IPC_RMID, NULL);
		pthread_join(r.thread, NULL);
	} while (r.result == -1 && r.error == EINVAL && ++tries < 100);
	CHECK("a msgrcv waiting on a removed queue: EIDRM",
	      r.result == -1 && r.error == EIDRM);
	errno = 0;
	CHECK("a removed queue: EINVAL",
	      msgctl(id, IPC_RMID, NULL) == 0 &&
		  msgctl(id, IPC_STAT, &(struct msqid_ds){0}) == -1 &&
		  errno == EINVAL);
}

static void allocation(void)
{
	void *p = memalign(64, 100);
	CHECK("memalign(64)", p && (uintptr_t)p % 64 == 0);
	free(p);
	p = memalign(48, 10);
	CHECK("memalign rounds an alignment up to a power of two",
	      p && (uintptr_t)p % 64 == 0);
	free(p);
	p = memalign(1, 10);
	CHECK("memalign(1) is malloc's", p != NULL);
	free(p);
	errno = 0;
	CHECK("memalign of an impossible alignment: EINVAL",
	      memalign(SIZE_MAX, 1) == NULL && errno == EINVAL);
	p = valloc(10);
	CHECK("valloc is page-aligned", p && (uintptr_t)p % 4096 == 0);
	free(p);
	p = pvalloc(5000);
	CHECK("pvalloc: whole pages",
	      p && (uintptr_t)p % 4096 == 0 && malloc_usable_size(p) >= 8192);
	free(p);
}

static int only_files(const struct dirent *e)
{
	return e->d_name[0] == 'f';
}

static void directories(void)
{
	mkdir("/tmp/scan", 0755);
	close(open("/tmp/scan/f2", O_CREAT | O_WRONLY, 0644));
	close(open("/tmp/scan/f1", O_CREAT | O_WRONLY, 0644));
	mkdir("/tmp/scan/sub", 0755);
	int tmp = open("/tmp", O_RDONLY | O_DIRECTORY);
	struct dirent **list;
	int n = scandirat(tmp, "scan", &list, only_files, alphasort);
	CHECK("scandirat: relative to the descriptor, filtered, sorted",
	      n == 2 && !strcmp(list[0]->d_name, "f1") &&
		  !strcmp(list[1]->d_name, "f2"));
	for (int i = 0; i < n; i++)
		free(list[i]);
	free(list);
	n = scandirat(AT_FDCWD, "/tmp/scan", &list, NULL, NULL);
	CHECK("scandirat(AT_FDCWD) sees every entry", n == 5);
	for (int i = 0; i < n; i++)
		free(list[i]);
	free(list);
	errno = 0;
	CHECK("scandirat of a file: ENOTDIR",
	      scandirat(tmp, "scan/f1", &list, NULL, NULL) == -1 &&
		  errno == ENOTDIR);
	errno = 0;
	CHECK("scandirat on a closed descriptor: EBADF",
	      scandirat(99, "scan", &list, NULL, NULL) == -1 && errno == EBADF);
	close(tmp);
}

static int walked, walked_dirs;

static int count_walk(const char *path, const struct stat *st, int type,
		      struct FTW *f)
{
	(void)path, (void)st, (void)f;
	walked++;
	walked_dirs += type == FTW_DP;
	return 0;
}

static int remove_walked(const char *path, const struct stat *st, int type,
			 struct FTW *f)
{
	(void)st, (void)type, (void)f;
	return remove(path);
}

/*
 * rm -r of a chain deeper than nopenfd, each directory removed while the
 * walk stands in it (FTW_CHDIR's FTW_DP): the way out is "..".
 */
static void remove_deep(void)
{
	char path[512], start[256];
	int len = snprintf(path, sizeof(path), "/tmp/chain");
	mkdir(path, 0755);
	for (int i = 0; i < 40; i++) {
		len += snprintf(path + len, sizeof(path) - (size_t)len, "/d");
		mkdir(path, 0755);
	}
	int made = open(path, O_RDONLY | O_DIRECTORY);
	close(made);
	char *cwd = getcwd(start, sizeof(start));
	int r = nftw("/tmp/chain", remove_walked, 2,
		     FTW_CHDIR | FTW_DEPTH | FTW_PHYS);
	struct stat st;
	char after[256];
	CHECK("nftw FTW_CHDIR removes a tree deeper than nopenfd",
	      made >= 0 && cwd && r == 0 && stat("/tmp/chain", &st) == -1 &&
		  getcwd(after, sizeof(after)) && !strcmp(after, start));
}

static void tree_walk(void)
{
	remove_deep();
	int r = nftw("/tmp/scan", count_walk, 4, FTW_DEPTH | FTW_PHYS);
	CHECK("nftw in the kernel: every entry, directories after",
	      r == 0 && walked == 4 && walked_dirs == 2);
}

static void mutex_attributes(void)
{
	pthread_mutexattr_t a;
	int c = -1;
	pthread_mutexattr_init(&a);
	CHECK("an unset ceiling reads as SCHED_FIFO's lowest",
	      pthread_mutexattr_getprioceiling(&a, &c) == 0 && c == 1);
	CHECK("setprioceiling keeps the ceiling",
	      pthread_mutexattr_setprioceiling(&a, 42) == 0 &&
		  pthread_mutexattr_getprioceiling(&a, &c) == 0 && c == 42);
	CHECK("a ceiling outside 1..99: EINVAL",
	      pthread_mutexattr_setprioceiling(&a, 100) == EINVAL &&
		  pthread_mutexattr_setprioceiling(&a, 0) == EINVAL);
	int type = -1;
	CHECK("the type and the ceiling live side by side",
	      pthread_mutexattr_settype(&a, PTHREAD_MUTEX_RECURSIVE) == 0 &&
		  pthread_mutexattr_getprioceiling(&a, &c) == 0 && c == 42 &&
		  pthread_mutexattr_gettype(&a, &type) == 0 &&
		  type == PTHREAD_MUTEX_RECURSIVE);
	pthread_mutex_t m;
	CHECK("a mutex of those attributes is recursive",
	      pthread_mutex_init(&m, &a) == 0 && pthread_mutex_lock(&m) == 0 &&
		  pthread_mutex_lock(&m) == 0 &&
		  pthread_mutex_unlock(&m) == 0 &&
		  pthread_mutex_unlock(&m) == 0);
}

static void terminals_and_exec(void)
{
	int master = -1, slave = -1;
	errno = 0;
	CHECK("openpty fails as posix_openpt does: ENOENT",
	      openpty(&master, &slave, NULL, NULL, NULL) == -1 &&
		  errno == ENOENT);
	errno = 0;
	CHECK("forkpty fails before its fork: ENOENT",
	      forkpty(&master, NULL, NULL, NULL) == -1 && errno == ENOENT);
	int fd = open("/tmp/scan/f1", O_RDONLY);
	errno = 0;
	CHECK("login_tty on a file: ENOTTY",
	      login_tty(fd) == -1 && errno == ENOTTY);
	close(fd);
	errno = 0;
	CHECK("login_tty on a closed descriptor: EBADF",
	      login_tty(fd) == -1 && errno == EBADF);
	char *argv[] = {"x", NULL}, *envp[] = {NULL};
	errno = 0;
	CHECK("fexecve: ENOSYS, as execve",
	      fexecve(0, argv, envp) == -1 && errno == ENOSYS);
	errno = 0;
	CHECK("fexecve of a negative descriptor: EINVAL",
	      fexecve(-1, argv, envp) == -1 && errno == EINVAL);
}

static void vector_io(void)
{
	int fd = open("/tmp/v2", O_CREAT | O_RDWR | O_TRUNC, 0644);
	char a[] = "abc", b[] = "defg";
	struct iovec out[] = {{a, 3}, {b, 4}};
	CHECK("pwritev2 at an offset",
	      pwritev2(fd, out, 2, 2, 0) == 7 && lseek(fd, 0, SEEK_CUR) == 0);
	CHECK("pwritev2 at -1: the file position",
	      pwritev2(fd, out, 1, -1, RWF_DSYNC) == 3 &&
		  lseek(fd, 0, SEEK_CUR) == 3);
	char got[16] = "";
	struct iovec in[] = {{got, 4}, {got + 4, 5}};
	CHECK("preadv2 at an offset", preadv2(fd, in, 2, 0, RWF_HIPRI) == 9 &&
					  !memcmp(got, "abcbcdefg", 9));
	lseek(fd, 1, SEEK_SET);
	memset(got, 0, sizeof(got));
	CHECK("preadv2 at -1 reads from the position and moves it",
	      preadv2(fd, in, 1, -1, 0) == 4 && !memcmp(got, "bcbc", 4) &&
		  lseek(fd, 0, SEEK_CUR) == 5);
	errno = 0;
	CHECK("RWF_NOWAIT: EOPNOTSUPP",
	      preadv2(fd, in, 1, 0, RWF_NOWAIT) == -1 && errno == EOPNOTSUPP);
	errno = 0;
	CHECK("an unknown flag: EOPNOTSUPP",
	      pwritev2(fd, out, 1, 0, 0x100) == -1 && errno == EOPNOTSUPP);
	close(fd);
}

/*
 * A page mapped read-write, then an unmapped one (hole), then a
 * read-only one: the buffers the kernel must refuse with EFAULT.  Made
 * for each group and the hole made last, so that no other mapping of
 * the program's fills it.
 */
static char *page, *hole, *read_only;

static void map_bad_buffers(void)
{
	page = mmap(NULL, 3 * 4096, PROT_READ | PROT_WRITE,
		    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	hole = page + 4096;
	read_only = page + 2 * 4096;
	mprotect(read_only, 4096, PROT_READ);
	munmap(hole, 4096);
}

static void unmap_bad_buffers(void)
{
	munmap(page, 3 * 4096);
}

/* Whether r is -1 with errno err (errno cleared first by the caller). */
static int fails(long r, int err)
{
	return r == -1 && errno == err;
}

/* msgctl's and semctl's buffers the program cannot use: EFAULT. */
static void bad_ipc_buffers(void)
{
	map_bad_buffers();
	int id = msgget(IPC_PRIVATE, 0600);
	/* the buffer's end in the hole */
	struct msqid_ds *edge = (struct msqid_ds *)(hole - 8);
	/* its page comes at the first touch: the mapping says it may */
	CHECK("msgctl IPC_STAT into a page mapped but not yet touched: 0",
	      msgctl(id, IPC_STAT, (struct msqid_ds *)page) == 0);
	errno = 0;
	CHECK("msgctl IPC_STAT into NULL: EFAULT",
	      fails(msgctl(id, IPC_STAT, NULL), EFAULT));
	errno = 0;
	CHECK("msgctl IPC_STAT into an unmapped page: EFAULT",
	      fails(msgctl(id, IPC_STAT, (struct msqid_ds *)hole), EFAULT));
	errno = 0;
	CHECK("msgctl IPC_STAT ending in an unmapped page: EFAULT",
	      fails(msgctl(id, IPC_STAT, edge), EFAULT));
	errno = 0;
	CHECK(
	    "msgctl IPC_STAT into a read-only page: EFAULT",
	    fails(msgctl(id, IPC_STAT, (struct msqid_ds *)read_only), EFAULT));
	errno = 0;
	CHECK("msgctl IPC_STAT, NULL, of no queue: EINVAL first",
	      fails(msgctl(id + 1000, IPC_STAT, NULL), EINVAL));
	errno = 0;
	CHECK("msgctl IPC_SET from NULL: EFAULT, even of no queue (Linux's)",
	      fails(msgctl(id, IPC_SET, NULL), EFAULT) &&
		  fails(msgctl(id + 1000, IPC_SET, NULL), EFAULT));
	errno = 0;
	CHECK("msgctl IPC_SET from a read-only page: read, 0",
	      msgctl(id, IPC_SET, (struct msqid_ds *)read_only) == 0);
	struct msginfo mi;
	int top = msgctl(0, MSG_INFO, (struct msqid_ds *)&mi);
	errno = 0;
	CHECK("msgctl MSG_STAT of a queue into NULL: EFAULT",
	      fails(msgctl(top, MSG_STAT, NULL), EFAULT));
	errno = 0;
	CHECK("msgctl IPC_INFO and MSG_INFO into NULL or a hole: EFAULT",
	      fails(msgctl(0, IPC_INFO, NULL), EFAULT) &&
		  fails(msgctl(0, MSG_INFO, (struct msqid_ds *)hole), EFAULT));
	CHECK("msgctl IPC_RMID takes no buffer",
	      msgctl(id, IPC_RMID, NULL) == 0);
	int sem = semget(IPC_PRIVATE, 3, 0600);
	errno = 0;
	CHECK("semctl IPC_STAT and IPC_SET with NULL: EFAULT",
	      fails(semctl(sem, 0, IPC_STAT, NULL), EFAULT) &&
		  fails(semctl(sem, 0, IPC_SET, NULL), EFAULT));
	errno = 0;
	CHECK("semctl GETALL into a read-only page, SETALL from a hole: "
	      "EFAULT",
	      fails(semctl(sem, 0, GETALL, read_only), EFAULT) &&
		  fails(semctl(sem, 0, SETALL, hole - 2), EFAULT));
	errno = 0;
	CHECK("semctl GETALL, NULL, of no set: EINVAL first",
	      fails(semctl(sem + 1000, 0, GETALL, NULL), EINVAL));
	errno = 0;
	CHECK("semop of NULL operations: EFAULT",
	      fails(semop(sem, NULL, 1), EFAULT));
	enum { semopm = 500 }; /* operations in a semop, Linux's default */
	static struct sembuf ops[semopm + 1];
	struct timespec bad_time = {0, -1};
	errno = 0;
	CHECK("semtimedop: too many operations, E2BIG before a bad timeout",
	      fails(semtimedop(sem, ops, semopm + 1, &bad_time), E2BIG));
	errno = 0;
	CHECK("semtimedop: a timeout in a hole, EFAULT even of no set",
	      fails(semtimedop(sem, ops, 1, (struct timespec *)hole), EFAULT) &&
		  fails(semtimedop(sem + 1000, ops, 1, (struct timespec *)hole),
			EFAULT));
	semctl(sem, 0, IPC_RMID);
	unmap_bad_buffers();
}

/*
 * msgsnd's and msgrcv's buffers the program cannot use: EFAULT in
 * Linux's order (seen on the host), and msgrcv's message lost.
 */
static void bad_message_buffers(void)
{
	map_bad_buffers();
	int id = msgget(IPC_PRIVATE, 0600);
	errno = 0;
	CHECK("msgsnd of a type in a hole: EFAULT before the size and the id",
	      fails(msgsnd(id, hole, 5, 0), EFAULT) &&
		  fails(msgsnd(-1, hole, 1 << 20, 0), EFAULT));
	long type = 1;
	memcpy(hole - sizeof(type), &type, sizeof(type));
	errno = 0;
	CHECK("msgsnd of a text in a hole: EFAULT, even of no queue, after "
	      "the id's sign",
	      fails(msgsnd(id, hole - sizeof(type), 5, 0), EFAULT) &&
		  fails(msgsnd(id + 1000, hole - sizeof(type), 5, 0), EFAULT) &&
		  fails(msgsnd(-1, hole - sizeof(type), 5, 0), EINVAL));
	struct {
		long type;
		char text[8];
	} m = {1, "hello"};
	msgsnd(id, &m, 5, 0);
	msgsnd(id, &m, 5, 0);
	errno = 0;
	CHECK("msgrcv into a read-only page or across a hole: EFAULT",
	      fails(msgrcv(id, read_only, 8, 0, IPC_NOWAIT), EFAULT) &&
		  fails(msgrcv(id, hole - 12, 8, 0, IPC_NOWAIT), EFAULT));
	errno = 0;
	CHECK("msgrcv's messages then lost, as Linux's",
	      fails(msgrcv(id, &m, 8, 0, IPC_NOWAIT), ENOMSG));
	msgctl(id, IPC_RMID, NULL);
	unmap_bad_buffers();
}

/* msgget beyond IPC_INFO's msgmni queues: ENOSPC, as Linux's. */
static void queue_limit(void)
{
	struct msginfo limits, use;
	msgctl(0, IPC_INFO, (struct msqid_ds *)&limits);
	int made = 0, *ids = malloc(sizeof(int) * (size_t)limits.msgmni);
	errno = 0;
	while (made < limits.msgmni) {
		int id = msgget(IPC_PRIVATE, 0600);
		if (id < 0)
			break;
		ids[made++] = id;
	}
	msgctl(0, MSG_INFO, (struct msqid_ds *)&use);
	errno = 0;
	CHECK("msgget beyond msgmni queues: ENOSPC",
	      use.msgpool == limits.msgmni &&
		  fails(msgget(IPC_PRIVATE, 0600), ENOSPC) &&
		  fails(msgget(0x5252, IPC_CREAT | 0600), ENOSPC));
	msgctl(ids[--made], IPC_RMID, NULL);
	int again = msgget(IPC_PRIVATE, 0600);
	CHECK("a queue removed makes room for one", again >= 0);
	msgctl(again, IPC_RMID, NULL);
	while (made > 0) /* the newest first: each found at once */
		msgctl(ids[--made], IPC_RMID, NULL);
	free(ids);
}

/*
 * process_vm_*: a list that names no byte gives 0 before the other list
 * or the pid is looked at, a length past SSIZE_MAX is EINVAL (Linux's,
 * seen on the host).
 */
static void empty_and_huge_lists(void)
{
	char buf[8];
	pid_t other = getpid() + 1;
	struct iovec none[] = {{buf, 0}}, some[] = {{buf, 8}};
	struct iovec huge[] = {{buf, (size_t)SSIZE_MAX + 1}};
	errno = 0;
	CHECK("an empty local list: 0, whatever the remote list and pid",
	      process_vm_readv(other, NULL, 0, NULL, 5000, 0) == 0 &&
		  process_vm_writev(other, none, 1, (struct iovec *)hole, 1,
				    0) == 0);
	CHECK("an empty remote list: 0, whatever the pid",
	      process_vm_readv(other, some, 1, none, 1, 0) == 0);
	CHECK(
	    "a bad remote list: EFAULT before the pid, then ESRCH",
	    fails(process_vm_readv(other, some, 1, (struct iovec *)hole, 1, 0),
		  EFAULT) &&
		fails(process_vm_readv(other, some, 1, some, 1, 0), ESRCH));
	errno = 0;
	CHECK(
	    "a length past SSIZE_MAX, local or remote: EINVAL",
	    fails(process_vm_readv(getpid(), huge, 1, some, 1, 0), EINVAL) &&
		fails(process_vm_readv(getpid(), some, 1, huge, 1, 0), EINVAL));
}

/* process_vm_*: an address that cannot be read or written. */
static void process_memory_faults(void)
{
	map_bad_buffers();
	char src[] = "0123456789", dst[16] = "";
	memcpy(hole - 6, "abcdef", 6);
	struct iovec to_dst[] = {{dst, 12}};
	struct iovec spanning[] = {{hole - 6, 12}};
	CHECK("a remote range running into a hole: the bytes before it",
	      process_vm_readv(getpid(), to_dst, 1, spanning, 1, 0) == 6 &&
		  !memcmp(dst, "abcdef", 6));
	struct iovec in_hole[] = {{hole, 10}};
	errno = 0;
	CHECK("a remote range in a hole: EFAULT",
	      fails(process_vm_readv(getpid(), to_dst, 1, in_hole, 1, 0),
		    EFAULT));
	struct iovec then_hole[] = {{src, 4}, {hole, 4}};
	CHECK("the second remote range in a hole: the first's count",
	      process_vm_readv(getpid(), to_dst, 1, then_hole, 2, 0) == 4);
	struct iovec from_src[] = {{src, 10}};
	CHECK("a local range running into a hole: the bytes before it",
	      process_vm_readv(getpid(), spanning, 1, from_src, 1, 0) == 6 &&
		  !memcmp(hole - 6, "012345", 6));
	errno = 0;
	CHECK("a local range in a hole: EFAULT",
	      fails(process_vm_writev(getpid(), in_hole, 1, from_src, 1, 0),
		    EFAULT));
	struct iovec ro[] = {{read_only, 4}};
	errno = 0;
	CHECK(
	    "process_vm_writev to a read-only page: EFAULT",
	    fails(process_vm_writev(getpid(), from_src, 1, ro, 1, 0), EFAULT));
	errno = 0;
	CHECK("process_vm_readv into a read-only page: EFAULT",
	      fails(process_vm_readv(getpid(), ro, 1, from_src, 1, 0), EFAULT));
	errno = 0;
	CHECK("lists at NULL: EFAULT",
	      fails(process_vm_readv(getpid(), NULL, 1, from_src, 1, 0),
		    EFAULT) &&
		  fails(process_vm_readv(getpid(), from_src, 1, NULL, 1, 0),
			EFAULT));
	empty_and_huge_lists();
	unmap_bad_buffers();
}

static void process_memory(void)
{
	char src[] = "hello, world", dst[16] = "";
	struct iovec local[] = {{dst, 5}, {dst + 5, 7}};
	struct iovec remote[] = {{src, 12}};
	CHECK("process_vm_readv of the program's own memory",
	      process_vm_readv(getpid(), local, 2, remote, 1, 0) == 12 &&
		  !strcmp(dst, "hello, world"));
	char back[4] = "XYZ";
	struct iovec from[] = {{back, 3}}, to[] = {{src, 2}, {src + 7, 5}};
	CHECK("process_vm_writev, walked up to the shorter list",
	      process_vm_writev(getpid(), from, 1, to, 2, 0) == 3 &&
		  !memcmp(src, "XYllo, Zorld", 12));
	errno = 0;
	CHECK("another process: ESRCH",
	      process_vm_readv(getpid() + 1, local, 2, remote, 1, 0) == -1 &&
		  errno == ESRCH);
	errno = 0;
	CHECK("flags: EINVAL",
	      process_vm_readv(getpid(), local, 2, remote, 1, 1) == -1 &&
		  errno == EINVAL);
}

static void argp_reports(void)
{
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);
	char name[] = "prog";
	struct argp_state st = {
	    .flags = ARGP_NO_EXIT, .name = name, .err_stream = f};
	argp_error(&st, "bad %s", "option");
	argp_failure(&st, 3, ENOENT, "no %d", 7);
	argp_failure(&st, 0, 0, NULL);
	fclose(f);
	CHECK("argp_error and argp_failure in glibc's words",
	      text && !strcmp(text, "prog: bad option\n"
				    "Try `prog --help' or `prog --usage' for "
				    "more information.\n"
				    "prog: no 7: No such file or directory\n"
				    "prog\n"));
	free(text);
	text = NULL;
	f = open_memstream(&text, &len);
	st.err_stream = f;
	st.flags |= ARGP_NO_ERRS;
	argp_error(&st, "silent");
	argp_failure(&st, 1, 0, "silent");
	fclose(f);
	CHECK("ARGP_NO_ERRS silences both", text && len == 0);
	free(text);
	CHECK("argp_err_exit_status is EX_USAGE", argp_err_exit_status == 64);
}

static void group_shadow(void)
{
	struct sgrp *g = getsgnam("staff");
	CHECK("getsgnam reads /etc/gshadow",
	      g && !strcmp(g->sg_passwd, "!") && g->sg_adm[0] &&
		  !strcmp(g->sg_adm[0], "alice") && !g->sg_adm[1] &&
		  g->sg_mem[0] && !strcmp(g->sg_mem[0], "bob") &&
		  g->sg_mem[1] && !strcmp(g->sg_mem[1], "carol") &&
		  !g->sg_mem[2]);
	struct sgrp s, *r = (void *)1;
	char buf[256], small[8];
	CHECK("getsgnam_r of an unknown group: 0 and NULL",
	      getsgnam_r("nogroup", &s, buf, sizeof(buf), &r) == 0 && !r);
	CHECK("getsgnam_r with a small buffer: ERANGE",
	      getsgnam_r("staff", &s, small, sizeof(small), &r) == ERANGE);
	CHECK("getsgnam_r: empty lists",
	      getsgnam_r("root", &s, buf, sizeof(buf), &r) == 0 && r == &s &&
		  !s.sg_adm[0] && !s.sg_mem[0]);
	int n = 0;
	setsgent();
	while (getsgent())
		n++;
	endsgent();
	CHECK("getsgent walks the entries", n == 2);
}

static void answers(void)
{
	errno = 0;
	CHECK("init_module: ENOSYS",
	      init_module(NULL, 0, "") == -1 && errno == ENOSYS);
	errno = 0;
	CHECK("delete_module: ENOSYS",
	      delete_module("x", 0) == -1 && errno == ENOSYS);
	CHECK("iopl(3): ring 0 has the ports already", iopl(3) == 0);
	errno = 0;
	CHECK("iopl(4): EINVAL", iopl(4) == -1 && errno == EINVAL);
	CHECK("ioperm of the ports", ioperm(0x3f8, 8, 1) == 0);
	errno = 0;
	CHECK("ioperm past port 65535: EINVAL",
	      ioperm(65530, 10, 1) == -1 && errno == EINVAL);
	CHECK("innetgr: no netgroup database",
	      innetgr("admins", "host", "user", "domain") == 0);
	struct mq_attr attr;
	errno = 0;
	CHECK("mq_getattr: no descriptor is a queue",
	      mq_getattr(0, &attr) == -1 && errno == EBADF);
}

#define obstack_chunk_alloc malloc
#define obstack_chunk_free free

static void obstacks(void)
{
	struct obstack ob;
	obstack_init(&ob);
	char *first = obstack_copy0(&ob, "first", 5);
	obstack_printf(&ob, "%d-%s", 42, "x");
	obstack_1grow(&ob, '\0');
	char *second = obstack_finish(&ob);
	CHECK("obstack_printf grows the object, glibc's macros around it",
	      !strcmp(first, "first") && !strcmp(second, "42-x"));
	static char big[10000];
	memset(big, 'b', sizeof(big) - 1);
	char *third = obstack_copy0(&ob, big, sizeof(big) - 1);
	CHECK("a large object takes a new chunk",
	      strlen(third) == sizeof(big) - 1 && !strcmp(first, "first") &&
		  _obstack_memory_used(&ob) > 10000);
	obstack_free(&ob, second);
	CHECK("obstack_free back to an object keeps the ones before it",
	      !strcmp(first, "first") && obstack_object_size(&ob) == 0);
	obstack_free(&ob, NULL);
}

static __thread int tls_var = 5;

/* Exported, so that dladdr's dynamic symbol table names it. */
void abinames_marker(void);
void abinames_marker(void)
{
	__asm__ volatile("");
}

static void link_maps(void)
{
	Dl_info info;
	const Elf64_Sym *sym = NULL;
	int found = dladdr1((void *)abinames_marker, &info, (void **)&sym,
			    RTLD_DL_SYMENT);
	CHECK("dladdr1(RTLD_DL_SYMENT): the symbol's entry",
	      found && sym && info.dli_sname &&
		  !strcmp(info.dli_sname, "abinames_marker") &&
		  (char *)info.dli_fbase + sym->st_value ==
		      (char *)info.dli_saddr);
	struct link_map *lm = NULL;
	found = dladdr1((void *)abinames_marker, &info, (void **)&lm,
			RTLD_DL_LINKMAP);
	CHECK("dladdr1(RTLD_DL_LINKMAP): the object's link map",
	      found && lm && !strcmp(lm->l_name, info.dli_fname) &&
		  lm->l_addr == (ElfW(Addr))info.dli_fbase && lm->l_ld);
	void *self = dlopen(info.dli_fname, RTLD_NOW | RTLD_NOLOAD);
	struct link_map *by_handle = NULL;
	CHECK("dlinfo(RTLD_DI_LINKMAP): the same map",
	      self && dlinfo(self, RTLD_DI_LINKMAP, &by_handle) == 0 &&
		  by_handle == lm);
	CHECK("the handle is the link map, as glibc's (in both directions)",
	      self && (void *)lm == self &&
		  ((struct link_map *)self)->l_addr ==
		      (ElfW(Addr))info.dli_fbase &&
		  dlsym(lm, "abinames_marker") == (void *)abinames_marker);
	int in_chain = 0, links_agree = 1;
	struct link_map *last = NULL;
	for (struct link_map *m = _r_debug.r_map; m; m = m->l_next) {
		in_chain |= m == lm;
		links_agree &= m->l_prev == last;
		last = m;
	}
	CHECK("_r_debug: version 1, a consistent chain holding the map",
	      _r_debug.r_version == 1 && _r_debug.r_state == RT_CONSISTENT &&
		  _r_debug.r_brk && in_chain && links_agree &&
		  _r_debug.r_map->l_prev == NULL);
	void *libc = dlopen("libc.so.6", RTLD_NOW);
	struct link_map *kernel = NULL;
	CHECK("the kernel (libc.so.6) ends the chain, as ld.so does glibc's",
	      libc && dlinfo(libc, RTLD_DI_LINKMAP, &kernel) == 0 &&
		  kernel == last);
	char origin[256] = "";
	CHECK("RTLD_DI_ORIGIN: the object's directory",
	      dlinfo(self, RTLD_DI_ORIGIN, origin) == 0 &&
		  !strcmp(origin, "/"));
	Lmid_t lmid = -1;
	CHECK("RTLD_DI_LMID: the base namespace",
	      dlinfo(self, RTLD_DI_LMID, &lmid) == 0 && lmid == LM_ID_BASE);
	size_t modid = 0;
	void *block = NULL;
	CHECK("RTLD_DI_TLS_MODID and RTLD_DI_TLS_DATA: this thread's block",
	      tls_var == 5 && dlinfo(self, RTLD_DI_TLS_MODID, &modid) == 0 &&
		  modid > 0 && dlinfo(self, RTLD_DI_TLS_DATA, &block) == 0 &&
		  block && (char *)&tls_var >= (char *)block &&
		  (char *)&tls_var < (char *)block + 64);
	const ElfW(Phdr) *phdr = NULL;
	int phnum = dlinfo(self, RTLD_DI_PHDR, &phdr);
	CHECK("RTLD_DI_PHDR: the program headers",
	      phnum > 0 && phdr && phdr[0].p_type <= PT_PHDR);
	dlerror();
	CHECK("an unknown request: -1 and a dlerror message",
	      dlinfo(self, 99, &modid) == -1 && dlerror() != NULL);
}

int main(int argc, char **argv)
{
	static const struct app_check_group groups[] = {
	    {"msgkeys", keys_and_limits},
	    {"msgorder", order_and_types},
	    {"msgfull", full_queue},
	    {"msgwait", waiting},
	    {"msgbig", oversized},
	    {"msginfo", queue_info},
	    {"alloc", allocation},
	    {"dirs", directories},
	    {"walk", tree_walk},
	    {"mutexattr", mutex_attributes},
	    {"pty", terminals_and_exec},
	    {"rw2", vector_io},
	    {"procvm", process_memory},
	    {"argp", argp_reports},
	    {"gshadow", group_shadow},
	    {"answers", answers},
	    {"linkmap", link_maps},
	    {"obstack", obstacks},
	    {"ipcfault", bad_ipc_buffers},
	    {"msgmni", queue_limit},
	    {"procvmfault", process_memory_faults},
	    {"msgfault", bad_message_buffers},
	};
	return app_check_run(groups, sizeof(groups) / sizeof(groups[0]), argc,
			     argv);
}
