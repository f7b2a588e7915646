/*
 * System V shared memory, POSIX shm_open and the mntent calls over
 * /proc/mounts, built against glibc's headers and run in the kernel
 * (tests/guest/abimore.test); the checks also pass on Linux.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <mntent.h>
#include <stdint.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/shm.h>
#include <sys/stat.h>
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

int main(int argc, char **argv)
{
	static const struct app_check_group groups[] = {
	    {"shm_private", test_shm_private},
	    {"shm_keyed", test_shm_keyed},
	    {"shm_open", test_shm_open},
	    {"mntent", test_mntent_proc},
	};
	return app_check_run(groups, sizeof(groups) / sizeof(groups[0]), argc,
			     argv);
}
