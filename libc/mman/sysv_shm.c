/*
 * System V shared memory: a segment is a nameless ramfs file (O_TMPFILE
 * in OSV_SHM_DIR) held by a descriptor; shmat maps it MAP_SHARED,
 * so every attach sees the same pages.  The one process is root: the
 * permission bits are recorded, not checked.  Ids are slot + seq * 4096,
 * so an id of a removed segment is EINVAL.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/shm.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "mman_impl.h"

/* Fewer than Linux's 4096 (SHMMNI): the tables come from the heap. */
#define SEGMENTS 256
#define ATTACHES 1024
#define PAGE 4096ul
/* Linux's SHMMAX and SHMALL defaults: no limit in practice. */
#define SEGMENT_MAX (UINT64_MAX - (1ull << 24))

struct segment {
	int fd; /* -1: a free slot */
	unsigned short seq;
	struct shmid_ds ds;
};

struct attach {
	uintptr_t addr; /* 0: a free slot */
	size_t len;
	int slot;
};

/* Allocated by the first call: most programs never make a segment. */
static struct segment *segments;
static struct attach *attaches;
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;

static int fail(int err)
{
	errno = err;
	return -1;
}

/* The tables, allocated once; false without memory. */
static bool tables_ready(void)
{
	if (segments)
		return true;
	struct segment *s = calloc(SEGMENTS, sizeof(*s));
	attaches = calloc(ATTACHES, sizeof(*attaches));
	if (!s || !attaches) {
		free(s);
		free(attaches);
		attaches = NULL;
		return false;
	}
	for (int i = 0; i < SEGMENTS; i++)
		s[i].fd = -1;
	segments = s;
	return true;
}

static int id_of(int slot)
{
	return slot + segments[slot].seq * SEGMENTS;
}

/* The live segment of id, or NULL. */
static struct segment *segment_of(int id)
{
	if (id < 0 || id / SEGMENTS > USHRT_MAX)
		return NULL;
	struct segment *s = &segments[id % SEGMENTS];
	return s->fd >= 0 && s->seq == id / SEGMENTS ? s : NULL;
}

static void destroy(struct segment *s)
{
	close(s->fd);
	s->fd = -1;
	s->seq++;
}

static int find_key(key_t key)
{
	for (int i = 0; i < SEGMENTS; i++)
		if (segments[i].fd >= 0 &&
		    segments[i].ds.shm_perm.__key == key &&
		    !(segments[i].ds.shm_perm.mode & SHM_DEST))
			return i;
	return -1;
}

static int create(key_t key, size_t size, int flags)
{
	if (size < 1 || size > SEGMENT_MAX)
		return fail(EINVAL);
	int slot = 0;
	while (slot < SEGMENTS && segments[slot].fd >= 0)
		slot++;
	if (slot == SEGMENTS)
		return fail(ENOSPC);
	int fd = open(OSV_SHM_DIR, O_TMPFILE | O_RDWR | O_CLOEXEC, 0600);
	if (fd < 0)
		return fail(ENOMEM);
	size_t pages = (size + PAGE - 1) / PAGE * PAGE;
	if (ftruncate(fd, (off_t)pages) != 0) {
		close(fd);
		return fail(ENOMEM);
	}
	struct segment *s = &segments[slot];
	s->fd = fd;
	memset(&s->ds, 0, sizeof(s->ds));
	s->ds.shm_perm.__key = key;
	s->ds.shm_perm.uid = s->ds.shm_perm.cuid = geteuid();
	s->ds.shm_perm.gid = s->ds.shm_perm.cgid = getegid();
	s->ds.shm_perm.mode = (mode_t)flags & 0777;
	s->ds.shm_perm.__seq = s->seq;
	s->ds.shm_segsz = size;
	s->ds.shm_ctime = time(NULL);
	s->ds.shm_cpid = getpid();
	return id_of(slot);
}

static int get_locked(key_t key, size_t size, int flags)
{
	int slot = key == IPC_PRIVATE ? -1 : find_key(key);
	if (slot < 0) {
		if (key != IPC_PRIVATE && !(flags & IPC_CREAT))
			return fail(ENOENT);
		return create(key, size, flags);
	}
	if ((flags & IPC_CREAT) && (flags & IPC_EXCL))
		return fail(EEXIST);
	if (size > segments[slot].ds.shm_segsz)
		return fail(EINVAL);
	return id_of(slot);
}

int shmget(key_t key, size_t size, int flags)
{
	pthread_mutex_lock(&lock);
	int id = tables_ready() ? get_locked(key, size, flags) : fail(ENOMEM);
	pthread_mutex_unlock(&lock);
	return id;
}

/*
 * Where to map, as Linux decides: 0 for anywhere, else addr, which must
 * be aligned unless SHM_RND rounds it down (to 0: anywhere, unless
 * SHM_REMAP, which needs an address).
 */
static int attach_address(const void *addr, int flags, uintptr_t *out)
{
	uintptr_t a = (uintptr_t)addr;
	if (a % SHMLBA) {
		if (!(flags & SHM_RND))
			return EINVAL;
		a -= a % SHMLBA;
	}
	if (a == 0 && (flags & SHM_REMAP))
		return EINVAL;
	*out = a;
	return 0;
}

static int attach_locked(int id, const void *addr, int flags, void **out)
{
	struct segment *s = segment_of(id);
	if (!s)
		return EINVAL;
	uintptr_t at;
	int err = attach_address(addr, flags, &at);
	if (err)
		return err;
	int slot = 0;
	while (slot < ATTACHES && attaches[slot].addr)
		slot++;
	if (slot == ATTACHES)
		return EMFILE; /* Linux: the mapping count limit */
	int prot = PROT_READ | (flags & SHM_RDONLY ? 0 : PROT_WRITE) |
		   (flags & SHM_EXEC ? PROT_EXEC : 0);
	int map = MAP_SHARED;
	if (at)
		map |= flags & SHM_REMAP ? MAP_FIXED : MAP_FIXED_NOREPLACE;
	size_t len = (s->ds.shm_segsz + PAGE - 1) / PAGE * PAGE;
	void *p = mmap((void *)at, len, prot, map, s->fd, 0);
	if (p == MAP_FAILED)
		return errno == EEXIST ? EINVAL : errno;
	attaches[slot] =
	    (struct attach){(uintptr_t)p, len, (int)(s - segments)};
	s->ds.shm_nattch++;
	s->ds.shm_atime = time(NULL);
	s->ds.shm_lpid = getpid();
	*out = p;
	return 0;
}

void *shmat(int id, const void *addr, int flags)
{
	void *p = NULL;
	pthread_mutex_lock(&lock);
	int err = segments ? attach_locked(id, addr, flags, &p) : EINVAL;
	pthread_mutex_unlock(&lock);
	if (err) {
		errno = err;
		return (void *)-1;
	}
	return p;
}

int shmdt(const void *addr)
{
	int ret = fail(EINVAL);
	pthread_mutex_lock(&lock);
	for (int i = 0; attaches && i < ATTACHES; i++) {
		struct attach *a = &attaches[i];
		if (!a->addr || a->addr != (uintptr_t)addr)
			continue;
		munmap((void *)a->addr, a->len);
		struct segment *s = &segments[a->slot];
		a->addr = 0;
		s->ds.shm_dtime = time(NULL);
		s->ds.shm_lpid = getpid();
		if (--s->ds.shm_nattch == 0 && (s->ds.shm_perm.mode & SHM_DEST))
			destroy(s);
		ret = 0;
		break;
	}
	pthread_mutex_unlock(&lock);
	return ret;
}

static int control_locked(int id, int cmd, struct shmid_ds *buf)
{
	struct segment *s = segment_of(id);
	if (!s)
		return EINVAL;
	switch (cmd) {
	case IPC_STAT:
		if (!buf)
			return EFAULT;
		*buf = s->ds;
		return 0;
	case IPC_SET:
		if (!buf)
			return EFAULT;
		s->ds.shm_perm.uid = buf->shm_perm.uid;
		s->ds.shm_perm.gid = buf->shm_perm.gid;
		s->ds.shm_perm.mode = (s->ds.shm_perm.mode & ~0777u) |
				      (buf->shm_perm.mode & 0777);
		s->ds.shm_ctime = time(NULL);
		return 0;
	case IPC_RMID:
		/* Gone for shmget at once, freed after the last shmdt. */
		s->ds.shm_perm.mode |= SHM_DEST;
		s->ds.shm_perm.__key = IPC_PRIVATE;
		s->ds.shm_ctime = time(NULL);
		if (s->ds.shm_nattch == 0)
			destroy(s);
		return 0;
	case SHM_LOCK:
		s->ds.shm_perm.mode |= SHM_LOCKED;
		return 0;
	case SHM_UNLOCK:
		s->ds.shm_perm.mode &= ~(mode_t)SHM_LOCKED;
		return 0;
	default:
		return EINVAL;
	}
}

/* SHM_STAT and SHM_STAT_ANY take an index and return its segment's id. */
static int stat_index(int index, struct shmid_ds *buf)
{
	if (index < 0 || index >= SEGMENTS || segments[index].fd < 0)
		return fail(EINVAL);
	if (!buf)
		return fail(EFAULT);
	*buf = segments[index].ds;
	return id_of(index);
}

int shmctl(int id, int cmd, struct shmid_ds *buf)
{
	pthread_mutex_lock(&lock);
	int ret;
	if (!segments) {
		ret = fail(EINVAL);
	} else if (cmd == SHM_STAT || cmd == SHM_STAT_ANY) {
		ret = stat_index(id, buf);
	} else {
		int err = control_locked(id, cmd, buf);
		ret = err ? fail(err) : 0;
	}
	pthread_mutex_unlock(&lock);
	return ret;
}

key_t ftok(const char *path, int id)
{
	struct stat st;
	if (stat(path, &st) != 0)
		return -1;
	return (key_t)(((unsigned)id & 0xff) << 24 |
		       ((unsigned)st.st_dev & 0xff) << 16 |
		       ((unsigned)st.st_ino & 0xffff));
}
