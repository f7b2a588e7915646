/*
 * Making and removing names: mkdir, rmdir, unlink, rename, link,
 * symlink, and listing directories (getdents64).  Each checks what
 * Linux checks, in its order, so that errors match: the last component
 * ("/", ".", ".." are special), existence, types, mounts (EXDEV,
 * EBUSY), then EROFS; the filesystem's own answer comes last.
 */
#include <fcntl.h>
#include <string.h>

#include "fs_calls.h"
#include "mm.h"
#include "uaccess.h"
#include "vfs_impl.h"

#define RENAME_NOREPLACE 1
#define RENAME_EXCHANGE 2
#define RENAME_WHITEOUT 4

static bool is_dot(const struct nameidata *nd)
{
	return nd->len == 1 && nd->name[0] == '.';
}

static bool is_dotdot(const struct nameidata *nd)
{
	return nd->len == 2 && nd->name[0] == '.' && nd->name[1] == '.';
}

/* a component that is not an ordinary name: "", ".", ".." */
static bool special(const struct nameidata *nd)
{
	return nd->len == 0 || is_dot(nd) || is_dotdot(nd);
}

static bool busy_dir(const struct vnode *vn)
{
	return vfs_same(vn, vn->mount->root) || vfs_mounted_on(vn);
}

int fs_mkdirat(int dirfd, const char *path, unsigned mode)
{
	struct nameidata nd;
	int r = namei_at(dirfd, path, NAMEI_PARENT, &nd);
	if (r)
		return r;
	struct vnode *dir = nd.dir;
	if (nd.vn)
		r = -EEXIST;
	else if (vfs_readonly(dir))
		r = -EROFS;
	else if (!dir->ops->mkdir)
		r = -EPERM;
	else {
		vfs_lock(dir);
		r = dir->ops->mkdir(dir, nd.name, nd.len,
				    mode & ~vfs_umask & 07777);
		vfs_unlock(dir);
		if (r == 0)
			vfs_notify_entry(dir, nd.name, nd.len, true,
					 VFS_IN_CREATE, 0);
	}
	namei_done(&nd);
	return r;
}

static int mknod_type(unsigned mode)
{
	switch (mode & VFS_IFMT) {
	case 0:
	case VFS_IFREG:
		return VFS_IFREG;
	case VFS_IFIFO:
	case VFS_IFSOCK:
	case VFS_IFCHR:
	case VFS_IFBLK:
		return (int)(mode & VFS_IFMT);
	case VFS_IFDIR:
		return -EPERM;
	default:
		return -EINVAL;
	}
}

/* Makes dir's entry name of type (a regular file, FIFO or socket). */
static int make_node(struct vnode *dir, const char *name, size_t len,
		     unsigned type, unsigned perms)
{
	int (*make)(struct vnode *, const char *, size_t, uint32_t,
		    struct vnode **) =
	    type == VFS_IFREG ? dir->ops->create : dir->ops->mknod;
	if (!make)
		return type == VFS_IFREG ? -EACCES : -EPERM;
	struct vnode *vn;
	vfs_lock(dir);
	int r =
	    make(dir, name, len, type == VFS_IFREG ? perms : type | perms, &vn);
	vfs_unlock(dir);
	if (r == 0)
		vnode_release(vn);
	return r;
}

int fs_mknodat(int dirfd, const char *path, unsigned mode)
{
	int type = mknod_type(mode);
	if (type < 0)
		return type;
	struct nameidata nd;
	int r = namei_at(dirfd, path, NAMEI_PARENT, &nd);
	if (r)
		return r;
	struct vnode *dir = nd.dir;
	if (nd.vn)
		r = -EEXIST;
	else if (nd.slash)
		r = -ENOENT;
	else if (vfs_readonly(dir))
		r = -EROFS;
	else if (type == VFS_IFCHR || type == VFS_IFBLK)
		r = -EPERM;
	else
		r = make_node(dir, nd.name, nd.len, (unsigned)type,
			      mode & ~vfs_umask & 07777);
	if (r == 0)
		vfs_notify_entry(dir, nd.name, nd.len, false, VFS_IN_CREATE, 0);
	namei_done(&nd);
	return r;
}

static int rmdir_checks(const struct nameidata *nd)
{
	if (nd->len == 0)
		return -EBUSY;
	if (is_dot(nd))
		return -EINVAL;
	if (is_dotdot(nd))
		return -ENOTEMPTY;
	if (!nd->vn)
		return -ENOENT;
	if (nd->vn->type != VFS_IFDIR)
		return -ENOTDIR;
	if (busy_dir(nd->vn) || vfs_same(nd->vn, vfs_root))
		return -EBUSY;
	if (vfs_readonly(nd->dir))
		return -EROFS;
	return nd->dir->ops->rmdir ? 0 : -EPERM;
}

static int unlink_checks(const struct nameidata *nd)
{
	if (special(nd))
		return -EISDIR;
	if (!nd->vn)
		return -ENOENT;
	if (nd->vn->type == VFS_IFDIR)
		return -EISDIR;
	if (nd->slash)
		return -ENOTDIR;
	if (vfs_readonly(nd->dir))
		return -EROFS;
	return nd->dir->ops->unlink ? 0 : -EPERM;
}

/* Linux's events for nd's name gone: the link count, the entry, the file. */
static void removed(struct nameidata *nd)
{
	bool isdir = nd->vn->type == VFS_IFDIR;
	if (!isdir)
		vfs_notify_file(nd->vn, NULL, NULL, VFS_IN_ATTRIB);
	vfs_notify_entry(nd->dir, nd->name, nd->len, isdir, VFS_IN_DELETE, 0);
	vfs_notify_unlinked(nd->vn, true);
}

int fs_unlinkat(int dirfd, const char *path, int flags)
{
	if (flags & ~AT_REMOVEDIR)
		return -EINVAL;
	bool rmdir = flags & AT_REMOVEDIR;
	struct nameidata nd;
	int r = namei_at(dirfd, path, NAMEI_PARENT, &nd);
	if (r)
		return r;
	r = rmdir ? rmdir_checks(&nd) : unlink_checks(&nd);
	if (r == 0) {
		struct vnode *dir = nd.dir;
		vfs_lock(dir);
		r = rmdir ? dir->ops->rmdir(dir, nd.name, nd.len)
			  : dir->ops->unlink(dir, nd.name, nd.len);
		vfs_unlock(dir);
		if (r == 0)
			removed(&nd);
	}
	namei_done(&nd);
	return r;
}

/* Whether dir is anc or lies under it (within one mount). */
static int inside(struct vnode *dir, struct vnode *anc, bool *yes)
{
	*yes = false;
	struct vnode *cur = vnode_ref(dir);
	int r = 0;
	for (;;) {
		if (vfs_same(cur, anc)) {
			*yes = true;
			break;
		}
		if (vfs_same(cur, cur->mount->root))
			break;
		struct vnode *up;
		r = vop_lookup(cur, "..", 2, &up);
		if (r)
			break;
		vnode_release(cur);
		cur = up;
	}
	vnode_release(cur);
	return r;
}

/* Linux's order: do_renameat2, then vfs_rename. */
static int rename_checks(struct nameidata *o, struct nameidata *n,
			 unsigned flags)
{
	if (o->dir->mount != n->dir->mount)
		return -EXDEV;
	if (special(o))
		return -EBUSY;
	if (special(n))
		return flags & RENAME_NOREPLACE ? -EEXIST : -EBUSY;
	if (vfs_readonly(o->dir))
		return -EROFS;
	if (!o->vn)
		return -ENOENT;
	if (n->vn && (flags & RENAME_NOREPLACE))
		return -EEXIST;
	bool odir = o->vn->type == VFS_IFDIR;
	if (!odir && (o->slash || n->slash))
		return -ENOTDIR;
	bool yes;
	int r;
	if (odir) { /* the source may not hold the target */
		if ((r = inside(n->dir, o->vn, &yes)))
			return r;
		if (yes)
			return -EINVAL;
	}
	if (n->vn && n->vn->type == VFS_IFDIR) { /* nor the target it */
		if ((r = inside(o->dir, n->vn, &yes)))
			return r;
		if (yes)
			return -ENOTEMPTY;
	}
	if (n->vn && vfs_same(o->vn, n->vn))
		return 1; /* the same file: nothing to do */
	if (n->vn && odir && n->vn->type != VFS_IFDIR)
		return -ENOTDIR;
	if (n->vn && !odir && n->vn->type == VFS_IFDIR)
		return -EISDIR;
	if ((odir && busy_dir(o->vn)) ||
	    (n->vn && n->vn->type == VFS_IFDIR && busy_dir(n->vn)))
		return -EBUSY;
	return o->dir->ops->rename ? 0 : -EPERM;
}

/* RENAME_EXCHANGE: both names must exist; types may differ. */
static int exchange_checks(struct nameidata *o, struct nameidata *n)
{
	if (o->dir->mount != n->dir->mount)
		return -EXDEV;
	if (special(o) || special(n))
		return -EBUSY;
	if (vfs_readonly(o->dir))
		return -EROFS;
	if (!o->vn || !n->vn)
		return -ENOENT;
	if ((o->slash && o->vn->type != VFS_IFDIR) ||
	    (n->slash && n->vn->type != VFS_IFDIR))
		return -ENOTDIR;
	bool yes;
	int r;
	if (o->vn->type == VFS_IFDIR) { /* neither may hold the other */
		if ((r = inside(n->dir, o->vn, &yes)))
			return r;
		if (yes)
			return -EINVAL;
	}
	if (n->vn->type == VFS_IFDIR) {
		if ((r = inside(o->dir, n->vn, &yes)))
			return r;
		if (yes)
			return -EINVAL;
	}
	if (vfs_same(o->vn, n->vn))
		return 1; /* the same file: nothing to do */
	if ((o->vn->type == VFS_IFDIR && busy_dir(o->vn)) ||
	    (n->vn->type == VFS_IFDIR && busy_dir(n->vn)))
		return -EBUSY;
	return o->dir->ops->exchange ? 0 : -EINVAL;
}

/* Linux's events for o's file moved to n's name (the file there replaced). */
static void moved(struct nameidata *o, struct nameidata *n, bool replaced)
{
	if (!vfs_watched())
		return;
	uint32_t cookie = vfs_notify_cookie();
	bool isdir = o->vn->type == VFS_IFDIR;
	vfs_notify_entry(o->dir, o->name, o->len, isdir, VFS_IN_MOVED_FROM,
			 cookie);
	vfs_notify_entry(n->dir, n->name, n->len, isdir, VFS_IN_MOVED_TO,
			 cookie);
	if (replaced && n->vn->type != VFS_IFDIR)
		vfs_notify_file(n->vn, NULL, NULL, VFS_IN_ATTRIB);
	vfs_notify_file(o->vn, NULL, NULL, VFS_IN_MOVE_SELF);
	if (replaced)
		vfs_notify_unlinked(n->vn, false);
}

int fs_renameat2(int olddirfd, const char *oldpath, int newdirfd,
		 const char *newpath, unsigned flags)
{
	bool exchange = flags & RENAME_EXCHANGE;
	if (flags & ~(RENAME_NOREPLACE | RENAME_EXCHANGE | RENAME_WHITEOUT) ||
	    (exchange && (flags & (RENAME_NOREPLACE | RENAME_WHITEOUT))))
		return -EINVAL;
	if (flags & RENAME_WHITEOUT)
		return -EINVAL; /* no whiteouts: Linux's ramfs says so too */
	struct nameidata o, n;
	int r = namei_at(olddirfd, oldpath, NAMEI_PARENT, &o);
	if (r)
		return r;
	r = namei_at(newdirfd, newpath, NAMEI_PARENT, &n);
	if (r) {
		namei_done(&o);
		return r;
	}
	/*
	 * Moving a directory is checked and done under the mount's rename
	 * lock, so that two moves cannot each pass the check that the other
	 * would have failed and make a loop.
	 */
	bool dirs = (o.vn && o.vn->type == VFS_IFDIR) ||
		    (exchange && n.vn && n.vn->type == VFS_IFDIR);
	struct sleeplock *moving = dirs && o.dir->mount == n.dir->mount
				       ? &o.dir->mount->rename_lock
				       : NULL;
	if (moving)
		sleep_lock(moving);
	r = exchange ? exchange_checks(&o, &n) : rename_checks(&o, &n, flags);
	if (r == 0) {
		vfs_lock(o.dir);
		r = (exchange ? o.dir->ops->exchange : o.dir->ops->rename)(
		    o.dir, o.name, o.len, n.dir, n.name, n.len);
		vfs_unlock(o.dir);
	}
	if (r == 0) {
		moved(&o, &n, n.vn && !exchange);
		if (exchange)
			moved(&n, &o, false);
	}
	if (moving)
		sleep_unlock(moving);
	namei_done(&o);
	namei_done(&n);
	return r < 0 ? r : 0;
}

int fs_linkat(int olddirfd, const char *oldpath, int newdirfd,
	      const char *newpath, int flags)
{
	if (flags & ~(AT_SYMLINK_FOLLOW | AT_EMPTY_PATH))
		return -EINVAL;
	struct nameidata o, n;
	int r = namei_at(olddirfd, oldpath,
			 (flags & AT_SYMLINK_FOLLOW ? NAMEI_FOLLOW : 0) |
			     (flags & AT_EMPTY_PATH ? NAMEI_EMPTY : 0),
			 &o);
	if (r)
		return r;
	r = namei_at(newdirfd, newpath, NAMEI_PARENT, &n);
	if (r) {
		namei_done(&o);
		return r;
	}
	if (n.vn || special(&n))
		r = -EEXIST;
	else if (n.slash)
		r = -ENOENT;
	else if (vfs_readonly(n.dir))
		r = -EROFS;
	else if (o.vn->mount != n.dir->mount)
		r = -EXDEV;
	else if (o.vn->type == VFS_IFDIR)
		r = -EPERM;
	else if (!n.dir->ops->link)
		r = -EPERM;
	else {
		vfs_lock(n.dir);
		r = n.dir->ops->link(n.dir, n.name, n.len, o.vn);
		vfs_unlock(n.dir);
		if (r == 0) {
			vfs_notify_file(o.vn, NULL, NULL, VFS_IN_ATTRIB);
			vfs_notify_entry(n.dir, n.name, n.len, false,
					 VFS_IN_CREATE, 0);
		}
	}
	namei_done(&o);
	namei_done(&n);
	return r;
}

int fs_symlinkat(const char *target, int dirfd, const char *path)
{
	/* target is the program's: the filesystem gets a copy */
	char *copy = heap_alloc(VFS_PATH_MAX);
	if (!copy)
		return -ENOMEM;
	long len = get_program_string(copy, target, VFS_PATH_MAX);
	int r = len < 0 ? (int)len : len == 0 ? -ENOENT : 0;
	struct nameidata nd;
	if (r == 0)
		r = namei_at(dirfd, path, NAMEI_PARENT, &nd);
	if (r) {
		heap_free(copy);
		return r;
	}
	target = copy;
	if (nd.vn || special(&nd))
		r = -EEXIST;
	else if (nd.slash)
		r = -ENOENT;
	else if (vfs_readonly(nd.dir))
		r = -EROFS;
	else if (!nd.dir->ops->symlink)
		r = -EPERM;
	else {
		vfs_lock(nd.dir);
		r = nd.dir->ops->symlink(nd.dir, nd.name, nd.len, target);
		vfs_unlock(nd.dir);
		if (r == 0)
			vfs_notify_entry(nd.dir, nd.name, nd.len, false,
					 VFS_IN_CREATE, 0);
	}
	namei_done(&nd);
	heap_free(copy);
	return r;
}

/* Linux's struct linux_dirent64 */
struct dirent64_rec {
	uint64_t d_ino;
	int64_t d_off;
	uint16_t d_reclen;
	uint8_t d_type;
	char d_name[];
};

static long fill(struct vnode *dir, uint64_t *cookie, char *buf, size_t len,
		 struct vfs_dirent *de)
{
	size_t used = 0;
	for (;;) {
		uint64_t next = *cookie;
		vfs_lock(dir);
		int r = dir->ops->readdir(dir, &next, de);
		vfs_unlock(dir);
		if (r < 0)
			return used ? (long)used : r;
		if (r == 0)
			return (long)used;
		size_t reclen = (offsetof(struct dirent64_rec, d_name) +
				 de->namelen + 1 + 7) &
				~(size_t)7;
		if (used + reclen > len)
			return used ? (long)used : -EINVAL;
		/* built here, then put: buf is the program's */
		union {
			struct dirent64_rec rec;
			char bytes[sizeof(struct dirent64_rec) + VFS_NAME_MAX +
				   8];
		} u;
		memset(&u, 0, reclen);
		u.rec.d_ino = de->ino;
		u.rec.d_off = (int64_t)next;
		u.rec.d_reclen = (uint16_t)reclen;
		u.rec.d_type = (uint8_t)(de->type >> 12);
		memcpy(u.rec.d_name, de->name, de->namelen + 1);
		if (put_program(buf + used, &u, reclen))
			return used ? (long)used : -EFAULT;
		used += reclen;
		*cookie = next;
	}
}

long fs_getdents64(int fd, void *buf, size_t len)
{
	struct file *f = fd_get(fd);
	if (!f)
		return -EBADF;
	long r;
	if (!f->vn || (f->flags & O_PATH))
		r = -EBADF;
	else if (f->vn->type != VFS_IFDIR || !f->vn->ops->readdir)
		r = -ENOTDIR;
	else {
		struct vfs_dirent de;
		sleep_lock(&f->lock);
		r = fill(f->vn, &f->offset, buf, len, &de);
		sleep_unlock(&f->lock);
		if (r >= 0)
			vfs_notify_file(f->vn, NULL, NULL, VFS_IN_ACCESS);
	}
	file_release(f);
	return r;
}
