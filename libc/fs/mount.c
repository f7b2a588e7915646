/* mount, umount, umount2 for applications. */
#include <sys/mount.h>

#include "fs_impl.h"

int mount(const char *source, const char *target, const char *type,
	  unsigned long flags, const void *data)
{
	return (int)fs_ret(fs_mount(source, target, type, flags, data));
}

int umount2(const char *target, int flags)
{
	return (int)fs_ret(fs_umount2(target, flags));
}

int umount(const char *target)
{
	return umount2(target, 0);
}
