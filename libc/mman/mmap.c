/*
 * mmap: anonymous memory from the kernel's mappings (vm.h), or a file
 * through the VFS's vm_file_of_fd(), referenced weakly: without the VFS
 * every descriptor is a bad one.
 */
#include "mman_impl.h"

extern inline int mman_result(int err);

void *mmap64(void *addr, size_t len, int prot, int flags, int fd, long offset);

static int map_file(int fd, uint64_t addr, size_t len, int prot, int flags,
		    uint64_t offset, uint64_t *out)
{
	struct vm_file f;
	int err = vm_file_of_fd ? vm_file_of_fd(fd, &f) : -EBADF;
	if (err)
		return err;
	err = vm_map(addr, len, prot, flags, &f, offset, out);
	f.ops->release(f.file);
	return err;
}

void *mmap(void *addr, size_t len, int prot, int flags, int fd, long offset)
{
	uint64_t out = 0;
	int err;
	if (flags & MAP_ANONYMOUS)
		err = vm_map((uintptr_t)addr, len, prot, flags, NULL,
			     (uint64_t)offset, &out);
	else
		err = map_file(fd, (uintptr_t)addr, len, prot, flags,
			       (uint64_t)offset, &out);
	if (mman_result(err))
		return MAP_FAILED;
	return (void *)(uintptr_t)out;
}

void *mmap64(void *addr, size_t len, int prot, int flags, int fd, long offset)
{
	return mmap(addr, len, prot, flags, fd, offset);
}
