/*
 * The 9p filesystem (a 9P2000.L client over a p9_transport.h channel):
 * what its files share.  p9fs_mount.c is the type (mount, statfs,
 * unmount); p9fs_vnode.c the vnode operations; p9fs_nodes.c the
 * mount's table of live nodes.
 *
 * A file has one vnode while it is referenced, found by the server's
 * qid.path (9P2000.L's identity of a file), so that every open of it,
 * by any of its names, shares the vnode's state (the pages of its
 * shared mappings, its opened fid).  That needs qid.path unique in the
 * export: a server that gives the bare host inode number (QEMU's
 * -fsdev local without multidevs=remap, which osv-run sets) may give
 * files of different host filesystems one qid.path, and they then
 * share one vnode, reads and writes of one reaching the other.  The
 * last reference takes it out of the table.  Each vnode holds a fid
 * walked to its file (fid), which names it in requests that need no
 * open file, and at most one opened fid (io_fid) for reads, writes and
 * listings, opened with the access the callers needed so far (io_mode)
 * and clunked when the last open file closes or the vnode goes.
 *
 * Locking: the table and the nodes' fields are under the mount's lock
 * (the VFS holds it for lookup, create and inactive; open and close
 * take it).
 */
#ifndef KERNEL_FS_P9FS_H
#define KERNEL_FS_P9FS_H

#include "p9_client.h"
#include "vfs.h"

#define P9FS_READ 1
#define P9FS_WRITE 2
#define P9FS_BUCKETS 32

/* A fid walked to a node's file, and the name it was walked by. */
struct p9fs_name {
	uint32_t fid;
	uint64_t key; /* p9fs_name_key */
};

struct p9fs_node {
	struct vnode vn;	/* vn.ino: the file's qid.path */
	struct p9fs_node *next; /* in its bucket of the mount's table */
	bool hashed;		/* in the table (not a file replaced since) */
	uint32_t fid;
	uint64_t key;	      /* the name fid was walked by (p9fs_name_key) */
	struct p9fs_name old; /* the name it replaced (fid P9_NOFID: none) */
	uint32_t io_fid;      /* P9_NOFID: none opened */
	uint8_t io_mode;      /* P9FS_READ | P9FS_WRITE: what io_fid allows */
	unsigned opens;	      /* open files of the vnode */
	uint8_t *dir_buf;     /* the last listing's reply (directories) */
	uint32_t dir_len;
	uint64_t dir_from; /* the offset it was asked from */
};

/* A mount's data: its session and its live nodes by qid.path. */
struct p9fs_mount {
	struct p9_client client;
	struct p9fs_node *nodes[P9FS_BUCKETS];
};

/*
 * The node of the file qid names, referenced, taking over fid, walked
 * to it by the name key (p9fs_name_key).  A node keeps the fids of its
 * last two distinct names, the newest first: a name may be gone (a hard
 * link's other name unlinked) while a holder that found the node by the
 * other one lives on.  A fid walked by a name the node already has
 * replaces that name's fid; another name's pushes out the older of the
 * two.  (A name that a rename moved keeps its old key: it only costs a
 * third name's slot.)  type: VFS_IF* when the caller knows it, 0 to
 * learn it (the qid tells directories and symlinks; other files cost a
 * getattr, as FIFOs, sockets and devices are files to the qid).  A node
 * of the number whose type differs is a file the host replaced (its
 * inode number reused): it leaves the table.  On failure fid is
 * clunked.
 */
int p9fs_node_get(struct vfs_mount *mnt, uint32_t fid, const struct p9_qid *qid,
		  uint32_t type, uint64_t key, struct vnode **out);
/*
 * Which name a walk used: a 64-bit hash of the directory's qid.path
 * and the name (two names of one file hashing alike would only cost
 * the older name's fid).
 */
uint64_t p9fs_name_key(uint64_t dir, const char *name, size_t len);
/*
 * rc, of a request through n->fid, says whether that name is gone
 * (-ENOENT) while n's other name (old) still names n's file (a
 * getattr): then the two swap, and the request is worth trying again
 * (p9fs_vnode.c's BY_NAME).
 */
bool p9fs_node_other_name(struct p9fs_node *n, int rc);
/* Takes n out of the table (its last reference went). */
void p9fs_node_forget(struct p9fs_node *n);

/* A new vnode of type for fid, not in the table; NULL: no memory. */
struct p9fs_node *p9fs_node_new(struct vfs_mount *mnt, uint32_t fid,
				uint32_t type, uint64_t ino);

static inline struct p9fs_mount *p9fs_mount_of(const struct vnode *vn)
{
	return vn->mount->data;
}

/* The session of vn's mount. */
static inline struct p9_client *p9fs_client(const struct vnode *vn)
{
	return &p9fs_mount_of(vn)->client;
}

#endif
