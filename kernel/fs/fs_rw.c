/*
 * Reading, writing and seeking.  A file's offset is updated under its
 * lock, so threads sharing an open file never read the same bytes or
 * write over each other; pread and pwrite leave it alone.
 */
#include <fcntl.h>

#include "fs_calls.h"
#include "mm.h"
#include "uaccess.h"
#include "vfs_impl.h"

#define SEEK_SET 0
#define SEEK_CUR 1
#define SEEK_END 2
#define SEEK_DATA 3
#define SEEK_HOLE 4
#define IO_MAX 0x7ffff000L /* Linux's cap on one transfer */

static struct file *readable(int fd, long *err)
{
	struct file *f = fd_get(fd);
	*err = -EBADF;
	if (f && ((f->flags & O_ACCMODE) == O_WRONLY || (f->flags & O_PATH))) {
		file_release(f);
		return NULL;
	}
	return f;
}

static struct file *writable(int fd, long *err)
{
	struct file *f = fd_get(fd);
	*err = -EBADF;
	if (f && ((f->flags & O_ACCMODE) == O_RDONLY || (f->flags & O_PATH))) {
		file_release(f);
		return NULL;
	}
	return f;
}

/* One transfer at the file's offset (off < 0) or at off. */
static long transfer(struct file *f, bool write, void *buf, size_t len,
		     int64_t off)
{
	if (len > IO_MAX)
		len = IO_MAX;
	if (off >= 0 || !f->ops->seekable) {
		if (off >= 0 && !f->ops->seekable)
			return -ESPIPE;
		uint64_t o = off >= 0 ? (uint64_t)off : 0;
		return write ? f->ops->write(f, buf, len, &o)
			     : f->ops->read(f, buf, len, &o);
	}
	sleep_lock(&f->lock);
	long r = write ? f->ops->write(f, buf, len, &f->offset)
		       : f->ops->read(f, buf, len, &f->offset);
	sleep_unlock(&f->lock);
	return r;
}

long fs_pread(int fd, void *buf, size_t len, int64_t off)
{
	long r;
	struct file *f = readable(fd, &r);
	if (!f)
		return r;
	r = off < -1 ? -EINVAL : transfer(f, false, buf, len, off);
	file_release(f);
	return r;
}

long fs_pwrite(int fd, const void *buf, size_t len, int64_t off)
{
	long r;
	struct file *f = writable(fd, &r);
	if (!f)
		return r;
	r = off < -1 ? -EINVAL : transfer(f, true, (void *)buf, len, off);
	file_release(f);
	return r;
}

long fs_read(int fd, void *buf, size_t len)
{
	return fs_pread(fd, buf, len, -1);
}

long fs_write(int fd, const void *buf, size_t len)
{
	return fs_pwrite(fd, buf, len, -1);
}

static long vector(int fd, bool write, const struct fs_iovec *iov, int count,
		   int64_t off)
{
	if (count < 0 || count > 1024)
		return -EINVAL;
	/* the array is the program's: a copy (on the stack when short) */
	struct fs_iovec near[8], *copy = near;
	if ((size_t)count > sizeof(near) / sizeof(near[0]) &&
	    !(copy = heap_alloc((size_t)count * sizeof(*iov))))
		return -ENOMEM;
	long r;
	struct file *f = write ? writable(fd, &r) : readable(fd, &r);
	if (f)
		r = get_program(copy, iov, (size_t)count * sizeof(*iov));
	iov = copy;
	long done = 0;
	for (int i = 0; f && i < count && r >= 0; i++) {
		if ((long)iov[i].len < 0)
			r = -EINVAL;
	}
	for (int i = 0; f && i < count && r >= 0; i++) {
		if (!iov[i].len)
			continue;
		r = transfer(f, write, iov[i].base, iov[i].len,
			     off < 0 ? -1 : off + done);
		if (r > 0)
			done += r;
		if (r < (long)iov[i].len)
			break;
	}
	file_release(f);
	if (copy != near)
		heap_free(copy);
	return done > 0 ? done : r;
}

long fs_readv(int fd, const struct fs_iovec *iov, int count, int64_t off)
{
	return vector(fd, false, iov, count, off);
}

long fs_writev(int fd, const struct fs_iovec *iov, int count, int64_t off)
{
	return vector(fd, true, iov, count, off);
}

static int64_t seek_to(struct file *f, int64_t off, int whence)
{
	int64_t base;
	struct vfs_attr attr;
	switch (whence) {
	case SEEK_SET:
		base = 0;
		break;
	case SEEK_CUR:
		base = (int64_t)f->offset;
		break;
	case SEEK_END:
	case SEEK_DATA:
	case SEEK_HOLE: {
		if (f->vn && f->vn->type == VFS_IFDIR)
			return -EINVAL; /* a listing has cookies, no end */
		int r = f->ops->stat(f, &attr);
		if (r)
			return r;
		base = (int64_t)attr.size;
		break;
	}
	default:
		return -EINVAL;
	}
	if (whence == SEEK_DATA || whence == SEEK_HOLE) {
		/* no holes: data everywhere, the one hole at the end */
		if (off < 0 || off >= base)
			return -ENXIO;
		return whence == SEEK_DATA ? off : base;
	}
	if ((off > 0 && base > INT64_MAX - off) || base + off < 0)
		return -EINVAL;
	return base + off;
}

int64_t fs_lseek(int fd, int64_t off, int whence)
{
	struct file *f = fd_get(fd);
	if (!f)
		return -EBADF;
	int64_t r = -ESPIPE;
	if (f->ops->seekable) {
		sleep_lock(&f->lock);
		r = seek_to(f, off, whence);
		if (r >= 0)
			f->offset = (uint64_t)r;
		sleep_unlock(&f->lock);
	}
	file_release(f);
	return r;
}

static int truncate_vnode(struct vnode *vn, int64_t len)
{
	if (len < 0)
		return -EINVAL;
	if (vn->type == VFS_IFDIR)
		return -EISDIR;
	if (vn->type != VFS_IFREG)
		return -EINVAL;
	if (vfs_readonly(vn))
		return -EROFS;
	if (!vn->ops->truncate)
		return -EINVAL;
	vfs_lock(vn);
	int r = vn->ops->truncate(vn, (uint64_t)len);
	if (r == 0)
		vfs_changed(vn, (uint64_t)len, UINT64_MAX);
	vfs_unlock(vn);
	return r;
}

int fs_ftruncate(int fd, int64_t len)
{
	struct file *f = fd_get(fd);
	if (!f)
		return -EBADF;
	int r;
	if (!f->vn || (f->flags & O_PATH))
		r = -EINVAL;
	else if ((f->flags & O_ACCMODE) == O_RDONLY)
		r = -EINVAL; /* Linux: EINVAL, not EBADF, for a read-only fd */
	else
		r = truncate_vnode(f->vn, len);
	if (r == 0)
		vfs_notify_file(f->vn, f->dir, f->name, VFS_IN_MODIFY);
	file_release(f);
	return r;
}

int fs_truncate(const char *path, int64_t len)
{
	if (len < 0)
		return -EINVAL;
	struct nameidata nd;
	int r = namei(NULL, path, NAMEI_FOLLOW | NAMEI_KEEPDIR, &nd);
	if (r)
		return r;
	r = truncate_vnode(nd.vn, len);
	if (r == 0)
		vfs_notify_file(nd.vn, nd.dir, nd.name, VFS_IN_MODIFY);
	namei_done(&nd);
	return r;
}

int fs_fsync(int fd)
{
	struct file *f = fd_get(fd);
	if (!f)
		return -EBADF;
	int r = 0;
	struct vnode *vn = f->vn;
	if (!vn)
		r = -EINVAL;
	else {
		vfs_lock(vn);
		r = vfs_pages_flush(vn, 0, UINT64_MAX);
		if (!r && vn->ops->fsync)
			r = vn->ops->fsync(vn);
		vfs_unlock(vn);
	}
	file_release(f);
	return r;
}

static void sync_mount(const struct vfs_mount *mnt, void *arg)
{
	(void)arg;
	if (mnt->type->sync)
		mnt->type->sync((struct vfs_mount *)mnt);
}

void fs_sync(void)
{
	vfs_pages_sync_all();
	/* most poweroffs: no filesystem that syncs, no walk of the table */
	if (__atomic_load_n(&vfs_sync_mounts, __ATOMIC_RELAXED))
		vfs_for_each_mount(sync_mount, NULL);
}

int fs_syncfs(int fd)
{
	struct file *f = fd_get(fd);
	if (!f)
		return -EBADF;
	int r = f->vn ? vfs_pages_sync_all() : 0;
	if (!r && f->vn && f->vn->mount->type->sync)
		r = f->vn->mount->type->sync(f->vn->mount);
	file_release(f);
	return r;
}
