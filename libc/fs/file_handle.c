/*
 * name_to_handle_at and open_by_handle_at: no file system of osv can
 * export a file handle, so after the file's lookup (its errors) the
 * answer is Linux's for such a file system: EOPNOTSUPP for a handle,
 * ESTALE for a handle given back.
 */
#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>

#define MAX_HANDLE_SZ 128

struct file_handle {
	unsigned int handle_bytes;
	int handle_type;
	unsigned char f_handle[];
};

static int fail(int err)
{
	errno = err;
	return -1;
}

int name_to_handle_at(int dirfd, const char *path, struct file_handle *h,
		      int *mount_id, int flags)
{
	(void)mount_id;
	if (flags & ~(AT_SYMLINK_FOLLOW | AT_EMPTY_PATH))
		return fail(EINVAL);
	struct stat st;
	int stat_flags = flags & AT_EMPTY_PATH;
	if (!(flags & AT_SYMLINK_FOLLOW))
		stat_flags |= AT_SYMLINK_NOFOLLOW;
	if (fstatat(dirfd, path, &st, stat_flags) < 0)
		return -1;
	if (h->handle_bytes > MAX_HANDLE_SZ)
		return fail(EINVAL);
	return fail(EOPNOTSUPP);
}

int open_by_handle_at(int mount_fd, struct file_handle *h, int flags)
{
	(void)flags;
	if (fcntl(mount_fd, F_GETFD) < 0 && mount_fd != AT_FDCWD)
		return fail(EBADF);
	if (h->handle_bytes == 0 || h->handle_bytes > MAX_HANDLE_SZ)
		return fail(EINVAL);
	return fail(ESTALE);
}
