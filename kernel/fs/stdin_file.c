/*
 * --stdin=PATH: descriptor 0 becomes the file PATH of the boot
 * filesystem, open read-only, as a shell's "< PATH" makes it (see
 * fd.h).  With the root on a disk (rofs, a module's type) the initrd is
 * mounted nowhere: there is no vnode of PATH to open, only its bytes in
 * place, found as the ELF loader finds a library there (vfs_boot_file).
 * A kind of their own reads them: read and fstat, nothing more (a ramfs
 * node could borrow them only in a ramfs directory, which a disk root
 * need not have).
 */
#include <errno.h>
#include <fcntl.h>
#include <string.h>

#include "fd.h"
#include "fs_calls.h"
#include "uaccess.h"
#include "vfs_impl.h"

struct boot_bytes {
	const char *data;
	size_t size;
};

static long boot_bytes_read(struct file *f, void *buf, size_t len,
			    uint64_t *off)
{
	const struct boot_bytes *b = f->data;
	if (*off >= b->size)
		return 0;
	if (len > b->size - *off)
		len = b->size - *off;
	/* buf is the program's: a bad one is EFAULT (uaccess.h) */
	long r = copy_out_some(buf, b->data + *off, len);
	if (r > 0)
		*off += (uint64_t)r;
	return r;
}

static int boot_bytes_stat(struct file *f, struct vfs_attr *attr)
{
	const struct boot_bytes *b = f->data;
	memset(attr, 0, sizeof(*attr));
	attr->mode = VFS_IFREG | 0444;
	attr->nlink = 1;
	attr->size = b->size;
	attr->blocks = (b->size + 511) / 512;
	return 0;
}

static const struct file_ops boot_bytes_ops = {
    .read = boot_bytes_read,
    .stat = boot_bytes_stat,
    .seekable = true,
};

/* The one such file there is: stdin, opened once a boot. */
static struct boot_bytes stdin_bytes;

/* path in the initrd beside a disk root, as the lowest free descriptor */
static int open_boot_file(const char *path)
{
	const void *data;
	if (vfs_boot_file(path, &data, &stdin_bytes.size))
		return -ENOENT;
	stdin_bytes.data = data;
	struct file *f =
	    file_new(&boot_bytes_ops, NULL, O_RDONLY, &stdin_bytes);
	if (!f)
		return -ENOMEM;
	file_set_name(f, path); /* what /proc/self/fd/0 shows */
	int fd = fd_install(f, 0, false);
	file_release(f);
	return fd;
}

/*
 * PATH of the root, as open(PATH, O_RDONLY) but for a FIFO, -ENXIO: no
 * writer can come while the boot waits for one, and the kernel need not
 * carry the pipe code for it.  A directory opens, but reads fail: it is
 * refused here, before the program.
 */
static int open_root_file(const char *path)
{
	struct nameidata nd;
	int r = namei_at(AT_FDCWD, path, NAMEI_KEEPDIR | NAMEI_FOLLOW, &nd);
	if (r)
		return r;
	if (nd.vn->type == VFS_IFDIR) {
		namei_done(&nd);
		return -EISDIR;
	}
	return fs_open_found(&nd, O_RDONLY, false, NULL);
}

/* As a shell's "< PATH": 0 closed, then PATH opened takes the lowest. */
int fd_open_stdin(const char *path)
{
	fs_close(0);
	int fd = open_root_file(path);
	if (fd == -ENOENT)
		fd = open_boot_file(path);
	return fd < 0 ? fd : 0;
}
