/*
 * The first mounts: a ramfs root filled from the boot filesystem (the
 * initrd's entries, whose file data stays in the archive until a file
 * is written), devfs at /dev, procfs at /proc (unless configured out)
 * and a ramfs at /tmp.
 */
#include <fcntl.h>
#include <stdio.h>
#include <string.h>

#include "bootfs.h"
#include "config.h"
#include "fs_calls.h"
#include "klog.h"
#include "mm.h"
#include "ramfs.h"
#include "vfs_impl.h"

extern struct vfs_fstype devfs_type, procfs_type;
/* BEGIN rofs root (issue 6) */
extern struct vfs_fstype rofs_fstype;
/* END rofs root */
extern struct vfs_fstype p9fs_type;

/* BEGIN filesystems (issue 9): configure --disable-rofs, --disable-procfs */
struct vfs_fstype *const vfs_builtin_types[] = {
    &ramfs_type,  &devfs_type,
#if CONF_procfs
    &procfs_type,
#endif
#if CONF_rofs
    &rofs_fstype,
#endif
#if CONF_drivers_virtio_9p
    &p9fs_type,
#endif
};
const size_t vfs_builtin_count =
    sizeof(vfs_builtin_types) / sizeof(*vfs_builtin_types);
/* END filesystems */

/* BEGIN rofs root (issue 6) */
static const char *root_type, *root_source;

void vfs_set_root(const char *type, const char *source)
{
	root_type = type && strcmp(type, "ramfs") ? type : NULL;
	root_source = source;
}

/* BEGIN filesystem modules (issue 11) */
static const char *root_options;

void vfs_set_root_options(const char *data)
{
	root_options = data;
}

/* A root whose type comes from a module: loaded from the ramfs of the
 * boot filesystem, then mounted over it. */
static const char *mount_module_root(void)
{
	static char msg[256];
	char err[200];
	if (vfs_load_fstype(root_type, err, sizeof(err))) {
		snprintf(msg, sizeof(msg), "--rootfs=%s: %s", root_type, err);
		return msg;
	}
	int r = vfs_mount(root_source ? root_source : "", "/", root_type, 0,
			  root_options);
	if (r) {
		snprintf(msg, sizeof(msg),
			 "cannot mount the %s root (error %d)", root_type, -r);
		return msg;
	}
	return NULL;
}
/* END filesystem modules */

/* A mount point a read-only root lacks: skipped, said once. */
static bool missing_on_disk_root(const char *path)
{
	struct vnode *vn;

	if (!root_type || vfs_lookup(path, VFS_LOOKUP_FOLLOW, &vn) == 0) {
		if (root_type)
			vnode_release(vn);
		return false;
	}
	kprintf("osv: %s: no %s directory in the root, not mounted\n",
		root_type, path);
	return true;
}
/* END rofs root */

/* BEGIN libraries beside a disk root */
int vfs_boot_file(const char *path, const void **data, size_t *size)
{
	const struct bootfs_file *f = root_type ? bootfs_lookup(path) : NULL;
	if (!f && root_type && bootfs_error()) {
		/* not "missing": the initrd could not be read */
		kprintf("osv: initrd: %s\n", bootfs_error());
		return -ENOMEM;
	}
	if (!f || (f->mode & VFS_IFMT) != VFS_IFREG)
		return -ENOENT;
	*data = f->data;
	*size = f->size;
	return 0;
}
/* END libraries beside a disk root */

/*
 * Hard links of the archive: bootfs gives every name of a file the same
 * data, so the first file seen with some data is the one later names of
 * that data link to.  Open addressing on the data's address.
 */
struct seen {
	const void *data;
	struct vnode *vn; /* referenced until the fill ends */
};

struct fill {
	int err;
	const char *path;
	struct seen *seen;
	size_t cap, used;
};

static size_t slot_of(const struct fill *fill, const void *data)
{
	size_t h = ((uintptr_t)data >> 3) * 0x9e3779b97f4a7c15ULL;
	size_t i = h & (fill->cap - 1);
	while (fill->seen[i].data && fill->seen[i].data != data)
		i = (i + 1) & (fill->cap - 1);
	return i;
}

static int grow(struct fill *fill)
{
	struct fill bigger = *fill;
	bigger.cap = fill->cap ? 2 * fill->cap : 256;
	bigger.seen = heap_calloc(bigger.cap, sizeof(*bigger.seen));
	if (!bigger.seen)
		return -ENOMEM;
	for (size_t i = 0; i < fill->cap; i++)
		if (fill->seen[i].data)
			bigger.seen[slot_of(&bigger, fill->seen[i].data)] =
			    fill->seen[i];
	heap_free(fill->seen);
	*fill = bigger;
	return 0;
}

static struct vnode *linked(struct fill *fill, const void *data)
{
	if (!fill->cap)
		return NULL;
	return fill->seen[slot_of(fill, data)].vn;
}

static int remember(struct fill *fill, const void *data, struct vnode *vn)
{
	if (2 * (fill->used + 1) > fill->cap && grow(fill))
		return -ENOMEM;
	struct seen *s = &fill->seen[slot_of(fill, data)];
	s->data = data;
	s->vn = vn;
	fill->used++;
	return 0;
}

static void forget_all(struct fill *fill)
{
	for (size_t i = 0; i < fill->cap; i++)
		vnode_release(fill->seen[i].vn);
	heap_free(fill->seen);
}

/* The directory that will hold path's last component, referenced. */
static int parent_of(const char *path, const char **name, size_t *len,
		     struct vnode **out)
{
	struct vnode *dir = vfs_get_root();
	const char *p = path;
	for (;;) {
		while (*p == '/')
			p++;
		const char *end = strchr(p, '/');
		if (!end) {
			*name = p;
			*len = strlen(p);
			*out = dir;
			return 0;
		}
		struct vnode *next;
		int r = dir->ops->lookup(dir, p, (size_t)(end - p), &next);
		vnode_release(dir);
		if (r)
			return r;
		if (next->type != VFS_IFDIR) {
			vnode_release(next);
			return -ENOTDIR;
		}
		dir = next;
		p = end;
	}
}

static void add_file(const struct bootfs_file *f, void *arg)
{
	struct fill *fill = arg;
	if (fill->err || strcmp(f->path, "/") == 0)
		return;
	uint32_t type = f->mode & VFS_IFMT;
	if (type != VFS_IFDIR && type != VFS_IFREG && type != VFS_IFLNK)
		return; /* devices and fifos of an initrd: devfs has ours */
	const char *name = NULL;
	size_t len = 0;
	struct vnode *dir = NULL;
	int r = parent_of(f->path, &name, &len, &dir);
	bool links = type == VFS_IFREG && f->size > 0;
	struct vnode *first = links ? linked(fill, f->data) : NULL;
	if (r == 0 && first)
		r = dir->ops->link(dir, name, len, first);
	else if (r == 0) {
		struct vnode *vn;
		r = ramfs_add(dir, name, len, f->mode, f->data, f->size, &vn);
		if (r == 0 && (!links || remember(fill, f->data, vn)))
			vnode_release(vn); /* or the table failed: r stays 0 */
	}
	if (dir)
		vnode_release(dir);
	if (r) {
		fill->err = r;
		fill->path = f->path;
	}
}

static int ensure_dir(const char *path, unsigned mode)
{
	struct vnode *vn;
	int r = vfs_lookup(path, VFS_LOOKUP_FOLLOW, &vn);
	if (r == 0) {
		r = vn->type == VFS_IFDIR ? 0 : -ENOTDIR;
		vnode_release(vn);
		return r;
	}
	r = fs_mkdirat(AT_FDCWD, path, mode);
	return r ? r : fs_fchmodat(AT_FDCWD, path, mode, 0); /* no umask */
}

/*
 * The usual case, a ramfs root without that directory: makes it and
 * mounts there directly, sparing the boot the code of path lookup,
 * mkdir, chmod, the type's lookup by name, the checks for mounts on a
 * directory that cannot have any and of finding a directory's path
 * (translating code run once is most of a boot under an emulator).
 * 1 when the root has an entry of that name (the general path then
 * handles it: a directory, a symlink to follow, or an error), else 0
 * or an error.
 */
static int mount_in_ramfs_root(struct vfs_fstype *type, const char *path,
			       unsigned mode)
{
	/* Not referenced: nothing replaces the root during the boot. */
	struct vnode *root = vfs_root, *dir;
	if (root->mount->type != &ramfs_type)
		return 1;
	const char *name = path + 1; /* path: "/name" */
	/* without an initrd, the root holds only the boot's directories */
	int r = ramfs_new_dir(root, name, strlen(name), mode,
			      !bootfs_has_archive(), &dir);
	if (r == -EEXIST)
		return 1;
	return r ? r : vfs_boot_mount(type, type->name, dir, path);
}

static const char *mount_at(struct vfs_fstype *type, const char *path,
			    unsigned mode)
{
	static char msg[128];
	if (missing_on_disk_root(path)) /* rofs root (issue 6) */
		return NULL;
	int r = mount_in_ramfs_root(type, path, mode);
	if (r == 1) {
		r = ensure_dir(path, mode);
		if (r == 0)
			r = vfs_mount(type->name, path, type->name, 0, NULL);
	}
	if (r == 0)
		return NULL;
	snprintf(msg, sizeof(msg), "cannot mount %s at %s (error %d)",
		 type->name, path, -r);
	return msg;
}

/* BEGIN initrd fill */
/* An entry straight from the archive (no hard links, parents maybe
 * missing: ramfs_add_path makes them). */
static void add_entry(const struct bootfs_file *f, void *arg)
{
	struct fill *fill = arg;
	if (fill->err)
		return;
	int r = ramfs_add_path(vfs_root, f->path, f->mode, f->data, f->size);
	if (r) {
		static char path[VFS_PATH_MAX]; /* f->path is the next's */
		snprintf(path, sizeof(path), "%s", f->path);
		fill->err = r;
		fill->path = path;
	}
}
/* END initrd fill */

/* The ramfs root filled from the boot filesystem; NULL or an error. */
static const char *fill_root(void)
{
	static char msg[VFS_PATH_MAX + 64];
	struct fill fill = {0};
	/* BEGIN initrd fill */
	if (!bootfs_for_each_entry(add_entry, &fill))
		bootfs_for_each(add_file, &fill);
	/* END initrd fill */
	forget_all(&fill);
	if (bootfs_error()) { /* the tree is shut: nothing was added */
		snprintf(msg, sizeof(msg), "initrd: %s", bootfs_error());
		return msg;
	}
	if (fill.err) {
		snprintf(msg, sizeof(msg), "initrd: cannot add %s (error %d)",
			 fill.path, -fill.err);
		return msg;
	}
	/* BEGIN initrd release */
	if (!root_type) /* else a module and libraries may come from it */
		bootfs_release();
	/* END initrd release */
	return NULL;
}

const char *vfs_init(void)
{
	static char msg[VFS_PATH_MAX + 64];
	const char *err = NULL;
	/* BEGIN rofs root (issue 6) */
	struct vfs_fstype *disk_type =
	    root_type ? vfs_find_fstype(root_type) : NULL;
	if (disk_type) { /* else a module's */
		int r =
		    vfs_mount_root(disk_type, root_source ? root_source : "",
				   VFS_MNT_RDONLY, NULL);
		if (r) {
			snprintf(msg, sizeof(msg),
				 "cannot mount the %s root (error %d)",
				 root_type, -r);
			return msg;
		}
		goto mounts;
	}
	/* END rofs root */
	int r = vfs_boot_mount(&ramfs_type, "rootfs", NULL, "/");
	if (r)
		return "cannot mount the root";
	err = bootfs_has_archive() ? fill_root() : NULL;
	/* BEGIN filesystem modules (issue 11) */
	if (!err && root_type)
		err = mount_module_root();
	/* END filesystem modules */
	if (err)
		return err;
mounts:;
	/* A table, not a call per mount: the boot translates one loop. */
	static const struct {
		struct vfs_fstype *type;
		const char *path;
		unsigned mode;
	} boot_mounts[] = {
		{&devfs_type, "/dev", 0755},
#if CONF_procfs
		{&procfs_type, "/proc", 0555},
#endif
		{&ramfs_type, "/tmp", 01777},
	};
	for (size_t i = 0;
	     !err && i < sizeof(boot_mounts) / sizeof(*boot_mounts); i++)
		err = mount_at(boot_mounts[i].type, boot_mounts[i].path,
			       boot_mounts[i].mode);
	return err;
}
