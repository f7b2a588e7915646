/*
 * What the files of the VFS share (kernel/fs/vfs.c, namei.c, fs_*.c);
 * filesystems use vfs.h only.
 */
#ifndef KERNEL_FS_VFS_IMPL_H
#define KERNEL_FS_VFS_IMPL_H

#include <errno.h>
#include <stdbool.h>

#include "config.h"
#include "fd.h"
#include "vfs.h"
#include "vm.h"

/* ---- vfs.c: mounts ---- */

/*
 * The root of the namespace and the working directory.  Read vfs_root
 * directly only to compare with it (a replaced root stays referenced by
 * the mount over it, so it is never freed); take references with
 * vfs_get_root() and vfs_get_cwd() (chdir may free the old one).
 */
extern struct vnode *vfs_root;
struct vnode *vfs_get_root(void);
struct vnode *vfs_get_cwd(void);
/* Makes vn (its reference handed over) the working directory. */
void vfs_set_cwd(struct vnode *vn);
/*
 * chroot: makes the directory vn (its reference handed over) the root
 * lookups start from and ".." stops at.  The old root keeps its
 * reference, so that it is never freed (see vfs_root).
 */
void vfs_change_root(struct vnode *vn);

/* Holds vn's mount lock for an operation on it (no-op for own-locking). */
void vfs_lock(struct vnode *vn);
void vfs_unlock(struct vnode *vn);

static inline bool vfs_same(const struct vnode *a, const struct vnode *b)
{
	return a->mount == b->mount && a->ino == b->ino;
}

static inline bool vfs_readonly(const struct vnode *vn)
{
	return vn->mount->flags & VFS_MNT_RDONLY;
}

/*
 * vm_file_ops.fill for vnodes (vm_file.c): a private copy of the file's
 * page at off, read with vfs_read().
 */
int vnode_page_copy(void *file, uint64_t off, void *page);

/* ---- vnode_pages.c: the pages of shared mappings (no map_page) ---- */

/* The mappings' side: vm_file_ops over vn->pages (see vnode_pages_init). */
extern const struct vm_file_ops vnode_pages_ops;

/* Gives vn its table of mapped pages, if it has none; 0 or -ENOMEM. */
int vnode_pages_init(struct vnode *vn);

/*
 * vn's bytes from off on (len of them) were written, or the file was
 * truncated (len UINT64_MAX): its mapped pages there read them again,
 * those past the end go (unmapped: SIGBUS).  Caller holds vfs_lock.
 */
void vfs_changed(struct vnode *vn, uint64_t off, uint64_t len);

/*
 * Writes back the mapped pages of [off, off + len) that stores made
 * dirty (for read(), fsync(), msync()): 0 or the write's error, or
 * getattr's when the file's size is unknown (the pages stay dirty).
 * Caller holds vfs_lock.
 */
int vfs_pages_flush(struct vnode *vn, uint64_t off, uint64_t len);

/*
 * vfs_pages_flush of every file's mapped pages (sync(), syncfs()): 0 or
 * the first error.  Called holding no lock.
 */
int vfs_pages_sync_all(void);

/* Frees vn's mapped pages at its last reference (nothing maps it). */
void vfs_pages_free(struct vnode *vn);

/* The mount whose covered directory is vn, or NULL. */
struct vfs_mount *vfs_mounted_on(const struct vnode *vn);

/*
 * mount(MS_REMOUNT): sets the VFS_MNT_* flags of the mount whose root is
 * at target.  -EINVAL when target is not a mount's root, -EROFS to make
 * a filesystem that is read-only by nature (VFS_FS_RDONLY) writable,
 * -EBUSY to make one read-only while a file of it is open for writing.
 */
int vfs_remount(const char *target, unsigned long flags);

/*
 * The first mount, at "/", of a known type: vfs_mount() without the
 * type's lookup by name and the target's checks (the boot's root).
 * -EBUSY once there is a root.
 */
int vfs_mount_root(struct vfs_fstype *type, const char *source,
		   unsigned long flags, const void *data);

/*
 * The kernel's own filesystem types (rootfs.c): a table built with the
 * kernel, searched after the registered types (no code links them at
 * boot).  Their names are distinct; they cannot be unregistered
 * (-EBUSY).
 */
extern struct vfs_fstype *const vfs_builtin_types[];
extern const size_t vfs_builtin_count;

/* Mounts whose type has a sync operation (fs_sync() skips the table
 * when there is none, as at most poweroffs). */
extern unsigned vfs_sync_mounts;

/*
 * A mount of the boot's, on a ramfs root: the root itself (dir NULL,
 * path "/") or a mount on the directory dir, which the caller has just
 * made in that root and whose absolute path is path.  The type is
 * given by pointer and nothing is checked (no lookups of the type or
 * of the path, no search of dir's name in its parent, no check for
 * mounts on dir or of it, which a new directory cannot have, no
 * options or flags, no replaced root): under an emulator the boot pays
 * for the translation of each piece of code it runs once.  Call it
 * before any other thread runs and before any other mount, the root
 * first, with source and path
 * shorter than a mount holds (the boot's own strings).  The caller's
 * reference on dir passes to the mount (and is dropped on failure).
 * -ENOMEM, or the type's error.
 */
int vfs_boot_mount(struct vfs_fstype *type, const char *source,
		   struct vnode *dir, const char *path);

/* BEGIN the default boot's tree */
/*
 * The default boot's namespace (vfs_use_tree(), vfs.h) as data built
 * with the kernel: a ramfs
 * root holding dev, proc and tmp (in that order, inode numbers 1 to 4,
 * 755, 555 and 1777), devfs on /dev, procfs on /proc (unless configured
 * out), a ramfs on /tmp, each mount's nodes, entries and reference
 * counts as vfs_boot_mount() and the filesystems' mount functions would
 * leave them, and its times the boot's start (a pending clock_stamp()).
 * Under an emulator the boot pays for translating each piece of code it
 * runs once; this way it runs none.  Each filesystem defines its part
 * (ramfs.c the root and /tmp, devfs.c /dev, procfs.c /proc); their
 * objects are in the kernel image, so nothing frees them (they are not
 * reused once unmounted or removed).
 */
#define VFS_TREE_MOUNTS (3 + CONF_procfs)
extern struct vfs_mount vfs_tree_root, vfs_tree_dev, vfs_tree_tmp;
#if CONF_procfs
extern struct vfs_mount vfs_tree_proc;
#endif
/* END the default boot's tree */

/*
 * Whether an open vnode file counts as a writer of its mount (a regular
 * file open for writing), which a read-only remount refuses (-EBUSY).
 */
bool vfs_file_writes(const struct file *f);

/* vfs_read with the open file's VNODE_IO_* flags (VNODE_IO_NONBLOCK). */
long vfs_read_io(struct vnode *vn, void *buf, size_t len, uint64_t off,
		 int ioflags);

/*
 * The vnode operations, each taking the mount's lock itself (so never
 * call them with it held); -EOPNOTSUPP (etc.) when absent.
 */
int vop_lookup(struct vnode *dir, const char *name, size_t len,
	       struct vnode **out);
long vop_readlink(struct vnode *vn, char *buf, size_t len);
int vop_getattr(struct vnode *vn, struct vfs_attr *attr);

/* ---- pipe.c: FIFOs ---- */

/*
 * An open file (*out, taking over the caller's reference on vn) that is
 * an end of the FIFO vn's pipe, for the O_* flags: O_RDONLY waits for a
 * writer, O_WRONLY for a reader (-ENXIO with O_NONBLOCK and none),
 * O_RDWR never; -EINTR when a signal ends the wait.
 */
int fifo_open(struct vnode *vn, int flags, struct file **out);

/* ---- inotify.c: watches of files (inotify(7)) ---- */

/* Linux's IN_* event bits, as the VFS reports them */
#define VFS_IN_ACCESS 0x001
#define VFS_IN_MODIFY 0x002
#define VFS_IN_ATTRIB 0x004
#define VFS_IN_CLOSE_WRITE 0x008
#define VFS_IN_CLOSE_NOWRITE 0x010
#define VFS_IN_OPEN 0x020
#define VFS_IN_MOVED_FROM 0x040
#define VFS_IN_MOVED_TO 0x080
#define VFS_IN_CREATE 0x100
#define VFS_IN_DELETE 0x200
#define VFS_IN_DELETE_SELF 0x400
#define VFS_IN_MOVE_SELF 0x800

/*
 * The count of watches of all inotify instances: while it is 0 (no
 * watch anywhere), a hook costs its caller one load and a branch.
 */
extern unsigned vfs_watch_count;

/* The hooks' work, done only while some watch exists (below). */
void vfs_notify_file_slow(struct vnode *vn, struct vnode *dir, const char *name,
			  uint32_t event);
void vfs_notify_entry_slow(struct vnode *dir, const char *name, size_t len,
			   bool isdir, uint32_t event, uint32_t cookie);
void vfs_notify_gone_slow(struct vnode *vn, bool deleted);
void vfs_notify_unmount_slow(struct vfs_mount *mnt);
/* A new cookie, pairing one rename's IN_MOVED_FROM and IN_MOVED_TO. */
uint32_t vfs_notify_cookie(void);

static inline bool vfs_watched(void)
{
	return __builtin_expect(
	    __atomic_load_n(&vfs_watch_count, __ATOMIC_RELAXED) != 0, 0);
}

/*
 * event happened to vn (not IN_CREATE, IN_DELETE, IN_MOVED_*): its
 * watches see it, and so do those of dir (NULL: unknown), where vn is
 * named name, with that name (but IN_*_SELF).
 */
static inline void vfs_notify_file(struct vnode *vn, struct vnode *dir,
				   const char *name, uint32_t event)
{
	if (vfs_watched())
		vfs_notify_file_slow(vn, dir, name, event);
}

/* event (IN_CREATE, IN_DELETE, IN_MOVED_*) on dir's entry name. */
static inline void vfs_notify_entry(struct vnode *dir, const char *name,
				    size_t len, bool isdir, uint32_t event,
				    uint32_t cookie)
{
	if (vfs_watched())
		vfs_notify_entry_slow(dir, name, len, isdir, event, cookie);
}

/*
 * vn lost a name, removed (deleted) or replaced by a rename: when it has
 * none left (or is a directory), IN_DELETE_SELF if deleted, and the end
 * of its watches (IN_IGNORED), as Linux's.
 */
static inline void vfs_notify_unlinked(struct vnode *vn, bool deleted)
{
	if (vfs_watched())
		vfs_notify_gone_slow(vn, deleted);
}

/*
 * mnt is unmounted: the watches of its files see IN_UNMOUNT, then end
 * (IN_IGNORED), before another mount can take its place.
 */
static inline void vfs_notify_unmount(struct vfs_mount *mnt)
{
	if (vfs_watched())
		vfs_notify_unmount_slow(mnt);
}

/* ---- fs_lock.c: advisory locks ---- */

/*
 * fcntl's F_GETLK, F_SETLK, F_SETLKW and their F_OFD_* forms on f, arg
 * a struct flock.
 */
int fs_record_lock(struct file *f, int cmd, void *arg);
/* The process closed a descriptor of f: its record locks on f's file go. */
void fs_locks_fd_closed(const struct file *f);
/* f's last reference went: its OFD and flock locks go. */
void fs_locks_file_released(const struct file *f);

/* ---- namei.c: path lookup ---- */

#define NAMEI_FOLLOW 0x1  /* follow a final symlink */
#define NAMEI_PARENT 0x2  /* stop at the last component's directory */
#define NAMEI_EMPTY 0x4	  /* "" names the start directory */
#define NAMEI_KEEPDIR 0x8 /* also nd->dir and nd->name when found */

struct nameidata {
	struct vnode *dir; /* PARENT, KEEPDIR: the last component's dir */
	struct vnode *vn;  /* the file; NULL when absent (PARENT only) */
	char name[VFS_NAME_MAX + 1]; /* PARENT: the last component, or "" */
	size_t len;
	bool slash; /* the path ended with '/' */
};

/*
 * Resolves path from start (relative paths; NULL: the working
 * directory).  0 with nd->vn (and nd->dir for PARENT) referenced, or an
 * error with nothing held.  With PARENT, a missing last component is
 * not an error (nd->vn NULL); "/" gives name "" and vn = dir = root.
 * path may be a program's (copied first): -EFAULT for a bad one,
 * -ENAMETOOLONG for one of VFS_PATH_MAX bytes or more.
 */
int namei(struct vnode *start, const char *path, int flags,
	  struct nameidata *nd);

/* Releases what namei() returned. */
void namei_done(struct nameidata *nd);

/*
 * The end of fs_openat (fs_open.c): nd's file, found (nd->vn), checked
 * for flags as open() does, becomes an open file at the lowest free
 * descriptor, or a negative errno; nd is released either way.  A FIFO
 * opens with open_fifo: fifo_open for open(), NULL (-ENXIO) for a
 * caller that never meets one, so that a kernel which opens files only
 * at boot (--stdin) carries no pipe code (issue 8).
 */
int fs_open_found(struct nameidata *nd, int flags, bool created,
		  int (*open_fifo)(struct vnode *, int, struct file **));

/*
 * namei() for the *at calls: relative paths start at dirfd (AT_FDCWD or
 * an open directory: -EBADF, -ENOTDIR); with NAMEI_EMPTY, "" names
 * dirfd's own file, whatever its type.
 */
int namei_at(int dirfd, const char *path, int flags, struct nameidata *nd);

/* The process's file mode creation mask (fs_cwd.c). */
extern unsigned vfs_umask;

#endif
