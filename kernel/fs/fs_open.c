/*
 * open() and close().  The order of the checks follows Linux, so that
 * each mistake gets the errno Linux gives it: the name first (ENOENT,
 * EEXIST, ELOOP for O_NOFOLLOW), then the type (ENOTDIR for
 * O_DIRECTORY, EISDIR for writing a directory), then EROFS.
 */
#include <fcntl.h>
#include <string.h>

#include "fs_calls.h"
#include "vfs_impl.h"

/* The flags an open file keeps (F_GETFL shows them). */
#define KEPT_FLAGS                                                             \
	(O_ACCMODE | O_APPEND | O_NONBLOCK | O_DSYNC | O_ASYNC | O_DIRECT |    \
	 O_LARGEFILE | O_DIRECTORY | O_NOFOLLOW | O_NOATIME | O_SYNC | O_PATH)

/* The file named by nd's last component, made if absent (O_CREAT). */
static int create_last(struct nameidata *nd, int flags, unsigned mode)
{
	if (nd->vn) {
		if (flags & O_EXCL)
			return -EEXIST;
		return nd->vn->type == VFS_IFDIR ? -EISDIR : 0;
	}
	struct vnode *dir = nd->dir;
	if (vfs_readonly(dir))
		return -EROFS;
	if (!dir->ops->create)
		return -EOPNOTSUPP;
	vfs_lock(dir);
	int r = dir->ops->create(dir, nd->name, nd->len,
				 mode & ~vfs_umask & 07777, &nd->vn);
	vfs_unlock(dir);
	return r;
}

static int resolve(int dirfd, const char *path, int flags, unsigned mode,
		   struct nameidata *nd, bool *created)
{
	*created = false;
	bool follow =
	    !(flags & O_NOFOLLOW) && !((flags & O_CREAT) && (flags & O_EXCL));
	if (!(flags & O_CREAT))
		return namei_at(dirfd, path,
				NAMEI_KEEPDIR | (follow ? NAMEI_FOLLOW : 0),
				nd);
	/* a trailing slash is EISDIR before the last name (namei) */
	int r = namei_at(dirfd, path,
			 NAMEI_PARENT | (follow ? NAMEI_FOLLOW : 0), nd);
	if (r)
		return r;
	/* Linux: O_CREAT with ".", ".." or "/" opens the directory */
	if (!nd->len || (nd->len == 1 && nd->name[0] == '.') ||
	    (nd->len == 2 && nd->name[0] == '.' && nd->name[1] == '.'))
		return (flags & O_EXCL) ? -EEXIST : -EISDIR;
	if (nd->slash)
		return -EISDIR;
	if (nd->vn && nd->vn->type == VFS_IFLNK)
		return (flags & O_EXCL) ? -EEXIST : -ELOOP;
	*created = !nd->vn;
	return create_last(nd, flags, mode);
}

static int check_open(struct vnode *vn, int flags, bool created)
{
	int acc = flags & O_ACCMODE;
	bool writes = acc != O_RDONLY || (flags & O_TRUNC);
	if (flags & O_PATH)
		return vn->type != VFS_IFDIR && (flags & O_DIRECTORY) ? -ENOTDIR
								      : 0;
	if ((flags & O_DIRECTORY) && vn->type != VFS_IFDIR)
		return -ENOTDIR;
	if (vn->type == VFS_IFLNK)
		return -ELOOP; /* O_NOFOLLOW on a symlink */
	if (vn->type == VFS_IFDIR && writes)
		return -EISDIR;
	if (vn->type == VFS_IFSOCK)
		return -ENXIO; /* a bound socket's name: connect, not open */
	if (writes && vfs_readonly(vn) &&
	    (vn->type == VFS_IFREG || vn->type == VFS_IFDIR))
		return -EROFS;
	if ((flags & O_TRUNC) && vn->type == VFS_IFREG && !created) {
		if (!vn->ops->truncate)
			return -EINVAL;
		vfs_lock(vn);
		int r = vn->ops->truncate(vn, 0);
		if (r == 0)
			vfs_changed(vn, 0, UINT64_MAX);
		vfs_unlock(vn);
		if (r)
			return r;
	}
	return vn->ops->open ? vn->ops->open(vn, flags) : 0;
}

/*
 * O_TMPFILE: nd names a directory; its vnode becomes the new nameless
 * file (Linux's order: EINVAL for the flags, then the lookup, then
 * EROFS, then what the filesystem says).
 */
static int open_tmpfile(int dirfd, const char *path, int flags, unsigned mode,
			struct nameidata *nd)
{
	nd->vn = nd->dir = NULL;
	if ((flags & O_CREAT) || (flags & O_ACCMODE) == O_RDONLY)
		return -EINVAL;
	int r = namei_at(dirfd, path, NAMEI_KEEPDIR | NAMEI_FOLLOW, nd);
	if (r)
		return r;
	struct vnode *dir = nd->vn;
	if (dir->type != VFS_IFDIR)
		return -ENOTDIR;
	if (vfs_readonly(dir))
		return -EROFS;
	if (!dir->ops->tmpfile)
		return -EOPNOTSUPP;
	vfs_lock(dir);
	r = dir->ops->tmpfile(dir, mode & ~vfs_umask & 07777, &nd->vn);
	vfs_unlock(dir);
	if (r)
		return r;
	vnode_release(dir);
	nd->len = 0; /* no name */
	return 0;
}

int fs_open_found(struct nameidata *nd, int flags, bool created,
		  int (*open_fifo)(struct vnode *, int, struct file **))
{
	struct vnode *vn = nd->vn;
	int r = check_open(vn, flags, created);
	if (r) {
		namei_done(nd);
		return r;
	}
	struct file *f = NULL;
	if (vn->type == VFS_IFIFO && !(flags & O_PATH))
		r = open_fifo ? open_fifo(vn, flags & KEPT_FLAGS, &f) : -ENXIO;
	else if (!(f = file_new(&vfs_file_ops, vn, flags & KEPT_FLAGS, NULL)))
		r = -ENOMEM;
	if (r) {
		if (vn->ops->close && !(flags & O_PATH))
			vn->ops->close(vn, flags);
		namei_done(nd);
		return r;
	}
	if (vn->type != VFS_IFDIR && nd->dir && nd->len) {
		file_set_name(f, nd->name);
		if (f->name) {
			f->dir = nd->dir;
			nd->dir = NULL;
		}
	}
	nd->vn = NULL; /* the file has them */
	namei_done(nd);
	if (!(flags & O_PATH)) {
		vfs_notify_file(f->vn, f->dir, f->name, VFS_IN_OPEN);
		if ((flags & O_TRUNC) && !created && f->vn->type == VFS_IFREG)
			vfs_notify_file(f->vn, f->dir, f->name, VFS_IN_MODIFY);
	}
	/* a writer, unless a read-only remount came first (see vfs_remount) */
	if (vfs_file_writes(f)) {
		__atomic_add_fetch(&f->vn->mount->writers, 1, __ATOMIC_SEQ_CST);
		if (vfs_readonly(f->vn)) {
			file_release(f);
			return -EROFS;
		}
	}
	r = fd_install(f, 0, flags & O_CLOEXEC);
	file_release(f);
	return r;
}

int fs_openat(int dirfd, const char *path, int flags, unsigned mode)
{
	struct nameidata nd;
	bool created = true, tmp = (flags & O_TMPFILE) == O_TMPFILE;
	int r = tmp ? open_tmpfile(dirfd, path, flags, mode, &nd)
		    : resolve(dirfd, path, flags, mode, &nd, &created);
	if (tmp)
		flags &= ~O_DIRECTORY; /* part of O_TMPFILE */
	if (r) {
		namei_done(&nd);
		return r;
	}
	if (created && !tmp)
		vfs_notify_entry(nd.dir, nd.name, nd.len, false, VFS_IN_CREATE,
				 0);
	return fs_open_found(&nd, flags, created, fifo_open);
}

#define MFD_CLOEXEC 0x1U
#define MFD_ALLOW_SEALING 0x2U
#define MFD_NAME_MAX 249 /* Linux's: NAME_MAX less "memfd:" */

int fs_memfd_create(const char *name, unsigned flags)
{
	if (flags & ~(MFD_CLOEXEC | MFD_ALLOW_SEALING) ||
	    strlen(name) > MFD_NAME_MAX)
		return -EINVAL;
	int fd = fs_openat(
	    AT_FDCWD, MEMFD_DIR,
	    O_TMPFILE | O_RDWR | (flags & MFD_CLOEXEC ? O_CLOEXEC : 0), 0777);
	if (fd < 0)
		return fd;
	struct file *f = fd_get(fd);
	char label[sizeof("memfd:") + MFD_NAME_MAX];
	strcpy(label, "memfd:");
	strcat(label, name);
	file_set_name(f, label);
	bool named = f->name != NULL;
	file_release(f);
	if (!named) {
		fd_close(fd);
		return -ENOMEM;
	}
	return fd;
}

int fs_close(int fd)
{
	return fd_close(fd);
}
