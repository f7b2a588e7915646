/* memfd_create: a nameless ramfs file (kernel/fs/fs_open.c). */
#include "fs_impl.h"

int memfd_create(const char *name, unsigned int flags);

int memfd_create(const char *name, unsigned int flags)
{
	return (int)fs_ret(fs_memfd_create(name, flags));
}
