/*
 * Files behind mmap(): vm_file_of_fd() (vm.h) over the VFS's descriptors
 * and vnodes (fd.h, vfs.h).  A mapping holds a reference on the vnode,
 * so it outlives close() and unlink() of its file.
 *
 * Private pages are copies of the file's data, read with vfs_read() at
 * the first fault (bytes past the end of the file read as zeros; a page
 * wholly past it is SIGBUS, as on Linux).  A filesystem that keeps file
 * data in pages of its own (ramfs) gives them to shared mappings
 * through ops->map_page; the other files get pages kept for their
 * mappings by the VFS (vnode_pages.c), written back through the
 * filesystem's write.
 */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/mman.h>

#include "fd.h"
#include "mm.h"
#include "vfs_impl.h"
#include "vm.h"

int vnode_page_copy(void *file, uint64_t off, void *page)
{
	long n = vfs_read(file, page, PAGE_SIZE, off);
	if (n <= 0)
		return n ? (int)n : -ENXIO; /* past the end */
	memset((char *)page + n, 0, PAGE_SIZE - (size_t)n);
	return 0;
}

static void vnode_hold(void *file)
{
	vnode_ref(file);
}

static void vnode_drop(void *file)
{
	vnode_release(file);
}

static int vnode_shared_page(void *file, uint64_t off, bool write, uint64_t *pa)
{
	struct vnode *vn = file;
	(void)write; /* the filesystem's pages: no dirt to track */
	return vn->ops->map_page(vn, off, pa);
}

/* For a filesystem with ops->map_page: shared mappings share its pages. */
static const struct vm_file_ops paged_vnode_vm_ops = {
    .fill = vnode_page_copy,
    .shared_page = vnode_shared_page,
    .hold = vnode_hold,
    .release = vnode_drop,
};

int vm_file_of_fd(int fd, struct vm_file *out)
{
	struct file *f = fd_get(fd);
	if (!f)
		return -EBADF;
	int err = 0, mode = f->flags & O_ACCMODE;
	if (!f->vn || f->vn->type != VFS_IFREG)
		err = -ENODEV;
	else if (mode == O_WRONLY)
		err = -EACCES;
	if (!err && !f->vn->ops->map_page)
		err = vnode_pages_init(f->vn);
	if (!err) {
		out->ops = f->vn->ops->map_page ? &paged_vnode_vm_ops
						: &vnode_pages_ops;
		out->file = f->vn;
		out->ops->hold(out->file);
		out->max_prot =
		    PROT_READ | PROT_EXEC | (mode == O_RDWR ? PROT_WRITE : 0);
	}
	file_release(f);
	return err;
}
