/*
 * stat, access, readlink, chmod, chown, utimensat and statfs.  We run
 * as root: permission bits only matter to access(X_OK), which wants an
 * execute bit somewhere (or a directory), as for root on Linux.
 */
#include <fcntl.h>
#include <string.h>

#include "clock.h"
#include "fs_calls.h"
#include "mm.h"
#include "uaccess.h"
#include "vfs_impl.h"

#define R_OK 4
#define W_OK 2
#define X_OK 1

static int lookup_flags(int atflags)
{
	return (atflags & AT_SYMLINK_NOFOLLOW ? 0 : NAMEI_FOLLOW) |
	       (atflags & AT_EMPTY_PATH ? NAMEI_EMPTY : 0);
}

int fs_fstatat(int dirfd, const char *path, struct vfs_attr *attr, int flags)
{
	if (flags & ~(AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH | AT_NO_AUTOMOUNT |
		      AT_STATX_SYNC_TYPE))
		return -EINVAL;
	if ((flags & AT_EMPTY_PATH) && dirfd != AT_FDCWD) {
		char c; /* path is the program's */
		if (get_program(&c, path, 1))
			return -EFAULT;
		if (!c)
			return fs_fstat(dirfd, attr);
	}
	struct nameidata nd;
	int r = namei_at(dirfd, path, lookup_flags(flags), &nd);
	if (r)
		return r;
	r = vop_getattr(nd.vn, attr);
	namei_done(&nd);
	return r;
}

int fs_fstat(int fd, struct vfs_attr *attr)
{
	struct file *f = fd_get(fd);
	if (!f)
		return -EBADF;
	int r = f->ops->stat(f, attr);
	file_release(f);
	return r;
}

int fs_faccessat(int dirfd, const char *path, int mode, int flags)
{
	if (mode & ~(R_OK | W_OK | X_OK))
		return -EINVAL;
	if (flags & ~(AT_EACCESS | AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH))
		return -EINVAL;
	struct nameidata nd;
	int r = namei_at(dirfd, path, lookup_flags(flags), &nd);
	if (r)
		return r;
	struct vfs_attr attr;
	r = vop_getattr(nd.vn, &attr);
	if (r == 0 && (mode & W_OK) && vfs_readonly(nd.vn) &&
	    nd.vn->type != VFS_IFCHR && nd.vn->type != VFS_IFBLK)
		r = -EROFS;
	else if (r == 0 && (mode & X_OK) && nd.vn->type != VFS_IFDIR &&
		 !(attr.mode & 0111))
		r = -EACCES;
	namei_done(&nd);
	return r;
}

long fs_readlinkat(int dirfd, const char *path, char *buf, size_t len)
{
	if ((long)len <= 0)
		return -EINVAL;
	struct nameidata nd;
	int r = namei_at(dirfd, path, NAMEI_EMPTY, &nd);
	if (r)
		return r;
	/* read to the kernel first: buf is the program's */
	char *target = heap_alloc(VFS_PATH_MAX);
	long n = target ? vop_readlink(nd.vn, target, VFS_PATH_MAX) : -ENOMEM;
	namei_done(&nd);
	if (n > (long)len)
		n = (long)len;
	if (n > 0 && put_program(buf, target, (size_t)n))
		n = -EFAULT;
	heap_free(target);
	return n;
}

/*
 * Sets vn's attributes; dir and name are where it was found (or NULL),
 * for the watches of its directory.
 */
static int set_attr(struct vnode *vn, struct vnode *dir, const char *name,
		    const struct vfs_attr *attr, unsigned mask)
{
	if (vfs_readonly(vn))
		return -EROFS;
	if (!vn->ops->setattr)
		return -EPERM;
	vfs_lock(vn);
	int r = vn->ops->setattr(vn, attr, mask);
	vfs_unlock(vn);
	if (r == 0)
		vfs_notify_file(vn, dir, name, VFS_IN_ATTRIB);
	return r;
}

static void now(struct timespec *ts)
{
	uint64_t ns = clock_realtime();
	ts->tv_sec = (time_t)(ns / 1000000000);
	ts->tv_nsec = (long)(ns % 1000000000);
}

static int chmod_vnode(struct vnode *vn, struct vnode *dir, const char *name,
		       unsigned mode)
{
	struct vfs_attr attr = {.mode = mode & 07777};
	now(&attr.ctime);
	return set_attr(vn, dir, name, &attr, VFS_ATTR_MODE | VFS_ATTR_CTIME);
}

static int at_vnode(int dirfd, const char *path, int flags,
		    struct nameidata *nd)
{
	return namei_at(dirfd, path, lookup_flags(flags) | NAMEI_KEEPDIR, nd);
}

int fs_fchmodat(int dirfd, const char *path, unsigned mode, int flags)
{
	if (flags & ~(AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH))
		return -EINVAL;
	struct nameidata nd;
	int r = at_vnode(dirfd, path, flags, &nd);
	if (r)
		return r;
	/* Linux cannot change a symlink's mode */
	r = nd.vn->type == VFS_IFLNK
		? -EOPNOTSUPP
		: chmod_vnode(nd.vn, nd.dir, nd.name, mode);
	namei_done(&nd);
	return r;
}

int fs_fchmod(int fd, unsigned mode)
{
	struct file *f = fd_get(fd);
	if (!f)
		return -EBADF;
	int r = !f->vn || (f->flags & O_PATH)
		    ? -EBADF
		    : chmod_vnode(f->vn, f->dir, f->name, mode);
	file_release(f);
	return r;
}

static int chown_vnode(struct vnode *vn, struct vnode *dir, const char *name,
		       unsigned uid, unsigned gid)
{
	struct vfs_attr attr = {.uid = uid, .gid = gid};
	unsigned mask = VFS_ATTR_CTIME;
	if (uid != (unsigned)-1)
		mask |= VFS_ATTR_UID;
	if (gid != (unsigned)-1)
		mask |= VFS_ATTR_GID;
	now(&attr.ctime);
	return set_attr(vn, dir, name, &attr, mask);
}

int fs_fchownat(int dirfd, const char *path, unsigned uid, unsigned gid,
		int flags)
{
	if (flags & ~(AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH))
		return -EINVAL;
	struct nameidata nd;
	int r = at_vnode(dirfd, path, flags, &nd);
	if (r)
		return r;
	r = chown_vnode(nd.vn, nd.dir, nd.name, uid, gid);
	namei_done(&nd);
	return r;
}

int fs_fchown(int fd, unsigned uid, unsigned gid)
{
	struct file *f = fd_get(fd);
	if (!f)
		return -EBADF;
	int r = !f->vn ? -EBADF : chown_vnode(f->vn, f->dir, f->name, uid, gid);
	file_release(f);
	return r;
}

static int utimens_vnode(struct vnode *vn, struct vnode *dir, const char *name,
			 const struct timespec *times)
{
	struct vfs_attr attr;
	unsigned mask = VFS_ATTR_CTIME;
	now(&attr.ctime);
	struct timespec *dst[2] = {&attr.atime, &attr.mtime};
	const unsigned bit[2] = {VFS_ATTR_ATIME, VFS_ATTR_MTIME};
	for (int i = 0; i < 2; i++) {
		long ns = times ? times[i].tv_nsec : FS_UTIME_NOW;
		if (ns == FS_UTIME_OMIT)
			continue;
		if (ns == FS_UTIME_NOW)
			*dst[i] = attr.ctime;
		else if (ns < 0 || ns > 999999999)
			return -EINVAL;
		else
			*dst[i] = times[i];
		mask |= bit[i];
	}
	if (mask == VFS_ATTR_CTIME)
		return 0; /* both omitted: nothing changes, not even ctime */
	return set_attr(vn, dir, name, &attr, mask);
}

int fs_utimensat(int dirfd, const char *path, const struct timespec *times,
		 int flags)
{
	if (flags & ~(AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH))
		return -EINVAL;
	if (!path) /* Linux: utimensat(fd, NULL, ...) is futimens */
		return fs_futimens(dirfd, times);
	struct nameidata nd;
	int r = at_vnode(dirfd, path, flags, &nd);
	if (r)
		return r;
	r = utimens_vnode(nd.vn, nd.dir, nd.name, times);
	namei_done(&nd);
	return r;
}

int fs_futimens(int fd, const struct timespec *times)
{
	struct file *f = fd_get(fd);
	if (!f)
		return -EBADF;
	int r = !f->vn ? -EBADF : utimens_vnode(f->vn, f->dir, f->name, times);
	file_release(f);
	return r;
}

static int statfs_mount(struct vfs_mount *mnt, struct vfs_statfs *st,
			unsigned long *flags)
{
	memset(st, 0, sizeof(*st));
	int r = mnt->type->statfs ? mnt->type->statfs(mnt, st) : 0;
	if (!st->bsize)
		st->bsize = 4096;
	if (!st->namelen)
		st->namelen = VFS_NAME_MAX;
	*flags = mnt->flags;
	return r;
}

int fs_statfs(const char *path, struct vfs_statfs *st, unsigned long *flags)
{
	struct nameidata nd;
	int r = namei(NULL, path, NAMEI_FOLLOW, &nd);
	if (r)
		return r;
	r = statfs_mount(nd.vn->mount, st, flags);
	namei_done(&nd);
	return r;
}

int fs_fstatfs(int fd, struct vfs_statfs *st, unsigned long *flags)
{
	struct file *f = fd_get(fd);
	if (!f)
		return -EBADF;
	int r = -ENOSYS;
	if (f->vn)
		r = statfs_mount(f->vn->mount, st, flags);
	file_release(f);
	return r;
}
