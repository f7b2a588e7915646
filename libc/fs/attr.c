/* access, chmod, chown, utimensat and their relatives. */
#include <fcntl.h>
#include <stddef.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fs_impl.h"

struct utimbuf {
	time_t actime, modtime;
};

struct timeval {
	time_t tv_sec;
	long tv_usec;
};

int faccessat(int dirfd, const char *path, int mode, int flags)
{
	return (int)fs_ret(fs_faccessat(dirfd, path, mode, flags));
}

int access(const char *path, int mode)
{
	return faccessat(AT_FDCWD, path, mode, 0);
}

int eaccess(const char *path, int mode)
{
	return faccessat(AT_FDCWD, path, mode, AT_EACCESS);
}

int fchmodat(int dirfd, const char *path, mode_t mode, int flags)
{
	return (int)fs_ret(fs_fchmodat(dirfd, path, mode, flags));
}

int chmod(const char *path, mode_t mode)
{
	return fchmodat(AT_FDCWD, path, mode, 0);
}

int lchmod(const char *path, mode_t mode)
{
	return fchmodat(AT_FDCWD, path, mode, AT_SYMLINK_NOFOLLOW);
}

int fchmod(int fd, mode_t mode)
{
	return (int)fs_ret(fs_fchmod(fd, mode));
}

int fchownat(int dirfd, const char *path, uid_t uid, gid_t gid, int flags)
{
	return (int)fs_ret(fs_fchownat(dirfd, path, uid, gid, flags));
}

int chown(const char *path, uid_t uid, gid_t gid)
{
	return fchownat(AT_FDCWD, path, uid, gid, 0);
}

int lchown(const char *path, uid_t uid, gid_t gid)
{
	return fchownat(AT_FDCWD, path, uid, gid, AT_SYMLINK_NOFOLLOW);
}

int fchown(int fd, uid_t uid, gid_t gid)
{
	return (int)fs_ret(fs_fchown(fd, uid, gid));
}

int utimensat(int dirfd, const char *path, const struct timespec times[2],
	      int flags)
{
	return (int)fs_ret(fs_utimensat(dirfd, path, times, flags));
}

int futimens(int fd, const struct timespec times[2])
{
	return (int)fs_ret(fs_futimens(fd, times));
}

int utime(const char *path, const struct utimbuf *t);
int utimes(const char *path, const struct timeval t[2]);
int futimes(int fd, const struct timeval t[2]);
int lutimes(const char *path, const struct timeval t[2]);
int futimesat(int dirfd, const char *path, const struct timeval t[2]);

int utime(const char *path, const struct utimbuf *t)
{
	struct timespec ts[2] = {{t ? t->actime : 0, 0},
				 {t ? t->modtime : 0, 0}};
	return utimensat(AT_FDCWD, path, t ? ts : NULL, 0);
}

static int from_timeval(const struct timeval *t, struct timespec ts[2])
{
	for (int i = 0; i < 2; i++) {
		if (t[i].tv_usec < 0 || t[i].tv_usec >= 1000000)
			return -EINVAL;
		ts[i].tv_sec = t[i].tv_sec;
		ts[i].tv_nsec = t[i].tv_usec * 1000;
	}
	return 0;
}

int utimes(const char *path, const struct timeval t[2])
{
	struct timespec ts[2];
	if (t && from_timeval(t, ts))
		return (int)fs_ret(-EINVAL);
	return utimensat(AT_FDCWD, path, t ? ts : NULL, 0);
}

int lutimes(const char *path, const struct timeval t[2])
{
	struct timespec ts[2];
	if (t && from_timeval(t, ts))
		return (int)fs_ret(-EINVAL);
	return utimensat(AT_FDCWD, path, t ? ts : NULL, AT_SYMLINK_NOFOLLOW);
}

int futimes(int fd, const struct timeval t[2])
{
	struct timespec ts[2];
	if (t && from_timeval(t, ts))
		return (int)fs_ret(-EINVAL);
	return futimens(fd, t ? ts : NULL);
}

/* Linux's call: a NULL path is the file dirfd itself. */
int futimesat(int dirfd, const char *path, const struct timeval t[2])
{
	if (!path)
		return futimes(dirfd, t);
	struct timespec ts[2];
	if (t && from_timeval(t, ts))
		return (int)fs_ret(-EINVAL);
	return utimensat(dirfd, path, t ? ts : NULL, 0);
}

LIBC_ALIAS(eaccess, euidaccess);
