/* The working directory and the file mode creation mask. */
#include <string.h>

#include "fs_calls.h"
#include "vfs_impl.h"

unsigned vfs_umask = 022;

long fs_getcwd(char *buf, size_t len)
{
	if (len == 0)
		return -EINVAL;
	struct vnode *cwd = vfs_get_cwd();
	int r = vfs_path_of(cwd, buf, len);
	vnode_release(cwd);
	if (r == -ENAMETOOLONG)
		return -ERANGE;
	return r ? r : (long)strlen(buf) + 1;
}

/* The directory at path, referenced, for chdir and chroot. */
static int lookup_dir(const char *path, struct vnode **dir)
{
	struct nameidata nd;
	int r = namei(NULL, path, NAMEI_FOLLOW, &nd);
	if (r)
		return r;
	if (nd.vn->type != VFS_IFDIR) {
		namei_done(&nd);
		return -ENOTDIR;
	}
	*dir = nd.vn;
	return 0;
}

int fs_chdir(const char *path)
{
	struct vnode *dir;
	int r = lookup_dir(path, &dir);
	if (!r)
		vfs_set_cwd(dir);
	return r;
}

int fs_chroot(const char *path)
{
	struct vnode *dir;
	int r = lookup_dir(path, &dir);
	if (!r)
		vfs_change_root(dir);
	return r;
}

int fs_fchdir(int fd)
{
	struct file *f = fd_get(fd);
	if (!f)
		return -EBADF;
	int r = 0;
	if (!f->vn || f->vn->type != VFS_IFDIR)
		r = -ENOTDIR;
	else
		vfs_set_cwd(vnode_ref(f->vn));
	file_release(f);
	return r;
}

unsigned fs_umask(unsigned mask)
{
	return __atomic_exchange_n(&vfs_umask, mask & 0777, __ATOMIC_RELAXED);
}

long fs_realpath(const char *path, char *buf, size_t len)
{
	struct nameidata nd;
	int r = namei(NULL, path, NAMEI_FOLLOW, &nd);
	if (r)
		return r;
	r = vfs_path_of(nd.vn, buf, len);
	namei_done(&nd);
	if (r == -ENAMETOOLONG)
		return -ERANGE;
	return r ? r : (long)strlen(buf) + 1;
}
