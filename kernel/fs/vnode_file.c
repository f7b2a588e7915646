/*
 * The open files of vnodes: reads and writes go to the vnode's
 * operations under its mount's lock; O_APPEND writes land at the end,
 * and the offset follows them there.
 */
#include <fcntl.h>
#include <string.h>

#include "config.h"

#include "vfs_impl.h"
#include "vm.h"

/*
 * The program's buffer made present before the mount's lock is taken:
 * a buffer that maps a file of the same mount (without map_page: 9p,
 * rofs, ZFS) would otherwise fault inside the filesystem's copy and read
 * that file through vfs_read(), which waits for the lock its own
 * thread holds.  A bad buffer is left for the copy to answer EFAULT.
 * A filesystem with map_page (ramfs) serves such a fault without its
 * lock, so its reads and writes skip it.
 */
static void prepare(const struct vnode *vn, const void *buf, size_t len,
		    unsigned access)
{
	if (!vn->ops->map_page)
		(void)vm_prepare(buf, len, access);
}

static long file_read(struct file *f, void *buf, size_t len, uint64_t *off)
{
	int ioflags = f->flags & O_NONBLOCK ? VNODE_IO_NONBLOCK : 0;
	prepare(f->vn, buf, len, VM_ACCESS_WRITE);
	long r = vfs_read_io(f->vn, buf, len, *off, ioflags);
	if (r > 0) {
		*off += (uint64_t)r;
		vfs_notify_file(f->vn, f->dir, f->name, VFS_IN_ACCESS);
	}
	return r;
}

static long file_write(struct file *f, const void *buf, size_t len,
		       uint64_t *off)
{
	struct vnode *vn = f->vn;
	if (vn->type == VFS_IFDIR)
		return -EISDIR;
	if (!vn->ops->write)
		return vfs_readonly(vn) ? -EROFS : -EINVAL;
	bool append = f->flags & O_APPEND;
	prepare(vn, buf, len, 0);
	vfs_lock(vn);
	/* where the bytes landed: an append's place is known after it */
	uint64_t at = append ? 0 : *off, changed = UINT64_MAX;
	long r =
	    vn->ops->write(vn, buf, len, *off, append ? VNODE_IO_APPEND : 0);
	struct vfs_attr attr;
	if (r >= 0 && append && vn->ops->getattr &&
	    vn->ops->getattr(vn, &attr) == 0) {
		*off = attr.size;
		at = attr.size - (uint64_t)r;
		changed = (uint64_t)r;
	} else if (r > 0) {
		*off += (uint64_t)r;
		changed = append ? changed : (uint64_t)r;
	}
	if (r > 0)
		vfs_changed(vn, at, changed);
	vfs_unlock(vn);
	if (r > 0)
		vfs_notify_file(vn, f->dir, f->name, VFS_IN_MODIFY);
	return r;
}

static int file_stat(struct file *f, struct vfs_attr *attr)
{
	return vop_getattr(f->vn, attr);
}

static int file_ioctl(struct file *f, unsigned long cmd, void *arg)
{
	struct vnode *vn = f->vn;
	if (!vn->ops->ioctl)
		return -ENOTTY;
	return vn->ops->ioctl(vn, cmd, arg);
}

bool vfs_file_writes(const struct file *f)
{
	return f->vn->type == VFS_IFREG && !(f->flags & O_PATH) &&
	       (f->flags & O_ACCMODE) != O_RDONLY;
}

static void file_close(struct file *f)
{
	if (vfs_file_writes(f))
		__atomic_sub_fetch(&f->vn->mount->writers, 1, __ATOMIC_RELAXED);
	if (f->vn->ops->close && !(f->flags & O_PATH))
		f->vn->ops->close(f->vn, f->flags);
	if (!(f->flags & O_PATH))
		vfs_notify_file(f->vn, f->dir, f->name,
				(f->flags & O_ACCMODE) == O_RDONLY
				    ? VFS_IN_CLOSE_NOWRITE
				    : VFS_IN_CLOSE_WRITE);
}

static unsigned file_poll(struct file *f)
{
	struct vnode *vn = f->vn;
	if (!vn->ops->poll)
		return FILE_POLL_IN | FILE_POLL_OUT;
	return vn->ops->poll(vn);
}

const struct file_ops vfs_file_ops = {
    .read = file_read,
    .write = file_write,
    .stat = file_stat,
    .ioctl = file_ioctl,
    .close = file_close,
    .poll = file_poll,
    .seekable = true,
};
