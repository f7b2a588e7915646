/*
 * ramfs's entries for the rest of kernel/fs: its type, and filling it
 * from the boot archive without copying.
 */
#ifndef KERNEL_FS_RAMFS_H
#define KERNEL_FS_RAMFS_H

#include "vfs.h"

extern struct vfs_fstype ramfs_type;

/*
 * Enters name (len bytes) in the ramfs directory dir, of type and
 * permissions mode (VFS_IF* | bits).  A file or symlink borrows
 * [data, data + size) (a symlink's target, without NUL) until it is
 * changed; that memory must outlive the file.  An entry of that name is
 * replaced, except that a directory over a directory only takes the new
 * mode.  *out (if out) gets the node, referenced.  Called with the
 * mount's lock held, or before anyone else uses the mount.
 */
int ramfs_add(struct vnode *dir, const char *name, size_t len, uint32_t mode,
	      const void *data, size_t size, struct vnode **out);

/* BEGIN initrd fill */
/*
 * ramfs_add of the normalised absolute path ("/a/b", not "/") under the
 * ramfs root, making the directories missing on the way (0755); only
 * those for a device, fifo or socket, which devfs has.  -ENOTDIR when
 * a component on the way is not a directory.  Before anyone else uses
 * the mount.
 */
int ramfs_add_path(struct vnode *root, const char *path, uint32_t mode,
		   const void *data, size_t size);
/* END initrd fill */

/*
 * Makes the directory name (len bytes) in the ramfs directory dir, with
 * the permissions mode; *out gets it, referenced.  -EEXIST when dir has
 * an entry of that name (left as it is); a caller that knows it has
 * none (known_new: the boot's root holds only the boot's directories)
 * spares the search.  For the boot's directories (the first few come
 * from static storage), before any other thread runs.
 */
int ramfs_new_dir(struct vnode *dir, const char *name, size_t len,
		  uint32_t mode, bool known_new, struct vnode **out);

/* BEGIN the default boot's tree */
/*
 * The root's directories /dev and /proc of the default boot's tree
 * (vfs_impl.h), for the mounts on them: a node begins with its vnode.
 */
struct ramfs_node;
extern struct ramfs_node ramfs_tree_dev, ramfs_tree_proc;
#define RAMFS_VNODE(node) ((struct vnode *)&(node))
/* END the default boot's tree */

#endif
