/*
 * fallocate: Linux's modes a filesystem without preallocation can honour.
 * Mode 0 extends the file as posix_fallocate does; FALLOC_FL_KEEP_SIZE
 * alone has nothing to reserve (blocks are allocated when written);
 * FALLOC_FL_PUNCH_HOLE (with KEEP_SIZE, as Linux requires) makes the
 * range read as zeros by writing zeros over it, since no filesystem here
 * can free a range in the middle of a file.  Errors in Linux's order.
 */
#include <fcntl.h>
#include <stdint.h>
#include <string.h>

#include "fs_impl.h"

static int fail(int e)
{
	errno = e;
	return -1;
}

/*
 * What a hole is written with.  Never written, yet not const: a const
 * array goes to .rodata and takes its 4 KiB in the kernel's file, in
 * .bss it takes none.
 */
static char zeros[4096];

/* Zeros over [offset, end), with O_APPEND off so the writes land there. */
static int write_zeros(int fd, int flags, int64_t offset, int64_t end)
{
	if ((flags & O_APPEND) && fs_fcntl(fd, F_SETFL, flags & ~O_APPEND))
		return fail(EBADF);
	long r = 0;
	while (offset < end) {
		size_t n = end - offset < (int64_t)sizeof(zeros)
			       ? (size_t)(end - offset)
			       : sizeof(zeros);
		r = fs_pwrite(fd, zeros, n, offset);
		if (r <= 0)
			break;
		offset += r;
	}
	if (flags & O_APPEND)
		fs_fcntl(fd, F_SETFL, flags);
	return r < 0 ? (int)fs_ret(r) : 0;
}

int fallocate(int fd, int mode, off_t offset, off_t len)
{
	if (offset < 0 || len <= 0)
		return fail(EINVAL);
	if (mode & ~(FALLOC_FL_KEEP_SIZE | FALLOC_FL_PUNCH_HOLE))
		return fail(EOPNOTSUPP);
	if ((mode & FALLOC_FL_PUNCH_HOLE) && !(mode & FALLOC_FL_KEEP_SIZE))
		return fail(EOPNOTSUPP);
	int flags = fs_fcntl(fd, F_GETFL, 0);
	if (flags < 0)
		return (int)fs_ret(flags);
	if ((flags & O_ACCMODE) == O_RDONLY)
		return fail(EBADF);
	struct vfs_attr a;
	int r = fs_fstat(fd, &a);
	if (r)
		return (int)fs_ret(r);
	if ((a.mode & VFS_IFMT) == VFS_IFIFO)
		return fail(ESPIPE);
	if ((a.mode & VFS_IFMT) == VFS_IFDIR)
		return fail(EISDIR);
	if ((a.mode & VFS_IFMT) != VFS_IFREG)
		return fail(ENODEV);
	if (offset > INT64_MAX - len)
		return fail(EFBIG);
	int64_t end = offset + len;
	if (mode & FALLOC_FL_PUNCH_HOLE) {
		/* Past the end there is nothing to zero, and no size to grow.
		 */
		int64_t size = (int64_t)a.size;
		return offset < size ? write_zeros(fd, flags, offset,
						   end < size ? end : size)
				     : 0;
	}
	if ((mode & FALLOC_FL_KEEP_SIZE) || (uint64_t)end <= a.size)
		return 0;
	return (int)fs_ret(fs_ftruncate(fd, end));
}

LIBC_ALIAS(fallocate, fallocate64);
