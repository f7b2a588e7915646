/*
 * The 9p filesystem's vnode operations (p9fs.h): each becomes one or
 * a few 9P requests on the mount's session.  The VFS serialises a
 * mount's operations (no VFS_FS_OWN_LOCKING), which serialises the
 * session; open and close, which it calls unlocked, lock for
 * themselves.  Nothing is cached but a directory's last listing (and
 * the pages of shared mappings, which are the VFS's): every read, write
 * and stat goes to the host, so the guest and the host see each other's
 * changes at once.
 *
 * Only regular files and directories are opened on the host: a host
 * FIFO, socket or device has its type in stat and listings, but open
 * is -ENXIO (see p9fs_open).
 */
#include <errno.h>
#include <fcntl.h>
#include <string.h>

#include "mm.h"
#include "p9fs.h"
#include "vfs_impl.h"

#define AT_REMOVEDIR_9P 0x200
#define DIR_CHUNK 4096 /* bytes of entries a listing request asks */

static const struct vnode_ops p9fs_ops;

static struct p9fs_node *node_of(struct vnode *vn)
{
	return (struct p9fs_node *)vn;
}

struct p9fs_node *p9fs_node_new(struct vfs_mount *mnt, uint32_t fid,
				uint32_t type, uint64_t ino)
{
	struct p9fs_node *n = heap_calloc(1, sizeof(*n));
	if (!n)
		return NULL;
	n->fid = fid;
	n->old.fid = n->io_fid = P9_NOFID;
	vnode_init(&n->vn, mnt, &p9fs_ops, type, ino, n);
	return n;
}

/*
 * call, a request that names n by its walked fid (n->fid), made once
 * more by n's other name when the first is gone (p9fs_node_other_name):
 * a hard link's name looked up last may be unlinked while a holder that
 * found n by the other lives on.  Every such request goes through here.
 */
#define BY_NAME(n, call)                                                       \
	({                                                                     \
		long rc_ = (call);                                             \
		if (p9fs_node_other_name((n), (int)rc_))                       \
			rc_ = (call);                                          \
		rc_;                                                           \
	})

static void drop_io(struct p9fs_node *n)
{
	if (n->io_fid != P9_NOFID)
		p9_clunk(p9fs_client(&n->vn), n->io_fid);
	n->io_fid = P9_NOFID;
	n->io_mode = 0;
}

static uint32_t open_flags(uint8_t mode)
{
	return mode == (P9FS_READ | P9FS_WRITE) ? O_RDWR
	       : mode == P9FS_WRITE		? O_WRONLY
						: O_RDONLY;
}

/*
 * A clone of n's fid opened for mode; the new fid in *fid.  -ESTALE
 * when the name n's fid walked now holds another file (the host
 * replaced it): that file is not n's to open.
 */
static int open_fid(struct p9fs_node *n, uint8_t mode, uint32_t *fid)
{
	struct p9_client *c = p9fs_client(&n->vn);
	struct p9_qid qid;
	*fid = p9_new_fid(c);
	int rc = p9_walk(c, n->fid, *fid, NULL, 0, &qid);
	if (rc)
		return rc;
	rc = p9_lopen(c, *fid, open_flags(mode), &qid);
	if (rc == 0 && qid.path != n->vn.ino)
		rc = -ESTALE;
	if (rc)
		p9_clunk(c, *fid);
	return rc;
}

/*
 * Makes io_fid allow need: reopened with what it allowed and need
 * (else with need alone, as the host's permissions may allow one
 * access and not both).
 */
static int need_io(struct p9fs_node *n, uint8_t need)
{
	uint32_t type = n->vn.type;
	if (type != VFS_IFREG && type != VFS_IFDIR)
		return -ENXIO; /* not opened on the host: see p9fs_open */
	if ((n->io_mode & need) == need)
		return 0;
	uint8_t mode = n->io_mode | need;
	uint32_t fid;
	int rc = BY_NAME(n, open_fid(n, mode, &fid));
	if (rc && mode != need) {
		mode = need;
		rc = BY_NAME(n, open_fid(n, mode, &fid));
	}
	if (rc)
		return rc;
	drop_io(n);
	n->io_fid = fid;
	n->io_mode = mode;
	return 0;
}

/*
 * The fid that names n in attribute requests: the opened one when there
 * is one, since the server then works on its open file (fstat,
 * ftruncate), which outlives the name (an open file unlinked); the
 * walked one, which names a path, otherwise.  write: for a change of
 * size, which an open file allows only when opened for writing.
 */
static uint32_t attr_fid(struct p9fs_node *n, bool write)
{
	bool opened = n->io_fid != P9_NOFID;
	return opened && (!write || (n->io_mode & P9FS_WRITE)) ? n->io_fid
							       : n->fid;
}

/* ---- names ---- */

/* dir changed: its cached listing is stale; returns rc. */
static int changed(struct vnode *dir, int rc)
{
	node_of(dir)->dir_len = 0;
	return rc;
}

/* The node of dir's child name (type: as p9fs_node_get's). */
static int walk_node(struct vnode *dir, const char *name, size_t len,
		     uint32_t type, struct vnode **out)
{
	struct p9_client *c = p9fs_client(dir);
	struct p9_qid qid;
	uint32_t fid = p9_new_fid(c);
	int rc = p9_walk(c, node_of(dir)->fid, fid, name, len, &qid);
	return rc ? rc
		  : p9fs_node_get(dir->mount, fid, &qid, type,
				  p9fs_name_key(dir->ino, name, len), out);
}

static int p9fs_lookup(struct vnode *dir, const char *name, size_t len,
		       struct vnode **out)
{
	return walk_node(dir, name, len, 0, out);
}

/*
 * The new file is opened read-write by the create, which io_fid keeps.
 * A live node of its number is a file gone on the host, whose number
 * the new one reuses: it becomes the new file's.
 */
static int p9fs_create(struct vnode *dir, const char *name, size_t len,
		       uint32_t mode, struct vnode **out)
{
	struct p9_client *c = p9fs_client(dir);
	struct p9_qid qid;
	uint32_t io_fid = p9_new_fid(c);
	int rc = p9_walk(c, node_of(dir)->fid, io_fid, NULL, 0, &qid);
	if (rc)
		return rc;
	rc = p9_lcreate(c, io_fid, name, len, O_RDWR | O_EXCL, mode, &qid);
	if (rc == 0)
		rc = walk_node(dir, name, len, VFS_IFREG, out);
	if (rc) {
		p9_clunk(c, io_fid);
		return rc;
	}
	struct p9fs_node *n = node_of(*out);
	drop_io(n);
	n->io_fid = io_fid;
	n->io_mode = P9FS_READ | P9FS_WRITE;
	return changed(dir, 0);
}

static int p9fs_mkdir(struct vnode *dir, const char *name, size_t len,
		      uint32_t mode)
{
	return changed(dir, p9_mkdir(p9fs_client(dir), node_of(dir)->fid, name,
				     len, mode));
}

static int p9fs_symlink(struct vnode *dir, const char *name, size_t len,
			const char *target)
{
	return changed(dir, p9_symlink(p9fs_client(dir), node_of(dir)->fid,
				       name, len, target));
}

static int p9fs_link(struct vnode *dir, const char *name, size_t len,
		     struct vnode *vn)
{
	struct p9fs_node *n = node_of(vn);
	return changed(dir,
		       BY_NAME(n, p9_link(p9fs_client(dir), node_of(dir)->fid,
					  n->fid, name, len)));
}

static int p9fs_unlink(struct vnode *dir, const char *name, size_t len)
{
	return changed(dir, p9_unlinkat(p9fs_client(dir), node_of(dir)->fid,
					name, len, 0));
}

static int p9fs_rmdir(struct vnode *dir, const char *name, size_t len)
{
	return changed(dir, p9_unlinkat(p9fs_client(dir), node_of(dir)->fid,
					name, len, AT_REMOVEDIR_9P));
}

static int p9fs_rename(struct vnode *olddir, const char *oldname, size_t oldlen,
		       struct vnode *newdir, const char *newname, size_t newlen)
{
	changed(newdir, 0);
	return changed(olddir,
		       p9_renameat(p9fs_client(olddir), node_of(olddir)->fid,
				   oldname, oldlen, node_of(newdir)->fid,
				   newname, newlen));
}

static long p9fs_readlink(struct vnode *vn, char *buf, size_t len)
{
	struct p9fs_node *n = node_of(vn);
	return BY_NAME(n, p9_readlink(p9fs_client(vn), n->fid, buf, len));
}

/* ---- listings ---- */

/* Fills out from the entry at *at of the cached listing; its offset. */
static bool parse_entry(struct p9fs_node *n, uint32_t *at,
			struct vfs_dirent *out, uint64_t *next)
{
	struct p9_buf b = {n->dir_buf, n->dir_len, *at, false};
	struct p9_qid qid;
	uint16_t len;
	p9_get_qid(&b, &qid);
	*next = p9_get64(&b);
	uint8_t dt = p9_get8(&b);
	const char *name = p9_get_str(&b, &len);
	/* a next offset of 0 would start the listing over, endlessly */
	if (!name || len > VFS_NAME_MAX || !*next)
		return false;
	out->ino = qid.path;
	out->type = (uint32_t)dt << 12; /* DT_* is S_IF* >> 12 */
	out->namelen = len;
	memcpy(out->name, name, len);
	out->name[len] = '\0';
	*at = b.pos;
	return true;
}

/* The entry at cookie from the cached listing: 1, or 0 when not there. */
static int cached_entry(struct p9fs_node *n, uint64_t *cookie,
			struct vfs_dirent *out)
{
	uint64_t pos = n->dir_from, next;
	uint32_t at = 0;
	while (at < n->dir_len && parse_entry(n, &at, out, &next)) {
		if (pos == *cookie) {
			*cookie = next;
			return 1;
		}
		pos = next;
	}
	return 0;
}

/*
 * Cookies are the server's offsets (0: the start).  A listing from the
 * start asks the server again, so that it sees the host's changes; the
 * entries that follow come from its replies.
 */
static int p9fs_readdir(struct vnode *dir, uint64_t *cookie,
			struct vfs_dirent *out)
{
	struct p9fs_node *n = node_of(dir);
	if (*cookie && n->dir_buf && cached_entry(n, cookie, out))
		return 1;
	int rc = need_io(n, P9FS_READ);
	if (!n->dir_buf && !(n->dir_buf = heap_alloc(DIR_CHUNK)))
		rc = -ENOMEM;
	if (rc)
		return rc;
	const void *data;
	long len =
	    p9_readdir(p9fs_client(dir), n->io_fid, *cookie, DIR_CHUNK, &data);
	n->dir_len = 0;
	if (len <= 0)
		return (int)len;
	memcpy(n->dir_buf, data, (size_t)len);
	n->dir_len = (uint32_t)len;
	n->dir_from = *cookie;
	return cached_entry(n, cookie, out) ? 1 : -EIO;
}

/* ---- data ---- */

static long p9fs_read(struct vnode *vn, void *buf, size_t len, uint64_t off,
		      int ioflags)
{
	(void)ioflags;
	struct p9fs_node *n = node_of(vn);
	int rc = need_io(n, P9FS_READ);
	if (rc)
		return rc;
	size_t done = 0;
	while (done < len) {
		long got = p9_read(p9fs_client(vn), n->io_fid, off + done,
				   (char *)buf + done, len - done);
		if (got <= 0)
			return done ? (long)done : got;
		done += (size_t)got;
	}
	return (long)done;
}

static long p9fs_write(struct vnode *vn, const void *buf, size_t len,
		       uint64_t off, int ioflags)
{
	struct p9fs_node *n = node_of(vn);
	struct p9_client *c = p9fs_client(vn);
	int rc = need_io(n, P9FS_WRITE);
	if (rc)
		return rc;
	if (ioflags & VNODE_IO_APPEND) {
		struct vfs_attr attr;
		if ((rc = p9_getattr(c, attr_fid(n, false), &attr)))
			return rc;
		off = attr.size;
	}
	size_t done = 0;
	while (done < len) {
		long put = p9_write(c, n->io_fid, off + done,
				    (const char *)buf + done, len - done);
		if (put <= 0)
			return done ? (long)done : put ? put : -EIO;
		done += (size_t)put;
	}
	return (long)done;
}

static int p9fs_truncate(struct vnode *vn, uint64_t size)
{
	struct p9fs_node *n = node_of(vn);
	return BY_NAME(n, p9_setattr(p9fs_client(vn), attr_fid(n, true),
				     P9_SETATTR_SIZE, NULL, size));
}

static int p9fs_fsync(struct vnode *vn)
{
	struct p9fs_node *n = node_of(vn);
	/* without an opened fid, the writes went to the host already */
	if (n->io_fid == P9_NOFID)
		return 0;
	return p9_fsync(p9fs_client(vn), n->io_fid);
}

/* ---- attributes ---- */

/* -ESTALE when vn's name now holds another file (see open_fid). */
static int p9fs_getattr(struct vnode *vn, struct vfs_attr *attr)
{
	struct p9fs_node *n = node_of(vn);
	int rc =
	    BY_NAME(n, p9_getattr(p9fs_client(vn), attr_fid(n, false), attr));
	return rc == 0 && attr->ino != vn->ino ? -ESTALE : rc;
}

static int p9fs_setattr(struct vnode *vn, const struct vfs_attr *attr,
			unsigned mask)
{
	uint32_t valid = 0;
	if (mask & VFS_ATTR_MODE)
		valid |= P9_SETATTR_MODE;
	if (mask & VFS_ATTR_UID)
		valid |= P9_SETATTR_UID;
	if (mask & VFS_ATTR_GID)
		valid |= P9_SETATTR_GID;
	if (mask & VFS_ATTR_ATIME)
		valid |= P9_SETATTR_ATIME | P9_SETATTR_ATIME_SET;
	if (mask & VFS_ATTR_MTIME)
		valid |= P9_SETATTR_MTIME | P9_SETATTR_MTIME_SET;
	if (mask & VFS_ATTR_CTIME)
		valid |= P9_SETATTR_CTIME;
	struct p9fs_node *n = node_of(vn);
	return BY_NAME(
	    n, p9_setattr(p9fs_client(vn), attr_fid(n, false), valid, attr, 0));
}

/* ---- open files and the vnode's life ---- */

/*
 * Opens the file on the host now, so that what the host refuses (its
 * permissions) fails the open() with its errno, as on Linux.
 *
 * A host FIFO, socket or device is -ENXIO: what Linux's open gives
 * for a device with no driver and for a socket.  (Linux's v9fs opens a
 * FIFO as a pipe of the guest's own, unconnected to the host's FIFO;
 * reading the host's through the server would block its worker and
 * read a device's bytes as a file's, so neither is done here.)
 */
static int p9fs_open(struct vnode *vn, int flags)
{
	int acc = flags & O_ACCMODE;
	uint8_t need = acc == O_RDONLY	 ? P9FS_READ
		       : acc == O_WRONLY ? P9FS_WRITE
					 : P9FS_READ | P9FS_WRITE;
	struct p9fs_node *n = node_of(vn);
	vfs_lock(vn);
	int rc = need_io(n, need);
	if (rc == 0)
		n->opens++;
	vfs_unlock(vn);
	return rc;
}

/*
 * The last open file closed: the opened fid goes (clunk on close),
 * unless the file was mapped: then it stays until the vnode goes, as a
 * mapping keeps its file open on Linux, so that the mapping's
 * writebacks reach the file even when its name is gone meanwhile.
 */
static void p9fs_close(struct vnode *vn, int flags)
{
	(void)flags;
	struct p9fs_node *n = node_of(vn);
	vfs_lock(vn);
	bool mapped = __atomic_load_n(&vn->pages, __ATOMIC_ACQUIRE);
	if (n->opens && --n->opens == 0 && !mapped)
		drop_io(n);
	vfs_unlock(vn);
}

static void p9fs_inactive(struct vnode *vn)
{
	struct p9fs_node *n = node_of(vn);
	p9fs_node_forget(n);
	drop_io(n);
	p9_clunk(p9fs_client(vn), n->fid);
	if (n->old.fid != P9_NOFID)
		p9_clunk(p9fs_client(vn), n->old.fid);
	heap_free(n->dir_buf);
	heap_free(n);
}

static const struct vnode_ops p9fs_ops = {
    .lookup = p9fs_lookup,
    .create = p9fs_create,
    .mkdir = p9fs_mkdir,
    .symlink = p9fs_symlink,
    .link = p9fs_link,
    .unlink = p9fs_unlink,
    .rmdir = p9fs_rmdir,
    .rename = p9fs_rename,
    .readdir = p9fs_readdir,
    .read = p9fs_read,
    .write = p9fs_write,
    .truncate = p9fs_truncate,
    .getattr = p9fs_getattr,
    .setattr = p9fs_setattr,
    .readlink = p9fs_readlink,
    .fsync = p9fs_fsync,
    .open = p9fs_open,
    .close = p9fs_close,
    .inactive = p9fs_inactive,
};
