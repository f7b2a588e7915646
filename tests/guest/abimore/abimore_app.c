/*
 * System V shared memory, POSIX shm_open, named semaphores and the
 * mntent calls over /proc/mounts, built against glibc's headers and run in the
 * kernel (tests/guest/abimore.test); the checks also pass on Linux.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <mntent.h>
#include <pthread.h>
#include <semaphore.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/shm.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <sys/uio.h>
#include <unistd.h>

#include "../app_check.h"

#define PAGE 4096

static void test_shm_private(void)
{
	int id = shmget(IPC_PRIVATE, 5000, IPC_CREAT | 0600);
	CHECK("shmget IPC_PRIVATE", id >= 0);
	char *a = shmat(id, NULL, 0);
	char *b = shmat(id, NULL, 0);
	CHECK("shmat twice", a != (void *)-1 && b != (void *)-1 && a != b);
	CHECK("shmat page aligned", (uintptr_t)a % PAGE == 0);
	CHECK("a new segment is zero",
	      a[0] == 0 && a[4999] == 0 && a[2 * PAGE - 1] == 0);
	strcpy(a + 4500, "shared");
	CHECK("two attaches share the memory", strcmp(b + 4500, "shared") == 0);
	struct shmid_ds ds;
	CHECK("IPC_STAT", shmctl(id, IPC_STAT, &ds) == 0);
	CHECK("shm_segsz is the size asked", ds.shm_segsz == 5000);
	CHECK("shm_nattch 2", ds.shm_nattch == 2);
	CHECK("shm_perm mode", (ds.shm_perm.mode & 0777) == 0600);
	CHECK("shm_atime set", ds.shm_atime != 0 && ds.shm_dtime == 0);
	CHECK("shm_cpid", ds.shm_cpid == getpid());

	char *r = shmat(id, NULL, SHM_RDONLY);
	CHECK("SHM_RDONLY attach reads",
	      r != (void *)-1 && strcmp(r + 4500, "shared") == 0);
	CHECK("shmdt read-only", shmdt(r) == 0);
	CHECK("shmdt not an attach: EINVAL",
	      shmdt(a + PAGE) == -1 && errno == EINVAL);

	CHECK("IPC_RMID while attached", shmctl(id, IPC_RMID, NULL) == 0);
	CHECK("IPC_STAT after IPC_RMID", shmctl(id, IPC_STAT, &ds) == 0 &&
					     (ds.shm_perm.mode & SHM_DEST) &&
					     ds.shm_nattch == 2);
	CHECK("memory stays after IPC_RMID", strcmp(a + 4500, "shared") == 0);
	CHECK("shmdt", shmdt(a) == 0);
	CHECK("IPC_STAT nattch 1 and dtime", shmctl(id, IPC_STAT, &ds) == 0 &&
						 ds.shm_nattch == 1 &&
						 ds.shm_dtime != 0);
	CHECK("last shmdt", shmdt(b) == 0);
	CHECK("freed after the last detach: EINVAL",
	      shmctl(id, IPC_STAT, &ds) == -1 && errno == EINVAL);
	CHECK("shmat of a freed id: EINVAL",
	      shmat(id, NULL, 0) == (void *)-1 && errno == EINVAL);
}

static void test_shm_keyed(void)
{
	key_t key = 0x5eed;
	CHECK("shmget of a missing key: ENOENT",
	      shmget(key, 100, 0600) == -1 && errno == ENOENT);
	int id = shmget(key, 100, IPC_CREAT | IPC_EXCL | 0640);
	CHECK("shmget IPC_CREAT|IPC_EXCL", id >= 0);
	CHECK("the same key again", shmget(key, 50, 0) == id);
	CHECK("IPC_CREAT of an existing key",
	      shmget(key, 100, IPC_CREAT) == id);
	CHECK("IPC_EXCL of an existing key: EEXIST",
	      shmget(key, 100, IPC_CREAT | IPC_EXCL | 0600) == -1 &&
		  errno == EEXIST);
	CHECK("larger than the segment: EINVAL",
	      shmget(key, 200, 0) == -1 && errno == EINVAL);
	CHECK("size 0: EINVAL",
	      shmget(IPC_PRIVATE, 0, IPC_CREAT) == -1 && errno == EINVAL);
	CHECK("shmctl of a bad id: EINVAL",
	      shmctl(123456, IPC_STAT, &(struct shmid_ds){0}) == -1 &&
		  errno == EINVAL);
	CHECK("bad command: EINVAL",
	      shmctl(id, 9999, NULL) == -1 && errno == EINVAL);

	/* A given address, and one rounded by SHM_RND. */
	char *probe =
	    mmap(NULL, 4 * PAGE, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	munmap(probe, 4 * PAGE);
	char *at = shmat(id, probe + PAGE, 0);
	CHECK("shmat at an address", at == probe + PAGE);
	CHECK("unaligned without SHM_RND: EINVAL",
	      shmat(id, probe + 2 * PAGE + 10, 0) == (void *)-1 &&
		  errno == EINVAL);
	char *rnd = shmat(id, probe + 2 * PAGE + 10, SHM_RND);
	CHECK("SHM_RND rounds down", rnd == probe + 2 * PAGE);
	at[7] = 'k';
	CHECK("both see it", rnd[7] == 'k');
	CHECK("over an attach without SHM_REMAP: EINVAL",
	      shmat(id, probe + PAGE, 0) == (void *)-1 && errno == EINVAL);
	struct shmid_ds ds;
	CHECK("IPC_SET mode", shmctl(id, IPC_STAT, &ds) == 0 &&
				  (ds.shm_perm.mode & 0777) == 0640 &&
				  ds.shm_perm.__key == key);
	ds.shm_perm.mode = 0600;
	CHECK("IPC_SET", shmctl(id, IPC_SET, &ds) == 0 &&
			     shmctl(id, IPC_STAT, &ds) == 0 &&
			     (ds.shm_perm.mode & 0777) == 0600);
	CHECK("IPC_RMID", shmctl(id, IPC_RMID, NULL) == 0);
	CHECK("a removed key is gone for shmget",
	      shmget(key, 100, 0) == -1 && errno == ENOENT);
	int again = shmget(key, 100, IPC_CREAT | 0600);
	CHECK("the key makes a new segment", again >= 0 && again != id);
	char *fresh = shmat(again, NULL, 0);
	CHECK("the new segment is its own",
	      fresh != (void *)-1 && fresh[7] == 0 && at[7] == 'k');
	shmdt(fresh);
	shmctl(again, IPC_RMID, NULL);
	shmdt(at);
	shmdt(rnd);
}

/* /dev/shm, which programs use without shm_open (python's
 * multiprocessing heap: statvfs, then mkstemp there). */
static void test_dev_shm(void)
{
	struct stat st;
	CHECK("/dev/shm is a directory, mode 1777",
	      stat("/dev/shm", &st) == 0 && S_ISDIR(st.st_mode) &&
		  (st.st_mode & 07777) == 01777);
	struct statvfs sv;
	CHECK("statvfs /dev/shm", statvfs("/dev/shm", &sv) == 0 &&
				      sv.f_bavail * sv.f_frsize >= PAGE);
	char path[] = "/dev/shm/abimore-XXXXXX";
	int fd = mkstemp(path);
	CHECK("mkstemp in /dev/shm", fd >= 0 && ftruncate(fd, PAGE) == 0);
	CHECK("unlink there", unlink(path) == 0);
	close(fd);
}

static void test_shm_open(void)
{
	shm_unlink("/abimore");
	int fd = shm_open("/abimore", O_RDWR | O_CREAT | O_EXCL, 0600);
	CHECK("shm_open O_CREAT|O_EXCL", fd >= 0);
	CHECK("shm_open O_EXCL again: EEXIST",
	      shm_open("/abimore", O_RDWR | O_CREAT | O_EXCL, 0600) == -1 &&
		  errno == EEXIST);
	CHECK("ftruncate", ftruncate(fd, 2 * PAGE) == 0);
	char *m =
	    mmap(NULL, 2 * PAGE, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	CHECK("mmap", m != MAP_FAILED);
	strcpy(m + PAGE, "posix");
	int fd2 = shm_open("abimore", O_RDWR, 0);
	char *m2 = mmap(NULL, 2 * PAGE, PROT_READ, MAP_SHARED, fd2, 0);
	CHECK("a second open maps the same memory",
	      fd2 >= 0 && m2 != MAP_FAILED && strcmp(m2 + PAGE, "posix") == 0);
	struct stat st;
	CHECK("fstat size", fstat(fd2, &st) == 0 && st.st_size == 2 * PAGE &&
				S_ISREG(st.st_mode));
	CHECK("the object is a file of /dev/shm",
	      stat("/dev/shm/abimore", &st) == 0 && st.st_size == 2 * PAGE);
	int fd3 = shm_open("/abimore", O_RDWR | O_TRUNC, 0);
	CHECK("O_TRUNC", fd3 >= 0 && fstat(fd3, &st) == 0 && st.st_size == 0);
	CHECK("a name with '/': EINVAL",
	      shm_open("/a/b", O_RDWR | O_CREAT, 0600) == -1 &&
		  errno == EINVAL);
	CHECK("an empty name: EINVAL",
	      shm_open("/", O_RDWR | O_CREAT, 0600) == -1 && errno == EINVAL);
	CHECK("a missing name: ENOENT",
	      shm_open("/nothere", O_RDWR, 0) == -1 && errno == ENOENT);
	CHECK("shm_unlink", shm_unlink("/abimore") == 0);
	CHECK("shm_unlink again: ENOENT",
	      shm_unlink("/abimore") == -1 && errno == ENOENT);
	CHECK("gone for shm_open",
	      shm_open("/abimore", O_RDWR, 0) == -1 && errno == ENOENT);
	munmap(m, 2 * PAGE);
	munmap(m2, 2 * PAGE);
	close(fd);
	close(fd2);
	close(fd3);
}

static void *post_later(void *arg)
{
	sem_t *sem = sem_open("/abimore_sem", 0);
	sem_post(sem);
	sem_close(sem);
	return arg;
}

static void test_sem_open(void)
{
	sem_unlink("/abimore_sem");
	sem_t *a = sem_open("/abimore_sem", O_CREAT | O_EXCL, 0600, 2);
	CHECK("sem_open O_CREAT|O_EXCL", a != SEM_FAILED);
	CHECK("sem_open O_EXCL again: EEXIST",
	      sem_open("/abimore_sem", O_CREAT | O_EXCL, 0600, 0) ==
		      SEM_FAILED &&
		  errno == EEXIST);
	sem_t *b = sem_open("abimore_sem", O_CREAT, 0600, 9);
	int v = -1;
	CHECK("O_CREAT of an existing one keeps its value",
	      b != SEM_FAILED && sem_getvalue(b, &v) == 0 && v == 2);
	CHECK("two opens are one semaphore",
	      sem_trywait(a) == 0 && sem_trywait(b) == 0 &&
		  sem_trywait(a) == -1 && errno == EAGAIN);
	struct stat st;
	CHECK("its file /dev/shm/sem.NAME",
	      stat("/dev/shm/sem.abimore_sem", &st) == 0 &&
		  S_ISREG(st.st_mode));
	pthread_t t;
	pthread_create(&t, NULL, post_later, NULL);
	CHECK("a post through another open wakes a wait", sem_wait(a) == 0);
	pthread_join(t, NULL);
	CHECK("sem_close", sem_close(b) == 0);
	CHECK("sem_unlink", sem_unlink("/abimore_sem") == 0);
	CHECK("unlinked: still usable by its opener",
	      sem_post(a) == 0 && sem_getvalue(a, &v) == 0 && v == 1);
	CHECK("unlinked: sem_open ENOENT",
	      sem_open("/abimore_sem", 0) == SEM_FAILED && errno == ENOENT);
	CHECK("sem_unlink again: ENOENT",
	      sem_unlink("/abimore_sem") == -1 && errno == ENOENT);
	CHECK("the last sem_close", sem_close(a) == 0);
	CHECK("a name with '/': EINVAL",
	      sem_open("/a/b", O_CREAT, 0600, 0) == SEM_FAILED &&
		  errno == EINVAL);
	CHECK("a value above SEM_VALUE_MAX: EINVAL",
	      sem_open("/abimore_big", O_CREAT, 0600,
		       (unsigned)SEM_VALUE_MAX + 1) == SEM_FAILED &&
		  errno == EINVAL);
	a = sem_open("/abimore_sem", O_CREAT, 0600, 0);
	b = sem_open("/abimore_sem", O_CREAT, 0600,
		     (unsigned)SEM_VALUE_MAX + 1);
	CHECK("the value is not looked at when it exists", b == a);
	sem_close(b);
	sem_close(a);
	sem_unlink("/abimore_sem");
	char name[NAME_MAX];
	memset(name, 'n', sizeof(name) - 1);
	name[sizeof(name) - 1] = 0; /* "sem." and this: above NAME_MAX */
	CHECK("a name too long: ENAMETOOLONG",
	      sem_open(name, O_CREAT, 0600, 0) == SEM_FAILED &&
		  errno == ENAMETOOLONG);
	sem_t other;
	CHECK("sem_close of another semaphore: EINVAL",
	      sem_close(&other) == -1 && errno == EINVAL);
}

static void test_mntent_proc(void)
{
	FILE *f = setmntent("/proc/mounts", "r");
	CHECK("setmntent /proc/mounts", f != NULL);
	if (!f)
		return;
	int entries = 0, root = 0, proc = 0;
	struct mntent *m;
	while ((m = getmntent(f))) {
		entries++;
		root |= strcmp(m->mnt_dir, "/") == 0;
		proc |= strcmp(m->mnt_dir, "/proc") == 0 &&
			strcmp(m->mnt_type, "proc") == 0;
		if (strcmp(m->mnt_dir, "/") == 0)
			CHECK("hasmntopt rw or ro on /",
			      hasmntopt(m, "rw") || hasmntopt(m, "ro"));
	}
	CHECK("entries read", entries >= 2);
	CHECK("/ listed", root);
	CHECK("/proc listed as proc", proc);
	CHECK("endmntent", endmntent(f) == 1);
}

static int pending(int fd)
{
	int n = -1;
	ioctl(fd, FIONREAD, &n);
	return n;
}

static int temp_file(const char *text)
{
	char path[] = "/tmp/abimore_XXXXXX";
	int fd = mkstemp(path);
	unlink(path);
	if (fd >= 0)
		write(fd, text, strlen(text));
	lseek(fd, 0, SEEK_SET);
	return fd;
}

static void test_splice(void)
{
	int f = temp_file("0123456789");
	int p[2], q[2];
	CHECK("pipes", pipe(p) == 0 && pipe(q) == 0);
	char buf[64] = {0};
	loff_t off = 2;
	CHECK("file to pipe at an offset",
	      splice(f, &off, p[1], NULL, 5, SPLICE_F_MOVE) == 5);
	CHECK("the offset moved, not the file's",
	      off == 7 && lseek(f, 0, SEEK_CUR) == 0);
	CHECK("the pipe holds it", read(p[0], buf, sizeof(buf)) == 5 &&
				       memcmp(buf, "23456", 5) == 0);
	CHECK("file to pipe at the file's offset",
	      splice(f, NULL, p[1], NULL, 4, SPLICE_F_MORE) == 4 &&
		  lseek(f, 0, SEEK_CUR) == 4);
	CHECK("pipe to file at an offset: what the pipe holds",
	      (off = 20, splice(p[0], NULL, f, &off, 100, 0)) == 4 &&
		  off == 24 && pending(p[0]) == 0);
	memset(buf, 0, sizeof(buf));
	CHECK("the file got it",
	      pread(f, buf, 4, 20) == 4 && memcmp(buf, "0123", 4) == 0);
	write(p[1], "abcdef", 6);
	CHECK("pipe to pipe", splice(p[0], NULL, q[1], NULL, 3, 0) == 3 &&
				  pending(p[0]) == 3 && pending(q[0]) == 3);
	memset(buf, 0, sizeof(buf));
	CHECK("in order", read(q[0], buf, 64) == 3 && strcmp(buf, "abc") == 0 &&
			      read(p[0], buf, 64) == 3 &&
			      memcmp(buf, "def", 3) == 0);
	CHECK("length 0", splice(p[0], NULL, q[1], NULL, 0, 0) == 0);
	CHECK("no pipe: EINVAL",
	      splice(f, NULL, f, NULL, 1, 0) == -1 && errno == EINVAL);
	off = 0;
	CHECK("an offset for a pipe: ESPIPE",
	      splice(p[0], &off, f, NULL, 1, 0) == -1 && errno == ESPIPE);
	CHECK("a negative offset: EINVAL",
	      (off = -1, splice(f, &off, p[1], NULL, 1, 0)) == -1 &&
		  errno == EINVAL);
	CHECK("the write end as input: EBADF",
	      splice(p[1], NULL, f, NULL, 1, 0) == -1 && errno == EBADF);
	CHECK("a closed descriptor: EBADF",
	      splice(999, NULL, p[1], NULL, 1, 0) == -1 && errno == EBADF);
	CHECK("unknown flags: EINVAL",
	      splice(f, NULL, p[1], NULL, 1, 0x100) == -1 && errno == EINVAL);
	CHECK("the same pipe: EINVAL",
	      splice(p[0], NULL, p[1], NULL, 1, 0) == -1 && errno == EINVAL);
	CHECK("empty pipe, SPLICE_F_NONBLOCK: EAGAIN",
	      splice(p[0], NULL, f, NULL, 1, SPLICE_F_NONBLOCK) == -1 &&
		  errno == EAGAIN);

	/* A full output pipe. */
	static char big[70000];
	fcntl(q[1], F_SETFL, O_NONBLOCK);
	while (write(q[1], big, sizeof(big)) > 0)
		;
	fcntl(q[1], F_SETFL, 0);
	CHECK("a full pipe, SPLICE_F_NONBLOCK: EAGAIN",
	      splice(f, NULL, q[1], NULL, 1, SPLICE_F_NONBLOCK) == -1 &&
		  errno == EAGAIN);
	close(q[0]);
	close(q[1]);

	close(p[1]);
	CHECK("empty pipe without writers: 0",
	      splice(p[0], NULL, f, NULL, 1, 0) == 0);
	close(p[0]);
	close(f);
}

static void test_tee(void)
{
	int p[2], q[2];
	pipe(p);
	pipe(q);
	write(p[1], "teedata", 7);
	CHECK("tee", tee(p[0], q[1], 100, 0) == 7);
	CHECK("tee leaves the input", pending(p[0]) == 7 && pending(q[0]) == 7);
	char a[16] = {0}, b[16] = {0};
	CHECK("both hold the bytes",
	      read(p[0], a, 16) == 7 && read(q[0], b, 16) == 7 &&
		  strcmp(a, "teedata") == 0 && strcmp(b, "teedata") == 0);
	CHECK("tee of a part", write(p[1], "xyz", 3) == 3 &&
				   tee(p[0], q[1], 2, 0) == 2 &&
				   pending(q[0]) == 2 && pending(p[0]) == 3);
	CHECK("tee, empty, SPLICE_F_NONBLOCK: EAGAIN",
	      (read(p[0], a, 16), tee(p[0], q[1], 1, SPLICE_F_NONBLOCK)) ==
		      -1 &&
		  errno == EAGAIN);
	int f = temp_file("x");
	CHECK("tee from a file: EINVAL",
	      tee(f, q[1], 1, 0) == -1 && errno == EINVAL);
	CHECK("tee to the same pipe: EINVAL",
	      tee(p[0], p[1], 1, 0) == -1 && errno == EINVAL);
	close(p[1]);
	CHECK("tee, empty without writers: 0", tee(p[0], q[1], 1, 0) == 0);
	close(f);
	close(p[0]);
	close(q[0]);
	close(q[1]);
}

static void test_vmsplice(void)
{
	int p[2];
	pipe(p);
	char one[] = "vm", two[] = "splice";
	struct iovec iov[] = {{one, 2}, {two, 6}};
	CHECK("vmsplice into a pipe", vmsplice(p[1], iov, 2, 0) == 8);
	char buf[16] = {0};
	CHECK("the pipe holds the pieces",
	      read(p[0], buf, 16) == 8 && strcmp(buf, "vmsplice") == 0);
	CHECK("no pieces", vmsplice(p[1], iov, 0, 0) == 0);
	int f = temp_file("");
	CHECK("a file: EBADF", vmsplice(f, iov, 2, 0) == -1 && errno == EBADF);
	CHECK("unknown flags: EINVAL",
	      vmsplice(p[1], iov, 2, 0x40) == -1 && errno == EINVAL);
	/* Page aligned: Linux fills the ring by pages. */
	static char big[70000] __attribute__((aligned(4096)));
	struct iovec all = {big, sizeof(big)};
	CHECK("what fits in the pipe", vmsplice(p[1], &all, 1, 0) == 65536);
	CHECK("a full pipe, SPLICE_F_NONBLOCK: EAGAIN",
	      vmsplice(p[1], iov, 2, SPLICE_F_NONBLOCK) == -1 &&
		  errno == EAGAIN);
	close(f);
	close(p[0]);
	close(p[1]);
}

static void test_sbrk(void)
{
	void *end = sbrk(0);
	CHECK("sbrk(0) is an address", end != (void *)-1 && end != NULL);
	CHECK("sbrk(0) again", sbrk(0) == end);
	CHECK("brk at the break", brk(end) == 0);
	/* Linux moves the break; the kernel has none to move. */
	char *old = sbrk(1 << 20);
	if (old != (void *)-1)
		CHECK("sbrk moved the break",
		      old == end && (char *)sbrk(0) == old + (1 << 20));
	else
		CHECK("sbrk: ENOMEM, the break stays",
		      errno == ENOMEM && sbrk(0) == end);
}

int main(int argc, char **argv)
{
	static const struct app_check_group groups[] = {
	    {"shm_private", test_shm_private}, {"shm_keyed", test_shm_keyed},
	    {"dev_shm", test_dev_shm},	       {"shm_open", test_shm_open},
	    {"sem_open", test_sem_open},       {"mntent", test_mntent_proc},
	    {"splice", test_splice},	       {"tee", test_tee},
	    {"vmsplice", test_vmsplice},       {"sbrk", test_sbrk},
	};
	return app_check_run(groups, sizeof(groups) / sizeof(groups[0]), argc,
			     argv);
}
