/*
 * The 9p filesystem (a 9P2000.L client over a p9_transport.h channel):
 * what its two files share.  p9fs_mount.c is the type (mount, statfs,
 * unmount); p9fs_vnode.c the vnode operations.
 *
 * Each vnode holds a fid walked to its file (fid), which names it in
 * requests that need no open file, and at most one opened fid (io_fid)
 * for reads, writes and listings, opened with the access the callers
 * needed so far (io_mode) and clunked when the last open file closes
 * or the vnode goes.
 */
#ifndef KERNEL_FS_P9FS_H
#define KERNEL_FS_P9FS_H

#include "p9_client.h"
#include "vfs.h"

#define P9FS_READ 1
#define P9FS_WRITE 2

struct p9fs_node {
	struct vnode vn;
	uint32_t fid;
	uint32_t io_fid;  /* P9_NOFID: none opened */
	uint8_t io_mode;  /* P9FS_READ | P9FS_WRITE: what io_fid allows */
	unsigned opens;	  /* open files of the vnode */
	uint8_t *dir_buf; /* the last listing's reply (directories) */
	uint32_t dir_len;
	uint64_t dir_from; /* the offset it was asked from */
};

/* A vnode for fid, which names a file of type qid; NULL: no memory. */
struct vnode *p9fs_node_new(struct vfs_mount *mnt, uint32_t fid,
			    const struct p9_qid *qid);

/* The session of vn's mount. */
static inline struct p9_client *p9fs_client(const struct vnode *vn)
{
	return vn->mount->data;
}

#endif
