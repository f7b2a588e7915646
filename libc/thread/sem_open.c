/*
 * Named semaphores: as glibc's, a semaphore "/NAME" is the file sem.NAME
 * in /dev/shm, holding a sem_t and mapped MAP_SHARED.  A futex is keyed
 * by its address, so every sem_open of one file must return the same
 * mapping:
 * the open semaphores are a list keyed by the file's device and inode,
 * with a count of opens, unmapped by the last sem_close.
 */
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../mman/mman_impl.h"
#include "pthread_impl.h"

struct named_sem {
	struct named_sem *next;
	sem_t *sem;
	dev_t dev;
	ino_t ino;
	unsigned opens;
};

static struct named_sem *open_sems;
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;

/* The semaphore of fd's file, mapped once; SEM_FAILED with errno. */
static sem_t *map_once(int fd)
{
	struct stat st;
	if (fstat(fd, &st) != 0)
		return SEM_FAILED;
	for (struct named_sem *n = open_sems; n; n = n->next)
		if (n->dev == st.st_dev && n->ino == st.st_ino) {
			n->opens++;
			return n->sem;
		}
	if (st.st_size < (off_t)sizeof(sem_t)) {
		errno = EINVAL; /* not a semaphore's file */
		return SEM_FAILED;
	}
	struct named_sem *n = malloc(sizeof(*n));
	if (!n)
		return SEM_FAILED;
	void *p = mmap(NULL, sizeof(sem_t), PROT_READ | PROT_WRITE, MAP_SHARED,
		       fd, 0);
	if (p == MAP_FAILED) {
		free(n);
		return SEM_FAILED;
	}
	*n = (struct named_sem){open_sems, p, st.st_dev, st.st_ino, 1};
	open_sems = n;
	return p;
}

/*
 * A new file at path holding a semaphore of value, mapped; SEM_FAILED
 * with errno, and then no file: a failed sem_open leaves nothing.
 */
static sem_t *create(const char *path, mode_t mode, unsigned value)
{
	if (value > SEM_VALUE_MAX) {
		errno = EINVAL;
		return SEM_FAILED;
	}
	int fd = open(path, O_RDWR | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC,
		      mode);
	if (fd < 0)
		return SEM_FAILED;
	sem_t init, *sem = SEM_FAILED;
	sem_init(&init, 1, value);
	if (pwrite(fd, &init, sizeof(init), 0) == (ssize_t)sizeof(init))
		sem = map_once(fd);
	int err = errno;
	if (sem == SEM_FAILED)
		unlink(path);
	close(fd);
	errno = err;
	return sem;
}

/*
 * The semaphore of the file at path: an existing one mapped or, under
 * O_CREAT, a new one (as glibc, value is checked only then); SEM_FAILED
 * with errno.  Under the lock: no other thread sees a file not yet
 * written.
 */
static sem_t *open_or_create(const char *path, int oflag, mode_t mode,
			     unsigned value)
{
	if ((oflag & (O_CREAT | O_EXCL)) != (O_CREAT | O_EXCL)) {
		int fd = open(path, O_RDWR | O_NOFOLLOW | O_CLOEXEC);
		if (fd >= 0) {
			sem_t *sem = map_once(fd);
			int err = errno;
			close(fd);
			errno = err;
			return sem;
		}
		if (errno != ENOENT || !(oflag & O_CREAT))
			return SEM_FAILED;
	}
	return create(path, mode, value);
}

sem_t *sem_open(const char *name, int oflag, ...)
{
	mode_t mode = 0;
	unsigned value = 0;
	if (oflag & O_CREAT) {
		va_list ap;
		va_start(ap, oflag);
		mode = va_arg(ap, mode_t);
		value = va_arg(ap, unsigned);
		va_end(ap);
	}
	char path[PATH_MAX];
	if (osv_mman_shm_path(name, "sem.", path, sizeof(path)) != 0)
		return SEM_FAILED;
	pthread_mutex_lock(&lock);
	sem_t *sem = open_or_create(path, oflag, mode, value);
	pthread_mutex_unlock(&lock);
	return sem;
}

int sem_close(sem_t *sem)
{
	pthread_mutex_lock(&lock);
	struct named_sem **link = &open_sems;
	while (*link && (*link)->sem != sem)
		link = &(*link)->next;
	struct named_sem *n = *link;
	if (n && --n->opens == 0) {
		*link = n->next;
		munmap(n->sem, sizeof(sem_t));
		free(n);
	}
	pthread_mutex_unlock(&lock);
	if (!n)
		errno = EINVAL; /* not one sem_open returned */
	return n ? 0 : -1;
}

int sem_unlink(const char *name)
{
	return osv_mman_shm_unlink(name, "sem.");
}
