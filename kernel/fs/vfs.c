/*
 * The VFS's tables: filesystem types, mounts, vnode references, and the
 * operations it calls on a filesystem's behalf with the mount's lock.
 *
 * A mount sits on a covered directory of its parent mount.  Path lookup
 * (namei.c) asks vfs_mounted_on() after every step whether the vnode it
 * reached is covered; the answer compares (mount, inode number), so a
 * filesystem may hand out a fresh vnode for each lookup.  Each mount
 * counts its live vnodes (those with references); unmounting needs that
 * count to be the root's alone.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "clock.h"
#include "image.h"
#include "mm.h"
#include "spinlock.h"
#include "vfs_impl.h"

struct vnode *vfs_root;
static struct vnode *vfs_cwd;
static struct spinlock names_lock; /* vfs_root and vfs_cwd */

static struct vfs_fstype *fstypes;
static struct vfs_mount *mounts;    /* mount order: parents first */
static struct sleeplock table_lock; /* fstypes and mounts */
static uint64_t next_minor = 1;
unsigned vfs_sync_mounts;

struct vnode *vfs_get_root(void)
{
	unsigned long flags = spin_lock(&names_lock);
	struct vnode *vn = vfs_root ? vnode_ref(vfs_root) : NULL;
	spin_unlock(&names_lock, flags);
	return vn;
}

struct vnode *vfs_get_cwd(void)
{
	unsigned long flags = spin_lock(&names_lock);
	struct vnode *vn = vfs_cwd ? vnode_ref(vfs_cwd) : NULL;
	spin_unlock(&names_lock, flags);
	return vn;
}

void vfs_set_cwd(struct vnode *vn)
{
	unsigned long flags = spin_lock(&names_lock);
	struct vnode *old = vfs_cwd;
	vfs_cwd = vn;
	spin_unlock(&names_lock, flags);
	vnode_release(old);
}

void vfs_change_root(struct vnode *vn)
{
	unsigned long flags = spin_lock(&names_lock);
	vfs_root = vn;
	spin_unlock(&names_lock, flags);
}

void vfs_lock(struct vnode *vn)
{
	if (!(vn->mount->type->flags & VFS_FS_OWN_LOCKING))
		sleep_lock(&vn->mount->lock);
}

void vfs_unlock(struct vnode *vn)
{
	if (!(vn->mount->type->flags & VFS_FS_OWN_LOCKING))
		sleep_unlock(&vn->mount->lock);
}

/* ---- Vnodes ---- */

void vnode_init(struct vnode *vn, struct vfs_mount *mnt,
		const struct vnode_ops *ops, uint32_t type, uint64_t ino,
		void *data)
{
	vn->ops = ops;
	vn->mount = mnt;
	vn->type = type & VFS_IFMT;
	vn->ino = ino;
	vn->data = data;
	vn->refs = 1;
	vn->pages = NULL;
	__atomic_add_fetch(&mnt->busy, 1, __ATOMIC_RELAXED);
}

struct vnode *vnode_ref(struct vnode *vn)
{
	if (__atomic_fetch_add(&vn->refs, 1, __ATOMIC_ACQ_REL) == 0)
		__atomic_add_fetch(&vn->mount->busy, 1, __ATOMIC_RELAXED);
	return vn;
}

void vnode_release_locked(struct vnode *vn)
{
	if (!vn || __atomic_sub_fetch(&vn->refs, 1, __ATOMIC_ACQ_REL))
		return;
	struct vfs_mount *mnt = vn->mount;
	vfs_pages_free(vn);
	if (vn->ops->inactive)
		vn->ops->inactive(vn);
	__atomic_sub_fetch(&mnt->busy, 1, __ATOMIC_RELAXED);
}

/*
 * Dropping the last reference races with a lookup that takes a new one
 * from 0 (the filesystem finds the node under the mount's lock), so the
 * last one is dropped under that lock too: inactive then sees a count
 * no lookup can raise.
 */
void vnode_release(struct vnode *vn)
{
	if (!vn)
		return;
	unsigned refs = __atomic_load_n(&vn->refs, __ATOMIC_RELAXED);
	while (refs > 1)
		if (__atomic_compare_exchange_n(&vn->refs, &refs, refs - 1,
						false, __ATOMIC_ACQ_REL,
						__ATOMIC_RELAXED))
			return;
	struct vfs_mount *mnt = vn->mount;
	bool locks = !(mnt->type->flags & VFS_FS_OWN_LOCKING);
	if (locks)
		sleep_lock(&mnt->lock);
	vnode_release_locked(vn);
	if (locks)
		sleep_unlock(&mnt->lock);
}

/* ---- Operations under the mount's lock ---- */

int vop_lookup(struct vnode *dir, const char *name, size_t len,
	       struct vnode **out)
{
	if (!dir->ops->lookup)
		return -ENOTDIR;
	vfs_lock(dir);
	int r = dir->ops->lookup(dir, name, len, out);
	vfs_unlock(dir);
	return r;
}

long vop_readlink(struct vnode *vn, char *buf, size_t len)
{
	if (vn->type != VFS_IFLNK || !vn->ops->readlink)
		return -EINVAL;
	vfs_lock(vn);
	long r = vn->ops->readlink(vn, buf, len);
	vfs_unlock(vn);
	return r;
}

/* BEGIN attributes without the wall clock */
/* getattr with ramfs's and devfs's boot-time stamps still pending. */
static int getattr_pending(struct vnode *vn, struct vfs_attr *attr)
{
	memset(attr, 0, sizeof(*attr));
	int r = 0;
	if (vn->ops->getattr) {
		vfs_lock(vn);
		r = vn->ops->getattr(vn, attr);
		vfs_unlock(vn);
	}
	if (r)
		return r;
	attr->mode = (attr->mode & ~VFS_IFMT) | vn->type;
	attr->ino = vn->ino;
	attr->dev = vn->mount->dev;
	if (!attr->blksize)
		attr->blksize = 4096;
	return 0;
}

int vop_getattr(struct vnode *vn, struct vfs_attr *attr)
{
	int r = getattr_pending(vn, attr);
	if (r)
		return r;
	/* The stamps wait for the wall clock: resolving them reads it. */
	struct timespec *stamps[] = {&attr->atime, &attr->mtime, &attr->ctime,
				     &attr->btime};
	for (size_t i = 0; i < sizeof(stamps) / sizeof(*stamps); i++)
		clock_stamp_resolve(stamps[i]);
	return 0;
}

int vfs_getattr(struct vnode *vn, struct vfs_attr *attr)
{
	return vop_getattr(vn, attr);
}

int vfs_getattr_untimed(struct vnode *vn, struct vfs_attr *attr)
{
	int r = getattr_pending(vn, attr);
	/* No pending stamp leaves the VFS (clock.h). */
	attr->atime = attr->mtime = attr->ctime = attr->btime =
	    (struct timespec){0, 0};
	return r;
}
/* END attributes without the wall clock */

long vfs_read_io(struct vnode *vn, void *buf, size_t len, uint64_t off,
		 int ioflags)
{
	if (vn->type == VFS_IFDIR)
		return -EISDIR;
	if (!vn->ops->read)
		return -EINVAL;
	vfs_lock(vn);
	/* read() sees the stores made through shared mappings */
	vfs_pages_flush(vn, off, len);
	long r = vn->ops->read(vn, buf, len, off, ioflags);
	vfs_unlock(vn);
	return r;
}

long vfs_read(struct vnode *vn, void *buf, size_t len, uint64_t off)
{
	return vfs_read_io(vn, buf, len, off, 0);
}

int vfs_direct(struct vnode *vn, uint64_t off, size_t len, const void **data)
{
	if (!vn->ops->direct)
		return -EOPNOTSUPP;
	vfs_lock(vn);
	int r = vn->ops->direct(vn, off, len, data);
	vfs_unlock(vn);
	return r;
}

int vfs_lookup(const char *path, int flags, struct vnode **out)
{
	struct nameidata nd;
	int r = namei(NULL, path, flags & VFS_LOOKUP_FOLLOW ? NAMEI_FOLLOW : 0,
		      &nd);
	if (r == 0)
		*out = nd.vn;
	return r;
}

uint64_t vfs_new_dev(void)
{
	uint64_t minor = __atomic_fetch_add(&next_minor, 1, __ATOMIC_RELAXED);
	/* glibc's makedev(0, minor) */
	return (minor & 0xff) | ((minor & ~0xffULL) << 12);
}

/* ---- Filesystem types ---- */

static struct vfs_fstype *find_type_locked(const char *name)
{
	for (struct vfs_fstype *t = fstypes; t; t = t->next)
		if (strcmp(t->name, name) == 0)
			return t;
	for (size_t i = 0; i < vfs_builtin_count; i++)
		if (strcmp(vfs_builtin_types[i]->name, name) == 0)
			return vfs_builtin_types[i];
	return NULL;
}

struct vfs_fstype *vfs_find_fstype(const char *name)
{
	sleep_lock(&table_lock);
	struct vfs_fstype *t = find_type_locked(name);
	sleep_unlock(&table_lock);
	return t;
}

int vfs_register_fstype(struct vfs_fstype *type)
{
	int r = 0;
	sleep_lock(&table_lock);
	if (!type->name[0] || !type->mount)
		r = -EINVAL;
	else if (find_type_locked(type->name))
		r = -EEXIST;
	else {
		type->next = fstypes;
		fstypes = type;
	}
	sleep_unlock(&table_lock);
	return r;
}

/*
 * VFS_FS_ONCE mounts under way, linked by next (table_lock): the claim
 * of their type, taken with the check that no mount of it exists, so
 * that of two mounts racing the second fails (-EBUSY) instead of
 * running the type's mount over the first's nodes.  A mount leaves it
 * for the table, or for nothing if it fails.
 */
static struct vfs_mount *claims;

/* Whether a mount of type is in the table or under way; table_lock held. */
static bool type_mounted(const struct vfs_fstype *type)
{
	for (struct vfs_mount *m = mounts; m; m = m->next)
		if (m->type == type)
			return true;
	for (struct vfs_mount *m = claims; m; m = m->next)
		if (m->type == type)
			return true;
	return false;
}

/* Takes mnt off the claims (if it is there); table_lock held. */
static void unclaim_locked(struct vfs_mount *mnt)
{
	for (struct vfs_mount **p = &claims; *p; p = &(*p)->next)
		if (*p == mnt) {
			*p = mnt->next;
			mnt->next = NULL;
			return;
		}
}

int vfs_unregister_fstype(struct vfs_fstype *type)
{
	int r = -ENOENT;
	for (size_t i = 0; i < vfs_builtin_count; i++)
		if (vfs_builtin_types[i] == type)
			return -EBUSY; /* the kernel's own */
	sleep_lock(&table_lock);
	if (type_mounted(type)) {
		sleep_unlock(&table_lock);
		return -EBUSY;
	}
	for (struct vfs_fstype **p = &fstypes; *p; p = &(*p)->next)
		if (*p == type) {
			*p = type->next;
			r = 0;
			break;
		}
	sleep_unlock(&table_lock);
	return r;
}

/* ---- Mounts ---- */

struct vfs_mount *vfs_mounted_on(const struct vnode *vn)
{
	if (vn->type != VFS_IFDIR)
		return NULL;
	struct vfs_mount *found = NULL;
	sleep_lock(&table_lock);
	for (struct vfs_mount *m = mounts; m; m = m->next)
		if (m->covered && vfs_same(m->covered, vn))
			found = m;
	sleep_unlock(&table_lock);
	return found;
}

static bool is_mount_root(const struct vnode *vn)
{
	return vfs_same(vn, vn->mount->root);
}

static int mount_root(struct vfs_mount *mnt)
{
	if (vfs_root)
		return -EBUSY;
	unsigned long flags = spin_lock(&names_lock);
	vfs_root = vnode_ref(mnt->root);
	vfs_cwd = vnode_ref(mnt->root);
	spin_unlock(&names_lock, flags);
	mnt->path = "/";
	return 0;
}

static int mount_on(struct vfs_mount *mnt, const char *target)
{
	struct nameidata nd;
	int r = namei(NULL, target, NAMEI_FOLLOW, &nd);
	if (r)
		return r;
	if (nd.vn->type != VFS_IFDIR)
		r = -ENOTDIR;
	else if (vfs_same(nd.vn, vfs_root) && !vfs_mounted_on(nd.vn))
		r = 0; /* a new root over the old: see replace_root() */
	else if (is_mount_root(nd.vn) || vfs_mounted_on(nd.vn))
		r = -EBUSY;
	else if (!(mnt->path_buf = heap_alloc(VFS_PATH_MAX)))
		r = -ENOMEM;
	else if ((r = vfs_path_of(nd.vn, mnt->path_buf, VFS_PATH_MAX)) == 0) {
		/* the path only: a mount is often kept for the kernel's life */
		char *fit =
		    heap_realloc(mnt->path_buf, strlen(mnt->path_buf) + 1);
		mnt->path = mnt->path_buf = fit ? fit : mnt->path_buf;
	}
	if (r) {
		namei_done(&nd);
		return r;
	}
	mnt->covered = nd.vn;
	mnt->parent = nd.vn->mount;
	return 0;
}

/*
 * A mount over the root becomes the root: lookups start there, and the
 * working directory moves with it if it was the old root.  The old tree
 * stays underneath, reachable only by descriptors already open in it.
 */
static void replace_root(struct vfs_mount *mnt)
{
	if (!mnt->covered || !vfs_same(mnt->covered, vfs_root))
		return;
	unsigned long flags = spin_lock(&names_lock);
	struct vnode *old = vfs_root, *old_cwd = NULL;
	vfs_root = vnode_ref(mnt->root);
	if (vfs_same(vfs_cwd, old)) {
		old_cwd = vfs_cwd;
		vfs_cwd = vnode_ref(mnt->root);
	}
	spin_unlock(&names_lock, flags);
	vnode_release(old_cwd);
	vnode_release(old);
	mnt->path = "/"; /* path_buf is freed with the mount */
}

static void add_mount(struct vfs_mount *mnt)
{
	sleep_lock(&table_lock);
	unclaim_locked(mnt); /* in the table in the same step */
	struct vfs_mount **p = &mounts;
	while (*p)
		p = &(*p)->next;
	*p = mnt;
	sleep_unlock(&table_lock);
}

/* the flags a mount keeps (mount(2)'s that the VFS knows) */
#define MNT_FLAGS                                                              \
	(VFS_MNT_RDONLY | VFS_MNT_NOSUID | VFS_MNT_NODEV | VFS_MNT_NOEXEC |    \
	 VFS_MNT_NOATIME)

/*
 * The boot's mounts (the root, /dev, /proc, /tmp) are in static
 * storage: from the heap, the boot would run the allocator's code only
 * for them.  A slot unmounted (or whose mount failed) is zeroed and
 * taken again by a later mount before the heap is asked.  (The default
 * boot's are data built with the kernel: see vfs_use_tree().)
 */
#define BOOT_MOUNTS 4
static struct vfs_mount boot_mounts[BOOT_MOUNTS];
static unsigned boot_mounts_used; /* a bit per slot */

static struct vfs_mount *alloc_mount(void)
{
	/* atomic: a program's threads may mount and unmount at once */
	unsigned used = __atomic_load_n(&boot_mounts_used, __ATOMIC_RELAXED);
	while (~used & ((1u << BOOT_MOUNTS) - 1)) {
		unsigned i = (unsigned)__builtin_ctz(~used);
		if (__atomic_compare_exchange_n(
			&boot_mounts_used, &used, used | 1u << i, false,
			__ATOMIC_ACQUIRE, __ATOMIC_RELAXED))
			return &boot_mounts[i];
	}
	return heap_calloc(1, sizeof(struct vfs_mount));
}

static void free_mount(struct vfs_mount *mnt)
{
	heap_free(mnt->path_buf);
	uintptr_t off = (uintptr_t)mnt - (uintptr_t)boot_mounts;
	if (off < sizeof(boot_mounts)) {
		unsigned i = (unsigned)(off / sizeof(*mnt));
		memset(mnt, 0, sizeof(*mnt)); /* as the next mount wants it */
		__atomic_and_fetch(&boot_mounts_used, ~(1u << i),
				   __ATOMIC_RELEASE);
	} else if (!image_holds(mnt)) { /* the boot's tree stays */
		heap_free(mnt);
	}
}

/*
 * A new mount of type.  The source is copied, cut to fit (no snprintf:
 * the boot's mounts would be its first formatting).
 */
static struct vfs_mount *new_mount(struct vfs_fstype *type, const char *source,
				   unsigned long flags)
{
	struct vfs_mount *mnt = alloc_mount();
	if (!mnt)
		return NULL;
	mnt->type = type;
	mnt->flags = flags & MNT_FLAGS;
	mnt->dev = vfs_new_dev();
	mnt->path = ""; /* until it is known */
	source = source ? source : type->name;
	memcpy(mnt->source, source, strnlen(source, sizeof(mnt->source) - 1));
	return mnt; /* zeroed: the copy ends with a NUL */
}

/*
 * Mounts mnt (its covered directory, if any, referenced and set): the
 * type's mount, then the tables.  Frees mnt on error.
 */
static int finish_mount(struct vfs_mount *mnt, const char *source,
			const void *data, bool is_root)
{
	int r = 0;
	bool once = mnt->type->flags & VFS_FS_ONCE;
	if (once) { /* check and claim in one step */
		sleep_lock(&table_lock);
		r = type_mounted(mnt->type) ? -EBUSY : 0;
		if (r == 0) {
			mnt->next = claims;
			claims = mnt;
		}
		sleep_unlock(&table_lock);
	}
	if (r == 0)
		r = mnt->type->mount(mnt, source, data);
	if (r == 0 && (!mnt->root || mnt->root->type != VFS_IFDIR))
		r = -EINVAL;
	if (r == 0 && is_root)
		r = mount_root(mnt);
	if (r) {
		if (once) { /* the claim goes with the mount */
			sleep_lock(&table_lock);
			unclaim_locked(mnt);
			sleep_unlock(&table_lock);
		}
		vnode_release(mnt->covered);
		free_mount(mnt);
		return r;
	}
	if (mnt->type->sync)
		__atomic_add_fetch(&vfs_sync_mounts, 1, __ATOMIC_RELAXED);
	add_mount(mnt);
	replace_root(mnt);
	return 0;
}

int vfs_mount_root(struct vfs_fstype *type, const char *source,
		   unsigned long flags, const void *data)
{
	if (vfs_root)
		return -EBUSY;
	struct vfs_mount *mnt = new_mount(type, source, flags);
	if (!mnt)
		return -ENOMEM;
	return finish_mount(mnt, source, data, true);
}

int vfs_mount(const char *source, const char *target, const char *fstype,
	      unsigned long flags, const void *data)
{
	struct vfs_fstype *type = vfs_find_fstype(fstype);
	if (!type)
		return -ENODEV;
	if (!target || !*target)
		return -ENOENT;
	if (!vfs_root && strcmp(target, "/") == 0)
		return vfs_mount_root(type, source, flags, data);
	struct vfs_mount *mnt = new_mount(type, source, flags);
	if (!mnt)
		return -ENOMEM;
	int r = mount_on(mnt, target);
	if (r) {
		free_mount(mnt);
		return r;
	}
	return finish_mount(mnt, source, data, false);
}

int vfs_boot_mount(struct vfs_fstype *type, const char *source,
		   struct vnode *dir, const char *path)
{
	struct vfs_mount *mnt = alloc_mount();
	if (!mnt) {
		vnode_release(dir);
		return -ENOMEM;
	}
	mnt->type = type;
	mnt->dev = vfs_new_dev();
	/* the boot's own strings: they fit, and last */
	strcpy(mnt->source, source);
	mnt->path = path;
	if (dir) {
		mnt->covered = dir; /* the caller's reference */
		mnt->parent = dir->mount;
	}
	int r = type->mount(mnt, source, NULL);
	if (r) {
		vnode_release(mnt->covered);
		free_mount(mnt);
		return r;
	}
	if (type->sync)
		vfs_sync_mounts++;
	/* No lock: nothing else runs yet.  The boot's mounts are the first
	 * ones, made one after the other: each goes after the last. */
	static struct vfs_mount **tail = &mounts;
	*tail = mnt;
	tail = &mnt->next;
	if (!dir) {
		vfs_root = vnode_ref(mnt->root);
		vfs_cwd = vnode_ref(mnt->root);
	}
	return 0;
}

void vfs_use_tree(void)
{
	/* No lock: nothing else runs yet, and nothing was mounted. */
	mounts = &vfs_tree_root;
	vfs_root = vfs_cwd = vfs_tree_root.root;
	next_minor = VFS_TREE_MOUNTS + 1;
}

int vfs_remount(const char *target, unsigned long flags)
{
	struct nameidata nd;
	int r = namei(NULL, target, NAMEI_FOLLOW, &nd);
	if (r)
		return r;
	struct vfs_mount *mnt = nd.vn->mount;
	if (!is_mount_root(nd.vn))
		r = -EINVAL;
	else if (!(flags & VFS_MNT_RDONLY) &&
		 (mnt->type->flags & VFS_FS_RDONLY))
		r = -EROFS;
	else {
		/*
		 * Read-only while files are open for writing is -EBUSY, as
		 * Linux.  An open counts itself a writer, then looks at the
		 * flags; this sets them, then counts: one sees the other.
		 */
		unsigned long old = mnt->flags;
		__atomic_store_n(&mnt->flags,
				 (old & ~MNT_FLAGS) | (flags & MNT_FLAGS),
				 __ATOMIC_SEQ_CST);
		if ((flags & VFS_MNT_RDONLY) && !(old & VFS_MNT_RDONLY) &&
		    __atomic_load_n(&mnt->writers, __ATOMIC_SEQ_CST)) {
			__atomic_store_n(&mnt->flags, old, __ATOMIC_SEQ_CST);
			r = -EBUSY;
		}
	}
	namei_done(&nd);
	return r;
}

int vfs_umount(const char *target, int flags)
{
	(void)flags; /* MNT_FORCE, MNT_DETACH: still -EBUSY when in use */
	struct nameidata nd;
	int r = namei(NULL, target, NAMEI_FOLLOW, &nd);
	if (r)
		return r;
	struct vfs_mount *mnt = nd.vn->mount;
	if (!is_mount_root(nd.vn)) {
		namei_done(&nd);
		return -EINVAL;
	}
	sleep_lock(&table_lock);
	/* live vnodes: the root only, held by the mount and by nd */
	if (!mnt->covered || mnt->busy != 1 || mnt->root->refs != 2)
		r = -EBUSY;
	else {
		struct vfs_mount **p = &mounts;
		while (*p != mnt)
			p = &(*p)->next;
		*p = mnt->next;
	}
	sleep_unlock(&table_lock);
	namei_done(&nd);
	if (r)
		return r;
	if (mnt->type->sync)
		__atomic_sub_fetch(&vfs_sync_mounts, 1, __ATOMIC_RELAXED);
	vfs_notify_unmount(mnt);
	vnode_release(mnt->root);
	if (mnt->type->unmount)
		mnt->type->unmount(mnt);
	vnode_release(mnt->covered);
	free_mount(mnt);
	return 0;
}

void vfs_for_each_mount(void (*fn)(const struct vfs_mount *mnt, void *arg),
			void *arg)
{
	sleep_lock(&table_lock);
	for (struct vfs_mount *m = mounts; m; m = m->next)
		fn(m, arg);
	sleep_unlock(&table_lock);
}

/* ---- Paths of vnodes ---- */

/* The name of child in dir, found by listing dir. */
static int name_in(struct vnode *dir, struct vnode *child,
		   struct vfs_dirent *de)
{
	if (!dir->ops->readdir)
		return -ENOENT;
	uint64_t cookie = 0;
	for (;;) {
		vfs_lock(dir);
		int r = dir->ops->readdir(dir, &cookie, de);
		vfs_unlock(dir);
		if (r <= 0)
			return r ? r : -ENOENT;
		if (de->ino == child->ino && strcmp(de->name, ".") &&
		    strcmp(de->name, ".."))
			return 0;
	}
}

/* Puts "/name" in front of the text that ends at buf + len. */
static int prepend(char *buf, size_t *start, const char *name)
{
	size_t n = strlen(name);
	if (n + 1 > *start)
		return -ENAMETOOLONG;
	*start -= n;
	memcpy(buf + *start, name, n);
	buf[--*start] = '/';
	return 0;
}

int vfs_path_of(struct vnode *vn, char *buf, size_t len)
{
	if (vn->type != VFS_IFDIR)
		return -ENOTDIR; /* only directories know their parent */
	struct vfs_dirent *de = heap_alloc(sizeof(*de));
	if (!de || len < 2) {
		heap_free(de);
		return de ? -ENAMETOOLONG : -ENOMEM;
	}
	size_t start = len - 1;
	buf[start] = 0;
	struct vnode *cur = vnode_ref(vn), *root = vfs_get_root();
	int r = 0;
	while (r == 0 && !vfs_same(cur, root)) {
		if (is_mount_root(cur) && cur->mount->covered) {
			struct vnode *up = vnode_ref(cur->mount->covered);
			vnode_release(cur);
			cur = up;
			continue;
		}
		struct vnode *parent;
		r = vop_lookup(cur, "..", 2, &parent);
		if (r)
			break;
		if (vfs_same(parent, cur))
			r = -ENOENT; /* the root of a mount not in the tree */
		else if ((r = name_in(parent, cur, de)) == 0)
			r = prepend(buf, &start, de->name);
		vnode_release(cur);
		cur = parent;
	}
	vnode_release(cur);
	vnode_release(root);
	heap_free(de);
	if (r)
		return r;
	if (start == len - 1)
		buf[--start] = '/';
	memmove(buf, buf + start, len - start);
	return 0;
}
