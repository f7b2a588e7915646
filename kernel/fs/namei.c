/*
 * Path lookup.  The path is walked a component at a time from the root
 * or the start directory, in place until a symbolic link needs a buffer
 * (most lookups meet none, and a buffer of two paths is a large heap
 * object).  "." stays, ".." goes up (staying at the root, and leaving
 * a mount through the directory it covers), and after each step a
 * covered directory is replaced by the root of what is mounted on it.
 * A symbolic link met on the way (or at the end when following) is
 * replaced in the buffer by its target followed by the rest of the
 * path; the walk goes on from the root for an absolute target, else
 * from the link's directory.  Each lookup follows at most
 * VFS_SYMLINK_MAX links, the rest is -ELOOP, so a loop always ends.
 */
#include <fcntl.h>
#include <string.h>

#include "mm.h"
#include "uaccess.h"
#include "vfs_impl.h"

struct walk_buf {
	char path[VFS_PATH_MAX];
	char link[VFS_PATH_MAX];
};

struct walk {
	const char *path;     /* the walk's own copy: near, or buf->path */
	struct walk_buf *buf; /* for a path over NAMEI_NEAR or a link */
	size_t pos;	      /* next unread byte of path */
	int links;
};

/* Leaves a mount root upwards while cur is one; consumes cur. */
static struct vnode *leave_mount_roots(struct vnode *cur)
{
	while (vfs_same(cur, cur->mount->root) && cur->mount->covered &&
	       !vfs_same(cur, vfs_root)) {
		struct vnode *up = vnode_ref(cur->mount->covered);
		vnode_release(cur);
		cur = up;
	}
	return cur;
}

/* Replaces a covered directory by what is mounted on it; consumes vn. */
static struct vnode *enter_mounts(struct vnode *vn)
{
	struct vfs_mount *m;
	while ((m = vfs_mounted_on(vn))) {
		struct vnode *root = vnode_ref(m->root);
		vnode_release(vn);
		vn = root;
	}
	return vn;
}

/* One step from the directory cur: *out referenced. */
static int step(struct vnode *cur, const char *name, size_t len,
		struct vnode **out)
{
	if (len == 1 && name[0] == '.') {
		*out = vnode_ref(cur);
		return 0;
	}
	if (len == 2 && name[0] == '.' && name[1] == '.') {
		if (vfs_same(cur, vfs_root)) {
			*out = vnode_ref(cur);
			return 0;
		}
		struct vnode *dir = leave_mount_roots(vnode_ref(cur));
		int r = vop_lookup(dir, name, len, out);
		vnode_release(dir);
		if (r == 0)
			*out = enter_mounts(*out);
		return r;
	}
	int r = vop_lookup(cur, name, len, out);
	if (r == 0)
		*out = enter_mounts(*out);
	return r;
}

/*
 * Replaces what was read of the path by link's target: the buffer
 * becomes target + rest.  Sets *absolute.
 */
static int splice_link(struct walk *w, struct vnode *link, bool *absolute)
{
	if (++w->links > VFS_SYMLINK_MAX)
		return -ELOOP;
	if (!w->buf && !(w->buf = heap_alloc(sizeof(*w->buf))))
		return -ENOMEM;
	char *target = w->buf->link;
	long n = vop_readlink(link, target, sizeof(w->buf->link));
	if (n < 0)
		return (int)n;
	if (n == 0)
		return -ENOENT;
	const char *rest = w->path + w->pos;
	size_t rlen = strlen(rest);
	/* rest is empty or starts with the slashes after the link */
	if ((size_t)n + rlen >= sizeof(w->buf->link))
		return -ENAMETOOLONG;
	memcpy(target + n, rest, rlen + 1);
	memcpy(w->buf->path, target, (size_t)n + rlen + 1);
	w->path = w->buf->path;
	w->pos = 0;
	*absolute = w->path[0] == '/';
	return 0;
}

/* The next component of the path at w->pos: its start and length. */
static const char *next_name(struct walk *w, size_t *len, bool *last,
			     bool *slash)
{
	while (w->path[w->pos] == '/')
		w->pos++;
	const char *name = w->path + w->pos;
	size_t n = 0;
	while (name[n] && name[n] != '/')
		n++;
	w->pos += n;
	*slash = name[n] == '/';
	size_t p = w->pos;
	while (w->path[p] == '/')
		p++;
	*last = w->path[p] == 0;
	*len = n;
	return name;
}

static int walk(struct walk *w, struct vnode *cur, int flags,
		struct nameidata *nd)
{
	for (;;) {
		size_t len;
		bool last, slash;
		const char *name = next_name(w, &len, &last, &slash);
		if (len == 0) { /* the path was "/" (or links led there) */
			nd->vn = cur;
			if (flags & NAMEI_PARENT) {
				nd->dir = vnode_ref(cur);
				nd->name[0] = 0;
				nd->len = 0;
			}
			return 0;
		}
		if (len > VFS_NAME_MAX) {
			vnode_release(cur);
			return -ENAMETOOLONG;
		}
		if (cur->type != VFS_IFDIR) {
			vnode_release(cur);
			return -ENOTDIR;
		}
		if (last)
			nd->slash = slash;
		struct vnode *next = NULL;
		int r = step(cur, name, len, &next);
		if (r == -ENOENT && last && (flags & NAMEI_PARENT))
			r = 0;
		if (r) {
			vnode_release(cur);
			return r;
		}
		/*
		 * a trailing slash follows, but not to a parent's caller
		 * (open's O_CREAT: EISDIR before the last name is looked at)
		 */
		bool follow = !last || (slash ? !(flags & NAMEI_PARENT)
					      : (flags & NAMEI_FOLLOW));
		if (next && next->type == VFS_IFLNK && follow) {
			bool absolute = false;
			r = splice_link(w, next, &absolute);
			vnode_release(next);
			if (r) {
				vnode_release(cur);
				return r;
			}
			if (absolute) {
				vnode_release(cur);
				cur = vfs_get_root();
			}
			continue;
		}
		if (last && (flags & NAMEI_PARENT)) {
			nd->dir = cur;
			nd->vn = next;
			memcpy(nd->name, name, len);
			nd->name[len] = 0;
			nd->len = len;
			return 0;
		}
		if (last && (flags & NAMEI_KEEPDIR)) {
			nd->dir = cur; /* and the name, for /proc/self/fd */
			memcpy(nd->name, name, len);
			nd->name[len] = 0;
			nd->len = len;
		} else
			vnode_release(cur);
		cur = next;
		if (last && slash && cur->type != VFS_IFDIR) {
			vnode_release(cur);
			vnode_release(nd->dir);
			nd->dir = NULL;
			return -ENOTDIR;
		}
		if (last) {
			nd->vn = cur;
			return 0;
		}
	}
}

/* Paths this long or shorter are copied to the stack; longer, to the heap */
#define NAMEI_NEAR 256

/*
 * The walk's own copy of path, which may be a program's (a bad one is
 * -EFAULT, as Linux): in near, or in the link buffer's path when
 * longer.
 */
static int take_path(struct walk *w, const char *path, char *near)
{
	long n = get_program_string(near, path, NAMEI_NEAR);
	w->path = near;
	if (n == -ENAMETOOLONG) {
		if (!(w->buf = heap_alloc(sizeof(*w->buf))))
			return -ENOMEM;
		n = get_program_string(w->buf->path, path, VFS_PATH_MAX);
		w->path = w->buf->path;
	}
	return n < 0 ? (int)n : 0;
}

static int walk_from(struct vnode *start, struct walk *w, int flags,
		     struct nameidata *nd)
{
	if (!w->path[0] && !(flags & NAMEI_EMPTY))
		return -ENOENT;
	if (!vfs_root)
		return -ENOENT;
	struct vnode *cur = w->path[0] == '/' ? vfs_get_root()
			    : start	      ? vnode_ref(start)
					      : vfs_get_cwd();
	return walk(w, cur, flags, nd);
}

static int walk_at(int dirfd, struct walk *w, int flags, struct nameidata *nd)
{
	const char *path = w->path;
	if (!path[0] && !(flags & NAMEI_EMPTY))
		return -ENOENT;
	if (path[0] == '/' || dirfd == AT_FDCWD)
		return walk_from(NULL, w, flags, nd);
	struct file *f = fd_get(dirfd);
	if (!f)
		return -EBADF;
	struct vnode *dir = f->vn ? vnode_ref(f->vn) : NULL;
	file_release(f);
	int r;
	if (!path[0] && (flags & NAMEI_EMPTY)) {
		if (!dir)
			return -EBADF; /* a file without a vnode: no path */
		nd->vn = dir;
		if (flags & NAMEI_PARENT)
			nd->dir = vnode_ref(dir);
		return 0;
	}
	if (!dir || dir->type != VFS_IFDIR)
		r = -ENOTDIR;
	else
		r = walk_from(dir, w, flags, nd);
	vnode_release(dir);
	return r;
}

/* namei() or namei_at(): dirfd only when start is NULL */
static int lookup(struct vnode *start, int dirfd, const char *path, int flags,
		  struct nameidata *nd)
{
	char near[NAMEI_NEAR];
	struct walk w = {NULL, NULL, 0, 0};
	memset(nd, 0, sizeof(*nd));
	int r = take_path(&w, path, near);
	if (r == 0)
		r = start ? walk_from(start, &w, flags, nd)
			  : walk_at(dirfd, &w, flags, nd);
	heap_free(w.buf);
	if (r)
		memset(nd, 0, sizeof(*nd));
	return r;
}

int namei(struct vnode *start, const char *path, int flags,
	  struct nameidata *nd)
{
	return lookup(start, AT_FDCWD, path, flags, nd);
}

void namei_done(struct nameidata *nd)
{
	vnode_release(nd->vn);
	vnode_release(nd->dir);
	nd->vn = nd->dir = NULL;
}

int namei_at(int dirfd, const char *path, int flags, struct nameidata *nd)
{
	return lookup(NULL, dirfd, path, flags, nd);
}
