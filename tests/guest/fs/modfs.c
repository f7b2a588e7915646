/*
 * libmodfs.so: a filesystem type in a loadable module, as libosv-zfs.so
 * will be: built against the kernel's vfs.h, it registers "modfs" from
 * its constructor and unregisters it from its destructor, calling the
 * kernel through the symbols it exports.  A modfs mount is a root
 * directory holding one read-only file, "hello".
 */
#include <errno.h>
#include <string.h>

#include "vfs.h"

static const char text[] = "hello from a module\n";

struct modfs {
	struct vnode root, file;
};

static struct modfs *fs_of(struct vnode *vn)
{
	return vn->mount->data;
}

static int modfs_lookup(struct vnode *dir, const char *name, size_t len,
			struct vnode **out)
{
	if (len == 2 && !memcmp(name, "..", 2))
		*out = vnode_ref(dir);
	else if (len == 5 && !memcmp(name, "hello", 5))
		*out = vnode_ref(&fs_of(dir)->file);
	else
		return -ENOENT;
	return 0;
}

static int modfs_readdir(struct vnode *dir, uint64_t *cookie,
			 struct vfs_dirent *out)
{
	static const char *const names[] = {".", "..", "hello"};
	if (*cookie >= 3)
		return 0;
	const char *name = names[*cookie];
	out->ino = *cookie == 2 ? fs_of(dir)->file.ino : dir->ino;
	out->type = *cookie == 2 ? VFS_IFREG : VFS_IFDIR;
	out->namelen = (uint16_t)strlen(name);
	memcpy(out->name, name, out->namelen + 1);
	++*cookie;
	return 1;
}

static long modfs_read(struct vnode *vn, void *buf, size_t len, uint64_t off,
		       int ioflags)
{
	(void)ioflags;
	(void)vn;
	size_t size = sizeof(text) - 1;
	if (off >= size)
		return 0;
	if (len > size - off)
		len = size - off;
	memcpy(buf, text + off, len);
	return (long)len;
}

static int modfs_getattr(struct vnode *vn, struct vfs_attr *a)
{
	bool dir = vn->type == VFS_IFDIR;
	a->mode = dir ? 0555 : 0444;
	a->nlink = dir ? 2 : 1;
	a->size = dir ? 0 : sizeof(text) - 1;
	return 0;
}

static int modfs_direct(struct vnode *vn, uint64_t off, size_t len,
			const void **data)
{
	if (vn->type != VFS_IFREG || off + len > sizeof(text) - 1)
		return -EINVAL;
	*data = text + off;
	return 0;
}

static const struct vnode_ops modfs_ops = {
    .lookup = modfs_lookup,
    .readdir = modfs_readdir,
    .read = modfs_read,
    .getattr = modfs_getattr,
    .direct = modfs_direct,
};

static struct modfs the_fs; /* one mount at a time */

static int modfs_mount(struct vfs_mount *mnt, const char *source,
		       const void *data)
{
	(void)source, (void)data;
	if (the_fs.root.mount)
		return -EBUSY;
	vnode_init(&the_fs.root, mnt, &modfs_ops, VFS_IFDIR, 1, NULL);
	vnode_init(&the_fs.file, mnt, &modfs_ops, VFS_IFREG, 2, NULL);
	/* the file's vnode is the module's: no reference held for it */
	vnode_release(&the_fs.file);
	mnt->data = &the_fs;
	mnt->flags |= VFS_MNT_RDONLY;
	mnt->root = &the_fs.root;
	return 0;
}

static int modfs_unmount(struct vfs_mount *mnt)
{
	(void)mnt;
	memset(&the_fs, 0, sizeof(the_fs));
	return 0;
}

static struct vfs_fstype modfs_type = {
    .name = "modfs",
    .flags = VFS_FS_NODEV,
    .mount = modfs_mount,
    .unmount = modfs_unmount,
};

int modfs_registered = -1;

__attribute__((constructor)) static void modfs_init(void)
{
	modfs_registered = vfs_register_fstype(&modfs_type);
}

__attribute__((destructor)) static void modfs_fini(void)
{
	vfs_unregister_fstype(&modfs_type);
}
