/*
 * mount(2) and umount2(2) for applications, over vfs_mount/vfs_umount:
 * new mounts and MS_REMOUNT (flags such as MS_RDONLY); MS_BIND and
 * MS_MOVE are EINVAL.
 */
#include "fs_calls.h"
#include "vfs_impl.h"

#define MS_REMOUNT 32
#define MS_BIND 4096
#define MS_MOVE 8192
#define MNT_FORCE 1
#define MNT_DETACH 2
#define MNT_EXPIRE 4
#define UMOUNT_NOFOLLOW 8

int fs_mount(const char *source, const char *target, const char *type,
	     unsigned long flags, const void *data)
{
	if (!target)
		return -EFAULT;
	/* MS_REMOUNT | MS_BIND changes the mount's flags only, as here */
	if (flags & MS_REMOUNT)
		return vfs_remount(target, flags);
	/*
	 * Not supported: a bind mount would need a second mount of the same
	 * vnodes, but a vnode knows one mount (vn->mount), by which lookups
	 * find mount points; nor moving a mount.
	 */
	if (flags & (MS_BIND | MS_MOVE))
		return -EINVAL;
	if (!type)
		return -EFAULT;
	struct vfs_fstype *t = vfs_find_fstype(type);
	if (!t)
		return -ENODEV;
	if (!(t->flags & VFS_FS_NODEV) && (!source || !*source))
		return -ENOTBLK;
	return vfs_mount(source, target, type, flags, data);
}

int fs_umount2(const char *target, int flags)
{
	if (flags & ~(MNT_FORCE | MNT_DETACH | MNT_EXPIRE | UMOUNT_NOFOLLOW))
		return -EINVAL;
	return vfs_umount(target, flags);
}
