/*
 * The virtual filesystem: what a filesystem type implements and what it
 * may call.  This header is the VFS's whole interface for filesystems
 * (ramfs, devfs, procfs, rofs, and modules such as libosv-zfs.so, which
 * register their type from a constructor exactly as the built-in ones
 * do from vfs_init()).  The POSIX calls over it are in fs_calls.h, the
 * file descriptors in fd.h.
 *
 * Errors are negative Linux errno values (-ENOENT ...) everywhere.
 *
 * Objects:
 *  - struct vfs_fstype: a filesystem type, registered by name ("ramfs").
 *  - struct vfs_mount: one mounted instance.  The type's mount function
 *    fills in the root vnode and its own data; the VFS owns the rest.
 *  - struct vnode: a file, directory, symlink or device of a mount.  The
 *    filesystem allocates it (usually embedded in its own node) and
 *    fills it with vnode_init(); the VFS counts references.  When the
 *    last one goes the VFS calls ops->inactive (under the mount's lock,
 *    so that a lookup cannot take the vnode up again meanwhile), after
 *    which the filesystem may free it.  A vnode a lookup or create
 *    returns carries one reference for the caller.
 *
 * Path handling is the VFS's: it splits paths, handles "." itself and
 * ".." at mount boundaries and at the root, follows symbolic links (40 at
 * most, then -ELOOP), crosses mount points, checks name lengths and file
 * types (so lookup is never called on a non-directory, unlink never
 * names a directory, rmdir and rename get directories where POSIX says
 * so) and -EROFS on read-only mounts.  A filesystem sees one component
 * at a time: a name (not NUL-terminated: name[0..len)) that is neither
 * empty, nor ".", nor longer than VFS_NAME_MAX, and holds no '/'.  ".."
 * is passed to lookup: each directory must know its parent (the root's
 * ".." is itself).
 *
 * Locking: unless the type sets VFS_FS_OWN_LOCKING, the VFS calls the
 * operations of one mount one at a time (it holds the mount's lock), so
 * a simple filesystem needs no locks of its own.  A type with
 * VFS_FS_OWN_LOCKING (devfs, whose console read may block; ZFS) is
 * called concurrently and locks for itself.
 *
 * Zero copy: a filesystem that holds file data in memory (ramfs, rofs
 * over a memory image) implements ops->direct, which gives a pointer to
 * the file's bytes; the ELF loader reads objects through it without
 * copying them first (file-backed mmap is meant to use it too).
 */
#ifndef KERNEL_VFS_H
#define KERNEL_VFS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "osv/api.h"
#include "sleeplock.h"

#define VFS_NAME_MAX 255   /* bytes of one component, as NAME_MAX */
#define VFS_PATH_MAX 4096  /* bytes of a path with its NUL, as PATH_MAX */
#define VFS_SYMLINK_MAX 40 /* links followed in one lookup (Linux's) */
#define VFS_FSTYPE_NAME_MAX 32

/* File types: the S_IFMT bits of st_mode (Linux's values). */
#define VFS_IFMT 0170000
#define VFS_IFSOCK 0140000
#define VFS_IFLNK 0120000
#define VFS_IFREG 0100000
#define VFS_IFBLK 0060000
#define VFS_IFDIR 0040000
#define VFS_IFCHR 0020000
#define VFS_IFIFO 0010000

struct vnode;
struct vfs_mount;

/* ---- Attributes ---- */

/* What stat() shows; getattr fills all of it (the VFS zeroes it first). */
struct vfs_attr {
	uint32_t mode; /* type and permission bits */
	uint32_t nlink;
	uint32_t uid, gid;
	uint64_t ino;
	uint64_t size;	  /* bytes; a symlink's: its target's length */
	uint64_t blocks;  /* 512-byte units allocated */
	uint32_t blksize; /* preferred I/O size; 0: the VFS says 4096 */
	uint64_t rdev;	  /* a device's number (makedev encoding) */
	uint64_t dev;	  /* the mount's: set by the VFS */
	struct timespec atime, mtime, ctime, btime; /* btime 0: unknown */
};

/* Which fields setattr changes. */
#define VFS_ATTR_MODE 0x01 /* permission bits only (07777) */
#define VFS_ATTR_UID 0x02
#define VFS_ATTR_GID 0x04
#define VFS_ATTR_ATIME 0x08
#define VFS_ATTR_MTIME 0x10
#define VFS_ATTR_CTIME 0x20

/* What statfs() shows. */
struct vfs_statfs {
	uint64_t magic;	 /* f_type: Linux's magic of the type */
	uint64_t bsize;	 /* f_bsize, and f_frsize */
	uint64_t blocks; /* in bsize units */
	uint64_t bfree;
	uint64_t bavail;
	uint64_t files;
	uint64_t ffree;
	uint64_t namelen; /* 0: VFS_NAME_MAX */
};

/* One entry of a directory listing. */
struct vfs_dirent {
	uint64_t ino;
	uint32_t type; /* VFS_IF* of the entry, or 0 when unknown */
	uint16_t namelen;
	char name[VFS_NAME_MAX + 1]; /* NUL-terminated */
};

/* ---- Vnode operations ---- */

/* ioflags of read and write */
#define VNODE_IO_APPEND 0x1 /* write at the end of the file, off ignored */
/* The open file is O_NONBLOCK: a device with nothing to read says -EAGAIN */
#define VNODE_IO_NONBLOCK 0x2

/*
 * Any operation may be NULL.  Changes on a read-only mount are -EROFS
 * whatever the filesystem has; otherwise a missing operation makes the
 * call fail as Linux's do for a filesystem without it: -EPERM for
 * mkdir, symlink, link, unlink, rmdir, rename and setattr,
 * -EOPNOTSUPP for create, -EINVAL for read, write, truncate and
 * readlink, -ENOTTY for ioctl, -ENOTDIR for lookup and readdir; a
 * missing getattr leaves what the VFS knows (type, inode, device).
 * Directory operations get a referenced directory vnode of the
 * filesystem.
 */
struct vnode_ops {
	/* dir's entry name (which may be ".."); *out referenced. -ENOENT. */
	int (*lookup)(struct vnode *dir, const char *name, size_t len,
		      struct vnode **out);
	/*
	 * Makes a regular file (mode: permission bits, umask applied);
	 * *out referenced.  The VFS has checked that the name is absent
	 * (the filesystem still answers -EEXIST if it finds it).
	 */
	int (*create)(struct vnode *dir, const char *name, size_t len,
		      uint32_t mode, struct vnode **out);
	int (*mkdir)(struct vnode *dir, const char *name, size_t len,
		     uint32_t mode);
	/*
	 * Makes a node without data of type and permissions mode
	 * (VFS_IFSOCK: the name an AF_UNIX socket is bound to); *out
	 * referenced.  NULL: bind() there fails with -EPERM.
	 */
	int (*mknod)(struct vnode *dir, const char *name, size_t len,
		     uint32_t mode, struct vnode **out);
	int (*symlink)(struct vnode *dir, const char *name, size_t len,
		       const char *target);
	/* A new name for vn (not a directory; same mount). */
	int (*link)(struct vnode *dir, const char *name, size_t len,
		    struct vnode *vn);
	/* Removes a non-directory's name. */
	int (*unlink)(struct vnode *dir, const char *name, size_t len);
	/* Removes an empty directory; -ENOTEMPTY otherwise. */
	int (*rmdir)(struct vnode *dir, const char *name, size_t len);
	/*
	 * Moves olddir/oldname to newdir/newname (same mount), replacing
	 * what is there.  The VFS has checked the types (a directory only
	 * replaces an empty directory: the filesystem answers -ENOTEMPTY)
	 * and that newdir is not inside the moved directory.
	 */
	int (*rename)(struct vnode *olddir, const char *oldname, size_t oldlen,
		      struct vnode *newdir, const char *newname, size_t newlen);
	/*
	 * Lists dir.  *cookie is 0 at the start; the filesystem advances it
	 * past the entry it returns (cookies are its own, but must be
	 * positive and stable enough for seekdir).  Returns 1 with *out
	 * filled, 0 at the end, or an error.  "." and ".." come first.
	 */
	int (*readdir)(struct vnode *dir, uint64_t *cookie,
		       struct vfs_dirent *out);

	/*
	 * Bytes at off; returns the count (0 at or past the end).  ioflags:
	 * VNODE_IO_NONBLOCK or 0.
	 */
	long (*read)(struct vnode *vn, void *buf, size_t len, uint64_t off,
		     int ioflags);
	/* Returns the count written; grows the file as needed. */
	long (*write)(struct vnode *vn, const void *buf, size_t len,
		      uint64_t off, int ioflags);
	/* Sets a regular file's size (zero-filling when it grows). */
	int (*truncate)(struct vnode *vn, uint64_t size);
	int (*getattr)(struct vnode *vn, struct vfs_attr *attr);
	int (*setattr)(struct vnode *vn, const struct vfs_attr *attr,
		       unsigned mask);
	/* A symlink's target into buf (no NUL); returns its length. */
	long (*readlink)(struct vnode *vn, char *buf, size_t len);
	int (*fsync)(struct vnode *vn);

	/*
	 * Called when a file is opened and when that open file is closed
	 * for the last time (flags: the O_* flags of the open), for
	 * devices that care.
	 */
	int (*open)(struct vnode *vn, int flags);
	void (*close)(struct vnode *vn, int flags);
	/* Device control; -ENOTTY for what the device does not know. */
	int (*ioctl)(struct vnode *vn, unsigned long cmd, void *arg);
	/* Devices: what file_ops.poll says (NULL: always ready). */
	unsigned (*poll)(struct vnode *vn);

	/*
	 * Zero copy: *data = the file's bytes [off, off + len) in memory,
	 * contiguous.  They stay valid and unchanged while the caller
	 * holds its reference and nobody writes or truncates the file.
	 * off and len must lie inside the file.  -EOPNOTSUPP when the
	 * filesystem has no such view.
	 */
	int (*direct)(struct vnode *vn, uint64_t off, size_t len,
		      const void **data);

	/* The last reference went; the filesystem may free vn now. */
	void (*inactive)(struct vnode *vn);

	/*
	 * MAP_SHARED: *pa = the physical address of the page that holds
	 * the regular file's bytes at off (a multiple of 4096), made if
	 * needed; it must stay the file's, at that place, while mapped (a
	 * filesystem that frees pages when the file shrinks calls
	 * vm_file_truncated() first).  Called under the memory mappings'
	 * spinlock and without the mount's lock: it must not sleep and
	 * must lock for itself.  -ENXIO at or past the end of the file's
	 * last page (the access gets SIGBUS).  NULL: shared mappings of the
	 * file are read-only copies.
	 */
	int (*map_page)(struct vnode *vn, uint64_t off, uint64_t *pa);

	/*
	 * O_TMPFILE: a regular file in dir's filesystem with no name (nlink
	 * 0, freed with its last reference); *out referenced.  NULL:
	 * open(O_TMPFILE) there fails with -EOPNOTSUPP, as Linux's.
	 */
	int (*tmpfile)(struct vnode *dir, uint32_t mode, struct vnode **out);

	/*
	 * renameat2(RENAME_EXCHANGE): swaps what the two names name (same
	 * mount, both present, neither inside the other: the VFS checked).
	 * NULL: -EINVAL, as Linux's for a filesystem without it.
	 */
	int (*exchange)(struct vnode *olddir, const char *oldname,
			size_t oldlen, struct vnode *newdir,
			const char *newname, size_t newlen);
};

struct vnode {
	const struct vnode_ops *ops;
	struct vfs_mount *mount;
	void *data;    /* the filesystem's */
	uint64_t ino;  /* unique in the mount: with mount, the file */
	uint32_t type; /* VFS_IF*: fixed for the vnode's life */
	unsigned refs; /* the VFS's: use vnode_ref/vnode_release */
	/*
	 * Set at the first mmap() of a file whose filesystem has no
	 * map_page: the pages its shared mappings share (the VFS's,
	 * kernel/fs/vnode_pages.c).
	 */
	struct vnode_pages *pages;
};

/*
 * Sets up a vnode the filesystem allocated, with one reference (the
 * filesystem's own or its caller's, as it sees fit).
 */
OSV_MODULE_API void vnode_init(struct vnode *vn, struct vfs_mount *mnt,
			       const struct vnode_ops *ops, uint32_t type,
			       uint64_t ino, void *data);

/* Takes a reference; returns vn. */
OSV_MODULE_API struct vnode *vnode_ref(struct vnode *vn);

/*
 * Drops one; the last calls ops->inactive, holding the mount's lock
 * (unless VFS_FS_OWN_LOCKING), so never call it with that lock held.
 * NULL is ignored.
 */
OSV_MODULE_API void vnode_release(struct vnode *vn);

/*
 * The same, for a filesystem dropping a reference to a vnode of its own
 * mount inside one of its operations (the VFS holds the mount's lock).
 */
OSV_MODULE_API void vnode_release_locked(struct vnode *vn);

/* ---- Filesystem types and mounts ---- */

/* mount flags (MS_* values of Linux's mount(2)) */
#define VFS_MNT_RDONLY 0x1
#define VFS_MNT_NOSUID 0x2
#define VFS_MNT_NODEV 0x4
#define VFS_MNT_NOEXEC 0x8
#define VFS_MNT_NOATIME 0x400

/* fstype flags */
#define VFS_FS_OWN_LOCKING 0x1 /* the VFS does not serialise calls */
#define VFS_FS_NODEV 0x2       /* needs no source device ("nodev") */
#define VFS_FS_RDONLY 0x4      /* read-only whatever the mount says */
#define VFS_FS_ONCE 0x8	       /* one mount at a time (global nodes): -EBUSY */

struct vfs_fstype {
	char name[VFS_FSTYPE_NAME_MAX];
	unsigned flags;
	/*
	 * Mounts source (a device path such as "/dev/vblk0", or whatever
	 * the type makes of it; may be NULL) with options data (a string
	 * such as mount(2)'s, or NULL).  Sets mnt->root (a referenced
	 * directory vnode) and may set mnt->data and add VFS_MNT_RDONLY
	 * to mnt->flags.  mnt->flags holds the caller's flags.  A bad
	 * source fails with a negative errno (-EINVAL for a corrupt
	 * image), after printing what is wrong.
	 */
	int (*mount)(struct vfs_mount *mnt, const char *source,
		     const void *data);
	/*
	 * Ends the mount once nothing uses it; mnt->root has been released
	 * (its inactive called) just before.
	 */
	int (*unmount)(struct vfs_mount *mnt);
	int (*statfs)(struct vfs_mount *mnt, struct vfs_statfs *st);
	/* Writes back what is dirty (sync(2)); may be NULL. */
	int (*sync)(struct vfs_mount *mnt);
	struct vfs_fstype *next; /* the VFS's */
};

struct vfs_mount {
	const struct vfs_fstype *type;
	struct vnode *root;  /* set by the type's mount */
	void *data;	     /* the filesystem's */
	unsigned long flags; /* VFS_MNT_* */
	uint64_t dev;	     /* st_dev of its files, chosen by the VFS */
	/* The VFS's own: */
	struct sleeplock lock;
	struct sleeplock rename_lock; /* a directory's rename, whole */
	struct vnode *covered;	      /* the directory it is mounted on */
	struct vfs_mount *parent;
	unsigned busy;	  /* vnodes with references (see vnode_ref) */
	unsigned writers; /* open files that may write to its files */
	const char *path; /* absolute, as mounted */
	char *path_buf;	  /* path's heap copy, or NULL */
	char source[64];
	struct vfs_mount *next;
};

/*
 * Adds a filesystem type (kept by pointer).  -EEXIST when the name is
 * taken.  Modules call it from a constructor.
 */
OSV_MODULE_API int vfs_register_fstype(struct vfs_fstype *type);

/*
 * Removes a type no mount uses: 0, -EBUSY (also for the kernel's own
 * types), or -ENOENT.
 */
OSV_MODULE_API int vfs_unregister_fstype(struct vfs_fstype *type);

/* The registered type of that name, or NULL. */
OSV_MODULE_API struct vfs_fstype *vfs_find_fstype(const char *name);

/*
 * Mounts a filesystem of type fstype at the directory target.  The
 * first mount must be at "/".  A later mount at "/" goes over the root
 * and becomes the new root (the old tree stays underneath, reachable
 * by what was open in it).  Errors: -ENODEV for an unknown type,
 * -ENOENT/-ENOTDIR for the target, -EBUSY when it is already a mount's
 * root (other than the root's), what the type's mount says.
 */
OSV_MODULE_API int vfs_mount(const char *source, const char *target,
			     const char *fstype, unsigned long flags,
			     const void *data);

/* Unmounts the mount whose root is at target: -EINVAL, -EBUSY. */
OSV_MODULE_API int vfs_umount(const char *target, int flags);

/* Calls fn for every mount, parents before children; for /proc/mounts. */
void vfs_for_each_mount(void (*fn)(const struct vfs_mount *mnt, void *arg),
			void *arg);

/*
 * Sets up the VFS: mounts the root (ramfs, filled from the boot
 * archives, or the one vfs_set_root() chose), /dev, /proc and /tmp.
 * Returns NULL, or a message saying what went wrong.
 */
const char *vfs_init(void);

/* BEGIN the default boot's tree */
/*
 * Instead of vfs_init() when it would mount the ramfs root with nothing
 * to fill it from (no --rootfs and no boot archive, so no root probe):
 * the same namespace, the root, /dev, /proc and /tmp, built with the
 * kernel as data (kernel/fs/vfs_impl.h), taken into use by three
 * stores.  Before any other mount and thread.
 */
void vfs_use_tree(void);
/* END the default boot's tree */

/* BEGIN rofs root (issue 6) */
/*
 * Chooses the root that vfs_init() mounts; call it first.  type NULL or
 * "ramfs": the default, a ramfs filled from the boot archives.  Another
 * type (such as "rofs") is mounted read-only from source (NULL: the
 * type finds its disk itself) and the boot archives are not added;
 * /dev, /proc and /tmp are mounted where the root has those
 * directories, and skipped with a message where it has not.
 */
void vfs_set_root(const char *type, const char *source);
/* END rofs root */

/* BEGIN filesystem modules (issue 11) */
/*
 * The mount options (data) of the root set by vfs_set_root(), such as
 * "cache=64M"; NULL: none.  Call it before vfs_init().
 */
void vfs_set_root_options(const char *data);

/*
 * Whether configure built a loadable module (CONF_MODULES of config.h
 * names them, each followed by a space: " " when none).  Without one,
 * what loads modules or probes disks for them is left out of the
 * kernel.
 */
#define VFS_MODULES_BUILT (sizeof(CONF_MODULES) > 2)

/*
 * Makes sure the filesystem type exists: built in, registered, or
 * loaded from its module /libosv-TYPE.so in the boot filesystem (when
 * configure built that module: CONF_MODULES).  0, or a negative errno
 * with a message in err.  vfs_init() uses it for a root of such a type,
 * which it mounts over the boot filesystem's ramfs once the module is
 * loaded from there; the type's mount gets the caller's flags (0 for
 * a module's root: the filesystem says whether it is read-only).
 */
int vfs_load_fstype(const char *type, char *err, size_t errlen);

/*
 * Mounts TYPE:SOURCE:/DIR[:OPTIONS] (the --mount option), loading the
 * type's module if needed.  NULL, or a message.
 */
const char *vfs_mount_spec(const char *spec);
/* END filesystem modules */

/* BEGIN root found by its label (issue 11) */
/*
 * With no --rootfs: when app (the application's path; NULL: none) is
 * not in the boot filesystem and vblk0 matches one of the probe tables
 * the boot filesystem carries (/libosv-TYPE.probe), makes vblk0 the
 * root, of that TYPE (vfs_set_root()), and says so.  Call it before
 * vfs_init(), once the disks are up.
 */
void vfs_probe_root(const char *app);
/* END root found by its label */

/* BEGIN libraries beside a disk root */
/*
 * With the root on a disk (rofs, or a module's type), the boot
 * filesystem is not the root, yet its initrd can still carry files the
 * kernel needs, such as the libm osv-run --image packs: the regular
 * file at path there, its bytes in place in *data (valid as long as the
 * kernel runs), *size.  0, or -ENOENT (also when the root is the boot
 * filesystem's ramfs: look there with vfs_lookup()).
 */
int vfs_boot_file(const char *path, const void **data, size_t *size);
/* END libraries beside a disk root */

/* ---- Lookups, for the kernel (the ELF loader, mmap, filesystems) ---- */

#define VFS_LOOKUP_FOLLOW 0x1 /* follow a final symbolic link */

/*
 * The vnode of path (relative paths start at the working directory),
 * referenced.  -ENOENT, -ENOTDIR, -ELOOP, -ENAMETOOLONG, -EACCES.
 */
OSV_MODULE_API int vfs_lookup(const char *path, int flags, struct vnode **out);

/* getattr through the VFS (fills in what the filesystem leaves 0). */
OSV_MODULE_API int vfs_getattr(struct vnode *vn, struct vfs_attr *attr);

/* BEGIN attributes without the wall clock */
/*
 * vfs_getattr with the four times 0, for the kernel's callers that need
 * a file's type, size, links or identity: it never reads the wall clock
 * (the boot's files carry pending stamps until it is read).
 */
int vfs_getattr_untimed(struct vnode *vn, struct vfs_attr *attr);
/* END attributes without the wall clock */

/* Reads through the VFS (taking the mount's lock as it should). */
OSV_MODULE_API long vfs_read(struct vnode *vn, void *buf, size_t len,
			     uint64_t off);

/*
 * The file's bytes [off, off + len) without copying, or -EOPNOTSUPP
 * (then read them).  As ops->direct.
 */
OSV_MODULE_API int vfs_direct(struct vnode *vn, uint64_t off, size_t len,
			      const void **data);

/*
 * Writes the absolute path of the directory vn into buf (its name as
 * reached from the root, found by walking ".." and listing each
 * parent); for getcwd.  -ENOTDIR for other files, -ENAMETOOLONG
 * (-ERANGE for getcwd), -ENOENT when vn was removed.
 */
int vfs_path_of(struct vnode *vn, char *buf, size_t len);

/* A new device number for a mount or a devfs node (major 0, minors up). */
OSV_MODULE_API uint64_t vfs_new_dev(void);

#endif
