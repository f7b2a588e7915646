/*
 * Directory streams over getdents64.  The records the kernel writes
 * have struct dirent64's layout (glibc's on x86_64, where dirent and
 * dirent64 are the same), so readdir returns pointers into the buffer.
 * A stream's position (telldir) is the cookie of its next entry, which
 * lseek on the descriptor takes back (seekdir).
 */
#include <dirent.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fs_impl.h"

#define DIR_BUF 32768

struct __dirstream {
	int fd;
	size_t pos, len;
	long next; /* cookie of the next entry */
	_Alignas(8) char buf[DIR_BUF];
};

ssize_t getdents64(int fd, void *buf, size_t len)
{
	return fs_ret(fs_getdents64(fd, buf, len));
}

DIR *fdopendir(int fd)
{
	struct stat st;
	if (fstat(fd, &st))
		return NULL;
	if (!S_ISDIR(st.st_mode)) {
		errno = ENOTDIR;
		return NULL;
	}
	int fl = fcntl(fd, F_GETFL);
	if (fl < 0 || (fl & O_PATH)) {
		errno = EBADF;
		return NULL;
	}
	DIR *d = malloc(sizeof(*d));
	if (!d) {
		errno = ENOMEM;
		return NULL;
	}
	d->fd = fd;
	d->pos = d->len = 0;
	off_t at = lseek(fd, 0, SEEK_CUR);
	d->next = at < 0 ? 0 : at;
	return d;
}

DIR *opendir(const char *name)
{
	int fd = open(name, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return NULL;
	DIR *d = fdopendir(fd);
	if (!d) {
		int e = errno;
		close(fd);
		errno = e;
	}
	return d;
}

int closedir(DIR *d)
{
	if (!d) {
		errno = EINVAL;
		return -1;
	}
	int r = close(d->fd);
	free(d);
	return r;
}

struct dirent *readdir(DIR *d)
{
	if (d->pos >= d->len) {
		long n = fs_getdents64(d->fd, d->buf, sizeof(d->buf));
		if (n <= 0) {
			if (n < 0)
				errno = (int)-n;
			return NULL;
		}
		d->len = (size_t)n;
		d->pos = 0;
	}
	struct dirent *e = (struct dirent *)(d->buf + d->pos);
	d->pos += e->d_reclen;
	d->next = e->d_off;
	return e;
}

int readdir_r(DIR *restrict d, struct dirent *restrict entry,
	      struct dirent **restrict result)
{
	int saved = errno;
	errno = 0;
	struct dirent *e = readdir(d);
	int err = errno;
	errno = saved;
	if (!e) {
		*result = NULL;
		return err;
	}
	memcpy(entry, e,
	       e->d_reclen < sizeof(*entry) ? e->d_reclen : sizeof(*entry));
	*result = entry;
	return 0;
}

void seekdir(DIR *d, long pos)
{
	if (lseek(d->fd, pos, SEEK_SET) >= 0) {
		d->pos = d->len = 0;
		d->next = pos;
	}
}

void rewinddir(DIR *d)
{
	seekdir(d, 0);
}

long telldir(DIR *d)
{
	return d->next;
}

int dirfd(DIR *d)
{
	return d->fd;
}

int alphasort(const struct dirent **a, const struct dirent **b)
{
	return strcoll((*a)->d_name, (*b)->d_name);
}

int versionsort(const struct dirent **a, const struct dirent **b)
{
	return strverscmp((*a)->d_name, (*b)->d_name);
}

static void free_list(struct dirent **list, size_t n)
{
	while (n)
		free(list[--n]);
	free(list);
}

int scandirat(int dirfd, const char *restrict path,
	      struct dirent ***restrict out,
	      int (*filter)(const struct dirent *),
	      int (*compar)(const struct dirent **, const struct dirent **))
{
	int fd = openat(dirfd, path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	DIR *d = fdopendir(fd);
	if (!d) {
		int e = errno;
		close(fd);
		errno = e;
		return -1;
	}
	struct dirent **list = NULL, *e;
	size_t n = 0, cap = 0;
	int saved = errno;
	errno = 0;
	while ((e = readdir(d))) {
		if (filter && !filter(e))
			continue;
		if (n == cap) {
			cap = cap ? 2 * cap : 16;
			struct dirent **l = realloc(list, cap * sizeof(*l));
			if (!l)
				break;
			list = l;
		}
		struct dirent *copy = malloc(e->d_reclen);
		if (!copy)
			break;
		memcpy(copy, e, e->d_reclen);
		list[n++] = copy;
	}
	int err = e ? ENOMEM : errno;
	closedir(d);
	if (err) {
		free_list(list, n);
		errno = err;
		return -1;
	}
	errno = saved;
	if (compar && n > 1)
		qsort(list, n, sizeof(*list),
		      (int (*)(const void *, const void *))compar);
	*out = list;
	return (int)n;
}

LIBC_ALIAS(readdir, readdir64);
LIBC_ALIAS(readdir_r, readdir64_r);
LIBC_ALIAS(alphasort, alphasort64);
LIBC_ALIAS(versionsort, versionsort64);
int scandir(const char *restrict path, struct dirent ***restrict out,
	    int (*filter)(const struct dirent *),
	    int (*compar)(const struct dirent **, const struct dirent **))
{
	return scandirat(AT_FDCWD, path, out, filter, compar);
}

LIBC_ALIAS(scandir, scandir64);
LIBC_ALIAS(scandirat, scandirat64);
